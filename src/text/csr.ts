/**
 * @module text/csr
 * The one sparse matrix type of review-stars: compressed sparse rows on typed arrays.
 * Row r's non-zeros are indices[indptr[r]..indptr[r+1]) (column ids, ascending) with values in data.
 */

/** A sparse matrix in CSR form. Column indices within a row are strictly ascending. */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array; // length rows + 1
  readonly indices: Int32Array; // length nnz
  readonly data: Float64Array; // length nnz
}

/** Builds a Csr from per-row (column, value) lists; sorts each row by column and sums duplicates. */
export function csrFromRows(rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, cols: number): Csr {
  const indptr = new Int32Array(rows.length + 1);
  let nnz = 0;
  const sorted = rows.map((row) => {
    const merged = new Map<number, number>();
    for (const [c, v] of row) {
      if (!Number.isInteger(c) || c < 0 || c >= cols) throw new RangeError(`column ${c} out of range [0, ${cols})`);
      merged.set(c, (merged.get(c) ?? 0) + v);
    }
    const entries = [...merged.entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
    nnz += entries.length;
    return entries;
  });
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let k = 0;
  sorted.forEach((entries, r) => {
    for (const [c, v] of entries) {
      indices[k] = c;
      data[k] = v;
      k++;
    }
    indptr[r + 1] = k;
  });
  return { rows: rows.length, cols, indptr, indices, data };
}

/** The sub-matrix made of the given rows, in the given order. */
export function csrSelectRows(m: Csr, rowIds: ArrayLike<number>): Csr {
  const indptr = new Int32Array(rowIds.length + 1);
  let nnz = 0;
  for (let i = 0; i < rowIds.length; i++) {
    const r = rowIds[i] as number;
    nnz += (m.indptr[r + 1] as number) - (m.indptr[r] as number);
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  for (let i = 0; i < rowIds.length; i++) {
    const r = rowIds[i] as number;
    const start = m.indptr[r] as number;
    const end = m.indptr[r + 1] as number;
    indices.set(m.indices.subarray(start, end), indptr[i] as number);
    data.set(m.data.subarray(start, end), indptr[i] as number);
  }
  return { rows: rowIds.length, cols: m.cols, indptr, indices, data };
}

/** Dense copy (row-major), for tests and small fixtures only. */
export function csrToDense(m: Csr): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = 0; r < m.rows; r++) {
    const row = new Float64Array(m.cols);
    for (let k = m.indptr[r] as number; k < (m.indptr[r + 1] as number); k++) row[m.indices[k] as number] = m.data[k] as number;
    out.push(row);
  }
  return out;
}
