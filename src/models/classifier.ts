/**
 * @module models/classifier
 * The one small interface every rating classifier implements (tree, forest, logistic regression,
 * naive Bayes), plus the rating/label types they share. Nothing here knows about files or HTTP.
 */
import type { Csr } from '../text/csr.js';

/** Every classifier predicts exactly these five classes (a class absent in training gets ~0 probability). */
export const N_CLASSES = 5;

/** Training labels as class indices 0..4 (rating - 1), one per matrix row. */
export type Labels = Uint8Array;

export type Algorithm = 'decision_tree' | 'random_forest' | 'logistic_regression' | 'naive_bayes' | 'ordinal_logistic';

/** A term's signed contribution to a class score, by feature id. */
export interface FeatureContribution {
  feature: number;
  weight: number;
}

/** The serialisable form of a fitted model: JSON-safe params plus named typed arrays. */
export interface ModelArtifact {
  algorithm: Algorithm;
  nFeatures: number;
  params: Record<string, number | string | boolean | null>;
  arrays: Record<string, Float64Array | Float32Array | Int32Array | Uint8Array>;
}

/** A fitted classifier over sparse rows of `nFeatures` columns. */
export interface Classifier {
  readonly algorithm: Algorithm;
  readonly nFeatures: number;
  /**
   * Class probabilities (summing to 1) of one sparse row, given as the slice [start, end) of
   * (indices, data), written to out[0..5). Hot path: must not allocate.
   */
  predictRow(indices: Int32Array, data: Float64Array, start: number, end: number, out: Float64Array): void;
  /** The k features of the row that pushed class `cls` most (largest |weight| first). */
  explainRow(indices: Int32Array, data: Float64Array, start: number, end: number, cls: number, k: number): FeatureContribution[];
  /** Serialisable form (see registry for the file format). */
  toArtifact(): ModelArtifact;
}

/** Probabilities for every row of X, row-major (rows x 5). */
export function predictProba(model: Classifier, X: Csr): Float64Array {
  const out = new Float64Array(X.rows * N_CLASSES);
  const row = new Float64Array(N_CLASSES);
  for (let r = 0; r < X.rows; r++) {
    model.predictRow(X.indices, X.data, X.indptr[r] as number, X.indptr[r + 1] as number, row);
    out.set(row, r * N_CLASSES);
  }
  return out;
}

/** Index of the largest value of p[offset..offset+5) (first one on ties). */
export function argmaxClass(p: ArrayLike<number>, offset = 0): number {
  let best = 0;
  for (let c = 1; c < N_CLASSES; c++) if ((p[offset + c] as number) > (p[offset + best] as number)) best = c;
  return best;
}
