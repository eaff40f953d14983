/**
 * @module evaluation/training-data
 * Recognises a model set's own training data by the fingerprint in its manifest (sha256 of the
 * file, rows read and used) and re-makes the set's split on it, so that the set can be scored on
 * the rows it held out. Never trains, and never re-makes a split on data that does not match.
 */
import type { LoadedReviews, Review } from '../data/reviews-csv.js';
import type { Manifest } from '../registry/model-set.js';
import { SPLIT_STRATIFIED_BY, splitReviewRows } from '../train/pipeline.js';
import { ReviewStarsError } from '../core/errors.js';

/** True when `loaded` is the file the set was trained on (same bytes). */
export function isTrainingData(manifest: Manifest, loaded: LoadedReviews): boolean {
  return loaded.sha256 === manifest.data.sha256;
}

/**
 * The reviews of the set's test split: the split re-made with the manifest's seed and fraction on
 * the set's own training data.
 * @param label How messages name the request, e.g. `--split test`.
 * @throws ReviewStarsError INVALID_ARGUMENT when `loaded` is not the training data, was read into
 *   other rows (e.g. another --encoding), or the re-made split differs from the manifest's.
 */
export function heldOutReviews(manifest: Manifest, loaded: LoadedReviews, label = '--split test'): Review[] {
  const { data, split } = manifest;
  if (!isTrainingData(manifest, loaded)) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      `${label} needs the data this set was trained on (sha256 ${data.sha256.slice(0, 12)}..., file ${data.file}); ${loaded.file} has sha256 ${loaded.sha256.slice(0, 12)}...`,
      { expected: data.sha256, actual: loaded.sha256 },
    );
  }
  if (loaded.rowsRead !== data.rowsRead || loaded.reviews.length !== data.rowsUsed) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      `${label}: ${loaded.file} gave ${loaded.reviews.length} usable rows of ${loaded.rowsRead}, the set was trained on ${data.rowsUsed} of ${data.rowsRead}: ` +
        'read it as training did (same --encoding and --keep-duplicates, same version of review-stars)',
    );
  }
  if (split.stratifiedBy !== SPLIT_STRATIFIED_BY) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${label}: the set's split is stratified by ${split.stratifiedBy}, which this version cannot re-make`);
  }
  const { train, test } = splitReviewRows(loaded.reviews, split.seed, split.testFraction);
  if (train.length !== split.trainRows || test.length !== split.testRows) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      `${label}: the split re-made with seed ${split.seed} has ${train.length} train / ${test.length} test rows, the set's has ${split.trainRows} / ${split.testRows}`,
    );
  }
  return Array.from(test, (i) => loaded.reviews[i] as Review);
}
