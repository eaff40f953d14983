/**
 * @module models/decision-tree
 * CART decision tree with Gini impurity, as scikit-learn's DecisionTreeClassifier(criterion='gini'),
 * grown on sparse count features, plus the node layout, prediction, explanation and artifact
 * validation that the random forest reuses. No I/O and no randomness but util/random's.
 *
 * Choices where scikit-learn leaves room:
 * - a node is a leaf when pure, at max depth, too small to split, or when no split changes the class
 *   proportions (scikit-learn would still split with zero impurity decrease);
 * - among splits of equal impurity decrease the lowest feature id wins, then the lowest threshold
 *   (scikit-learn takes the first in its random feature order), so ties do not depend on the seed.
 */
import { ReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { Random } from '../core/random.js';
import { N_CLASSES, type Classifier, type FeatureContribution, type Labels, type ModelArtifact } from './classifier.js';
import { cscFromCsr, allocFloat64, allocInt32, type Csc } from './csc.js';

/** How many features a node may draw: all (`null`), `floor(sqrt(nFeatures))`, or a count. */
export type MaxFeatures = null | 'sqrt' | number;

/** Hyper-parameters of one tree (scikit-learn's names in camel case, same defaults). */
export interface TreeParams {
  /** Depth of the deepest node allowed (the root is at depth 0); null = unlimited. */
  maxDepth: number | null;
  /** A node with fewer (distinct, non-zero-weight) samples is a leaf. */
  minSamplesSplit: number;
  /** Each child of a split keeps at least this many samples. */
  minSamplesLeaf: number;
  /** Candidate features drawn per node (keeps drawing while all drawn were constant in the node). */
  maxFeatures: MaxFeatures;
}

/** Options of {@link fitDecisionTree}. */
export interface DecisionTreeOptions extends Partial<TreeParams> {
  /** Seed of the feature draws (only matters when maxFeatures < nFeatures or for exact ties). */
  seed?: number;
  /** Non-negative weight per row (the forest passes bootstrap counts); rows of weight 0 are left out. */
  sampleWeight?: Float64Array;
}

/** A tree's nodes in flat arrays, node 0 the root; children always have larger ids than their parent. */
export interface TreeNodes {
  /** Split feature, or -1 for a leaf. */
  feature: Int32Array;
  /** A row goes left when its feature value is <= threshold (0 for leaves). */
  threshold: Float64Array;
  /** Child ids, -1 for leaves. */
  left: Int32Array;
  right: Int32Array;
  /** nodes x 5: the weighted class distribution of the node's training samples (sums to 1). */
  value: Float64Array;
}

/** A validated training set with its column-major copy, ready to grow many trees on. */
export interface TrainingSet {
  readonly X: Csr;
  readonly Xc: Csc;
  readonly y: Labels;
}

/** Two feature values closer than this are the same value (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;
/** Below this relative gap a child's class proportions count as equal to its parent's. */
const SAME_PROPORTION = 1e-13;

/** scikit-learn's defaults: unlimited depth, split nodes of 2+ samples, leaves of 1+, every feature a candidate. */
export const DEFAULT_TREE_PARAMS: Readonly<TreeParams> = { maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null };

function invalid(message: string): ReviewStarsError {
  return new ReviewStarsError('INVALID_ARGUMENT', message);
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

/** Fills defaults and checks every tree hyper-parameter; throws INVALID_ARGUMENT with the reason. */
export function resolveTreeParams(options: Partial<TreeParams>): TreeParams {
  const p: TreeParams = {
    maxDepth: options.maxDepth === undefined ? DEFAULT_TREE_PARAMS.maxDepth : options.maxDepth,
    minSamplesSplit: options.minSamplesSplit ?? DEFAULT_TREE_PARAMS.minSamplesSplit,
    minSamplesLeaf: options.minSamplesLeaf ?? DEFAULT_TREE_PARAMS.minSamplesLeaf,
    maxFeatures: options.maxFeatures === undefined ? DEFAULT_TREE_PARAMS.maxFeatures : options.maxFeatures,
  };
  if (p.maxDepth !== null && !isPositiveInteger(p.maxDepth)) throw invalid(`maxDepth must be null or an integer >= 1, got ${String(p.maxDepth)}`);
  if (!isPositiveInteger(p.minSamplesSplit) || p.minSamplesSplit < 2) throw invalid(`minSamplesSplit must be an integer >= 2, got ${String(p.minSamplesSplit)}`);
  if (!isPositiveInteger(p.minSamplesLeaf)) throw invalid(`minSamplesLeaf must be an integer >= 1, got ${String(p.minSamplesLeaf)}`);
  if (p.maxFeatures !== null && p.maxFeatures !== 'sqrt' && !isPositiveInteger(p.maxFeatures)) {
    throw invalid(`maxFeatures must be null, 'sqrt' or an integer >= 1, got ${String(p.maxFeatures)}`);
  }
  return p;
}

/** The number of candidate features per node for `maxFeatures` over `nFeatures` columns. */
export function maxFeaturesCount(maxFeatures: MaxFeatures, nFeatures: number): number {
  if (maxFeatures === null) return nFeatures;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (maxFeatures > nFeatures) throw invalid(`maxFeatures (${maxFeatures}) exceeds the number of features (${nFeatures})`);
  return maxFeatures;
}

/** Checks a seed: an integer (used modulo 2^32). */
export function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw invalid(`seed must be an integer, got ${String(seed)}`);
  return seed;
}

/**
 * Validates X and y (shapes, index order, finite values, labels 0..4) and builds the CSC copy.
 * Explicitly stored zeros are dropped. With `shared`, every array lives in a SharedArrayBuffer so
 * that worker threads can use the set without a copy.
 */
export function prepareTrainingSet(X: Csr, y: Labels, shared = false): TrainingSet {
  const { rows, cols, indptr, indices, data } = X;
  if (!Number.isInteger(rows) || rows < 1) throw invalid(`the training matrix needs at least one row, got ${String(rows)}`);
  if (!Number.isInteger(cols) || cols < 1) throw invalid(`the training matrix needs at least one column, got ${String(cols)}`);
  if (!(indptr instanceof Int32Array) || indptr.length !== rows + 1) throw invalid(`indptr must be an Int32Array of rows + 1 = ${rows + 1} entries`);
  if (!(indices instanceof Int32Array) || !(data instanceof Float64Array)) throw invalid('indices must be an Int32Array and data a Float64Array');
  const nnz = indptr[rows] as number;
  if (indptr[0] !== 0 || indices.length !== nnz || data.length !== nnz) {
    throw invalid(`indptr must start at 0 and end at the number of stored entries (${indices.length} indices, ${data.length} values, indptr ends at ${nnz})`);
  }
  if (!(y instanceof Uint8Array) || y.length !== rows) throw invalid(`labels must be a Uint8Array with one entry per row (${rows}), got ${y?.length}`);
  let zeros = 0;
  for (let r = 0; r < rows; r++) {
    const start = indptr[r] as number;
    const end = indptr[r + 1] as number;
    if (end < start) throw invalid(`indptr decreases at row ${r}`);
    let prev = -1;
    for (let k = start; k < end; k++) {
      const c = indices[k] as number;
      if (c <= prev || c >= cols) throw invalid(`row ${r}: column indices must be ascending and below ${cols}, found ${c} after ${prev}`);
      prev = c;
      const v = data[k] as number;
      if (!Number.isFinite(v)) throw invalid(`row ${r}, column ${c}: feature values must be finite, got ${v}`);
      if (v === 0) zeros++;
    }
    if ((y[r] as number) >= N_CLASSES) throw invalid(`row ${r}: label ${y[r]} is not a class index 0..${N_CLASSES - 1}`);
  }
  const csr = zeros > 0 || shared ? copyCsr(X, nnz - zeros, shared) : X;
  let labels = y;
  if (shared) {
    labels = new Uint8Array(new SharedArrayBuffer(rows));
    labels.set(y);
  }
  return { X: csr, Xc: cscFromCsr(csr, shared), y: labels };
}

/** A copy of m without its explicitly stored zeros (nnz = the count left). */
function copyCsr(m: Csr, nnz: number, shared: boolean): Csr {
  const indptr = allocInt32(m.rows + 1, shared);
  const indices = allocInt32(nnz, shared);
  const data = allocFloat64(nnz, shared);
  let q = 0;
  for (let r = 0; r < m.rows; r++) {
    const end = m.indptr[r + 1] as number;
    for (let k = m.indptr[r] as number; k < end; k++) {
      const v = m.data[k] as number;
      if (v === 0) continue;
      indices[q] = m.indices[k] as number;
      data[q] = v;
      q++;
    }
    indptr[r + 1] = q;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices, data };
}

/** Checks sample weights: one finite, non-negative value per row, at least one positive. */
export function checkSampleWeight(weight: Float64Array, rows: number): void {
  if (!(weight instanceof Float64Array) || weight.length !== rows) throw invalid(`sampleWeight must be a Float64Array with one entry per row (${rows})`);
  let positive = false;
  for (let i = 0; i < rows; i++) {
    const w = weight[i] as number;
    if (!Number.isFinite(w) || w < 0) throw invalid(`sampleWeight[${i}] must be finite and >= 0, got ${w}`);
    if (w > 0) positive = true;
  }
  if (!positive) throw invalid('sampleWeight has no positive entry: nothing to train on');
}

/** Sorts vals[a..b) ascending, moving smp along (three-way quicksort: count features have many ties). */
function sortEntries(vals: Float64Array, smp: Int32Array, a: number, b: number): void {
  while (b - a > 16) {
    // median of three as pivot
    const m = (a + b) >>> 1;
    const x = vals[a] as number;
    const y = vals[m] as number;
    const z = vals[b - 1] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let lt = a;
    let i = a;
    let gt = b;
    while (i < gt) {
      const v = vals[i] as number;
      if (v < pivot) {
        swap(vals, smp, lt++, i++);
      } else if (v > pivot) {
        swap(vals, smp, i, --gt);
      } else {
        i++;
      }
    }
    // recurse into the smaller side, loop on the larger one
    if (lt - a < b - gt) {
      sortEntries(vals, smp, a, lt);
      a = gt;
    } else {
      sortEntries(vals, smp, gt, b);
      b = lt;
    }
  }
  for (let i = a + 1; i < b; i++) {
    const v = vals[i] as number;
    const s = smp[i] as number;
    let j = i - 1;
    while (j >= a && (vals[j] as number) > v) {
      vals[j + 1] = vals[j] as number;
      smp[j + 1] = smp[j] as number;
      j--;
    }
    vals[j + 1] = v;
    smp[j + 1] = s;
  }
}

function swap(vals: Float64Array, smp: Int32Array, i: number, j: number): void {
  const v = vals[i] as number;
  vals[i] = vals[j] as number;
  vals[j] = v;
  const s = smp[i] as number;
  smp[i] = smp[j] as number;
  smp[j] = s;
}

interface StackItem {
  start: number;
  end: number;
  depth: number;
  parent: number;
  isLeft: boolean;
  nConstants: number;
}

/**
 * Grows trees on one training set. Its scratch buffers (O(rows + cols + nnz)) are allocated once and
 * reused by every tree it grows, so a forest worker makes one builder for all its trees.
 *
 * Per node and candidate feature only the non-zero entries of the node's samples are visited; the
 * zeros form one implicit group whose class weights are the node totals minus the non-zero ones.
 * Those entries come either from the feature's CSC column (cheap when few features are drawn) or
 * from a per-node transposition of the node's CSR rows (cheap when the node is small or many
 * features are drawn): the builder switches to the latter once column scans would cost more.
 */
export class TreeBuilder {
  private readonly data: TrainingSet;
  private readonly n: number;
  private readonly p: number;
  /** Samples of the current tree, grouped by node: a node owns samples[start..end). */
  private readonly samples: Int32Array;
  /** Position of each row in `samples`, -1 for rows left out (weight 0). */
  private readonly pos: Int32Array;
  /** Value of the split feature per row while partitioning (0 elsewhere). */
  private readonly xval: Float64Array;
  /** Feature permutation and the known-constant prefix, as scikit-learn's splitter keeps them. */
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  /** Entries gathered from one CSC column. */
  private readonly colVals: Float64Array;
  private readonly colSmp: Int32Array;
  /** Per-node transposition: feature f's entries end at rowEnd[f] and number rowCount[f]. */
  private readonly rowCount: Int32Array;
  private readonly rowEnd: Int32Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  private readonly rowVals: Float64Array;
  private readonly rowSmp: Int32Array;
  private rowMode = false;
  /** Where the last gather put its entries. */
  private gVals: Float64Array;
  private gSmp: Int32Array;
  private gStart = 0;
  private gEnd = 0;
  private readonly nodeTotals = new Float64Array(N_CLASSES);
  /** The best split of the current node so far, and its right child's class totals. */
  private bestFeature = -1;
  private bestThreshold = 0;
  private bestProxy = -Infinity;
  private readonly bestRightTotals = new Float64Array(N_CLASSES);
  private weights: Float64Array = new Float64Array(0);

  constructor(data: TrainingSet) {
    this.data = data;
    this.n = data.X.rows;
    this.p = data.X.cols;
    const nnz = data.X.indptr[this.n] as number;
    let maxCol = 0;
    for (let f = 0; f < this.p; f++) maxCol = Math.max(maxCol, (data.Xc.colptr[f + 1] as number) - (data.Xc.colptr[f] as number));
    this.samples = new Int32Array(this.n);
    this.pos = new Int32Array(this.n);
    this.xval = new Float64Array(this.n);
    this.features = new Int32Array(this.p);
    this.constantFeatures = new Int32Array(this.p);
    this.colVals = new Float64Array(maxCol);
    this.colSmp = new Int32Array(maxCol);
    this.rowCount = new Int32Array(this.p);
    this.rowEnd = new Int32Array(this.p);
    this.touched = new Int32Array(this.p);
    this.rowVals = new Float64Array(nnz);
    this.rowSmp = new Int32Array(nnz);
    this.gVals = this.colVals;
    this.gSmp = this.colSmp;
  }

  /**
   * Grows one tree with the given per-row weights (length rows, validated by the caller) and
   * generator (consumed for the feature draws).
   */
  grow(weights: Float64Array, rng: Random, params: TreeParams): TreeNodes {
    const { samples, pos, features } = this;
    const { y } = this.data;
    this.weights = weights;
    const maxDepth = params.maxDepth ?? Infinity;
    const maxFeatures = maxFeaturesCount(params.maxFeatures, this.p);
    const minLeaf = params.minSamplesLeaf;
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      if ((weights[i] as number) > 0) {
        pos[i] = count;
        samples[count++] = i;
      } else {
        pos[i] = -1;
      }
    }
    for (let f = 0; f < this.p; f++) features[f] = f;

    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const value: number[] = [];
    const totals = this.nodeTotals;
    const stack: StackItem[] = [{ start: 0, end: count, depth: 0, parent: -1, isLeft: false, nConstants: 0 }];
    while (stack.length > 0) {
      const item = stack.pop() as StackItem;
      const { start, end, depth } = item;
      const id = feature.length;
      if (item.parent >= 0) (item.isLeft ? left : right)[item.parent] = id;

      totals.fill(0);
      for (let q = start; q < end; q++) {
        const s = samples[q] as number;
        const c = y[s] as number;
        totals[c] = (totals[c] as number) + (weights[s] as number);
      }
      let w = 0;
      let sq = 0;
      for (let c = 0; c < N_CLASSES; c++) w += totals[c] as number;
      for (let c = 0; c < N_CLASSES; c++) {
        const t = totals[c] as number;
        value.push(t / w);
        sq += t * t;
      }
      const impurity = 1 - sq / (w * w);
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);

      const nNode = end - start;
      if (depth >= maxDepth || nNode < params.minSamplesSplit || nNode < 2 * minLeaf || impurity <= Number.EPSILON) continue;
      const split = this.findSplit(start, end, w, maxFeatures, minLeaf, item.nConstants, rng);
      if (split.feature < 0) continue;

      const mid = this.partition(start, end, split.feature, split.threshold);
      feature[id] = split.feature;
      threshold[id] = split.threshold;
      // right pushed first so that the left subtree gets the next ids (depth-first, as scikit-learn)
      stack.push({ start: mid, end, depth: depth + 1, parent: id, isLeft: false, nConstants: split.nConstants });
      stack.push({ start, end: mid, depth: depth + 1, parent: id, isLeft: true, nConstants: split.nConstants });
    }
    return {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
    };
  }

  /**
   * The best split of samples[start..end) (feature -1 when none changes the class proportions),
   * and the number of features now known to be constant in it (passed to its children).
   */
  private findSplit(
    start: number,
    end: number,
    nodeWeight: number,
    maxFeatures: number,
    minLeaf: number,
    nKnownConstants: number,
    rng: Random,
  ): { feature: number; threshold: number; nConstants: number } {
    this.bestFeature = -1;
    this.bestThreshold = 0;
    this.bestProxy = -Infinity;
    let nConstants = nKnownConstants;
    if (maxFeatures >= this.p) {
      // Every feature is a candidate: the result does not depend on the visiting order (ties go to
      // the lowest feature id), so visit just the features with non-zeros in the node; the others
      // are constant (all zero) here.
      this.transposeNode(start, end);
      const { touched } = this;
      for (let t = 0; t < this.nTouched; t++) this.evaluateFeature(touched[t] as number, start, end, minLeaf);
    } else {
      nConstants = this.drawAndEvaluate(start, end, maxFeatures, minLeaf, nKnownConstants, rng);
    }
    if (this.rowMode) this.clearTransposition();
    if (this.bestFeature < 0 || !this.changesProportions(nodeWeight)) return { feature: -1, threshold: 0, nConstants };
    return { feature: this.bestFeature, threshold: this.bestThreshold, nConstants };
  }

  /**
   * Draws candidate features as scikit-learn's BestSplitter does (Fisher-Yates over the features
   * not known to be constant, constant ones counting as visited, drawing on while every feature
   * visited so far was constant) and evaluates each. Returns the number of features now known to be
   * constant in the node, and leaves features[0..that) holding them for the children.
   */
  private drawAndEvaluate(start: number, end: number, maxFeatures: number, minLeaf: number, nKnownConstants: number, rng: Random): number {
    const { features, constantFeatures } = this;
    const { colptr } = this.data.Xc;
    const { indptr } = this.data.X;
    let nodeNnz = 0;
    for (let q = start; q < end; q++) {
      const s = this.samples[q] as number;
      nodeNnz += (indptr[s + 1] as number) - (indptr[s] as number);
    }
    let columnWork = 0;
    let fi = this.p;
    let nVisited = 0;
    let nFoundConstants = 0;
    let nDrawnConstants = 0;
    let nTotalConstants = nKnownConstants;
    while (fi > nTotalConstants && (nVisited < maxFeatures || nVisited <= nFoundConstants + nDrawnConstants)) {
      nVisited++;
      let fj = nDrawnConstants + rng.int(fi - nFoundConstants - nDrawnConstants);
      if (fj < nKnownConstants) {
        swapInt(features, nDrawnConstants, fj);
        nDrawnConstants++;
        continue;
      }
      fj += nFoundConstants;
      const f = features[fj] as number;
      if (!this.rowMode) {
        // Column scans cost the column's length; once they would exceed one pass over the node's
        // rows, transpose the node instead.
        const colLen = (colptr[f + 1] as number) - (colptr[f] as number);
        if (columnWork + colLen > nodeNnz) this.transposeNode(start, end);
        else columnWork += colLen;
      }
      if (this.evaluateFeature(f, start, end, minLeaf)) {
        fi--;
        swapInt(features, fi, fj);
      } else {
        swapInt(features, fj, nTotalConstants);
        nFoundConstants++;
        nTotalConstants++;
      }
    }
    // The known constants keep their order in features[0..nKnown) for the siblings; the ones found
    // here follow them in constantFeatures for the children.
    for (let i = 0; i < nKnownConstants; i++) features[i] = constantFeatures[i] as number;
    for (let i = nKnownConstants; i < nTotalConstants; i++) constantFeatures[i] = features[i] as number;
    return nTotalConstants;
  }

  /**
   * Evaluates every threshold of feature f in samples[start..end), updating the best split when one
   * beats it. Returns false when f is constant in the node (no threshold exists).
   */
  private evaluateFeature(f: number, start: number, end: number, minLeaf: number): boolean {
    this.gather(f, start, end);
    const vals = this.gVals;
    const smp = this.gSmp;
    const a = this.gStart;
    const b = this.gEnd;
    if (b === a) return false;
    const nNode = end - start;
    const zeroN = nNode - (b - a);
    sortEntries(vals, smp, a, b);
    const lo = zeroN > 0 ? Math.min(0, vals[a] as number) : (vals[a] as number);
    const hi = zeroN > 0 ? Math.max(0, vals[b - 1] as number) : (vals[b - 1] as number);
    if (hi <= lo + FEATURE_THRESHOLD) return false;
    this.scanFeature(f, vals, smp, a, b, zeroN, nNode, minLeaf);
    return true;
  }

  /** Whether the best split's right child has class proportions different from its node's. */
  private changesProportions(nodeWeight: number): boolean {
    const rt = this.bestRightTotals;
    const totals = this.nodeTotals;
    let wr = 0;
    for (let c = 0; c < N_CLASSES; c++) wr += rt[c] as number;
    for (let c = 0; c < N_CLASSES; c++) {
      const gap = Math.abs((rt[c] as number) * nodeWeight - (totals[c] as number) * wr);
      if (gap > SAME_PROPORTION * wr * nodeWeight) return true;
    }
    return false;
  }

  /**
   * Scans the sorted non-zero entries vals[a..b) of feature f plus its implicit zero group (zeroN
   * samples), from the largest value down, and records in best* every split whose proxy (sum over
   * both children of sum_c w_c^2 / w_child, larger for lower weighted Gini) beats the best so far.
   * Ties go to the lower feature id, then (scanning downwards, later wins) to the lower threshold.
   * The zero group's class weights are the node totals minus all non-zero entries' weights, so
   * scanning downwards needs no extra pass: right = entries seen, left = node totals - right.
   */
  private scanFeature(f: number, vals: Float64Array, smp: Int32Array, a: number, b: number, zeroN: number, nNode: number, minLeaf: number): void {
    const { y } = this.data;
    const weights = this.weights;
    const totals = this.nodeTotals;
    const t0 = totals[0] as number;
    const t1 = totals[1] as number;
    const t2 = totals[2] as number;
    const t3 = totals[3] as number;
    const t4 = totals[4] as number;
    // Negative values (rare: count features have none) sit below the zero group; their weights
    // are needed to know the zero group's.
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    let n4 = 0;
    let firstNonNegative = a;
    while (firstNonNegative < b && (vals[firstNonNegative] as number) < 0) {
      const s = smp[firstNonNegative] as number;
      const ws = weights[s] as number;
      switch (y[s]) {
        case 0: n0 += ws; break;
        case 1: n1 += ws; break;
        case 2: n2 += ws; break;
        case 3: n3 += ws; break;
        default: n4 += ws;
      }
      firstNonNegative++;
    }
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let r4 = 0;
    let nRight = 0;
    let zeroPending = zeroN > 0;
    let i = b - 1;
    let best = this.bestProxy;
    let allowTie = this.bestFeature >= 0 && f < this.bestFeature;
    let found = false;
    let bestThreshold = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let b4 = 0;
    for (;;) {
      let current: number;
      if (zeroPending && (i < a || (vals[i] as number) < 0)) {
        // the zero group: everything that is neither a positive (already right) nor a negative
        r0 = t0 - n0;
        r1 = t1 - n1;
        r2 = t2 - n2;
        r3 = t3 - n3;
        r4 = t4 - n4;
        nRight += zeroN;
        current = 0;
        zeroPending = false;
      } else {
        const s = smp[i] as number;
        const ws = weights[s] as number;
        switch (y[s]) {
          case 0: r0 += ws; break;
          case 1: r1 += ws; break;
          case 2: r2 += ws; break;
          case 3: r3 += ws; break;
          default: r4 += ws;
        }
        nRight++;
        current = vals[i] as number;
        i--;
      }
      let next: number;
      if (zeroPending && (i < a || (vals[i] as number) < 0)) next = 0;
      else if (i >= a) next = vals[i] as number;
      else break;
      if (current <= next + FEATURE_THRESHOLD) continue;
      if (nNode - nRight < minLeaf) break;
      if (nRight < minLeaf) continue;
      const l0 = t0 - r0;
      const l1 = t1 - r1;
      const l2 = t2 - r2;
      const l3 = t3 - r3;
      const l4 = t4 - r4;
      const wl = l0 + l1 + l2 + l3 + l4;
      const wr = r0 + r1 + r2 + r3 + r4;
      const proxy = (l0 * l0 + l1 * l1 + l2 * l2 + l3 * l3 + l4 * l4) / wl + (r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4) / wr;
      if (proxy > best || (proxy === best && (found || allowTie))) {
        best = proxy;
        allowTie = false;
        found = true;
        // midpoint, as scikit-learn: fall back to the lower value when rounding reaches the upper one
        let thr = next / 2 + current / 2;
        if (thr === current || !Number.isFinite(thr)) thr = next;
        bestThreshold = thr;
        b0 = r0;
        b1 = r1;
        b2 = r2;
        b3 = r3;
        b4 = r4;
      }
    }
    if (!found) return;
    this.bestProxy = best;
    this.bestFeature = f;
    this.bestThreshold = bestThreshold;
    const rt = this.bestRightTotals;
    rt[0] = b0;
    rt[1] = b1;
    rt[2] = b2;
    rt[3] = b3;
    rt[4] = b4;
  }

  /** Points gVals/gSmp/gStart/gEnd at feature f's non-zero entries among samples[start..end). */
  private gather(f: number, start: number, end: number): void {
    if (this.rowMode) {
      const e = this.rowEnd[f] as number;
      this.gVals = this.rowVals;
      this.gSmp = this.rowSmp;
      this.gStart = e - (this.rowCount[f] as number);
      this.gEnd = e;
      return;
    }
    const { colptr, rowIndices, data } = this.data.Xc;
    const pos = this.pos;
    const vals = this.colVals;
    const smp = this.colSmp;
    let m = 0;
    const stop = colptr[f + 1] as number;
    for (let k = colptr[f] as number; k < stop; k++) {
      const r = rowIndices[k] as number;
      const q = pos[r] as number;
      if (q >= start && q < end) {
        vals[m] = data[k] as number;
        smp[m] = r;
        m++;
      }
    }
    this.gVals = vals;
    this.gSmp = smp;
    this.gStart = 0;
    this.gEnd = m;
  }

  /** Buckets the CSR entries of samples[start..end) by feature (a counting sort over touched features). */
  private transposeNode(start: number, end: number): void {
    const { indptr, indices, data } = this.data.X;
    const { samples, rowCount, rowEnd, touched, rowVals, rowSmp } = this;
    let nt = 0;
    for (let q = start; q < end; q++) {
      const s = samples[q] as number;
      const stop = indptr[s + 1] as number;
      for (let k = indptr[s] as number; k < stop; k++) {
        const f = indices[k] as number;
        if (rowCount[f] === 0) touched[nt++] = f;
        rowCount[f] = (rowCount[f] as number) + 1;
      }
    }
    let offset = 0;
    for (let t = 0; t < nt; t++) {
      const f = touched[t] as number;
      rowEnd[f] = offset;
      offset += rowCount[f] as number;
    }
    for (let q = start; q < end; q++) {
      const s = samples[q] as number;
      const stop = indptr[s + 1] as number;
      for (let k = indptr[s] as number; k < stop; k++) {
        const f = indices[k] as number;
        const at = rowEnd[f] as number;
        rowVals[at] = data[k] as number;
        rowSmp[at] = s;
        rowEnd[f] = at + 1;
      }
    }
    this.nTouched = nt;
    this.rowMode = true;
  }

  private clearTransposition(): void {
    for (let t = 0; t < this.nTouched; t++) this.rowCount[this.touched[t] as number] = 0;
    this.nTouched = 0;
    this.rowMode = false;
  }

  /** Moves samples[start..end) with x[f] <= threshold before the others; returns the boundary. */
  private partition(start: number, end: number, f: number, threshold: number): number {
    const { samples, pos, xval } = this;
    this.gather(f, start, end);
    const { gVals, gSmp, gStart, gEnd } = this;
    for (let i = gStart; i < gEnd; i++) xval[gSmp[i] as number] = gVals[i] as number;
    let i = start;
    let j = end - 1;
    for (;;) {
      while (i <= j && (xval[samples[i] as number] as number) <= threshold) i++;
      while (i <= j && (xval[samples[j] as number] as number) > threshold) j--;
      if (i >= j) break;
      const tmp = samples[i] as number;
      samples[i] = samples[j] as number;
      samples[j] = tmp;
    }
    for (let k = gStart; k < gEnd; k++) xval[gSmp[k] as number] = 0;
    for (let q = start; q < end; q++) pos[samples[q] as number] = q;
    return i;
  }
}

