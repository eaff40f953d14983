import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isReviewStarsError } from '../core/errors.js';
import type { Csr } from './csr.js';
import { compareTerms } from './vocabulary.js';
import { repoPath } from '../../test-support/paths.js';
import {
  Vectorizer,
  documentFrequency,
  parseVectorizerConfig,
  selectTokenizedTexts,
  smoothIdf,
  tokenizeTexts,
  tfidfWeight,
  type VectorizerArtifact,
  type VectorizerConfig,
} from './vectorizer.js';

interface CsrJson {
  rows: number;
  cols: number;
  indptr: number[];
  indices: number[];
  data: number[];
}

function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(repoPath('src/text/fixtures', name), 'utf8')) as T;
}

function csrOf(m: CsrJson): Csr {
  return {
    rows: m.rows,
    cols: m.cols,
    indptr: Int32Array.from(m.indptr),
    indices: Int32Array.from(m.indices),
    data: Float64Array.from(m.data),
  };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tolerance, `${label}[${i}]: ${a} vs ${e}`);
  }
}

function assertCsrClose(actual: Csr, expected: CsrJson, tolerance: number, label: string): void {
  assert.equal(actual.rows, expected.rows, `${label}: rows`);
  assert.equal(actual.cols, expected.cols, `${label}: cols`);
  assert.deepEqual([...actual.indptr], expected.indptr, `${label}: indptr`);
  assert.deepEqual([...actual.indices], expected.indices, `${label}: indices`);
  assertClose(actual.data, expected.data, tolerance, `${label}: data`);
}

const TFIDF: VectorizerConfig = {
  weighting: 'tfidf',
  ngramRange: [1, 2],
  maxFeatures: null,
  minDf: 1,
  maxDf: 1,
  stopWords: 'nltk',
  sublinearTf: false,
  binary: false,
};
const COUNT: VectorizerConfig = { ...TFIDF, weighting: 'count', ngramRange: [1, 1] };

// Short reviews written for these tests.
const TEXTS = [
  'The castle was magical, and the fireworks were magical too!',
  "Long queues and the rides didn't open. Not worth it.",
  'Great rides, great parade: a great day with the kids.',
  'Food was expensive but the parade was fun.',
];

test('TF-IDF weighting matches scikit-learn TfidfTransformer (smooth idf, l2, sublinear on and off) to 1e-12', () => {
  const fixture = readFixture<{
    generatedBy: string;
    cases: { name: string; counts: CsrJson; idf: number[]; tfidf: CsrJson; tfidfSublinear: CsrJson }[];
  }>('tfidf-reference.json');
  assert.equal(fixture.generatedBy, 'tools/reference/tfidf_fixture.py');
  assert.equal(fixture.cases.length, 2);
  for (const c of fixture.cases) {
    const counts = csrOf(c.counts);
    const df = documentFrequency(counts);
    const idf = smoothIdf(df, counts.rows);
    assertClose(idf, c.idf, 1e-12, `${c.name} idf`);
    const plain = tfidfWeight(counts, idf, false);
    const sublinear = tfidfWeight(counts, idf, true);
    assertCsrClose(plain, c.tfidf, 1e-12, `${c.name} tfidf`);
    assertCsrClose(sublinear, c.tfidfSublinear, 1e-12, `${c.name} tfidf sublinear`);
    // The input counts are left as they were.
    assert.deepEqual([...counts.data], c.counts.data);
  }
  const zeroRow = fixture.cases[0] as { counts: CsrJson };
  assert.equal(zeroRow.counts.indptr[4], zeroRow.counts.indptr[5], 'the first case has an empty row 4');
  const everyRow = fixture.cases[1] as { idf: number[] };
  assert.equal(everyRow.idf[0], 1, 'a column in every row has idf exactly 1');
});

test('fitTransform, transform and transformOne match scikit-learn Count/TfidfVectorizer end to end', () => {
  const fixture = readFixture<{
    texts: string[];
    cases: { name: string; config: VectorizerConfig; terms: string[]; X: CsrJson; idf: number[] | null }[];
  }>('vectorizer-reference.json');
  assert.ok(fixture.cases.length >= 7);
  for (const c of fixture.cases) {
    const { vectorizer, X } = Vectorizer.fitTransform(fixture.texts, c.config);
    assert.deepEqual(vectorizer.terms, c.terms, `${c.name}: terms`);
    if (c.idf === null) assert.equal(vectorizer.idf, null);
    else assertClose(vectorizer.idf as Float64Array, c.idf, 1e-12, `${c.name}: idf`);
    assertCsrClose(X, c.X, 1e-12, `${c.name}: fitTransform`);
    assertCsrClose(vectorizer.transform(fixture.texts), c.X, 1e-12, `${c.name}: transform`);
    fixture.texts.forEach((text, r) => {
      const row = vectorizer.transformOne(text);
      const start = c.X.indptr[r] as number;
      const end = c.X.indptr[r + 1] as number;
      assert.equal(row.nnz, end - start, `${c.name}: row ${r} nnz`);
      assert.deepEqual([...row.indices], c.X.indices.slice(start, end), `${c.name}: row ${r} indices`);
      assertClose(row.data, c.X.data.slice(start, end), 1e-12, `${c.name}: row ${r} data`);
    });
  }
});

