/**
 * @module data/split
 * The seeded, stratified train/test split: the same strata, fraction and seed give the same row
 * indices, bit for bit. It only chooses indices; it never looks at texts or labels itself.
 */
import { ReviewStarsError } from '../core/errors.js';
import { Random } from '../core/random.js';

/** Row indices (ascending) of the train and test sides of a split. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits rows 0..n-1 into train and test, stratified by `strata[i]` (the training pipeline passes
 * `branch|rating`).
 *
 * Each stratum of size s gets floor(f x s) test rows; the rows still needed to reach
 * round(f x m) in total, m being the rows in strata of size 2 or more, go one each to the strata
 * with the largest remainders f x s - floor(f x s) (ties: the stratum key that sorts first).
 * A stratum of a single row goes to train. Within a stratum the test rows are the first of a
 * seeded Fisher-Yates shuffle; strata are visited in key order (UTF-16 code units), so the result
 * depends only on the arguments.
 *
 * @param strata The stratum key of each row; n = strata.length must be at least 1.
 * @param testFraction Share of rows for test, in (0, 1).
 * @param seed Integer in [0, 2^32).
 * @throws ReviewStarsError `INVALID_ARGUMENT` for bad arguments or a split whose test side would be empty.
 */
export function stratifiedSplit(strata: readonly string[], testFraction: number, seed: number): Split {
  if (!Array.isArray(strata) || strata.length === 0) {
    throw new ReviewStarsError('INVALID_ARGUMENT', 'cannot split an empty data set: no rows were given');
  }
  if (typeof testFraction !== 'number' || !(testFraction > 0 && testFraction < 1)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `the test fraction must be a number strictly between 0 and 1, got ${String(testFraction)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `the split seed must be an integer in [0, 4294967295], got ${String(seed)}`);
  }

  const groups = groupRowsByStratum(strata);
  const keys = [...groups.keys()].sort(compareCodeUnits);
  const testCounts = allocateTestCounts(
    keys.map((k) => (groups.get(k) as number[]).length),
    testFraction,
  );

  const n = strata.length;
  const isTest = new Uint8Array(n);
  const rng = new Random(seed);
  let testTotal = 0;
  keys.forEach((key, g) => {
    const count = testCounts[g] as number;
    if (count === 0) return;
    const rows = rng.shuffle(Int32Array.from(groups.get(key) as number[]));
    for (let i = 0; i < count; i++) isTest[rows[i] as number] = 1;
    testTotal += count;
  });
  if (testTotal === 0) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      `a test fraction of ${testFraction} leaves no test rows out of ${n} (strata of one row stay in train): use more rows or a larger fraction`,
    );
  }

  const train = new Int32Array(n - testTotal);
  const test = new Int32Array(testTotal);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (isTest[i] === 1) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/**
 * Test rows per stratum by the largest-remainder method (see `stratifiedSplit`); `sizes` are in
 * stratum key order, which also breaks ties between equal remainders.
 */
export function allocateTestCounts(sizes: readonly number[], testFraction: number): Int32Array {
  const counts = new Int32Array(sizes.length);
  const remainders: Array<{ group: number; remainder: number }> = [];
  let eligibleRows = 0;
  let assigned = 0;
  sizes.forEach((size, g) => {
    if (size < 2) return;
    const exact = testFraction * size;
    const base = Math.floor(exact);
    counts[g] = base;
    assigned += base;
    eligibleRows += size;
    remainders.push({ group: g, remainder: exact - base });
  });
  const target = Math.round(testFraction * eligibleRows);
  remainders.sort((x, y) => y.remainder - x.remainder || x.group - y.group);
  for (let i = 0; i < target - assigned && i < remainders.length; i++) {
    const g = (remainders[i] as { group: number }).group;
    counts[g] = (counts[g] as number) + 1;
  }
  return counts;
}

function groupRowsByStratum(strata: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const key = strata[i];
    if (typeof key !== 'string') {
      throw new ReviewStarsError('INVALID_ARGUMENT', `the stratum of row ${i} is not a string: ${String(key)}`);
    }
    const rows = groups.get(key);
    if (rows === undefined) groups.set(key, [i]);
    else rows.push(i);
  }
  return groups;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
