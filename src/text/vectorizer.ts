/**
 * @module text/vectorizer
 * Turns review texts into sparse feature rows (counts or TF-IDF, as scikit-learn computes them),
 * fits the vocabulary, and saves/loads itself as plain validated JSON. The one entry point from
 * text to features for training and serving; it knows nothing about models, files or HTTP.
 */
import { ReviewStarsError } from '../core/errors.js';
import { CsrBuilder, SparseRowAccumulator, type Csr } from './csr.js';
import { normalizeText } from './normalize.js';
import { STOP_WORDS_OPTIONS, stopWordSet, type StopWordsOption } from './stop-words.js';
import { scanTokenBounds } from './tokenize.js';
import {
  SKIPPED_TOKEN,
  TermIndex,
  TokenCorpusBuilder,
  UNKNOWN_TOKEN,
  compareTerms,
  fitVocabulary,
  type TokenCorpus,
  vocabularyOptionsProblem,
} from './vocabulary.js';

/** `count`: raw term counts. `tfidf`: scikit-learn's smooth TF-IDF, rows L2-normalised. */
export type Weighting = 'count' | 'tfidf';

/** Everything that decides a vectorizer's features. */
export interface VectorizerConfig {
  weighting: Weighting;
  /** N-gram sizes [min, max], 1 <= min <= max <= 3; n-grams are formed after stop-word removal. */
  ngramRange: [number, number];
  /** Keep the most frequent terms only (scikit-learn's max_features); null keeps all. */
  maxFeatures: number | null;
  /** Minimum document frequency, as a document count (integer >= 1). */
  minDf: number;
  /** Maximum document frequency, as a fraction of documents in (0, 1]. */
  maxDf: number;
  stopWords: StopWordsOption;
  /** tf -> 1 + ln(tf) before the idf weighting; `tfidf` only. */
  sublinearTf: boolean;
  /** Every non-zero count becomes 1 (also for ranking terms by frequency, as scikit-learn does). */
  binary: boolean;
}

/** The JSON form of a fitted vectorizer. `idf` is null for `count` weighting. */
export interface VectorizerArtifact {
  format: typeof VECTORIZER_FORMAT;
  formatVersion: typeof VECTORIZER_FORMAT_VERSION;
  config: VectorizerConfig;
  terms: string[];
  idf: number[] | null;
}

/** Row `transformOne` result: views into buffers owned by the vectorizer, valid until its next call. */
export interface SparseRow {
  indices: Int32Array;
  data: Float64Array;
  nnz: number;
  /** Tokens of the text the features looked at: words without stop words, or character n-grams. */
  tokens: number;
  /** How many of those tokens no feature uses (out of vocabulary). */
  unknownTokens: number;
}

export const VECTORIZER_FORMAT = 'review-stars/vectorizer';
export const VECTORIZER_FORMAT_VERSION = 1;

const WEIGHTINGS: readonly Weighting[] = ['count', 'tfidf'];
const CONFIG_KEYS: readonly (keyof VectorizerConfig)[] = [
  'weighting',
  'ngramRange',
  'maxFeatures',
  'minDf',
  'maxDf',
  'stopWords',
  'sublinearTf',
  'binary',
];
const ARTIFACT_KEYS: readonly (keyof VectorizerArtifact)[] = ['format', 'formatVersion', 'config', 'terms', 'idf'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : String(value);
}

/** What is wrong with a config (a sentence starting with the field name), or null. */
function configProblem(raw: unknown): string | null {
  if (!isPlainObject(raw)) return `must be an object, got ${describe(raw)}`;
  for (const key of Object.keys(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) return `has an unknown key ${JSON.stringify(key)}`;
  }
  for (const key of CONFIG_KEYS) if (!(key in raw)) return `is missing ${key}`;
  if (!(WEIGHTINGS as readonly unknown[]).includes(raw.weighting)) {
    return `weighting must be "count" or "tfidf", got ${describe(raw.weighting)}`;
  }
  if (!(STOP_WORDS_OPTIONS as readonly unknown[]).includes(raw.stopWords)) {
    return `stopWords must be "nltk" or "none", got ${describe(raw.stopWords)}`;
  }
  if (typeof raw.sublinearTf !== 'boolean') return `sublinearTf must be true or false, got ${describe(raw.sublinearTf)}`;
  if (raw.sublinearTf && raw.weighting === 'count') return 'sublinearTf applies to weighting "tfidf" only: set it to false for "count"';
  return vocabularyOptionsProblem({
    ngramRange: raw.ngramRange as [number, number],
    minDf: raw.minDf as number,
    maxDf: raw.maxDf as number,
    maxFeatures: raw.maxFeatures as number | null,
    binary: raw.binary as boolean,
  });
}

