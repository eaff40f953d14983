/**
 * @module models/csc
 * Column-major (CSC) copy of a CSR matrix, built once per training set so that tree learners can
 * read one feature's non-zeros without touching the other columns. Pure data layout: no learning,
 * no validation of the source (callers validate their Csr first).
 */
import type { Csr } from '../text/csr.js';

/**
 * A sparse matrix in CSC form: column c's non-zeros are rowIndices[colptr[c]..colptr[c+1]) (row ids,
 * ascending) with values in data.
 */
export interface Csc {
  readonly rows: number;
  readonly cols: number;
  readonly colptr: Int32Array; // length cols + 1
  readonly rowIndices: Int32Array; // length nnz
  readonly data: Float64Array; // length nnz
}

/**
 * Allocates a typed array of `length` elements, backed by a SharedArrayBuffer when `shared` (so that
 * worker threads can read it without a copy).
 */
export function allocInt32(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT)) : new Int32Array(length);
}

/** Float64 counterpart of {@link allocInt32}. */
export function allocFloat64(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length);
}

/**
 * The CSC copy of `m` (a counting sort of its entries by column; rows stay ascending within each
 * column). With `shared`, its arrays live in SharedArrayBuffers. O(nnz + cols).
 */
export function cscFromCsr(m: Csr, shared = false): Csc {
  const nnz = m.indptr[m.rows] as number;
  const colptr = allocInt32(m.cols + 1, shared);
  const rowIndices = allocInt32(nnz, shared);
  const data = allocFloat64(nnz, shared);
  const { indptr, indices } = m;
  for (let k = 0; k < nnz; k++) {
    const c = (indices[k] as number) + 1;
    colptr[c] = (colptr[c] as number) + 1;
  }
  for (let c = 0; c < m.cols; c++) colptr[c + 1] = (colptr[c + 1] as number) + (colptr[c] as number);
  const fill = colptr.slice(0, m.cols);
  for (let r = 0; r < m.rows; r++) {
    const end = indptr[r + 1] as number;
    for (let k = indptr[r] as number; k < end; k++) {
      const c = indices[k] as number;
      const q = fill[c] as number;
      fill[c] = q + 1;
      rowIndices[q] = r;
      data[q] = m.data[k] as number;
    }
  }
  return { rows: m.rows, cols: m.cols, colptr, rowIndices, data };
}
