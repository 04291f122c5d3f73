// Whole-file writes for every file the package writes (reports, the compiled catalog, catalog imports).
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** A write that failed: its one-line message, and the reason alone. */
export class WriteError extends Error {
  constructor(message: string, readonly reason: string) {
    super(message);
  }
}

/**
 * Writes `text` to `target` whole or not at all: a temporary file beside it, created exclusively (never through
 * a link planted under its name), then renamed over it, so a reader never sees half a file. Refuses a target
 * that is there and is no regular file (a directory, a FIFO, a device). Throws one line naming `target`, what
 * it is (`what`, e.g. "the report") and the reason.
 */
export function writeFileWhole(target: string, text: string, what = "the report"): void {
  const fail = (why: string) => new WriteError(`cannot write ${what} to ${target}: ${why}`, why);
  const file = replaceableFile(target, fail);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const fd = fs.openSync(temporary, "wx", existingMode(file));
    created = true;
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (e) {
    // Only a file this call created is removed: "wx" failing means the name belongs to someone else.
    if (created) fs.rmSync(temporary, { force: true });
    throw fail(writeFailureReason(e as NodeJS.ErrnoException, path.dirname(file)));
  }
}

/** The file to replace: `target`, or the file a symlink at `target` points to. */
function replaceableFile(target: string, fail: (why: string) => Error): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return target;
    throw fail(writeFailureReason(e as NodeJS.ErrnoException, path.dirname(target)));
  }
  if (stat.isDirectory()) throw fail("it is a directory");
  if (!stat.isFile()) throw fail(`it is ${stat.isFIFO() ? "a FIFO" : stat.isSocket() ? "a socket" : "a device"}, not a regular file`);
  // Replace the file a link points to, not the link: writing through a symlink is what the user expects.
  return fs.realpathSync(target);
}

/** The permission bits of the file being replaced, so a rewrite keeps them; new files get the default. */
function existingMode(file: string): number {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return 0o666;
  }
}

/** Why a write into `dir` failed, in words. */
export function writeFailureReason(e: NodeJS.ErrnoException, dir: string): string {
  switch (e.code) {
    case "ENOENT":
    case "ENOTDIR": {
      const blocker = firstNonDirectory(dir);
      return blocker ? `${blocker} is not a directory` : `no such directory ${missingAncestor(dir)}`;
    }
    case "EACCES":
    case "EPERM":
      return `permission denied in ${dir}`;
    case "EISDIR":
      return "it is a directory";
    case "EROFS":
      return `${dir} is on a read-only file system`;
    case "ENOSPC":
      return "no space left on the device";
    default:
      return e.message ?? String(e);
  }
}

/** The first existing component of `dir` that is not a directory (a regular file on the way), if any. */
function firstNonDirectory(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const stat = statOrUndefined(at);
    if (stat) return stat.isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}

function statOrUndefined(at: string): fs.Stats | undefined {
  try {
    return fs.statSync(at);
  } catch {
    return undefined; // missing, or below a file (ENOTDIR): either way, look further up
  }
}

/** The outermost missing folder on the way to `dir` (what the user has to create). */
function missingAncestor(dir: string): string {
  let missing = dir;
  for (let at = dir; !fs.existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing = at;
  return missing;
}