/** A frozen copy of an already validated config. */
function frozenConfig(c: VectorizerConfig): Readonly<VectorizerConfig> {
  return Object.freeze({
    weighting: c.weighting,
    ngramRange: Object.freeze([c.ngramRange[0], c.ngramRange[1]]) as [number, number],
    maxFeatures: c.maxFeatures,
    minDf: c.minDf,
    maxDf: c.maxDf,
    stopWords: c.stopWords,
    sublinearTf: c.sublinearTf,
    binary: c.binary,
  });
}

/**
 * Validates a vectorizer config from outside (CLI options, a training plan) and returns a frozen
 * copy. Throws INVALID_ARGUMENT with a message naming the bad field.
 */
export function parseVectorizerConfig(raw: unknown): Readonly<VectorizerConfig> {
  const problem = configProblem(raw);
  if (problem !== null) throw new ReviewStarsError('INVALID_ARGUMENT', `invalid vectorizer config: config ${problem}`);
  return frozenConfig(raw as unknown as VectorizerConfig);
}

// ---------------------------------------------------------------------------------------------
// Weighting, exactly as scikit-learn's TfidfTransformer(smooth_idf=True, norm='l2').

/** Number of rows in which each column of `counts` is non-zero. */
export function documentFrequency(counts: Csr): Int32Array {
  const df = new Int32Array(counts.cols);
  const { indices, data } = counts;
  const nnz = counts.indptr[counts.rows] as number;
  for (let k = 0; k < nnz; k++) {
    const j = indices[k] as number;
    if (data[k] !== 0) df[j] = (df[j] as number) + 1;
  }
  return df;
}

/** Smooth inverse document frequency, scikit-learn's `smooth_idf=True`: ln((1 + n) / (1 + df)) + 1. */
export function smoothIdf(df: ArrayLike<number>, documents: number): Float64Array {
  const idf = new Float64Array(df.length);
  for (let j = 0; j < df.length; j++) idf[j] = Math.log((documents + 1) / ((df[j] as number) + 1)) + 1;
  return idf;
}

/**
 * Weights the entries data[start..end) of one row in place: `binary` makes them 1; with an `idf`,
 * tf -> 1 + ln(tf) when `sublinearTf`, times idf[column], then the row is divided by its L2 norm
 * (an all-zero row stays zero). Same operations, in the same order, as scikit-learn.
 */
export function weightRow(
  indices: Int32Array,
  data: Float64Array,
  start: number,
  end: number,
  idf: Float64Array | null,
  sublinearTf: boolean,
  binary: boolean,
): void {
  if (binary) data.fill(1, start, end);
  if (idf === null) return;
  let sumOfSquares = 0;
  for (let k = start; k < end; k++) {
    let v = data[k] as number;
    if (sublinearTf) v = Math.log(v) + 1;
    v *= idf[indices[k] as number] as number;
    data[k] = v;
    sumOfSquares += v * v;
  }
  if (sumOfSquares === 0) return;
  const norm = Math.sqrt(sumOfSquares);
  for (let k = start; k < end; k++) data[k] = (data[k] as number) / norm;
}

/**
 * TF-IDF of a count matrix: each row's counts (1 + ln(count) when `sublinearTf`) times `idf`,
 * then L2-normalised. Returns a new Csr; `counts` is not modified.
 */
export function tfidfWeight(counts: Csr, idf: Float64Array, sublinearTf: boolean): Csr {
  if (idf.length !== counts.cols) throw new RangeError(`idf has ${idf.length} values for ${counts.cols} columns`);
  const data = counts.data.slice();
  for (let r = 0; r < counts.rows; r++) {
    weightRow(counts.indices, data, counts.indptr[r] as number, counts.indptr[r + 1] as number, idf, sublinearTf, false);
  }
  return { rows: counts.rows, cols: counts.cols, indptr: counts.indptr.slice(), indices: counts.indices.slice(), data };
}

