/**
 * @module models/log-linear
 * The scoring core shared by the two log-linear classifiers, logistic regression and multinomial
 * naive Bayes: class score z_c = b_c + sum_j x_j w_jc over one feature-major copy of the weights
 * (a row's terms are read contiguously), softmax into probabilities, and centred per-term
 * explanations. Fitting stays in each algorithm's module.
 */
import { ReviewStarsError } from '../core/errors.js';
import { N_CLASSES } from './classifier.js';
import type { Algorithm, Classifier, FeatureContribution, ModelArtifact } from './classifier.js';

/** A classifier whose class scores are a bias plus a weighted sum of the row's features. */
export abstract class LogLinearClassifier implements Classifier {
  abstract readonly algorithm: Algorithm;
  readonly nFeatures: number;
  /** Weights feature-major (w[j * 5 + c]): the only copy kept in memory. */
  private readonly byFeature: Float64Array;
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly b3: number;
  private readonly b4: number;

  /** `classMajor` holds w[c * nFeatures + j] (as files and scikit-learn store it); it is not kept. */
  protected constructor(classMajor: Float64Array, bias: Float64Array, nFeatures: number) {
    if (classMajor.length !== N_CLASSES * nFeatures || bias.length !== N_CLASSES) {
      throw new RangeError(`weights must hold ${N_CLASSES} x ${nFeatures} values and biases ${N_CLASSES}`);
    }
    this.nFeatures = nFeatures;
    this.byFeature = new Float64Array(nFeatures * N_CLASSES);
    for (let j = 0; j < nFeatures; j++) {
      for (let c = 0; c < N_CLASSES; c++) this.byFeature[j * N_CLASSES + c] = classMajor[c * nFeatures + j] as number;
    }
    this.b0 = bias[0] as number;
    this.b1 = bias[1] as number;
    this.b2 = bias[2] as number;
    this.b3 = bias[3] as number;
    this.b4 = bias[4] as number;
  }

  /** A fresh class-major copy of the weights (w[c * nFeatures + j]), for artifacts and inspection. */
  protected classMajorWeights(): Float64Array {
    const F = this.nFeatures;
    const out = new Float64Array(F * N_CLASSES);
    for (let j = 0; j < F; j++) {
      for (let c = 0; c < N_CLASSES; c++) out[c * F + j] = this.byFeature[j * N_CLASSES + c] as number;
    }
    return out;
  }

  /** Softmax of the five class scores of one sparse row; allocation-free. Throws RangeError on a feature outside the model. */
  predictRow(indices: Int32Array, data: Float64Array, start: number, end: number, out: Float64Array): void {
    const w = this.byFeature;
    let z0 = this.b0;
    let z1 = this.b1;
    let z2 = this.b2;
    let z3 = this.b3;
    let z4 = this.b4;
    checkRowBounds(indices, start, end, this.nFeatures);
    for (let p = start; p < end; p++) {
      const v = data[p] as number;
      const o = (indices[p] as number) * N_CLASSES;
      z0 += v * (w[o] as number);
      z1 += v * (w[o + 1] as number);
      z2 += v * (w[o + 2] as number);
      z3 += v * (w[o + 3] as number);
      z4 += v * (w[o + 4] as number);
    }
    softmax5(z0, z1, z2, z3, z4, out);
  }

  /**
   * The k features of the row with the largest |x_j * (w_j,cls - mean_c w_j,c)|, largest first
   * (ties: lower feature id first); features contributing exactly 0 are left out.
   */
  explainRow(indices: Int32Array, data: Float64Array, start: number, end: number, cls: number, k: number): FeatureContribution[] {
    return topContributions(this.byFeature, this.nFeatures, indices, data, start, end, cls, k);
  }

  abstract toArtifact(): ModelArtifact;
}

/**
 * Throws RangeError when a row's feature ids fall outside [0, nFeatures). Row slices of a Csr hold
 * ascending ids, so the first and last bound the row: an O(1) check ahead of the hot loop (a check
 * per term there made predictRow four times slower).
 */
export function checkRowBounds(indices: Int32Array, start: number, end: number, nFeatures: number): void {
  if (end > start && ((indices[start] as number) < 0 || (indices[end - 1] as number) >= nFeatures)) {
    throw new RangeError(`row features [${indices[start]}, ${indices[end - 1]}] are outside [0, ${nFeatures})`);
  }
}

/** Writes softmax(z0..z4) to out[0..5) with the max subtracted first (no overflow). */
export function softmax5(z0: number, z1: number, z2: number, z3: number, z4: number, out: Float64Array): void {
  const m = Math.max(z0, z1, z2, z3, z4);
  const e0 = Math.exp(z0 - m);
  const e1 = Math.exp(z1 - m);
  const e2 = Math.exp(z2 - m);
  const e3 = Math.exp(z3 - m);
  const e4 = Math.exp(z4 - m);
  const inv = 1 / (e0 + e1 + e2 + e3 + e4);
  out[0] = e0 * inv;
  out[1] = e1 * inv;
  out[2] = e2 * inv;
  out[3] = e3 * inv;
  out[4] = e4 * inv;
}

/**
 * The k largest |x_j * weights[j * 5 + cls]| of a sparse row, largest first (ties: lower feature
 * first), zeros left out. Centred: each weight minus the feature's mean weight over the classes, so that weights are
 * comparable across classes.
 */
export function topContributions(
  weightsByFeature: Float64Array,
  nFeatures: number,
  indices: Int32Array,
  data: Float64Array,
  start: number,
  end: number,
  cls: number,
  k: number,
): FeatureContribution[] {
  if (!Number.isInteger(cls) || cls < 0 || cls >= N_CLASSES) throw new ReviewStarsError('INVALID_ARGUMENT', `class must be an integer in 0..${N_CLASSES - 1}, got ${cls}`);
  if (!Number.isInteger(k) || k < 0) throw new ReviewStarsError('INVALID_ARGUMENT', `the number of features to explain must be a non-negative integer, got ${k}`);
  const found: FeatureContribution[] = [];
  for (let p = start; p < end; p++) {
    const j = indices[p] as number;
    if (j >>> 0 >= nFeatures) throw new RangeError(`feature ${j} is outside [0, ${nFeatures})`);
    // centred: the feature's weight for cls minus its mean weight over the classes (computed here
    // rather than stored, to keep one copy of the weights in memory)
    let mean = 0;
    for (let c = 0; c < N_CLASSES; c++) mean += weightsByFeature[j * N_CLASSES + c] as number;
    mean /= N_CLASSES;
    const weight = (data[p] as number) * ((weightsByFeature[j * N_CLASSES + cls] as number) - mean);
    if (weight !== 0) found.push({ feature: j, weight });
  }
  found.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature - b.feature);
  return found.length > k ? found.slice(0, k) : found;
}
