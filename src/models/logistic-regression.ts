/**
 * @module models/logistic-regression
 * Multinomial logistic regression with L2, fitted with L-BFGS exactly as scikit-learn's
 * `LogisticRegression(solver='lbfgs', multi_class='multinomial')`, and its artifact form.
 * Also the input checks shared by the linear models. Knows nothing of files, vocabularies or HTTP.
 */
import { ReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { N_CLASSES } from './classifier.js';
import type { Labels, ModelArtifact } from './classifier.js';
import { LogLinearClassifier } from './log-linear.js';
import { cscFromCsr } from './csc.js';
import { DEFAULT_LBFGS_OPTIONS, minimizeLbfgs } from './lbfgs.js';
import type { IterationObserver, LbfgsStopReason, Objective } from './lbfgs.js';

/** Hyper-parameters of {@link fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  /** Inverse L2 strength: larger C, weaker penalty (scikit-learn's C). */
  C: number;
  /** null (all 1), 'balanced' (n / (classes present x count of the class)), or one weight per class. */
  classWeight: null | 'balanced' | number[];
  /** Most L-BFGS iterations. */
  maxIter: number;
  /** Stop when the largest |gradient component| of the objective is at most this. */
  tol: number;
  /** One non-negative weight per row (default all 1). */
  sampleWeight?: Float64Array;
  /** Hears of each accepted L-BFGS iteration (progress reports); changes nothing. */
  onIteration?: IterationObserver;
  /**
   * Also stop when the objective's relative decrease over an iteration is at most this. Default:
   * scipy's L-BFGS-B test (factr 1e7 x machine epsilon), which is what stops scikit-learn's fits
   * in practice; 0 disables it, so that only `tol` or `maxIter` stop the fit.
   */
  reductionTol?: number;
}

/** scikit-learn's defaults. */
export const DEFAULT_LOGISTIC_REGRESSION_OPTIONS: Readonly<Required<Omit<LogisticRegressionOptions, 'sampleWeight' | 'onIteration'>>> = {
  C: 1,
  classWeight: null,
  maxIter: 100,
  tol: 1e-4,
  reductionTol: DEFAULT_LBFGS_OPTIONS.reductionTol,
};

/**
 * Intercept given to a class that had no training weight: such a class cannot be fitted (its
 * intercept would run to -infinity), so it is left out of the fit and gets this finite intercept
 * and zero coefficients. e^-1e9 underflows to exactly 0 beside any logit an L2-bounded model
 * reaches, so the class's probability is 0, never NaN.
 */
export const ABSENT_CLASS_INTERCEPT = -1e9;

const ALGORITHM = 'logistic_regression';
const LOG_PREFIX = 'logistic regression';

function invalidArgument(message: string): ReviewStarsError {
  return new ReviewStarsError('INVALID_ARGUMENT', message);
}

/**
 * Checks a training set from outside: a well-formed CSR matrix with finite values (non-negative
 * when `nonNegative`), one label in 0..4 per row, and optional per-row weights that are finite,
 * non-negative and not all zero. Throws `ReviewStarsError('INVALID_ARGUMENT')` naming the problem.
 */
export function checkTrainingSet(
  X: Csr,
  y: Labels,
  sampleWeight: Float64Array | undefined,
  model: string,
  nonNegative = false,
): void {
  const { rows, cols, indptr, indices, data } = X;
  if (!Number.isInteger(rows) || rows < 1) throw invalidArgument(`${model}: the training matrix has no rows`);
  if (!Number.isInteger(cols) || cols < 1) throw invalidArgument(`${model}: the training matrix has no columns`);
  if (indptr.length !== rows + 1 || indptr[0] !== 0) throw invalidArgument(`${model}: the training matrix's indptr must have rows + 1 entries starting at 0`);
  const nnz = indptr[rows] as number;
  if (indices.length < nnz || data.length < nnz) throw invalidArgument(`${model}: the training matrix's indptr points past its indices or data`);
  for (let r = 0; r < rows; r++) {
    const start = indptr[r] as number;
    const end = indptr[r + 1] as number;
    if (end < start) throw invalidArgument(`${model}: the training matrix's indptr decreases at row ${r}`);
    let previous = -1;
    for (let p = start; p < end; p++) {
      const j = indices[p] as number;
      const v = data[p] as number;
      if (j <= previous || j >= cols) throw invalidArgument(`${model}: row ${r} has column ${j} out of order or outside [0, ${cols})`);
      if (!Number.isFinite(v) || (nonNegative && v < 0)) {
        throw invalidArgument(`${model}: row ${r}, column ${j} holds ${v}; values must be finite${nonNegative ? ' and non-negative' : ''}`);
      }
      previous = j;
    }
  }
  if (y.length !== rows) throw invalidArgument(`${model}: ${y.length} labels for ${rows} rows`);
  for (let i = 0; i < rows; i++) {
    if ((y[i] as number) >= N_CLASSES) throw invalidArgument(`${model}: label ${y[i]} at row ${i} is not a class index 0..${N_CLASSES - 1}`);
  }
  if (sampleWeight !== undefined) {
    if (sampleWeight.length !== rows) throw invalidArgument(`${model}: ${sampleWeight.length} sample weights for ${rows} rows`);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const w = sampleWeight[i] as number;
      if (!Number.isFinite(w) || w < 0) throw invalidArgument(`${model}: sample weight ${w} at row ${i} must be finite and non-negative`);
      total += w;
    }
    if (!(total > 0)) throw invalidArgument(`${model}: every sample weight is zero`);
  }
}

