/**
 * @module models/lbfgs
 * Unconstrained limited-memory BFGS with the More-Thuente line search (strong Wolfe conditions), as
 * in L-BFGS-B without bounds, so that models fitted here stop where scikit-learn's lbfgs would.
 * Pure numerics on Float64Array: it knows nothing of models, files or HTTP, and never logs.
 */

/**
 * The function to minimise: writes the gradient at `x` into `gradient` and returns the value.
 * It must not keep references to either array.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Settings of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Most iterations (accepted line-search steps). */
  maxIter: number;
  /** Stop when the largest |gradient component| is at most this (scipy's `gtol`, scikit-learn's `tol`). */
  gradientTol: number;
  /**
   * Stop when (f_prev - f) / max(|f_prev|, |f|, 1) is at most this. The default is scipy's
   * L-BFGS-B default (factr 1e7 x machine epsilon); 0 disables the test.
   */
  reductionTol: number;
  /** Number of correction pairs kept. */
  memory: number;
  /** Most objective evaluations within one line search. */
  maxLineSearchEvaluations: number;
}

/** Called after each accepted iteration with the number done so far (for progress reports; it must not throw). */
export type IterationObserver = (iterations: number) => void;

/** Why the optimiser stopped. `gradient` and `reduction` count as converged. */
export type LbfgsStopReason = 'gradient' | 'reduction' | 'max-iterations' | 'line-search';

/** Outcome of {@link minimizeLbfgs}; `x` is the best point reached. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradientInfNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  stopReason: LbfgsStopReason;
}

/** scipy's L-BFGS-B defaults (memory 10, factr 1e7, 20 evaluations per line search). */
export const DEFAULT_LBFGS_OPTIONS: Readonly<LbfgsOptions> = {
  maxIter: 100,
  gradientTol: 1e-5,
  reductionTol: 1e7 * Number.EPSILON,
  memory: 10,
  maxLineSearchEvaluations: 20,
};

/** Parameters of the More-Thuente search: sufficient decrease, curvature, interval tolerance. */
export interface WolfeParameters {
  /** Sufficient-decrease constant (c1 of the Armijo condition). */
  ftol: number;
  /** Curvature constant (c2 of the strong Wolfe condition). */
  gtol: number;
  /** Relative width below which the bracketing interval is too small to refine. */
  xtol: number;
  stpmin: number;
  stpmax: number;
}

/** The values L-BFGS-B passes to its line search. */
export const LBFGS_WOLFE: Readonly<WolfeParameters> = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 1e10 };

/** What the line search asks next: evaluate at `stp`, or it has finished (converged or cannot progress). */
export type LineSearchStatus = 'evaluate' | 'converged' | 'warning';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

/**
 * The More-Thuente line search (MINPACK-2 `dcsrch`) as a small state machine over one direction:
 * call {@link start} with phi(0) and phi'(0) < 0, then evaluate phi at {@link stp} and pass the
 * value and slope to {@link next} until it stops asking. On `converged` the step satisfies the
 * strong Wolfe conditions; on `warning` the interval cannot be refined further (rounding, step
 * bounds) and `stp` is the best step found.
 */
export class MoreThuenteSearch {
  /** The step to evaluate next (or the final step). */
  stp = 0;
  private readonly p: WolfeParameters;
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  constructor(parameters: WolfeParameters = LBFGS_WOLFE) {
    this.p = parameters;
  }

  /** Starts a search from phi(0) = f0 with slope g0 (must be negative) and first trial step stp0. */
  start(f0: number, g0: number, stp0: number): void {
    const p = this.p;
    if (!(g0 < 0)) throw new RangeError(`line search needs a descent direction, got slope ${g0}`);
    if (!(stp0 >= p.stpmin && stp0 <= p.stpmax)) throw new RangeError(`initial step ${stp0} is outside [${p.stpmin}, ${p.stpmax}]`);
    this.brackt = false;
    this.stage = 1;
    this.finit = f0;
    this.ginit = g0;
    this.gtest = p.ftol * g0;
    this.width = p.stpmax - p.stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f0;
    this.gx = g0;
    this.sty = 0;
    this.fy = f0;
    this.gy = g0;
    this.stmin = 0;
    this.stmax = stp0 + XTRAPU * stp0;
    this.stp = stp0;
  }

