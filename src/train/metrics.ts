/**
 * @module train/metrics
 * Classification metrics for star ratings: accuracy, macro-F1, MAE in stars, within-one-star
 * accuracy, per-class precision/recall/F1, confusion matrix, and the same per branch.
 * Pure functions over predicted and true class indices; no I/O.
 */
import { ReviewStarsError } from '../core/errors.js';
import { N_CLASSES } from '../models/classifier.js';

/** Precision, recall, F1 and support of one rating. */
export interface ClassMetrics {
  rating: number;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Metrics over one set of predictions. `confusion[t][p]` counts true class t predicted as p. */
export interface Metrics {
  n: number;
  accuracy: number;
  macroF1: number;
  mae: number;
  withinOne: number;
  perClass: ClassMetrics[];
  confusion: number[][];
}

/** Metrics overall plus per branch (keyed by branch name). */
export interface ModelMetrics extends Metrics {
  perBranch: Record<string, Metrics>;
}

/**
 * Metrics of predicted against true class indices (0..4, rating - 1), as scikit-learn computes
 * them with `zero_division=0`: a precision, recall or F1 whose denominator is 0 is 0.
 *
 * macroF1 averages the F1 of the classes present in yTrue or yPred (scikit-learn's default
 * labels), so a rating that is neither true nor predicted anywhere does not pull it down; a class
 * that is true but never predicted (or the reverse) counts with F1 = 0. `perClass` always lists
 * the 5 ratings.
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` when the arrays differ in length, are empty, or hold
 *   something other than an integer 0..4.
 */
export function computeMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Metrics {
  checkLabels(yTrue, yPred);
  const counts = new Float64Array(N_CLASSES * N_CLASSES);
  for (let i = 0; i < yTrue.length; i++) counts[(yTrue[i] as number) * N_CLASSES + (yPred[i] as number)]!++;
  return metricsFromConfusion(counts);
}

/**
 * `computeMetrics` overall and for the rows of each branch (`perBranch`, keys in sorted order).
 *
 * @throws ReviewStarsError `INVALID_ARGUMENT` as `computeMetrics`, or when `branches` has another
 *   length or a non-string entry.
 */
export function computeModelMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, branches: readonly string[]): ModelMetrics {
  checkLabels(yTrue, yPred);
  if (branches.length !== yTrue.length) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${branches.length} branches for ${yTrue.length} predictions: give one branch per row`);
  }
  const cells = N_CLASSES * N_CLASSES;
  const overall = new Float64Array(cells);
  const byBranch = new Map<string, Float64Array>();
  for (let i = 0; i < yTrue.length; i++) {
    const branch = branches[i];
    if (typeof branch !== 'string') {
      throw new ReviewStarsError('INVALID_ARGUMENT', `the branch of row ${i} is not a string: ${String(branch)}`);
    }
    let counts = byBranch.get(branch);
    if (counts === undefined) {
      counts = new Float64Array(cells);
      byBranch.set(branch, counts);
    }
    const cell = (yTrue[i] as number) * N_CLASSES + (yPred[i] as number);
    overall[cell]!++;
    counts[cell]!++;
  }
  const perBranch: Record<string, Metrics> = {};
  for (const branch of [...byBranch.keys()].sort()) perBranch[branch] = metricsFromConfusion(byBranch.get(branch) as Float64Array);
  return { ...metricsFromConfusion(overall), perBranch };
}

/**
 * Every metric from a 5 x 5 confusion matrix of counts, row-major (`counts[t * 5 + p]` rows of
 * true class t predicted as p); the counts must hold at least one row.
 */
export function metricsFromConfusion(counts: ArrayLike<number>): Metrics {
  if (counts.length !== N_CLASSES * N_CLASSES) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `a confusion matrix has ${N_CLASSES * N_CLASSES} cells, got ${counts.length}`);
  }
  let n = 0;
  let correct = 0;
  let absoluteError = 0;
  let withinOne = 0;
  const confusion: number[][] = [];
  const support = new Float64Array(N_CLASSES);
  const predicted = new Float64Array(N_CLASSES);
  for (let t = 0; t < N_CLASSES; t++) {
    const row: number[] = [];
    for (let p = 0; p < N_CLASSES; p++) {
      const c = counts[t * N_CLASSES + p] as number;
      if (!Number.isInteger(c) || c < 0) throw new ReviewStarsError('INVALID_ARGUMENT', `confusion counts must be non-negative integers, got ${c}`);
      row.push(c);
      n += c;
      support[t]! += c;
      predicted[p]! += c;
      const distance = Math.abs(t - p);
      absoluteError += c * distance;
      if (distance === 0) correct += c;
      if (distance <= 1) withinOne += c;
    }
    confusion.push(row);
  }
  if (n === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'no predictions to measure: the confusion matrix is all zeros');

  const perClass: ClassMetrics[] = [];
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < N_CLASSES; c++) {
    const tp = confusion[c]![c]!;
    const precision = predicted[c]! > 0 ? tp / predicted[c]! : 0;
    const recall = support[c]! > 0 ? tp / support[c]! : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ rating: c + 1, precision, recall, f1, support: support[c]! });
    if (support[c]! > 0 || predicted[c]! > 0) {
      f1Sum += f1;
      present++;
    }
  }
  return {
    n,
    accuracy: correct / n,
    macroF1: f1Sum / present,
    mae: absoluteError / n,
    withinOne: withinOne / n,
    perClass,
    confusion,
  };
}

function checkLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${yTrue.length} true labels but ${yPred.length} predictions: they must pair up`);
  }
  if (yTrue.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'no predictions to measure: the label arrays are empty');
  for (const [name, labels] of [
    ['true label', yTrue],
    ['prediction', yPred],
  ] as const) {
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i] as number;
      if (!(Number.isInteger(v) && v >= 0 && v < N_CLASSES)) {
        throw new ReviewStarsError('INVALID_ARGUMENT', `${name} ${i} is ${String(v)}: classes are integers 0..${N_CLASSES - 1} (rating - 1)`);
      }
    }
  }
}
