import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReviewStarsError } from '../core/errors.js';
import type { Csr } from '../text/csr.js';
import { syntheticCounts } from '../../test-support/synthetic-counts.js';
import { argmaxClass, predictProba, type Classifier, type ModelArtifact } from './classifier.js';
import { DecisionTree, addPathContributions, fitDecisionTree, resolveTreeParams } from './decision-tree.js';
import { fitRandomForest, RandomForest, type RandomForestOptions } from './random-forest.js';

/** Tree t of a forest, as a standalone decision tree. */
function treeOf(forest: RandomForest, t: number): DecisionTree {
  const from = forest.treeOffsets[t] as number;
  const to = forest.treeOffsets[t + 1] as number;
  const { feature, threshold, left, right, value } = forest.nodes;
  return new DecisionTree(
    {
      feature: feature.slice(from, to),
      threshold: threshold.slice(from, to),
      left: left.slice(from, to),
      right: right.slice(from, to),
      value: value.slice(from * 5, to * 5),
    },
    forest.nFeatures,
    { ...forest.params },
  );
}

function accuracy(model: Classifier, X: Csr, y: Uint8Array): number {
  const p = predictProba(model, X);
  let ok = 0;
  for (let r = 0; r < X.rows; r++) if (argmaxClass(p, r * 5) === y[r]) ok++;
  return ok / X.rows;
}

const train = syntheticCounts(400, 60, 1);
const test = syntheticCounts(200, 60, 2);
const options: RandomForestOptions = { nEstimators: 12, maxDepth: 4, seed: 5 };