// ---------------------------------------------------------------------------------------------

/**
 * Texts normalised, tokenised and stripped of the stop words of `stopWords` once, so that word
 * features can be fitted on, and computed for, any subset of them without reading a text again.
 */
export interface TokenizedTexts {
  readonly stopWords: StopWordsOption;
  /** Document d is text d's tokens, stop words removed. */
  readonly corpus: TokenCorpus;
}

/** Tokenises `texts` as a vectorizer with this stop-word list does. Throws INVALID_ARGUMENT if an entry is not a string. */
export function tokenizeTexts(texts: readonly string[], stopWords: StopWordsOption): TokenizedTexts {
  const problem = invalidTexts(texts);
  if (problem !== null) throw new ReviewStarsError('INVALID_ARGUMENT', problem);
  if (!(STOP_WORDS_OPTIONS as readonly unknown[]).includes(stopWords)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `stopWords must be "nltk" or "none", got ${describe(stopWords)}`);
  }
  const builder = new TokenCorpusBuilder(stopWordSet(stopWords));
  let bounds = new Int32Array(1024);
  for (const text of texts) {
    const normalized = normalizeText(text);
    if (bounds.length <= normalized.length) bounds = new Int32Array(2 * normalized.length + 1);
    builder.addText(normalized, bounds, scanTokenBounds(normalized, bounds));
  }
  return { stopWords, corpus: builder.build() };
}

/** The documents `ids` of `tokenized`, in that order (tokens are shared, not copied). */
export function selectTokenizedTexts(tokenized: TokenizedTexts, ids: ArrayLike<number>): TokenizedTexts {
  const { corpus } = tokenized;
  const offsets = new Int32Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) {
    const d = ids[i] as number;
    if (!Number.isInteger(d) || d < 0 || d >= corpus.documents) throw new RangeError(`document ${d} is not in 0..${corpus.documents - 1}`);
    offsets[i + 1] = (offsets[i] as number) + (corpus.offsets[d + 1] as number) - (corpus.offsets[d] as number);
  }
  const out = new Int32Array(offsets[ids.length] as number);
  for (let i = 0; i < ids.length; i++) {
    const d = ids[i] as number;
    out.set(corpus.ids.subarray(corpus.offsets[d] as number, corpus.offsets[d + 1] as number), offsets[i] as number);
  }
  return { stopWords: tokenized.stopWords, corpus: { tokens: corpus.tokens, ids: out, offsets, documents: ids.length } };
}

/** Throws INVALID_ARGUMENT unless `tokenized` dropped the stop words a vectorizer with `stopWords` drops. */
function checkTokenizedFor(tokenized: TokenizedTexts, stopWords: StopWordsOption, use: 'fit' | 'go through'): void {
  if (tokenized.stopWords !== stopWords) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `texts tokenised with stop words "${tokenized.stopWords}" cannot ${use} a vectorizer with stop words "${stopWords}"`);
  }
}

function invalidTexts(texts: unknown): string | null {
  if (!Array.isArray(texts)) return `texts must be an array of strings, got ${describe(texts)}`;
  for (let i = 0; i < texts.length; i++) {
    if (typeof texts[i] !== 'string') return `texts[${i}] must be a string, got ${describe(texts[i])}`;
  }
  return null;
}

/**
 * A fitted text vectorizer: normalise, tokenise, drop stop words, count the vocabulary's n-grams,
 * weight. Immutable once built, except for scratch buffers: not safe for re-entrant use within
 * one `transformOne` result's lifetime (single-threaded JavaScript makes that the only rule).
 */
export class Vectorizer {
  readonly config: Readonly<VectorizerConfig>;
  /** Feature id -> term (n-gram tokens joined by one space), in alphabetical order. */
  readonly terms: readonly string[];
  /** Inverse document frequency per feature id; null for `count` weighting. */
  readonly idf: Float64Array | null;