function assertSameCsr(actual: Csr, expected: Csr, label: string): void {
  assert.equal(actual.rows, expected.rows, `${label}: rows`);
  assert.equal(actual.cols, expected.cols, `${label}: cols`);
  assert.deepEqual(actual.indptr, expected.indptr, `${label}: indptr`);
  assert.deepEqual(actual.indices, expected.indices, `${label}: indices`);
  assert.deepEqual(actual.data, expected.data, `${label}: data`);
}

test('texts tokenised once give, for any subsets, the same vectorizer and rows as fitTransform and transform, bit for bit', () => {
  const fixture = readFixture<{ texts: string[]; cases: { name: string; config: VectorizerConfig }[] }>('vectorizer-reference.json');
  const fitIds = Int32Array.from([9, 0, 2, 4, 6, 8, 10, 12, 1]);
  const otherIds = Int32Array.from([11, 3, 5, 7, 0]);
  const textsOf = (ids: Int32Array): string[] => Array.from(ids, (i) => fixture.texts[i] as string);
  for (const c of fixture.cases) {
    const all = tokenizeTexts(fixture.texts, c.config.stopWords);
    assert.equal(all.corpus.documents, fixture.texts.length);
    const expected = Vectorizer.fitTransform(textsOf(fitIds), c.config);
    const actual = Vectorizer.fitTransformTokenized(selectTokenizedTexts(all, fitIds), c.config);
    assert.deepEqual(actual.vectorizer.toJSON(), expected.vectorizer.toJSON(), `${c.name}: vectorizer`);
    assertSameCsr(actual.X, expected.X, `${c.name}: fitted rows`);
    assertSameCsr(actual.vectorizer.transformTokenized(selectTokenizedTexts(all, otherIds)), expected.vectorizer.transform(textsOf(otherIds)), `${c.name}: other rows`);
  }
});

