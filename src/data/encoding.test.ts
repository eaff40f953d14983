import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import { Random } from '../core/random.js';
import {
  NewlineNormalizer,
  Utf8StreamValidator,
  completeUtf8Prefix,
  firstInvalidUtf8,
  singleByteDecoder,
  utf8BomLength,
} from './encoding.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

test('firstInvalidUtf8 accepts well-formed text of every sequence length', () => {
  assert.equal(firstInvalidUtf8(new TextEncoder().encode('plain ASCII, café, ’, €, 😀, 中文')), -1);
  assert.equal(firstInvalidUtf8(new Uint8Array(0)), -1);
});

test('firstInvalidUtf8 names the first byte of the first ill-formed sequence', () => {
  assert.equal(firstInvalidUtf8(bytes(0x61, 0xe9, 0x62)), 1, 'cp1252 é followed by ASCII');
  assert.equal(firstInvalidUtf8(bytes(0x61, 0x92)), 1, 'lone continuation byte (cp1252 ’)');
  assert.equal(firstInvalidUtf8(bytes(0xc0, 0x80)), 0, 'overlong NUL');
  assert.equal(firstInvalidUtf8(bytes(0xe0, 0x80, 0x80)), 0, 'overlong 3-byte');
  assert.equal(firstInvalidUtf8(bytes(0x41, 0xed, 0xa0, 0x80)), 1, 'UTF-16 surrogate');
  assert.equal(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80)), 0, 'above U+10FFFF');
  assert.equal(firstInvalidUtf8(bytes(0xf5, 0x80, 0x80, 0x80)), 0, 'invalid lead byte');
  assert.equal(firstInvalidUtf8(bytes(0x41, 0x42, 0xe2, 0x82)), 2, 'sequence cut short at the end');
});

test('firstInvalidUtf8 agrees with a fatal TextDecoder on random bytes', () => {
  const rng = new Random(7);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let trial = 0; trial < 2000; trial++) {
    const length = 1 + rng.int(8);
    const sample = new Uint8Array(length);
    for (let i = 0; i < length; i++) sample[i] = rng.int(4) === 0 ? rng.int(128) : 0x80 + rng.int(128);
    let valid = true;
    try {
      decoder.decode(sample);
    } catch {
      valid = false;
    }
    assert.equal(firstInvalidUtf8(sample) === -1, valid, `bytes ${Array.from(sample).join(',')}`);
  }
});

test('completeUtf8Prefix holds back a multi-byte sequence that the chunk cuts', () => {
  const euro = [0xe2, 0x82, 0xac];
  assert.equal(completeUtf8Prefix(bytes(0x41, ...euro)), 4);
  assert.equal(completeUtf8Prefix(bytes(0x41, 0xe2, 0x82)), 1);
  assert.equal(completeUtf8Prefix(bytes(0x41, 0xf0, 0x9f, 0x98)), 1);
  assert.equal(completeUtf8Prefix(bytes(0x41, 0x42)), 2);
});

test('Utf8StreamValidator accepts a character split across chunks', () => {
  const text = new TextEncoder().encode('café ’ 😀 end');
  for (let cut = 0; cut <= text.length; cut++) {
    const validator = new Utf8StreamValidator('x.csv');
    validator.push(text.subarray(0, cut));
    validator.push(text.subarray(cut));
    validator.end();
  }
});

test('Utf8StreamValidator reports the file offset and line of a bad byte in a later chunk', () => {
  const validator = new Utf8StreamValidator('reviews.csv', 3);
  validator.push(new TextEncoder().encode('a,b\nc,d\n'));
  assert.throws(
    () => validator.push(bytes(0x78, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a)),
    (err: unknown) => {
      assert.ok(isReviewStarsError(err, 'DATA_ENCODING'));
      assert.equal(err.details.offset, 3 + 8 + 5);
      assert.equal(err.details.line, 4);
      assert.match(err.message, /byte 0xE9 at byte offset 16 \(line 4\)/);
      assert.match(err.message, /--encoding cp1252/);
      return true;
    },
  );
});

test('Utf8StreamValidator rejects a sequence left unfinished at the end of the file', () => {
  const validator = new Utf8StreamValidator('reviews.csv');
  validator.push(bytes(0x61, 0x62, 0xe2, 0x82));
  assert.throws(() => validator.end(), (err: unknown) => isReviewStarsError(err, 'DATA_ENCODING') && err.details.offset === 2);
});

test('Utf8StreamValidator catches a cp1252 byte held back at a chunk end', () => {
  const validator = new Utf8StreamValidator('reviews.csv');
  validator.push(bytes(0x63, 0x61, 0x66, 0xe9));
  assert.throws(() => validator.push(bytes(0x2c, 0x31)), (err: unknown) => isReviewStarsError(err, 'DATA_ENCODING') && err.details.offset === 3);
});

test('utf8BomLength finds the UTF-8 byte order mark only at the start', () => {
  assert.equal(utf8BomLength(bytes(0xef, 0xbb, 0xbf, 0x41)), 3);
  assert.equal(utf8BomLength(bytes(0x41, 0xef, 0xbb, 0xbf)), 0);
  assert.equal(utf8BomLength(bytes(0xef, 0xbb)), 0);
});

test('NewlineNormalizer turns CRLF and lone CR into LF, also across chunk boundaries', () => {
  const run = (...chunks: string[]): string => {
    const normalizer = new NewlineNormalizer();
    return chunks.map((c) => Buffer.from(normalizer.apply(Buffer.from(c, 'latin1'))).toString('latin1')).join('');
  };
  assert.equal(run('a\r\nb\rc\nd'), 'a\nb\nc\nd');
  assert.equal(run('a\r', '\nb'), 'a\nb');
  assert.equal(run('a\r', '\r', '\n', 'b'), 'a\n\nb');
  assert.equal(run('no line end'), 'no line end');
  const normalizer = new NewlineNormalizer();
  const unchanged = Buffer.from('x\ny');
  assert.equal(normalizer.apply(unchanged), unchanged, 'a chunk without CR is passed through, not copied');
  assert.equal(normalizer.endsWithLineFeed, false);
  normalizer.apply(Buffer.from('z\r'));
  assert.equal(normalizer.endsWithLineFeed, true);
});

test('singleByteDecoder maps cp1252 punctuation and latin-1 bytes as each standard says', () => {
  const sample = bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x92, 0x20, 0x80, 0x20, 0x81);
  assert.equal(singleByteDecoder('cp1252')(sample), 'café ’ € \ufffd');
  assert.equal(singleByteDecoder('latin1')(sample), 'café \u0092 \u0080 \u0081');
});
