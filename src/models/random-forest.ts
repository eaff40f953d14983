/**
 * @module models/random-forest
 * Random forest as scikit-learn's RandomForestClassifier: bootstrap samples (as per-row counts),
 * per-split feature subsampling, soft vote (mean of the trees' class distributions). Trees grow in
 * worker threads that share one copy of the training set; the forest is identical for any number of
 * workers because each tree's generator depends only on the forest seed and the tree's index.
 * No I/O beyond starting its own workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { Random } from '../core/random.js';
import { N_CLASSES, type Classifier, type FeatureContribution, type Labels, type ModelArtifact } from './classifier.js';
import {
  addPathContributions,
  artifactArray,
  artifactFeatureCount,
  artifactTreeNodes,
  artifactTreeParams,
  checkExplainArgs,
  checkSeed,
  clearRow,
  leafOf,
  maxFeaturesCount,
  prepareTrainingSet,
  resolveTreeParams,
  scatterRow,
  topContributions,
  treeDepth,
  validateTreeNodes,
  TreeBuilder,
  type MaxFeatures,
  type TrainingSet,
  type TreeNodes,
  type TreeParams,
} from './decision-tree.js';

/** Hyper-parameters of a forest, as stored in its artifact. */
export interface ForestParams extends TreeParams {
  nEstimators: number;
  /** Each tree trains on `rows` draws with replacement (as counts) when true, on every row otherwise. */
  bootstrap: boolean;
  seed: number;
}

/** Options of {@link fitRandomForest} (scikit-learn's defaults: 100 trees, sqrt features, bootstrap). */
export interface RandomForestOptions {
  nEstimators?: number;
  maxDepth?: number | null;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  maxFeatures?: MaxFeatures;
  bootstrap?: boolean;
  seed?: number;
  /**
   * Upper bound on worker threads (default 4); the pool has min(cores, nEstimators, workers) of
   * them. 0 grows every tree in this thread. The forest does not depend on it.
   */
  workers?: number;
}

/** The shared training set and the forest's settings, sent once to each worker. */
export interface ForestWorkerData {
  X: Csr;
  Xc: TrainingSet['Xc'];
  y: Labels;
  params: ForestParams;
}

/** A message to a forest worker: first its data, then the index of each tree to grow. */
export type ForestWorkerRequest = { init: ForestWorkerData } | { tree: number };

/** A forest worker's answer to `{ tree }`: the tree's nodes, or why it failed. */
export type ForestWorkerReply = { tree: number; nodes: TreeNodes } | { tree: number; error: string };

const DEFAULT_WORKERS = 4;

function invalid(message: string): ReviewStarsError {
  return new ReviewStarsError('INVALID_ARGUMENT', message);
}

/** Fills defaults and checks every forest hyper-parameter; throws INVALID_ARGUMENT with the reason. */
export function resolveForestParams(options: RandomForestOptions): ForestParams {
  const tree = resolveTreeParams({
    maxDepth: options.maxDepth,
    minSamplesSplit: options.minSamplesSplit,
    minSamplesLeaf: options.minSamplesLeaf,
    maxFeatures: options.maxFeatures === undefined ? 'sqrt' : options.maxFeatures,
  });
  const nEstimators = options.nEstimators ?? 100;
  if (typeof nEstimators !== 'number' || !Number.isInteger(nEstimators) || nEstimators < 1) {
    throw invalid(`nEstimators must be an integer >= 1, got ${String(nEstimators)}`);
  }
  const bootstrap = options.bootstrap ?? true;
  if (typeof bootstrap !== 'boolean') throw invalid(`bootstrap must be true or false, got ${String(bootstrap)}`);
  return { ...tree, nEstimators, bootstrap, seed: checkSeed(options.seed ?? 0) };
}

/**
 * Grows tree number `tree` of a forest on the builder's training set: its generator is derived from
 * the forest seed and the index alone, first draws the bootstrap counts, then the tree's feature draws.
 */
export function growForestTree(builder: TreeBuilder, rows: number, tree: number, params: ForestParams): TreeNodes {
  const rng = new Random(params.seed).derive(tree);
  const weights = new Float64Array(rows);
  if (params.bootstrap) {
    for (let i = 0; i < rows; i++) {
      const r = rng.int(rows);
      weights[r] = (weights[r] as number) + 1;
    }
  } else {
    weights.fill(1);
  }
  return builder.grow(weights, rng, params);
}

/**
 * Fits a random forest on sparse features X and class indices y, as scikit-learn's
 * RandomForestClassifier with the same options. Throws INVALID_ARGUMENT for malformed inputs.
 */
