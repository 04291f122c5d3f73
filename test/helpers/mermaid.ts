// Mermaid's own parser, for the charts the reports draw (see mermaid-parse.mjs for why it runs apart).
import { spawnSync } from "child_process";
import * as path from "path";

export interface MermaidResult {
  ok: boolean;
  type?: string;
  error?: string;
}

/** Parses every source with mermaid.parse in one child process; one result per source, in order. */
export function parseMermaid(sources: string[]): MermaidResult[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, "mermaid-parse.mjs")], {
    input: JSON.stringify(sources),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`mermaid-parse failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as MermaidResult[];
}

/** The bodies of the ```mermaid blocks of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}
