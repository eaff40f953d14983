/**
 * @module text/features
 * One door to the two kinds of text features: word n-grams (text/vectorizer) and character
 * n-grams within words (text/char-vectorizer). Fitting dispatches on the config, loading on the
 * file's `format`; everything else sees only the TextFeatures interface.
 */
import { ReviewStarsError } from '../core/errors.js';
import type { Csr } from './csr.js';
import { Vectorizer, VECTORIZER_FORMAT, selectTokenizedTexts, tokenizeTexts, type SparseRow, type TokenizedTexts, type VectorizerConfig } from './vectorizer.js';
import type { StopWordsOption } from './stop-words.js';
import { CharVectorizer, CHAR_VECTORIZER_FORMAT, type CharVectorizerConfig } from './char-vectorizer.js';

/** Word features (no `analyzer` key) or character n-grams (`analyzer: 'char_wb'`). */
export type SingleFeatureConfig = VectorizerConfig | CharVectorizerConfig;

/** Several feature kinds side by side (columns of part 0, then part 1, ...), each part L2-normalised on its own. */
export interface UnionFeatureConfig {
  union: SingleFeatureConfig[];
}

export type FeatureConfig = SingleFeatureConfig | UnionFeatureConfig;

export const UNION_FORMAT = 'review-stars/feature-union';

/** A fitted text-to-features transform. */
export interface TextFeatures {
  /** Feature id -> term. */
  readonly terms: readonly string[];
  readonly nFeatures: number;
  transform(texts: readonly string[]): Csr;
  /** One text's row, as views valid until the next call. */
  transformOne(text: string): SparseRow;
  /** Plain JSON, read back by {@link textFeaturesFromJSON}. */
  toJSON(): unknown;
}

const isChar = (c: FeatureConfig): c is CharVectorizerConfig => 'analyzer' in c && c.analyzer === 'char_wb';
const isUnion = (c: FeatureConfig): c is UnionFeatureConfig => 'union' in c;

/** Fits features on `texts` and returns their rows. */
export function fitTextFeatures(texts: readonly string[], config: FeatureConfig): { features: TextFeatures; X: Csr } {
  if (isUnion(config)) {
    if (!Array.isArray(config.union) || config.union.length < 2 || config.union.some((c) => isUnion(c as FeatureConfig))) {
      throw new ReviewStarsError('INVALID_ARGUMENT', 'a feature union needs two or more word or character feature configs');
    }
    const parts = config.union.map((c) => fitTextFeatures(texts, c));
    return { features: new FeatureUnion(parts.map((p) => p.features)), X: hstack(parts.map((p) => p.X)) };
  }
  const { vectorizer, X } = isChar(config) ? CharVectorizer.fitTransform(texts, config) : Vectorizer.fitTransform(texts, config);
  return { features: vectorizer, X };
}

/**
 * The texts of a training run, for features fitted on one subset of them and computed for
 * another: word features tokenise each text once per stop-word list, whatever the number of
 * subsets; other features read the subsets' texts.
 */
export class TextSubsets {
  private readonly tokenized = new Map<StopWordsOption, TokenizedTexts>();

  constructor(private readonly texts: readonly string[]) {}

  /**
   * Features fitted on the texts `fitIds`, with the rows of `fitIds` and of `otherIds`: the same
   * as {@link fitTextFeatures} on the `fitIds` texts and a transform of the `otherIds` texts.
   */
  fitRows(config: FeatureConfig, fitIds: Int32Array, otherIds: Int32Array): { features: TextFeatures; X: Csr; otherX: Csr } {
    if (isUnion(config) || isChar(config)) {
      const texts = (ids: Int32Array): string[] => Array.from(ids, (i) => this.texts[i] as string);
      const { features, X } = fitTextFeatures(texts(fitIds), config);
      return { features, X, otherX: features.transform(texts(otherIds)) };
    }
    let all = this.tokenized.get(config.stopWords);
    if (all === undefined) {
      all = tokenizeTexts(this.texts, config.stopWords);
      this.tokenized.set(config.stopWords, all);
    }
    const { vectorizer, X } = Vectorizer.fitTransformTokenized(selectTokenizedTexts(all, fitIds), config);
    return { features: vectorizer, X, otherX: vectorizer.transformTokenized(selectTokenizedTexts(all, otherIds)) };
  }
}

