// Writes a PNG of every example chart in GitHub's light and dark themes to examples/charts/ (headless Chromium).
// Usage: npm run screenshots
import * as fs from "fs";
import * as path from "path";
import { screenshotChart, THEMES, ThemeName } from "./chartPage";
import { exampleCharts, ROOT } from "./exampleCharts";

/** Where the screenshot of one example chart in one theme is kept, relative to the repository. */
export function screenshotFile(name: string, theme: ThemeName): string {
  return `examples/charts/${name}-${theme}.png`;
}

function main(): void {
  fs.mkdirSync(path.join(ROOT, "examples/charts"), { recursive: true });
  for (const chart of exampleCharts()) {
    for (const theme of Object.keys(THEMES) as ThemeName[]) {
      const file = screenshotFile(chart.name, theme);
      screenshotChart(chart.source, theme, path.join(ROOT, file));
      console.log(`wrote ${file}`);
    }
  }
}

if (require.main === module) main();
