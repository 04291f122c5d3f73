import * as path from "path";
import * as fs from "fs";
import { parseArgs } from "util";
import type { PolicyPackConfigFile } from "../../engine/policyConfig";
import { compareReports, comparisonJson, introducedMandatory } from "../../report/compare";
import { allFindings, withPolicyConfig } from "../../report/levels";
import { markdownReport } from "../../report/markdown";
import { linkTarget } from "../../report/neutralize";
import { parseStackReport, StackReport } from "../../report/schema";
import { textReport } from "../../report/text";
import { writeFileWhole } from "../../io/writeWhole";
import { Command, UsageError } from "../command";

export const REPORT_FORMATS = ["markdown", "text", "json"] as const;
type Format = (typeof REPORT_FORMATS)[number];

/** What `report --fail-on` takes: check's levels, and new-mandatory (needs --base). */
export const REPORT_FAIL_ON = ["mandatory", "advisory", "never", "new-mandatory"] as const;
export type ReportFailOn = (typeof REPORT_FAIL_ON)[number];

/** The options `report` takes (the workflow test checks the example workflow against them). */
export const reportOptions = {
  format: { type: "string", default: "markdown" },
  "policy-pack-config": { type: "string" },
  out: { type: "string" },
  base: { type: "string", multiple: true },
  "fail-on": { type: "string", default: "never" },
  "docs-url": { type: "string" },
} as const;

/** Where the rendering links to: the policies' documentation, and the CI run (GitHub Actions). */
export interface ReportLinks {
  docsUrl?: string;
  runUrl?: string;
}

/** `report`: the pack's JSON reports, one per stack, rendered as one pull-request comment, text or JSON. */
export const report: Command = {
  name: "report",
  usage: `gpu-breakeven report FILE... [--base FILE...] [--format markdown|text|json] [--policy-pack-config FILE]
                    [--fail-on never|mandatory|advisory|new-mandatory] [--docs-url BASE] [--out FILE]
    Render the JSON reports the pack writes (GPU_BREAKEVEN_REPORT=FILE pulumi preview, or check --report-out),
    one per stack, as one document: markdown is the pull-request comment (at most 60,000 characters, with a
    hidden marker line CI finds it by), text is for logs, json an array of the validated reports.
    --base FILE... the base branch's reports: the document opens with what changed (stacks matched by project and
    stack, workloads by name; verdicts, costs, V*, findings added, resolved or changed); json gives
    {head, base, changes}. --policy-pack-config applies the enforcement levels of the config the preview ran
    with (to the base reports too). --fail-on: exit 1 when a finding at that level is in the head reports
    (default never); new-mandatory: only for a mandatory finding the base reports do not have (needs --base).
    --docs-url BASE links each finding to BASE/docs/policies.md#<policy> (default: the package's repository, else
    a relative link). In GitHub Actions the comment links to the workflow run. Exits 2 on a usage error or an
    unreadable or invalid report.`,
  async run(argv) {
    const { values, head, base } = parseReportArgs(argv);
    const format = values.format as Format;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got "${format}"`);
    const failOn = values["fail-on"] as ReportFailOn;
    if (!REPORT_FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${REPORT_FAIL_ON.join(", ")}, got "${failOn}"`);
    // One line, no usage: the fix is in the message.
    if (failOn === "new-mandatory" && base === undefined) throw new Error("--fail-on new-mandatory needs --base FILE... (the base branch's reports to compare with)");
    if (head.length === 0) throw new UsageError("report needs at least one report FILE");
    const docsUrl = values["docs-url"] === undefined ? repositoryUrl() : checkDocsUrl(values["docs-url"]);
    const configFile = values["policy-pack-config"];
    const config = configFile ? readJson(configFile, "--policy-pack-config") : undefined;
    const load = (files: string[]) =>
      files.map((file) => {
        const parsed = parseStackReport(readJson(file, "report"), file);
        return config === undefined ? parsed : applyConfig(parsed, config, configFile!);
      });
    const reports = load(head);
    const baseReports = base === undefined ? undefined : load(base);
    const text = render(reports, format, { base: baseReports, docsUrl, runUrl: githubRunUrl(process.env) });
    if (values.out) writeFileWhole(path.resolve(values.out), text, "the rendered report");
    else process.stdout.write(text);
    return exitCodeForReports(reports, baseReports, failOn);
  },
};