/** Columns of the matrices side by side (same rows). */
function hstack(parts: readonly Csr[]): Csr {
  const rows = (parts[0] as Csr).rows;
  const cols = parts.reduce((n, p) => n + p.cols, 0);
  const nnz = parts.reduce((n, p) => n + p.data.length, 0);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    let offset = 0;
    for (const p of parts) {
      for (let j = p.indptr[r] as number; j < (p.indptr[r + 1] as number); j++) {
        indices[k] = (p.indices[j] as number) + offset;
        data[k++] = p.data[j] as number;
      }
      offset += p.cols;
    }
    indptr[r + 1] = k;
  }
  return { rows, cols, indptr, indices, data };
}

/** Several fitted feature kinds side by side; a term is prefixed by its part ("w:" words, "c:" characters). */
class FeatureUnion implements TextFeatures {
  readonly nFeatures: number;
  private readonly offsets: number[];
  private prefixedTerms: readonly string[] | null = null;
  private readonly indices: Int32Array;
  private readonly data: Float64Array;

  constructor(private readonly parts: readonly TextFeatures[]) {
    this.offsets = [];
    let n = 0;
    for (const p of parts) {
      this.offsets.push(n);
      n += p.nFeatures;
    }
    this.nFeatures = n;
    this.indices = new Int32Array(n);
    this.data = new Float64Array(n);
  }

  /** The parts' terms, prefixed; built on first use (explanations only), not kept in memory before. */
  get terms(): readonly string[] {
    if (this.prefixedTerms === null) {
      this.prefixedTerms = Object.freeze(this.parts.flatMap((p) => p.terms.map((t) => (p instanceof CharVectorizer ? 'c:' : 'w:') + t)));
    }
    return this.prefixedTerms;
  }

  transform(texts: readonly string[]): Csr {
    return hstack(this.parts.map((p) => p.transform(texts)));
  }

  /** The row of all parts; its token counts are the first part's (word features, in every union trained). */
  transformOne(text: string): SparseRow {
    let k = 0;
    let tokens = 0;
    let unknownTokens = 0;
    this.parts.forEach((p, i) => {
      const row = p.transformOne(text);
      if (i === 0) {
        tokens = row.tokens;
        unknownTokens = row.unknownTokens;
      }
      const offset = this.offsets[i] as number;
      for (let j = 0; j < row.nnz; j++) {
        this.indices[k] = (row.indices[j] as number) + offset;
        this.data[k++] = row.data[j] as number;
      }
    });
    return { indices: this.indices.subarray(0, k), data: this.data.subarray(0, k), nnz: k, tokens, unknownTokens };
  }

  toJSON(): unknown {
    return { format: UNION_FORMAT, formatVersion: 1, parts: this.parts.map((p) => p.toJSON()) };
  }

  static fromJSON(raw: Record<string, unknown>, shared?: Map<string, TextFeatures>): FeatureUnion {
    const parts = raw.parts;
    if (raw.formatVersion !== 1 || !Array.isArray(parts) || parts.length < 2) {
      throw new ReviewStarsError('MODEL_FILE_INVALID', 'invalid feature union file: expected formatVersion 1 and two or more parts');
    }
    return new FeatureUnion(
      parts.map((p: unknown) => {
        if (typeof p === 'object' && p !== null && (p as { format?: unknown }).format === UNION_FORMAT) {
          throw new ReviewStarsError('MODEL_FILE_INVALID', 'invalid feature union file: unions do not nest');
        }
        return textFeaturesFromJSON(p, shared);
      }),
    );
  }
}

/** True when `raw` is the JSON of a feature union (whose parts may repeat other vectorizers). */
export function isFeatureUnionJSON(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === UNION_FORMAT;
}

/**
 * Rebuilds fitted features from their JSON (untrusted); throws MODEL_FILE_INVALID. With `shared`,
 * identical word or character vectorizers (the same JSON, e.g. a standalone one and a union's
 * part) are built once and shared: they are stateless between calls, so sharing is safe.
 */
export function textFeaturesFromJSON(raw: unknown, shared?: Map<string, TextFeatures>): TextFeatures {
  const format = typeof raw === 'object' && raw !== null ? (raw as { format?: unknown }).format : undefined;
  if (format === UNION_FORMAT) return FeatureUnion.fromJSON(raw as Record<string, unknown>, shared);
  const key = shared ? JSON.stringify(raw) : '';
  const known = shared?.get(key);
  if (known) return known;
  let features: TextFeatures;
  if (format === CHAR_VECTORIZER_FORMAT) features = CharVectorizer.fromJSON(raw);
  else if (format === VECTORIZER_FORMAT) features = Vectorizer.fromJSON(raw);
  else throw new ReviewStarsError('MODEL_FILE_INVALID', `not a review-stars vectorizer file (format ${JSON.stringify(format)})`);
  shared?.set(key, features);
  return features;
}
