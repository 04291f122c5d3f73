import * as path from "path";

/**
 * A path the user gave the pack (a report target, a catalog overlay), as a file path: a relative one resolves
 * against the directory the command ran in (PWD, which the engine passes through), never the pack's directory,
 * which is the pack process's cwd.
 */
export function resolveUserPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.PWD && path.isAbsolute(env.PWD) ? env.PWD : process.cwd();
  return path.resolve(base, file);
}
