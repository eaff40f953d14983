import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReviewStarsError } from '../core/errors.js';
import { csrFromRows, type Csr } from '../text/csr.js';
import { predictProba, type ModelArtifact } from './classifier.js';
import { addPathContributions, fitDecisionTree, DecisionTree, resolveTreeParams, type DecisionTreeOptions, type TreeNodes } from './decision-tree.js';
import { repoPath } from '../../test-support/paths.js';

/** A Csr from dense rows (zeros left out). */
function matrix(rows: number[][], cols = rows[0]?.length ?? 0): Csr {
  return csrFromRows(
    rows.map((r) => r.map((v, c) => [c, v] as [number, number]).filter(([, v]) => v !== 0)),
    cols,
  );
}

function labels(...ys: number[]): Uint8Array {
  return Uint8Array.from(ys);
}

function predictDense(model: DecisionTree, row: number[]): number[] {
  const X = matrix([row], model.nFeatures);
  return Array.from(predictProba(model, X));
}

function expectInvalid(fn: () => unknown, code: 'INVALID_ARGUMENT' | 'MODEL_FILE_INVALID', pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isReviewStarsError(err, code), `expected ${code}, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('fitDecisionTree', () => {
  it('splits a perfectly separable set once, on the separating feature, at the midpoint', () => {
    const X = matrix([
      [1, 0, 2],
      [0, 0, 2],
      [1, 3, 0],
      [0, 1, 0],
    ]);
    const tree = fitDecisionTree(X, labels(4, 4, 0, 0));
    assert.equal(tree.nodeCount, 3);
    assert.deepEqual(Array.from(tree.nodes.feature), [1, -1, -1]);
    // feature 1 is 0 (absent) on the 5-star rows and 1 or 3 on the 1-star rows: midpoint of 0 and 1
    assert.deepEqual(Array.from(tree.nodes.threshold), [0.5, 0, 0]);
    assert.deepEqual(Array.from(tree.nodes.left), [1, -1, -1]);
    assert.deepEqual(Array.from(tree.nodes.right), [2, -1, -1]);
    assert.deepEqual(Array.from(tree.nodes.value), [0.5, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    assert.deepEqual(predictDense(tree, [0, 2, 0]), [1, 0, 0, 0, 0]);
    assert.deepEqual(predictDense(tree, [5, 0, 5]), [0, 0, 0, 0, 1]);
  });

  it('puts thresholds halfway between consecutive distinct values, negatives below the zero group', () => {
    const tree = fitDecisionTree(matrix([[-2], [0], [3], [5]]), labels(0, 0, 1, 1));
    assert.equal(tree.nodes.threshold[0], 1.5);
    const neg = fitDecisionTree(matrix([[-4], [-2], [0], [0]]), labels(2, 2, 3, 3));
    assert.equal(neg.nodes.threshold[0], -1);
  });

  it('breaks ties by the lowest feature id, then by the lowest threshold', () => {
    // features 0 and 2 are identical; feature 1 separates less well
    const X = matrix([
      [1, 1, 1],
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    const tree = fitDecisionTree(X, labels(1, 1, 2, 2), { maxFeatures: null });
    assert.equal(tree.nodes.feature[0], 0);
    // x = 1 | 2 | 3 with classes A | B | A: both thresholds give the same impurity decrease
    const thresholds = fitDecisionTree(matrix([[1], [2], [3]]), labels(0, 1, 0), { maxDepth: 1 });
    assert.equal(thresholds.nodes.threshold[0], 1.5);
  });

  it('never splits on a feature absent from every row, and is a single leaf when all are absent', () => {
    const X = matrix([[0, 2], [0, 0], [0, 1], [0, 0]], 2);
    const tree = fitDecisionTree(X, labels(3, 0, 3, 1));
    assert.ok(Array.from(tree.nodes.feature).every((f) => f !== 0));
    const empty = fitDecisionTree(matrix([[0, 0], [0, 0], [0, 0]], 2), labels(0, 1, 1));
    assert.equal(empty.nodeCount, 1);
    assert.deepEqual(Array.from(empty.nodes.value), [1 / 3, 2 / 3, 0, 0, 0]);
  });

  it('stops at maxDepth with the class distribution in the leaves', () => {
    // needs two levels to separate: x0 splits {0,1} from {2}, x1 then splits 0 from 1
    const X = matrix([[0, 0], [0, 1], [0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = labels(0, 1, 0, 1, 2, 2);
    const full = fitDecisionTree(X, y);
    assert.equal(full.depth, 2);
    const shallow = fitDecisionTree(X, y, { maxDepth: 1 });
    assert.equal(shallow.depth, 1);
    assert.equal(shallow.nodeCount, 3);
    assert.deepEqual(Array.from(shallow.nodes.value.subarray(5, 10)), [0.5, 0.5, 0, 0, 0]);
  });

  it('keeps minSamplesLeaf samples on each side of a split', () => {
    const X = matrix([[1], [2], [3], [4], [5]]);
    const y = labels(0, 1, 1, 1, 1);
    assert.equal(fitDecisionTree(X, y).nodes.threshold[0], 1.5);
    const constrained = fitDecisionTree(X, y, { minSamplesLeaf: 2, maxDepth: 1 });
    assert.equal(constrained.nodes.threshold[0], 2.5);
  });

  it('does not split a node smaller than minSamplesSplit', () => {
    const X = matrix([[1], [2], [3], [4]]);
    const y = labels(0, 1, 0, 1);
    assert.ok(fitDecisionTree(X, y).nodeCount > 1);
    assert.equal(fitDecisionTree(X, y, { minSamplesSplit: 5 }).nodeCount, 1);
  });

  it('makes a leaf of a node that no split improves (XOR)', () => {
    const X = matrix([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const tree = fitDecisionTree(X, labels(0, 1, 1, 0));
    assert.equal(tree.nodeCount, 1);
  });

  it('treats integer sample weights as duplicated rows', () => {
    const rows = [[1, 0, 2], [0, 3, 1], [2, 1, 0], [0, 0, 1], [1, 2, 2], [3, 0, 0], [0, 1, 4]];
    const y = [0, 2, 4, 1, 2, 4, 3];
    const w = [2, 1, 3, 1, 2, 1, 2];
    const weighted = fitDecisionTree(matrix(rows), Uint8Array.from(y), { sampleWeight: Float64Array.from(w) });
    const dupRows: number[][] = [];
    const dupY: number[] = [];
    rows.forEach((r, i) => {
      for (let k = 0; k < (w[i] as number); k++) {
        dupRows.push(r);
        dupY.push(y[i] as number);
      }
    });
    const duplicated = fitDecisionTree(matrix(dupRows), Uint8Array.from(dupY));
    assert.deepEqual(weighted.nodes, duplicated.nodes);
  });

  it('leaves rows of weight 0 out entirely', () => {
    const X = matrix([[1], [2], [3], [9]]);
    const tree = fitDecisionTree(X, labels(0, 0, 1, 4), { sampleWeight: Float64Array.from([1, 1, 1, 0]) });
    assert.deepEqual(Array.from(tree.nodes.value.subarray(0, 5)), [2 / 3, 1 / 3, 0, 0, 0]);
    assert.equal(tree.nodes.threshold[0], 2.5);
  });

  it('with maxFeatures draws on past features constant in the node', () => {
    // only feature 7 varies: every seed must still find it with one candidate per node
    const rows = Array.from({ length: 8 }, (_, i) => Array.from({ length: 10 }, (_, c) => (c === 7 ? i % 2 : c === 3 ? 1 : 0)));
    const y = Uint8Array.from(rows.map((r) => (r[7] === 1 ? 4 : 0)));
    for (let seed = 0; seed < 20; seed++) {
      const tree = fitDecisionTree(matrix(rows), y, { maxFeatures: 1, seed });
      assert.equal(tree.nodes.feature[0], 7, `seed ${seed}`);
      assert.equal(tree.nodeCount, 3);
    }
  });

  it('is deterministic for a seed and uses sqrt(nFeatures) candidates', () => {
    const rows = Array.from({ length: 60 }, (_, i) => Array.from({ length: 16 }, (_, c) => ((i * (c + 3) + c * c) % 7) % 3));
    const y = Uint8Array.from(rows.map((r, i) => ((r[2] as number) + (r[5] as number) + (i % 2)) % 5));
    const options: DecisionTreeOptions = { maxFeatures: 'sqrt', seed: 11, maxDepth: 6 };
    const a = fitDecisionTree(matrix(rows), y, options);
    const b = fitDecisionTree(matrix(rows), y, options);
    assert.deepEqual(a.nodes, b.nodes);
    const others = [1, 2, 3, 4, 5].map((seed) => fitDecisionTree(matrix(rows), y, { ...options, seed }).nodes);
    assert.ok(others.some((n) => n.feature.length !== a.nodes.feature.length || n.feature.some((f, i) => f !== a.nodes.feature[i])));
  });

  it('stores in every node the class distribution of the training rows that reach it (sampled features, deep tree)', () => {
    // counts over 40 columns: the root reads a few CSC columns, small nodes transpose their rows
    const rows = Array.from({ length: 300 }, (_, i) => Array.from({ length: 40 }, (_, c) => ((i * 7 + c * 13) % 11 < 2 ? 1 + ((i + c) % 3) : 0)));
    const y = Uint8Array.from(rows.map((r, i) => ((r[3] as number) + 2 * (r[17] as number) + (i % 3)) % 5));
    const X = matrix(rows);
    const tree = fitDecisionTree(X, y, { maxFeatures: 'sqrt', seed: 4 });
    const { feature, threshold, left, right, value } = tree.nodes;
    const reach: number[][] = Array.from({ length: tree.nodeCount }, () => []);
    rows.forEach((row, r) => {
      let node = 0;
      for (;;) {
        reach[node]?.push(r);
        const f = feature[node] as number;
        if (f < 0) break;
        node = (row[f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
      }
    });
    assert.ok(tree.depth > 3);
    reach.forEach((rs, node) => {
      assert.ok(rs.length > 0, `node ${node} is reached`);
      for (let c = 0; c < 5; c++) {
        const share = rs.filter((r) => y[r] === c).length / rs.length;
        assert.ok(Math.abs((value[node * 5 + c] as number) - share) < 1e-12, `node ${node} class ${c}`);
      }
    });
  });

  it('rejects malformed training input with the reason', () => {
    const X = matrix([[1, 0], [0, 1]]);
    expectInvalid(() => fitDecisionTree(X, labels(0)), 'INVALID_ARGUMENT', /one entry per row/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 5)), 'INVALID_ARGUMENT', /label 5/);
    expectInvalid(() => fitDecisionTree({ ...X, data: Float64Array.from([1, NaN]) }, labels(0, 1)), 'INVALID_ARGUMENT', /finite/);
    expectInvalid(() => fitDecisionTree({ ...X, indices: Int32Array.from([0, 2]) }, labels(0, 1)), 'INVALID_ARGUMENT', /column indices/);
    expectInvalid(() => fitDecisionTree({ ...X, indptr: Int32Array.from([0, 1]) }, labels(0, 1)), 'INVALID_ARGUMENT', /indptr/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 1), { maxFeatures: 3 }), 'INVALID_ARGUMENT', /exceeds the number of features/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 1), { maxDepth: 0 }), 'INVALID_ARGUMENT', /maxDepth/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 1), { minSamplesSplit: 1 }), 'INVALID_ARGUMENT', /minSamplesSplit/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 1), { minSamplesLeaf: 0.5 }), 'INVALID_ARGUMENT', /minSamplesLeaf/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 1), { sampleWeight: Float64Array.from([1, -1]) }), 'INVALID_ARGUMENT', /sampleWeight\[1\]/);
    expectInvalid(() => fitDecisionTree(X, labels(0, 1), { sampleWeight: Float64Array.from([0, 0]) }), 'INVALID_ARGUMENT', /no positive entry/);
  });

  it('ignores explicitly stored zeros', () => {
    const withZeros: Csr = { rows: 2, cols: 2, indptr: Int32Array.from([0, 2, 3]), indices: Int32Array.from([0, 1, 1]), data: Float64Array.from([0, 1, 0]) };
    const tree = fitDecisionTree(withZeros, labels(0, 1));
    assert.deepEqual(Array.from(tree.nodes.feature), [1, -1, -1]);
    assert.equal(tree.nodes.threshold[0], 0.5);
  });
});

interface ReferenceTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  testProba: number[];
}
interface ReferenceMatrix {
  rows: number;
  cols: number;
  indptr: number[];
  indices: number[];
  data: number[];
  y: number[];
  sampleWeight?: number[];
}

describe('decision tree against scikit-learn', () => {
  const fixture = JSON.parse(readFileSync(repoPath('src/models/fixtures/tree-reference.json'), 'utf8')) as {
    train: ReferenceMatrix;
    test: ReferenceMatrix;
    trees: Record<'unweighted' | 'weighted', ReferenceTree>;
  };
  const toCsr = (m: ReferenceMatrix): Csr => ({
    rows: m.rows,
    cols: m.cols,
    indptr: Int32Array.from(m.indptr),
    indices: Int32Array.from(m.indices),
    data: Float64Array.from(m.data),
  });
  const train = toCsr(fixture.train);
  const test = toCsr(fixture.test);
  const y = Uint8Array.from(fixture.train.y);

  for (const variant of ['unweighted', 'weighted'] as const) {
    it(`grows exactly scikit-learn's max_depth=4 tree (${variant})`, () => {
      const ref = fixture.trees[variant];
      const options: DecisionTreeOptions = { maxDepth: 4 };
      if (variant === 'weighted') options.sampleWeight = Float64Array.from(fixture.train.sampleWeight ?? []);
      const tree = fitDecisionTree(train, y, options);
      assert.deepEqual(Array.from(tree.nodes.feature), ref.feature);
      assert.deepEqual(Array.from(tree.nodes.threshold), ref.threshold);
      assert.deepEqual(Array.from(tree.nodes.left), ref.left);
      assert.deepEqual(Array.from(tree.nodes.right), ref.right);
      tree.nodes.value.forEach((v, i) => assert.ok(Math.abs(v - (ref.value[i] as number)) < 1e-12, `value[${i}]`));
      predictProba(tree, test).forEach((p, i) => assert.ok(Math.abs(p - (ref.testProba[i] as number)) < 1e-12, `proba[${i}]`));
    });
  }
});

