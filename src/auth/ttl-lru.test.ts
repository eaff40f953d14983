import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TtlLruCache } from './ttl-lru.js';

test('an entry is returned until its time to live has passed', () => {
  const cache = new TtlLruCache<string>({ maxEntries: 10, ttlMs: 1000 });
  cache.set('a', 'alpha', 0);
  assert.equal(cache.get('a', 999), 'alpha');
  assert.equal(cache.get('a', 1000), undefined);
  assert.equal(cache.size, 0);
});

test('entry() also tells when the value expires', () => {
  const cache = new TtlLruCache<string>({ maxEntries: 10, ttlMs: 1000 });
  cache.set('a', 'alpha', 500);
  assert.deepEqual(cache.entry('a', 600), { value: 'alpha', expiresAt: 1500 });
  assert.equal(cache.entry('a', 1500), undefined);
});

test('when full, the least recently used entry is evicted', () => {
  const cache = new TtlLruCache<number>({ maxEntries: 3, ttlMs: 1000 });
  cache.set('a', 1, 0);
  cache.set('b', 2, 0);
  cache.set('c', 3, 0);
  assert.equal(cache.get('a', 1), 1); // a is now the most recent
  cache.set('d', 4, 2); // evicts b
  assert.equal(cache.size, 3);
  assert.equal(cache.get('b', 3), undefined);
  assert.deepEqual([cache.get('a', 3), cache.get('c', 3), cache.get('d', 3)], [1, 3, 4]);
});

test('setting a key again replaces its value and restarts its time to live', () => {
  const cache = new TtlLruCache<string>({ maxEntries: 2, ttlMs: 100 });
  cache.set('k', 'old', 0);
  cache.set('k', 'new', 90);
  assert.equal(cache.size, 1);
  assert.equal(cache.get('k', 150), 'new');
});

test('clear forgets everything; bad options are refused', () => {
  const cache = new TtlLruCache<string>({ maxEntries: 2, ttlMs: 100 });
  cache.set('k', 'v', 0);
  cache.clear();
  assert.equal(cache.get('k', 1), undefined);
  assert.throws(() => new TtlLruCache({ maxEntries: 0, ttlMs: 1 }), RangeError);
  assert.throws(() => new TtlLruCache({ maxEntries: 1, ttlMs: 0 }), RangeError);
});
