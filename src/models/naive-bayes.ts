/**
 * @module models/naive-bayes
 * Multinomial naive Bayes as scikit-learn's `MultinomialNB` (additive smoothing, fitted or given
 * class prior, sample weights) on non-negative CSR rows (counts or TF-IDF), and its artifact form.
 * Knows nothing of files, vocabularies or HTTP.
 */
import { ReviewStarsError } from '../errors.js';
import type { Csr } from '../text/csr.js';
import { N_CLASSES } from './classifier.js';
import type { Classifier, FeatureContribution, Labels, ModelArtifact } from './classifier.js';
import { artifactArray, artifactHeader, artifactParam, checkRowBounds, checkTrainingSet, softmax5, topContributions } from './logistic-regression.js';

/** Hyper-parameters of {@link fitNaiveBayes}. */
export interface NaiveBayesOptions {
  /** Additive (Laplace/Lidstone) smoothing; values below {@link MIN_ALPHA} are raised to it. */
  alpha: number;
  /** Learn the class prior from the (weighted) class frequencies; false: uniform prior. */
  fitPrior: boolean;
  /** A prior per class (overrides fitPrior); normalised to sum 1. */
  classPrior: number[] | null;
  /** One non-negative weight per row (default all 1). */
  sampleWeight?: Float64Array;
}

/** scikit-learn's defaults. */
export const DEFAULT_NAIVE_BAYES_OPTIONS: Readonly<Omit<NaiveBayesOptions, 'sampleWeight'>> = {
  alpha: 1,
  fitPrior: true,
  classPrior: null,
};

/** Smallest alpha used, as scikit-learn (1e-10): alpha = 0 would give log(0) for unseen terms. */
export const MIN_ALPHA = 1e-10;

/**
 * The documented floor for the log prior of a class with no training weight (or a given prior of
 * 0): log(0) = -infinity cannot be stored or compared, so such a class gets this finite log prior.
 * e^-1e9 underflows to exactly 0 beside any real log likelihood, so the class's probability is 0,
 * never NaN, while the other classes' probabilities are unchanged.
 */
export const ABSENT_CLASS_LOG_PRIOR = -1e9;

const ALGORITHM = 'naive_bayes';
const LOG_PREFIX = 'naive Bayes';

/** Everything that defines a fitted model; what {@link NaiveBayes}'s constructor takes. */
export interface NaiveBayesState {
  nFeatures: number;
  /** log P(feature j | class c), class-major: featureLogProb[c * nFeatures + j]. */
  featureLogProb: Float64Array;
  /** log P(class c), floored at {@link ABSENT_CLASS_LOG_PRIOR}. */
  classLogPrior: Float64Array;
  /** Total training weight per class (rows, or summed sample weights). */
  classCount: Float64Array;
  alpha: number;
  fitPrior: boolean;
  /** True when the prior was given rather than fitted or uniform. */
  givenPrior: boolean;
}

/** A fitted multinomial naive Bayes: p(c|x) proportional to P(c) * prod_j P(j|c)^x_j. */
export class NaiveBayes implements Classifier {
  readonly algorithm = ALGORITHM;
  readonly nFeatures: number;
  /** The fitted state minus `featureLogProb`, which lives only in byFeature (one copy of the weights in memory). */
  private readonly rest: Readonly<Omit<NaiveBayesState, 'featureLogProb'>>;
  /** featureLogProb transposed, feature-major (w[j * 5 + c]). */
  private readonly byFeature: Float64Array;
  private readonly p0: number;
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;
  private readonly p4: number;

  /** Wraps a fitted state (not copied: the arrays must not change afterwards). */
  constructor(state: NaiveBayesState) {
    const F = state.nFeatures;
    if (state.featureLogProb.length !== N_CLASSES * F || state.classLogPrior.length !== N_CLASSES) {
      throw new RangeError(`featureLogProb must hold ${N_CLASSES} x ${F} values and classLogPrior ${N_CLASSES}`);
    }
    this.nFeatures = F;
    const { featureLogProb: _dropped, ...rest } = state;
    this.rest = rest;
    this.byFeature = new Float64Array(F * N_CLASSES);
    for (let j = 0; j < F; j++) {
      for (let c = 0; c < N_CLASSES; c++) this.byFeature[j * N_CLASSES + c] = state.featureLogProb[c * F + j] as number;
    }
    const prior = state.classLogPrior;
    this.p0 = prior[0] as number;
    this.p1 = prior[1] as number;
    this.p2 = prior[2] as number;
    this.p3 = prior[3] as number;
    this.p4 = prior[4] as number;
  }

