/**
 * @module registry/model-file
 * The binary file format of one fitted model: a magic tag, a JSON header describing the model and
 * its typed arrays, then the arrays' raw little-endian bytes (8-byte aligned). Decoding checks
 * every length and offset and never evaluates anything from the file; it does not interpret the
 * model (models/ does that in each algorithm's `fromArtifact`).
 *
 * Layout: "RSTARSM1" | u32 LE header byte length | header JSON (UTF-8) | zero padding to 8 |
 *         array bytes, each at its header-declared offset from the start of the data section.
 */
import type { Algorithm, ModelArtifact } from '../models/classifier.js';
import { ReviewStarsError } from '../core/errors.js';

const MAGIC = Buffer.from('RSTARSM1', 'ascii');
const FORMAT = 'review-stars/model';
const FORMAT_VERSION = 1;
/** Upper bound on a header, so that a corrupt length cannot make us allocate gigabytes. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const ALGORITHMS: readonly Algorithm[] = ['decision_tree', 'random_forest', 'logistic_regression', 'naive_bayes', 'ordinal_logistic'];

type DType = 'f64' | 'f32' | 'i32' | 'u8';
type AnyTypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

const DTYPES: Record<DType, { bytes: number; make: (buf: ArrayBuffer, length: number) => AnyTypedArray }> = {
  f64: { bytes: 8, make: (b, n) => new Float64Array(b, 0, n) },
  f32: { bytes: 4, make: (b, n) => new Float32Array(b, 0, n) },
  i32: { bytes: 4, make: (b, n) => new Int32Array(b, 0, n) },
  u8: { bytes: 1, make: (b, n) => new Uint8Array(b, 0, n) },
};

interface ArrayEntry {
  name: string;
  dtype: DType;
  length: number;
  offset: number;
}

interface Header {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  algorithm: Algorithm;
  nFeatures: number;
  params: ModelArtifact['params'];
  arrays: ArrayEntry[];
}

function dtypeOf(a: AnyTypedArray): DType {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Encodes a model artifact into the bytes of a model file. */
export function encodeModelFile(artifact: ModelArtifact): Buffer {
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(artifact.arrays)) {
    entries.push({ name, dtype: dtypeOf(arr), length: arr.length, offset });
    offset = align8(offset + arr.byteLength);
  }
  const header: Header = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    algorithm: artifact.algorithm,
    nFeatures: artifact.nFeatures,
    params: artifact.params,
    arrays: entries,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = align8(MAGIC.length + 4 + headerBytes.length);
  const out = Buffer.alloc(dataStart + offset);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  entries.forEach((e) => {
    const arr = artifact.arrays[e.name] as AnyTypedArray;
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, dataStart + e.offset);
  });
  return out;
}

function invalid(file: string, reason: string): ReviewStarsError {
  return new ReviewStarsError('MODEL_FILE_INVALID', `model file ${file} is invalid: ${reason}`, { file });
}

function isPlainParams(v: unknown): v is ModelArtifact['params'] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every(
    (x) => x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)),
  );
}

function parseHeader(file: string, bytes: Buffer): { header: Header; dataStart: number } {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw invalid(file, 'not a review-stars model file (bad magic bytes)');
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES || MAGIC.length + 4 + headerLength > bytes.length) {
    throw invalid(file, `header length ${headerLength} exceeds the file (${bytes.length} bytes): truncated?`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8'));
  } catch {
    throw invalid(file, 'header is not valid JSON');
  }
  const h = raw as Partial<Header>;
  if (typeof raw !== 'object' || raw === null) throw invalid(file, 'header is not an object');
  if (h.format !== FORMAT || h.formatVersion !== FORMAT_VERSION) {
    throw invalid(file, `unsupported format ${JSON.stringify(h.format)} version ${JSON.stringify(h.formatVersion)} (expected ${FORMAT} ${FORMAT_VERSION})`);
  }
  if (!ALGORITHMS.includes(h.algorithm as Algorithm)) throw invalid(file, `unknown algorithm ${JSON.stringify(h.algorithm)}`);
  if (!Number.isInteger(h.nFeatures) || (h.nFeatures as number) < 1) throw invalid(file, 'nFeatures must be a positive integer');
  if (!isPlainParams(h.params)) throw invalid(file, 'params must be an object of finite numbers, strings, booleans or nulls');
  if (!Array.isArray(h.arrays)) throw invalid(file, 'arrays must be a list');
  return { header: h as Header, dataStart: align8(MAGIC.length + 4 + headerLength) };
}

/** True when no value is NaN or infinite; a plain loop (`every` with a callback costs 5x on 300,000 weights). */
function allFinite(values: Float64Array | Float32Array): boolean {
  for (let i = 0; i < values.length; i++) {
    // x - x is 0 for every finite x, NaN for NaN and the infinities.
    if ((values[i] as number) - (values[i] as number) !== 0) return false;
  }
  return true;
}

/**
 * Decodes the bytes of a model file into an artifact (arrays are fresh, aligned copies).
 * `file` names the file in error messages.
 */
export function decodeModelFile(file: string, bytes: Buffer): ModelArtifact {
  const { header, dataStart } = parseHeader(file, bytes);
  const arrays: ModelArtifact['arrays'] = {};
  let expectedEnd = dataStart;
  for (const e of header.arrays) {
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || e.name === '') throw invalid(file, 'an array entry has no name');
    if (Object.hasOwn(arrays, e.name)) throw invalid(file, `array ${e.name} is declared twice`);
    const dtype = DTYPES[e.dtype];
    if (!Object.hasOwn(DTYPES, e.dtype) || !dtype) throw invalid(file, `array ${e.name} has unknown dtype ${JSON.stringify(e.dtype)}`);
    if (!Number.isInteger(e.length) || e.length < 0 || !Number.isInteger(e.offset) || e.offset < 0 || e.offset % 8 !== 0) {
      throw invalid(file, `array ${e.name} has a bad length or offset`);
    }
    const start = dataStart + e.offset;
    const end = start + e.length * dtype.bytes;
    if (end > bytes.length) throw invalid(file, `array ${e.name} ends at byte ${end} but the file has ${bytes.length}: truncated?`);
    const copy = new ArrayBuffer(e.length * dtype.bytes);
    bytes.copy(Buffer.from(copy), 0, start, end);
    const arr = dtype.make(copy, e.length);
    if ((arr instanceof Float64Array || arr instanceof Float32Array) && !allFinite(arr)) {
      throw invalid(file, `array ${e.name} holds a non-finite number`);
    }
    arrays[e.name] = arr;
    expectedEnd = Math.max(expectedEnd, align8(end - dataStart) + dataStart);
  }
  if (bytes.length !== expectedEnd) throw invalid(file, `file has ${bytes.length} bytes, expected ${expectedEnd}`);
  return { algorithm: header.algorithm, nFeatures: header.nFeatures, params: header.params, arrays };
}
