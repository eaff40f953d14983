/**
 * @module models/naive-bayes
 * Multinomial naive Bayes as scikit-learn's `MultinomialNB` (additive smoothing, fitted or given
 * class prior, sample weights) on non-negative CSR rows (counts or TF-IDF), and its artifact form.
 * Knows nothing of files, vocabularies or HTTP.
 */
import { ReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { N_CLASSES } from './classifier.js';
import type { Labels, ModelArtifact } from './classifier.js';
import { LogLinearClassifier } from './log-linear.js';
import { artifactArray, artifactHeader, artifactParam, checkTrainingSet } from './logistic-regression.js';

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
export class NaiveBayes extends LogLinearClassifier {
  readonly algorithm = ALGORITHM;
  /** The fitted state minus `featureLogProb`, which is kept only feature-major (see LogLinearClassifier). */
  private readonly rest: Readonly<Omit<NaiveBayesState, 'featureLogProb'>>;

  /** Wraps a fitted state (its featureLogProb is copied feature-major and not kept). */
  constructor(state: NaiveBayesState) {
    super(state.featureLogProb, state.classLogPrior, state.nFeatures);
    const { featureLogProb: _dropped, ...rest } = state;
    this.rest = rest;
  }

  /** The fitted state; `featureLogProb` (class-major) is rebuilt on each call. */
  get state(): Readonly<NaiveBayesState> {
    return { ...this.rest, featureLogProb: this.classMajorWeights() };
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
