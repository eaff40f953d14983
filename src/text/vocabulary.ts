/**
 * @module text/vocabulary
 * The vocabulary of a vectorizer: counting n-grams over tokenised documents (document frequency and
 * corpus count per term), choosing the terms as scikit-learn's CountVectorizer does (minDf, maxDf,
 * maxFeatures), numbering them alphabetically, and the term index that finds them in new text.
 * Works on token ids and typed arrays; it neither normalises nor tokenises text.
 */
import { ReviewStarsError } from '../core/errors.js';
import { CsrBuilder, SparseRowAccumulator, type Csr } from './csr.js';

/** The n-gram sizes this module supports: 1 (words) to 3 (trigrams). */
export const MAX_NGRAM = 3;

/** How terms are chosen from a corpus. */
export interface VocabularyOptions {
  /** Smallest and largest n-gram size, 1 <= min <= max <= {@link MAX_NGRAM}. */
  ngramRange: readonly [number, number];
  /** Keep terms found in at least this many documents (an integer count >= 1). */
  minDf: number;
  /** Keep terms found in at most this fraction of documents, in (0, 1]. */
  maxDf: number;
  /** Keep at most this many terms, the most frequent by total count; null keeps every term. */
  maxFeatures: number | null;
  /** Rank by document frequency instead of count (scikit-learn ranks the counts after `binary`). */
  binary: boolean;
}

/** A chosen vocabulary. Feature id i is `terms[i]`; terms are in {@link compareTerms} order. */
export interface Vocabulary {
  readonly terms: string[];
  /** Number of training documents containing each term. */
  readonly documentFrequency: Int32Array;
  /** Total occurrences of each term in the training documents. */
  readonly termCount: Float64Array;
  /** Number of training documents. */
  readonly documents: number;
  /** The same terms as token sequences: term i is `ids[offsets[i]..offsets[i + 1])` over `tokens`. */
  readonly termTokens: TokenCorpus;
  /**
   * When asked for, the term counts of the training documents (one row each, `terms.length`
   * columns), made while counting: fitting and transforming the same texts tokenises them once.
   */
  readonly documentTermCounts: Csr | null;
}

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? 'nothing');
}

/**
 * Why `options` are unusable, or null when they are fine. One place for the rules, shared by
 * {@link fitVocabulary} and the vectorizer's config validation.
 */
export function vocabularyOptionsProblem(options: VocabularyOptions): string | null {
  const range: unknown = options.ngramRange;
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !Number.isInteger(range[0]) ||
    !Number.isInteger(range[1]) ||
    (range[0] as number) < 1 ||
    (range[0] as number) > (range[1] as number) ||
    (range[1] as number) > MAX_NGRAM
  ) {
    return `ngramRange must be [min, max] with integers 1 <= min <= max <= ${MAX_NGRAM}, got ${shown(range)}`;
  }
  if (!Number.isInteger(options.minDf) || options.minDf < 1) {
    return `minDf must be an integer >= 1 (a document count), got ${shown(options.minDf)}`;
  }
  if (typeof options.maxDf !== 'number' || !(options.maxDf > 0 && options.maxDf <= 1)) {
    return `maxDf must be a fraction of documents in (0, 1], got ${shown(options.maxDf)}`;
  }
  if (options.maxFeatures !== null && (!Number.isInteger(options.maxFeatures) || options.maxFeatures < 1)) {
    return `maxFeatures must be null or an integer >= 1, got ${shown(options.maxFeatures)}`;
  }
  if (typeof options.binary !== 'boolean') return `binary must be true or false, got ${shown(options.binary)}`;
  return null;
}

/**
 * Orders terms by Unicode code point, as Python's `sorted` (and so scikit-learn) does. Differs from
 * JavaScript's default UTF-16 order only when characters above U+FFFF meet ones in U+E000..U+FFFF.
 */
