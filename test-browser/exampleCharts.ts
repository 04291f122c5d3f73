// Every chart the examples show: the Mermaid blocks of the example pull-request comments, named after the workload
// section they sit in (for messages and screenshot files).
import * as fs from "fs";
import * as path from "path";
import { mermaidBlocks } from "../test/helpers/mermaid";

export const ROOT = path.join(__dirname, "..");
export const EXAMPLE_COMMENTS = ["examples/pr-comment.md", "examples/pr-comment-compare.md"];

export interface ExampleChart {
  /** "<stack>-<workload>", unique among the examples. */
  name: string;
  source: string;
}

/** The charts of the example comments, once each (the compare comment repeats some of the absolute one's). */
export function exampleCharts(): ExampleChart[] {
  const seen = new Map<string, ExampleChart>();
  for (const file of EXAMPLE_COMMENTS) {
    const md = fs.readFileSync(path.join(ROOT, file), "utf8");
    let stack = "";
    let workload = "";
    for (const part of md.split(/^(?=### |#### |```mermaid$)/m)) {
      stack = part.match(/^### .*?Stack `([^`]+)`/)?.[1] ?? stack;
      workload = part.match(/^#### `([^`]+)`/)?.[1] ?? workload;
      const [source] = mermaidBlocks(part);
      if (!source || seen.has(source)) continue;
      const name = `${stack}-${workload}`.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
      seen.set(source, { name: uniqueName(name, seen), source });
    }
  }
  return [...seen.values()];
}

function uniqueName(name: string, seen: Map<string, ExampleChart>): string {
  const taken = new Set([...seen.values()].map((c) => c.name));
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  return candidate;
}
