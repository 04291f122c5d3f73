/** One CLI subcommand: its usage text and what it runs. Resolves to the process exit code. */
export interface Command {
  name: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for a mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * True for an error that means a bug in gpu-breakeven, not a problem with what the user gave it.
 * The code reports bad input with a plain Error (or a subclass: UsageError, a file system error);
 * a TypeError, RangeError, ReferenceError, SyntaxError (or something thrown that is no Error at all) is ours.
 */
export function isInternalError(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  if (isParseArgsError(e)) return false;
  return [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError].some((kind) => e instanceof kind);
}

/** A mistake in the command line that util.parseArgs reports (an unknown option, a missing value). */
export function isParseArgsError(e: unknown): boolean {
  return (e as { code?: unknown }).code?.toString().startsWith("ERR_PARSE_ARGS") ?? false;
}

let outputClosed = false;

/** True once whoever read stdout has gone away (`gpu-breakeven demo | head`): nothing printed reaches anyone. */
export function stdoutClosed(): boolean {
  return outputClosed;
}

/**
 * Makes a reader that stops reading (`| head`) end the output quietly instead of with an EPIPE trace.
 * The command still runs to its end and exits with its own code, so `check | head` under `set -o pipefail`
 * still fails on a mandatory violation; long commands ask `stdoutClosed()` and stop early.
 */
export function quietOnClosedOutput(stream: NodeJS.WritableStream = process.stdout): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") {
      outputClosed = true;
      return;
    }
    // Output that cannot be written (a full disk behind `> file`) must not pass for a clean run.
    process.stderr.write(`gpu-breakeven: cannot write the output: ${e.message}\n`);
    process.exit(2);
  });
}