  private readonly index: TermIndex;
  // Scratch reused by every transform: token bounds and ids of one text, its term counts, and the
  // output row.
  private bounds = new Int32Array(1024);
  private tokenIds = new Int32Array(512);
  /** Tokens of the last text tokenised that appear in no term. */
  private unknownTokens = 0;
  private readonly row: SparseRowAccumulator;
  private readonly rowIndices: Int32Array;
  private readonly rowData: Float64Array;

  private constructor(config: Readonly<VectorizerConfig>, terms: readonly string[], idf: Float64Array | null, index: TermIndex) {
    this.config = config;
    this.terms = Object.freeze(terms.slice());
    this.idf = idf;
    this.index = index;
    this.row = new SparseRowAccumulator(terms.length);
    this.rowIndices = new Int32Array(terms.length);
    this.rowData = new Float64Array(terms.length);
  }

  /** Number of features (columns of the rows it produces). */
  get nFeatures(): number {
    return this.terms.length;
  }

  /** Fits the vocabulary (and idf) on `texts`. Throws INVALID_ARGUMENT for bad input or an empty vocabulary. */
  static fit(texts: readonly string[], config: VectorizerConfig): Vectorizer {
    return Vectorizer.fitWith(texts, config, false).vectorizer;
  }

  /** Fits on `texts` and returns their feature rows too (without tokenising them twice). */
  static fitTransform(texts: readonly string[], config: VectorizerConfig): { vectorizer: Vectorizer; X: Csr } {
    const { vectorizer, X } = Vectorizer.fitWith(texts, config, true);
    return { vectorizer, X: X as Csr };
  }

  private static fitWith(
    texts: readonly string[],
    rawConfig: VectorizerConfig,
    transform: boolean,
  ): { vectorizer: Vectorizer; X: Csr | null } {
    const config = parseVectorizerConfig(rawConfig);
    return Vectorizer.fitCorpus(tokenizeTexts(texts, config.stopWords).corpus, config, transform);
  }

  /**
   * Fits on texts tokenised by {@link tokenizeTexts} and returns their feature rows too: the same
   * vectorizer and rows as {@link Vectorizer.fitTransform} of those texts. Throws INVALID_ARGUMENT
   * when the config's stop words are not the ones the texts were tokenised with.
   */
  static fitTransformTokenized(tokenized: TokenizedTexts, rawConfig: VectorizerConfig): { vectorizer: Vectorizer; X: Csr } {
    const config = parseVectorizerConfig(rawConfig);
    checkTokenizedFor(tokenized, config.stopWords, 'fit');
    const { vectorizer, X } = Vectorizer.fitCorpus(tokenized.corpus, config, true);
    return { vectorizer, X: X as Csr };
  }

  private static fitCorpus(corpus: TokenCorpus, config: Readonly<VectorizerConfig>, transform: boolean): { vectorizer: Vectorizer; X: Csr | null } {
    const stopWords = stopWordSet(config.stopWords);
    const vocabulary = fitVocabulary(corpus, config, { documentTermCounts: transform });
    const idf = config.weighting === 'tfidf' ? smoothIdf(vocabulary.documentFrequency, vocabulary.documents) : null;
    const index = TermIndex.fromTokens(vocabulary.termTokens, stopWords);
    const vectorizer = new Vectorizer(config, vocabulary.terms, idf, index);
    const X = vocabulary.documentTermCounts;
    if (X !== null) {
      for (let r = 0; r < X.rows; r++) {
        weightRow(X.indices, X.data, X.indptr[r] as number, X.indptr[r + 1] as number, idf, config.sublinearTf, config.binary);
      }
    }
    return { vectorizer, X };
  }

  /** Feature rows of `texts` (one row each). Throws INVALID_ARGUMENT if an entry is not a string. */
  transform(texts: readonly string[]): Csr {
    const problem = invalidTexts(texts);
    if (problem !== null) throw new ReviewStarsError('INVALID_ARGUMENT', problem);
    const out = new CsrBuilder(this.nFeatures);
    for (const text of texts) out.pushRow(this.rowIndices, this.rowData, this.countRow(this.tokenIdsOf(text)));
    return out.build();
  }