test('tokenised texts refuse a vectorizer with other stop words, and a document outside them', () => {
  const nltk = tokenizeTexts(TEXTS, 'nltk');
  assert.throws(() => Vectorizer.fitTransformTokenized(nltk, { ...COUNT, stopWords: 'none' }), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /stop words "nltk"/.test((err as Error).message));
  const { vectorizer } = Vectorizer.fitTransformTokenized(nltk, COUNT);
  assert.throws(() => vectorizer.transformTokenized(tokenizeTexts(TEXTS, 'none')), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
  assert.throws(() => selectTokenizedTexts(nltk, [4]), RangeError);
  assert.throws(() => tokenizeTexts([TEXTS[0] as string, 3 as unknown as string], 'nltk'), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /texts\[1\]/.test((err as Error).message));
});

test('count weighting gives raw counts of the vocabulary terms, stop words removed first', () => {
  const { vectorizer, X } = Vectorizer.fitTransform(TEXTS, COUNT);
  assert.equal(vectorizer.idf, null);
  assert.ok(!vectorizer.terms.includes('the') && !vectorizer.terms.includes("didn't"));
  const row = vectorizer.transformOne('Magical magical MAGICAL castle, the castle!');
  const terms = [...row.indices].map((i) => vectorizer.terms[i]);
  assert.deepEqual(terms, ['castle', 'magical']);
  assert.deepEqual([...row.data], [2, 3]);
  assert.equal(X.rows, TEXTS.length);
  assert.equal(X.cols, vectorizer.nFeatures);
});

test('negations are features when stop words are kept, and n-grams carry them', () => {
  const v = Vectorizer.fit(TEXTS, { ...COUNT, stopWords: 'none', ngramRange: [1, 2] });
  for (const term of ["didn't", "didn't open", 'not', 'not worth']) assert.ok(v.terms.includes(term), term);
});

test('binary makes every present term 1, before the idf weighting', () => {
  const counts = Vectorizer.fit(TEXTS, { ...COUNT, binary: true });
  assert.deepEqual([...counts.transformOne('magical magical castle').data], [1, 1]);
  const tfidf = Vectorizer.fit(TEXTS, { ...TFIDF, ngramRange: [1, 1], binary: true });
  const plain = Vectorizer.fit(TEXTS, { ...TFIDF, ngramRange: [1, 1] });
  assert.deepEqual([...tfidf.transformOne('magical magical castle').data], [...plain.transformOne('magical castle').data]);
});

test('TF-IDF rows have unit L2 norm; a text with no known term gives an empty row', () => {
  const { vectorizer, X } = Vectorizer.fitTransform(TEXTS, { ...TFIDF, sublinearTf: true });
  for (let r = 0; r < X.rows; r++) {
    let sum = 0;
    for (let k = X.indptr[r] as number; k < (X.indptr[r + 1] as number); k++) sum += (X.data[k] as number) ** 2;
    assert.ok(Math.abs(Math.sqrt(sum) - 1) < 1e-12, `row ${r}`);
  }
  for (const text of ['', '   ', '!!!', 'zebra unicorn', 'the and of']) assert.equal(vectorizer.transformOne(text).nnz, 0, text);
  const empty = vectorizer.transform(['', 'zebra']);
  assert.deepEqual([...empty.indptr], [0, 0, 0]);
});

test('transformOne writes into buffers that the next call reuses', () => {
  const v = Vectorizer.fit(TEXTS, COUNT);
  const first = v.transformOne('magical castle');
  const firstIndices = [...first.indices];
  const second = v.transformOne('rides rides');
  assert.equal(first.indices.buffer, second.indices.buffer);
  assert.equal(first.data.buffer, second.data.buffer);
  assert.notDeepEqual([...first.indices], firstIndices);
});

test('the same data gives the same feature ids and values, bit for bit', () => {
  const a = Vectorizer.fitTransform(TEXTS, TFIDF);
  const b = Vectorizer.fitTransform([...TEXTS], { ...TFIDF });
  assert.deepEqual(a.vectorizer.terms, b.vectorizer.terms);
  assert.deepEqual(a.X, b.X);
  const sorted = [...a.vectorizer.terms].sort(compareTerms);
  assert.deepEqual(a.vectorizer.terms, sorted);
});

test('bad configs and inputs are refused with INVALID_ARGUMENT and say what is wrong', () => {
  const refuses = (run: () => unknown, message: string): void => {
    assert.throws(run, (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && err.message === message);
  };
  const prefix = 'invalid vectorizer config: config ';
  refuses(() => Vectorizer.fit(TEXTS, { ...TFIDF, weighting: 'bm25' as 'count' }), `${prefix}weighting must be "count" or "tfidf", got "bm25"`);
  refuses(() => Vectorizer.fit(TEXTS, { ...TFIDF, stopWords: 'french' as 'none' }), `${prefix}stopWords must be "nltk" or "none", got "french"`);
  refuses(() => Vectorizer.fit(TEXTS, { ...COUNT, sublinearTf: true }), `${prefix}sublinearTf applies to weighting "tfidf" only: set it to false for "count"`);
  refuses(() => Vectorizer.fit(TEXTS, { ...TFIDF, ngramRange: [1, 5] }), `${prefix}ngramRange must be [min, max] with integers 1 <= min <= max <= 3, got [1,5]`);
  refuses(() => Vectorizer.fit(TEXTS, { ...TFIDF, maxFeatures: -1 }), `${prefix}maxFeatures must be null or an integer >= 1, got -1`);
  refuses(() => Vectorizer.fit(TEXTS, { ...TFIDF, binary: 'yes' as unknown as boolean }), `${prefix}binary must be true or false, got "yes"`);
  refuses(() => Vectorizer.fit(TEXTS, { ...TFIDF, extra: 1 } as VectorizerConfig), `${prefix}has an unknown key "extra"`);
  const { minDf: _minDf, ...withoutMinDf } = TFIDF;
  refuses(() => Vectorizer.fit(TEXTS, withoutMinDf as VectorizerConfig), `${prefix}is missing minDf`);
  refuses(() => parseVectorizerConfig(null), `${prefix}must be an object, got null`);
  refuses(() => Vectorizer.fit('text' as unknown as string[], TFIDF), 'texts must be an array of strings, got "text"');
  refuses(() => Vectorizer.fit(['ok', 3] as unknown as string[], TFIDF), 'texts[1] must be a string, got 3');
  refuses(() => Vectorizer.fit(['the and', 'of'], TFIDF), 'the vocabulary is empty: the documents contain no tokens (only stop words, punctuation or one-letter words)');
  const v = Vectorizer.fit(TEXTS, TFIDF);
  refuses(() => v.transform([null] as unknown as string[]), 'texts[0] must be a string, got null');
  refuses(() => v.transformOne(undefined as unknown as string), 'text must be a string, got nothing');
});

test('parseVectorizerConfig returns a frozen copy', () => {
  const config = parseVectorizerConfig(TFIDF);
  assert.deepEqual(config, TFIDF);
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.ngramRange));
  assert.notEqual(config.ngramRange, TFIDF.ngramRange);
});

