/**
 * The candidate nearest to `word`, if it is close enough to be a likely typo or a shortened id.
 *
 * First by edit distance (at most a third of the word's length, and at least 2). When nothing is that
 * close, ids get two more chances: a candidate that extends `word` at a word boundary
 * ("groq/llama-3.3-70b" → "groq/llama-3.3-70b-versatile", "monthlyInput" → "monthlyInputTokens"), or one
 * that is `word` under another provider prefix ("claude-haiku-4-5" → "anthropic/claude-haiku-4-5",
 * "gemini/gemini-2.5-flash" → "google/gemini-2.5-flash"). Among several, the shortest wins.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  const all = [...candidates];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of all) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (bestDistance <= limit) return best;
  return shortest(all.filter((c) => extendsAtBoundary(lower, c))) ??
    shortest(all.filter((c) => sameUnderAnotherPrefix(lower, c.toLowerCase())));
}

/** `candidate` starts with `word` and goes on at a boundary: a separator, or a capital in a camelCase key. */
function extendsAtBoundary(word: string, candidate: string): boolean {
  if (word.length < 4 || candidate.length <= word.length || !candidate.toLowerCase().startsWith(word)) return false;
  const next = candidate[word.length];
  return /[-_.:/ ]/.test(next) || /[-_.:/ ]/.test(word[word.length - 1]) || /[A-Z]/.test(next);
}

/** Both name the same model under different providers: "claude-haiku-4-5" and "anthropic/claude-haiku-4-5". */
function sameUnderAnotherPrefix(word: string, candidate: string): boolean {
  const tail = (s: string) => s.slice(s.indexOf("/") + 1);
  if (candidate.endsWith(`/${word}`)) return true;
  return word.includes("/") && candidate.includes("/") && tail(word).length >= 4 && tail(word) === tail(candidate);
}

function shortest(found: string[]): string | undefined {
  return found.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))[0];
}

/** Levenshtein distance, bounded inputs only (names and ids). */
function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
