import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { syntheticCounts } from '../../test-support/synthetic-counts.js';
import { FitPool, type FitJob, type FitOutcome } from './fit-pool.js';
import type { ModelSpec } from './model-specs.js';
import type { Classifier } from '../models/classifier.js';
import { shareCsr } from '../text/csr.js';
import { classifierFromParts, fitPartCount, fitSpec } from './fit.js';
import type { BinaryLogisticFit } from '../models/binary-logistic.js';

const FEATURES = { id: 'test', config: { weighting: 'count', ngramRange: [1, 1], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'none', sublinearTf: false, binary: false } } as const;

function spec(name: string, algorithm: ModelSpec['algorithm'], params: ModelSpec['params']): ModelSpec {
  return { name, algorithm, branch: null, features: { id: FEATURES.id, config: { ...FEATURES.config, ngramRange: [1, 1] } }, params, decoding: 'argmax', description: name };
}

const SPECS: ModelSpec[] = [
  spec('lr', 'logistic_regression', { C: 1, classWeight: null, maxIter: 50, tol: 1e-4 }),
  spec('rf', 'random_forest', { nEstimators: 8, maxDepth: 4, maxFeatures: 'sqrt', bootstrap: true }),
  spec('dt', 'decision_tree', { maxDepth: 5, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null }),
  spec('nb', 'naive_bayes', { alpha: 1, fitPrior: true }),
];

/** Fits every spec on a pool of `workers` workers (jobs queued at once, then the caller helps) and closes it. */
async function fitOnPool(workers: number, X: Csr, y: Uint8Array): Promise<FitOutcome[]> {
  const pool = FitPool.start(workers);
  try {
    const fits = SPECS.map((s, id) => pool.submit({ id, spec: s, X, y, seed: 1000 + id } satisfies FitJob, SPECS.length - id));
    await pool.fitQueued();
    return await Promise.all(fits);
  } finally {
    await pool.close();
  }
}

function modelOf(outcome: FitOutcome): Classifier {
  assert.equal(outcome.product.kind, 'model');
  return (outcome.product as { classifier: Classifier }).classifier;
}

describe('FitPool', () => {
  it('fits the same models, bit for bit, with workers as on the calling thread alone', async () => {
    const { X, y } = syntheticCounts(300, 40, 7);
    const alone = await fitOnPool(0, X, y);
    const pooled = await fitOnPool(2, X, y);
    assert.equal(pooled.length, SPECS.length);
    for (const [i, outcome] of pooled.entries()) {
      const a = modelOf(alone[i] as FitOutcome).toArtifact();
      const b = modelOf(outcome).toArtifact();
      assert.equal(b.algorithm, SPECS[i]?.algorithm);
      assert.deepEqual(b.params, a.params);
      assert.deepEqual(Object.keys(b.arrays), Object.keys(a.arrays));
      for (const key of Object.keys(a.arrays)) assert.deepEqual(b.arrays[key], a.arrays[key], `${SPECS[i]?.name}: array ${key}`);
      assert.ok(outcome.fitSeconds >= 0);
    }
  });

  it("fits an ordinal model's thresholds as parts on workers from a shared matrix, the same bit for bit as one fit", async () => {
    const { X, y } = syntheticCounts(300, 40, 5);
    const shared = shareCsr(X);
    assert.ok(shared.data.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(shared, { ...X, indptr: shared.indptr, indices: shared.indices, data: shared.data });
    const ordinal = spec('ord', 'ordinal_logistic', { C: 2, classWeight: 'balanced', classWeightPower: 1, maxIter: 100, tol: 1e-4 });
    const parts = fitPartCount(ordinal);
    assert.equal(parts, 4);
    const pool = FitPool.start(2);
    try {
      const fits = Array.from({ length: parts }, (_, part) => pool.submit({ id: 0, spec: ordinal, X: shared, y, seed: 1, part }, 1));
      await pool.fitQueued();
      const outcomes = await Promise.all(fits);
      const fromParts = classifierFromParts(ordinal, X.cols, outcomes.map((o) => (o.product as { fit: BinaryLogisticFit }).fit));
      const whole = await fitSpec(ordinal, X, y, 1);
      assert.deepEqual(fromParts.toArtifact(), whole.toArtifact());
    } finally {
      await pool.close();
    }
  });

  it('passes on the share of an iterative fit done, from a worker and from the calling thread', async () => {
    const { X, y } = syntheticCounts(300, 40, 7);
    const lr = spec('lr', 'logistic_regression', { C: 1, classWeight: null, maxIter: 50, tol: 0 });
    for (const workers of [0, 1]) {
      const shares: number[] = [];
      const pool = FitPool.start(workers);
      try {
        const fit = pool.submit({ id: 0, spec: lr, X, y, seed: 1 }, 1, (share) => shares.push(share));
        await pool.fitQueued();
        await fit;
      } finally {
        await pool.close();
      }
      assert.ok(shares.length >= 5, `${workers} workers: ${shares.length} reports`);
      assert.ok(shares.every((s, i) => s > 0 && s <= 1 && (i === 0 || s > (shares[i - 1] as number))), shares.join(' '));
    }
  });

  it('rejects a bad spec with its error code, on a worker and on the calling thread', async () => {
    const { X, y } = syntheticCounts(50, 10, 3);
    const bad = spec('bad', 'decision_tree', { maxDepth: 'deep' });
    for (const workers of [0, 1]) {
      const pool = FitPool.start(workers);
      try {
        const fit = pool.submit({ id: 0, spec: bad, X, y, seed: 1 }, 1);
        const rejected = assert.rejects(fit, (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /^model bad: [^]*maxDepth/.test((err as Error).message) && !(err as Error).message.includes('model bad: model bad'));
        await pool.fitQueued();
        await rejected;
      } finally {
        await pool.close();
      }
    }
  });

  it('stops its workers on close, and refuses a negative size', async () => {
    const pool = FitPool.start(2);
    assert.equal(pool.workers, 2);
    await pool.close();
    assert.equal(pool.workers, 0);
    assert.throws(() => FitPool.start(-1), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
  });
});
