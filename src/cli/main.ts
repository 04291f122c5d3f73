import { Command, UsageError } from "./command";
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
  0  done (check: no violation at or above --fail-on)
  1  check: a violation at or above --fail-on fired (default mandatory, as pulumi preview exits)
  2  a usage or input error (an unknown stack, an unreadable config or report file)
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
    const usageHint = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? `\n\n${command.usage}` : "";
    console.error(`gpu-breakeven ${name}: ${(e as Error).message}${usageHint}`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
