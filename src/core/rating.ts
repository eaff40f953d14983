/**
 * @module core/rating
 * The star rating every layer speaks of: data reads it, models predict it, monitoring compares it.
 * Only the type and the list of values live here; how scores become a rating is models/decode.
 */

/** A star rating. */
export type Rating = 1 | 2 | 3 | 4 | 5;
/** The ratings in class-index order: class index i is rating i + 1. */
export const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];
