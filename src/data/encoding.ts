/**
 * @module data/encoding
 * Byte-level helpers for reading text files whose encoding is UTF-8 or cp1252/latin-1: streaming
 * UTF-8 validation that names the first invalid byte, the BOM, and single-byte decoders.
 * No file access and no CSV knowledge here.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { ReviewStarsError } from '../core/errors.js';

/** An encoding the loader can decode. `latin1` is ISO-8859-1; `cp1252` is Windows-1252. */
export type TextEncodingName = 'utf8' | 'cp1252' | 'latin1';

/** The UTF-8 byte order mark. */
export const UTF8_BOM: Readonly<Uint8Array> = Uint8Array.of(0xef, 0xbb, 0xbf);

/** Length of the UTF-8 BOM at the start of `bytes` (3), or 0 when there is none. */
export function utf8BomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/**
 * Index of the first byte of the first ill-formed UTF-8 sequence in `bytes`, or -1 when all of it
 * is well-formed (Unicode table 3-7: no overlongs, no surrogates, nothing above U+10FFFF). A
 * sequence cut short by the end of `bytes` counts as ill-formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // cut short: fewer than `need` continuation bytes remain
    const second = bytes[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k] as number;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Length of the prefix of `bytes` that ends on a UTF-8 sequence boundary: a multi-byte sequence
 * started in the last 3 bytes but not finished is left out, so that it can be completed by the
 * next chunk. Ill-formed bytes are not judged here (the validator does that).
 */
export function completeUtf8Prefix(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = n - 1;
  while (i >= 0 && i >= n - 4 && ((bytes[i] as number) & 0xc0) === 0x80) i--;
  if (i < 0 || i < n - 4) return n;
  const lead = bytes[i] as number;
  const length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
  return n - i < length ? i : n;
}

/**
 * Checks a byte stream for well-formed UTF-8 chunk by chunk, carrying a sequence split across two
 * chunks over to the next. Throws `DATA_ENCODING` naming the file offset (and line) of the first
 * invalid byte. Validation uses the native `isUtf8`; the byte-by-byte scan runs only on failure.
 */
export class Utf8StreamValidator {
  private pending: Uint8Array = new Uint8Array(0);
  /** File offset of pending[0] (or of the next chunk when nothing is pending). */
  private offset: number;
  /** Line feeds seen before `offset`. */
  private newlines = 0;

  /**
   * @param file Name used in error messages.
   * @param startOffset File offset of the first byte that will be pushed (e.g. 3 after a BOM).
   */
  constructor(
    private readonly file: string,
    startOffset = 0,
  ) {
    this.offset = startOffset;
  }

  /** Validates the next chunk; throws `DATA_ENCODING` at the first invalid byte. */
  push(chunk: Uint8Array): void {
    const bytes = this.pending.length === 0 ? chunk : concatBytes(this.pending, chunk);
    const cut = completeUtf8Prefix(bytes);
    const body = bytes.subarray(0, cut);
    if (!isUtf8(body)) this.fail(body, firstInvalidUtf8(body));
    this.newlines += countByte(body, 0x0a);
    this.offset += cut;
    this.pending = cut === bytes.length ? new Uint8Array(0) : bytes.slice(cut);
  }

  /** Call after the last chunk: a sequence left unfinished at the end of the file is invalid. */
  end(): void {
    if (this.pending.length > 0) this.fail(this.pending, 0);
  }

  private fail(bytes: Uint8Array, index: number): never {
    const at = index < 0 ? 0 : index;
    const offset = this.offset + at;
    const line = this.newlines + countByte(bytes.subarray(0, at), 0x0a) + 1;
    const byte = bytes[at] as number;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    throw new ReviewStarsError(
      'DATA_ENCODING',
      `${this.file} is not valid UTF-8: byte ${hex} at byte offset ${offset} (line ${line}) does not start a valid ` +
        `UTF-8 sequence; if the file is cp1252/latin-1 (as Kaggle ships the reviews CSV), pass --encoding cp1252`,
      { file: this.file, offset, line, byte },
    );
  }
}

/**
 * Rewrites CRLF and lone CR line ends as LF, chunk by chunk (a CRLF split across two chunks is one
 * line end). Works on UTF-8 and single-byte text alike: 0x0D and 0x0A occur in neither encoding
 * except as CR and LF. Returns the chunk itself when it holds no CR.
 */
export class NewlineNormalizer {
  /** The previous chunk's last byte was CR (so a leading LF here is the rest of that CRLF). */
  private lastWasCr = false;
  private lastOut = -1;

  /** The chunk with its line ends as LF. */
  apply(chunk: Uint8Array): Uint8Array {
    if (chunk.length === 0) return chunk;
    const skipFirst = this.lastWasCr && chunk[0] === 0x0a;
    this.lastWasCr = chunk[chunk.length - 1] === 0x0d;
    let cr = chunk.indexOf(0x0d);
    let out: Uint8Array;
    if (cr === -1 && !skipFirst) {
      out = chunk;
    } else {
      const buf = new Uint8Array(chunk.length);
      let from = skipFirst ? 1 : 0;
      let n = 0;
      while (cr !== -1) {
        buf.set(chunk.subarray(from, cr), n);
        n += cr - from;
        buf[n++] = 0x0a;
        from = chunk[cr + 1] === 0x0a ? cr + 2 : cr + 1;
        cr = from < chunk.length ? chunk.indexOf(0x0d, from) : -1;
      }
      buf.set(chunk.subarray(from), n);
      n += chunk.length - from;
      out = buf.subarray(0, n);
    }
    if (out.length > 0) this.lastOut = out[out.length - 1] as number;
    return out;
  }

  /** True when the text so far ends with a line end (false while nothing was seen). */
  get endsWithLineFeed(): boolean {
    return this.lastOut === 0x0a;
  }
}

/** A stateless single-byte decoder: every byte is one character. */
export type SingleByteDecoder = (chunk: Uint8Array) => string;

/**
 * Decoder for a single-byte encoding. cp1252's five unassigned bytes (0x81, 0x8D, 0x8F, 0x90,
 * 0x9D) decode to U+FFFD; latin-1 maps every byte to the code point of the same value.
 */
export function singleByteDecoder(encoding: 'cp1252' | 'latin1'): SingleByteDecoder {
  if (encoding === 'latin1') return (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
  return (chunk) => iconv.decode(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), 'win1252');
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function countByte(bytes: Uint8Array, value: number): number {
  let count = 0;
  let i = bytes.indexOf(value);
  while (i !== -1) {
    count++;
    i = bytes.indexOf(value, i + 1);
  }
  return count;
}