  /**
   * Feature rows of texts tokenised by {@link tokenizeTexts} with this vectorizer's stop words:
   * the same rows as {@link Vectorizer.transform} of those texts, without reading them again.
   */
  transformTokenized(tokenized: TokenizedTexts): Csr {
    checkTokenizedFor(tokenized, this.config.stopWords, 'go through');
    const { tokens, ids, offsets, documents } = tokenized.corpus;
    // Corpus token -> this vectorizer's token id, looked up once per distinct token (-3: not yet).
    const notLookedUp = -3;
    const tokenId = new Int32Array(tokens.length).fill(notLookedUp);
    const out = new CsrBuilder(this.nFeatures);
    for (let d = 0; d < documents; d++) {
      const start = offsets[d] as number;
      const end = offsets[d + 1] as number;
      if (this.tokenIds.length < end - start) this.tokenIds = new Int32Array(2 * (end - start));
      const row = this.tokenIds;
      let n = 0;
      for (let k = start; k < end; k++) {
        const t = ids[k] as number;
        let id = tokenId[t] as number;
        if (id === notLookedUp) {
          id = this.index.tokenId(tokens[t] as string);
          tokenId[t] = id;
        }
        if (id !== SKIPPED_TOKEN) row[n++] = id;
      }
      out.pushRow(this.rowIndices, this.rowData, this.countRow(n));
    }
    return out.build();
  }

  /**
   * The feature row of one text, for serving: column indices ascending and their values, as views
   * into buffers that the next call on this vectorizer overwrites. Allocates only the two views.
   */
  transformOne(text: string): SparseRow {
    if (typeof text !== 'string') throw new ReviewStarsError('INVALID_ARGUMENT', `text must be a string, got ${describe(text)}`);
    const tokens = this.tokenIdsOf(text);
    const nnz = this.countRow(tokens);
    return { indices: this.rowIndices.subarray(0, nnz), data: this.rowData.subarray(0, nnz), nnz, tokens, unknownTokens: this.unknownTokens };
  }

  /** Tokenises `text` into the id buffer (stop words dropped) and returns how many ids it wrote. */
  private tokenIdsOf(text: string): number {
    const normalized = normalizeText(text);
    if (this.bounds.length <= normalized.length) this.bounds = new Int32Array(2 * normalized.length + 1);
    const bounds = this.bounds;
    const count = scanTokenBounds(normalized, bounds);
    if (this.tokenIds.length < count) this.tokenIds = new Int32Array(2 * count);
    const ids = this.tokenIds;
    let n = 0;
    let unknown = 0;
    for (let k = 0; k < count; k++) {
      const id = this.index.tokenIdOfRange(normalized, bounds[2 * k] as number, bounds[2 * k + 1] as number);
      if (id !== SKIPPED_TOKEN) ids[n++] = id;
      if (id === UNKNOWN_TOKEN) unknown++;
    }
    this.unknownTokens = unknown;
    return n;
  }

  /**
   * Counts the terms of the first `length` ids of the id buffer into the row buffers (columns
   * ascending), weights them, and returns the row's nnz.
   */
  private countRow(length: number): number {
    this.index.countTerms(this.tokenIds, 0, length, this.row);
    const nnz = this.row.flush(this.rowIndices, this.rowData);
    weightRow(this.rowIndices, this.rowData, 0, nnz, this.idf, this.config.sublinearTf, this.config.binary);
    return nnz;
  }

  /** Plain-JSON form; {@link Vectorizer.fromJSON} of it gives a vectorizer with identical outputs. */
  toJSON(): VectorizerArtifact {
    return {
      format: VECTORIZER_FORMAT,
      formatVersion: VECTORIZER_FORMAT_VERSION,
      config: { ...this.config, ngramRange: [this.config.ngramRange[0], this.config.ngramRange[1]] },
      terms: this.terms.slice(),
      idf: this.idf === null ? null : Array.from(this.idf),
    };
  }

