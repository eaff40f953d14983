/**
 * @module train/fit
 * Fits one model spec on a feature matrix: maps the spec's JSON params onto the algorithm's
 * options (validating them) and calls the right fit function. No data loading, no metrics.
 */
import type { Classifier, Labels } from '../models/classifier.js';
import { N_CLASSES } from '../models/classifier.js';
import type { Csr } from '../text/csr.js';
import { fitLogisticRegression } from '../models/logistic-regression.js';
import { fitNaiveBayes } from '../models/naive-bayes.js';
import { fitOrdinalLogistic, fitThreshold, ordinalFromThresholds, resolveOrdinalOptions, THRESHOLDS, type OrdinalLogisticOptions } from '../models/ordinal-logistic.js';
import type { BinaryLogisticFit } from '../models/binary-logistic.js';
import { checkTrainingSet } from '../models/logistic-regression.js';
import { fitDecisionTree } from '../models/decision-tree.js';
import { fitRandomForest } from '../models/random-forest.js';
import { ReviewStarsError } from '../core/errors.js';
import type { ModelSpec } from './model-specs.js';

type Params = ModelSpec['params'];

function num(spec: ModelSpec, key: string, fallback?: number): number {
  const v = spec.params[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: parameter ${key} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

function maxFeatures(spec: ModelSpec, params: Params): number | 'sqrt' | null {
  const v = params.maxFeatures ?? null;
  if (v === null || v === 'sqrt' || (typeof v === 'number' && Number.isInteger(v) && v > 0)) return v;
  throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: maxFeatures must be null, "sqrt" or a positive integer`);
}

/**
 * Class weights for logistic regression: null, 'balanced' (n / (5 * count_c)), or balanced weights
 * raised to `classWeightPower` (0 = none, 1 = balanced) to trade accuracy against macro-F1.
 */
export function classWeights(spec: ModelSpec, y: Labels): null | number[] {
  const mode = spec.params.classWeight ?? null;
  if (mode === null) return null;
  if (mode !== 'balanced') throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: classWeight must be null or "balanced"`);
  const power = num(spec, 'classWeightPower', 1);
  const counts = new Array<number>(N_CLASSES).fill(0);
  for (const c of y) counts[c] = (counts[c] as number) + 1;
  const present = counts.filter((n) => n > 0).length;
  return counts.map((n) => (n > 0 ? (y.length / (present * n)) ** power : 1));
}

/** Hears the share (0..1) of a fit done so far; iterative fits report as they go, the others not at all. */
export type FitProgress = (share: number) => void;

/** Fits the spec's algorithm on (X, y) with a seed derived for this model. */
export async function fitSpec(spec: ModelSpec, X: Csr, y: Labels, seed: number, workers?: number, progress?: FitProgress): Promise<Classifier> {
  const p = spec.params;
  switch (spec.algorithm) {
    case 'logistic_regression': {
      const maxIter = num(spec, 'maxIter', 100);
      return fitLogisticRegression(X, y, {
        C: num(spec, 'C', 1),
        classWeight: classWeights(spec, y),
        maxIter,
        tol: num(spec, 'tol', 1e-4),
        // Most fits stop before maxIter: the share is a lower bound that jumps to 1 at the end.
        ...(progress ? { onIteration: (done: number) => progress(done / maxIter) } : {}),
      });
    }
    case 'ordinal_logistic':
      return fitOrdinalLogistic(X, y, ordinalOptions(spec));
    case 'naive_bayes':
      return fitNaiveBayes(X, y, { alpha: num(spec, 'alpha', 1), fitPrior: p.fitPrior !== false });
    case 'decision_tree':
      return fitDecisionTree(X, y, {
        maxDepth: p.maxDepth === null ? null : num(spec, 'maxDepth'),
        minSamplesSplit: num(spec, 'minSamplesSplit', 2),
        minSamplesLeaf: num(spec, 'minSamplesLeaf', 1),
        maxFeatures: maxFeatures(spec, p),
        seed,
      });
    case 'random_forest':
      return fitRandomForest(X, y, {
        nEstimators: num(spec, 'nEstimators', 100),
        maxDepth: p.maxDepth === null ? null : num(spec, 'maxDepth'),
        maxFeatures: maxFeatures(spec, { maxFeatures: p.maxFeatures ?? 'sqrt' }),
        bootstrap: p.bootstrap !== false,
        seed,
        ...(workers === undefined ? {} : { workers }),
      });
  }
}

/** The ordinal model's options from the spec's params, checked. */
function ordinalOptions(spec: ModelSpec): OrdinalLogisticOptions {
  const weighting = spec.params.classWeight ?? null;
  if (weighting !== null && weighting !== 'balanced') throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: classWeight must be null or "balanced"`);
  return resolveOrdinalOptions({
    C: num(spec, 'C', 1),
    classWeight: weighting,
    classWeightPower: num(spec, 'classWeightPower', 1),
    maxIter: num(spec, 'maxIter', 100),
    tol: num(spec, 'tol', 1e-4),
  });
}

/**
 * Number of independent parts a spec's fit splits into, each fitted by {@link fitSpecPart} on any
 * thread: one per threshold for an ordinal model; 1 (fit it whole with {@link fitSpec}) otherwise.
 */
export function fitPartCount(spec: ModelSpec): number {
  return spec.algorithm === 'ordinal_logistic' ? THRESHOLDS : 1;
}

/** Fits part `part` (0-based) of a spec whose {@link fitPartCount} is more than 1. */
export function fitSpecPart(spec: ModelSpec, X: Csr, y: Labels, part: number, progress?: FitProgress): BinaryLogisticFit {
  if (fitPartCount(spec) === 1 || !Number.isInteger(part) || part < 0 || part >= fitPartCount(spec)) {
    throw new ReviewStarsError('INTERNAL', `model ${spec.name} has no fit part ${part}`);
  }
  const options = ordinalOptions(spec);
  checkTrainingSet(X, y, undefined, `model ${spec.name}`);
  return fitThreshold(X, y, part, options, progress ? (done) => progress(done / options.maxIter) : undefined);
}

/** The classifier made of a split spec's parts (in order), fitted on `nFeatures` features. */
export function classifierFromParts(spec: ModelSpec, nFeatures: number, parts: readonly BinaryLogisticFit[]): Classifier {
  return ordinalFromThresholds(ordinalOptions(spec), nFeatures, parts);
}

/** What one job of the fit pool produces: a whole model, or one part of a split spec's fit. */
export type FitProduct = { kind: 'model'; classifier: Classifier } | { kind: 'part'; fit: BinaryLogisticFit };

/** Fits a whole spec (`part` undefined) or one part of it; forests fit their trees on this thread when `workers` is 0. */
export async function fitProduct(spec: ModelSpec, X: Csr, y: Labels, seed: number, part: number | undefined, workers?: number, progress?: FitProgress): Promise<FitProduct> {
  if (part === undefined) return { kind: 'model', classifier: await fitSpec(spec, X, y, seed, workers, progress) };
  return { kind: 'part', fit: fitSpecPart(spec, X, y, part, progress) };
}
