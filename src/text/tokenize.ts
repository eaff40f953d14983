/**
 * @module text/tokenize
 * Splits normalised review text into word tokens. Every tokenisation choice of review-stars is made
 * here and documented on {@link scanTokenBounds}. No normalisation (see normalize.ts), no n-grams, no I/O.
 */
import { normalizeText } from './normalize.js';

/**
 * Tokens with fewer characters (code points) than this are dropped, as scikit-learn's default
 * token pattern `\b\w\w+\b` drops one-letter words ("a", "i", the "s" of "disney's").
 */
export const MIN_TOKEN_LENGTH = 2;

const APOSTROPHE = 0x27;
const COMMA = 0x2c;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_N = 0x6e;
const LOWER_T = 0x74;

// Word characters are letters, combining marks and numbers (\p{L}\p{M}\p{N}). ASCII is answered by
// a table; other BMP characters by the regex once, then memoised (1: word, 2: not a word character).
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[0-9a-zA-Z]/.test(String.fromCharCode(c)) ? 1 : 0;
const BMP_WORD = new Uint8Array(0x10000);
const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u;

function isNonAsciiWordCodePoint(cp: number): boolean {
  if (cp >= 0x10000) return WORD_CHARACTER.test(String.fromCodePoint(cp));
  let kind = BMP_WORD[cp] as number;
  if (kind === 0) {
    kind = WORD_CHARACTER.test(String.fromCharCode(cp)) ? 1 : 2;
    BMP_WORD[cp] = kind;
  }
  return kind === 1;
}

/** UTF-16 length of the word character at s[i] (2 for a surrogate pair), or 0 if it is not one. */
function wordCharLength(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] as number;
  const cp = s.codePointAt(i) as number;
  if (!isNonAsciiWordCodePoint(cp)) return 0;
  return cp > 0xffff ? 2 : 1;
}

function isAsciiDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** Index just past the run of word characters that starts at `i`. */
function endOfWordRun(s: string, i: number): number {
  for (let w = wordCharLength(s, i); w > 0; w = wordCharLength(s, i)) i += w;
  return i;
}

function hasMinLength(s: string, start: number, end: number): boolean {
  if (end - start >= 2 * MIN_TOKEN_LENGTH - 1) return true; // enough even if all were surrogate pairs
  let codePoints = 0;
  for (let i = start; i < end; codePoints++) i += (s.codePointAt(i) as number) > 0xffff ? 2 : 1;
  return codePoints >= MIN_TOKEN_LENGTH;
}

/**
 * Finds the tokens of `normalized` (the output of {@link normalizeText}) without making strings:
 * token k is `normalized.slice(bounds[2k], bounds[2k + 1])`. Returns the number of tokens.
 * `bounds` must hold at least `normalized.length + 1` entries (always enough), so a caller can keep
 * one buffer for every text. The rules:
 * - a token is a maximal run of letters, combining marks and digits (`\p{L}\p{M}\p{N}`); every
 *   other character separates tokens and is dropped (punctuation, symbols, emoji, `_`, hyphens:
 *   `must-see` gives `must`, `see`, and an n-gram can still join them);
 * - numbers: a `.` or `,` between two ASCII digits stays inside the token (`8.5`, `1,000`, `2.5hrs`);
 * - negative contractions stay one token, so a negation reads as written and survives when stop
 *   words are kept: `didn't`, `can't`, `won't` (a run ending in `n` + `'t` + a non-word character).
 *   With NLTK stop words most of them (`didn't`, `wasn't`, ...) are in the list and go, as NLTK intends;
 * - every other apostrophe separates, as in scikit-learn: `disney's` -> `disney` (the `s` is too
 *   short), `we're` -> `we`, `re` (both NLTK stop words);
 * - tokens shorter than {@link MIN_TOKEN_LENGTH} characters are dropped.
 */
export function scanTokenBounds(normalized: string, bounds: Int32Array): number {
  const s = normalized;
  const n = s.length;
  if (bounds.length < n + 1) throw new RangeError(`bounds holds ${bounds.length} entries, fewer than the ${n + 1} needed`);
  let count = 0;
  let i = 0;
  while (i < n) {
    const w = wordCharLength(s, i);
    if (w === 0) {
      i += (s.codePointAt(i) as number) > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    i = endOfWordRun(s, i + w);
    while (i < n) {
      const c = s.charCodeAt(i);
      if ((c === DOT || c === COMMA) && isAsciiDigit(s.charCodeAt(i - 1)) && isAsciiDigit(s.charCodeAt(i + 1))) {
        i = endOfWordRun(s, i + 1);
        continue;
      }
      if (c === APOSTROPHE && s.charCodeAt(i - 1) === LOWER_N && s.charCodeAt(i + 1) === LOWER_T && wordCharLength(s, i + 2) === 0) {
        i += 2;
      }
      break;
    }
    if (hasMinLength(s, start, i)) {
      bounds[2 * count] = start;
      bounds[2 * count + 1] = i;
      count++;
    }
  }
  return count;
}

/**
 * The tokens of a raw review text, in order: {@link normalizeText}, then {@link scanTokenBounds},
 * then the tokens in `stopWords` removed (see stop-words.ts for the sets).
 */
export function tokenize(text: string, stopWords?: ReadonlySet<string>): string[] {
  const normalized = normalizeText(text);
  const bounds = new Int32Array(normalized.length + 1);
  const count = scanTokenBounds(normalized, bounds);
  const tokens: string[] = [];
  for (let k = 0; k < count; k++) {
    const token = normalized.slice(bounds[2 * k], bounds[2 * k + 1]);
    if (stopWords === undefined || !stopWords.has(token)) tokens.push(token);
  }
  return tokens;
}
