/**
 * @module stats/divergence
 * How far apart two discrete distributions are (Jensen-Shannon distance, population stability
 * index), and the Shannon entropy of one. Inputs are shares or counts over the same bins; counts
 * are normalised first, as SciPy does. Pure; no I/O.
 */
import { ReviewStarsError } from '../core/errors.js';
import { shares } from './histogram.js';

/**
 * The share that stands in for an empty bin in the PSI, whose log-ratio would otherwise be
 * infinite: 1e-4, as monitoring tools (e.g. Evidently) use. A bin empty on one side only then adds
 * about |share| x 9 to the index, a clear drift for any share above 0.02.
 */
export const PSI_EPSILON = 1e-4;

function pair(p: ArrayLike<number>, q: ArrayLike<number>): [number[], number[]] {
  if (p.length !== q.length) throw new ReviewStarsError('INVALID_ARGUMENT', `distributions over ${p.length} and ${q.length} bins cannot be compared: use the same bins`);
  if (p.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'distributions over no bins cannot be compared');
  return [shares(p), shares(q)];
}

/** x ln(x / y), with 0 ln(0 / y) = 0 (scipy.special.rel_entr). */
function relEntr(x: number, y: number): number {
  if (x === 0) return 0;
  return x * Math.log(x / y);
}

/**
 * Jensen-Shannon distance in bits (base 2, in [0, 1]): the square root of the Jensen-Shannon
 * divergence, as scipy.spatial.distance.jensenshannon(p, q, base=2).
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` for different lengths, negative values or an all-zero side.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const [a, b] = pair(p, q);
  let js = 0;
  for (let i = 0; i < a.length; i++) {
    const m = ((a[i] as number) + (b[i] as number)) / 2;
    js += relEntr(a[i] as number, m) + relEntr(b[i] as number, m);
  }
  js /= Math.LN2;
  // Rounding can leave a tiny negative divergence for identical distributions.
  return Math.sqrt(Math.max(0, js / 2));
}

/**
 * Population stability index of `actual` against `expected` (the reference):
 * sum over bins of (a - e) ln(a / e), on shares, an empty bin's share replaced by `epsilon`
 * ({@link PSI_EPSILON} by default).
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` as {@link jensenShannonDistance}.
 */
export function populationStabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>, epsilon = PSI_EPSILON): number {
  const [e, a] = pair(expected, actual);
  let psi = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = (e[i] as number) === 0 ? epsilon : (e[i] as number);
    const ai = (a[i] as number) === 0 ? epsilon : (a[i] as number);
    psi += (ai - ei) * Math.log(ai / ei);
  }
  return psi;
}

/**
 * Shannon entropy in bits of a probability vector (normalised first), as
 * scipy.stats.entropy(p, base=2): 0 for a certain outcome, log2(k) for k equal shares.
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` for an empty vector, a negative value or an all-zero one.
 */
export function entropyBits(p: ArrayLike<number>): number {
  if (p.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'the entropy of no outcome is undefined');
  const s = shares(p);
  let h = 0;
  for (const x of s) if (x > 0) h -= x * Math.log(x);
  return h / Math.LN2;
}
