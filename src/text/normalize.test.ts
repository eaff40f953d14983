import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeText } from './normalize.js';

test('lowercases and collapses every whitespace run to one space, trimming the ends', () => {
  assert.equal(normalizeText('  The PARK\twas\n\nGREAT  '), 'the park was great');
});

test('empty and whitespace-only texts normalise to the empty string', () => {
  assert.equal(normalizeText(''), '');
  assert.equal(normalizeText(' \t\r\n \u00a0 '), '');
});

test("a space run before a contraction ending is the dataset's lost apostrophe", () => {
  assert.equal(normalizeText('Thanks God it wasn   t too hot'), "thanks god it wasn't too hot");
  assert.equal(normalizeText('I didn  t last, it   s fine'), "i didn't last, it's fine");
  assert.equal(normalizeText('We   ll go, they   re here, I   ve been, I   m off, I   d say'), "we'll go, they're here, i've been, i'm off, i'd say");
  assert.equal(normalizeText('DIDN   T'), "didn't");
  assert.equal(normalizeText('the 1950   s'), "the 1950's");
});

test('other space runs are lost characters and become one space', () => {
  assert.equal(normalizeText('the fa  ade was pretty'), 'the fa ade was pretty');
  assert.equal(normalizeText('visiting the park   otherwise it was'), 'visiting the park otherwise it was');
  assert.equal(normalizeText('everything is fine.   but crowded'), 'everything is fine. but crowded');
  // The ending must be a whole word: "it   steps" is not "it's teps".
  assert.equal(normalizeText('it   steps'), 'it steps');
  assert.equal(normalizeText('go   to'), 'go to');
  // A single space is a real word boundary, never an apostrophe.
  assert.equal(normalizeText('can t'), 'can t');
  // A run after punctuation is not between a word and an ending.
  assert.equal(normalizeText('fun!   s'), 'fun! s');
});

test('curly and look-alike apostrophes become a plain apostrophe', () => {
  assert.equal(normalizeText('Didn\u2019t, it\u2018s, Disney\u02bcs, can\u00b4t, won`t, isn\uff07t'), "didn't, it's, disney's, can't, won't, isn't");
});

test('Unicode NFKC: full-width forms, ligatures and no-break spaces take their plain forms', () => {
  assert.equal(normalizeText('ＤＩＳＮＥＹ １２３'), 'disney 123');
  assert.equal(normalizeText('the \ufb01reworks'), 'the fireworks');
  assert.equal(normalizeText('a\u00a0b'), 'a b');
  // Decomposed é (e + combining acute) composes to the single character é.
  assert.equal(normalizeText('Cafe\u0301'), 'caf\u00e9');
  assert.equal(normalizeText('CAFÉ'), 'café');
});

test('normalisation is idempotent', () => {
  for (const text of ['It   s GREAT', 'ＦＵＬＬ width', 'Disney\u2019s fa  ade', '  ']) {
    const once = normalizeText(text);
    assert.equal(normalizeText(once), once);
  }
});

test('plain ASCII text takes the same steps: backticks, tabs, line ends and space runs', () => {
  assert.equal(normalizeText('Won`t   stop,\tthe\r\nPARADE  was   great'), "won't stop, the parade was great");
  assert.equal(normalizeText('It`s fine'), "it's fine");
  assert.equal(normalizeText('no run here'), 'no run here');
  assert.equal(normalizeText(' edges only '), 'edges only');
  assert.equal(normalizeText('a\u000bb\fc'), 'a b c');
  // A non-ASCII apostrophe that leaves only ASCII behind, then a space run.
  assert.equal(normalizeText('Didn\u2019t  go'), "didn't go");
});