describe('fitRandomForest', () => {
  it('grows the same forest in-process and with 1, 2 or 3 worker threads', async () => {
    const inProcess = await fitRandomForest(train.X, train.y, { ...options, workers: 0 });
    for (const workers of [1, 2, 3]) {
      const threaded = await fitRandomForest(train.X, train.y, { ...options, workers });
      assert.deepEqual(threaded.treeOffsets, inProcess.treeOffsets, `workers ${workers}`);
      assert.deepEqual(threaded.nodes, inProcess.nodes, `workers ${workers}`);
    }
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await fitRandomForest(train.X, train.y, { ...options, workers: 0 });
    const b = await fitRandomForest(train.X, train.y, { ...options, workers: 0 });
    assert.deepEqual(a.nodes, b.nodes);
    const c = await fitRandomForest(train.X, train.y, { ...options, seed: 6, workers: 0 });
    assert.notDeepEqual(c.nodes, a.nodes);
  });

  it('has the requested number of trees, none deeper than maxDepth, each on its own bootstrap sample', async () => {
    const forest = await fitRandomForest(train.X, train.y, { ...options, workers: 0 });
    assert.equal(forest.nTrees, 12);
    assert.ok(forest.depth <= 4 && forest.depth >= 1);
    // the root holds the tree's weighted class distribution: bootstrap samples differ between trees
    const roots = new Set(Array.from({ length: 12 }, (_, t) => forest.nodes.value.slice((forest.treeOffsets[t] as number) * 5, (forest.treeOffsets[t] as number) * 5 + 5).join(',')));
    assert.ok(roots.size > 1);
  });

  it('without bootstrap and feature sampling, every tree is the single decision tree', async () => {
    const forest = await fitRandomForest(train.X, train.y, { nEstimators: 3, maxDepth: 3, maxFeatures: null, bootstrap: false, workers: 0 });
    const single = fitDecisionTree(train.X, train.y, { maxDepth: 3 });
    for (let t = 0; t < 3; t++) assert.deepEqual(treeOf(forest, t).nodes, single.nodes);
    const root = forest.nodes.value.slice(0, 5);
    const prior = new Float64Array(5);
    for (const c of train.y) prior[c] = (prior[c] as number) + 1 / train.y.length;
    root.forEach((v, c) => assert.ok(Math.abs(v - (prior[c] as number)) < 1e-12));
  });

  it('predicts the mean of its trees class distributions (soft vote)', async () => {
    const forest = await fitRandomForest(train.X, train.y, { ...options, workers: 0 });
    const p = predictProba(forest, test.X);
    const trees = Array.from({ length: forest.nTrees }, (_, t) => predictProba(treeOf(forest, t), test.X));
    p.forEach((v, i) => {
      const mean = trees.reduce((s, tp) => s + (tp[i] as number), 0) / trees.length;
      assert.ok(Math.abs(v - mean) < 1e-12, `entry ${i}`);
    });
    for (let r = 0; r < test.X.rows; r++) {
      const sum = p.subarray(r * 5, r * 5 + 5).reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sum - 1) < 1e-12);
    }
  });

  it('learns the class signal better than the majority class', async () => {
    const forest = await fitRandomForest(train.X, train.y, { nEstimators: 30, maxDepth: 6, seed: 1, workers: 2 });
    const counts = new Array<number>(5).fill(0);
    for (const c of test.y) counts[c] = (counts[c] as number) + 1;
    const majority = Math.max(...counts) / test.y.length;
    assert.ok(accuracy(forest, test.X, test.y) > majority + 0.2, `accuracy ${accuracy(forest, test.X, test.y)} vs majority ${majority}`);
  });

  it('explains with the contributions, averaged over trees, of the features the row has (with absent ones, they sum to prediction minus mean root probability)', async () => {
    const forest = await fitRandomForest(train.X, train.y, { ...options, workers: 0 });
    const X = test.X;
    const out = new Float64Array(5);
    let absentOnPath = 0;
    for (let r = 0; r < 5; r++) {
      const start = X.indptr[r] as number;
      const end = X.indptr[r + 1] as number;
      const present = new Set(X.indices.subarray(start, end));
      const dense = new Float64Array(forest.nFeatures);
      for (let p = start; p < end; p++) dense[X.indices[p] as number] = X.data[p] as number;
      forest.predictRow(X.indices, X.data, start, end, out);
      for (const cls of [0, 4]) {
        let rootMean = 0;
        const path = new Map<number, number>();
        for (let t = 0; t < forest.nTrees; t++) {
          rootMean += (forest.nodes.value[(forest.treeOffsets[t] as number) * 5 + cls] as number) / forest.nTrees;
          addPathContributions(forest.nodes, forest.treeOffsets[t] as number, dense, cls, 1 / forest.nTrees, path);
        }
        const sumAll = [...path.values()].reduce((s, w) => s + w, 0);
        assert.ok(Math.abs(sumAll - ((out[cls] as number) - rootMean)) < 1e-12, `row ${r} class ${cls}`);
        const contributions = forest.explainRow(X.indices, X.data, start, end, cls, 1000);
        assert.ok(contributions.every((c) => present.has(c.feature)), `row ${r}: only features of the row`);
        const expected = [...path].filter(([f, w]) => present.has(f) && w !== 0).map(([feature, weight]) => ({ feature, weight }));
        assert.deepEqual([...contributions].sort((a, b) => a.feature - b.feature), expected.sort((a, b) => a.feature - b.feature));
        absentOnPath += [...path.keys()].filter((f) => !present.has(f)).length;
      }
    }
    assert.ok(absentOnPath > 0, 'the paths do split on features the rows lack, so the filter is exercised');
    const top3 = forest.explainRow(X.indices, X.data, 0, X.indptr[1] as number, 4, 3);
    assert.ok(top3.length <= 3);
  });

  it('never explains with a feature the row does not have, even when every tree splits on it', () => {
    const tree = {
      feature: Int32Array.from([0, 1, -1, -1, -1]),
      threshold: Float64Array.from([0.5, 0.5, 0, 0, 0]),
      left: Int32Array.from([1, 3, -1, -1, -1]),
      right: Int32Array.from([2, 4, -1, -1, -1]),
      value: Float64Array.from([0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.2, 0.2, 0.2, 0.1, 0, 0, 0, 0.2, 0.8, 0.5, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5]),
    };
    const forest = RandomForest.fromTrees([tree, tree], 2, { ...resolveTreeParams({}), nEstimators: 2, bootstrap: true, seed: 0 });
    const explained = forest.explainRow(Int32Array.from([1]), Float64Array.from([1]), 0, 1, 4, 10);
    assert.deepEqual(explained.map((c) => c.feature), [1], 'feature 0 is on both paths but not in the row');
    assert.ok(Math.abs((explained[0] as { weight: number }).weight - 0.4) < 1e-12);
  });

  it('rejects bad options with the reason', async () => {
    const expect = async (o: RandomForestOptions, pattern: RegExp): Promise<void> => {
      await assert.rejects(fitRandomForest(train.X, train.y, o), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && pattern.test(err.message));
    };
    await expect({ nEstimators: 0 }, /nEstimators/);
    await expect({ workers: -1 }, /workers/);
    await expect({ bootstrap: 'yes' as unknown as boolean }, /bootstrap/);
    await expect({ maxFeatures: 61 }, /exceeds the number of features/);
    await expect({ seed: 1.5 }, /seed/);
    await assert.rejects(fitRandomForest(train.X, train.y.subarray(1)), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
  });
});

