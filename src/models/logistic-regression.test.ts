import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import { csrFromRows, csrSelectRows } from '../text/csr.js';
import { loadLinearReference, maxAbsDifference } from '../../test-support/linear-reference-fixture.js';
import { N_CLASSES, predictProba } from './classifier.js';
import type { ModelArtifact } from './classifier.js';
import { ABSENT_CLASS_INTERCEPT, LogisticRegression, fitLogisticRegression, makeLogisticObjective } from './logistic-regression.js';
import { Random } from '../core/random.js';
import type { LogisticRegressionState } from './logistic-regression.js';

interface ReferenceCase {
  name: string;
  algorithm: string;
  features: 'counts' | 'tfidf';
  params: { C: number; classWeight: null | 'balanced' };
  sampleWeighted: boolean;
  sklearnIterations: number;
  probabilities: number[][];
  exactProbabilities: number[][];
}
const { reference, train, test, trainIds, yTrain, referenceWeights } = loadLinearReference<ReferenceCase>();

/** A tight fit: only the gradient test (or the limits of double precision) stops it. */
const TIGHT = { maxIter: 10000, tol: 1e-9, reductionTol: 0 };

describe('fitLogisticRegression against scikit-learn', () => {
  for (const c of reference.cases.filter((x) => x.algorithm === 'logistic_regression')) {
    const options = { C: c.params.C, classWeight: c.params.classWeight, ...(c.sampleWeighted ? { sampleWeight: referenceWeights } : {}) };

    it(`matches scikit-learn's probabilities within 1e-3 (${c.name}), stopping where it stops`, () => {
      const model = fitLogisticRegression(train[c.features], yTrain, { ...options, maxIter: 10000, tol: 1e-10 });
      const p = predictProba(model, test[c.features]);
      assert.ok(maxAbsDifference(p, c.probabilities.flat()) <= 1e-3);
      assert.ok(Math.abs(model.state.fit.iterations - c.sklearnIterations) <= 2, `${model.state.fit.iterations} vs ${c.sklearnIterations} iterations`);
    });

    it(`reaches the exact optimum of scikit-learn's objective within 1e-6 when fitted tightly (${c.name})`, () => {
      const model = fitLogisticRegression(train[c.features], yTrain, { ...options, ...TIGHT });
      const p = predictProba(model, test[c.features]);
      const d = maxAbsDifference(p, c.exactProbabilities.flat());
      assert.ok(d <= 1e-6, `max |p - p_exact| = ${d}`);
      assert.ok(model.state.fit.gradientInfNorm < 1e-5);
    });
  }
});

describe('makeLogisticObjective', () => {
  const X = train.tfidf;
  const weights = Float64Array.from(referenceWeights, (w, i) => w * (i % 7 === 0 ? 0 : 1));
  const point = (K: number): Float64Array => {
    const rng = new Random(11);
    return Float64Array.from({ length: X.cols * K + K }, () => rng.next() - 0.5);
  };

  for (const [K, kernel] of [
    [5, 'auto'],
    [5, 'loops'],
    [3, 'auto'],
  ] as const) {
    it(`returns the gradient of its value (central differences, K = ${K}, ${kernel} kernel)`, () => {
      const target = Uint8Array.from(yTrain, (c) => c % K);
      const f = makeLogisticObjective(X, target, weights, K, 1 / 0.7, kernel);
      const w = point(K);
      const g = new Float64Array(w.length);
      f(w, g);
      const scratch = new Float64Array(w.length);
      for (const t of [0, 1, 4, 17 * K + 2, X.cols * K - 1, X.cols * K, X.cols * K + K - 1]) {
        const h = 1e-5;
        const up = Float64Array.from(w);
        const down = Float64Array.from(w);
        up[t] = (up[t] as number) + h;
        down[t] = (down[t] as number) - h;
        const numeric = (f(up, scratch) - f(down, scratch)) / (2 * h);
        assert.ok(Math.abs(numeric - (g[t] as number)) < 1e-6 * Math.max(1, Math.abs(numeric)), `component ${t}: ${numeric} vs ${g[t]}`);
      }
    });
  }

  it('gives the same value and gradient, bit for bit, with the unrolled and the looped kernel', () => {
    const w = point(5);
    const ga = new Float64Array(w.length);
    const gb = new Float64Array(w.length);
    const fa = makeLogisticObjective(X, yTrain, weights, 5, 2, 'auto')(w, ga);
    const fb = makeLogisticObjective(X, yTrain, weights, 5, 2, 'loops')(w, gb);
    assert.equal(fa, fb);
    assert.deepEqual(ga, gb);
  });
});

