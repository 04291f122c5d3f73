// The layers of docs/architecture.md, checked on every import in src/: model (pure) ← catalog, declaration,
// assumptions, resources ← analysis (facts) ← policies, report (words) ← engine, mock, cli. No import from a
// lower layer to a higher one, and no cycle between folders.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const SRC = path.resolve(__dirname, "..", "src");

/** Each folder of src/ and its layer: a folder may import its own layer or lower ones. */
const LAYER: Record<string, number> = {
  model: 0,
  text: 0,
  io: 0,
  catalog: 1,
  declaration: 1,
  assumptions: 1,
  resources: 1,
  project: 1,
  program: 1,
  analysis: 2,
  policies: 3,
  report: 3,
  engine: 4,
  mock: 4,
  cli: 5,
  ".": 6, // src/index.ts, the library's entry
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

/** The folder of src/ a file lives in ("." for src itself). */
function folderOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0] : ".";
}

/** Every folder-to-folder import edge in src/, with one file that makes it. */
function edges(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from\s+|require\()\s*"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      if (!target.startsWith(SRC)) continue;
      const from = folderOf(file);
      const isFolder = fs.existsSync(target) && fs.statSync(target).isDirectory();
      const to = folderOf(isFolder ? path.join(target, "index.ts") : target.endsWith(".json") ? target : `${target}.ts`);
      if (from !== to && !found.has(`${from}→${to}`)) found.set(`${from}→${to}`, path.relative(SRC, file));
    }
  }
  return found;
}

describe("layers: src/ imports only downwards", () => {
  it("every folder has a layer", () => {
    const folders = new Set(sourceFiles(SRC).map(folderOf));
    for (const f of folders) assert.ok(f in LAYER, `src/${f} has no layer in test/layers.test.ts`);
  });

  it("no import from a lower layer to a higher one", () => {
    const wrong = [...edges()].filter(([edge]) => {
      const [from, to] = edge.split("→");
      return LAYER[to] > LAYER[from];
    });
    assert.deepEqual(wrong, [], wrong.map(([edge, file]) => `${edge} (${file})`).join("\n"));
  });

  it("no cycle between folders", () => {
    const graph = new Map<string, string[]>();
    for (const edge of edges().keys()) {
      const [from, to] = edge.split("→");
      graph.set(from, [...(graph.get(from) ?? []), to]);
    }
    const state = new Map<string, "open" | "done">();
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === "done") return;
      assert.notEqual(state.get(node), "open", `cycle: ${[...trail, node].join(" → ")}`);
      state.set(node, "open");
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) visit(node, []);
  });
});
