import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTextFeatures } from './features.js';
import { outOfVocabularyShare, textLength } from './oov.js';
import type { VectorizerConfig } from './vectorizer.js';
import type { CharVectorizerConfig } from './char-vectorizer.js';

// Short reviews written for these tests.
const TEXTS = ['The parade was magical and the castle was lovely', 'Long queues, rude staff, expensive food', 'Magical castle, lovely parade'];
const WORDS: VectorizerConfig = { weighting: 'count', ngramRange: [1, 2], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'nltk', sublinearTf: false, binary: false };
const CHARS: CharVectorizerConfig = { analyzer: 'char_wb', weighting: 'count', ngramRange: [3, 3], maxFeatures: null, minDf: 1, sublinearTf: false };

test('the OOV share counts the tokens (stop words dropped) that no term of a word vectorizer contains', () => {
  const { features } = fitTextFeatures(TEXTS, WORDS);
  assert.equal(outOfVocabularyShare(features, 'The castle was magical'), 0);
  // "castle" known; "dragons", "everywhere", "near" unknown; "the", "were" are stop words.
  assert.equal(outOfVocabularyShare(features, 'The dragons were everywhere near the castle'), 3 / 4);
  assert.equal(outOfVocabularyShare(features, 'Le château était magnifique'), 1);
  assert.equal(outOfVocabularyShare(features, ''), 0);
  assert.equal(outOfVocabularyShare(features, 'the and was'), 0);
});

test('the OOV share of character features counts the char n-grams that are not terms; a union uses its first part', () => {
  const chars = fitTextFeatures(TEXTS, CHARS).features;
  assert.equal(outOfVocabularyShare(chars, 'castle'), 0);
  assert.ok(outOfVocabularyShare(chars, 'zzzz qqqq') === 1);
  const union = fitTextFeatures(TEXTS, { union: [WORDS, CHARS] }).features;
  assert.equal(outOfVocabularyShare(union, 'The dragons were everywhere near the castle'), 3 / 4);
});

test('text length is the length of the text as received', () => {
  assert.equal(textLength('Magical!'), 8);
  assert.equal(textLength(''), 0);
});
