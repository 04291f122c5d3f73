// A page that renders Mermaid charts with the mermaid package, the way GitHub renders a ```mermaid block, and writes
// what it measured (axis labels' boxes, lines' colours, the accessible title and description) into the page.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { runChromium } from "./chromium";

/** GitHub's two page backgrounds and the Mermaid theme it renders with on each. */
export const THEMES = {
  light: { mermaidTheme: "default", background: "#ffffff" },
  dark: { mermaidTheme: "dark", background: "#0d1117" },
} as const;
export type ThemeName = keyof typeof THEMES;

export interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** What the browser saw of one chart. */
export interface RenderedChart {
  error?: string;
  xLabels: Box[];
  /** The stroke colour of each line, in drawing order. */
  lineColors: string[];
  /** The chart's own background fill ("" or "transparent" when the page shows through). */
  chartBackground: string;
  /** The text colours of the title and the axes' labels and titles. */
  textColors: string[];
  accTitle: string;
  accDescr: string;
}

const MERMAID = path.join(__dirname, "..", "node_modules", "mermaid", "dist", "mermaid.min.js");

/** The page's HTML: every chart rendered in one theme, the measurements written as base64 JSON into #result. */
export function chartPageHtml(charts: string[], theme: ThemeName): string {
  const { mermaidTheme, background } = THEMES[theme];
  return `<!doctype html>
<html><head><meta charset="utf-8"><script src="${pathToFileURL(MERMAID).href}"></script>
<style>body { margin: 0; background: ${background}; width: 960px; } .chart { width: 940px; padding: 10px; } #result { display: none; }</style></head>
<body><div id="charts"></div><pre id="result"></pre>
<script>
const charts = ${JSON.stringify(charts).replace(/</g, "\\u003c")};
const box = (el) => { const b = el.getBoundingClientRect(); return { text: el.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom }; };
(async () => {
  mermaid.initialize({ startOnLoad: false, theme: ${JSON.stringify(mermaidTheme)}, securityLevel: "strict" });
  const results = [];
  for (const [i, source] of charts.entries()) {
    const holder = document.createElement("div");
    holder.className = "chart";
    document.getElementById("charts").appendChild(holder);
    try {
      const { svg } = await mermaid.render("chart" + i, source);
      holder.innerHTML = svg;
      const root = holder.querySelector("svg");
      results.push({
        xLabels: [...root.querySelectorAll("g.bottom-axis g.label text")].map(box),
        lineColors: [...root.querySelectorAll("g.plot path")].map((p) => p.getAttribute("stroke")),
        chartBackground: root.querySelector("g.main > rect")?.getAttribute("fill") ?? "",
        textColors: [...new Set([...root.querySelectorAll("g.main text")].map((t) => t.getAttribute("fill") || getComputedStyle(t).fill))],
        accTitle: root.querySelector("title")?.textContent ?? "",
        accDescr: root.querySelector("desc")?.textContent ?? "",
      });
    } catch (e) {
      results.push({ error: String(e && e.message || e), xLabels: [], lineColors: [], chartBackground: "", textColors: [], accTitle: "", accDescr: "" });
    }
  }
  document.getElementById("result").textContent = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(results))));
})();
</script></body></html>
`;
}

/** Writes the chart page to a temporary file, runs `use` on its URL, and removes the file. */
function withChartPage<T>(charts: string[], theme: ThemeName, use: (url: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-breakeven-charts-"));
  try {
    const page = path.join(dir, `${theme}.html`);
    fs.writeFileSync(page, chartPageHtml(charts, theme));
    return use(pathToFileURL(page).href);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders the charts in headless Chromium in one theme and returns what it measured, one entry per chart. */
export function renderCharts(charts: string[], theme: ThemeName): RenderedChart[] {
  const dom = withChartPage(charts, theme, (url) => runChromium(url, ["--dump-dom"]));
  const encoded = dom.match(/<pre id="result">([A-Za-z0-9+/=]*)<\/pre>/)?.[1];
  if (!encoded) throw new Error(`the chart page did not finish: ${dom.slice(0, 500)}`);
  return JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as RenderedChart[];
}

/** Writes a PNG of one chart in one theme (the page cropped to the chart). */
export function screenshotChart(chart: string, theme: ThemeName, file: string): void {
  withChartPage([chart], theme, (url) => runChromium(url, [`--screenshot=${path.resolve(file)}`], { width: 960, height: 560 }));
}
