/**
 * @module train/metrics
 * Classification metrics for star ratings: accuracy, macro-F1, MAE in stars, within-one-star
 * accuracy, per-class precision/recall/F1, confusion matrix, and the same per branch.
 * Pure functions over predicted and true class indices; no I/O.
 */

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
