import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { heldOutReviews, isTrainingData } from './training-data.js';
import { loadReviews, type LoadedReviews } from '../data/reviews-csv.js';
import { splitReviewRows } from '../train/pipeline.js';
import type { Manifest } from '../registry/model-set.js';
import { syntheticReviews, writeReviewsCsv } from '../../test-support/synthetic-reviews.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { isReviewStarsError } from '../core/errors.js';

/** The parts of a manifest these functions read, as train would write them for `loaded`. */
function manifestFor(loaded: LoadedReviews, seed: number, testFraction: number): Manifest {
  const { train, test } = splitReviewRows(loaded.reviews, seed, testFraction);
  return {
    data: { file: 'reviews.csv', sha256: loaded.sha256, rowsRead: loaded.rowsRead, rowsSkipped: loaded.skippedCount, rowsUsed: loaded.reviews.length },
    split: { seed, testFraction, stratifiedBy: 'Branch,Rating', trainRows: train.length, testRows: test.length },
  } as Manifest;
}

const refused = (pattern: RegExp) => (err: unknown): boolean => isReviewStarsError(err, 'INVALID_ARGUMENT') && pattern.test(err.message);

test('the held-out reviews are the test rows of the split re-made with the manifest\'s seed and fraction', async () => {
  await withTempDir('rs-held-', async (dir) => {
    const csv = join(dir, 'reviews.csv');
    writeReviewsCsv(csv, syntheticReviews(200, 21));
    const loaded = await loadReviews(csv);
    const manifest = manifestFor(loaded, 5, 0.3);
    assert.equal(isTrainingData(manifest, loaded), true);
    const held = heldOutReviews(manifest, loaded);
    assert.equal(held.length, manifest.split.testRows);
    assert.deepEqual(held.map((r) => r.line), Array.from(splitReviewRows(loaded.reviews, 5, 0.3).test, (i) => (loaded.reviews[i] as { line: number }).line));

    assert.throws(() => heldOutReviews({ ...manifest, data: { ...manifest.data, sha256: 'f'.repeat(64) } }, loaded), refused(/needs the data this set was trained on \(sha256 ffffffffffff/));
    assert.throws(() => heldOutReviews({ ...manifest, data: { ...manifest.data, rowsUsed: 199 } }, loaded), refused(/gave 200 usable rows of 200, the set was trained on 199 of 200/));
    assert.throws(() => heldOutReviews({ ...manifest, split: { ...manifest.split, testRows: 1 } }, loaded), refused(/the split re-made with seed 5 has \d+ train \/ 60 test rows, the set's has \d+ \/ 1/));
    assert.throws(() => heldOutReviews({ ...manifest, split: { ...manifest.split, stratifiedBy: 'Rating' } }, loaded), refused(/stratified by Rating/));
  });
});
