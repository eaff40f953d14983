/**
 * @module registry/model-set
 * What a loaded model set offers to its users (the HTTP layer, the CLI): the manifest, and each
 * model ready to rate a text. Types only; `loadModelSet` in registry/load.ts builds one from disk.
 */
import type { Algorithm } from '../models/classifier.js';
import type { Rating } from '../core/rating.js';
import type { Decoding } from '../models/decode.js';
import type { ModelMetrics } from '../train/metrics.js';
import type { ModelReference } from '../train/reference.js';

/** How many terms explain a prediction: the default, and the most a caller may ask for. */
export const EXPLANATION_TERMS = Object.freeze({ default: 10, max: 50 });

/** One model's entry in manifest.json. */
export interface ManifestModel {
  name: string;
  algorithm: Algorithm;
  /** null for a model trained on all branches. */
  branch: string | null;
  params: Record<string, number | string | boolean | null>;
  /** Id of the vectorizer (in `vectorizers`) that turns text into this model's features. */
  vectorizer: string;
  vocabularySize: number;
  decoding: Decoding;
  /** With `argmax`: offsets added to the 5 log-probabilities first, tuned on held-out training rows. */
  classOffsets?: number[];
  /** Model file, relative to the set's directory, and its sha256. */
  file: string;
  sha256: string;
  metrics: ModelMetrics;
  /** The test split's distributions that monitoring compares live traffic with; absent in sets trained before it existed. */
  reference?: ModelReference;
}

/** One vectorizer's entry in manifest.json. */
export interface ManifestVectorizer {
  id: string;
  file: string;
  sha256: string;
}

/** manifest.json of a model set. */
export interface Manifest {
  format: 'review-stars/model-set';
  formatVersion: 1;
  /** The set's version, e.g. "2026-11-26T10-40-00Z-1a2b3c4d". */
  version: string;
  createdAt: string;
  data: { file: string; sha256: string; rowsRead: number; rowsSkipped: number; rowsUsed: number };
  split: { seed: number; testFraction: number; stratifiedBy: string; trainRows: number; testRows: number };
  /** The name the alias `best` resolves to (highest macro-F1). */
  best: string;
  vectorizers: ManifestVectorizer[];
  models: ManifestModel[];
}

/** A term that pushed a prediction, with its signed weight. */
export interface TermWeight {
  term: string;
  weight: number;
}

/** One rated review. `probabilities[i]` is the probability of rating i + 1. */
export interface Prediction {
  rating: Rating;
  probabilities: [number, number, number, number, number];
  /** Sum of rating x probability. */
  expectedRating: number;
  /**
   * True when no term of the text is in the model's vocabulary (emoji, another script, unknown
   * words): the rating is then the model's answer to an empty text, not a reading of this one.
   */
  noKnownTerms: boolean;
  /** Share of the text's tokens that the model's features do not know (0 for a text without tokens). */
  oovShare: number;
  /** Present when asked for: the terms that pushed the predicted rating most. */
  explanation?: TermWeight[];
}

/** A model of a loaded set, ready to rate texts. */
export interface LoadedModel {
  readonly entry: ManifestModel;
  /** Rates one review text. `branch` is accepted for symmetry; branch models ignore other branches' texts' branch. */
  predict(text: string, options?: { explain?: boolean; topTerms?: number }): Prediction;
}

/** A loaded, validated model set. Immutable once loaded: reloading builds a new one. */
export interface ModelSet {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Model names in manifest order (the alias `best` is not among them). */
  readonly names: readonly string[];
  /** The model called `name`, or the best one for `best`; undefined when unknown. */
  get(name: string): LoadedModel | undefined;
}
