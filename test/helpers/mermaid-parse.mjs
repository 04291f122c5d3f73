// Parses Mermaid sources with Mermaid's own parser (the mermaid package's mermaid.parse) and prints one result per
// source as JSON: {"ok":true,"type":"xychart"} or {"ok":false,"error":"..."}. Run as a separate process: Mermaid's
// sanitizer needs a DOM, and the DOM globals (from linkedom) must not leak into the test process.
// Usage: node test/helpers/mermaid-parse.mjs < sources.json   (a JSON array of strings)
import { parseHTML } from "linkedom";

const { window } = parseHTML("<!doctype html><html><head></head><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const source of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(source);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
