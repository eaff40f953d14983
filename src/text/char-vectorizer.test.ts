import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CharVectorizer, type CharVectorizerConfig } from './char-vectorizer.js';
import { fitTextFeatures, textFeaturesFromJSON } from './features.js';
import { isReviewStarsError } from '../core/errors.js';
import { repoPath } from '../../test-support/paths.js';

interface ReferenceCase {
  config: { ngramRange: [number, number]; minDf: number; maxFeatures: number | null; sublinearTf: boolean };
  terms: string[];
  idf: number[];
  indptr: number[];
  indices: number[];
  data: number[];
}
const reference = JSON.parse(readFileSync(repoPath('src/text/fixtures/char-vectorizer-reference.json'), 'utf8')) as {
  texts: string[];
  cases: ReferenceCase[];
};

const configOf = (c: ReferenceCase['config']): CharVectorizerConfig => ({ analyzer: 'char_wb', weighting: 'tfidf', ...c });

test('char_wb TF-IDF matches scikit-learn: same terms, idf and matrix to 1e-12', () => {
  for (const c of reference.cases) {
    const { vectorizer, X } = CharVectorizer.fitTransform(reference.texts, configOf(c.config));
    assert.deepEqual(vectorizer.terms, c.terms, JSON.stringify(c.config));
    vectorizer.idf?.forEach((v, i) => assert.ok(Math.abs(v - (c.idf[i] as number)) < 1e-12));
    assert.deepEqual(Array.from(X.indptr), c.indptr);
    assert.deepEqual(Array.from(X.indices), c.indices);
    X.data.forEach((v, i) => assert.ok(Math.abs(v - (c.data[i] as number)) < 1e-12, `data[${i}]`));
    // transform and transformOne give the rows fitTransform gave
    const again = vectorizer.transform(reference.texts);
    assert.deepEqual(Array.from(again.indices), c.indices);
    const one = vectorizer.transformOne(reference.texts[0] as string);
    assert.deepEqual(Array.from(one.indices), c.indices.slice(c.indptr[0], c.indptr[1]));
  }
});

test('a char vectorizer round-trips through JSON and rejects corrupt files', () => {
  const { vectorizer } = CharVectorizer.fitTransform(reference.texts, configOf({ ngramRange: [2, 4], minDf: 1, maxFeatures: null, sublinearTf: true }));
  const json = JSON.parse(JSON.stringify(vectorizer.toJSON()));
  const back = textFeaturesFromJSON(json);
  assert.deepEqual(Array.from(back.transformOne('magical castle').data), Array.from(vectorizer.transformOne('magical castle').data));
  const bad = (mutate: (j: Record<string, unknown>) => void, pattern: RegExp): void => {
    const copy = JSON.parse(JSON.stringify(json));
    mutate(copy);
    assert.throws(() => textFeaturesFromJSON(copy), (e: unknown) => isReviewStarsError(e, 'MODEL_FILE_INVALID') && pattern.test(e.message));
  };
  bad((j) => ((j.terms as string[])[1] = (j.terms as string[])[0] as string), /distinct and in order/);
  bad((j) => ((j.idf as number[])[0] = -1), /idf\[0\]/);
  bad((j) => ((j.config as Record<string, unknown>).ngramRange = [0, 9]), /ngramRange/);
  bad((j) => (j.format = 'something-else'), /not a review-stars vectorizer/);
});

test('a feature union puts word and character columns side by side, each part L2-normalised', () => {
  const words = { weighting: 'tfidf', ngramRange: [1, 1], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'none', sublinearTf: false, binary: false } as const;
  const chars = configOf({ ngramRange: [3, 3], minDf: 1, maxFeatures: null, sublinearTf: false });
  const { features, X } = fitTextFeatures(reference.texts, { union: [{ ...words, ngramRange: [1, 1] }, chars] });
  const w = fitTextFeatures(reference.texts, { ...words, ngramRange: [1, 1] });
  const c = fitTextFeatures(reference.texts, chars);
  assert.equal(features.nFeatures, w.features.nFeatures + c.features.nFeatures);
  assert.equal(features.terms[0], `w:${w.features.terms[0]}`);
  assert.equal(features.terms[w.features.nFeatures], `c:${c.features.terms[0]}`);
  const row = features.transformOne(reference.texts[1] as string);
  let sumSquares = 0;
  for (let k = 0; k < row.nnz; k++) sumSquares += (row.data[k] as number) ** 2;
  assert.ok(Math.abs(sumSquares - 2) < 1e-9, 'two unit-norm parts');
  assert.equal(X.data.length, w.X.data.length + c.X.data.length);
  const back = textFeaturesFromJSON(JSON.parse(JSON.stringify(features.toJSON())));
  assert.deepEqual(Array.from(back.transformOne('magical castle').indices), Array.from(features.transformOne('magical castle').indices));
});