  /** The fitted state; `featureLogProb` (class-major) is rebuilt from the feature-major copy on each call. */
  get state(): Readonly<NaiveBayesState> {
    const F = this.nFeatures;
    const featureLogProb = new Float64Array(F * N_CLASSES);
    for (let j = 0; j < F; j++) {
      for (let c = 0; c < N_CLASSES; c++) featureLogProb[c * F + j] = this.byFeature[j * N_CLASSES + c] as number;
    }
    return { ...this.rest, featureLogProb } as Readonly<NaiveBayesState>;
  }

  /** Posterior of one sparse row (softmax of the joint log likelihoods); allocation-free. Throws RangeError on a feature outside the model. */
  predictRow(indices: Int32Array, data: Float64Array, start: number, end: number, out: Float64Array): void {
    const w = this.byFeature;
    const F = this.nFeatures;
    let z0 = this.p0;
    let z1 = this.p1;
    let z2 = this.p2;
    let z3 = this.p3;
    let z4 = this.p4;
    checkRowBounds(indices, start, end, F);
    for (let p = start; p < end; p++) {
      const j = indices[p] as number;
      const v = data[p] as number;
      const o = j * N_CLASSES;
      z0 += v * (w[o] as number);
      z1 += v * (w[o + 1] as number);
      z2 += v * (w[o + 2] as number);
      z3 += v * (w[o + 3] as number);
      z4 += v * (w[o + 4] as number);
    }
    softmax5(z0, z1, z2, z3, z4, out);
  }

  /**
   * The k features of the row with the largest |x_j * (log P(j|cls) - mean_c log P(j|c))|, largest
   * first (ties: lower feature id first); features contributing exactly 0 are left out.
   */
  explainRow(indices: Int32Array, data: Float64Array, start: number, end: number, cls: number, k: number): FeatureContribution[] {
    return topContributions(this.byFeature, this.nFeatures, indices, data, start, end, cls, k);
  }

  /** Hyper-parameters in params; featureLogProb (5 x nFeatures, class-major), classLogPrior and classCount in arrays. */
  toArtifact(): ModelArtifact {
    const s = this.state;
    return {
      algorithm: ALGORITHM,
      nFeatures: this.nFeatures,
      params: { alpha: s.alpha, fitPrior: s.fitPrior, givenPrior: s.givenPrior },
      arrays: { featureLogProb: s.featureLogProb, classLogPrior: s.classLogPrior, classCount: s.classCount },
    };
  }

  /** Rebuilds a model from {@link toArtifact}'s output; throws `ReviewStarsError('MODEL_FILE_INVALID')` on anything malformed. */
  static fromArtifact(a: ModelArtifact): NaiveBayes {
    const F = artifactHeader(a, ALGORITHM, LOG_PREFIX);
    const featureLogProb = artifactArray(a, 'featureLogProb', N_CLASSES * F, LOG_PREFIX);
    const classLogPrior = artifactArray(a, 'classLogPrior', N_CLASSES, LOG_PREFIX);
    const classCount = artifactArray(a, 'classCount', N_CLASSES, LOG_PREFIX);
    // Log probabilities are <= 0; a positive one means the file was not written by this model.
    for (const [name, values] of [['featureLogProb', featureLogProb], ['classLogPrior', classLogPrior]] as const) {
      const i = values.findIndex((v) => v > 0);
      if (i >= 0) throw new ReviewStarsError('MODEL_FILE_INVALID', `${LOG_PREFIX} model: array "${name}" holds a positive log probability at index ${i}`);
    }
    const negative = classCount.findIndex((v) => v < 0);
    if (negative >= 0) throw new ReviewStarsError('MODEL_FILE_INVALID', `${LOG_PREFIX} model: array "classCount" holds a negative count at index ${negative}`);
    return new NaiveBayes({
      nFeatures: F,
      featureLogProb,
      classLogPrior,
      classCount,
      alpha: artifactParam(a, 'alpha', (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= MIN_ALPHA, `a number >= ${MIN_ALPHA}`, LOG_PREFIX),
      fitPrior: artifactParam(a, 'fitPrior', (v): v is boolean => typeof v === 'boolean', 'true or false', LOG_PREFIX),
      givenPrior: artifactParam(a, 'givenPrior', (v): v is boolean => typeof v === 'boolean', 'true or false', LOG_PREFIX),
    });
  }
}

function resolveOptions(options: Partial<NaiveBayesOptions>): NaiveBayesOptions {
  const o: NaiveBayesOptions = {
    alpha: options.alpha ?? DEFAULT_NAIVE_BAYES_OPTIONS.alpha,
    fitPrior: options.fitPrior ?? DEFAULT_NAIVE_BAYES_OPTIONS.fitPrior,
    classPrior: options.classPrior === undefined ? DEFAULT_NAIVE_BAYES_OPTIONS.classPrior : options.classPrior,
    sampleWeight: options.sampleWeight,
  };
  if (typeof o.alpha !== 'number' || !Number.isFinite(o.alpha) || o.alpha < 0) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: alpha must be a non-negative number, got ${String(o.alpha)}`);
  }
  if (typeof o.fitPrior !== 'boolean') throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: fitPrior must be true or false`);
  const prior = o.classPrior;
  if (prior !== null) {
    if (
      !Array.isArray(prior) ||
      prior.length !== N_CLASSES ||
      !prior.every((p) => typeof p === 'number' && Number.isFinite(p) && p >= 0) ||
      !(prior.reduce((a, b) => a + b, 0) > 0)
    ) {
      throw new ReviewStarsError('INVALID_ARGUMENT', `${LOG_PREFIX}: classPrior must list ${N_CLASSES} finite non-negative numbers, not all zero`);
    }
  }
  return o;
}

