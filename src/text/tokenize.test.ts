import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_TOKEN_LENGTH, scanTokenBounds, tokenize } from './tokenize.js';
import { stopWordSet } from './stop-words.js';

test('splits on punctuation and whitespace, drops punctuation, lowercases', () => {
  assert.deepEqual(tokenize('Great rides!!Great parade... (And FOOD?)'), ['great', 'rides', 'great', 'parade', 'and', 'food']);
});

test('one-letter tokens are dropped, as scikit-learn\'s default token pattern does', () => {
  assert.equal(MIN_TOKEN_LENGTH, 2);
  assert.deepEqual(tokenize('I had a 5 star day, u know'), ['had', 'star', 'day', 'know']);
});

test('negative contractions stay one readable token and survive when stop words are kept', () => {
  assert.deepEqual(tokenize("I didn't like it, we can't go, it won't open"), ["didn't", 'like', 'it', 'we', "can't", 'go', 'it', "won't", 'open']);
  // The dataset artefact "didn   t" is repaired first.
  assert.deepEqual(tokenize('It wasn   t busy'), ['it', "wasn't", 'busy']);
  // "n't" must end the word: "don'tx" is not a contraction.
  assert.deepEqual(tokenize("don'tx"), ['don', 'tx']);
});

test('other apostrophes separate, like scikit-learn: possessive and clitic fragments go', () => {
  assert.deepEqual(tokenize("Disney's castle, it's great, we're here, they'll love it"), [
    'disney', 'castle', 'it', 'great', 'we', 're', 'here', 'they', 'll', 'love', 'it',
  ]);
  assert.deepEqual(tokenize("'quoted' words"), ['quoted', 'words']);
});

test('NLTK stop-word removal drops the negations NLTK lists, but not the others', () => {
  const nltk = stopWordSet('nltk');
  assert.deepEqual(tokenize("The queue wasn't long and we didn't wait, can't complain", nltk), ['queue', 'long', 'wait', "can't", 'complain']);
});

test('hyphens and underscores separate words', () => {
  assert.deepEqual(tokenize('a must-see, well_organised park'), ['must', 'see', 'well', 'organised', 'park']);
});

test('numbers: decimal points and thousands separators between digits stay in the token', () => {
  assert.deepEqual(tokenize('We queued 1.5 hours with 1,000 people at 10:30am, 2.5hrs total.'), [
    'we', 'queued', '1.5', 'hours', 'with', '1,000', 'people', 'at', '10', '30am', '2.5hrs', 'total',
  ]);
  // A dot between a digit and a letter, or two dots, still separates.
  assert.deepEqual(tokenize('in 2018.The park, 3..4'), ['in', '2018', 'the', 'park']);
  assert.deepEqual(tokenize('year 2019.'), ['year', '2019']);
});

test('Unicode letters, combining marks and full-width forms are word characters', () => {
  assert.deepEqual(tokenize('Café crème at the Château'), ['café', 'crème', 'at', 'the', 'château']);
  assert.deepEqual(tokenize('ＧＲＥＡＴ　ｄａｙ'), ['great', 'day']);
  assert.deepEqual(tokenize('東京 ディズニー'), ['東京', 'ディズニー']);
  // Emoji are not word characters. Length counts characters, not UTF-16 units: one Gothic letter
  // (a surrogate pair) is dropped, two are kept.
  assert.deepEqual(tokenize('fun😀times \u{10330} \u{10330}\u{10331}'), ['fun', 'times', '\u{10330}\u{10331}']);
});

test('empty, whitespace-only and punctuation-only texts have no tokens', () => {
  assert.deepEqual(tokenize(''), []);
  assert.deepEqual(tokenize(' \n\t '), []);
  assert.deepEqual(tokenize('!!! ... ???'), []);
});

test('scanTokenBounds reports token ranges in a reusable buffer, without making strings', () => {
  const bounds = new Int32Array(64);
  const text = "one, two-three didn't 4.5";
  assert.equal(scanTokenBounds(text, bounds), 5);
  assert.deepEqual([...bounds.subarray(0, 10)], [0, 3, 5, 8, 9, 14, 15, 21, 22, 25]);
  assert.equal(text.slice(bounds[6], bounds[7]), "didn't");
  assert.equal(scanTokenBounds('five six', bounds), 2);
  assert.deepEqual([...bounds.subarray(0, 4)], [0, 4, 5, 8]);
  assert.equal(scanTokenBounds('', bounds), 0);
});

test('scanTokenBounds refuses a buffer shorter than the text + 1, which is always enough', () => {
  assert.throws(() => scanTokenBounds('abc def', new Int32Array(7)), /bounds holds 7 entries, fewer than the 8 needed/);
  // The densest text: two-letter tokens, one separator each.
  const dense = Array.from({ length: 50 }, () => 'ab').join(' ');
  const bounds = new Int32Array(dense.length + 1);
  assert.equal(scanTokenBounds(dense, bounds), 50);
});
