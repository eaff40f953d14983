/**
 * @module text/oov
 * What a model's features do not know of a text: the share of its tokens outside the vocabulary
 * (for drift monitoring, at training time on the test split and for each live prediction), and
 * the text length that monitoring compares. Reads fitted features; changes nothing.
 */
import { CharVectorizer, forEachNgram } from './char-vectorizer.js';
import { FeatureUnion, type TextFeatures } from './features.js';
import { normalizeText } from './normalize.js';
import { stopWordSet } from './stop-words.js';
import { tokenize } from './tokenize.js';
import { Vectorizer } from './vectorizer.js';

/** The length of a review text as monitoring measures it: UTF-16 code units of the text as received. */
export function textLength(text: string): number {
  return text.length;
}

// The words that appear in any term of a word vectorizer, built once per vectorizer.
const knownWords = new WeakMap<Vectorizer, ReadonlySet<string>>();

function wordsOf(vectorizer: Vectorizer): ReadonlySet<string> {
  let words = knownWords.get(vectorizer);
  if (words === undefined) {
    const set = new Set<string>();
    for (const term of vectorizer.terms) for (const word of term.split(' ')) set.add(word);
    words = set;
    knownWords.set(vectorizer, words);
  }
  return words;
}

/**
 * The share (0..1) of a text's tokens that the features do not know.
 * - Word features: tokens as the vectorizer reads them (normalised, stop words dropped) that occur
 *   in none of its terms.
 * - Character features: the text's char n-grams that are not terms.
 * - A union: the share of its first part (word features in every union trained).
 * A text with no token at all (empty, or only stop words or punctuation) has none unknown: 0.
 */
export function outOfVocabularyShare(features: TextFeatures, text: string): number {
  if (features instanceof FeatureUnion) {
    const part = features.parts[0];
    return part === undefined ? 0 : outOfVocabularyShare(part, text);
  }
  if (features instanceof Vectorizer) {
    const words = wordsOf(features);
    const tokens = tokenize(text, stopWordSet(features.config.stopWords));
    if (tokens.length === 0) return 0;
    let unknown = 0;
    for (const token of tokens) if (!words.has(token)) unknown++;
    return unknown / tokens.length;
  }
  if (features instanceof CharVectorizer) {
    const known = new Set(features.terms);
    let total = 0;
    let unknown = 0;
    const [minN, maxN] = features.config.ngramRange;
    forEachNgram(normalizeText(text), minN, maxN, (gram) => {
      total++;
      if (!known.has(gram)) unknown++;
    });
    return total === 0 ? 0 : unknown / total;
  }
  return 0;
}
