/**
 * @module test-support/linear-reference-fixture
 * For tests only: loads the scikit-learn reference fixture of the linear models
 * (fixtures/linear-reference.json, written by tools/reference/linear_fixture.py from seeded
 * synthetic counts) and splits its matrices into the train and held-out rows the references use.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { csrSelectRows, type Csr } from '../src/text/csr.js';
import { repoPath } from './paths.js';

interface CsrJson {
  indptr: number[];
  indices: number[];
  data: number[];
}

/** The fixture's layout; `Case` is the shape of the per-model reference cases. */
export interface LinearReference<Case> {
  rows: number;
  cols: number;
  trainRows: number;
  labels: number[];
  sampleWeight: number[];
  counts: CsrJson;
  tfidf: CsrJson;
  cases: Case[];
}

/** The fixture with its count and TF-IDF matrices split into train and held-out rows. */
export function loadLinearReference<Case>(): {
  reference: LinearReference<Case>;
  train: { counts: Csr; tfidf: Csr };
  test: { counts: Csr; tfidf: Csr };
  /** Row ids of the training rows (0..trainRows-1). */
  trainIds: number[];
  yTrain: Uint8Array;
  referenceWeights: Float64Array;
} {
  const reference = JSON.parse(readFileSync(repoPath('src/models/fixtures/linear-reference.json'), 'utf8')) as LinearReference<Case>;
  const toCsr = (m: CsrJson): Csr => ({
    rows: reference.rows,
    cols: reference.cols,
    indptr: Int32Array.from(m.indptr),
    indices: Int32Array.from(m.indices),
    data: Float64Array.from(m.data),
  });
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  const trainIds = range(0, reference.trainRows);
  const testIds = range(reference.trainRows, reference.rows);
  const counts = toCsr(reference.counts);
  const tfidf = toCsr(reference.tfidf);
  return {
    reference,
    train: { counts: csrSelectRows(counts, trainIds), tfidf: csrSelectRows(tfidf, trainIds) },
    test: { counts: csrSelectRows(counts, testIds), tfidf: csrSelectRows(tfidf, testIds) },
    trainIds,
    yTrain: Uint8Array.from(reference.labels.slice(0, reference.trainRows)),
    referenceWeights: Float64Array.from(reference.sampleWeight),
  };
}

/** Largest |a[i] - b[i]| (asserting equal lengths). */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
