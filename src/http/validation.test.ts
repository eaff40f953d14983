import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { typeboxValidatorCompiler } from './validation.js';

const Query = Type.Object({ name: Type.String(), n: Type.Optional(Type.Integer({ minimum: 1 })), x: Type.Optional(Type.Number()), on: Type.Optional(Type.Boolean()) });
const validate = (httpPart: string, value: unknown) =>
  (typeboxValidatorCompiler({ schema: Query, httpPart, method: 'GET', url: '/' }) as (v: unknown) => { value?: unknown; error?: unknown })(value);

test('query and path text is converted strictly to the declared integer, number or boolean', () => {
  assert.deepEqual(validate('querystring', { name: 'a', n: '3', x: '-2.5e1', on: 'false' }).value, { name: 'a', n: 3, x: -25, on: false });
  for (const bad of [{ n: '1.5' }, { n: '03' }, { n: '' }, { x: '1,5' }, { x: 'NaN' }, { on: '1' }, { on: 'TRUE' }]) {
    assert.ok(validate('querystring', { name: 'a', ...bad }).error, JSON.stringify(bad));
  }
});

test('a string property is never converted, and a list for it fails', () => {
  assert.deepEqual(validate('querystring', { name: '42' }).value, { name: '42' });
  assert.ok(validate('querystring', { name: ['a', 'b'] }).error);
});

test('JSON bodies are checked as sent: no conversion of any kind', () => {
  assert.ok(validate('body', { name: 'a', n: '3' }).error);
  assert.ok(validate('body', { name: 42 }).error);
  assert.deepEqual(validate('body', { name: 'a', n: 3 }).value, { name: 'a', n: 3 });
});

test('errors are returned as a list of issues with paths and keywords', () => {
  const { error } = validate('body', { name: 'a', n: 0 });
  assert.ok(Array.isArray(error));
  const issue = (error as Array<{ instancePath: string; keyword: string }>)[0]!;
  assert.equal(issue.instancePath, '/n');
  assert.equal(issue.keyword, 'minimum');
});
