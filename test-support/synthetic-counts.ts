/**
 * @module test-support/synthetic-counts
 * A small seeded count matrix with a learnable signal, for classifier and training tests: each
 * class favours its own block of "words", on top of shared background words; every 17th row is
 * empty. For tests only; nothing in the product imports it.
 */
import type { Csr } from '../src/text/csr.js';
import { Random } from '../src/core/random.js';

/** `rows` x `cols` counts (cols >= 5) and their classes 0..4, the same for the same seed. */
export function syntheticCounts(rows: number, cols: number, seed: number): { X: Csr; y: Uint8Array } {
  const rng = new Random(seed);
  const y = new Uint8Array(rows);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const block = Math.floor(cols / 5);
  for (let r = 0; r < rows; r++) {
    const cls = rng.int(5);
    y[r] = cls;
    const counts = new Map<number, number>();
    const length = r % 17 === 0 ? 0 : 3 + rng.int(10);
    for (let k = 0; k < length; k++) {
      const c = rng.next() < 0.5 ? cls * block + rng.int(block) : rng.int(cols);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    for (const [c, v] of [...counts].sort((a, b) => a[0] - b[0])) {
      indices.push(c);
      data.push(v);
    }
    indptr[r + 1] = indices.length;
  }
  return { X: { rows, cols, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) }, y };
}