export async function fitRandomForest(X: Csr, y: Labels, options: RandomForestOptions = {}): Promise<RandomForest> {
  const params = resolveForestParams(options);
  const workers = options.workers ?? DEFAULT_WORKERS;
  if (!Number.isInteger(workers) || workers < 0) throw invalid(`workers must be an integer >= 0, got ${String(workers)}`);
  const poolSize = workers === 0 ? 0 : Math.min(availableParallelism(), params.nEstimators, workers);
  if (poolSize === 0) {
    const data = prepareTrainingSet(X, y);
    maxFeaturesCount(params.maxFeatures, data.X.cols);
    const builder = new TreeBuilder(data);
    const trees: TreeNodes[] = [];
    for (let t = 0; t < params.nEstimators; t++) trees.push(growForestTree(builder, data.X.rows, t, params));
    return RandomForest.fromTrees(trees, data.X.cols, params);
  }
  // Workers start (tens of milliseconds each) while this thread validates and copies the data.
  const pool = Array.from({ length: poolSize }, () => new Worker(new URL('./forest-worker.js', import.meta.url)));
  try {
    const data = prepareTrainingSet(X, y, true);
    maxFeaturesCount(params.maxFeatures, data.X.cols);
    const trees = await growInWorkers(pool, data, params);
    return RandomForest.fromTrees(trees, data.X.cols, params);
  } finally {
    for (const worker of pool) void worker.terminate();
  }
}

/** Grows every tree in the pool's workers, handing out tree indices as workers free up. */
function growInWorkers(pool: readonly Worker[], data: TrainingSet, params: ForestParams): Promise<TreeNodes[]> {
  return new Promise((resolve, reject) => {
    const n = params.nEstimators;
    const results: TreeNodes[] = new Array<TreeNodes>(n);
    let next = 0;
    let done = 0;
    let settled = false;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(results);
    };
    const init: ForestWorkerRequest = { init: { X: data.X, Xc: data.Xc, y: data.y, params } };
    for (const worker of pool) {
      const handOut = (): void => {
        if (next < n) worker.postMessage({ tree: next++ } satisfies ForestWorkerRequest);
      };
      worker.on('message', (reply: ForestWorkerReply) => {
        if ('error' in reply) {
          settle(new ReviewStarsError('INTERNAL', `growing tree ${reply.tree} failed: ${reply.error}`));
          return;
        }
        results[reply.tree] = reply.nodes;
        done++;
        if (done === n) settle();
        else handOut();
      });
      worker.on('error', (err) => settle(new ReviewStarsError('INTERNAL', `forest worker failed: ${err.message}`)));
      worker.on('exit', (code) => settle(new ReviewStarsError('INTERNAL', `forest worker exited (code ${code}) before the forest was grown`)));
      worker.postMessage(init);
      handOut();
    }
  });
}

/** A fitted random forest: its trees' nodes concatenated, tree t owning nodes [treeOffsets[t], treeOffsets[t+1]). */
export class RandomForest implements Classifier {
  readonly algorithm = 'random_forest' as const;
  readonly nFeatures: number;
  readonly params: Readonly<ForestParams>;
  /** All trees' nodes; child ids are relative to their tree's first node. */
  readonly nodes: Readonly<TreeNodes>;
  readonly treeOffsets: Int32Array;
  /** Dense copy of the row being predicted, all zeros between calls. */
  private readonly dense: Float64Array;

  /** Wraps validated nodes: use {@link fitRandomForest} or {@link RandomForest.fromArtifact}. */
  constructor(nodes: TreeNodes, treeOffsets: Int32Array, nFeatures: number, params: ForestParams) {
    this.nodes = nodes;
    this.treeOffsets = treeOffsets;
    this.nFeatures = nFeatures;
    this.params = params;
    this.dense = new Float64Array(nFeatures);
  }

  /** Concatenates trees grown by {@link growForestTree} (in tree order) into one forest. */
  static fromTrees(trees: readonly TreeNodes[], nFeatures: number, params: ForestParams): RandomForest {
    const treeOffsets = new Int32Array(trees.length + 1);
    trees.forEach((t, i) => (treeOffsets[i + 1] = (treeOffsets[i] as number) + t.feature.length));
    const total = treeOffsets[trees.length] as number;
    const nodes: TreeNodes = {
      feature: new Int32Array(total),
      threshold: new Float64Array(total),
      left: new Int32Array(total),
      right: new Int32Array(total),
      value: new Float64Array(total * N_CLASSES),
    };
    trees.forEach((t, i) => {
      const at = treeOffsets[i] as number;
      nodes.feature.set(t.feature, at);
      nodes.threshold.set(t.threshold, at);
      nodes.left.set(t.left, at);
      nodes.right.set(t.right, at);
      nodes.value.set(t.value, at * N_CLASSES);
    });
    return new RandomForest(nodes, treeOffsets, nFeatures, params);
  }

  /** Number of trees. */
  get nTrees(): number {
    return this.treeOffsets.length - 1;
  }

  /** Total number of nodes over all trees. */
  get nodeCount(): number {
    return this.nodes.feature.length;
  }

