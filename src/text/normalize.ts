/**
 * @module text/normalize
 * Turns a raw review into the canonical text the tokenizer reads: apostrophes unified, Unicode
 * NFKC, lower case, this dataset's "non-ASCII became spaces" artefact repaired, whitespace collapsed.
 * Pure string work: no tokenising, no stop words, no I/O.
 */

/**
 * The contraction endings the artefact repair recognises after a run of spaces: `didn   t`,
 * `it   s`, `we   ll`, `i   ve`, `we   re`, `i   m`, `i   d` (the lost character was an apostrophe).
 */
export const CONTRACTION_SUFFIXES: readonly string[] = Object.freeze(['t', 's', 'll', 've', 're', 'm', 'd']);

// Typographic apostrophes, primes, acute and grave accents used as apostrophes. Replaced before
// NFKC, which would otherwise turn the spacing acute (U+00B4) into a space plus a combining mark.
const APOSTROPHE_LIKE_CHARS = '\u2018\u2019\u201B\u02BC\u2032\u00B4\u0060\uFF07';
const APOSTROPHE_LIKE = new RegExp(`[${APOSTROPHE_LIKE_CHARS}]`, 'g');
// The ASCII ones among them (the backtick): all that ASCII text can hold.
const ASCII_APOSTROPHE_LIKE = new RegExp(`[${[...APOSTROPHE_LIKE_CHARS].filter((c) => c < '\u0080').join('')}]`);

// The Kaggle export replaced every non-ASCII character with 2+ spaces, so a curly apostrophe in
// "didn't" reads "didn   t". A space run between a word character and a whole-word contraction
// ending is taken to be that apostrophe; any other run is a lost character and becomes one space.
const LOST_APOSTROPHE = new RegExp(
  String.raw`([\p{L}\p{M}\p{N}]) {2,}(${CONTRACTION_SUFFIXES.join('|')})(?![\p{L}\p{M}\p{N}])`,
  'gu',
);

// Runs of 2+ whitespace characters, or any single whitespace other than a plain space.
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;
// Any whitespace other than a plain space: without it and without two spaces in a row, there is
// no run to collapse (most reviews), and one scan for a character is cheaper than the replace.
const OTHER_WHITESPACE = /[^\S ]/;

// Only non-ASCII text can change under NFKC, and ASCII text can hold only the ASCII apostrophe
// look-alikes; skipping NFKC and the full replace for ASCII keeps the hot path short.
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Canonical form of a review text, in this order:
 * 1. apostrophe look-alikes (‘ ’ ‛ ʼ ′ ´ ` ＇) become `'`;
 * 2. Unicode NFKC (full-width forms, ligatures and no-break spaces become their plain forms);
 * 3. lower case (locale-independent);
 * 4. a run of 2+ spaces between a word character and a contraction ending
 *    ({@link CONTRACTION_SUFFIXES}, as a whole word) becomes `'` (`didn   t` -> `didn't`);
 * 5. every other whitespace run becomes one space, and the ends are trimmed.
 *
 * Empty or whitespace-only input gives `''`.
 */
export function normalizeText(text: string): string {
  // A served review is normalised twice in a row, for its features and for the prediction log's
  // hash: the second call is answered from this one-entry memo (strings are immutable).
  if (text === lastText) return lastNormalized;
  lastNormalized = normalizeUncached(text);
  lastText = text;
  return lastNormalized;
}

let lastText: string | undefined;
let lastNormalized = '';

function normalizeUncached(text: string): string {
  let s = text;
  if (NON_ASCII.test(s)) {
    s = s.replace(APOSTROPHE_LIKE, "'").normalize('NFKC');
  } else if (ASCII_APOSTROPHE_LIKE.test(s)) {
    s = s.replace(APOSTROPHE_LIKE, "'");
  }
  s = s.toLowerCase();
  const spaceRuns = s.includes('  ');
  if (spaceRuns) s = s.replace(LOST_APOSTROPHE, "$1'$2");
  if (spaceRuns || OTHER_WHITESPACE.test(s)) s = s.replace(WHITESPACE_TO_COLLAPSE, ' ');
  return s.trim();
}