  /** Feeds phi(stp) and phi'(stp); returns whether to evaluate again at the updated {@link stp}. */
  next(f: number, g: number): LineSearchStatus {
    const p = this.p;
    const ftest = this.finit + this.stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    if (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) return 'warning';
    if (this.brackt && this.stmax - this.stmin <= p.xtol * this.stmax) return 'warning';
    if (this.stp === p.stpmax && f <= ftest && g <= this.gtest) return 'warning';
    if (this.stp === p.stpmin && (f > ftest || g >= this.gtest)) return 'warning';
    if (f <= ftest && Math.abs(g) <= p.gtol * -this.ginit) return 'converged';

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // A modified function (phi(a) - a * gtest) drives the first stage, as in the paper.
      const fm = f - this.stp * this.gtest;
      const fxm = this.fx - this.stx * this.gtest;
      const fym = this.fy - this.sty * this.gtest;
      const gm = g - this.gtest;
      const gxm = this.gx - this.gtest;
      const gym = this.gy - this.gtest;
      this.step(fxm, gxm, fym, gym, fm, gm);
      this.fx += this.stx * this.gtest;
      this.fy += this.sty * this.gtest;
      this.gx += this.gtest;
      this.gy += this.gtest;
    } else {
      this.step(this.fx, this.gx, this.fy, this.gy, f, g);
    }

    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, p.stpmin), p.stpmax);
    if ((this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= p.xtol * this.stmax)) {
      this.stp = this.stx;
    }
    return 'evaluate';
  }

  /**
   * MINPACK-2 `dcstep`: updates the interval [stx, sty] that contains a step satisfying the
   * conditions, and sets the next trial step by cubic/quadratic interpolation (safeguarded).
   * The endpoint values passed in are written back to fx, gx, fy, gy after the update.
   */
  private step(fx: number, dx: number, fy: number, dy: number, fp: number, dp: number): void {
    const stx = this.stx;
    const sty = this.sty;
    const stp = this.stp;
    const stpmin = this.stmin;
    const stpmax = this.stmax;
    const sgnd = dp * (dx / Math.abs(dx));
    let stpf: number;

    if (fp > fx) {
      // Case 1: higher value; the minimum is bracketed.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
      if (stp < stx) gamma = -gamma;
      const pp = gamma - dx + theta;
      const q = gamma - dx + gamma + dp;
      const r = pp / q;
      const stpc = stx + r * (stp - stx);
      const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
      stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // Case 2: lower value, derivatives of opposite sign; the minimum is bracketed.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
      if (stp > stx) gamma = -gamma;
      const pp = gamma - dp + theta;
      const q = gamma - dp + gamma + dx;
      const r = pp / q;
      const stpc = stp + r * (stx - stp);
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      this.brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
      // Case 3: lower value, same-sign derivative that decreases in magnitude.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const pp = gamma - dp + theta;
      const q = gamma + (dx - dp) + gamma;
      const r = pp / q;
      let stpc: number;
      if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
      else if (stp > stx) stpc = stpmax;
      else stpc = stpmin;
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (this.brackt) {
        stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
        stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
      } else {
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        stpf = Math.max(stpmin, Math.min(stpmax, stpf));
      }
    } else if (this.brackt) {
      // Case 4: lower value, derivative not decreasing in magnitude; interpolate towards sty.
      const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
      let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (dp / s));
      if (stp > sty) gamma = -gamma;
      const pp = gamma - dp + theta;
      const q = gamma - dp + gamma + dy;
      const r = pp / q;
      stpf = stp + r * (sty - stp);
    } else {
      stpf = stp > stx ? stpmax : stpmin;
    }

    this.fx = fx;
    this.gx = dx;
    this.fy = fy;
    this.gy = dy;
    if (fp > fx) {
      this.sty = stp;
      this.fy = fp;
      this.gy = dp;
    } else {
      if (sgnd < 0) {
        this.sty = stx;
        this.fy = fx;
        this.gy = dx;
      }
      this.stx = stp;
      this.fx = fp;
      this.gx = dp;
    }
    this.stp = stpf;
  }
}

