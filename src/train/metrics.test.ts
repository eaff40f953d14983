import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isReviewStarsError } from '../core/errors.js';
import { computeMetrics, computeModelMetrics, metricsFromConfusion } from './metrics.js';
import type { Metrics } from './metrics.js';
import { repoPath } from '../../test-support/paths.js';

interface ReferenceCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  branches?: string[];
  expected: Metrics;
  expectedPerBranch?: Record<string, Metrics>;
}

const reference = JSON.parse(readFileSync(repoPath('src/train/fixtures/metrics-reference.json'), 'utf8')) as {
  cases: ReferenceCase[];
};

const TOLERANCE = 1e-12;
const isInvalidArgument = (err: unknown): boolean => isReviewStarsError(err, 'INVALID_ARGUMENT');

function assertMetricsClose(actual: Metrics, expected: Metrics, label: string): void {
  assert.equal(actual.n, expected.n, `${label}: n`);
  for (const key of ['accuracy', 'macroF1', 'mae', 'withinOne'] as const) {
    assert.ok(Math.abs(actual[key] - expected[key]) <= TOLERANCE, `${label}: ${key} ${actual[key]} vs ${expected[key]}`);
  }
  assert.equal(actual.perClass.length, 5, `${label}: five ratings`);
  actual.perClass.forEach((cls, c) => {
    const want = expected.perClass[c] as Metrics['perClass'][number];
    assert.equal(cls.rating, want.rating);
    assert.equal(cls.support, want.support, `${label}: support of rating ${cls.rating}`);
    for (const key of ['precision', 'recall', 'f1'] as const) {
      assert.ok(Math.abs(cls[key] - want[key]) <= TOLERANCE, `${label}: ${key} of rating ${cls.rating}: ${cls[key]} vs ${want[key]}`);
    }
  });
  assert.deepEqual(actual.confusion, expected.confusion, `${label}: confusion`);
}

test('the scikit-learn reference fixture holds the expected cases', () => {
  assert.deepEqual(
    reference.cases.map((c) => c.name),
    ['random', 'never_predicted_and_absent', 'predicted_but_absent', 'single_class'],
  );
});

for (const c of reference.cases) {
  test(`computeMetrics matches scikit-learn to 1e-12 on the '${c.name}' case`, () => {
    assertMetricsClose(computeMetrics(c.yTrue, c.yPred), c.expected, c.name);
    assertMetricsClose(computeMetrics(Uint8Array.from(c.yTrue), Uint8Array.from(c.yPred)), c.expected, `${c.name} (typed arrays)`);
  });
}

test('computeModelMetrics matches scikit-learn on every branch subset and overall', () => {
  const c = reference.cases.find((x) => x.branches !== undefined) as ReferenceCase;
  const metrics = computeModelMetrics(c.yTrue, c.yPred, c.branches as string[]);
  assertMetricsClose(metrics, c.expected, 'overall');
  const expectedBranches = c.expectedPerBranch as Record<string, Metrics>;
  assert.deepEqual(Object.keys(metrics.perBranch), Object.keys(expectedBranches).sort());
  for (const [branch, want] of Object.entries(expectedBranches)) assertMetricsClose(metrics.perBranch[branch] as Metrics, want, branch);
});

test('computeMetrics on a small hand-checked case', () => {
  // confusion rows (true) x columns (predicted):
  // 0: [1 1 0 0 0]  1: [0 1 0 0 0]  2: [0 0 1 0 0]  3: [0 0 0 0 1]  4: [0 0 0 1 1]
  const m = computeMetrics([0, 0, 1, 2, 4, 4, 3], [0, 1, 1, 2, 3, 4, 4]);
  assert.equal(m.n, 7);
  assert.equal(m.accuracy, 4 / 7);
  assert.equal(m.mae, 3 / 7);
  assert.equal(m.withinOne, 1);
  assert.deepEqual(m.confusion, [
    [1, 1, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 1, 1],
  ]);
  assert.deepEqual(
    m.perClass.map((c) => [c.rating, c.precision, c.recall, c.support]),
    [
      [1, 1, 0.5, 2],
      [2, 0.5, 1, 1],
      [3, 1, 1, 1],
      [4, 0, 0, 1],
      [5, 0.5, 0.5, 2],
    ],
  );
  const f1 = [2 / 3, 2 / 3, 1, 0, 0.5];
  m.perClass.forEach((c, i) => assert.ok(Math.abs(c.f1 - (f1[i] as number)) < 1e-15));
  assert.ok(Math.abs(m.macroF1 - 17 / 30) < 1e-15);
});

test('computeMetrics averages macro-F1 over the ratings that are true or predicted only', () => {
  // ratings 4 and 5 only: each has F1 2/3, so macro-F1 is 2/3 (not 2/3 x 2/5)
  const m = computeMetrics([4, 4, 3], [4, 3, 3]);
  assert.ok(Math.abs(m.macroF1 - 2 / 3) < 1e-15);
  const f1 = [0, 0, 0, 2 / 3, 2 / 3];
  m.perClass.forEach((c, i) => assert.ok(Math.abs(c.f1 - (f1[i] as number)) < 1e-15, `rating ${c.rating}: ${c.f1}`));
});

test('computeMetrics counts ratings two or more apart as outside one star', () => {
  const m = computeMetrics([0, 4, 2, 2], [2, 0, 3, 2]);
  assert.equal(m.withinOne, 0.5);
  assert.equal(m.mae, (2 + 4 + 1 + 0) / 4);
});

test('metricsFromConfusion gives the same result as computeMetrics', () => {
  const yTrue = [0, 1, 2, 3, 4, 4, 4, 2];
  const yPred = [1, 1, 2, 4, 4, 3, 4, 0];
  const fromLabels = computeMetrics(yTrue, yPred);
  assert.deepEqual(metricsFromConfusion(fromLabels.confusion.flat()), fromLabels);
});

test('the metrics reject unpaired, empty or out-of-range labels and bad branches', () => {
  assert.throws(() => computeMetrics([0, 1], [0]), isInvalidArgument);
  assert.throws(() => computeMetrics([], []), isInvalidArgument);
  for (const bad of [5, -1, 1.5, Number.NaN]) assert.throws(() => computeMetrics([0, bad], [0, 0]), isInvalidArgument, String(bad));
  assert.throws(() => computeMetrics([0, 0], [0, 5]), isInvalidArgument);
  assert.throws(() => computeModelMetrics([0, 1], [0, 1], ['a']), isInvalidArgument);
  assert.throws(() => computeModelMetrics([0, 1], [0, 1], ['a', 3 as unknown as string]), isInvalidArgument);
  assert.throws(() => metricsFromConfusion(new Array(25).fill(0)), isInvalidArgument);
  assert.throws(() => metricsFromConfusion([1, 2, 3]), isInvalidArgument);
  assert.throws(() => metricsFromConfusion([...new Array(24).fill(0), -1]), isInvalidArgument);
});