  /**
   * Rebuilds a vectorizer from its JSON form (already parsed, untrusted). Checks the format and
   * version, the config, that terms are distinct non-empty n-grams within `ngramRange`, in
   * alphabetical order and free of stop words, and that idf has one finite positive value per term
   * (null for `count`). Throws MODEL_FILE_INVALID with a message saying what is wrong.
   */
  static fromJSON(raw: unknown): Vectorizer {
    const fail = (message: string): never => {
      throw new ReviewStarsError('MODEL_FILE_INVALID', `invalid vectorizer file: ${message}`);
    };
    if (!isPlainObject(raw)) return fail(`expected a JSON object, got ${describe(raw)}`);
    if (raw.format !== VECTORIZER_FORMAT) return fail(`format must be "${VECTORIZER_FORMAT}", got ${describe(raw.format)}`);
    if (raw.formatVersion !== VECTORIZER_FORMAT_VERSION) {
      return fail(`formatVersion ${describe(raw.formatVersion)} is not supported (expected ${VECTORIZER_FORMAT_VERSION})`);
    }
    for (const key of Object.keys(raw)) {
      if (!(ARTIFACT_KEYS as readonly string[]).includes(key)) return fail(`unknown key ${JSON.stringify(key)}`);
    }
    const problem = configProblem(raw.config);
    if (problem !== null) return fail(`config ${problem}`);
    const config = frozenConfig(raw.config as VectorizerConfig);

    const terms = raw.terms;
    if (!Array.isArray(terms)) return fail(`terms must be an array of strings, got ${describe(terms)}`);
    if (terms.length === 0) return fail('terms must not be empty');
    const [minOrder, maxOrder] = config.ngramRange;
    const stopWords = stopWordSet(config.stopWords);
    // One pass over the terms both checks them and feeds the term index (a 65,000-term vocabulary
    // is most of a model set's load time): words are found as ranges of the term, so no word
    // string is made unless stop words must be looked up.
    const words = new TokenCorpusBuilder();
    const bounds = new Int32Array(2 * maxOrder);
    for (let i = 0; i < terms.length; i++) {
      const term: unknown = terms[i];
      if (typeof term !== 'string' || term.length === 0) return fail(`terms[${i}] must be a non-empty string, got ${describe(term)}`);
      let count = 0;
      let start = 0;
      for (let at = 0; at <= term.length; at++) {
        if (at < term.length && term.charCodeAt(at) !== 0x20) continue;
        if (at === start) return fail(`terms[${i}] ${JSON.stringify(term)} must be words joined by single spaces`);
        if (count < maxOrder) {
          bounds[2 * count] = start;
          bounds[2 * count + 1] = at;
        }
        count++;
        start = at + 1;
      }
      if (count < minOrder || count > maxOrder) {
        return fail(`terms[${i}] ${JSON.stringify(term)} has ${count} words, outside ngramRange [${minOrder}, ${maxOrder}]`);
      }
      for (let k = 0; stopWords.size > 0 && k < count; k++) {
        const word = term.slice(bounds[2 * k], bounds[2 * k + 1]);
        if (stopWords.has(word)) return fail(`terms[${i}] ${JSON.stringify(term)} contains the stop word ${JSON.stringify(word)}`);
      }
      // Terms are strictly increasing, so a duplicate can only be the term just before.
      const order = i === 0 ? -1 : compareTerms(terms[i - 1] as string, term);
      if (order === 0) return fail(`duplicate term ${JSON.stringify(term)} at terms[${i}] (first at terms[${i - 1}])`);
      if (order > 0) {
        return fail(`terms are not in alphabetical order: terms[${i}] ${JSON.stringify(term)} comes after ${JSON.stringify(terms[i - 1])}`);
      }
      words.addText(term, bounds, count);
    }

    let idf: Float64Array | null = null;
    if (config.weighting === 'count') {
      if (raw.idf !== null) return fail(`idf must be null for weighting "count", got ${describe(raw.idf)}`);
    } else {
      if (!Array.isArray(raw.idf)) return fail(`idf must be an array of numbers for weighting "tfidf", got ${describe(raw.idf)}`);
      if (raw.idf.length !== terms.length) return fail(`idf has ${raw.idf.length} values but there are ${terms.length} terms`);
      idf = new Float64Array(terms.length);
      for (let i = 0; i < terms.length; i++) {
        const v: unknown = raw.idf[i];
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return fail(`idf[${i}] must be a finite number > 0, got ${describe(v)}`);
        idf[i] = v;
      }
    }
    return new Vectorizer(config, terms as string[], idf, TermIndex.fromTokens(words.build(), stopWords));
  }
}