  /** Depth of the deepest tree. */
  get depth(): number {
    let max = 0;
    for (let t = 0; t < this.nTrees; t++) max = Math.max(max, treeDepth(this.nodes, this.treeOffsets[t] as number, this.treeOffsets[t + 1] as number));
    return max;
  }

  predictRow(indices: Int32Array, data: Float64Array, start: number, end: number, out: Float64Array): void {
    const x = this.dense;
    const { value } = this.nodes;
    const offsets = this.treeOffsets;
    const nTrees = offsets.length - 1;
    scatterRow(indices, data, start, end, x);
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let p4 = 0;
    for (let t = 0; t < nTrees; t++) {
      const v = leafOf(this.nodes, offsets[t] as number, x) * N_CLASSES;
      p0 += value[v] as number;
      p1 += value[v + 1] as number;
      p2 += value[v + 2] as number;
      p3 += value[v + 3] as number;
      p4 += value[v + 4] as number;
    }
    clearRow(indices, start, end, x);
    out[0] = p0 / nTrees;
    out[1] = p1 / nTrees;
    out[2] = p2 / nTrees;
    out[3] = p3 / nTrees;
    out[4] = p4 / nTrees;
  }

  /**
   * Saabas contributions averaged over the trees, of the features the row has only (with those of
   * the absent features on the paths, they sum to forest - mean root probability of `cls`).
   */
  explainRow(indices: Int32Array, data: Float64Array, start: number, end: number, cls: number, k: number): FeatureContribution[] {
    checkExplainArgs(cls, k);
    const x = this.dense;
    const acc = new Map<number, number>();
    const scale = 1 / this.nTrees;
    scatterRow(indices, data, start, end, x);
    for (let t = 0; t < this.nTrees; t++) addPathContributions(this.nodes, this.treeOffsets[t] as number, x, cls, scale, acc);
    const top = topContributions(acc, k, x);
    clearRow(indices, start, end, x);
    return top;
  }

  toArtifact(): ModelArtifact {
    const { nEstimators, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, bootstrap, seed } = this.params;
    const { feature, threshold, left, right, value } = this.nodes;
    return {
      algorithm: this.algorithm,
      nFeatures: this.nFeatures,
      params: { nEstimators, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, bootstrap, seed, nodeCount: this.nodeCount },
      arrays: { treeOffsets: this.treeOffsets, feature, threshold, left, right, value },
    };
  }

  /** Rebuilds a forest from {@link RandomForest.toArtifact}'s output; throws MODEL_FILE_INVALID with the exact fault. */
  static fromArtifact(artifact: ModelArtifact): RandomForest {
    if (artifact?.algorithm !== 'random_forest') throw fileInvalid(`expected a random_forest artifact, got ${String(artifact?.algorithm)}`);
    const nFeatures = artifactFeatureCount(artifact);
    const tree = artifactTreeParams(artifact);
    const { nEstimators, bootstrap, seed, nodeCount } = artifact.params;
    if (typeof nEstimators !== 'number' || !Number.isInteger(nEstimators) || nEstimators < 1) {
      throw fileInvalid(`random_forest artifact: param 'nEstimators' must be an integer >= 1, got ${String(nEstimators)}`);
    }
    if (typeof bootstrap !== 'boolean') throw fileInvalid(`random_forest artifact: param 'bootstrap' must be a boolean, got ${String(bootstrap)}`);
    const treeOffsets = artifactArray(artifact, 'treeOffsets', 'Int32Array', nEstimators + 1);
    const feature = artifactArray(artifact, 'feature', 'Int32Array', null);
    const count = feature.length;
    if (nodeCount !== undefined && nodeCount !== count) {
      throw fileInvalid(`random_forest artifact: params say ${String(nodeCount)} nodes, arrays hold ${count}`);
    }
    if (treeOffsets[0] !== 0 || treeOffsets[nEstimators] !== count) {
      throw fileInvalid(`random_forest artifact: treeOffsets must run from 0 to the node count ${count}, got ${treeOffsets[0]}..${treeOffsets[nEstimators]}`);
    }
    for (let t = 0; t < nEstimators; t++) {
      if ((treeOffsets[t + 1] as number) <= (treeOffsets[t] as number)) throw fileInvalid(`random_forest artifact: tree ${t} has no node (treeOffsets must increase)`);
    }
    const nodes = artifactTreeNodes(artifact, feature);
    for (let t = 0; t < nEstimators; t++) {
      validateTreeNodes(nodes, nFeatures, treeOffsets[t] as number, treeOffsets[t + 1] as number, `random_forest artifact, tree ${t}`);
    }
    return new RandomForest(nodes, treeOffsets, nFeatures, { ...tree, nEstimators, bootstrap, seed: seed as number });
  }
}

function fileInvalid(message: string): ReviewStarsError {
  return new ReviewStarsError('MODEL_FILE_INVALID', message);
}
