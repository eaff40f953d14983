import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tuneClassOffsets } from './class-offsets.js';
import { argmaxWithOffsets } from '../models/decode.js';
import { computeMetrics } from './metrics.js';
import { Random } from '../core/random.js';

/** Probabilities of a model that knows the class but under-rates class 0 (its probability shrunk). */
function biasedPredictions(n: number, seed: number): { proba: Float64Array; y: Uint8Array } {
  const rng = new Random(seed);
  const proba = new Float64Array(n * 5);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const cls = r % 5;
    y[r] = cls;
    let sum = 0;
    for (let c = 0; c < 5; c++) {
      let v = 0.1 + rng.next() * 0.3 + (c === cls ? 0.5 : 0);
      if (c === 0) v *= 0.3;
      proba[r * 5 + c] = v;
      sum += v;
    }
    for (let c = 0; c < 5; c++) proba[r * 5 + c] = (proba[r * 5 + c] as number) / sum;
  }
  return { proba, y };
}

test('argmax with zero offsets is the plain argmax; an offset can flip the choice', () => {
  const p = [0.1, 0.2, 0.3, 0.15, 0.25];
  assert.equal(argmaxWithOffsets(p, [0, 0, 0, 0, 0]), 2);
  assert.equal(argmaxWithOffsets(p, [Math.log(4), 0, 0, 0, 0]), 0);
});

test('tuned offsets raise the rare class and improve accuracy + macro-F1 on the data they were tuned on', () => {
  const { proba, y } = biasedPredictions(500, 3);
  const score = (offsets: number[]): number => {
    const pred = Uint8Array.from({ length: y.length }, (_, r) => argmaxWithOffsets(proba, offsets, r * 5));
    const m = computeMetrics(y, pred);
    return m.accuracy + m.macroF1;
  };
  const offsets = tuneClassOffsets(proba, y);
  assert.equal(offsets.length, 5);
  assert.equal(offsets[4], 0);
  assert.ok((offsets[0] as number) > 0.5, `class 0 offset ${offsets[0]}`);
  assert.ok(score(offsets) > score([0, 0, 0, 0, 0]) + 0.05);
  // and it generalises to fresh data drawn the same way
  const fresh = biasedPredictions(500, 4);
  const freshScore = (o: number[]): number => {
    const pred = Uint8Array.from({ length: fresh.y.length }, (_, r) => argmaxWithOffsets(fresh.proba, o, r * 5));
    const m = computeMetrics(fresh.y, pred);
    return m.accuracy + m.macroF1;
  };
  assert.ok(freshScore(offsets) > freshScore([0, 0, 0, 0, 0]));
});

test('tuning is deterministic and leaves well-calibrated predictions alone', () => {
  const { proba, y } = biasedPredictions(300, 9);
  assert.deepEqual(tuneClassOffsets(proba, y), tuneClassOffsets(proba, y));
  const perfect = new Float64Array(50 * 5);
  const labels = Uint8Array.from({ length: 50 }, (_, r) => r % 5);
  labels.forEach((c, r) => (perfect[r * 5 + c] = 1));
  assert.deepEqual(tuneClassOffsets(perfect, labels), [0, 0, 0, 0, 0]);
});
