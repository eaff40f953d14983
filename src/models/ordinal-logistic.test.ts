import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fitOrdinalLogistic, OrdinalLogistic } from './ordinal-logistic.js';
import { predictProba } from './classifier.js';
import { loadLinearReference } from '../../test-support/linear-reference-fixture.js';
import { isReviewStarsError } from '../core/errors.js';
import { repoPath } from '../../test-support/paths.js';

const reference = JSON.parse(readFileSync(repoPath('src/models/fixtures/ordinal-reference.json'), 'utf8')) as {
  cases: { C: number; classWeight: null | 'balanced'; above: number[][] }[];
};

const linear = loadLinearReference<unknown>();
const train = linear.train.tfidf;
const heldOut = linear.test.tfidf;
const yTrain = linear.yTrain;

test('each threshold reproduces scikit-learn binary LogisticRegression(C) P(rating > k) within 1e-4', () => {
  for (const c of reference.cases) {
    const model = fitOrdinalLogistic(train, yTrain, { C: c.C, classWeight: c.classWeight, maxIter: 5000, tol: 1e-10 });
    const p = predictProba(model, heldOut);
    for (let r = 0; r < heldOut.rows; r++) {
      // P(rating > k) = sum of the probabilities above k, when scikit-learn's thresholds are ordered
      let above = 1;
      for (let k = 0; k < 4; k++) {
        above -= p[r * 5 + k] as number;
        const expected = Math.min(...c.above.slice(0, k + 1).map((a) => a[r] as number));
        assert.ok(Math.abs(above - expected) < 1e-4, `C=${c.C} ${c.classWeight} row ${r} k=${k}: ${above} vs ${expected}`);
      }
    }
  }
});

test('probabilities are non-negative and sum to 1, and the model round-trips through its artifact', () => {
  const model = fitOrdinalLogistic(train, yTrain, { C: 10, classWeight: 'balanced', classWeightPower: 0.5 });
  const p = predictProba(model, heldOut);
  for (let r = 0; r < heldOut.rows; r++) {
    let sum = 0;
    for (let c = 0; c < 5; c++) {
      assert.ok((p[r * 5 + c] as number) >= 0);
      sum += p[r * 5 + c] as number;
    }
    assert.ok(Math.abs(sum - 1) < 1e-12);
  }
  const back = OrdinalLogistic.fromArtifact(model.toArtifact());
  assert.deepEqual(predictProba(back, heldOut), p);
  const explained = back.explainRow(heldOut.indices, heldOut.data, heldOut.indptr[0] as number, heldOut.indptr[1] as number, 4, 3);
  assert.ok(explained.length > 0 && explained.length <= 3);
});

test('a corrupt artifact or a one-sided training set is refused with a clear error', () => {
  const artifact = fitOrdinalLogistic(train, yTrain, { C: 1 }).toArtifact();
  assert.throws(
    () => OrdinalLogistic.fromArtifact({ ...artifact, arrays: { ...artifact.arrays, bias: new Float64Array(3) } }),
    (e: unknown) => isReviewStarsError(e, 'MODEL_FILE_INVALID') && /bias/.test(e.message),
  );
  assert.throws(
    () => OrdinalLogistic.fromArtifact({ ...artifact, params: { ...artifact.params, C: -1 } }),
    (e: unknown) => isReviewStarsError(e, 'MODEL_FILE_INVALID') && /"C"/.test(e.message),
  );
  assert.throws(
    () => fitOrdinalLogistic(train, new Uint8Array(train.rows).fill(4)),
    (e: unknown) => isReviewStarsError(e, 'INVALID_ARGUMENT') && /both sides/.test(e.message),
  );
});
