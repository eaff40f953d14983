import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, parseJsonPatch, parsePointer, type JsonValue } from './json-patch.js';
import { isReviewStarsError } from '../../src/core/errors.js';

const isInvalid = (err: unknown): boolean => isReviewStarsError(err, 'DEPLOY_CONFIG_INVALID');

test('add inserts an object member, an array element before an index, and appends with "-" (RFC 6902 A.1-A.2, A.16)', () => {
  const doc: JsonValue = { foo: ['bar', 'baz'] };
  const out = applyJsonPatch(doc, [
    { op: 'add', path: '/foo/1', value: 'qux' },
    { op: 'add', path: '/foo/-', value: 'end' },
    { op: 'add', path: '/baz', value: { nested: true } },
  ]);
  assert.deepEqual(out, { foo: ['bar', 'qux', 'baz', 'end'], baz: { nested: true } });
});

test('remove, replace, move and copy follow RFC 6902 (A.3-A.7, A.10)', () => {
  const doc: JsonValue = { baz: 'qux', foo: 'bar', list: [1, 2, 3], deep: { a: { b: 1 } } };
  const out = applyJsonPatch(doc, [
    { op: 'remove', path: '/list/1' },
    { op: 'replace', path: '/baz', value: 'boo' },
    { op: 'move', from: '/deep/a/b', path: '/moved' },
    { op: 'copy', from: '/list', path: '/copied' },
  ]);
  assert.deepEqual(out, { baz: 'boo', foo: 'bar', list: [1, 3], deep: { a: {} }, moved: 1, copied: [1, 3] });
});

test('the input document is never modified, and a copied value is not shared with its source', () => {
  const doc: JsonValue = { a: { list: [1] } };
  const out = applyJsonPatch(doc, [
    { op: 'copy', from: '/a', path: '/b' },
    { op: 'add', path: '/b/list/-', value: 2 },
  ]) as Record<string, JsonValue>;
  assert.deepEqual(doc, { a: { list: [1] } });
  assert.deepEqual(out.a, { list: [1] });
  assert.deepEqual(out.b, { list: [1, 2] });
});

test('pointer tokens unescape ~1 to "/" and ~0 to "~" (RFC 6901), as in annotation keys', () => {
  assert.deepEqual(parsePointer('/metadata/annotations/prometheus.io~1scrape'), ['metadata', 'annotations', 'prometheus.io/scrape']);
  assert.deepEqual(parsePointer('/a~0b/~01'), ['a~b', '~1']);
  const out = applyJsonPatch({ metadata: { annotations: {} } }, [{ op: 'add', path: '/metadata/annotations/example.com~1team', value: 'ml' }]);
  assert.deepEqual(out, { metadata: { annotations: { 'example.com/team': 'ml' } } });
});

test('test passes on an equal value and fails with DEPLOY_CONFIG_INVALID on a different one (A.8, A.9)', () => {
  const doc: JsonValue = { containers: [{ name: 'api', ports: [8000] }] };
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/containers/0', value: { ports: [8000], name: 'api' } }]), doc);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/containers/0/name', value: 'web' }]), isInvalid);
});

test('paths that do not exist are refused: replace/remove of a missing member, an index past the end, a non-numeric index', () => {
  const doc: JsonValue = { a: [1, 2] };
  assert.throws(() => applyJsonPatch(doc, [{ op: 'replace', path: '/missing', value: 1 }]), isInvalid);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/2' }]), isInvalid);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/a/3', value: 0 }]), isInvalid);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/a/01', value: 0 }]), isInvalid);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/b/c', value: 0 }]), isInvalid);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'move', from: '/a', path: '/a/0' }]), isInvalid);
});

test('parseJsonPatch accepts well-formed operations and names the first malformed one', () => {
  const ops = parseJsonPatch([{ op: 'replace', path: '/spec/replicas', value: 5 }], 'patch.yaml');
  assert.deepEqual(ops, [{ op: 'replace', path: '/spec/replicas', value: 5 }]);
  assert.throws(() => parseJsonPatch({ op: 'add' }, 'patch.yaml'), /must be a list/);
  assert.throws(() => parseJsonPatch([{ op: 'merge', path: '/a' }], 'patch.yaml'), /operation 0: "op" must be one of/);
  assert.throws(() => parseJsonPatch([{ op: 'add', path: 'a', value: 1 }], 'patch.yaml'), /must start with "\/"/);
  assert.throws(() => parseJsonPatch([{ op: 'add', path: '/a' }], 'patch.yaml'), /needs a "value"/);
  assert.throws(() => parseJsonPatch([{ op: 'copy', path: '/a' }], 'patch.yaml'), /needs a string "from"/);
});