// Vector kernels, kept small so that the engine optimises each on its own. Each does exactly the
// arithmetic of the loop it names (d - a * y is d + (-a) * y, bit for bit).

/** d = -v; returns u . d. */
function negateDot(d: Float64Array, v: Float64Array, u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const di = -(v[i] as number);
    d[i] = di;
    s += (u[i] as number) * di;
  }
  return s;
}

/**
 * d = (d + c * v) * k; returns u . d (the new d). One pass doing the arithmetic of three loops
 * (d += c * v, d *= k, then the dot product), in the same order: k = 1 leaves a value unchanged.
 */
function addScaledDot(d: Float64Array, c: number, v: Float64Array, k: number, u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const di = ((d[i] as number) + c * (v[i] as number)) * k;
    d[i] = di;
    s += (u[i] as number) * di;
  }
  return s;
}

/** x = from + stp * d. */
function step(x: Float64Array, from: Float64Array, stp: number, d: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = (from[i] as number) + stp * (d[i] as number);
}

/** out = a - b. */
function difference(out: Float64Array, a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] as number) - (b[i] as number);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i] as number);
    if (v > m) m = v;
  }
  return m;
}

function checkOptions(o: LbfgsOptions): void {
  if (!Number.isInteger(o.maxIter) || o.maxIter < 0) throw new RangeError(`maxIter must be a non-negative integer, got ${o.maxIter}`);
  if (!(o.gradientTol >= 0)) throw new RangeError(`gradientTol must be >= 0, got ${o.gradientTol}`);
  if (!(o.reductionTol >= 0)) throw new RangeError(`reductionTol must be >= 0, got ${o.reductionTol}`);
  if (!Number.isInteger(o.memory) || o.memory < 1) throw new RangeError(`memory must be a positive integer, got ${o.memory}`);
  if (!Number.isInteger(o.maxLineSearchEvaluations) || o.maxLineSearchEvaluations < 1) {
    throw new RangeError(`maxLineSearchEvaluations must be a positive integer, got ${o.maxLineSearchEvaluations}`);
  }
}

/**
 * Minimises `objective` from `x0` (not modified). Each iteration takes the two-loop L-BFGS
 * direction (initial Hessian scaled by s'y / y'y) and a More-Thuente step; the first step along a
 * steepest-descent direction has length 1 (in x), later ones start at 1. A correction pair is kept
 * only when s'y > eps * y'y (positive curvature). When a line search fails, the memory is dropped
 * and the search retried along the steepest descent; a second failure stops with `line-search`.
 * Deterministic: the same input gives the same result bit for bit; `observe`, if given, hears of
 * each accepted iteration and changes nothing.
 */
