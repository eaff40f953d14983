/**
 * @module stats/histogram
 * Histograms with fixed bin edges (the same edges for the training reference and every live
 * window, so that their shares compare bin by bin), and the shares of counts. Pure; no I/O.
 */
import { ReviewStarsError } from '../core/errors.js';

/** Counts of values per bin: bin i is [edges[i], edges[i + 1]), the last bin closed on both sides. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Throws INVALID_ARGUMENT unless `edges` holds at least two finite, strictly increasing numbers. */
export function checkEdges(edges: readonly number[]): void {
  if (edges.length < 2) throw new ReviewStarsError('INVALID_ARGUMENT', `a histogram needs at least 2 bin edges, got ${edges.length}`);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as number;
    if (!Number.isFinite(e)) throw new ReviewStarsError('INVALID_ARGUMENT', `bin edge ${i} is ${e}: edges must be finite`);
    if (i > 0 && e <= (edges[i - 1] as number)) throw new ReviewStarsError('INVALID_ARGUMENT', `bin edges must increase: edge ${i} (${e}) <= edge ${i - 1}`);
  }
}

/**
 * The index of the bin of `value`. Inside the edges the bins are numpy.histogram's (left-closed,
 * the last one closed); a value below the first edge counts in the first bin and one above the
 * last edge in the last bin, so that no live value is dropped (numpy drops them).
 */
export function binIndex(edges: readonly number[], value: number): number {
  const last = edges.length - 2;
  if (value >= (edges[last] as number)) return last;
  // Binary search for the last edge <= value.
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The histogram of `values` over fixed `edges`.
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` for bad edges or a value that is not a finite number.
 */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): Histogram {
  checkEdges(edges);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new ReviewStarsError('INVALID_ARGUMENT', `value ${i} is ${v}: a histogram counts finite numbers`);
    counts[binIndex(edges, v)]!++;
  }
  return { edges: edges.slice(), counts };
}

/**
 * Counts divided by their sum.
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` when a count is negative or not finite, or all are 0.
 */
export function shares(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (!(Number.isFinite(c) && c >= 0)) throw new ReviewStarsError('INVALID_ARGUMENT', `count ${i} is ${c}: counts must be finite and >= 0`);
    total += c;
  }
  if (total === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'no counts to share out: they sum to 0');
  return Array.from(counts, (c) => c / total);
}
