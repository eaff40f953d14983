import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FailureRateLimiter } from './rate-limit.js';

test('a client is refused after maxFailures failures until its window ends', () => {
  const limiter = new FailureRateLimiter({ maxFailures: 3, windowMs: 10_000, maxClients: 100 });
  for (let i = 0; i < 2; i++) limiter.recordFailure('10.0.0.1', 1000 + i);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 1500), 0);
  limiter.recordFailure('10.0.0.1', 2000);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 2000), 9); // window started at 1000, ends at 11000
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 10_900), 1);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 11_000), 0);
  assert.equal(limiter.size, 0);
});

test('clients are counted separately', () => {
  const limiter = new FailureRateLimiter({ maxFailures: 1, windowMs: 1000, maxClients: 100 });
  limiter.recordFailure('a', 0);
  assert.ok(limiter.retryAfterSeconds('a', 1) > 0);
  assert.equal(limiter.retryAfterSeconds('b', 1), 0);
});

test('a failure after the window ended starts a new window', () => {
  const limiter = new FailureRateLimiter({ maxFailures: 2, windowMs: 1000, maxClients: 100 });
  limiter.recordFailure('a', 0);
  limiter.recordFailure('a', 1500);
  assert.equal(limiter.retryAfterSeconds('a', 1600), 0);
  limiter.recordFailure('a', 1700);
  assert.equal(limiter.retryAfterSeconds('a', 1700), 1);
});

test('memory stays bounded: past maxClients the least recently failing client is forgotten', () => {
  const limiter = new FailureRateLimiter({ maxFailures: 1, windowMs: 60_000, maxClients: 50 });
  for (let i = 0; i < 1000; i++) limiter.recordFailure(`192.0.2.${i}`, i);
  assert.equal(limiter.size, 50);
  assert.equal(limiter.retryAfterSeconds('192.0.2.0', 1000), 0);
  assert.ok(limiter.retryAfterSeconds('192.0.2.999', 1000) > 0);
});
