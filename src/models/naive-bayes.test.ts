import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import { csrFromRows, csrSelectRows } from '../text/csr.js';
import { loadLinearReference, maxAbsDifference } from '../../test-support/linear-reference-fixture.js';
import { N_CLASSES, predictProba } from './classifier.js';
import type { ModelArtifact } from './classifier.js';
import { ABSENT_CLASS_LOG_PRIOR, MIN_ALPHA, NaiveBayes, fitNaiveBayes } from './naive-bayes.js';

interface ReferenceCase {
  name: string;
  algorithm: string;
  features: 'counts' | 'tfidf';
  params: { alpha: number; fitPrior: boolean; classPrior: number[] | null };
  sampleWeighted: boolean;
  probabilities: number[][];
}
const { reference, train, test, trainIds, yTrain, referenceWeights } = loadLinearReference<ReferenceCase>();

describe('fitNaiveBayes against scikit-learn', () => {
  for (const c of reference.cases.filter((x) => x.algorithm === 'naive_bayes')) {
    it(`matches MultinomialNB's probabilities within 1e-9 (${c.name})`, () => {
      const model = fitNaiveBayes(train[c.features], yTrain, {
        alpha: c.params.alpha,
        fitPrior: c.params.fitPrior,
        classPrior: c.params.classPrior,
        ...(c.sampleWeighted ? { sampleWeight: referenceWeights } : {}),
      });
      const d = maxAbsDifference(predictProba(model, test[c.features]), c.probabilities.flat());
      assert.ok(d <= 1e-9, `max |p - p_sklearn| = ${d}`);
    });
  }
});

