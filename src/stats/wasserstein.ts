/**
 * @module stats/wasserstein
 * The first Wasserstein (earth mover's) distance between two samples of numbers, as
 * scipy.stats.wasserstein_distance, and its scale-free form divided by the reference's standard
 * deviation. Pure; no I/O.
 */
import { ReviewStarsError } from '../core/errors.js';

function sortedFinite(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', `the ${name} sample is empty: a distance needs values on both sides`);
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i] as number)) throw new ReviewStarsError('INVALID_ARGUMENT', `value ${i} of the ${name} sample is ${out[i]}: finite numbers only`);
  }
  return out.sort();
}

/**
 * W1(u, v) = integral of |U(x) - V(x)| dx over the two empirical CDFs, each value weighing the same.
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` for an empty sample or a value that is not finite.
 */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = sortedFinite(u, 'first');
  const b = sortedFinite(v, 'second');
  let i = 0;
  let j = 0;
  let total = 0;
  let x = Math.min(a[0] as number, b[0] as number);
  // Between consecutive pooled values both CDFs are constant: add |U - V| times the gap.
  while (i < a.length || j < b.length) {
    while (i < a.length && (a[i] as number) <= x) i++;
    while (j < b.length && (b[j] as number) <= x) j++;
    if (i === a.length && j === b.length) break;
    const next = Math.min(i < a.length ? (a[i] as number) : Infinity, j < b.length ? (b[j] as number) : Infinity);
    total += Math.abs(i / a.length - j / b.length) * (next - x);
    x = next;
  }
  return total;
}

/** Population standard deviation (numpy.std, ddof = 0). */
export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'the standard deviation of no value is undefined');
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] as number;
  mean /= values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += ((values[i] as number) - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/**
 * W1(reference, live) divided by the reference's standard deviation (as Evidently's "normed"
 * Wasserstein distance), so that one threshold (0.1) means the same for any unit. A reference
 * with no spread (std 0) divides by 1 instead: the distance is then in the values' own unit.
 */
export function normalizedWasserstein(reference: ArrayLike<number>, live: ArrayLike<number>): number {
  const std = standardDeviation(reference);
  return wassersteinDistance(reference, live) / (std > 0 ? std : 1);
}