test('toJSON / fromJSON round trip gives identical transformOne outputs, also through JSON text', () => {
  for (const config of [TFIDF, COUNT, { ...TFIDF, ngramRange: [1, 3] as [number, number], sublinearTf: true, stopWords: 'none' as const }]) {
    const original = Vectorizer.fit(TEXTS, config);
    const artifact = original.toJSON();
    assert.equal(artifact.format, 'review-stars/vectorizer');
    assert.equal(artifact.formatVersion, 1);
    const restored = Vectorizer.fromJSON(JSON.parse(JSON.stringify(artifact)));
    assert.deepEqual(restored.config, original.config);
    assert.deepEqual(restored.terms, original.terms);
    assert.deepEqual(restored.idf, original.idf);
    for (const text of [...TEXTS, 'Magical rides but long queues', '', 'unknown words only']) {
      const a = original.transformOne(text);
      const indices = [...a.indices];
      const data = [...a.data];
      const b = restored.transformOne(text);
      assert.deepEqual([...b.indices], indices, text);
      assert.deepEqual([...b.data], data, text); // bit for bit
    }
  }
});

function artifact(): VectorizerArtifact {
  return {
    format: 'review-stars/vectorizer',
    formatVersion: 1,
    config: { ...TFIDF },
    terms: ['castle', 'fun', 'great', 'great day'],
    idf: [1.5, 2, 1.25, 2.5],
  };
}

test('fromJSON accepts a hand-written artifact', () => {
  const v = Vectorizer.fromJSON(artifact());
  const row = v.transformOne('A great day, great fun!');
  assert.deepEqual([...row.indices], [1, 2, 3]);
  const raw = [2, 1.25 * 2, 2.5];
  const norm = Math.hypot(...raw);
  assertClose(row.data, raw.map((x) => x / norm), 1e-15, 'row');
});

test('fromJSON rejects each corrupt artifact with MODEL_FILE_INVALID and an exact message', () => {
  const cases: [string, (a: Record<string, unknown>) => unknown, string][] = [
    ['not an object', () => [1, 2], 'expected a JSON object, got an array'],
    ['null', () => null, 'expected a JSON object, got null'],
    ['wrong format', (a) => ({ ...a, format: 'review-stars/model' }), 'format must be "review-stars/vectorizer", got "review-stars/model"'],
    ['wrong version', (a) => ({ ...a, formatVersion: 2 }), 'formatVersion 2 is not supported (expected 1)'],
    ['unknown key', (a) => ({ ...a, vocabulary: {} }), 'unknown key "vocabulary"'],
    ['missing config', (a) => ({ ...a, config: undefined }), 'config must be an object, got nothing'],
    ['bad config value', (a) => ({ ...a, config: { ...TFIDF, maxDf: 1.5 } }), 'config maxDf must be a fraction of documents in (0, 1], got 1.5'],
    ['terms not an array', (a) => ({ ...a, terms: { castle: 0 } }), 'terms must be an array of strings, got an object'],
    ['empty terms', (a) => ({ ...a, terms: [], idf: [] }), 'terms must not be empty'],
    ['non-string term', (a) => ({ ...a, terms: ['castle', 7, 'great', 'great day'] }), 'terms[1] must be a non-empty string, got 7'],
    ['empty term', (a) => ({ ...a, terms: ['', 'fun', 'great', 'great day'] }), 'terms[0] must be a non-empty string, got ""'],
    ['double space', (a) => ({ ...a, terms: ['castle', 'fun', 'great', 'great  day'] }), 'terms[3] "great  day" must be words joined by single spaces'],
    ['too many words', (a) => ({ ...a, terms: ['castle', 'fun', 'great', 'great day out'] }), 'terms[3] "great day out" has 3 words, outside ngramRange [1, 2]'],
    ['stop word', (a) => ({ ...a, terms: ['castle', 'fun', 'great', 'the day'] }), 'terms[3] "the day" contains the stop word "the"'],
    ['duplicate term', (a) => ({ ...a, terms: ['castle', 'fun', 'fun', 'great'] }), 'duplicate term "fun" at terms[2] (first at terms[1])'],
    ['unsorted terms', (a) => ({ ...a, terms: ['fun', 'castle', 'great', 'great day'] }), 'terms are not in alphabetical order: terms[1] "castle" comes after "fun"'],
    ['idf missing', (a) => ({ ...a, idf: null }), 'idf must be an array of numbers for weighting "tfidf", got null'],
    ['idf length', (a) => ({ ...a, idf: [1, 2, 3] }), 'idf has 3 values but there are 4 terms'],
    ['idf not finite', (a) => ({ ...a, idf: [1, 2, '3', 4] }), 'idf[2] must be a finite number > 0, got "3"'],
    ['idf zero', (a) => ({ ...a, idf: [1, 0, 3, 4] }), 'idf[1] must be a finite number > 0, got 0'],
    ['idf negative', (a) => ({ ...a, idf: [1, 2, 3, -4] }), 'idf[3] must be a finite number > 0, got -4'],
    ['idf infinite', (a) => ({ ...a, idf: [Infinity, 2, 3, 4] }), 'idf[0] must be a finite number > 0, got Infinity'],
    ['idf for counts', (a) => ({ ...a, config: { ...COUNT, ngramRange: [1, 2] } }), 'idf must be null for weighting "count", got an array'],
  ];
  for (const [name, corrupt, message] of cases) {
    const raw = corrupt(artifact() as unknown as Record<string, unknown>);
    assert.throws(
      () => Vectorizer.fromJSON(raw),
      (err: unknown) => isReviewStarsError(err, 'MODEL_FILE_INVALID') && err.message === `invalid vectorizer file: ${message}`,
      name,
    );
  }
});