export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: Partial<LbfgsOptions> = {}, observe?: IterationObserver): LbfgsResult {
  const o: LbfgsOptions = { ...DEFAULT_LBFGS_OPTIONS };
  for (const [key, value] of Object.entries(options) as [keyof LbfgsOptions, number | undefined][]) if (value !== undefined) o[key] = value;
  checkOptions(o);

  const n = x0.length;
  const m = o.memory;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xPrev = new Float64Array(n);
  const gPrev = new Float64Array(n);
  const d = new Float64Array(n);
  let sNew: Float64Array = new Float64Array(n);
  let yNew: Float64Array = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let stored = 0; // correction pairs held
  let newest = -1; // slot of the newest pair (circular)
  let gamma = 1;

  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f) || !Number.isFinite(infNorm(g))) throw new RangeError(`objective is not finite at the starting point (value ${f})`);
  let gnorm = infNorm(g);
  let iterations = 0;
  let stopReason: LbfgsStopReason;
  const search = new MoreThuenteSearch(LBFGS_WOLFE);

  if (gnorm <= o.gradientTol) stopReason = 'gradient';
  else {
    for (;;) {
      if (iterations >= o.maxIter) {
        stopReason = 'max-iterations';
        break;
      }
      // Two-loop recursion: d = -H g, and its slope d . g. Each update of d also takes the dot
      // product the next step needs (s_t . d, y_t . d, and finally d . g).
      const slotAt = (t: number): number => (newest - t + m) % m;
      let product = negateDot(d, g, stored > 0 ? (S[slotAt(0)] as Float64Array) : g);
      for (let t = 0; t < stored; t++) {
        const slot = slotAt(t);
        const a = (rho[slot] as number) * product;
        alpha[slot] = a;
        const last = t === stored - 1;
        product = addScaledDot(d, -a, Y[slot] as Float64Array, last ? gamma : 1, (last ? Y[slot] : S[slotAt(t + 1)]) as Float64Array);
      }
      for (let t = stored - 1; t >= 0; t--) {
        const slot = slotAt(t);
        const b = (rho[slot] as number) * product;
        product = addScaledDot(d, (alpha[slot] as number) - b, S[slot] as Float64Array, 1, t === 0 ? g : (Y[slotAt(t - 1)] as Float64Array));
      }
      let slope = product;
      if (!(slope < 0)) {
        // Rounding made the quasi-Newton direction useless: fall back to steepest descent.
        stored = 0;
        slope = negateDot(d, g, g);
      }
      const stp0 = stored === 0 ? Math.min(1 / Math.sqrt(-slope), LBFGS_WOLFE.stpmax) : 1;

      xPrev.set(x);
      gPrev.set(g);
      const fPrev = f;
      search.start(f, slope, stp0);
      let status: LineSearchStatus = 'evaluate';
      for (let k = 0; k < o.maxLineSearchEvaluations && status === 'evaluate'; k++) {
        const stp = search.stp;
        step(x, xPrev, stp, d);
        f = objective(x, g);
        evaluations++;
        if (!Number.isFinite(f)) {
          status = 'warning';
          break;
        }
        status = search.next(f, dot(g, d));
      }
      if (status === 'evaluate' || !Number.isFinite(f) || f > fPrev) {
        // No acceptable step: restore the previous point; retry once along the steepest descent.
        x.set(xPrev);
        g.set(gPrev);
        f = fPrev;
        if (stored > 0) {
          stored = 0;
          continue;
        }
        stopReason = 'line-search';
        break;
      }
      iterations++;
      observe?.(iterations);

      difference(sNew, x, xPrev);
      difference(yNew, g, gPrev);
      const sy = dot(sNew, yNew);
      const yy = dot(yNew, yNew);
      if (sy > Number.EPSILON * yy) {
        // Store the pair in the oldest slot; that slot's old arrays become the next scratch pair.
        const slot = (newest + 1) % m;
        const sOld = S[slot];
        const yOld = Y[slot];
        S[slot] = sNew;
        Y[slot] = yNew;
        sNew = sOld ?? new Float64Array(n);
        yNew = yOld ?? new Float64Array(n);
        rho[slot] = 1 / sy;
        newest = slot;
        stored = Math.min(stored + 1, m);
        gamma = sy / yy;
      }

      gnorm = infNorm(g);
      if (gnorm <= o.gradientTol) {
        stopReason = 'gradient';
        break;
      }
      if (fPrev - f <= o.reductionTol * Math.max(Math.abs(fPrev), Math.abs(f), 1)) {
        stopReason = 'reduction';
        break;
      }
    }
  }
  return {
    x,
    value: f,
    gradientInfNorm: infNorm(g),
    iterations,
    evaluations,
    converged: stopReason === 'gradient' || stopReason === 'reduction',
    stopReason,
  };
}
