/**
 * @module train/reference
 * The monitoring reference of a model, computed at training time on its test split: what its
 * predictions and inputs looked like when it was measured (predicted-rating distribution,
 * probability entropy, text length, out-of-vocabulary share). Live windows are compared with it.
 * Pure: takes the test rows' probabilities and texts, returns plain JSON for the manifest.
 */
import { N_CLASSES } from '../models/classifier.js';
import { entropyBits } from '../stats/divergence.js';
import { histogram, type Histogram } from '../stats/histogram.js';
import type { TextFeatures } from '../text/features.js';

/**
 * At most this many values of a distribution are kept for the KS test and the Wasserstein
 * distance: evenly spaced order statistics of the test split (all of them when it is smaller),
 * so that a manifest stays small whatever the data size.
 */
export const REFERENCE_SAMPLE_SIZE = 1000;

/** Fixed bins, the same for the reference and every live window. */
export const ENTROPY_EDGES: readonly number[] = Array.from({ length: 21 }, (_, i) => (i * Math.log2(N_CLASSES)) / 20);
export const TEXT_LENGTH_EDGES: readonly number[] = [0, 50, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];
export const OOV_SHARE_EDGES: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);

/** A distribution of numbers: a histogram over fixed bins and a bounded sorted sample. */
export interface ReferenceDistribution {
  histogram: Histogram;
  /** Sorted; at most {@link REFERENCE_SAMPLE_SIZE} values (entropies rounded to 1e-6). */
  sample: number[];
  mean: number;
}

/** manifest.json `models[].reference`. */
export interface ModelReference {
  /** Test rows it was computed on. */
  rows: number;
  /** Share of each predicted rating 1..5 on the test split. */
  predictedDistribution: number[];
  /** Shannon entropy (bits) of each row's five probabilities. */
  entropy: ReferenceDistribution;
  /** Text length (UTF-16 code units). */
  textLength: ReferenceDistribution;
  /** Share of each text's tokens outside the model's vocabulary. */
  oovShare: { mean: number; histogram: Histogram };
}

/** Up to `k` evenly spaced order statistics of `values` (all of them, sorted, when there are at most k). */
export function boundedSortedSample(values: ArrayLike<number>, k = REFERENCE_SAMPLE_SIZE): number[] {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  if (sorted.length <= k) return Array.from(sorted);
  return Array.from({ length: k }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (k - 1))] as number);
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return values.length === 0 ? 0 : s / values.length;
}

function distribution(values: ArrayLike<number>, edges: readonly number[], round?: (x: number) => number): ReferenceDistribution {
  const sample = boundedSortedSample(values);
  return { histogram: histogram(values, edges), sample: round ? sample.map(round) : sample, mean: mean(values) };
}

/**
 * The share of a text's tokens that no feature of `features` uses, as the prediction log counts it
 * (the vectorizer's own count: words without stop words, or character n-grams; 0 for no token).
 */
export function outOfVocabularyShare(features: TextFeatures, text: string): number {
  const { tokens, unknownTokens } = features.transformOne(text);
  return tokens === 0 ? 0 : unknownTokens / tokens;
}

/** Shannon entropy in bits of the five probabilities at p[offset..offset+5). */
export function probabilityEntropy(p: ArrayLike<number>, offset = 0): number {
  return entropyBits(Array.from({ length: N_CLASSES }, (_, c) => p[offset + c] as number));
}

/** Entropies are kept to 1e-6 bits in the reference's sample (and live ones rounded alike before comparing). */
export const roundEntropy = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The reference of a model from its test rows: `proba` holds 5 probabilities per row (row-major),
 * `yPred` the predicted class indices (0..4), `texts` the rows' texts and `features` the model's
 * vectorizer (for the out-of-vocabulary share).
 */
export function buildModelReference(proba: ArrayLike<number>, yPred: ArrayLike<number>, texts: readonly string[], features: TextFeatures): ModelReference {
  const n = texts.length;
  const counts = new Array<number>(N_CLASSES).fill(0);
  for (let r = 0; r < n; r++) counts[yPred[r] as number]!++;
  const entropies = Float64Array.from({ length: n }, (_, r) => probabilityEntropy(proba, r * N_CLASSES));
  // The length of the text as received, as the prediction log measures it.
  const lengths = Float64Array.from(texts, (t) => t.length);
  const oov = Float64Array.from(texts, (t) => outOfVocabularyShare(features, t));
  return {
    rows: n,
    predictedDistribution: counts.map((c) => (n === 0 ? 0 : c / n)),
    entropy: distribution(entropies, ENTROPY_EDGES, roundEntropy),
    textLength: distribution(lengths, TEXT_LENGTH_EDGES),
    oovShare: { mean: mean(oov), histogram: histogram(oov, OOV_SHARE_EDGES) },
  };
}