describe('fitLogisticRegression', () => {
  it('gives the same model bit for bit on the same input', () => {
    const a = fitLogisticRegression(train.counts, yTrain, { C: 0.5, classWeight: 'balanced' });
    const b = fitLogisticRegression(train.counts, yTrain, { C: 0.5, classWeight: 'balanced' });
    assert.deepEqual(a.state.coef, b.state.coef);
    assert.deepEqual(a.state.intercept, b.state.intercept);
    assert.deepEqual(predictProba(a, test.counts), predictProba(b, test.counts));
  });

  it('treats an integer sample weight as that many copies of the row', () => {
    const copies: number[] = [];
    trainIds.forEach((r) => {
      for (let k = 0; k < (referenceWeights[r] as number); k++) copies.push(r);
    });
    const duplicated = fitLogisticRegression(csrSelectRows(train.counts, copies), Uint8Array.from(copies, (r) => yTrain[r] as number), TIGHT);
    const weighted = fitLogisticRegression(train.counts, yTrain, { ...TIGHT, sampleWeight: referenceWeights });
    assert.ok(maxAbsDifference(predictProba(duplicated, test.counts), predictProba(weighted, test.counts)) < 1e-7);
    assert.ok(maxAbsDifference(duplicated.state.coef, weighted.state.coef) < 1e-5);
  });

  it("computes 'balanced' class weights as n / (classes present x class count)", () => {
    const counts = new Array<number>(N_CLASSES).fill(0);
    for (const c of yTrain) counts[c] = (counts[c] as number) + 1;
    const byHand = counts.map((n) => yTrain.length / (N_CLASSES * n));
    const balanced = fitLogisticRegression(train.counts, yTrain, { classWeight: 'balanced' });
    const explicit = fitLogisticRegression(train.counts, yTrain, { classWeight: byHand });
    assert.deepEqual([...balanced.state.classWeights], byHand);
    assert.deepEqual(balanced.state.coef, explicit.state.coef);
    assert.equal(balanced.state.classWeight, 'balanced');
    assert.equal(explicit.state.classWeight, 'explicit');
  });

  it('weights a class exactly as the same sample weight on its rows would', () => {
    const byClass = fitLogisticRegression(train.tfidf, yTrain, { classWeight: [3, 1, 1, 1, 1] });
    const bySample = fitLogisticRegression(train.tfidf, yTrain, { sampleWeight: Float64Array.from(yTrain, (c) => (c === 0 ? 3 : 1)) });
    assert.deepEqual(byClass.state.coef, bySample.state.coef);
  });

  it('raises the predicted share of a rare class when classes are balanced', () => {
    const meanProbabilityOf = (model: LogisticRegression, cls: number): number => {
      const p = predictProba(model, test.counts);
      let s = 0;
      for (let r = 0; r < test.counts.rows; r++) s += p[r * N_CLASSES + cls] as number;
      return s / test.counts.rows;
    };
    const plain = fitLogisticRegression(train.counts, yTrain, {});
    const balanced = fitLogisticRegression(train.counts, yTrain, { classWeight: 'balanced' });
    // Classes 0 and 1 (one and two stars) are the rarest in the fixture; class 4 the most common.
    assert.ok(meanProbabilityOf(balanced, 0) > meanProbabilityOf(plain, 0) * 1.2);
    assert.ok(meanProbabilityOf(balanced, 1) > meanProbabilityOf(plain, 1) * 1.2);
    assert.ok(meanProbabilityOf(balanced, 4) < meanProbabilityOf(plain, 4) * 0.9);
  });

  it('gives a class with no training rows probability 0 and fits the others as without it', () => {
    const kept = trainIds.filter((r) => yTrain[r] !== 2);
    const X = csrSelectRows(train.counts, kept);
    const y = Uint8Array.from(kept, (r) => yTrain[r] as number);
    const model = fitLogisticRegression(X, y, {});
    assert.equal(model.state.intercept[2], ABSENT_CLASS_INTERCEPT);
    assert.ok(model.state.coef.subarray(2 * reference.cols, 3 * reference.cols).every((w) => w === 0));
    const p = predictProba(model, test.counts);
    for (let r = 0; r < test.counts.rows; r++) {
      const row = p.subarray(r * N_CLASSES, (r + 1) * N_CLASSES);
      assert.equal(row[2], 0);
      assert.ok(row.every(Number.isFinite));
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
    // A zero class weight removes the class the same way.
    const zeroWeight = fitLogisticRegression(train.counts, yTrain, { classWeight: [1, 1, 0, 1, 1] });
    assert.equal(zeroWeight.state.intercept[2], ABSENT_CLASS_INTERCEPT);
    assert.ok(maxAbsDifference(predictProba(zeroWeight, test.counts), p) < 1e-12);
  });

  it('records that it stopped on maxIter without converging', () => {
    const model = fitLogisticRegression(train.counts, yTrain, { maxIter: 3, tol: 1e-12 });
    assert.deepEqual([model.state.fit.iterations, model.state.fit.converged, model.state.fit.stopReason], [3, false, 'max-iterations']);
    const converged = fitLogisticRegression(train.counts, yTrain, { maxIter: 1000 });
    assert.equal(converged.state.fit.converged, true);
  });

  it('refuses malformed training input and options with INVALID_ARGUMENT', () => {
    const X = csrFromRows([[[0, 1]], [[1, 2]], [[0, 1], [1, 1]]], 2);
    const y = Uint8Array.from([0, 1, 4]);
    const invalid = (fn: () => unknown, pattern: RegExp): void => {
      assert.throws(fn, (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && pattern.test(err.message));
    };
    invalid(() => fitLogisticRegression(X, Uint8Array.from([0, 1]), {}), /2 labels for 3 rows/);
    invalid(() => fitLogisticRegression(X, Uint8Array.from([0, 1, 5]), {}), /label 5 at row 2/);
    invalid(() => fitLogisticRegression(X, Uint8Array.from([3, 3, 3]), {}), /at least two classes/);
    invalid(() => fitLogisticRegression({ ...X, data: Float64Array.from([1, Number.NaN, 1, 1]) }, y, {}), /row 1, column 1 holds NaN/);
    invalid(() => fitLogisticRegression({ ...X, indices: Int32Array.from([0, 1, 1, 0]) }, y, {}), /row 2 has column 0 out of order/);
    invalid(() => fitLogisticRegression({ ...X, indices: Int32Array.from([0, 2, 0, 1]) }, y, {}), /outside \[0, 2\)/);
    invalid(() => fitLogisticRegression(X, y, { sampleWeight: Float64Array.from([1, -1, 1]) }), /sample weight -1 at row 1/);
    invalid(() => fitLogisticRegression(X, y, { sampleWeight: Float64Array.from([1, 1]) }), /2 sample weights for 3 rows/);
    invalid(() => fitLogisticRegression(X, y, { sampleWeight: new Float64Array(3) }), /every sample weight is zero/);
    invalid(() => fitLogisticRegression(X, y, { C: 0 }), /C must be a positive number/);
    invalid(() => fitLogisticRegression(X, y, { maxIter: 2.5 }), /maxIter/);
    invalid(() => fitLogisticRegression(X, y, { tol: -1 }), /tol/);
    invalid(() => fitLogisticRegression(X, y, { classWeight: [1, 1] }), /classWeight/);
    invalid(() => fitLogisticRegression(X, y, { classWeight: 'auto' as unknown as 'balanced' }), /classWeight/);
  });
});

/** A hand-made model over 4 features with known weights (class-major coef). */
function handModel(): LogisticRegression {
  const coef = Float64Array.from([
    [2, 0, -1, 0.5],
    [1, 0, 0, 0.5],
    [0, 0, 1, 0.5],
    [-1, 0, 2, 0.5],
    [-2, 3, 3, 0.5],
  ].flat());
  const state: LogisticRegressionState = {
    nFeatures: 4,
    coef,
    intercept: Float64Array.from([0.1, -0.2, 0.3, 0, -0.1]),
    classWeights: new Float64Array(N_CLASSES).fill(1),
    C: 1,
    classWeight: null,
    maxIter: 100,
    tol: 1e-4,
    reductionTol: 0,
    fit: { iterations: 1, converged: true, stopReason: 'gradient', objective: 1, gradientInfNorm: 0 },
  };
  return new LogisticRegression(state);
}

describe('LogisticRegression', () => {
  const model = handModel();
  const indices = Int32Array.from([0, 2, 3]);
  const data = Float64Array.from([2, 0.5, 4]);

  it('predicts the softmax of coef x + intercept', () => {
    const out = new Float64Array(N_CLASSES);
    model.predictRow(indices, data, 0, 3, out);
    const z = [0.1 + 4 - 0.5 + 2, -0.2 + 2 + 0 + 2, 0.3 + 0 + 0.5 + 2, -2 + 1 + 2, -0.1 - 4 + 1.5 + 2];
    const e = z.map((v) => Math.exp(v));
    const total = e.reduce((a, b) => a + b, 0);
    e.forEach((v, c) => assert.ok(Math.abs((out[c] as number) - v / total) < 1e-15));
  });

  it('predicts the prior implied by the intercepts for an empty row', () => {
    const out = new Float64Array(N_CLASSES);
    model.predictRow(indices, data, 1, 1, out);
    const e = [0.1, -0.2, 0.3, 0, -0.1].map((v) => Math.exp(v));
    const total = e.reduce((a, b) => a + b, 0);
    e.forEach((v, c) => assert.ok(Math.abs((out[c] as number) - v / total) < 1e-15));
  });

  it('rejects a feature id outside the model', () => {
    assert.throws(() => model.predictRow(Int32Array.from([4]), Float64Array.from([1]), 0, 1, new Float64Array(5)), RangeError);
    assert.throws(() => model.predictRow(Int32Array.from([-1]), Float64Array.from([1]), 0, 1, new Float64Array(5)), RangeError);
  });

  it('explains a class by x_j (W[c][j] - mean over classes), largest magnitude first', () => {
    // Feature 0: W[.,0] mean 0; feature 2: mean 1; feature 3: the same weight in every class.
    assert.deepEqual(model.explainRow(indices, data, 0, 3, 0, 5), [
      { feature: 0, weight: 2 * 2 },
      { feature: 2, weight: 0.5 * (-1 - 1) },
    ]);
    assert.deepEqual(model.explainRow(indices, data, 0, 3, 4, 5), [
      { feature: 0, weight: 2 * -2 },
      { feature: 2, weight: 0.5 * (3 - 1) },
    ]);
    assert.deepEqual(model.explainRow(indices, data, 0, 3, 4, 1), [{ feature: 0, weight: -4 }]);
    assert.deepEqual(model.explainRow(indices, data, 0, 3, 2, 0), []);
  });

  it('explains the whole centred logit: all contributions to a class sum to its logit minus the mean logit, intercepts aside', () => {
    const X = train.counts;
    const fitted = fitLogisticRegression(X, yTrain, {});
    const { coef } = fitted.state;
    for (const r of [0, 1, 7, 42]) {
      const start = X.indptr[r] as number;
      const end = X.indptr[r + 1] as number;
      const z = new Array<number>(N_CLASSES).fill(0);
      for (let c = 0; c < N_CLASSES; c++) {
        for (let p = start; p < end; p++) z[c] = (z[c] as number) + (X.data[p] as number) * (coef[c * X.cols + (X.indices[p] as number)] as number);
      }
      const mean = z.reduce((a, b) => a + b, 0) / N_CLASSES;
      for (let c = 0; c < N_CLASSES; c++) {
        const parts = fitted.explainRow(X.indices, X.data, start, end, c, X.cols);
        const sum = parts.reduce((a, b) => a + b.weight, 0);
        assert.ok(Math.abs(sum - ((z[c] as number) - mean)) < 1e-12);
        for (let i = 1; i < parts.length; i++) assert.ok(Math.abs((parts[i - 1] as { weight: number }).weight) >= Math.abs((parts[i] as { weight: number }).weight));
      }
    }
  });

  it('refuses a class or count outside range when explaining', () => {
    assert.throws(() => model.explainRow(indices, data, 0, 3, 5, 3), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
    assert.throws(() => model.explainRow(indices, data, 0, 3, 0, -1), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
  });
});

describe('LogisticRegression artifacts', () => {
  const fitted = fitLogisticRegression(train.tfidf, yTrain, { C: 0.5, classWeight: 'balanced' });

  it('round-trips through toArtifact/fromArtifact with identical predictions and facts', () => {
    const a = fitted.toArtifact();
    assert.equal(a.algorithm, 'logistic_regression');
    assert.equal(a.nFeatures, reference.cols);
    assert.deepEqual(Object.keys(a.arrays).sort(), ['classWeights', 'coef', 'intercept']);
    const copy: ModelArtifact = { ...a, params: { ...a.params }, arrays: Object.fromEntries(Object.entries(a.arrays).map(([k, v]) => [k, v.slice()])) };
    const back = LogisticRegression.fromArtifact(copy);
    assert.deepEqual(predictProba(back, test.tfidf), predictProba(fitted, test.tfidf));
    assert.deepEqual(back.toArtifact(), a);
    assert.equal(a.params.iterations, fitted.state.fit.iterations);
    assert.equal(a.params.converged, true);
  });

  const corrupt: [string, (a: ModelArtifact) => void, string][] = [
    ['a foreign algorithm', (a) => (a.algorithm = 'naive_bayes'), 'logistic regression model: algorithm is "naive_bayes", expected "logistic_regression"'],
    ['a zero feature count', (a) => (a.nFeatures = 0), 'logistic regression model: nFeatures must be a positive integer, got 0'],
    ['a fractional feature count', (a) => (a.nFeatures = 1.5), 'logistic regression model: nFeatures must be a positive integer, got 1.5'],
    ['a missing coefficient array', (a) => delete a.arrays.coef, 'logistic regression model: array "coef" is missing'],
    ['coefficients of the wrong type', (a) => (a.arrays.coef = new Float32Array(5 * 60)), 'logistic regression model: array "coef" must hold 64-bit floats'],
    ['too few coefficients', (a) => (a.arrays.coef = new Float64Array(5 * 60 - 1)), 'logistic regression model: array "coef" has 299 values, expected 300'],
    ['a feature count that does not match the coefficients', (a) => (a.nFeatures = 61), 'logistic regression model: array "coef" has 300 values, expected 305'],
    ['a NaN coefficient', (a) => ((a.arrays.coef as Float64Array)[7] = Number.NaN), 'logistic regression model: array "coef" holds a non-finite value (NaN) at index 7'],
    ['an infinite intercept', (a) => ((a.arrays.intercept as Float64Array)[4] = -Infinity), 'logistic regression model: array "intercept" holds a non-finite value (-Infinity) at index 4'],
    ['six intercepts', (a) => (a.arrays.intercept = new Float64Array(6)), 'logistic regression model: array "intercept" has 6 values, expected 5'],
    ['a negative class weight', (a) => ((a.arrays.classWeights as Float64Array)[1] = -1), 'logistic regression model: array "classWeights" holds a negative weight at index 1'],
    ['a missing C', (a) => delete a.params.C, 'logistic regression model: param "C" must be a positive number, got nothing'],
    ['a zero C', (a) => (a.params.C = 0), 'logistic regression model: param "C" must be a positive number, got 0'],
    ['an unknown class weighting', (a) => (a.params.classWeight = 'auto'), 'logistic regression model: param "classWeight" must be null, "balanced" or "explicit", got "auto"'],
    ['a fractional iteration count', (a) => (a.params.iterations = 2.5), 'logistic regression model: param "iterations" must be a non-negative integer, got 2.5'],
    ['a non-boolean convergence flag', (a) => (a.params.converged = 'yes'), 'logistic regression model: param "converged" must be true or false, got "yes"'],
    ['an unknown stop reason', (a) => (a.params.stopReason = 'tired'), 'logistic regression model: param "stopReason" must be one of gradient, reduction, max-iterations, line-search, got "tired"'],
  ];
  for (const [what, damage, message] of corrupt) {
    it(`rejects an artifact with ${what} as MODEL_FILE_INVALID`, () => {
      const a = fitted.toArtifact();
      const damaged: ModelArtifact = { ...a, params: { ...a.params }, arrays: Object.fromEntries(Object.entries(a.arrays).map(([k, v]) => [k, v.slice()])) };
      damage(damaged);
      assert.throws(
        () => LogisticRegression.fromArtifact(damaged),
        (err: unknown) => isReviewStarsError(err, 'MODEL_FILE_INVALID') && err.message === message,
      );
    });
  }
});
