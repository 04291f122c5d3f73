/**
 * The candidate nearest to `word`, if it is close enough to be a likely typo or a shortened id.
 *
 * First by edit distance (at most a third of the word's length, and at least 2). When nothing is that
 * close, ids get two more chances: a candidate that extends `word` at a word boundary
 * ("groq/llama-3.3-70b" → "groq/llama-3.3-70b-versatile", "monthlyInput" → "monthlyInputTokens"), or one
 * that is `word` under another provider prefix ("claude-haiku-4-5" → "anthropic/claude-haiku-4-5",
 * "gemini/gemini-2.5-flash" → "google/gemini-2.5-flash"). Among several, the shortest wins.
 */
export function closest(word: string, candidates: Iterable<string>, budget?: GuessBudget): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  const all = [...candidates];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of all) {
    // Out of budget: no guess, rather than one from part of the candidates.
    if (budget && budget.cells <= 0) return undefined;
    // Only a candidate nearer than the best so far, and within the limit, can change the answer.
    const d = editDistance(lower, candidate.toLowerCase(), Math.min(limit, bestDistance - 1), budget);
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

/** Strings longer than this get no edit-distance guess (names and ids are shorter). */
const MAX_COMPARED = 200;

/**
 * How much edit-distance work did-you-mean guesses may still do, in cells of the distance table: a stack with
 * thousands of mistyped 200-character tags against hundreds of declared workloads must not cost minutes
 * (the search is quadratic). Once it is spent, closest() guesses nothing.
 */
export interface GuessBudget {
  cells: number;
}

/** The budget of one analysis: about 0.1–0.2 s of work; a real stack uses a thousandth of it. */
const GUESS_BUDGET_CELLS = 20_000_000;

/**
 * Did-you-mean guesses for one analysis: the same word against the same candidate list is answered once, and
 * all of them together spend at most GUESS_BUDGET_CELLS.
 */
export class Guesses {
  private readonly budget: GuessBudget;
  private readonly known = new WeakMap<readonly string[], Map<string, string | undefined>>();

  constructor(cells = GUESS_BUDGET_CELLS) {
    this.budget = { cells };
  }

  closest(word: string, candidates: readonly string[]): string | undefined {
    let answers = this.known.get(candidates);
    if (!answers) this.known.set(candidates, (answers = new Map()));
    if (answers.has(word)) return answers.get(word);
    const guess = closest(word, candidates, this.budget);
    answers.set(word, guess);
    return guess;
  }
}

/**
 * Levenshtein distance if it is at most `max`, else Infinity; bounded inputs only (names and ids). Only the band of
 * the table within `max` of its diagonal is computed, and the search stops once a whole row exceeds `max`.
 */
function editDistance(a: string, b: string, max: number, budget?: GuessBudget): number {
  if (a.length > MAX_COMPARED || b.length > MAX_COMPARED || Math.abs(a.length - b.length) > max) return Infinity;
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  let previous = new Int32Array(m + 2).fill(over);
  let current = new Int32Array(m + 2).fill(over);
  for (let j = 0; j <= Math.min(m, max); j++) previous[j] = j;
  let cells = 0;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    current[lo - 1] = lo === 1 && i <= max ? i : over;
    let rowMin = current[lo - 1];
    for (let j = lo; j <= hi; j++) {
      const substitute = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, substitute, over);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    current[hi + 1] = over;
    cells += hi - lo + 1;
    [previous, current] = [current, previous];
    if (rowMin > max) break;
  }
  if (budget) budget.cells -= cells;
  return previous[m] <= max ? previous[m] : Infinity;
}
