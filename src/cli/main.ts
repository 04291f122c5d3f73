import { Command, isInternalError, isParseArgsError, quietOnClosedOutput, UsageError } from "./command";
import { catalog } from "./commands/catalog";
import { check } from "./commands/check";
import { demo } from "./commands/demo";
import { report } from "./commands/report";

/** Every subcommand, in the order the help lists them. */
export const commands: Command[] = [demo, check, report, catalog];

const usage = () => `gpu-breakeven — should this GPU fleet exist, or would a managed LLM API be cheaper?

Usage:
${commands.map((c) => `  ${c.usage}`).join("\n")}

Shared options:
  --project-dir DIR          folder with Pulumi.yaml (default: the current folder)
  --policy-pack-config FILE  policy config, the same file pulumi preview --policy-pack-config takes
  -h, --help                 this text

Exit codes:
  0  done (check, report: no finding at or above --fail-on)
  1  check: a violation at or above --fail-on fired (default mandatory, as pulumi preview exits);
     report: a finding at or above --fail-on (new-mandatory: a mandatory finding the --base reports lack)
  2  a usage or input error (an unknown stack, an unreadable config or report file, a report that
     cannot be written), or an internal error (please report it; GPU_BREAKEVEN_DEBUG=1 shows the trace)
With the real CLI: pulumi preview --policy-pack ./policy-pack [--policy-pack-config FILE]`;

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`gpu-breakeven: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    console.error(errorText(`gpu-breakeven ${name}`, e, command.usage));
    return 2;
  }
}

/**
 * What the CLI prints for an error: one line (the usage after a mistake in the command line), never a
 * stack trace unless GPU_BREAKEVEN_DEBUG=1. A bug says so, and asks to be reported.
 */
export function errorText(prefix: string, e: unknown, usage?: string): string {
  const debug = process.env.GPU_BREAKEVEN_DEBUG === "1" ? `\n${traces(e)}` : "";
  if (isInternalError(e)) {
    const what = e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : firstLine(String(e));
    return `${prefix}: internal error (${what}); please report this, with the command you ran` +
      (debug || " (GPU_BREAKEVEN_DEBUG=1 prints the stack trace)");
  }
  const message = messageWithoutTrace((e as Error).message);
  const usageHint = usage && (e instanceof UsageError || isParseArgsError(e)) ? `\n\n${usage}` : "";
  return `${prefix}: ${message}${usageHint}${debug}`;
}

/** A message without the stack frames some errors carry in their text (a child process's stderr). */
function messageWithoutTrace(message: string): string {
  return message.split("\n").filter((l) => !/^\s+at\s/.test(l)).join("\n").trimEnd();
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** The stack of an error and of every error it wraps (`cause`), for GPU_BREAKEVEN_DEBUG=1. */
function traces(e: unknown): string {
  const out: string[] = [];
  for (let at: unknown = e; at !== undefined && out.length < 5; at = (at as { cause?: unknown }).cause) {
    out.push(at instanceof Error ? (at.stack ?? at.message) : String(at));
    if (!(at instanceof Error)) break;
  }
  return out.join("\ncaused by: ");
}

if (require.main === module) {
  quietOnClosedOutput(process.stdout);
  // stderr going away leaves nowhere to say anything: nothing to do but not crash over it.
  process.stderr.on("error", () => undefined);
  // What escapes main (a callback, a stray rejection) gets the same one line, not Node's trace.
  const crash = (e: unknown) => {
    console.error(errorText("gpu-breakeven", e));
    process.exit(2);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), crash);
}
