/**
 * @module stats/ks
 * The two-sample Kolmogorov-Smirnov test (two-sided): the statistic D, the largest gap between
 * the two empirical distribution functions, and its p-value as scipy.stats.ks_2samp computes it
 * with method='auto'. Pure; no I/O.
 */
import { ReviewStarsError } from '../core/errors.js';

/** SciPy's threshold: with at most this many values per side, 'auto' computes the exact p-value. */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  /** 'exact': SciPy's exact method (same value); 'asymp': Kolmogorov's limit distribution, see {@link ksTwoSample}. */
  method: 'exact' | 'asymp';
}

function sortedCopy(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', `the ${name} sample is empty: a KS test needs values on both sides`);
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i] as number)) throw new ReviewStarsError('INVALID_ARGUMENT', `value ${i} of the ${name} sample is ${out[i]}: KS needs finite numbers`);
  }
  return out.sort();
}

/** The largest |F1(x) - F2(x)| over the pooled values, both sides sorted. */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  // Walk the pooled values in order; at each distinct value both CDFs include every value <= it.
  while (i < n1 && j < n2) {
    const x = Math.min(a[i] as number, b[j] as number);
    while (i < n1 && (a[i] as number) <= x) i++;
    while (j < n2 && (b[j] as number) <= x) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  return d;
}

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

/** P(D >= h/n) for two samples of n values each (SciPy's _compute_prob_outside_square). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| < h/lcm(m, n):
 * SciPy's _compute_outer_prob_inside_method (Hodges' inside method with Viehmann's recursion for
 * 1 - p), step for step, so that the p-values agree to the last bits.
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((a[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1] as number;
}

/**
 * Survival function of Kolmogorov's limit distribution, P(K > x)
 * (scipy.stats.kstwobign.sf): the alternating series 2 sum (-1)^(k-1) e^(-2 k^2 x^2) for x >= 1,
 * and 1 - sqrt(2 pi)/x sum e^(-(2k-1)^2 pi^2 / (8 x^2)) below, where the first converges slowly.
 */
export function kolmogorovSf(x: number): number {
  if (!(x > 0)) return 1;
  if (x >= 1) {
    let sum = 0;
    for (let k = 1; k <= 100; k++) {
      const term = Math.exp(-2 * k * k * x * x);
      sum += k % 2 === 1 ? term : -term;
      if (term < 1e-18) break;
    }
    return Math.min(1, Math.max(0, 2 * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * x * x));
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / x) * sum));
}

/**
 * Two-sided two-sample KS test of `a` against `b`.
 *
 * With at most {@link KS_EXACT_MAX_N} values on each side (every window up to 10,000 predictions
 * against a reference of at most that many values) the statistic and p-value are SciPy's
 * ks_2samp(method='auto'), which is then exact. Above it, SciPy uses the exact one-sample
 * distribution kstwo.sf(D, round(en)) with en = n1 n2 / (n1 + n2); review-stars uses Kolmogorov's
 * limit distribution at sqrt(en) D instead (kstwobign.sf), which differs by a few percent of the
 * p-value at en ~ 750 and less as en grows: a documented approximation, not SciPy's value.
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` for an empty side or a value that is not finite.
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const x = sortedCopy(a, 'first');
  const y = sortedCopy(b, 'second');
  const n1 = x.length;
  const n2 = y.length;
  const d = ksStatistic(x, y);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    // SciPy rounds D onto the lattice of possible values (multiples of 1/lcm) before the exact count.
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    const statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p, method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic: d, pValue: kolmogorovSf(Math.sqrt(en) * d), method: 'asymp' };
}