describe('RandomForest artifacts', () => {
  const forestPromise = fitRandomForest(train.X, train.y, { ...options, nEstimators: 3, workers: 0 });

  async function artifact(): Promise<ModelArtifact> {
    const a = (await forestPromise).toArtifact();
    const arrays: ModelArtifact['arrays'] = {};
    for (const [k, v] of Object.entries(a.arrays)) arrays[k] = v.slice();
    return { ...a, params: { ...a.params }, arrays };
  }

  it('round-trips through toArtifact/fromArtifact with the same predictions', async () => {
    const forest = await forestPromise;
    const a = await artifact();
    assert.equal(a.algorithm, 'random_forest');
    assert.deepEqual(a.params, { nEstimators: 3, maxDepth: 4, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 'sqrt', bootstrap: true, seed: 5, nodeCount: forest.nodeCount });
    const back = RandomForest.fromArtifact(a);
    assert.deepEqual(back.nodes, forest.nodes);
    assert.deepEqual(predictProba(back, test.X), predictProba(forest, test.X));
  });

  const corruptions: [string, (a: ModelArtifact) => void, RegExp][] = [
    ['a foreign algorithm', (a) => (a.algorithm = 'decision_tree'), /expected a random_forest artifact/],
    ['a tree count that disagrees with treeOffsets', (a) => (a.params.nEstimators = 4), /array 'treeOffsets' has 4 entries, expected 5/],
    ['a bad nEstimators', (a) => (a.params.nEstimators = 0), /nEstimators' must be an integer >= 1/],
    ['a non-boolean bootstrap', (a) => (a.params.bootstrap = 1), /bootstrap' must be a boolean/],
    ['treeOffsets not ending at the node count', (a) => ((a.arrays.treeOffsets as Int32Array)[3] = 1), /treeOffsets must run from 0 to the node count/],
    ['an empty tree', (a) => ((a.arrays.treeOffsets as Int32Array)[2] = (a.arrays.treeOffsets as Int32Array)[1] as number), /tree 1 has no node/],
    ['a node count that disagrees', (a) => (a.params.nodeCount = 1), /params say 1 nodes/],
    ['a child outside its tree', (a) => {
      const offsets = a.arrays.treeOffsets as Int32Array;
      const size = (offsets[2] as number) - (offsets[1] as number);
      (a.arrays.left as Int32Array)[offsets[1] as number] = size; // one past the tree's last node
    }, /tree 1: node 0 has child \d+, not after it and below \d+/],
    ['a feature out of range', (a) => ((a.arrays.feature as Int32Array)[0] = 60), /tree 0: node 0 splits on feature 60/],
    ['class values not summing to 1', (a) => ((a.arrays.value as Float64Array)[7] = 2), /sum to/],
    ['a missing array', (a) => delete a.arrays.value, /array 'value' is missing/],
    ['a malformed maxFeatures', (a) => (a.params.maxFeatures = 'log2'), /maxFeatures must be null, 'sqrt' or an integer/],
  ];
  for (const [what, corrupt, reason] of corruptions) {
    it(`rejects an artifact with ${what}`, async () => {
      const a = await artifact();
      corrupt(a);
      assert.throws(
        () => RandomForest.fromArtifact(a),
        (err: unknown) => isReviewStarsError(err, 'MODEL_FILE_INVALID') && reason.test(err.message),
      );
    });
  }
});
