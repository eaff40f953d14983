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
import { fitOrdinalLogistic } from '../models/ordinal-logistic.js';
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

/** Fits the spec's algorithm on (X, y) with a seed derived for this model. */
export async function fitSpec(spec: ModelSpec, X: Csr, y: Labels, seed: number, workers?: number): Promise<Classifier> {
  const p = spec.params;
  switch (spec.algorithm) {
    case 'logistic_regression':
      return fitLogisticRegression(X, y, {
        C: num(spec, 'C', 1),
        classWeight: classWeights(spec, y),
        maxIter: num(spec, 'maxIter', 100),
        tol: num(spec, 'tol', 1e-4),
      });
    case 'ordinal_logistic': {
      const weighting = p.classWeight ?? null;
      if (weighting !== null && weighting !== 'balanced') throw new ReviewStarsError('INVALID_ARGUMENT', `model ${spec.name}: classWeight must be null or "balanced"`);
      return fitOrdinalLogistic(X, y, {
        C: num(spec, 'C', 1),
        classWeight: weighting,
        classWeightPower: num(spec, 'classWeightPower', 1),
        maxIter: num(spec, 'maxIter', 100),
        tol: num(spec, 'tol', 1e-4),
      });
    }
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