/**
 * The typed array `name` of an artifact, checked: present, of the given type and length, every
 * value finite. Throws `ReviewStarsError('MODEL_FILE_INVALID')` with the exact reason.
 */
export function artifactArray(
  artifact: ModelArtifact,
  name: string,
  length: number,
  model: string,
): Float64Array {
  const a = artifact.arrays[name];
  if (a === undefined) throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: array "${name}" is missing`);
  if (!(a instanceof Float64Array)) throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: array "${name}" must hold 64-bit floats`);
  if (a.length !== length) {
    throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: array "${name}" has ${a.length} values, expected ${length}`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i] as number)) {
      throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: array "${name}" holds a non-finite value (${a[i]}) at index ${i}`);
    }
  }
  return a;
}

/** Checks an artifact's algorithm and feature count; returns nFeatures. */
export function artifactHeader(artifact: ModelArtifact, algorithm: string, model: string): number {
  if (artifact.algorithm !== algorithm) {
    throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: algorithm is "${String(artifact.algorithm)}", expected "${algorithm}"`);
  }
  const n = artifact.nFeatures;
  if (!Number.isInteger(n) || n < 1) throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: nFeatures must be a positive integer, got ${String(n)}`);
  return n;
}

/** The param `name` of an artifact, checked with `ok`; `expected` describes a valid value. */
export function artifactParam<T extends number | string | boolean | null>(
  artifact: ModelArtifact,
  name: string,
  ok: (v: unknown) => v is T,
  expected: string,
  model: string,
): T {
  const v: unknown = artifact.params[name];
  if (!ok(v)) throw new ReviewStarsError('MODEL_FILE_INVALID', `${model} model: param "${name}" must be ${expected}, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v;
}

const isPositiveNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonNegativeNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const CLASS_WEIGHT_MODES = [null, 'balanced', 'explicit'] as const;
type ClassWeightMode = (typeof CLASS_WEIGHT_MODES)[number];
const isClassWeightMode = (v: unknown): v is ClassWeightMode => (CLASS_WEIGHT_MODES as readonly unknown[]).includes(v);
const STOP_REASONS: readonly LbfgsStopReason[] = ['gradient', 'reduction', 'max-iterations', 'line-search'];
const isStopReason = (v: unknown): v is LbfgsStopReason => (STOP_REASONS as readonly unknown[]).includes(v);

/** What the fit did: how it stopped and where. */
export interface LogisticRegressionFitFacts {
  iterations: number;
  converged: boolean;
  stopReason: LbfgsStopReason;
  /** Final objective: sum of weighted log losses + ||W||^2 / (2C). */
  objective: number;
  /** Largest |gradient component| at the solution. */
  gradientInfNorm: number;
}

/** Everything that defines a fitted model; what {@link LogisticRegression}'s constructor takes. */
export interface LogisticRegressionState {
  nFeatures: number;
  /** Coefficients, class-major: coef[c * nFeatures + j] (scikit-learn's coef_ layout). */
  coef: Float64Array;
  /** One intercept per class. */
  intercept: Float64Array;
  /** The class weights the fit used (for the record; prediction does not need them). */
  classWeights: Float64Array;
  C: number;
  classWeight: ClassWeightMode;
  maxIter: number;
  tol: number;
  reductionTol: number;
  fit: LogisticRegressionFitFacts;
}

/** A fitted multinomial logistic regression: p(c|x) = softmax(coef x + intercept)_c. */
export class LogisticRegression extends LogLinearClassifier {
  readonly algorithm = ALGORITHM;
  /** The fitted state minus `coef`, which is kept only feature-major (see LogLinearClassifier). */
  private readonly rest: Readonly<Omit<LogisticRegressionState, 'coef'>>;

  /** Wraps a fitted state (its coef is copied feature-major and not kept). */
  constructor(state: LogisticRegressionState) {
    super(state.coef, state.intercept, state.nFeatures);
    const { coef: _dropped, ...rest } = state;
    this.rest = rest;
  }

  /** The fitted state; `coef` (class-major) is rebuilt on each call. */
  get state(): Readonly<LogisticRegressionState> {
    return { ...this.rest, coef: this.classMajorWeights() };
  }

  /** Hyper-parameters and fit facts in params; coef (5 x nFeatures, class-major), intercept and class weights in arrays. */
  toArtifact(): ModelArtifact {
    const s = this.state;
    return {
      algorithm: ALGORITHM,
      nFeatures: this.nFeatures,
      params: {
        C: s.C,
        classWeight: s.classWeight,
        maxIter: s.maxIter,
        tol: s.tol,
        reductionTol: s.reductionTol,
        iterations: s.fit.iterations,
        converged: s.fit.converged,
        stopReason: s.fit.stopReason,
        objective: s.fit.objective,
        gradientInfNorm: s.fit.gradientInfNorm,
      },
      arrays: { coef: s.coef, intercept: s.intercept, classWeights: s.classWeights },
    };
  }

  /** Rebuilds a model from {@link toArtifact}'s output; throws `ReviewStarsError('MODEL_FILE_INVALID')` on anything malformed. */
  static fromArtifact(a: ModelArtifact): LogisticRegression {
    const F = artifactHeader(a, ALGORITHM, LOG_PREFIX);
    const classWeights = artifactArray(a, 'classWeights', N_CLASSES, LOG_PREFIX);
    for (let c = 0; c < N_CLASSES; c++) {
      if ((classWeights[c] as number) < 0) {
        throw new ReviewStarsError('MODEL_FILE_INVALID', `${LOG_PREFIX} model: array "classWeights" holds a negative weight at index ${c}`);
      }
    }
    return new LogisticRegression({
      nFeatures: F,
      coef: artifactArray(a, 'coef', N_CLASSES * F, LOG_PREFIX),
      intercept: artifactArray(a, 'intercept', N_CLASSES, LOG_PREFIX),
      classWeights,
      C: artifactParam(a, 'C', isPositiveNumber, 'a positive number', LOG_PREFIX),
      classWeight: artifactParam(a, 'classWeight', isClassWeightMode, 'null, "balanced" or "explicit"', LOG_PREFIX),
      maxIter: artifactParam(a, 'maxIter', isCount, 'a non-negative integer', LOG_PREFIX),
      tol: artifactParam(a, 'tol', isNonNegativeNumber, 'a non-negative number', LOG_PREFIX),
      reductionTol: artifactParam(a, 'reductionTol', isNonNegativeNumber, 'a non-negative number', LOG_PREFIX),
      fit: {
        iterations: artifactParam(a, 'iterations', isCount, 'a non-negative integer', LOG_PREFIX),
        converged: artifactParam(a, 'converged', isBoolean, 'true or false', LOG_PREFIX),
        stopReason: artifactParam(a, 'stopReason', isStopReason, `one of ${STOP_REASONS.join(', ')}`, LOG_PREFIX),
        objective: artifactParam(a, 'objective', isNonNegativeNumber, 'a non-negative number', LOG_PREFIX),
        gradientInfNorm: artifactParam(a, 'gradientInfNorm', isNonNegativeNumber, 'a non-negative number', LOG_PREFIX),
      },
    });
  }
}


function resolveOptions(options: Partial<LogisticRegressionOptions>): LogisticRegressionOptions & { reductionTol: number } {
  const o: LogisticRegressionOptions & { reductionTol: number } = {
    C: options.C ?? DEFAULT_LOGISTIC_REGRESSION_OPTIONS.C,
    classWeight: options.classWeight === undefined ? DEFAULT_LOGISTIC_REGRESSION_OPTIONS.classWeight : options.classWeight,
    maxIter: options.maxIter ?? DEFAULT_LOGISTIC_REGRESSION_OPTIONS.maxIter,
    tol: options.tol ?? DEFAULT_LOGISTIC_REGRESSION_OPTIONS.tol,
    sampleWeight: options.sampleWeight,
    reductionTol: options.reductionTol ?? DEFAULT_LOGISTIC_REGRESSION_OPTIONS.reductionTol,
  };
  if (typeof o.C !== 'number' || !Number.isFinite(o.C) || o.C <= 0) throw invalidArgument(`${LOG_PREFIX}: C must be a positive number, got ${String(o.C)}`);
  if (!Number.isInteger(o.maxIter) || o.maxIter < 1) throw invalidArgument(`${LOG_PREFIX}: maxIter must be a positive integer, got ${String(o.maxIter)}`);
  if (typeof o.tol !== 'number' || !Number.isFinite(o.tol) || o.tol < 0) throw invalidArgument(`${LOG_PREFIX}: tol must be a non-negative number, got ${String(o.tol)}`);
  if (typeof o.reductionTol !== 'number' || !Number.isFinite(o.reductionTol) || o.reductionTol < 0) {
    throw invalidArgument(`${LOG_PREFIX}: reductionTol must be a non-negative number, got ${String(o.reductionTol)}`);
  }
  const cw = o.classWeight;
  if (Array.isArray(cw)) {
    if (cw.length !== N_CLASSES || !cw.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
      throw invalidArgument(`${LOG_PREFIX}: classWeight must list ${N_CLASSES} finite non-negative weights`);
    }
  } else if (cw !== null && cw !== 'balanced') {
    throw invalidArgument(`${LOG_PREFIX}: classWeight must be null, "balanced" or ${N_CLASSES} weights, got ${JSON.stringify(cw)}`);
  }
  return o;
}

/** Per-class weights: 1, scikit-learn's 'balanced' over the classes present in y, or as given. */
function classWeightsFor(y: Labels, classWeight: LogisticRegressionOptions['classWeight']): Float64Array {
  const weights = new Float64Array(N_CLASSES).fill(1);
  if (Array.isArray(classWeight)) weights.set(classWeight);
  else if (classWeight === 'balanced') {
    const counts = new Float64Array(N_CLASSES);
    for (let i = 0; i < y.length; i++) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
    const present = counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
    for (let c = 0; c < N_CLASSES; c++) {
      const count = counts[c] as number;
      weights[c] = count > 0 ? y.length / (present * count) : 0;
    }
  }
  return weights;
}

/**
 * The objective scikit-learn 1.2's lbfgs minimises, over K fitted classes:
 *   sum_i s_i * (logsumexp(z_i) - z_i[y_i]) + ||W||^2 / (2C),   z_i = W x_i + b  (b unpenalised),
 * with its gradient, in one pass over the CSR rows (X W^T, then X^T (P - Y) row by row).
 * Parameters are laid out feature-major, x[j * K + k], then the K intercepts; `target` holds class
 * indices 0..K-1, `s` the row weights, `invC` = 1 / C. With K = 5 an unrolled kernel runs unless
 * `kernel` is 'loops' (exported for gradient checks; fitting goes through fitLogisticRegression).
 */
export function makeLogisticObjective(
  X: Csr,
  target: Uint8Array,
  s: Float64Array,
  K: number,
  invC: number,
  kernel: 'auto' | 'loops' = 'auto',
): Objective {
  return K === N_CLASSES && kernel === 'auto' ? makeObjective5(X, target, s, invC) : makeObjectiveK(X, target, s, K, invC);
}

/**
 * Adds the L2 term's gradient (w / C) to g[0..count) (the weights, not the intercepts after them)
 * and returns the term itself, ||w||^2 / (2C).
 */
function addL2Penalty(w: Float64Array, g: Float64Array, count: number, invC: number): number {
  let penalty = 0;
  for (let t = 0; t < count; t++) {
    const wt = w[t] as number;
    penalty += wt * wt;
    g[t] = (g[t] as number) + invC * wt;
  }
  return 0.5 * invC * penalty;
}

/** The objective for K fitted classes (some classes absent), with loops over k. */
function makeObjectiveK(X: Csr, target: Uint8Array, s: Float64Array, K: number, invC: number): Objective {
  const { rows, cols, indptr, indices, data } = X;
  const FK = cols * K;
  const z = new Float64Array(K);
  return (w, g) => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const si = s[i] as number;
      if (si === 0) continue;
      const start = indptr[i] as number;
      const end = indptr[i + 1] as number;
      for (let k = 0; k < K; k++) z[k] = w[FK + k] as number;
      for (let p = start; p < end; p++) {
        const v = data[p] as number;
        const o = (indices[p] as number) * K;
        for (let k = 0; k < K; k++) z[k] = (z[k] as number) + v * (w[o + k] as number);
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if ((z[k] as number) > max) max = z[k] as number;
      let sum = 0;
      const yi = target[i] as number;
      const zy = z[yi] as number;
      for (let k = 0; k < K; k++) {
        const e = Math.exp((z[k] as number) - max);
        z[k] = e;
        sum += e;
      }
      loss += si * (max + Math.log(sum) - zy);
      // z becomes the weighted residual s_i * (p_ik - [k == y_i]).
      const scale = si / sum;
      for (let k = 0; k < K; k++) z[k] = (z[k] as number) * scale;
      z[yi] = (z[yi] as number) - si;
      for (let k = 0; k < K; k++) g[FK + k] = (g[FK + k] as number) + (z[k] as number);
      for (let p = start; p < end; p++) {
        const v = data[p] as number;
        const o = (indices[p] as number) * K;
        for (let k = 0; k < K; k++) g[o + k] = (g[o + k] as number) + v * (z[k] as number);
      }
    }
    return loss + addL2Penalty(w, g, FK, invC);
  };
}

/**
 * The same objective for all five classes, unrolled over k with the logits in locals: the usual
 * case, and several times faster than the loops of {@link makeObjectiveK}, whose results it
 * matches bit for bit. A first pass over the rows keeps each row's weighted residuals; the gradient
 * X^T (P - Y) is then summed column by column over a column-major copy of X, whose entries are in
 * row order: every gradient component adds the same terms in the same order as the row-by-row
 * scatter does, but in registers instead of through memory.
 */
function makeObjective5(X: Csr, target: Uint8Array, s: Float64Array, invC: number): Objective {
  const { rows, cols, indptr, indices, data } = X;
  const { colptr, rowIndices, data: columnData } = cscFromCsr(X);
  const F5 = cols * 5;
  // Row i's weighted residuals s_i * (p_ik - [k == y_i]) at 5i..5i+4 (zero for a row of weight 0).
  const residuals = new Float64Array(rows * 5);
  return (w, g) => {
    let loss = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let b4 = 0;
    for (let i = 0; i < rows; i++) {
      const si = s[i] as number;
      const ri = i * 5;
      if (si === 0) {
        residuals.fill(0, ri, ri + 5);
        continue;
      }
      const start = indptr[i] as number;
      const end = indptr[i + 1] as number;
      let z0 = w[F5] as number;
      let z1 = w[F5 + 1] as number;
      let z2 = w[F5 + 2] as number;
      let z3 = w[F5 + 3] as number;
      let z4 = w[F5 + 4] as number;
      for (let p = start; p < end; p++) {
        const v = data[p] as number;
        const o = (indices[p] as number) * 5;
        z0 += v * (w[o] as number);
        z1 += v * (w[o + 1] as number);
        z2 += v * (w[o + 2] as number);
        z3 += v * (w[o + 3] as number);
        z4 += v * (w[o + 4] as number);
      }
      const yi = target[i] as number;
      const zy = yi === 0 ? z0 : yi === 1 ? z1 : yi === 2 ? z2 : yi === 3 ? z3 : z4;
      const max = Math.max(z0, z1, z2, z3, z4);
      const e0 = Math.exp(z0 - max);
      const e1 = Math.exp(z1 - max);
      const e2 = Math.exp(z2 - max);
      const e3 = Math.exp(z3 - max);
      const e4 = Math.exp(z4 - max);
      const sum = e0 + e1 + e2 + e3 + e4;
      loss += si * (max + Math.log(sum) - zy);
      const scale = si / sum;
      const r0 = e0 * scale - (yi === 0 ? si : 0);
      const r1 = e1 * scale - (yi === 1 ? si : 0);
      const r2 = e2 * scale - (yi === 2 ? si : 0);
      const r3 = e3 * scale - (yi === 3 ? si : 0);
      const r4 = e4 * scale - (yi === 4 ? si : 0);
      b0 += r0;
      b1 += r1;
      b2 += r2;
      b3 += r3;
      b4 += r4;
      residuals[ri] = r0;
      residuals[ri + 1] = r1;
      residuals[ri + 2] = r2;
      residuals[ri + 3] = r3;
      residuals[ri + 4] = r4;
    }
    // Adding a zero residual (a row of weight 0) leaves a sum unchanged: it starts at +0, never -0.
    for (let j = 0; j < cols; j++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      const end = colptr[j + 1] as number;
      for (let p = colptr[j] as number; p < end; p++) {
        const v = columnData[p] as number;
        const ri = (rowIndices[p] as number) * 5;
        a0 += v * (residuals[ri] as number);
        a1 += v * (residuals[ri + 1] as number);
        a2 += v * (residuals[ri + 2] as number);
        a3 += v * (residuals[ri + 3] as number);
        a4 += v * (residuals[ri + 4] as number);
      }
      const o = j * 5;
      g[o] = a0;
      g[o + 1] = a1;
      g[o + 2] = a2;
      g[o + 3] = a3;
      g[o + 4] = a4;
    }
    g[F5] = b0;
    g[F5 + 1] = b1;
    g[F5 + 2] = b2;
    g[F5 + 3] = b3;
    g[F5 + 4] = b4;
    return loss + addL2Penalty(w, g, F5, invC);
  };
}

/**
 * Fits multinomial logistic regression with L2 on CSR rows and class indices 0..4, as scikit-learn's
 * LogisticRegression(solver='lbfgs', multi_class='multinomial', penalty='l2') with the same C,
 * class_weight, sample_weight, max_iter and tol: the same objective (sum of weighted log losses +
 * ||W||^2 / (2C), intercept unpenalised), started at zero, minimised by L-BFGS (memory 10,
 * More-Thuente line search) until the largest gradient component is <= tol, the relative decrease
 * is <= reductionTol (scipy's factr test), or maxIter iterations: on the reference data it takes
 * the same iterations as scikit-learn and stops at the same point. Classes with no training weight are left out of
 * the fit and get {@link ABSENT_CLASS_INTERCEPT}. Deterministic bit for bit.
 * Throws `ReviewStarsError('INVALID_ARGUMENT')` on malformed input or fewer than two weighted classes.
 */
export function fitLogisticRegression(X: Csr, y: Labels, options: Partial<LogisticRegressionOptions> = {}): LogisticRegression {
  const o = resolveOptions(options);
  checkTrainingSet(X, y, o.sampleWeight, LOG_PREFIX);
  const F = X.cols;
  const classWeights = classWeightsFor(y, o.classWeight);

  // s_i = sample weight x class weight; classes whose total weight is 0 are not fitted.
  const s = new Float64Array(X.rows);
  const classTotal = new Float64Array(N_CLASSES);
  for (let i = 0; i < X.rows; i++) {
    const c = y[i] as number;
    const si = (o.sampleWeight === undefined ? 1 : (o.sampleWeight[i] as number)) * (classWeights[c] as number);
    s[i] = si;
    classTotal[c] = (classTotal[c] as number) + si;
  }
  const fitted: number[] = [];
  const compact = new Int8Array(N_CLASSES).fill(-1);
  for (let c = 0; c < N_CLASSES; c++) {
    if ((classTotal[c] as number) > 0) {
      compact[c] = fitted.length;
      fitted.push(c);
    }
  }
  if (fitted.length < 2) throw invalidArgument(`${LOG_PREFIX}: needs at least two classes with positive weight, got ${fitted.length}`);
  const K = fitted.length;
  const target = new Uint8Array(X.rows);
  for (let i = 0; i < X.rows; i++) target[i] = Math.max(0, compact[y[i] as number] as number);

  const result = minimizeLbfgs(makeLogisticObjective(X, target, s, K, 1 / o.C), new Float64Array(F * K + K), {
    maxIter: o.maxIter,
    gradientTol: o.tol,
    reductionTol: o.reductionTol,
  }, options.onIteration);

  const coef = new Float64Array(N_CLASSES * F);
  const intercept = new Float64Array(N_CLASSES).fill(ABSENT_CLASS_INTERCEPT);
  for (let k = 0; k < K; k++) {
    const c = fitted[k] as number;
    for (let j = 0; j < F; j++) coef[c * F + j] = result.x[j * K + k] as number;
    intercept[c] = result.x[F * K + k] as number;
  }
  return new LogisticRegression({
    nFeatures: F,
    coef,
    intercept,
    classWeights,
    C: o.C,
    classWeight: Array.isArray(o.classWeight) ? 'explicit' : o.classWeight,
    maxIter: o.maxIter,
    tol: o.tol,
    reductionTol: o.reductionTol,
    fit: {
      iterations: result.iterations,
      converged: result.converged,
      stopReason: result.stopReason,
      objective: result.value,
      gradientInfNorm: result.gradientInfNorm,
    },
  });
}
