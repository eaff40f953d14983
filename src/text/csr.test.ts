import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrBuilder, SparseRowAccumulator, csrFromRows, csrSelectRows, csrToDense } from './csr.js';

test('csrFromRows sorts each row by column, sums duplicates and drops zeros', () => {
  const m = csrFromRows([[[2, 1], [0, 3], [2, 4]], [], [[1, 5], [1, -5], [0, 2]]], 3);
  assert.deepEqual([...m.indptr], [0, 2, 2, 3]);
  assert.deepEqual([...m.indices], [0, 2, 0]);
  assert.deepEqual([...m.data], [3, 5, 2]);
  assert.throws(() => csrFromRows([[[3, 1]]], 3), RangeError);
});

test('csrSelectRows picks rows in the given order', () => {
  const m = csrFromRows([[[0, 1]], [[1, 2]], [[2, 3]]], 3);
  const picked = csrSelectRows(m, [2, 0, 2]);
  assert.deepEqual(csrToDense(picked).map((r) => [...r]), [[0, 0, 3], [1, 0, 0], [0, 0, 3]]);
});

test('the row accumulator sums additions and writes them out sorted by column, then resets', () => {
  const acc = new SparseRowAccumulator(6);
  const indices = new Int32Array(6);
  const data = new Float64Array(6);
  acc.add(4, 1);
  acc.add(1, 2);
  acc.add(4, 0.5);
  acc.add(0, 1);
  assert.equal(acc.flush(indices, data), 3);
  assert.deepEqual([...indices.subarray(0, 3)], [0, 1, 4]);
  assert.deepEqual([...data.subarray(0, 3)], [1, 2, 1.5]);
  // Reset: the next row starts from zero.
  acc.add(4, 1);
  assert.equal(acc.flush(indices, data), 1);
  assert.deepEqual([indices[0], data[0]], [4, 1]);
  assert.equal(acc.flush(indices, data), 0);
});

test('the row accumulator leaves out columns that sum to zero, and does not list a column twice', () => {
  const acc = new SparseRowAccumulator(3);
  const indices = new Int32Array(3);
  const data = new Float64Array(3);
  acc.add(2, 1);
  acc.add(2, -1);
  acc.add(2, 1);
  acc.add(1, 1);
  acc.add(1, -1);
  assert.equal(acc.flush(indices, data), 1);
  assert.deepEqual([indices[0], data[0]], [2, 1]);
});

test('the builder appends rows, including empty ones, and grows past its initial capacity', () => {
  const builder = new CsrBuilder(5000);
  const indices = Int32Array.from({ length: 5000 }, (_, i) => i);
  const data = Float64Array.from({ length: 5000 }, (_, i) => i + 0.5);
  builder.pushRow(indices, data, 2);
  builder.pushRow(indices, data, 0);
  builder.pushRow(indices, data, 5000);
  for (let r = 0; r < 2000; r++) builder.pushRow(indices, data, 1);
  const m = builder.build();
  assert.equal(m.rows, 2003);
  assert.equal(m.cols, 5000);
  assert.deepEqual([...m.indptr.subarray(0, 4)], [0, 2, 2, 5002]);
  assert.equal(m.indptr[2003], 7002);
  assert.equal(m.indices.length, 7002);
  assert.equal(m.data[5001], 4999.5);
  assert.deepEqual([...m.indices.subarray(2, 5)], [0, 1, 2]);
  // build() copies: pushing more does not change a built matrix.
  builder.pushRow(indices, data, 3);
  assert.equal(m.rows, 2003);
  assert.equal(builder.build().rows, 2004);
});