const REVIEWS_CSV = process.env.REVIEWS_CSV;

test(
  'on the real reviews: uni+bigram TF-IDF fits, rows are unit length, and fit and transform paths agree',
  { skip: REVIEWS_CSV === undefined ? 'set REVIEWS_CSV to the reviews CSV to run this test' : false },
  async () => {
    const { loadReviews } = await import('../data/reviews-csv.js');
    const { reviews } = await loadReviews(REVIEWS_CSV as string);
    const texts = reviews.map((r) => r.text);
    assert.ok(texts.length > 1000);
    const config: VectorizerConfig = { ...TFIDF, maxFeatures: 20000, minDf: 2, sublinearTf: true };
    const { vectorizer, X } = Vectorizer.fitTransform(texts, config);
    assert.equal(vectorizer.nFeatures, 20000);
    assert.equal(X.rows, texts.length);
    assert.deepEqual([...vectorizer.terms].sort(compareTerms), vectorizer.terms);
    assert.equal(new Set(vectorizer.terms).size, vectorizer.terms.length);
    assert.ok(vectorizer.terms.some((t) => t.includes(' ')));
    for (let r = 0; r < X.rows; r++) {
      let sum = 0;
      for (let k = X.indptr[r] as number; k < (X.indptr[r + 1] as number); k++) sum += (X.data[k] as number) ** 2;
      assert.ok(sum === 0 || Math.abs(sum - 1) < 1e-9, `row ${r}`);
    }
    // Counting during fit and matching with the term index later give the same rows.
    const again = vectorizer.transform(texts);
    assert.deepEqual([...again.indptr], [...X.indptr]);
    assert.deepEqual([...again.indices], [...X.indices]);
    assertClose(again.data, X.data, 1e-15, 'transform vs fitTransform');
    // The dataset's lost apostrophes are repaired: with stop words kept, "didn't" is a frequent term
    // and the fragment "didn" is (nearly) gone.
    const kept = Vectorizer.fit(texts, { ...COUNT, stopWords: 'none', maxFeatures: 5000 });
    assert.ok(kept.terms.includes("didn't") && kept.terms.includes("wasn't"));
    assert.ok(!kept.terms.includes('didn'));
    // Round trip on a large vocabulary.
    const restored = Vectorizer.fromJSON(JSON.parse(JSON.stringify(vectorizer.toJSON())));
    for (const text of texts.slice(0, 200)) {
      const a = vectorizer.transformOne(text);
      const indices = [...a.indices];
      const data = [...a.data];
      const b = restored.transformOne(text);
      assert.deepEqual([...b.indices], indices);
      assert.deepEqual([...b.data], data);
    }
  },
);
