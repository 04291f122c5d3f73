import * as path from "path";
import * as fs from "fs";
import { parseArgs } from "util";
import type { PolicyPackConfigFile } from "../../engine/policyConfig";
import { withPolicyConfig } from "../../report/levels";
import { markdownReport } from "../../report/markdown";
import { parseStackReport, StackReport } from "../../report/schema";
import { textReport } from "../../report/text";
import { writeFileWhole } from "../../io/writeWhole";
import { Command, UsageError } from "../command";

export const REPORT_FORMATS = ["markdown", "text", "json"] as const;
type Format = (typeof REPORT_FORMATS)[number];

/** The options `report` takes (the workflow test checks the example workflow against them). */
export const reportOptions = {
  format: { type: "string", default: "markdown" },
  "policy-pack-config": { type: "string" },
  out: { type: "string" },
} as const;

/** `report`: the pack's JSON reports, one per stack, rendered as one pull-request comment, text or JSON. */
export const report: Command = {
  name: "report",
  usage: `gpu-breakeven report FILE... [--format markdown|text|json] [--policy-pack-config FILE] [--out FILE]
    Render the JSON reports the pack writes (GPU_BREAKEVEN_REPORT=FILE pulumi preview, or check --report-out),
    one per stack, as one document: markdown is the pull-request comment (at most 60,000 characters, with a
    hidden marker line CI finds it by), text is for logs, json an array of the validated reports.
    --policy-pack-config applies the enforcement levels of the config the preview ran with (the pack cannot
    see them, so a report holds each policy's default level). Exits 0, or 2 on an unreadable or invalid report.`,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, options: reportOptions, allowPositionals: true });
    const format = values.format as Format;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got "${format}"`);
    if (positionals.length === 0) throw new UsageError("report needs at least one report FILE");
    const config = values["policy-pack-config"] ? readJson(values["policy-pack-config"], "--policy-pack-config") : undefined;
    const reports = positionals.map((file) => {
      const parsed = parseStackReport(readJson(file, "report"), file);
      return config === undefined ? parsed : applyConfig(parsed, config, values["policy-pack-config"]!);
    });
    const text = render(reports, format);
    if (values.out) writeFileWhole(path.resolve(values.out), text, "the rendered report");
    else process.stdout.write(text);
    return 0;
  },
};

export function render(reports: StackReport[], format: Format): string {
  switch (format) {
    case "markdown":
      return markdownReport(reports);
    case "text":
      return textReport(reports);
    case "json":
      return JSON.stringify(reports, null, 2) + "\n";
  }
}

function applyConfig(report: StackReport, config: unknown, file: string): StackReport {
  try {
    return withPolicyConfig(report, config as PolicyPackConfigFile);
  } catch (e) {
    throw new Error(`--policy-pack-config ${file}: ${(e as Error).message}`);
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} ${file} is not JSON: ${(e as Error).message}`);
  }
}
