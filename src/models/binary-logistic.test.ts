import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadLinearReference } from '../../test-support/linear-reference-fixture.js';
import { makeLogisticObjective } from './logistic-regression.js';
import { fitBinaryLogistic, makeBinaryLogisticObjective } from './binary-logistic.js';
import { Random } from '../core/random.js';

const { train, yTrain, referenceWeights } = loadLinearReference<unknown>();
const X = train.tfidf;
const positive = Uint8Array.from(yTrain, (c) => (c > 2 ? 1 : 0));
// Some rows of weight 0, which the objective must skip.
const s = Float64Array.from(referenceWeights, (w, i) => w * (i % 7 === 0 ? 0 : 1));

function point(length: number, seed: number): Float64Array {
  const rng = new Random(seed);
  return Float64Array.from({ length }, () => rng.next() - 0.5);
}

describe('makeBinaryLogisticObjective', () => {
  it('returns the gradient of its value (central differences)', () => {
    const f = makeBinaryLogisticObjective(X, positive, s, 1 / 0.7);
    const w = point(X.cols + 1, 5);
    const g = new Float64Array(w.length);
    f(w, g);
    const scratch = new Float64Array(w.length);
    for (const t of [0, 1, 17, X.cols - 1, X.cols]) {
      const h = 1e-5;
      const up = Float64Array.from(w);
      const down = Float64Array.from(w);
      up[t] = (up[t] as number) + h;
      down[t] = (down[t] as number) - h;
      const numeric = (f(up, scratch) - f(down, scratch)) / (2 * h);
      assert.ok(Math.abs(numeric - (g[t] as number)) < 1e-6 * Math.max(1, Math.abs(numeric)), `component ${t}: ${numeric} vs ${g[t]}`);
    }
  });

  it('equals the two-class multinomial objective with C / 2 at the point w1 = -w0 = w / 2', () => {
    const C = 3;
    const w = point(X.cols + 1, 9);
    const binary = makeBinaryLogisticObjective(X, positive, s, 1 / C)(w, new Float64Array(w.length));
    // Multinomial layout: x[j * 2 + k], then the two intercepts.
    const two = new Float64Array(2 * X.cols + 2);
    for (let j = 0; j <= X.cols; j++) {
      two[2 * j] = -(w[j] as number) / 2;
      two[2 * j + 1] = (w[j] as number) / 2;
    }
    const multinomial = makeLogisticObjective(X, positive, s, 2, 2 / C)(two, new Float64Array(two.length));
    assert.ok(Math.abs(binary - multinomial) < 1e-9 * Math.abs(binary), `${binary} vs ${multinomial}`);
  });
});

describe('fitBinaryLogistic', () => {
  it('reaches a point where the gradient vanishes when fitted tightly, the same bit for bit twice', () => {
    const options = { C: 2, maxIter: 5000, tol: 1e-7, reductionTol: 0 };
    const a = fitBinaryLogistic(X, positive, s, options);
    const b = fitBinaryLogistic(X, positive, s, options);
    assert.ok(a.converged && a.evaluations >= a.iterations);
    assert.deepEqual(a.weights, b.weights);
    assert.equal(a.bias, b.bias);
    const g = new Float64Array(X.cols + 1);
    const all = new Float64Array(X.cols + 1);
    all.set(a.weights);
    all[X.cols] = a.bias;
    makeBinaryLogisticObjective(X, positive, s, 1 / 2)(all, g);
    // It stops on the gradient test, or where double precision no longer lowers the value.
    assert.ok(Math.max(...g.map(Math.abs)) <= 1e-6);
  });
});
