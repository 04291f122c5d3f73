// Every example chart rendered by the mermaid package in headless Chromium, in GitHub's light and dark themes: it must
// parse, keep its x-axis labels apart (bounding boxes), draw its lines in the explicit palette with at least 3:1
// contrast on the page, and carry an accessible title and description. Screenshots of each are in examples/charts/.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { CHART_PALETTE, chartPoints, chartSeries, costChart, MAX_AXIS_LABELS } from "../src/report/chart";
import { WorkloadReport } from "../src/report/schema";
import { contrastRatio } from "../test/helpers/contrast";
import { Box, RenderedChart, renderCharts, THEMES, ThemeName } from "./chartPage";
import { exampleCharts, ROOT } from "./exampleCharts";
import { screenshotFile } from "./screenshots";

/** The least gap, in pixels, between two neighbouring x-axis labels. */
const MIN_GAP_PX = 2;

/** The pairs of neighbouring labels whose boxes overlap or nearly touch. */
function overlaps(labels: Box[]): string[] {
  const sorted = [...labels].sort((a, b) => a.left - b.left);
  const out: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1].right + MIN_GAP_PX > sorted[i].left) out.push(`"${sorted[i - 1].text}" / "${sorted[i].text}"`);
  }
  return out;
}

/** What the page shows behind the chart: its own fill when it paints one, GitHub's background otherwise. */
function backgroundOf(chart: RenderedChart, theme: ThemeName): string {
  return chart.chartBackground && chart.chartBackground !== "transparent" ? chart.chartBackground : THEMES[theme].background;
}

/** Every way a rendered chart falls short of legible, as sentences (empty when it is fine). */
function problems(chart: RenderedChart, theme: ThemeName): string[] {
  if (chart.error) return [`does not render: ${chart.error}`];
  const out: string[] = [];
  if (chart.xLabels.length > MAX_AXIS_LABELS) out.push(`${chart.xLabels.length} x-axis labels, more than ${MAX_AXIS_LABELS}`);
  for (const pair of overlaps(chart.xLabels)) out.push(`x-axis labels overlap: ${pair}`);
  const background = backgroundOf(chart, theme);
  chart.lineColors.forEach((color, i) => {
    if (color.toLowerCase() !== CHART_PALETTE[i]?.color.toLowerCase()) out.push(`line ${i} is ${color}, not the palette's ${CHART_PALETTE[i]?.color}`);
    const ratio = contrastRatio(color, background);
    if (ratio < 3) out.push(`line ${i} (${color}) has ${ratio.toFixed(2)}:1 contrast on ${background}`);
  });
  for (const color of chart.textColors) {
    const ratio = contrastRatio(color, background);
    if (ratio < 4.5) out.push(`text in ${color} has ${ratio.toFixed(2)}:1 contrast on ${background}`);
  }
  if (!chart.accTitle.trim()) out.push("no accTitle");
  if (!chart.accDescr.trim()) out.push("no accDescr");
  return out;
}

/** A workload from the fails example's report with other figures: for charts no example stack draws. */
function variant(overrides: Partial<WorkloadReport>): WorkloadReport {
  const report = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/reports/fails.json"), "utf8"));
  return { ...report.workloads[0], ...overrides } as WorkloadReport;
}

/**
 * The same workload as a secret declaration's report states it: V and its parts "[secret]", the chart's points carried
 * (src/report/json.ts), so the axis reads "s·V", "V", "1.5·V", … .
 */
function secretVariant(): WorkloadReport {
  const w = variant({});
  const chart = chartPoints(chartSeries(w)!);
  const secret = "[secret]" as const;
  return { ...w, monthlyInputTokens: secret, monthlyOutputTokens: secret, volumeTokens: secret, stressVolumeTokens: secret, chart };
}

