/**
 * @module models/decode
 * Turns a classifier's five probabilities into a rating (argmax, or the median of the rating
 * distribution, which minimises the expected absolute error in stars) and the expected rating.
 */
import { N_CLASSES, argmaxClass } from './classifier.js';
import type { Rating } from '../core/rating.js';

/** How a model turns its 5 probabilities into one rating. */
export type Decoding = 'argmax' | 'median';

/**
 * The class index (0..4) that `decoding` picks from probabilities p[offset..offset+5); with
 * `classOffsets`, argmax of log p + offsets (tuned by train/class-offsets).
 */
export function decodeClass(p: ArrayLike<number>, decoding: Decoding, offset = 0, classOffsets?: readonly number[]): number {
  if (decoding === 'argmax') return classOffsets ? argmaxWithOffsets(p, classOffsets, offset) : argmaxClass(p, offset);
  let cumulative = 0;
  for (let c = 0; c < N_CLASSES - 1; c++) {
    cumulative += p[offset + c] as number;
    if (cumulative >= 0.5) return c;
  }
  return N_CLASSES - 1;
}

/** The expected rating: sum of rating x probability. */
export function expectedRating(p: ArrayLike<number>, offset = 0): number {
  let e = 0;
  for (let c = 0; c < N_CLASSES; c++) e += (c + 1) * (p[offset + c] as number);
  return e;
}

/** Class index -> rating. */
export function ratingOf(classIndex: number): Rating {
  return (classIndex + 1) as Rating;
}

/** The class index that argmax(log p + offsets) picks for row `offset` of `proba`. */
export function argmaxWithOffsets(proba: ArrayLike<number>, offsets: ArrayLike<number>, offset = 0): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < N_CLASSES; c++) {
    const score = Math.log(Math.max(proba[offset + c] as number, 1e-300)) + (offsets[c] as number);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