describe('fitNaiveBayes', () => {
  it('computes smoothed log probabilities and the class prior by hand on a tiny set', () => {
    // Two features; class 0 has rows (2, 0) and (1, 1); class 3 has (0, 3); classes 1, 2, 4 are absent.
    const X = csrFromRows([[[0, 2]], [[0, 1], [1, 1]], [[1, 3]]], 2);
    const model = fitNaiveBayes(X, Uint8Array.from([0, 0, 3]), { alpha: 0.5 });
    const { featureLogProb, classLogPrior, classCount } = model.state;
    assert.ok(Math.abs((featureLogProb[0] as number) - Math.log(3.5 / 5)) < 1e-15);
    assert.ok(Math.abs((featureLogProb[1] as number) - Math.log(1.5 / 5)) < 1e-15);
    assert.ok(Math.abs((featureLogProb[3 * 2] as number) - Math.log(0.5 / 4)) < 1e-15);
    assert.ok(Math.abs((featureLogProb[3 * 2 + 1] as number) - Math.log(3.5 / 4)) < 1e-15);
    // An absent class keeps the uniform feature distribution.
    assert.ok(Math.abs((featureLogProb[1 * 2] as number) - Math.log(0.5)) < 1e-15);
    assert.deepEqual([...classCount], [2, 0, 0, 1, 0]);
    assert.ok(Math.abs((classLogPrior[0] as number) - Math.log(2 / 3)) < 1e-15);
    assert.ok(Math.abs((classLogPrior[3] as number) - Math.log(1 / 3)) < 1e-15);
    assert.equal(classLogPrior[1], ABSENT_CLASS_LOG_PRIOR);

    // Posterior of the row (1, 2): P(c) * P(f0|c)^1 * P(f1|c)^2, normalised over classes 0 and 3.
    const out = new Float64Array(N_CLASSES);
    model.predictRow(Int32Array.from([0, 1]), Float64Array.from([1, 2]), 0, 2, out);
    const j0 = (2 / 3) * (3.5 / 5) * (1.5 / 5) ** 2;
    const j3 = (1 / 3) * (0.5 / 4) * (3.5 / 4) ** 2;
    assert.ok(Math.abs((out[0] as number) - j0 / (j0 + j3)) < 1e-15);
    assert.ok(Math.abs((out[3] as number) - j3 / (j0 + j3)) < 1e-15);
    assert.deepEqual([out[1], out[2], out[4]], [0, 0, 0]);
  });

  it('floors a class with no training rows so that its probability is 0, never NaN, whatever the prior mode', () => {
    const kept = trainIds.filter((r) => yTrain[r] !== 1);
    const X = csrSelectRows(train.counts, kept);
    const y = Uint8Array.from(kept, (r) => yTrain[r] as number);
    for (const options of [{}, { fitPrior: false }, { classPrior: [0.2, 0.2, 0.2, 0.2, 0.2] }, { alpha: 0 }]) {
      const model = fitNaiveBayes(X, y, options);
      assert.equal(model.state.classLogPrior[1], ABSENT_CLASS_LOG_PRIOR);
      const p = predictProba(model, test.counts);
      for (let r = 0; r < test.counts.rows; r++) {
        const row = p.subarray(r * N_CLASSES, (r + 1) * N_CLASSES);
        assert.equal(row[1], 0);
        assert.ok(row.every(Number.isFinite));
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      }
    }
  });

  it('gives a class with a given prior of 0 probability 0', () => {
    const model = fitNaiveBayes(train.counts, yTrain, { classPrior: [0, 1, 1, 1, 1] });
    const p = predictProba(model, test.counts);
    for (let r = 0; r < test.counts.rows; r++) assert.equal(p[r * N_CLASSES], 0);
  });

  it("raises alpha below 1e-10 to 1e-10, as scikit-learn, so unseen terms never give log(0)", () => {
    const model = fitNaiveBayes(train.counts, yTrain, { alpha: 0 });
    assert.equal(model.state.alpha, MIN_ALPHA);
    assert.ok(model.state.featureLogProb.every(Number.isFinite));
    assert.ok(predictProba(model, test.counts).every(Number.isFinite));
  });

  it('treats an integer sample weight as that many copies of the row', () => {
    const copies: number[] = [];
    trainIds.forEach((r) => {
      for (let k = 0; k < (referenceWeights[r] as number); k++) copies.push(r);
    });
    const duplicated = fitNaiveBayes(csrSelectRows(train.tfidf, copies), Uint8Array.from(copies, (r) => yTrain[r] as number), {});
    const weighted = fitNaiveBayes(train.tfidf, yTrain, { sampleWeight: referenceWeights });
    assert.ok(maxAbsDifference(duplicated.state.featureLogProb, weighted.state.featureLogProb) < 1e-12);
    assert.ok(maxAbsDifference(predictProba(duplicated, test.tfidf), predictProba(weighted, test.tfidf)) < 1e-12);
  });

  it('gives the same model bit for bit on the same input', () => {
    const a = fitNaiveBayes(train.tfidf, yTrain, { alpha: 0.3, sampleWeight: referenceWeights });
    const b = fitNaiveBayes(train.tfidf, yTrain, { alpha: 0.3, sampleWeight: referenceWeights });
    assert.deepEqual(a.state, b.state);
    assert.deepEqual(predictProba(a, test.tfidf), predictProba(b, test.tfidf));
  });

  it('refuses negative values, malformed input and bad options with INVALID_ARGUMENT', () => {
    const X = csrFromRows([[[0, 1]], [[1, 2]]], 2);
    const y = Uint8Array.from([0, 1]);
    const invalid = (fn: () => unknown, pattern: RegExp): void => {
      assert.throws(fn, (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && pattern.test(err.message));
    };
    invalid(() => fitNaiveBayes({ ...X, data: Float64Array.from([1, -2]) }, y, {}), /row 1, column 1 holds -2; values must be finite and non-negative/);
    invalid(() => fitNaiveBayes(X, Uint8Array.from([0, 7]), {}), /label 7 at row 1/);
    invalid(() => fitNaiveBayes(X, y, { alpha: -1 }), /alpha must be a non-negative number/);
    invalid(() => fitNaiveBayes(X, y, { classPrior: [1, 1, 1] }), /classPrior/);
    invalid(() => fitNaiveBayes(X, y, { classPrior: [0, 0, 0, 0, 0] }), /classPrior/);
    invalid(() => fitNaiveBayes(X, y, { fitPrior: 'yes' as unknown as boolean }), /fitPrior/);
    invalid(() => fitNaiveBayes(X, y, { sampleWeight: Float64Array.from([1, Number.POSITIVE_INFINITY]) }), /sample weight Infinity at row 1/);
  });
});

describe('NaiveBayes', () => {
  // Three features over the five classes, class-major log P(j|c) (each row sums to 1 in probability).
  const lp = (ps: number[]): number[] => ps.map((p) => Math.log(p));
  const featureLogProb = Float64Array.from([lp([0.7, 0.2, 0.1]), lp([0.5, 0.3, 0.2]), lp([0.3, 0.4, 0.3]), lp([0.2, 0.4, 0.4]), lp([0.1, 0.2, 0.7])].flat());
  const model = new NaiveBayes({
    nFeatures: 3,
    featureLogProb,
    classLogPrior: new Float64Array(N_CLASSES).fill(Math.log(0.2)),
    classCount: new Float64Array(N_CLASSES).fill(1),
    alpha: 1,
    fitPrior: true,
    givenPrior: false,
  });

  it('explains a class by x_j (log P(j|c) - mean over classes of log P(j|.)), largest magnitude first', () => {
    const indices = Int32Array.from([0, 1, 2]);
    const data = Float64Array.from([1, 2, 3]);
    const mean = (j: number): number => [0, 1, 2, 3, 4].reduce((s, c) => s + (featureLogProb[c * 3 + j] as number), 0) / N_CLASSES;
    const expected = (c: number) =>
      [0, 1, 2]
        .map((j) => ({ feature: j, weight: (data[j] as number) * ((featureLogProb[c * 3 + j] as number) - mean(j)) }))
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    for (let c = 0; c < N_CLASSES; c++) {
      const got = model.explainRow(indices, data, 0, 3, c, 3);
      assert.equal(got.length, 3);
      got.forEach((g, i) => {
        assert.equal(g.feature, (expected(c)[i] as { feature: number }).feature);
        assert.ok(Math.abs(g.weight - (expected(c)[i] as { weight: number }).weight) < 1e-12);
      });
    }
    // Feature 2 is the five-star term: it pushes class 4 up and class 0 down.
    const top4 = model.explainRow(indices, data, 0, 3, 4, 1)[0];
    const top0 = model.explainRow(indices, data, 0, 3, 0, 1)[0];
    assert.equal(top4?.feature, 2);
    assert.ok((top4?.weight ?? 0) > 0);
    assert.equal(top0?.feature, 2);
    assert.ok((top0?.weight ?? 0) < 0);
  });

  it('rejects a feature id outside the model', () => {
    assert.throws(() => model.predictRow(Int32Array.from([3]), Float64Array.from([1]), 0, 1, new Float64Array(5)), RangeError);
  });
});

describe('NaiveBayes artifacts', () => {
  const fitted = fitNaiveBayes(train.counts, yTrain, { alpha: 0.5, sampleWeight: referenceWeights });
  const copyOf = (a: ModelArtifact): ModelArtifact => ({
    ...a,
    params: { ...a.params },
    arrays: Object.fromEntries(Object.entries(a.arrays).map(([k, v]) => [k, v.slice()])),
  });

  it('round-trips through toArtifact/fromArtifact with identical predictions', () => {
    const a = fitted.toArtifact();
    assert.equal(a.algorithm, 'naive_bayes');
    assert.deepEqual(a.params, { alpha: 0.5, fitPrior: true, givenPrior: false });
    const back = NaiveBayes.fromArtifact(copyOf(a));
    assert.deepEqual(predictProba(back, test.counts), predictProba(fitted, test.counts));
    assert.deepEqual(back.toArtifact(), a);
  });

  const corrupt: [string, (a: ModelArtifact) => void, string][] = [
    ['a foreign algorithm', (a) => (a.algorithm = 'decision_tree'), 'naive Bayes model: algorithm is "decision_tree", expected "naive_bayes"'],
    ['a negative feature count', (a) => (a.nFeatures = -3), 'naive Bayes model: nFeatures must be a positive integer, got -3'],
    ['a missing log-probability array', (a) => delete a.arrays.featureLogProb, 'naive Bayes model: array "featureLogProb" is missing'],
    ['log probabilities of the wrong type', (a) => (a.arrays.featureLogProb = new Int32Array(300)), 'naive Bayes model: array "featureLogProb" must hold 64-bit floats'],
    ['too many log probabilities', (a) => (a.arrays.featureLogProb = new Float64Array(301)), 'naive Bayes model: array "featureLogProb" has 301 values, expected 300'],
    ['a NaN log probability', (a) => ((a.arrays.featureLogProb as Float64Array)[10] = Number.NaN), 'naive Bayes model: array "featureLogProb" holds a non-finite value (NaN) at index 10'],
    ['a positive log probability', (a) => ((a.arrays.featureLogProb as Float64Array)[3] = 0.5), 'naive Bayes model: array "featureLogProb" holds a positive log probability at index 3'],
    ['an infinite log prior', (a) => ((a.arrays.classLogPrior as Float64Array)[2] = -Infinity), 'naive Bayes model: array "classLogPrior" holds a non-finite value (-Infinity) at index 2'],
    ['four class priors', (a) => (a.arrays.classLogPrior = new Float64Array(4)), 'naive Bayes model: array "classLogPrior" has 4 values, expected 5'],
    ['a negative class count', (a) => ((a.arrays.classCount as Float64Array)[0] = -1), 'naive Bayes model: array "classCount" holds a negative count at index 0'],
    ['a zero alpha', (a) => (a.params.alpha = 0), 'naive Bayes model: param "alpha" must be a number >= 1e-10, got 0'],
    ['a missing fitPrior', (a) => delete a.params.fitPrior, 'naive Bayes model: param "fitPrior" must be true or false, got nothing'],
  ];
  for (const [what, damage, message] of corrupt) {
    it(`rejects an artifact with ${what} as MODEL_FILE_INVALID`, () => {
      const damaged = copyOf(fitted.toArtifact());
      damage(damaged);
      assert.throws(
        () => NaiveBayes.fromArtifact(damaged),
        (err: unknown) => isReviewStarsError(err, 'MODEL_FILE_INVALID') && err.message === message,
      );
    });
  }
});
