import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModelFile, encodeModelFile } from './model-file.js';
import type { ModelArtifact } from '../models/classifier.js';
import { isReviewStarsError } from '../core/errors.js';

const artifact: ModelArtifact = {
  algorithm: 'logistic_regression',
  nFeatures: 3,
  params: { C: 1, classWeight: 'balanced', converged: true, note: null },
  arrays: {
    coef: Float64Array.from([0.5, -1.25, 3, 0, 1e-300, -7, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    intercept: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]),
    children: Int32Array.from([1, 2, -1]),
    flags: Uint8Array.from([1, 0, 1]),
  },
};

function rejects(bytes: Buffer, pattern: RegExp): void {
  assert.throws(
    () => decodeModelFile('m.rsm', bytes),
    (err: unknown) => isReviewStarsError(err, 'MODEL_FILE_INVALID') && pattern.test(err.message) && err.message.includes('m.rsm'),
  );
}

test('a model file round-trips params and every typed array bit for bit', () => {
  const decoded = decodeModelFile('m.rsm', encodeModelFile(artifact));
  assert.equal(decoded.algorithm, 'logistic_regression');
  assert.equal(decoded.nFeatures, 3);
  assert.deepEqual(decoded.params, artifact.params);
  for (const [name, arr] of Object.entries(artifact.arrays)) {
    assert.equal(decoded.arrays[name]?.constructor, arr.constructor, name);
    assert.deepEqual(decoded.arrays[name], arr, name);
  }
});

test('a truncated model file is rejected with a message naming the file', () => {
  const bytes = encodeModelFile(artifact);
  rejects(bytes.subarray(0, bytes.length - 8), /truncated|expected/);
  rejects(bytes.subarray(0, 20), /header length|truncated/);
  rejects(bytes.subarray(0, 4), /magic/);
});

test('a foreign file, bad JSON header or unknown algorithm is rejected', () => {
  rejects(Buffer.from('PK\u0003\u0004 this is a zip file, not a model'), /magic/);
  const bytes = encodeModelFile(artifact);
  const broken = Buffer.from(bytes);
  broken[13] = 0x7b; // corrupt the JSON header
  broken[14] = 0x7b;
  rejects(broken, /JSON|format/);
  rejects(encodeModelFile({ ...artifact, algorithm: 'svm' as never }), /unknown algorithm/);
  rejects(encodeModelFile({ ...artifact, nFeatures: 0 }), /nFeatures/);
});

test('non-finite numbers and trailing bytes are rejected', () => {
  rejects(encodeModelFile({ ...artifact, arrays: { w: Float64Array.from([1, Number.NaN]) } }), /non-finite/);
  rejects(Buffer.concat([encodeModelFile(artifact), Buffer.alloc(8)]), /expected/);
});
