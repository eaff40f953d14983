import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import { loadReviews } from './reviews-csv.js';
import { allocateTestCounts, stratifiedSplit } from './split.js';

const repeat = (key: string, count: number): string[] => Array.from({ length: count }, () => key);
const isInvalidArgument = (err: unknown): boolean => isReviewStarsError(err, 'INVALID_ARGUMENT');

test('allocateTestCounts gives each stratum floor(f x size) and the largest remainders the rest', () => {
  // exact shares 2.5, 1.75, 0.75 (the singleton is left out); floors 2+1+0 = 3, target round(0.25 x 20) = 5
  assert.deepEqual(Array.from(allocateTestCounts([10, 7, 3, 1], 0.25)), [2, 2, 1, 0]);
  // equal remainders: the stratum that sorts first gets the extra row
  assert.deepEqual(Array.from(allocateTestCounts([5, 5], 0.3)), [2, 1]);
  assert.deepEqual(Array.from(allocateTestCounts([100, 40, 9], 0.2)), [20, 8, 2]);
});

test('stratifiedSplit partitions the rows into ascending train and test indices', () => {
  const strata = [...repeat('a', 13), ...repeat('b', 8), ...repeat('c', 29)].reverse();
  const { train, test: testRows } = stratifiedSplit(strata, 0.2, 42);
  assert.ok(train instanceof Int32Array && testRows instanceof Int32Array);
  assert.equal(train.length + testRows.length, strata.length);
  assert.equal(testRows.length, 10);
  const all = [...train, ...testRows].sort((x, y) => x - y);
  assert.deepEqual(all, strata.map((_, i) => i));
  for (const side of [train, testRows]) for (let i = 1; i < side.length; i++) assert.ok((side[i] as number) > (side[i - 1] as number));
});

test('stratifiedSplit takes round(f x size) test rows from each stratum with a largest-remainder total', () => {
  const strata = [...repeat('x', 10), ...repeat('y', 7), ...repeat('z', 3), 'solo'];
  const { test: testRows } = stratifiedSplit(strata, 0.25, 1);
  const perStratum: Record<string, number> = {};
  for (const i of testRows) perStratum[strata[i] as string] = (perStratum[strata[i] as string] ?? 0) + 1;
  assert.deepEqual(perStratum, { x: 2, y: 2, z: 1 });
});

test('stratifiedSplit keeps a stratum of one row in train', () => {
  const strata = ['only-one', ...repeat('many', 9)];
  for (let seed = 0; seed < 20; seed++) {
    const { train, test: testRows } = stratifiedSplit(strata, 0.5, seed);
    assert.ok(train.includes(0));
    assert.equal(testRows.length, 5);
  }
});

test('stratifiedSplit gives identical output for identical input and different test rows for another seed', () => {
  const strata = Array.from({ length: 1000 }, (_, i) => `k${i % 7}`);
  const first = stratifiedSplit(strata, 0.2, 2024);
  const again = stratifiedSplit([...strata], 0.2, 2024);
  assert.deepEqual(again, first);
  const other = stratifiedSplit(strata, 0.2, 2025);
  assert.equal(other.test.length, first.test.length);
  assert.notDeepEqual(other.test, first.test);
});

test('stratifiedSplit picks every row of a stratum about equally often across seeds', () => {
  const strata = repeat('s', 20);
  const picked = new Int32Array(20);
  const seeds = 400;
  for (let seed = 0; seed < seeds; seed++) for (const i of stratifiedSplit(strata, 0.25, seed).test) picked[i]!++;
  // each row is expected in test 100 times (sd about 8.7)
  for (const count of picked) assert.ok(count > 60 && count < 140, `row picked ${count} times out of ${seeds}`);
});

test('stratifiedSplit rejects an empty input, a fraction outside (0, 1), a bad seed or stratum, and an empty test side', () => {
  assert.throws(() => stratifiedSplit([], 0.2, 1), isInvalidArgument);
  for (const fraction of [0, 1, -0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => stratifiedSplit(['a', 'a'], fraction, 1), isInvalidArgument, String(fraction));
  }
  for (const seed of [-1, 1.5, 2 ** 32, Number.NaN]) assert.throws(() => stratifiedSplit(['a', 'a'], 0.5, seed), isInvalidArgument, String(seed));
  assert.throws(() => stratifiedSplit(['a', 7 as unknown as string], 0.5, 1), isInvalidArgument);
  assert.throws(() => stratifiedSplit(['a', 'b', 'c'], 0.5, 1), (err: unknown) => isInvalidArgument(err) && /no test rows/.test((err as Error).message));
  assert.throws(() => stratifiedSplit(repeat('a', 4), 0.1, 1), isInvalidArgument);
});

const REVIEWS_CSV = process.env.REVIEWS_CSV;
const realData = REVIEWS_CSV ? false : 'REVIEWS_CSV is not set: it must name the public reviews subset to run this test';

test('stratifiedSplit of the public subset by branch|rating holds 20% of every stratum, within one row, the same on every call', { skip: realData }, async () => {
  const { reviews } = await loadReviews(REVIEWS_CSV as string);
  const strata = reviews.map((r) => `${r.branch}|${r.rating}`);
  const split = stratifiedSplit(strata, 0.2, 42);
  assert.equal(split.test.length, Math.round(0.2 * reviews.length));
  const size = new Map<string, number>();
  const inTest = new Map<string, number>();
  for (const key of strata) size.set(key, (size.get(key) ?? 0) + 1);
  for (const i of split.test) inTest.set(strata[i] as string, (inTest.get(strata[i] as string) ?? 0) + 1);
  assert.equal(size.size, 15);
  for (const [key, s] of size) {
    const t = inTest.get(key) ?? 0;
    assert.ok(Math.abs(t - 0.2 * s) < 1, `${key}: ${t} test rows of ${s}`);
  }
  assert.deepEqual(stratifiedSplit(strata, 0.2, 42), split);
});
