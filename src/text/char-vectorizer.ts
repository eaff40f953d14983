/**
 * @module text/char-vectorizer
 * Character n-gram features inside word boundaries (scikit-learn's `analyzer='char_wb'`): each
 * normalised word is padded with one space on each side and cut into every n-gram of n in
 * [min, max]. They catch misspellings, word stems and the dataset's broken characters that word
 * features miss. Vocabulary selection, ids and weighting follow the word vectorizer's rules
 * (maxFeatures by total count, ties alphabetical; ids in code-point order; smooth idf, sublinear
 * tf, L2 rows). It must not tokenise differently at fit and at transform time.
 */
import { ReviewStarsError } from '../core/errors.js';
import { normalizeText } from './normalize.js';
import { CsrBuilder, SparseRowAccumulator, type Csr } from './csr.js';
import { compareTerms } from './vocabulary.js';
import { smoothIdf, weightRow, type SparseRow, type Weighting } from './vectorizer.js';

export const CHAR_VECTORIZER_FORMAT = 'review-stars/char-vectorizer';
export const CHAR_VECTORIZER_FORMAT_VERSION = 1;
/** Longest n-gram allowed. */
export const MAX_CHAR_NGRAM = 6;

/** Configuration of character n-gram features. */
export interface CharVectorizerConfig {
  analyzer: 'char_wb';
  weighting: Weighting;
  /** [min, max] n-gram lengths, 1 <= min <= max <= 6. */
  ngramRange: [number, number];
  maxFeatures: number | null;
  /** Minimum document frequency (a count >= 1). */
  minDf: number;
  sublinearTf: boolean;
}

/** The JSON form of a fitted character vectorizer. */
export interface CharVectorizerArtifact {
  format: typeof CHAR_VECTORIZER_FORMAT;
  formatVersion: typeof CHAR_VECTORIZER_FORMAT_VERSION;
  config: CharVectorizerConfig;
  terms: string[];
  idf: number[] | null;
}

function configProblem(c: unknown): string | null {
  if (typeof c !== 'object' || c === null) return 'must be an object';
  const k = c as Record<string, unknown>;
  const keys = ['analyzer', 'weighting', 'ngramRange', 'maxFeatures', 'minDf', 'sublinearTf'];
  const unknown = Object.keys(k).find((key) => !keys.includes(key));
  if (unknown !== undefined) return `has unknown key ${JSON.stringify(unknown)}`;
  if (k.analyzer !== 'char_wb') return 'analyzer must be "char_wb"';
  if (k.weighting !== 'count' && k.weighting !== 'tfidf') return 'weighting must be "count" or "tfidf"';
  const r = k.ngramRange;
  if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => Number.isInteger(n)) || r[0] < 1 || r[0] > r[1] || r[1] > MAX_CHAR_NGRAM) {
    return `ngramRange must be [min, max] with 1 <= min <= max <= ${MAX_CHAR_NGRAM}`;
  }
  if (k.maxFeatures !== null && !(Number.isInteger(k.maxFeatures) && (k.maxFeatures as number) >= 1)) return 'maxFeatures must be null or an integer >= 1';
  if (!Number.isInteger(k.minDf) || (k.minDf as number) < 1) return 'minDf must be an integer >= 1';
  if (typeof k.sublinearTf !== 'boolean') return 'sublinearTf must be a boolean';
  if (k.sublinearTf && k.weighting !== 'tfidf') return 'sublinearTf needs weighting "tfidf"';
  return null;
}

/** Calls `emit` with every char_wb n-gram of the normalised text (as scikit-learn's _char_wb_ngrams). */
function forEachNgram(normalized: string, minN: number, maxN: number, emit: (gram: string) => void): void {
  for (const word of normalized.split(' ')) {
    if (word === '') continue;
    const w = ` ${word} `;
    for (let n = minN; n <= maxN; n++) {
      if (w.length <= n) {
        // a word shorter than n yields itself once, and no longer n-grams
        emit(w);
        break;
      }
      for (let i = 0; i + n <= w.length; i++) emit(w.slice(i, i + n));
    }
  }
}

/** A fitted character n-gram vectorizer. */
export class CharVectorizer {
  readonly config: Readonly<CharVectorizerConfig>;
  readonly terms: readonly string[];
  readonly idf: Float64Array | null;
  private readonly ids: Map<string, number>;
  private readonly row: SparseRowAccumulator;
  private readonly rowIndices: Int32Array;
  private readonly rowData: Float64Array;

  private constructor(config: CharVectorizerConfig, terms: readonly string[], idf: Float64Array | null) {
    this.config = Object.freeze({ ...config, ngramRange: [config.ngramRange[0], config.ngramRange[1]] as [number, number] });
    this.terms = Object.freeze(terms.slice());
    this.idf = idf;
    this.ids = new Map(terms.map((t, i) => [t, i]));
    this.row = new SparseRowAccumulator(terms.length);
    this.rowIndices = new Int32Array(terms.length);
    this.rowData = new Float64Array(terms.length);
  }

  get nFeatures(): number {
    return this.terms.length;
  }

