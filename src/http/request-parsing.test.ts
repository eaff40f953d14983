import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import { checkQuery, parseQueryString } from './request-parsing.js';

const plain = (query: string): Record<string, unknown> => ({ ...parseQueryString(query) });
const problemOf = (query: string): string | undefined => {
  try {
    checkQuery({ query: parseQueryString(query) } as never);
    return undefined;
  } catch (err) {
    assert.ok(isReviewStarsError(err, 'INVALID_REQUEST'));
    return err.message;
  }
};

test('pairs are decoded: + is a space, percent escapes are UTF-8', () => {
  assert.deepEqual(plain('model_name=best&comment=Caf%C3%A9+is+nice%21'), { model_name: 'best', comment: 'Café is nice!' });
  assert.deepEqual(plain('a=%2B1&b=x%3Dy%26z'), { a: '+1', b: 'x=y&z' });
});

test('repeated keys become a list, keys without = get an empty value, empty pairs are skipped', () => {
  assert.deepEqual(plain('a=1&a=2&a=3'), { a: ['1', '2', '3'] });
  assert.deepEqual(plain('flag&x='), { flag: '', x: '' });
  assert.deepEqual(plain('&&a=1&'), { a: '1' });
  assert.deepEqual(plain(''), {});
});

test('the result has no prototype, so __proto__ is an ordinary key', () => {
  const parsed = parseQueryString('__proto__=x&constructor=y');
  assert.equal(Object.getPrototypeOf(parsed), null);
  assert.equal(parsed.__proto__, 'x');
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('invalid percent-encoding or UTF-8 is recorded and refused as INVALID_REQUEST', () => {
  for (const query of ['comment=%FF', 'comment=%C3%28', 'comment=%ED%A0%80', 'comment=%', 'comment=%G1', '%FF=1']) {
    assert.match(problemOf(query) ?? '', /not valid percent-encoded UTF-8/, query);
  }
  assert.match(problemOf('comment=caf\u00e9') ?? '', /percent-encode them/);
  assert.match(problemOf('comment=a\u0001b') ?? '', /percent-encode them/);
  assert.match(problemOf('comment=a%00b') ?? '', /control characters/);
  assert.match(problemOf('comment=a%1Bb') ?? '', /control characters/);
  assert.match(problemOf('comment=a%7fb') ?? '', /control characters/);
  assert.match(problemOf('comment=a%0cb') ?? '', /control characters/);
  assert.match(problemOf('a%00=b') ?? '', /control characters/);
  assert.equal(problemOf('comment=line%0Aand%09tab%0D'), undefined);
  assert.equal(problemOf('comment=fine'), undefined);
});