/**
 * Fits multinomial naive Bayes as scikit-learn's MultinomialNB(alpha, fit_prior, class_prior) with
 * sample weights: weighted feature totals per class, smoothed by alpha,
 * log P(j|c) = log(N_cj + alpha) - log(sum_j (N_cj + alpha)), and log P(c) from the weighted class
 * totals, uniform, or as given. A class with no training weight keeps the uniform feature
 * distribution and gets the {@link ABSENT_CLASS_LOG_PRIOR} floor, so its probability is 0.
 * Values must be non-negative (counts, TF-IDF). Deterministic bit for bit.
 * Throws `ReviewStarsError('INVALID_ARGUMENT')` on malformed input.
 */
export function fitNaiveBayes(X: Csr, y: Labels, options: Partial<NaiveBayesOptions> = {}): NaiveBayes {
  const o = resolveOptions(options);
  checkTrainingSet(X, y, o.sampleWeight, LOG_PREFIX, true);
  const F = X.cols;
  const alpha = Math.max(o.alpha, MIN_ALPHA);
  const featureCount = new Float64Array(N_CLASSES * F);
  const classCount = new Float64Array(N_CLASSES);
  for (let i = 0; i < X.rows; i++) {
    const c = y[i] as number;
    const w = o.sampleWeight === undefined ? 1 : (o.sampleWeight[i] as number);
    if (w === 0) continue;
    classCount[c] = (classCount[c] as number) + w;
    const base = c * F;
    for (let p = X.indptr[i] as number; p < (X.indptr[i + 1] as number); p++) {
      const j = base + (X.indices[p] as number);
      featureCount[j] = (featureCount[j] as number) + w * (X.data[p] as number);
    }
  }

  const featureLogProb = new Float64Array(N_CLASSES * F);
  for (let c = 0; c < N_CLASSES; c++) {
    let total = 0;
    for (let j = 0; j < F; j++) total += (featureCount[c * F + j] as number) + alpha;
    const logTotal = Math.log(total);
    for (let j = 0; j < F; j++) featureLogProb[c * F + j] = Math.log((featureCount[c * F + j] as number) + alpha) - logTotal;
  }

  const classLogPrior = new Float64Array(N_CLASSES);
  if (o.classPrior !== null) {
    const sum = o.classPrior.reduce((a, b) => a + b, 0);
    for (let c = 0; c < N_CLASSES; c++) classLogPrior[c] = Math.log((o.classPrior[c] as number) / sum);
  } else if (o.fitPrior) {
    const logTotal = Math.log(classCount.reduce((a, b) => a + b, 0));
    for (let c = 0; c < N_CLASSES; c++) classLogPrior[c] = Math.log(classCount[c] as number) - logTotal;
  } else {
    classLogPrior.fill(-Math.log(N_CLASSES));
  }
  for (let c = 0; c < N_CLASSES; c++) {
    if (classCount[c] === 0 || !Number.isFinite(classLogPrior[c] as number)) classLogPrior[c] = ABSENT_CLASS_LOG_PRIOR;
  }

  return new NaiveBayes({
    nFeatures: F,
    featureLogProb,
    classLogPrior,
    classCount,
    alpha,
    fitPrior: o.fitPrior,
    givenPrior: o.classPrior !== null,
  });
}
