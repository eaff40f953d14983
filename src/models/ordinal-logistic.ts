/**
 * @module models/ordinal-logistic
 * All-threshold ordinal logistic regression for star ratings. Ratings are ordered, so instead of
 * five unrelated classes it fits one binary L2 logistic regression per threshold k = 1..4 for
 * P(rating > k), and reads the five probabilities off the four thresholds:
 * P(1) = 1 - P(>1), P(k) = P(>k-1) - P(>k), P(5) = P(>4) (thresholds made non-increasing first).
 * Each binary fit is scikit-learn's LogisticRegression(C, lbfgs) on (y > k) (models/binary-logistic),
 * optionally with balanced class weights. Decoded by the median it minimises the expected error in stars.
 */
import { ReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { N_CLASSES } from './classifier.js';
import type { Classifier, FeatureContribution, Labels, ModelArtifact } from './classifier.js';
import { artifactArray, artifactHeader, artifactParam, checkTrainingSet } from './logistic-regression.js';
import { fitBinaryLogistic, type BinaryLogisticFit } from './binary-logistic.js';
import { DEFAULT_LBFGS_OPTIONS, type IterationObserver } from './lbfgs.js';
import { checkRowBounds } from './log-linear.js';

const ALGORITHM = 'ordinal_logistic';
const LOG_PREFIX = 'ordinal logistic regression';
/** Number of thresholds between the five ratings. */
export const THRESHOLDS = N_CLASSES - 1;

export interface OrdinalLogisticOptions {
  /** Inverse L2 strength of each binary fit, as scikit-learn's binary LogisticRegression's C. */
  C: number;
  classWeight: null | 'balanced';
  /** With 'balanced': each side's weight n / (2 * count) raised to this power (1 = balanced, 0 = none). */
  classWeightPower: number;
  maxIter: number;
  tol: number;
}

const DEFAULTS: OrdinalLogisticOptions = { C: 1, classWeight: null, classWeightPower: 1, maxIter: 100, tol: 1e-4 };

/** Everything a fitted model holds; `weights` is threshold-major (w[k * nFeatures + j]). */
export interface OrdinalLogisticState extends OrdinalLogisticOptions {
  nFeatures: number;
  weights: Float64Array;
  bias: Float64Array;
  /** Largest iteration count of the four fits, and whether all four converged. */
  iterations: number;
  converged: boolean;
}

/** A fitted all-threshold ordinal logistic regression. */
export class OrdinalLogistic implements Classifier {
  readonly algorithm = ALGORITHM;
  readonly nFeatures: number;
  private readonly rest: Readonly<Omit<OrdinalLogisticState, 'weights'>>;
  /** Weights feature-major (w[j * 4 + k]): a row's terms are read contiguously. */
  private readonly byFeature: Float64Array;
  private readonly scores = new Float64Array(THRESHOLDS);

  constructor(state: OrdinalLogisticState) {
    const F = state.nFeatures;
    if (state.weights.length !== THRESHOLDS * F || state.bias.length !== THRESHOLDS) {
      throw new RangeError(`weights must hold ${THRESHOLDS} x ${F} values and bias ${THRESHOLDS}`);
    }
    this.nFeatures = F;
    const { weights, ...rest } = state;
    this.rest = rest;
    this.byFeature = new Float64Array(F * THRESHOLDS);
    for (let j = 0; j < F; j++) for (let k = 0; k < THRESHOLDS; k++) this.byFeature[j * THRESHOLDS + k] = weights[k * F + j] as number;
  }

  /** The fitted state; `weights` (threshold-major) is rebuilt on each call. */
  get state(): Readonly<OrdinalLogisticState> {
    const F = this.nFeatures;
    const weights = new Float64Array(THRESHOLDS * F);
    for (let j = 0; j < F; j++) for (let k = 0; k < THRESHOLDS; k++) weights[k * F + j] = this.byFeature[j * THRESHOLDS + k] as number;
    return { ...this.rest, weights };
  }

  /** P(rating > k) for k = 1..4 of one row, made non-increasing, into `scores`. */
  private thresholds(indices: Int32Array, data: Float64Array, start: number, end: number): Float64Array {
    checkRowBounds(indices, start, end, this.nFeatures);
    const w = this.byFeature;
    const b = this.rest.bias;
    let z0 = b[0] as number;
    let z1 = b[1] as number;
    let z2 = b[2] as number;
    let z3 = b[3] as number;
    for (let p = start; p < end; p++) {
      const v = data[p] as number;
      const o = (indices[p] as number) * THRESHOLDS;
      z0 += v * (w[o] as number);
      z1 += v * (w[o + 1] as number);
      z2 += v * (w[o + 2] as number);
      z3 += v * (w[o + 3] as number);
    }
    const s = this.scores;
    s[0] = sigmoid(z0);
    s[1] = Math.min(s[0], sigmoid(z1));
    s[2] = Math.min(s[1], sigmoid(z2));
    s[3] = Math.min(s[2], sigmoid(z3));
    return s;
  }

  predictRow(indices: Int32Array, data: Float64Array, start: number, end: number, out: Float64Array): void {
    const g = this.thresholds(indices, data, start, end);
    out[0] = 1 - (g[0] as number);
    out[1] = (g[0] as number) - (g[1] as number);
    out[2] = (g[1] as number) - (g[2] as number);
    out[3] = (g[2] as number) - (g[3] as number);
    out[4] = g[3] as number;
  }

  /**
   * The k terms that moved the row's four threshold scores most, summed over the thresholds:
   * positive pushes toward more stars, negative toward fewer, whatever `cls` is (an ordinal model
   * has one direction, not one weight vector per rating).
   */
  explainRow(indices: Int32Array, data: Float64Array, start: number, end: number, cls: number, k: number): FeatureContribution[] {
    if (!Number.isInteger(cls) || cls < 0 || cls >= N_CLASSES) throw new ReviewStarsError('INVALID_ARGUMENT', `class must be an integer in 0..${N_CLASSES - 1}, got ${cls}`);
    if (!Number.isInteger(k) || k < 0) throw new ReviewStarsError('INVALID_ARGUMENT', `the number of features to explain must be a non-negative integer, got ${k}`);
    checkRowBounds(indices, start, end, this.nFeatures);
    const found: FeatureContribution[] = [];
    for (let p = start; p < end; p++) {
      const j = indices[p] as number;
      let total = 0;
      for (let t = 0; t < THRESHOLDS; t++) total += this.byFeature[j * THRESHOLDS + t] as number;
      const weight = (data[p] as number) * total;
      if (weight !== 0) found.push({ feature: j, weight });
    }
    found.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature - b.feature);
    return found.length > k ? found.slice(0, k) : found;
  }

  toArtifact(): ModelArtifact {
    const s = this.state;
    return {
      algorithm: ALGORITHM,
      nFeatures: this.nFeatures,
      params: { C: s.C, classWeight: s.classWeight, classWeightPower: s.classWeightPower, maxIter: s.maxIter, tol: s.tol, iterations: s.iterations, converged: s.converged },
      arrays: { weights: s.weights, bias: s.bias },
    };
  }

  /** Rebuilds a model from {@link toArtifact}'s output; throws MODEL_FILE_INVALID on anything malformed. */
  static fromArtifact(a: ModelArtifact): OrdinalLogistic {
    const F = artifactHeader(a, ALGORITHM, LOG_PREFIX);
    const classWeight = artifactParam(a, 'classWeight', (v): v is null | 'balanced' => v === null || v === 'balanced', 'null or "balanced"', LOG_PREFIX);
    const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
    return new OrdinalLogistic({
      nFeatures: F,
      C: artifactParam(a, 'C', positive, 'a finite number > 0', LOG_PREFIX),
      classWeight,
      classWeightPower: artifactParam(a, 'classWeightPower', (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a finite number >= 0', LOG_PREFIX),
      maxIter: artifactParam(a, 'maxIter', (v): v is number => Number.isInteger(v) && (v as number) >= 1, 'an integer >= 1', LOG_PREFIX),
      tol: artifactParam(a, 'tol', (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a finite number >= 0', LOG_PREFIX),
      iterations: artifactParam(a, 'iterations', (v): v is number => Number.isInteger(v) && (v as number) >= 0, 'an integer >= 0', LOG_PREFIX),
      converged: artifactParam(a, 'converged', (v): v is boolean => typeof v === 'boolean', 'a boolean', LOG_PREFIX),
      weights: artifactArray(a, 'weights', THRESHOLDS * F, LOG_PREFIX),
      bias: artifactArray(a, 'bias', THRESHOLDS, LOG_PREFIX),
    });
  }
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Fits the four threshold models, each a binary logistic regression with scikit-learn's C on
 * (rating > k), as scikit-learn fits a two-class problem: one weight vector per threshold, so each
 * L-BFGS step costs half of a two-class multinomial fit's and takes the path scikit-learn's takes.
 * The thresholds are independent: {@link fitThreshold} and {@link ordinalFromThresholds} let a
 * caller fit them on several threads, with the same result.
 */
export function fitOrdinalLogistic(X: Csr, y: Labels, options: Partial<OrdinalLogisticOptions> = {}): OrdinalLogistic {
  const o = resolveOrdinalOptions(options);
  checkTrainingSet(X, y, undefined, LOG_PREFIX);
  const fits = Array.from({ length: THRESHOLDS }, (_, k) => fitThreshold(X, y, k, o));
  return ordinalFromThresholds(o, X.cols, fits);
}

/** The options with defaults filled in, checked; throws INVALID_ARGUMENT. */
export function resolveOrdinalOptions(options: Partial<OrdinalLogisticOptions>): OrdinalLogisticOptions {
  const o = { ...DEFAULTS, ...options };
  if (!(Number.isFinite(o.C) && o.C > 0)) throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: C must be a finite number > 0, got ${o.C}`);
  if (!(Number.isFinite(o.classWeightPower) && o.classWeightPower >= 0)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: classWeightPower must be a finite number >= 0, got ${o.classWeightPower}`);
  }
  if (!Number.isInteger(o.maxIter) || o.maxIter < 1) throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: maxIter must be a positive integer, got ${o.maxIter}`);
  if (!(Number.isFinite(o.tol) && o.tol >= 0)) throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: tol must be a finite number >= 0, got ${o.tol}`);
  return o;
}

/** The model made of the four thresholds' fits (threshold 1 first), fitted with options `o` on `nFeatures` features. */
export function ordinalFromThresholds(o: OrdinalLogisticOptions, nFeatures: number, fits: readonly BinaryLogisticFit[]): OrdinalLogistic {
  if (fits.length !== THRESHOLDS || fits.some((f) => f.weights.length !== nFeatures)) {
    throw new RangeError(`an ordinal model needs ${THRESHOLDS} threshold fits of ${nFeatures} weights`);
  }
  const weights = new Float64Array(THRESHOLDS * nFeatures);
  const bias = new Float64Array(THRESHOLDS);
  fits.forEach((fit, k) => {
    weights.set(fit.weights, k * nFeatures);
    bias[k] = fit.bias;
  });
  const iterations = Math.max(...fits.map((f) => f.iterations));
  const converged = fits.every((f) => f.converged);
  return new OrdinalLogistic({ ...o, nFeatures, weights, bias, iterations, converged });
}

/**
 * Fits threshold k (0-based: P(rating > k + 1 stars)) of an ordinal model on checked input and
 * options ({@link resolveOrdinalOptions}):
 * scikit-learn's binary LogisticRegression(C, lbfgs) on (y > k), with each side weighted
 * (n / (2 * count)) ** classWeightPower when balanced.
 */
export function fitThreshold(X: Csr, y: Labels, k: number, o: OrdinalLogisticOptions, observe?: IterationObserver): BinaryLogisticFit {
  const above = new Uint8Array(y.length);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += above[i] = (y[i] as number) > k ? 1 : 0;
  if (positives === 0 || positives === y.length) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: every training rating is on one side of ${k + 1} stars; it needs ratings on both sides of each threshold`);
  }
  const sideWeight = (count: number): number => (o.classWeight === null ? 1 : (y.length / (2 * count)) ** o.classWeightPower);
  const below = sideWeight(y.length - positives);
  const up = sideWeight(positives);
  const s = Float64Array.from(above, (a) => (a === 1 ? up : below));
  return fitBinaryLogistic(X, above, s, { C: o.C, maxIter: o.maxIter, tol: o.tol, reductionTol: DEFAULT_LBFGS_OPTIONS.reductionTol }, observe);
}
