import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NLTK_ENGLISH_STOP_WORDS, ORIGINAL_EXTRA_STOP_WORDS, STOP_WORDS_OPTIONS, stopWordSet } from './stop-words.js';
import { tokenize } from './tokenize.js';

test("the NLTK list has exactly NLTK 3.x's 179 distinct English stop words", () => {
  assert.equal(NLTK_ENGLISH_STOP_WORDS.length, 179);
  assert.equal(new Set(NLTK_ENGLISH_STOP_WORDS).size, 179);
  assert.deepEqual(NLTK_ENGLISH_STOP_WORDS.slice(0, 10), ['i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', "you're"]);
  assert.deepEqual(NLTK_ENGLISH_STOP_WORDS.slice(-4), ['won', "won't", 'wouldn', "wouldn't"]);
  for (const word of ['not', 'no', 'nor', "didn't", 'didn', 'very', 'against', 's', 't', 'ma', 'y']) {
    assert.ok(NLTK_ENGLISH_STOP_WORDS.includes(word), word);
  }
  for (const word of ["can't", 'cannot', 'would', 'could', "i'm", 'us']) assert.ok(!NLTK_ENGLISH_STOP_WORDS.includes(word), word);
});

test("the original project's extras are added, and the nltk set is exactly both lists", () => {
  assert.deepEqual(ORIGINAL_EXTRA_STOP_WORDS, ["'ve", "''", "'ll", "'s", '.', ',', '?', '!', '(', ')', '..', "'m", 'n', 'u']);
  const nltk = stopWordSet('nltk');
  assert.equal(nltk.size, 179 + 14);
  for (const word of [...NLTK_ENGLISH_STOP_WORDS, ...ORIGINAL_EXTRA_STOP_WORDS]) assert.ok(nltk.has(word), word);
});

test("the 'none' option removes nothing", () => {
  assert.equal(stopWordSet('none').size, 0);
  assert.deepEqual(STOP_WORDS_OPTIONS, ['nltk', 'none']);
});

test('removal on and off', () => {
  const text = 'The park was not as good as we hoped, but the fireworks were very nice';
  assert.deepEqual(tokenize(text, stopWordSet('nltk')), ['park', 'good', 'hoped', 'fireworks', 'nice']);
  assert.deepEqual(tokenize(text, stopWordSet('none')), tokenize(text));
  assert.equal(tokenize(text, stopWordSet('none')).length, 15);
});

test('the lists are frozen', () => {
  assert.throws(() => (NLTK_ENGLISH_STOP_WORDS as string[]).push('park'), TypeError);
  assert.throws(() => (ORIGINAL_EXTRA_STOP_WORDS as string[]).pop(), TypeError);
});
