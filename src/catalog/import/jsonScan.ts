import * as fs from "fs";
import { StringDecoder } from "string_decoder";

/**
 * Streams a JSON file too large to parse whole (an AWS Price List offer file runs to gigabytes, beyond a V8
 * string) and hands over, parsed, each object or array value whose key path `want` accepts, and each string
 * value at depth ≤ 3 to `onString`. Key paths name object keys from the root; array items are not addressed.
 * Throws on malformed JSON structure inside a captured value (JSON.parse) or when the file ends mid-value.
 */
export function scanJson(
  file: string,
  handlers: {
    want(path: readonly string[]): boolean;
    onValue(path: readonly string[], value: unknown): void;
    onString?(path: readonly string[], value: string): void;
  },
  chunkBytes = 1 << 20,
): void {
  const fd = fs.openSync(file, "r");
  const decoder = new StringDecoder("utf8");
  const buffer = Buffer.alloc(chunkBytes);
  const frames: { array: boolean; key?: string }[] = [];
  let expectingKey = false;
  let inString = false;
  let escaped = false;
  let stringIsKey = false;
  let stringParts: string[] | undefined;
  let stringStart = 0;
  let capturing = false;
  let captureDepth = 0;
  let captureParts: string[] = [];
  let captureStart = 0;
  let capturePath: string[] = [];
  let sawAnything = false;

  const pathNow = (extra?: string) => {
    const p: string[] = [];
    for (const f of frames) if (!f.array && f.key !== undefined) p.push(f.key);
    if (extra !== undefined) p.push(extra);
    return p;
  };

  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      const text = read > 0 ? decoder.write(buffer.subarray(0, read)) : decoder.end();
      if (read === 0 && text.length === 0) break;
      if (capturing) captureStart = 0;
      if (stringParts) stringStart = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92 /* \ */) escaped = true;
          else if (c === 34 /* " */) {
            inString = false;
            if (stringParts) {
              stringParts.push(text.slice(stringStart, i));
              const value = JSON.parse(`"${stringParts.join("")}"`) as string;
              stringParts = undefined;
              const top = frames[frames.length - 1];
              if (stringIsKey && top) top.key = value;
              else if (!stringIsKey && handlers.onString) handlers.onString(pathNow(), value);
            }
          }
          continue;
        }
        switch (c) {
          case 34: {
            sawAnything = true;
            inString = true;
            stringIsKey = expectingKey;
            expectingKey = false;
            if (!capturing && frames.length <= 3) {
              stringParts = [];
              stringStart = i + 1;
            }
            break;
          }
          case 58 /* : */:
            expectingKey = false;
            break;
          case 44 /* , */:
            expectingKey = frames.length > 0 && !frames[frames.length - 1].array;
            break;
          case 123 /* { */:
          case 91 /* [ */: {
            sawAnything = true;
            if (!capturing && frames.length > 0) {
              const path = pathNow();
              if (handlers.want(path)) {
                capturing = true;
                captureDepth = frames.length;
                captureParts = [];
                captureStart = i;
                capturePath = path;
              }
            }
            frames.push({ array: c === 91 });
            expectingKey = c === 123;
            break;
          }
          case 125 /* } */:
          case 93 /* ] */: {
            frames.pop();
            expectingKey = false;
            if (capturing && frames.length === captureDepth) {
              captureParts.push(text.slice(captureStart, i + 1));
              capturing = false;
              handlers.onValue(capturePath, JSON.parse(captureParts.join("")));
              captureParts = [];
            }
            break;
          }
          default:
            break;
        }
      }
      if (capturing) captureParts.push(text.slice(captureStart));
      if (stringParts && inString) stringParts.push(text.slice(stringStart));
      if (read === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (!sawAnything) throw new Error("the file is empty");
  if (frames.length > 0 || inString) throw new Error("the file ends in the middle of a JSON value");
}
