/**
 * Region globs (`eu-*`, `us-?ast-1`) matched in linear space and O(glob × text) time at worst.
 *
 * A glob compiled to a RegExp (`.*` per star) backtracks: a few dozen stars and question marks against
 * a region that does not match cost seconds to minutes. A glob is a declaration's input, so its cost
 * must not depend on how hostile it is.
 */

/** The longest glob a declaration may hold; the declaration schema bounds glob length with it. */
export const MAX_GLOB_LENGTH = 64;

/**
 * True when `glob` matches the whole of `text`: `*` is any run of characters (possibly empty), `?`
 * exactly one, everything else itself (case-sensitive, one UTF-16 code unit per character).
 */
export function globMatches(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  // The last star seen and the text position it currently stands for the run up to. Only the last
  // star needs remembering: a later star can absorb whatever an earlier one would have had to, so
  // backtracking never goes further back than it (the classic wildcard-matching argument).
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    const c = glob[g];
    if (g < glob.length && (c === "?" || (c !== "*" && c === text[t]))) {
      g++;
      t++;
    } else if (c === "*") {
      star = g++;
      starText = t;
    } else if (star >= 0) {
      // Mismatch after a star: let the star take one more character and retry what follows it.
      g = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  // The text is used up: only stars may remain in the glob.
  while (glob[g] === "*") g++;
  return g === glob.length;
}

/**
 * True when every region `pattern` can stand for is matched by `glob`: the allowed glob covers the pattern. A
 * pattern's `*` (any run) can only be covered by a `*` of the glob, its `?` by a `?` or a `*`; its other characters as
 * globMatches() matches them. Sound (never true when some region the pattern names escapes the glob); dynamic
 * programming over both strings, O(glob × pattern), both at most MAX_GLOB_LENGTH characters.
 */
export function globCovers(glob: string, pattern: string): boolean {
  // covers[i][j]: glob[i…] covers pattern[j…]
  const rows = glob.length + 1;
  const cols = pattern.length + 1;
  const covers: boolean[][] = Array.from({ length: rows }, () => new Array<boolean>(cols).fill(false));
  covers[glob.length][pattern.length] = true;
  for (let i = glob.length - 1; i >= 0; i--) {
    for (let j = pattern.length; j >= 0; j--) {
      const g = glob[i];
      const p = pattern[j];
      if (g === "*") {
        // the star takes nothing, or the pattern's next character (whatever it is, a star included)
        covers[i][j] = covers[i + 1][j] || (j < pattern.length && covers[i][j + 1]);
      } else if (j < pattern.length && p !== "*" && (g === "?" ? true : p !== "?" && g === p)) {
        covers[i][j] = covers[i + 1][j + 1];
      }
    }
  }
  return covers[0][0];
}