/**
 * The command line: head FILEs are the positionals; `--base` takes every FILE after it up to the next option
 * (`report h1.json h2.json --base b1.json b2.json --format text`), and may be repeated.
 */
export function parseReportArgs(argv: string[]) {
  const { values, tokens } = parseArgs({ args: argv, options: reportOptions, allowPositionals: true, tokens: true });
  const head: string[] = [];
  let base: string[] | undefined;
  let afterBase = false;
  for (const token of tokens) {
    if (token.kind === "option") {
      afterBase = token.name === "base";
      if (afterBase) (base ??= []).push(token.value!);
    } else if (token.kind === "option-terminator") afterBase = false;
    else if (afterBase) base!.push(token.value);
    else head.push(token.value);
  }
  return { values, head, base };
}

/** The exit code under --fail-on: 1 when the head has a finding at that level (new-mandatory: one the base has not). */
export function exitCodeForReports(head: StackReport[], base: StackReport[] | undefined, failOn: ReportFailOn): number {
  const levels = head.flatMap((r) => allFindings(r).map((f) => f.level));
  switch (failOn) {
    case "never":
      return 0;
    case "advisory":
      return levels.some((l) => l === "mandatory" || l === "advisory") ? 1 : 0;
    case "mandatory":
      return levels.includes("mandatory") ? 1 : 0;
    case "new-mandatory":
      return introducedMandatory(compareReports(base ?? [], head)).length > 0 ? 1 : 0;
  }
}

export function render(reports: StackReport[], format: Format, options: { base?: StackReport[] } & ReportLinks = {}): string {
  switch (format) {
    case "markdown":
      return markdownReport(reports, options);
    case "text":
      return textReport(reports, { base: options.base });
    case "json":
      if (options.base === undefined) return JSON.stringify(reports, null, 2) + "\n";
      return JSON.stringify({ head: reports, base: options.base, changes: comparisonJson(compareReports(options.base, reports)) }, null, 2) + "\n";
  }
}

/**
 * The run's page inside GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID all set and well
 * formed), else undefined. The environment is read here, at the CLI's edge; the renderer takes the URL.
 */
export function githubRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  if (!/^https?:\/\/[^\s/()<>]+$/i.test(server.replace(/\/+$/, ""))) return undefined;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^\d+$/.test(runId)) return undefined;
  return `${server.replace(/\/+$/, "")}/${repository}/actions/runs/${runId}`;
}

/** --docs-url: an http(s) URL or a relative path (../, docs/…), nothing a link could be abused with. */
function checkDocsUrl(url: string): string {
  if (url.trim() === "" || linkTarget(url) === undefined) throw new UsageError(`--docs-url must be an http(s) URL or a relative path, got "${url}"`);
  return url.trim();
}

/**
 * The package's repository as a browsable URL, from package.json's `repository` (a string or { url }; github:owner/name,
 * owner/name, git+https://….git): links then point at `<repository>/blob/HEAD/docs/policies.md#…`. Undefined without one.
 */
export function repositoryUrl(pkgDir: string | undefined = packageDir()): string | undefined {
  if (!pkgDir) return undefined;
  let repository: unknown;
  try {
    repository = (JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { repository?: unknown }).repository;
  } catch {
    return undefined;
  }
  const raw = typeof repository === "string" ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof raw !== "string") return undefined;
  const web = browsableRepository(raw);
  return web === undefined ? undefined : `${web}/blob/HEAD`;
}

export function browsableRepository(raw: string): string | undefined {
  let url = raw.trim();
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url);
  if (shorthand) url = `https://github.com/${shorthand[1]}`;
  url = url.replace(/^git\+/, "").replace(/^git:\/\//, "https://").replace(/^ssh:\/\/git@/, "https://").replace(/^git@([^:]+):/, "https://$1/");
  url = url.replace(/\.git$/, "").replace(/\/+$/, "");
  return /^https?:\/\/[^\s()<>]+$/i.test(url) ? url : undefined;
}

/** The folder of gpu-breakeven's own package.json (this file runs bundled in dist/ or from src/cli/commands/). */
function packageDir(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "gpu-breakeven") return dir;
    } catch {
      // not here: one folder up
    }
  }
  return undefined;
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