describe('DecisionTree prediction and explanation', () => {
  const X = matrix([[0, 0, 1], [0, 1, 0], [0, 1, 1], [2, 0, 0], [1, 1, 0], [3, 0, 1]]);
  const y = labels(0, 1, 1, 4, 3, 4);
  const tree = fitDecisionTree(X, y);

  it('predicts from a slice of shared arrays and ignores columns beyond nFeatures', () => {
    const indices = Int32Array.from([9, 0, 2, 1, 7]);
    const data = Float64Array.from([5, 3, 1, 1, 4]);
    const out = new Float64Array(5);
    tree.predictRow(indices, data, 1, 3, out); // row {0: 3, 2: 1}
    assert.deepEqual(Array.from(out), predictDense(tree, [3, 0, 1]));
    tree.predictRow(indices, data, 3, 5, out); // row {1: 1, 7: 4}, column 7 unknown
    assert.deepEqual(Array.from(out), predictDense(tree, [0, 1, 0]));
    // the scratch row was cleared: an empty row now reaches the all-zero leaf
    tree.predictRow(indices, data, 0, 0, out);
    assert.deepEqual(Array.from(out), predictDense(tree, [0, 0, 0]));
  });

  it('explains with the path contributions of the features the row has (with those of absent ones, they sum to leaf minus root)', () => {
    const row = matrix([[2, 0, 0]], 3);
    for (let cls = 0; cls < 5; cls++) {
      const contributions = tree.explainRow(row.indices, row.data, 0, row.indptr[1] as number, cls, 10);
      assert.ok(contributions.every((c) => c.feature === 0), 'only feature 0 is in the row');
      const path = new Map<number, number>();
      const dense = Float64Array.from([2, 0, 0]);
      addPathContributions(tree.nodes, 0, dense, cls, 1, path);
      const sumAll = [...path.values()].reduce((s, w) => s + w, 0);
      const leaf = predictDense(tree, [2, 0, 0])[cls] as number;
      const root = tree.nodes.value[cls] as number;
      assert.ok(Math.abs(sumAll - (leaf - root)) < 1e-12, `class ${cls}`);
      assert.deepEqual(contributions, (path.get(0) ?? 0) === 0 ? [] : [{ feature: 0, weight: path.get(0) }]);
      for (let i = 1; i < contributions.length; i++) {
        assert.ok(Math.abs((contributions[i - 1] as { weight: number }).weight) >= Math.abs((contributions[i] as { weight: number }).weight));
      }
    }
    const all = tree.explainRow(row.indices, row.data, 0, 1, 4, 10);
    assert.ok(all.length >= 1);
    assert.deepEqual(tree.explainRow(row.indices, row.data, 0, 1, 4, 1), all.slice(0, 1));
    expectInvalid(() => tree.explainRow(row.indices, row.data, 0, 1, 5, 1), 'INVALID_ARGUMENT', /class/);
  });

  it('never explains with a feature the row does not have, even when a split on it lies on the path', () => {
    const absentSplit = new DecisionTree(PATH_THROUGH_ABSENT, 2, { ...resolveTreeParams({}), seed: 0 });
    const row = matrix([[0, 1]], 2); // feature 0 absent: root -> node 1 (on feature 0) -> node 4 (on feature 1)
    const explained = absentSplit.explainRow(row.indices, row.data, 0, 1, 4, 10);
    assert.deepEqual(explained.map((c) => c.feature), [1]);
    assert.ok(Math.abs((explained[0] as { weight: number }).weight - 0.4) < 1e-12, 'P(5 stars) 0.1 -> 0.5 when feature 1 is present');
    assert.deepEqual(absentSplit.explainRow(row.indices, row.data, 0, 0, 4, 10), [], 'an empty row has nothing to explain with');
  });
});

