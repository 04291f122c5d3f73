// Headless Chromium (Debian's `chromium` package), driven from the command line: no driver library, no download.
import { spawnSync } from "child_process";
import * as fs from "fs";

/** The Chromium binaries this suite looks for, in order; CHROMIUM overrides them. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium to run, or an error that says how to install it. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM, ...CANDIDATES].find((p): p is string => !!p && fs.existsSync(p));
  if (!found) throw new Error("headless Chromium not found: install Debian's `chromium` (apt-get install chromium) or set CHROMIUM");
  return found;
}

/**
 * Runs headless Chromium on one page with `extra` flags (--dump-dom, --screenshot=…) and returns its stdout. Virtual
 * time lets the page's scripts finish (Mermaid renders asynchronously) before the DOM is dumped or the page shot.
 */
export function runChromium(url: string, extra: string[], size = { width: 1000, height: 700 }): string {
  const args = [
    "--headless",
    "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--hide-scrollbars",
    "--allow-file-access-from-files",
    "--virtual-time-budget=60000",
    `--window-size=${size.width},${size.height}`,
    ...extra,
    url,
  ];
  const run = spawnSync(chromiumPath(), args, { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`chromium exited ${run.status}: ${run.stderr.split("\n").slice(-5).join("\n")}`);
  return run.stdout;
}
