import * as fs from "fs";

/** A refresh step that failed: which source, and why (one line). The catalog and any overlay are left untouched. */
export class RefreshError extends Error {
  constructor(readonly source: string, readonly reason: string) {
    super(`${source}: ${reason}`);
  }
}

/**
 * Downloads `url` into `dest` over HTTP(S) with Node's fetch, streaming (offer files are hundreds of MB).
 * Refuses a non-200 answer, a timeout, and a body shorter than its Content-Length (a cut connection).
 */
export async function download(source: string, url: string, dest: string, timeoutMs: number): Promise<number> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { "user-agent": "gpu-breakeven catalog refresh" } });
  } catch (e) {
    throw new RefreshError(source, `cannot download ${url} (${reason(e)})`);
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new RefreshError(source, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""} from ${url}`);
  }
  // With a Content-Encoding, fetch decodes the body and Content-Length counts the encoded bytes: not comparable.
  const declared = res.headers.get("content-encoding") ? undefined : numberOrUndefined(res.headers.get("content-length"));
  const fd = fs.openSync(dest, "w");
  let bytes = 0;
  try {
    if (!res.body) throw new Error("no body");
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      fs.writeSync(fd, chunk);
      bytes += chunk.byteLength;
    }
  } catch (e) {
    throw new RefreshError(source, `download of ${url} cut short after ${bytes} bytes${declared !== undefined ? ` of ${declared}` : ""} (${reason(e)})`);
  } finally {
    fs.closeSync(fd);
  }
  if (declared !== undefined && bytes !== declared) {
    throw new RefreshError(source, `download of ${url} truncated: ${bytes} bytes of the ${declared} announced`);
  }
  if (bytes === 0) throw new RefreshError(source, `${url} answered with an empty body`);
  return bytes;
}

function numberOrUndefined(s: string | null): number | undefined {
  const n = s === null ? NaN : Number(s);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The innermost message of an error (fetch wraps socket errors as "fetch failed" / "terminated"). */
export function reason(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; cur && i < 4; i++) {
    const msg = (cur as Error).message ?? String(cur);
    if (msg && !parts.includes(msg)) parts.push(msg);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(": ").split("\n")[0] || "unknown error";
}