describe("charts in headless Chromium (mermaid package, GitHub's light and dark themes)", function () {
  const examples = exampleCharts();
  // Charts no example draws: s·V off every grid of 8 points (s = 0.37), the widest labels (hundreds of billions, with
  // the ~ marks), V* a hundred times V (beyond the chart), a fleet of unknown capacity, and a hostile name.
  const edges = [
    variant({ stressUtilization: 0.37, stressVolumeTokens: 0.37 * 4e9 }),
    variant({ volumeTokens: 777.77e9, monthlyInputTokens: 600e9, monthlyOutputTokens: 177.77e9, stressUtilization: 0.37, breakEvenTokens: 2.8e12, capacityTokensPerMonth: 1.1e12 }),
    variant({ managedAtVolumeUsd: 47.17, breakEvenTokens: 400e9 }),
    variant({ capacityTokensPerMonth: undefined, utilization: undefined }),
    variant({ name: 'chat "x" %% </text><script>alert(1)</script>\n```\n@team # heading' }),
    secretVariant(),
  ].map((w) => costChart(w)!.mermaid);
  const sources = [...examples.map((c) => c.source), ...edges];
  const names = [...examples.map((c) => c.name), "s = 0.37", "widest labels", "V* beyond the chart", "capacity unknown", "hostile name", "secret declaration"];
  const rendered = {} as Record<ThemeName, RenderedChart[]>;

  before(function () {
    assert.ok(examples.length >= 6, `expected the example comment's 6 charts, found ${examples.length}`);
    for (const theme of Object.keys(THEMES) as ThemeName[]) rendered[theme] = renderCharts(sources, theme);
  });

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    it(`renders every example chart legibly in the ${theme} theme`, function () {
      const report = rendered[theme].flatMap((chart, i) => problems(chart, theme).map((p) => `${names[i]}: ${p}`));
      assert.deepEqual(report, []);
      // The marks a reader looks for: V and s·V on the axis of every example (s = 0.5 falls on a grid).
      rendered[theme].slice(0, examples.length).forEach((chart, i) => {
        const labels = chart.xLabels.map((l) => l.text);
        assert.ok(labels.some((l) => l.startsWith("V=")) && labels.some((l) => l.startsWith("s·V=")), `${names[i]}: ${labels.join(" | ")}`);
        assert.equal(chart.lineColors.length, chart.accDescr.includes("Green line") ? 3 : 2, names[i]);
      });
    });
  }

  it("marks V* on the axis where it lies near a point of its own: multi-workload's summarize at 1.30 × V", function () {
    // summarize: V = 1.10B, V* = $2,139.58 ÷ ($1,650 ÷ 1.10B) = 1.43B = 1.30 × V. Two points per V put V* 0.41 of a
    // step from point 3; four put it 0.19 from point 5 (1.375B), a point of its own: the grid is 275M a step.
    const i = examples.findIndex((c) => c.name === "multi-workload-summarize");
    assert.deepEqual(rendered.light[i].xLabels.map((l) => l.text).slice(0, 6), ["0", "275.00M", "s·V=550.00M", "825.00M", "V=1.10B", "~V*=1.38B"]);
  });

  it("draws a secret declaration's chart from its carried points, its axis relative to V: the same lines as the plain one", function () {
    const i = names.indexOf("secret declaration");
    const labels = rendered.light[i].xLabels.map((l) => l.text);
    assert.ok(labels.includes("V") && labels.includes("s·V") && !labels.some((l) => /\d[KMBT]$/.test(l)), labels.join(" | "));
    const lines = (source: string) => [...source.matchAll(/line \[[^\]]*\]/g)].map((m) => m[0]);
    assert.deepEqual(lines(sources[i]), lines(costChart(variant({}))!.mermaid));
  });

  it("catches what it is there to catch: a parse error and overlapping labels", function () {
    const crowded = `xychart-beta\n  x-axis [${Array.from({ length: 21 }, (_, i) => `"V=${i}00.00B tokens"`).join(", ")}]\n  line [${Array.from({ length: 21 }, (_, i) => i).join(", ")}]`;
    const [broken, tooMany] = renderCharts(["xychart-beta\n  line [1, 2", crowded], "light");
    assert.match(problems(broken, "light")[0], /^does not render: /);
    const found = problems(tooMany, "light");
    assert.ok(found.includes(`21 x-axis labels, more than ${MAX_AXIS_LABELS}`), found.join("\n"));
    assert.ok(found.some((p) => p.startsWith("x-axis labels overlap: ")), found.join("\n"));
    assert.ok(found.includes("no accTitle") && found.includes("no accDescr"), found.join("\n"));
  });

  it("has a screenshot of every example chart in both themes under examples/charts/ (npm run screenshots)", function () {
    const missing = examples.flatMap((c) => (Object.keys(THEMES) as ThemeName[]).map((t) => screenshotFile(c.name, t))).filter((f) => !fs.existsSync(path.join(ROOT, f)));
    assert.deepEqual(missing, []);
  });
});
