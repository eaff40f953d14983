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

/**
 * Sums (column, value) additions for one row at a time into a dense scratch array, then writes the
 * row out sorted by column and resets itself: the way to build CSR rows without per-entry allocation.
 */
export class SparseRowAccumulator {
  readonly cols: number;
  private readonly values: Float64Array; // all zero between rows
  private readonly seen: Uint8Array; // 1 for the columns listed in touched
  private readonly touched: Int32Array;
  private count = 0;

  constructor(cols: number) {
    this.cols = cols;
    this.values = new Float64Array(cols);
    this.seen = new Uint8Array(cols);
    this.touched = new Int32Array(cols);
  }

  /** Adds `value` to column `col` (0 <= col < cols; not checked: this is the hot path). */
  add(col: number, value: number): void {
    if (this.seen[col] === 0) {
      this.seen[col] = 1;
      this.touched[this.count++] = col;
    }
    this.values[col] = (this.values[col] as number) + value;
  }

  /**
   * Writes the row's non-zero entries, columns ascending, to indices/data[0..nnz) (each at least
   * `cols` long), resets the accumulator for the next row, and returns nnz.
   */
  flush(indices: Int32Array, data: Float64Array): number {
    const touched = this.touched.subarray(0, this.count).sort();
    let nnz = 0;
    for (let k = 0; k < touched.length; k++) {
      const col = touched[k] as number;
      const v = this.values[col] as number;
      this.values[col] = 0;
      this.seen[col] = 0;
      if (v === 0) continue;
      indices[nnz] = col;
      data[nnz] = v;
      nnz++;
    }
    this.count = 0;
    return nnz;
  }
}

/** Builds a Csr row by row, growing its arrays as needed. */
export class CsrBuilder {
  readonly cols: number;
  private indices: Int32Array = new Int32Array(1 << 12);
  private data: Float64Array = new Float64Array(1 << 12);
  private indptr: Int32Array = new Int32Array(1 << 10);
  private rows = 0;
  private nnz = 0;

  constructor(cols: number) {
    this.cols = cols;
  }

  /** Appends a row given as (indices, data)[0..nnz), columns strictly ascending and < cols. */
  pushRow(indices: Int32Array, data: Float64Array, nnz: number): void {
    if (this.nnz + nnz > this.indices.length) {
      const capacity = Math.max(this.indices.length * 2, this.nnz + nnz);
      const grownIndices = new Int32Array(capacity);
      grownIndices.set(this.indices.subarray(0, this.nnz));
      const grownData = new Float64Array(capacity);
      grownData.set(this.data.subarray(0, this.nnz));
      this.indices = grownIndices;
      this.data = grownData;
    }
    if (this.rows + 2 > this.indptr.length) {
      const grown = new Int32Array(this.indptr.length * 2);
      grown.set(this.indptr);
      this.indptr = grown;
    }
    // A loop, not set(subarray): rows are short, and two views per row would cost more than the copy.
    const at = this.nnz;
    for (let k = 0; k < nnz; k++) {
      this.indices[at + k] = indices[k] as number;
      this.data[at + k] = data[k] as number;
    }
    this.nnz += nnz;
    this.indptr[++this.rows] = this.nnz;
  }

  /** The matrix of the rows pushed so far (copies: the builder can go on). */
  build(): Csr {
    return {
      rows: this.rows,
      cols: this.cols,
      indptr: this.indptr.slice(0, this.rows + 1),
      indices: this.indices.slice(0, this.nnz),
      data: this.data.slice(0, this.nnz),
    };
  }
}

/**
 * The same matrix with its arrays in SharedArrayBuffers (one copy), so that worker threads it is
 * posted to read it where it is instead of each receiving a copy; returned as is when it already is.
 */
export function shareCsr(m: Csr): Csr {
  if (m.indptr.buffer instanceof SharedArrayBuffer && m.indices.buffer instanceof SharedArrayBuffer && m.data.buffer instanceof SharedArrayBuffer) return m;
  const nnz = m.indptr[m.rows] as number;
  const indptr = new Int32Array(new SharedArrayBuffer(m.indptr.length * Int32Array.BYTES_PER_ELEMENT));
  const indices = new Int32Array(new SharedArrayBuffer(nnz * Int32Array.BYTES_PER_ELEMENT));
  const data = new Float64Array(new SharedArrayBuffer(nnz * Float64Array.BYTES_PER_ELEMENT));
  indptr.set(m.indptr);
  indices.set(m.indices.subarray(0, nnz));
  data.set(m.data.subarray(0, nnz));
  return { rows: m.rows, cols: m.cols, indptr, indices, data };
}