function swapInt(arr: Int32Array, i: number, j: number): void {
  const t = arr[i] as number;
  arr[i] = arr[j] as number;
  arr[j] = t;
}

/** Copies a sparse row into `dense` (columns >= dense.length are ignored: no split can use them). */
export function scatterRow(indices: Int32Array, data: Float64Array, start: number, end: number, dense: Float64Array): void {
  const p = dense.length;
  for (let k = start; k < end; k++) {
    const f = indices[k] as number;
    if (f >= 0 && f < p) dense[f] = data[k] as number;
  }
}

/** Undoes {@link scatterRow}, leaving `dense` all zeros. */
export function clearRow(indices: Int32Array, start: number, end: number, dense: Float64Array): void {
  const p = dense.length;
  for (let k = start; k < end; k++) {
    const f = indices[k] as number;
    if (f >= 0 && f < p) dense[f] = 0;
  }
}

/** The leaf (global node id) that the dense row `x` reaches in the tree whose root is node `base`. */
export function leafOf(nodes: TreeNodes, base: number, x: Float64Array): number {
  const { feature, threshold, left, right } = nodes;
  let node = base;
  let f = feature[node] as number;
  while (f >= 0) {
    node = base + ((x[f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number));
    f = feature[node] as number;
  }
  return node;
}

/**
 * Adds, for each split on the path of `x` in the tree rooted at `base`, the change in the
 * probability of `cls` from the node to the child taken, times `scale`, to its feature's entry of
 * `acc` (the Saabas decomposition: the contributions sum to leaf - root probability).
 */
export function addPathContributions(nodes: TreeNodes, base: number, x: Float64Array, cls: number, scale: number, acc: Map<number, number>): void {
  const { feature, threshold, left, right, value } = nodes;
  let node = base;
  let f = feature[node] as number;
  while (f >= 0) {
    const child = base + ((x[f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number));
    const delta = (value[child * N_CLASSES + cls] as number) - (value[node * N_CLASSES + cls] as number);
    acc.set(f, (acc.get(f) ?? 0) + delta * scale);
    node = child;
    f = feature[node] as number;
  }
}

/**
 * The k entries of `acc` with the largest |weight| (ties: lower feature id first) among the
 * features the row has (`x`, the row scattered densely, non-zero there), zeros left out. A split
 * on a term the text lacks moves the path too, but naming that term would explain a review with a
 * word it does not contain; its share stays out, so the weights shown no longer sum to leaf minus
 * root.
 */
export function topContributions(acc: Map<number, number>, k: number, x: Float64Array): FeatureContribution[] {
  const out: FeatureContribution[] = [];
  for (const [feature, weight] of acc) if (weight !== 0 && x[feature] !== 0) out.push({ feature, weight });
  out.sort((p, q) => Math.abs(q.weight) - Math.abs(p.weight) || p.feature - q.feature);
  return out.slice(0, k);
}

/** Checks explainRow's class and count arguments. */
export function checkExplainArgs(cls: number, k: number): void {
  if (!Number.isInteger(cls) || cls < 0 || cls >= N_CLASSES) throw invalid(`class must be an integer in 0..${N_CLASSES - 1}, got ${cls}`);
  if (!Number.isInteger(k) || k < 0) throw invalid(`k must be a non-negative integer, got ${k}`);
}

function fileInvalid(message: string): ReviewStarsError {
  return new ReviewStarsError('MODEL_FILE_INVALID', message);
}

type ArrayKind = 'Int32Array' | 'Float64Array';

/** artifact.arrays[name], checked to be of the given kind and length. */
export function artifactArray(artifact: ModelArtifact, name: string, kind: 'Int32Array', length: number | null): Int32Array;
export function artifactArray(artifact: ModelArtifact, name: string, kind: 'Float64Array', length: number | null): Float64Array;
export function artifactArray(artifact: ModelArtifact, name: string, kind: ArrayKind, length: number | null): Int32Array | Float64Array {
  const arr: unknown = artifact.arrays?.[name];
  const ok = kind === 'Int32Array' ? arr instanceof Int32Array : arr instanceof Float64Array;
  if (!ok) throw fileInvalid(`${artifact.algorithm} artifact: array '${name}' is missing or not a ${kind}`);
  const typed = arr as Int32Array | Float64Array;
  if (length !== null && typed.length !== length) {
    throw fileInvalid(`${artifact.algorithm} artifact: array '${name}' has ${typed.length} entries, expected ${length}`);
  }
  return typed;
}

/** The node arrays of a tree or forest artifact, one entry per node of `feature` (lengths checked, values not). */
export function artifactTreeNodes(artifact: ModelArtifact, feature: Int32Array): TreeNodes {
  const count = feature.length;
  return {
    feature,
    threshold: artifactArray(artifact, 'threshold', 'Float64Array', count),
    left: artifactArray(artifact, 'left', 'Int32Array', count),
    right: artifactArray(artifact, 'right', 'Int32Array', count),
    value: artifactArray(artifact, 'value', 'Float64Array', count * N_CLASSES),
  };
}

/** Checks artifact.nFeatures (a positive integer) and returns it. */
export function artifactFeatureCount(artifact: ModelArtifact): number {
  const p = artifact.nFeatures;
  if (!isPositiveInteger(p)) throw fileInvalid(`${artifact.algorithm} artifact: nFeatures must be a positive integer, got ${String(p)}`);
  return p;
}

/** Tree hyper-parameters read back from artifact params (MODEL_FILE_INVALID when malformed). */
export function artifactTreeParams(artifact: ModelArtifact): TreeParams {
  const params = artifact.params ?? {};
  try {
    const p = resolveTreeParams({
      maxDepth: params.maxDepth as number | null,
      minSamplesSplit: params.minSamplesSplit as number,
      minSamplesLeaf: params.minSamplesLeaf as number,
      maxFeatures: params.maxFeatures as MaxFeatures,
    });
    for (const key of ['maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures'] as const) {
      if (!(key in params)) throw invalid(`param '${key}' is missing`);
    }
    checkSeed(params.seed);
    return p;
  } catch (err) {
    if (err instanceof ReviewStarsError) throw fileInvalid(`${artifact.algorithm} artifact: ${err.message}`);
    throw err;
  }
}

/**
 * Validates the nodes [from, to) of `nodes` as one tree whose child ids are relative to `from`:
 * leaves have feature -1 and children -1; splits have a feature < nFeatures, a finite threshold and
 * two children with larger ids inside the tree, each node but the root being the child of exactly
 * one node (so it is a tree, without cycles); every node's class distribution is finite,
 * non-negative and sums to 1. Throws MODEL_FILE_INVALID naming the first fault.
 */
export function validateTreeNodes(nodes: TreeNodes, nFeatures: number, from: number, to: number, label: string): void {
  const { feature, threshold, left, right, value } = nodes;
  const count = to - from;
  const parents = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const g = from + i;
    const f = feature[g] as number;
    const l = left[g] as number;
    const r = right[g] as number;
    if (!Number.isFinite(threshold[g] as number)) throw fileInvalid(`${label}: node ${i} has a non-finite threshold`);
    if (f === -1) {
      if (l !== -1 || r !== -1) throw fileInvalid(`${label}: leaf ${i} has children (${l}, ${r})`);
    } else {
      if (f < 0 || f >= nFeatures) throw fileInvalid(`${label}: node ${i} splits on feature ${f}, outside 0..${nFeatures - 1}`);
      for (const child of [l, r]) {
        if (child <= i || child >= count) throw fileInvalid(`${label}: node ${i} has child ${child}, not after it and below ${count}`);
        if (parents[child] !== 0) throw fileInvalid(`${label}: node ${child} is the child of more than one node`);
        parents[child] = 1;
      }
    }
    let sum = 0;
    for (let c = 0; c < N_CLASSES; c++) {
      const v = value[g * N_CLASSES + c] as number;
      if (!Number.isFinite(v) || v < 0) throw fileInvalid(`${label}: node ${i} has class value ${v}, not a finite non-negative number`);
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-9) throw fileInvalid(`${label}: node ${i}'s class values sum to ${sum}, not 1`);
  }
  for (let i = 1; i < count; i++) if (parents[i] === 0) throw fileInvalid(`${label}: node ${i} is not the child of any node`);
}

/** A fitted CART decision tree. */
export class DecisionTree implements Classifier {
  readonly algorithm = 'decision_tree' as const;
  readonly nFeatures: number;
  readonly params: Readonly<TreeParams> & { readonly seed: number };
  readonly nodes: Readonly<TreeNodes>;
  /** Dense copy of the row being predicted, all zeros between calls. */
  private readonly dense: Float64Array;

  /** Wraps nodes (validated by the caller: use {@link fitDecisionTree} or {@link DecisionTree.fromArtifact}). */
  constructor(nodes: TreeNodes, nFeatures: number, params: TreeParams & { seed: number }) {
    this.nodes = nodes;
    this.nFeatures = nFeatures;
    this.params = params;
    this.dense = new Float64Array(nFeatures);
  }

  /** Number of nodes (splits and leaves). */
  get nodeCount(): number {
    return this.nodes.feature.length;
  }

  /** Depth of the deepest leaf (0 for a single leaf). */
  get depth(): number {
    return treeDepth(this.nodes, 0, this.nodeCount);
  }

  predictRow(indices: Int32Array, data: Float64Array, start: number, end: number, out: Float64Array): void {
    const x = this.dense;
    scatterRow(indices, data, start, end, x);
    const leaf = leafOf(this.nodes, 0, x);
    clearRow(indices, start, end, x);
    const v = this.nodes.value;
    for (let c = 0; c < N_CLASSES; c++) out[c] = v[leaf * N_CLASSES + c] as number;
  }

  /**
   * The features of the row on its decision path, each with the change in the probability of `cls`
   * that its split made (Saabas); splits on features the row lacks are left out (see topContributions).
   */
  explainRow(indices: Int32Array, data: Float64Array, start: number, end: number, cls: number, k: number): FeatureContribution[] {
    checkExplainArgs(cls, k);
    const x = this.dense;
    const acc = new Map<number, number>();
    scatterRow(indices, data, start, end, x);
    addPathContributions(this.nodes, 0, x, cls, 1, acc);
    const top = topContributions(acc, k, x);
    clearRow(indices, start, end, x);
    return top;
  }

  toArtifact(): ModelArtifact {
    const { maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, seed } = this.params;
    const { feature, threshold, left, right, value } = this.nodes;
    return {
      algorithm: this.algorithm,
      nFeatures: this.nFeatures,
      params: { maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, seed, nodeCount: this.nodeCount },
      arrays: { feature, threshold, left, right, value },
    };
  }

  /** Rebuilds a tree from {@link DecisionTree.toArtifact}'s output; throws MODEL_FILE_INVALID with the exact fault. */
  static fromArtifact(artifact: ModelArtifact): DecisionTree {
    if (artifact?.algorithm !== 'decision_tree') throw fileInvalid(`expected a decision_tree artifact, got ${String(artifact?.algorithm)}`);
    const nFeatures = artifactFeatureCount(artifact);
    const params = artifactTreeParams(artifact);
    const feature = artifactArray(artifact, 'feature', 'Int32Array', null);
    const count = feature.length;
    if (count < 1) throw fileInvalid('decision_tree artifact: the tree has no node');
    if (artifact.params.nodeCount !== undefined && artifact.params.nodeCount !== count) {
      throw fileInvalid(`decision_tree artifact: params say ${String(artifact.params.nodeCount)} nodes, arrays hold ${count}`);
    }
    const nodes = artifactTreeNodes(artifact, feature);
    validateTreeNodes(nodes, nFeatures, 0, count, 'decision_tree artifact');
    return new DecisionTree(nodes, nFeatures, { ...params, seed: artifact.params.seed as number });
  }
}

/** Depth of the deepest leaf of the tree stored in nodes [from, to) (child ids relative to from). */
export function treeDepth(nodes: TreeNodes, from: number, to: number): number {
  const depth = new Int32Array(to - from);
  let max = 0;
  for (let i = 0; i < to - from; i++) {
    if ((nodes.feature[from + i] as number) < 0) continue;
    const d = (depth[i] as number) + 1;
    depth[nodes.left[from + i] as number] = d;
    depth[nodes.right[from + i] as number] = d;
    if (d > max) max = d;
  }
  return max;
}

/**
 * Fits a CART decision tree (Gini) on sparse features X and class indices y, as scikit-learn's
 * DecisionTreeClassifier with the same options. Throws INVALID_ARGUMENT for malformed inputs.
 */
export function fitDecisionTree(X: Csr, y: Labels, options: DecisionTreeOptions = {}): DecisionTree {
  const params = resolveTreeParams(options);
  const seed = checkSeed(options.seed ?? 0);
  const data = prepareTrainingSet(X, y);
  maxFeaturesCount(params.maxFeatures, data.X.cols);
  let weights = options.sampleWeight;
  if (weights === undefined) weights = new Float64Array(data.X.rows).fill(1);
  else checkSampleWeight(weights, data.X.rows);
  const nodes = new TreeBuilder(data).grow(weights, new Random(seed), params);
  return new DecisionTree(nodes, data.X.cols, { ...params, seed });
}