/**
 * A hand-made tree: the root splits on feature 0, its left child on feature 1. A row without
 * feature 0 goes left on it (P(5 stars) 0.2 -> 0.1) before feature 1 decides (0.1 -> 0.5).
 */
const PATH_THROUGH_ABSENT: TreeNodes = {
  feature: Int32Array.from([0, 1, -1, -1, -1]),
  threshold: Float64Array.from([0.5, 0.5, 0, 0, 0]),
  left: Int32Array.from([1, 3, -1, -1, -1]),
  right: Int32Array.from([2, 4, -1, -1, -1]),
  value: Float64Array.from([0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.2, 0.2, 0.2, 0.1, 0, 0, 0, 0.2, 0.8, 0.5, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5]),
};

describe('DecisionTree artifacts', () => {
  const X = matrix([[0, 0, 1], [0, 1, 0], [0, 1, 1], [2, 0, 0], [1, 1, 0], [3, 0, 1]]);
  const tree = fitDecisionTree(X, labels(0, 1, 1, 4, 3, 4), { maxDepth: 5, seed: 3 });
  assert.ok(tree.nodes.feature.some((f, i) => i > 0 && f >= 0), 'the test tree needs a split below the root');

  /** A fresh artifact whose arrays are copies, so a test may corrupt them. */
  function artifact(): ModelArtifact {
    const a = tree.toArtifact();
    const arrays: ModelArtifact['arrays'] = {};
    for (const [k, v] of Object.entries(a.arrays)) arrays[k] = v.slice();
    return { ...a, params: { ...a.params }, arrays };
  }

  it('round-trips through toArtifact/fromArtifact with the same predictions', () => {
    const a = tree.toArtifact();
    assert.equal(a.algorithm, 'decision_tree');
    assert.deepEqual(a.params, { maxDepth: 5, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null, seed: 3, nodeCount: tree.nodeCount });
    const back = DecisionTree.fromArtifact(artifact());
    assert.deepEqual(back.nodes, tree.nodes);
    assert.deepEqual(predictProba(back, X), predictProba(tree, X));
  });

  const corruptions: [string, (a: ModelArtifact) => void, RegExp][] = [
    ['a foreign algorithm', (a) => (a.algorithm = 'random_forest'), /expected a decision_tree artifact/],
    ['a bad feature count', (a) => (a.nFeatures = 0), /nFeatures must be a positive integer/],
    ['a missing array', (a) => delete a.arrays.left, /array 'left' is missing/],
    ['an array of the wrong type', (a) => (a.arrays.threshold = new Float32Array(a.arrays.threshold?.length ?? 0)), /array 'threshold' is missing or not a Float64Array/],
    ['an array of the wrong length', (a) => (a.arrays.value = new Float64Array(3)), /array 'value' has 3 entries, expected/],
    ['a node count that disagrees', (a) => (a.params.nodeCount = 2), /params say 2 nodes/],
    ['an empty tree', (a) => {
      for (const k of ['feature', 'left', 'right']) a.arrays[k] = new Int32Array(0);
      a.arrays.threshold = new Float64Array(0);
      a.arrays.value = new Float64Array(0);
      delete a.params.nodeCount;
    }, /no node/],
    ['a child pointing backwards (cycle)', (a) => ((a.arrays.left as Int32Array)[0] = 0), /node 0 has child 0, not after it/],
    ['a child out of range', (a) => ((a.arrays.right as Int32Array)[0] = 99), /node 0 has child 99/],
    ['a node with two parents', (a) => {
      // the root's right child becomes the left child of another split node
      const feature = a.arrays.feature as Int32Array;
      const other = feature.findIndex((f, i) => i > 0 && f >= 0);
      (a.arrays.right as Int32Array)[0] = (a.arrays.left as Int32Array)[other] as number;
    }, /node \d+ is the child of more than one node/],
    ['the same child on both sides', (a) => ((a.arrays.right as Int32Array)[0] = (a.arrays.left as Int32Array)[0] as number), /child of more than one node/],
    ['a feature out of range', (a) => ((a.arrays.feature as Int32Array)[0] = 3), /splits on feature 3, outside 0\.\.2/],
    ['a negative feature other than the leaf mark', (a) => ((a.arrays.feature as Int32Array)[0] = -2), /splits on feature -2/],
    ['a leaf with children', (a) => {
      const feature = a.arrays.feature as Int32Array;
      const leaf = feature.indexOf(-1);
      (a.arrays.left as Int32Array)[leaf] = leaf + 1;
    }, /leaf \d+ has children/],
    ['an unreachable node', (a) => {
      // turn the root into a leaf: its former children are now nobody's children
      (a.arrays.feature as Int32Array)[0] = -1;
      (a.arrays.left as Int32Array)[0] = -1;
      (a.arrays.right as Int32Array)[0] = -1;
    }, /node 1 is not the child of any node/],
    ['a non-finite threshold', (a) => ((a.arrays.threshold as Float64Array)[0] = Infinity), /non-finite threshold/],
    ['a negative class value', (a) => ((a.arrays.value as Float64Array)[0] = -0.5), /class value -0.5/],
    ['a NaN class value', (a) => ((a.arrays.value as Float64Array)[2] = NaN), /class value NaN/],
    ['class values not summing to 1', (a) => ((a.arrays.value as Float64Array)[0] = (a.arrays.value as Float64Array)[0] as number + 0.25), /sum to 1\.25/],
    ['a malformed hyper-parameter', (a) => (a.params.maxDepth = -1), /maxDepth must be null or an integer/],
    ['a missing hyper-parameter', (a) => delete a.params.minSamplesLeaf, /param 'minSamplesLeaf' is missing/],
    ['a malformed seed', (a) => (a.params.seed = 'x'), /seed must be an integer/],
  ];
  for (const [what, corrupt, reason] of corruptions) {
    it(`rejects an artifact with ${what}`, () => {
      const a = artifact();
      corrupt(a);
      expectInvalid(() => DecisionTree.fromArtifact(a), 'MODEL_FILE_INVALID', reason);
    });
  }
});
