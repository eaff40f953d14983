/**
 * @module ui/highlight
 * Finds the explanation's terms (words and word pairs) in the review as written, so the page can
 * mark them in place. Matching is by lower-cased word, as the model's tokens are; terms it cannot
 * place (character n-grams, words the model normalised) stay in the term table only. Pure.
 */

/** A term of the explanation and its weight. */
export interface Term {
  term: string;
  weight: number;
}

/** A piece of the review: plain text, or a word that terms of the explanation contain. */
export type Segment = { text: string; mark?: undefined } | { text: string; mark: { weight: number; terms: Term[] } };

const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

/** The review cut into segments; a marked word carries its own term's weight, else its strongest pair's. */
export function highlightSegments(text: string, terms: readonly Term[]): Segment[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, key: m[0].toLowerCase().replace(/\u2019/g, "'") }));
  const byTerm = new Map(terms.map((t) => [t.term.toLowerCase(), t]));
  const segments: Segment[] = [];
  let at = 0;
  words.forEach((word, i) => {
    const matched: Term[] = [];
    const single = byTerm.get(word.key);
    if (single !== undefined) matched.push(single);
    const before = words[i - 1];
    const after = words[i + 1];
    const pairBefore = before === undefined ? undefined : byTerm.get(`${before.key} ${word.key}`);
    const pairAfter = after === undefined ? undefined : byTerm.get(`${word.key} ${after.key}`);
    if (pairBefore !== undefined) matched.push(pairBefore);
    if (pairAfter !== undefined) matched.push(pairAfter);
    if (matched.length === 0) return;
    const strongest = single ?? matched.reduce((a, b) => (Math.abs(b.weight) > Math.abs(a.weight) ? b : a));
    if (word.start > at) segments.push({ text: text.slice(at, word.start) });
    segments.push({ text: text.slice(word.start, word.end), mark: { weight: strongest.weight, terms: matched } });
    at = word.end;
  });
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}