export function compareTerms(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (D800..DFFF) encode code points above FFFF: move them above E000..FFFF.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// An open-addressing hash map from a pair of non-negative int32 (parent node, token) to an int32
// (child node): the edges of an n-gram trie, with no per-entry allocation. A slot's parent, token
// and child sit side by side, so a probe touches one cache line.

const SLOT = 3;

class PairTable {
  private slots: Int32Array; // [parent, token, child] per slot; parent -1 marks an empty slot
  private mask: number;
  private size = 0;

  constructor(expectedSize: number) {
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * SLOT).fill(-1);
    this.mask = capacity - 1;
  }

  /** The child of (parent, token), or -1. */
  get(parent: number, token: number): number {
    const { slots, mask } = this;
    for (let slot = hashPair(parent, token) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const p = slots[at] as number;
      if (p === -1) return -1;
      if (p === parent && slots[at + 1] === token) return slots[at + 2] as number;
    }
  }

  /** The child of (parent, token); when there is none, `child` is stored and returned. */
  getOrInsert(parent: number, token: number, child: number): number {
    const { slots, mask } = this;
    let slot = hashPair(parent, token) & mask;
    let at = slot * SLOT;
    for (;;) {
      const p = slots[at] as number;
      if (p === -1) break;
      if (p === parent && slots[at + 1] === token) return slots[at + 2] as number;
      slot = (slot + 1) & mask;
      at = slot * SLOT;
    }
    slots[at] = parent;
    slots[at + 1] = token;
    slots[at + 2] = child;
    if (++this.size * 2 > this.mask + 1) this.rehash();
    return child;
  }

  private rehash(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * SLOT).fill(-1);
    const mask = capacity - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      const parent = old[from] as number;
      if (parent === -1) continue;
      const token = old[from + 1] as number;
      let slot = hashPair(parent, token) & mask;
      while ((slots[slot * SLOT] as number) !== -1) slot = (slot + 1) & mask;
      slots.set(old.subarray(from, from + SLOT), slot * SLOT);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

function grownInt32(a: Int32Array, length: number): Int32Array {
  const out = new Int32Array(length);
  out.set(a);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Token lookup by a range of a string, so that reading a text makes no substring per token.

/** What {@link TokenTable.get} answers for a token it does not hold. */
export const ABSENT = -0x80000000;

function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5; // FNV-1a over UTF-16 code units, then a final mix for the low bits
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/**
 * A hash table from token to an int32 value, looked up either by token or by a range of a larger
 * string (no substring is made). Entries are kept in insertion order.
 */
export class TokenTable {
  private readonly keys: string[] = [];
  private hashes: Int32Array = new Int32Array(64);
  private values: Int32Array = new Int32Array(64);
  private slots: Int32Array = new Int32Array(128).fill(-1); // slot -> entry, -1 when empty
  private mask = 127;

  /** Number of tokens held. */
  get size(): number {
    return this.keys.length;
  }

  /** The tokens, in insertion order. */
  tokens(): readonly string[] {
    return this.keys;
  }

  /** The value of `token`, or {@link ABSENT}. */
  get(token: string): number {
    return this.getRange(token, 0, token.length);
  }

  /** The value of the token `s.slice(start, end)`, or {@link ABSENT}; makes no string. */
  getRange(s: string, start: number, end: number): number {
    const h = hashRange(s, start, end);
    const length = end - start;
    const { keys, hashes, slots, mask } = this;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot] as number;
      if (e === -1) return ABSENT;
      if (hashes[e] !== h) continue;
      const key = keys[e] as string;
      if (key.length !== length) continue;
      let i = 0;
      while (i < length && key.charCodeAt(i) === s.charCodeAt(start + i)) i++;
      if (i === length) return this.values[e] as number;
    }
  }

  /** Sets the value of `token` (adding it when new). */
  set(token: string, value: number): void {
    const h = hashRange(token, 0, token.length);
    const { keys, hashes, slots, mask } = this;
    let slot = h & mask;
    for (; ; slot = (slot + 1) & mask) {
      const e = slots[slot] as number;
      if (e === -1) break;
      if (hashes[e] === h && keys[e] === token) {
        this.values[e] = value;
        return;
      }
    }
    const e = keys.length;
    if (e === this.hashes.length) {
      this.hashes = grownInt32(this.hashes, e * 2);
      this.values = grownInt32(this.values, e * 2);
    }
    keys.push(token);
    this.hashes[e] = h;
    this.values[e] = value;
    slots[slot] = e;
    if (keys.length * 2 > mask + 1) this.rehash();
  }

  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (let e = 0; e < this.keys.length; e++) {
      let slot = (this.hashes[e] as number) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenised corpora.

/**
 * Tokenised documents with interned tokens: document d is `ids[offsets[d] .. offsets[d + 1])`.
 * Tokens are non-empty and hold no character at or below U+0020 (the tokenizer's never do): terms
 * join them with a space, and term order relies on the space sorting first.
 */
export interface TokenCorpus {
  /** Token id -> token, in order of first appearance. */
  readonly tokens: readonly string[];
  readonly ids: Int32Array;
  readonly offsets: Int32Array;
  readonly documents: number;
}

/** Collects tokenised documents into a {@link TokenCorpus}, dropping the tokens in `skip` (stop words). */
export class TokenCorpusBuilder {
  // token -> id, and every skipped token -> -1, so that one lookup decides both.
  private readonly table = new TokenTable();
  private readonly tokens: string[] = [];
  private ids: Int32Array = new Int32Array(1 << 16);
  private offsets: Int32Array = new Int32Array(1 << 10);
  private length = 0;
  private documents = 0;

  constructor(skip: ReadonlySet<string> = new Set()) {
    for (const token of skip) this.table.set(token, -1);
  }

  /** Appends one document made of the tokens `tokens[0..count)`. */
  addDocument(tokens: readonly string[], count: number = tokens.length): void {
    this.reserve(count);
    for (let i = 0; i < count; i++) {
      const token = tokens[i] as string;
      this.append(this.table.get(token), token, 0, token.length);
    }
    this.endDocument();
  }

  /**
   * Appends one document made of `count` tokens given as ranges of `text`: token k is
   * `text.slice(bounds[2k], bounds[2k + 1])`, as tokenize.ts's `scanTokenBounds` finds them.
   * Only a token seen for the first time becomes a string.
   */
  addText(text: string, bounds: Int32Array, count: number): void {
    this.reserve(count);
    for (let k = 0; k < count; k++) {
      const start = bounds[2 * k] as number;
      const end = bounds[2 * k + 1] as number;
      this.append(this.table.getRange(text, start, end), text, start, end);
    }
    this.endDocument();
  }

  private reserve(count: number): void {
    if (this.ids.length < this.length + count) this.ids = grownInt32(this.ids, Math.max(this.ids.length * 2, this.length + count));
  }

  /** Appends the token s[start..end), whose table value is `found`. */
  private append(found: number, s: string, start: number, end: number): void {
    let id = found;
    if (id === ABSENT) {
      const token = start === 0 && end === s.length ? s : s.slice(start, end);
      id = this.tokens.length;
      this.table.set(token, id);
      this.tokens.push(token);
    } else if (id < 0) {
      return;
    }
    this.ids[this.length++] = id;
  }

  private endDocument(): void {
    if (this.offsets.length < this.documents + 2) this.offsets = grownInt32(this.offsets, this.offsets.length * 2);
    this.offsets[++this.documents] = this.length;
  }

  /** The corpus so far (its arrays are copies: the builder can go on). */
  build(): TokenCorpus {
    return {
      tokens: this.tokens.slice(),
      ids: this.ids.slice(0, this.length),
      offsets: this.offsets.slice(0, this.documents + 1),
      documents: this.documents,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Counting and choosing terms.

/**
 * Every n-gram of a corpus as a trie node: nodes 0..T-1 are the tokens, deeper nodes extend their
 * parent by one token. Counting walks the trie with integer keys, so no n-gram string is built
 * until a term is kept. With `recordOccurrences`, the node of every n-gram occurrence is kept too,
 * document by document (document d's are `occurrences[occurrenceOffsets[d]..[d + 1])`).
 */
class NgramCounts {
  parent: Int32Array;
  token: Int32Array;
  order: Uint8Array;
  df: Int32Array;
  count: Int32Array;
  size: number;
  occurrences: Int32Array | null = null;
  occurrenceOffsets: Int32Array | null = null;

  constructor(corpus: TokenCorpus, maxOrder: number, recordOccurrences: boolean) {
    const tokenCount = corpus.tokens.length;
    let capacity = Math.max(1024, tokenCount * 2);
    this.parent = new Int32Array(capacity).fill(-1);
    this.token = new Int32Array(capacity);
    this.order = new Uint8Array(capacity);
    this.df = new Int32Array(capacity);
    this.count = new Int32Array(capacity);
    let lastDoc = new Int32Array(capacity).fill(-1);
    for (let t = 0; t < tokenCount; t++) {
      this.token[t] = t;
      this.order[t] = 1;
    }
    this.size = tokenCount;
    const edges = new PairTable(maxOrder > 1 ? corpus.ids.length : 0);
    const { ids, offsets } = corpus;
    // Each position starts at most maxOrder n-grams.
    const occurrences = recordOccurrences ? new Int32Array(ids.length * maxOrder) : null;
    const occurrenceOffsets = recordOccurrences ? new Int32Array(corpus.documents + 1) : null;
    let occurrenceCount = 0;

    for (let d = 0; d < corpus.documents; d++) {
      const end = offsets[d + 1] as number;
      for (let i = offsets[d] as number; i < end; i++) {
        let node = ids[i] as number;
        for (let k = 1; ; k++) {
          if (occurrences !== null) occurrences[occurrenceCount++] = node;
          this.count[node] = (this.count[node] as number) + 1;
          if (lastDoc[node] !== d) {
            lastDoc[node] = d;
            this.df[node] = (this.df[node] as number) + 1;
          }
          if (k === maxOrder || i + k >= end) break;
          const next = ids[i + k] as number;
          const child = edges.getOrInsert(node, next, this.size);
          if (child === this.size) {
            if (this.size === capacity) {
              capacity *= 2;
              this.grow(capacity);
              const grownLastDoc = new Int32Array(capacity).fill(-1);
              grownLastDoc.set(lastDoc);
              lastDoc = grownLastDoc;
            }
            this.parent[child] = node;
            this.token[child] = next;
            this.order[child] = (this.order[node] as number) + 1;
            this.size++;
          }
          node = child;
        }
      }
      if (occurrenceOffsets !== null) occurrenceOffsets[d + 1] = occurrenceCount;
    }
    if (occurrences !== null) {
      this.occurrences = occurrences.subarray(0, occurrenceCount);
      this.occurrenceOffsets = occurrenceOffsets;
    }
  }

  private grow(capacity: number): void {
    this.parent = grownInt32(this.parent, capacity);
    this.token = grownInt32(this.token, capacity);
    this.df = grownInt32(this.df, capacity);
    this.count = grownInt32(this.count, capacity);
    const order = new Uint8Array(capacity);
    order.set(this.order);
    this.order = order;
  }

  /** The token at position `position` (0 = first) of `node`'s n-gram. */
  tokenAt(node: number, position: number): number {
    for (let up = (this.order[node] as number) - 1 - position; up > 0; up--) node = this.parent[node] as number;
    return this.token[node] as number;
  }

  /** The n-gram string of `node`: its tokens joined by one space. */
  term(node: number, tokens: readonly string[]): string {
    const order = this.order[node] as number;
    let term = tokens[this.tokenAt(node, 0)] as string;
    for (let p = 1; p < order; p++) term += ` ${tokens[this.tokenAt(node, p)] as string}`;
    return term;
  }
}

/**
 * `nodes` in {@link compareTerms} order of their n-grams, without building a string: the tokens
 * are ranked once, and n-grams are then ordered by their tokens' ranks (a stable radix sort, one
 * counting pass per position, last first). Token-wise order equals the order of the joined
 * strings because the separator, a space, sorts below every character a token can hold.
 */
function sortByTerm(nodes: Int32Array, counts: NgramCounts, tokens: readonly string[], maxOrder: number): Int32Array {
  const byToken = Array.from(tokens.keys()).sort((a, b) => compareTerms(tokens[a] as string, tokens[b] as string));
  const tokenRank = new Int32Array(tokens.length);
  byToken.forEach((token, i) => {
    tokenRank[token] = i + 1; // 0 is left for "no token at this position": shorter n-grams first
  });
  const buckets = new Int32Array(tokens.length + 2);
  const key = new Int32Array(nodes.length);
  let current = nodes.slice();
  let next = new Int32Array(nodes.length);
  for (let position = maxOrder - 1; position >= 0; position--) {
    buckets.fill(0);
    for (let i = 0; i < current.length; i++) {
      const node = current[i] as number;
      const k = position < (counts.order[node] as number) ? (tokenRank[counts.tokenAt(node, position)] as number) : 0;
      key[i] = k;
      buckets[k + 1] = (buckets[k + 1] as number) + 1;
    }
    for (let b = 1; b < buckets.length; b++) buckets[b] = (buckets[b] as number) + (buckets[b - 1] as number);
    for (let i = 0; i < current.length; i++) {
      const k = key[i] as number;
      next[buckets[k] as number] = current[i] as number;
      buckets[k] = (buckets[k] as number) + 1;
    }
    [current, next] = [next, current];
  }
  return current;
}

/**
 * The `limit` nodes of `sorted` (in term order) with the largest `rank`; among those tied at the
 * cut, the first in term order. The result stays in term order.
 */
function keepMostFrequent(sorted: Int32Array, rank: Int32Array, limit: number): Int32Array {
  const values = Int32Array.from(sorted, (node) => rank[node] as number).sort();
  const threshold = values[values.length - limit] as number;
  let tiedRoom = limit;
  for (let i = values.length - 1; i >= 0 && (values[i] as number) > threshold; i--) tiedRoom--;
  const kept = new Int32Array(limit);
  let k = 0;
  for (const node of sorted) {
    const r = rank[node] as number;
    if (r > threshold || (r === threshold && tiedRoom-- > 0)) kept[k++] = node;
  }
  return kept;
}

/**
 * Chooses the vocabulary of a tokenised corpus, as scikit-learn's CountVectorizer does:
 * 1. every n-gram of the sizes in `ngramRange` (consecutive tokens, after stop-word removal);
 * 2. keep those with `minDf <= df <= maxDf * documents`;
 * 3. if more than `maxFeatures` remain, keep the `maxFeatures` with the largest total count
 *    (document frequency when `binary`); ties at the cut go to the alphabetically first terms
 *    ({@link compareTerms}), a deterministic rule where scikit-learn's unstable sort is unspecified;
 * 4. number the kept terms in alphabetical order.
 * With `documentTermCounts`, also returns the training documents' term counts.
 * Throws INVALID_ARGUMENT for bad options, an empty corpus, or when no term survives.
 */
export function fitVocabulary(
  corpus: TokenCorpus,
  options: VocabularyOptions,
  { documentTermCounts = false }: { documentTermCounts?: boolean } = {},
): Vocabulary {
  const problem = vocabularyOptionsProblem(options);
  if (problem !== null) throw new ReviewStarsError('INVALID_ARGUMENT', problem);
  if (corpus.documents === 0) throw new ReviewStarsError('INVALID_ARGUMENT', 'cannot fit a vocabulary on zero documents');
  const [minOrder, maxOrder] = options.ngramRange;
  const maxDocs = options.maxDf * corpus.documents;
  if (maxDocs < options.minDf) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      `maxDf ${options.maxDf} keeps terms in at most ${maxDocs} of ${corpus.documents} documents, fewer than minDf ${options.minDf}`,
    );
  }
  const counts = new NgramCounts(corpus, maxOrder, documentTermCounts);

  let candidates = new Int32Array(counts.size);
  let n = 0;
  for (let node = 0; node < counts.size; node++) {
    const order = counts.order[node] as number;
    const df = counts.df[node] as number;
    if (order >= minOrder && order <= maxOrder && df >= options.minDf && df <= maxDocs) candidates[n++] = node;
  }
  candidates = candidates.subarray(0, n);
  if (n === 0) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      corpus.ids.length === 0
        ? 'the vocabulary is empty: the documents contain no tokens (only stop words, punctuation or one-letter words)'
        : 'the vocabulary is empty after pruning: lower minDf or raise maxDf',
    );
  }

  const sorted = sortByTerm(candidates, counts, corpus.tokens, maxOrder);
  const kept =
    options.maxFeatures !== null && n > options.maxFeatures
      ? keepMostFrequent(sorted, options.binary ? counts.df : counts.count, options.maxFeatures)
      : sorted;
  return {
    terms: Array.from(kept, (node) => counts.term(node, corpus.tokens)),
    documentFrequency: Int32Array.from(kept, (node) => counts.df[node] as number),
    termCount: Float64Array.from(kept, (node) => counts.count[node] as number),
    documents: corpus.documents,
    termTokens: termTokenCorpus(kept, counts, corpus.tokens),
    documentTermCounts: documentTermCounts ? countKeptTerms(kept, counts) : null,
  };
}

/** Rows of term counts over the kept nodes (feature id = position in `kept`), from the occurrences. */
function countKeptTerms(kept: Int32Array, counts: NgramCounts): Csr {
  const occurrences = counts.occurrences as Int32Array;
  const offsets = counts.occurrenceOffsets as Int32Array;
  const feature = new Int32Array(counts.size).fill(-1);
  kept.forEach((node, f) => {
    feature[node] = f;
  });
  const row = new SparseRowAccumulator(kept.length);
  const indices = new Int32Array(kept.length);
  const data = new Float64Array(kept.length);
  const out = new CsrBuilder(kept.length);
  for (let d = 0; d + 1 < offsets.length; d++) {
    const end = offsets[d + 1] as number;
    for (let k = offsets[d] as number; k < end; k++) {
      const f = feature[occurrences[k] as number] as number;
      if (f >= 0) row.add(f, 1);
    }
    out.pushRow(indices, data, row.flush(indices, data));
  }
  return out.build();
}

/** The kept n-grams as a {@link TokenCorpus} of their own, over only the tokens they use. */
function termTokenCorpus(kept: Int32Array, counts: NgramCounts, tokens: readonly string[]): TokenCorpus {
  const newId = new Int32Array(tokens.length).fill(-1);
  const termTokens: string[] = [];
  const offsets = new Int32Array(kept.length + 1);
  let length = 0;
  kept.forEach((node, i) => {
    length += counts.order[node] as number;
    offsets[i + 1] = length;
  });
  const ids = new Int32Array(length);
  kept.forEach((node, i) => {
    const order = counts.order[node] as number;
    for (let p = 0; p < order; p++) {
      const token = counts.tokenAt(node, p);
      if (newId[token] === -1) {
        newId[token] = termTokens.length;
        termTokens.push(tokens[token] as string);
      }
      ids[(offsets[i] as number) + p] = newId[token] as number;
    }
  });
  return { tokens: termTokens, ids, offsets, documents: kept.length };
}

// ---------------------------------------------------------------------------------------------
// Finding terms in new text.

/** {@link TermIndex.tokenId} of a token that is removed before n-grams are formed (a stop word). */
export const SKIPPED_TOKEN = -2;
/** {@link TermIndex.tokenId} of a token that appears in no term: it breaks every n-gram through it. */
export const UNKNOWN_TOKEN = -1;

/**
 * Finds the terms of a fixed vocabulary in token sequences: a trie over the terms' tokens, walked
 * with integer keys, so counting n-grams builds no n-gram string. Built once per vectorizer.
 * Trie nodes are numbered so that the node of term f is f itself: nodes below `size` are terms,
 * and the hot loop needs no node -> feature table.
 */
export class TermIndex {
  /** Number of terms (feature ids are 0..size-1). */
  readonly size: number;
  /** Largest number of tokens in a term. */
  readonly maxOrder: number;
  private readonly tokenNodes: TokenTable; // token -> its one-token node, or SKIPPED_TOKEN
  private readonly edges: PairTable; // (node, next token's one-token node) -> node

  private constructor(size: number, maxOrder: number, tokenNodes: TokenTable, edges: PairTable) {
    this.size = size;
    this.maxOrder = maxOrder;
    this.tokenNodes = tokenNodes;
    this.edges = edges;
  }

  /**
   * Indexes `terms` (feature id = position; each term is tokens joined by single spaces).
   * Tokens in `skip` answer {@link SKIPPED_TOKEN} even when a term contains them.
   * Throws RangeError on a duplicate or malformed term (callers validate untrusted terms first).
   */
  static build(terms: readonly string[], skip: ReadonlySet<string> = new Set()): TermIndex {
    const builder = new TokenCorpusBuilder();
    for (const term of terms) {
      const words = term.split(' ');
      if (words.some((w) => w.length === 0)) throw new RangeError(`malformed term ${JSON.stringify(term)}`);
      builder.addDocument(words);
    }
    return TermIndex.fromTokens(builder.build(), skip);
  }

  /**
   * Indexes terms given as token sequences (term i = document i of `terms`), as
   * {@link fitVocabulary} returns them in `termTokens`. Same rules as {@link TermIndex.build}.
   */
  static fromTokens(terms: TokenCorpus, skip: ReadonlySet<string> = new Set()): TermIndex {
    const size = terms.documents;
    const { ids, offsets } = terms;
    let maxOrder = 0;
    let maxEdges = 0; // each term adds at most (its length - 1) edges
    for (let f = 0; f < size; f++) {
      const length = (offsets[f + 1] as number) - (offsets[f] as number);
      if (length === 0) throw new RangeError(`term ${f} has no tokens`);
      maxOrder = Math.max(maxOrder, length);
      maxEdges += length - 1;
    }
    // One-token nodes: a token that is a term is that term's node; other tokens come after the terms.
    const tokenNode = new Int32Array(terms.tokens.length).fill(-1);
    for (let f = 0; f < size; f++) {
      if ((offsets[f + 1] as number) - (offsets[f] as number) !== 1) continue;
      const token = ids[offsets[f] as number] as number;
      if (tokenNode[token] !== -1) throw new RangeError(`duplicate term ${f} (same tokens as term ${tokenNode[token] as number})`);
      tokenNode[token] = f;
    }
    let nodes = size;
    for (let t = 0; t < tokenNode.length; t++) if (tokenNode[t] === -1) tokenNode[t] = nodes++;
    // Longer terms by length, so that a prefix that is itself a term has its node before it is extended.
    const edges = new PairTable(maxEdges);
    for (let order = 2; order <= maxOrder; order++) {
      for (let f = 0; f < size; f++) {
        const start = offsets[f] as number;
        if ((offsets[f + 1] as number) - start !== order) continue;
        let node = tokenNode[ids[start] as number] as number;
        for (let k = 1; k < order - 1; k++) {
          const child = edges.getOrInsert(node, tokenNode[ids[start + k] as number] as number, nodes);
          if (child === nodes) nodes++;
          node = child;
        }
        const last = edges.getOrInsert(node, tokenNode[ids[start + order - 1] as number] as number, f);
        if (last !== f) throw new RangeError(`duplicate term ${f} (same tokens as term ${last})`);
      }
    }
    const tokenNodes = new TokenTable();
    terms.tokens.forEach((token, t) => tokenNodes.set(token, tokenNode[t] as number));
    for (const token of skip) tokenNodes.set(token, SKIPPED_TOKEN);
    return new TermIndex(size, maxOrder, tokenNodes, edges);
  }

  /** The id of `token` for {@link TermIndex.countTerms}: >= 0, {@link UNKNOWN_TOKEN} or {@link SKIPPED_TOKEN}. */
  tokenId(token: string): number {
    const id = this.tokenNodes.get(token);
    return id === ABSENT ? UNKNOWN_TOKEN : id;
  }

  /** {@link TermIndex.tokenId} of the token `s.slice(start, end)`, without making that string. */
  tokenIdOfRange(s: string, start: number, end: number): number {
    const id = this.tokenNodes.getRange(s, start, end);
    return id === ABSENT ? UNKNOWN_TOKEN : id;
  }

  /**
   * Adds 1 to `row` for each occurrence of a term in the token ids `ids[start..end)` (ids from
   * {@link TermIndex.tokenId}, stop words already removed: {@link UNKNOWN_TOKEN} breaks n-grams).
   * Hot path: allocates nothing.
   */
  countTerms(ids: Int32Array, start: number, end: number, row: SparseRowAccumulator): void {
    const { edges, size, maxOrder } = this;
    for (let i = start; i < end; i++) {
      let node = ids[i] as number;
      if (node < 0) continue;
      const last = Math.min(end, i + maxOrder);
      for (let j = i + 1; ; j++) {
        if (node < size) row.add(node, 1);
        if (j >= last) break;
        const next = ids[j] as number;
        if (next < 0) break;
        node = edges.get(node, next);
        if (node < 0) break;
      }
    }
  }
}
