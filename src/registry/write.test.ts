import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeModelSet } from './write.js';
import { loadModelSet } from './load.js';
import { trainModels, type TrainResult } from '../train/pipeline.js';
import { loadReviews } from '../data/reviews-csv.js';
import { ORIGINAL_COUNTS, type ModelSpec } from '../train/model-specs.js';
import { syntheticReviews, writeReviewsCsv } from '../../test-support/synthetic-reviews.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { isReviewStarsError } from '../core/errors.js';
import type { DataFingerprint } from './write.js';

const NB: ModelSpec = { name: 'nb', algorithm: 'naive_bayes', branch: null, features: ORIGINAL_COUNTS, params: { alpha: 1 }, decoding: 'argmax', description: 'test' };
const DT: ModelSpec = { name: 'dt', algorithm: 'decision_tree', branch: null, features: ORIGINAL_COUNTS, params: { maxDepth: 3 }, decoding: 'argmax', description: 'test' };

async function train(dir: string, specs: ModelSpec[]): Promise<{ result: TrainResult; data: DataFingerprint }> {
  const csv = join(dir, 'reviews.csv');
  writeReviewsCsv(csv, syntheticReviews(120, 9));
  const loaded = await loadReviews(csv);
  const result = await trainModels(loaded, { seed: 1, testFraction: 0.25, specs, workers: 0 });
  return { result, data: { file: 'reviews.csv', sha256: loaded.sha256, rowsRead: loaded.rowsRead, rowsSkipped: 0, rowsUsed: loaded.reviews.length } };
}

test('replacing a set swaps it in and removes the old set\'s files the new one lacks; no temporary directory is left', async () => {
  await withTempDir('rs-write-', async (dir) => {
    const both = await train(dir, [NB, DT]);
    const set = join(dir, 'set');
    await writeModelSet(set, both.result, both.data);
    const one = await train(dir, [NB]);
    const manifest = await writeModelSet(set, one.result, one.data);
    assert.deepEqual(await readdir(join(set, 'models')), ['nb.rsm']);
    assert.deepEqual((await readdir(dir)).sort(), ['reviews.csv', 'set']);
    assert.equal((await loadModelSet(set)).manifest.version, manifest.version);
  });
});

test('with force, the set goes in place beside other files, but a file the old set does not own is never replaced', async () => {
  await withTempDir('rs-write-', async (dir) => {
    const { result, data } = await train(dir, [NB]);
    const set = join(dir, 'set');
    await mkdir(join(set, 'models'), { recursive: true });
    await writeFile(join(set, 'models', 'nb.rsm'), 'someone else\'s file');
    await assert.rejects(
      writeModelSet(set, result, data, { force: true, label: '--out' }),
      (err: unknown) => isReviewStarsError(err, 'OUT_DIR_NOT_EMPTY') && /already holds models\/nb\.rsm, which is not a model set's own file/.test(err.message),
    );
    assert.equal(await readFile(join(set, 'models', 'nb.rsm'), 'utf8'), 'someone else\'s file');
    assert.deepEqual(await readdir(set), ['models'], 'nothing was written');

  });
});

test('a write that fails is one OUTPUT_NOT_WRITABLE error naming the directory', async () => {
  await withTempDir('rs-write-', async (dir) => {
    const { result, data } = await train(dir, [NB]);
    await assert.rejects(
      writeModelSet(join(dir, 'reviews.csv', 'set'), result, data, { label: '--out' }),
      (err: unknown) => isReviewStarsError(err, 'OUTPUT_NOT_WRITABLE') && /^--out .*reviews\.csv\/set cannot be written/.test(err.message),
    );
  });
});
