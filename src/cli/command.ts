/** One CLI subcommand: its usage text and what it runs. Resolves to the process exit code. */
export interface Command {
  name: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** Thrown for a mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}