  /** Fits the vocabulary (and idf) on `texts` and returns their feature rows too. */
  static fitTransform(texts: readonly string[], config: CharVectorizerConfig): { vectorizer: CharVectorizer; X: Csr } {
    const problem = configProblem(config);
    if (problem !== null) throw new ReviewStarsError('INVALID_ARGUMENT', `char vectorizer config ${problem}`);
    const [minN, maxN] = config.ngramRange;
    // First pass: provisional ids in order of appearance, per-document counts, df and total counts.
    const provisional = new Map<string, number>();
    const total: number[] = [];
    const df: number[] = [];
    const docs: Int32Array[] = [];
    const seenIn: number[] = [];
    texts.forEach((text, d) => {
      const grams: number[] = [];
      forEachNgram(normalizeText(text), minN, maxN, (gram) => {
        let id = provisional.get(gram);
        if (id === undefined) {
          id = provisional.size;
          provisional.set(gram, id);
          total.push(0);
          df.push(0);
          seenIn.push(-1);
        }
        total[id] = (total[id] as number) + 1;
        if (seenIn[id] !== d) {
          seenIn[id] = d;
          df[id] = (df[id] as number) + 1;
        }
        grams.push(id);
      });
      docs.push(Int32Array.from(grams));
    });
    const grams = [...provisional.keys()];
    let kept = grams.map((_, id) => id).filter((id) => (df[id] as number) >= config.minDf);
    if (config.maxFeatures !== null && kept.length > config.maxFeatures) {
      kept.sort((a, b) => (total[b] as number) - (total[a] as number) || compareTerms(grams[a] as string, grams[b] as string));
      kept = kept.slice(0, config.maxFeatures);
    }
    if (kept.length === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'no character n-gram is frequent enough to keep: lower minDf');
    kept.sort((a, b) => compareTerms(grams[a] as string, grams[b] as string));
    const finalId = new Int32Array(grams.length).fill(-1);
    kept.forEach((id, f) => (finalId[id] = f));
    const terms = kept.map((id) => grams[id] as string);
    const idf = config.weighting === 'tfidf' ? smoothIdf(kept.map((id) => df[id] as number), texts.length) : null;
    const vectorizer = new CharVectorizer(config, terms, idf);
    const out = new CsrBuilder(terms.length);
    for (const doc of docs) {
      for (const id of doc) {
        const f = finalId[id] as number;
        if (f >= 0) vectorizer.row.add(f, 1);
      }
      out.pushRow(vectorizer.rowIndices, vectorizer.rowData, vectorizer.finishRow());
    }
    return { vectorizer, X: out.build() };
  }

  /** Feature rows of `texts`. */
  transform(texts: readonly string[]): Csr {
    const out = new CsrBuilder(this.nFeatures);
    for (const text of texts) {
      const { nnz } = this.transformOne(text);
      out.pushRow(this.rowIndices, this.rowData, nnz);
    }
    return out.build();
  }

  /** The feature row of one text, as views into buffers that the next call overwrites. */
  transformOne(text: string): SparseRow {
    if (typeof text !== 'string') throw new ReviewStarsError('INVALID_ARGUMENT', 'text must be a string');
    const [minN, maxN] = this.config.ngramRange;
    let tokens = 0;
    let unknownTokens = 0;
    forEachNgram(normalizeText(text), minN, maxN, (gram) => {
      const f = this.ids.get(gram);
      tokens++;
      if (f !== undefined) this.row.add(f, 1);
      else unknownTokens++;
    });
    const nnz = this.finishRow();
    return { indices: this.rowIndices.subarray(0, nnz), data: this.rowData.subarray(0, nnz), nnz, tokens, unknownTokens };
  }

  private finishRow(): number {
    const nnz = this.row.flush(this.rowIndices, this.rowData);
    weightRow(this.rowIndices, this.rowData, 0, nnz, this.idf, this.config.sublinearTf, false);
    return nnz;
  }

  toJSON(): CharVectorizerArtifact {
    return {
      format: CHAR_VECTORIZER_FORMAT,
      formatVersion: CHAR_VECTORIZER_FORMAT_VERSION,
      config: { ...this.config, ngramRange: [this.config.ngramRange[0], this.config.ngramRange[1]] },
      terms: this.terms.slice(),
      idf: this.idf === null ? null : Array.from(this.idf),
    };
  }

  /** Rebuilds from the JSON form (untrusted): checks everything, throws MODEL_FILE_INVALID. */
  static fromJSON(raw: unknown): CharVectorizer {
    const fail = (message: string): never => {
      throw new ReviewStarsError('MODEL_FILE_INVALID', `invalid char vectorizer file: ${message}`);
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('expected a JSON object');
    const a = raw as Record<string, unknown>;
    if (a.format !== CHAR_VECTORIZER_FORMAT || a.formatVersion !== CHAR_VECTORIZER_FORMAT_VERSION) {
      return fail(`format must be ${CHAR_VECTORIZER_FORMAT} version ${CHAR_VECTORIZER_FORMAT_VERSION}`);
    }
    const problem = configProblem(a.config);
    if (problem !== null) return fail(`config ${problem}`);
    const config = a.config as CharVectorizerConfig;
    const terms = a.terms;
    if (!Array.isArray(terms) || terms.length === 0) return fail('terms must be a non-empty array');
    for (let i = 0; i < terms.length; i++) {
      const t: unknown = terms[i];
      if (typeof t !== 'string' || t.length === 0 || t.length > config.ngramRange[1] + 2) return fail(`terms[${i}] must be a string of at most ${config.ngramRange[1] + 2} characters`);
      if (i > 0 && compareTerms(terms[i - 1] as string, t) >= 0) return fail(`terms must be distinct and in order: terms[${i}] ${JSON.stringify(t)}`);
    }
    let idf: Float64Array | null = null;
    if (config.weighting === 'count') {
      if (a.idf !== null) return fail('idf must be null for weighting "count"');
    } else {
      if (!Array.isArray(a.idf) || a.idf.length !== terms.length) return fail('idf must hold one number per term');
      idf = Float64Array.from(a.idf as unknown[], (v, i) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(`idf[${i}] must be a finite number > 0`)));
    }
    return new CharVectorizer(config, terms as string[], idf);
  }
}
