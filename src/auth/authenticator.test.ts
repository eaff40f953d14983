import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Authenticator } from './authenticator.js';
import { hashPassword } from './password.js';
import { UserStore } from './user-store.js';

const CHEAP = { log2N: 10, r: 8, p: 1, keyLength: 32 };
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function store(): Promise<UserStore> {
  return UserStore.fromRecords([
    { name: 'alice', role: 'admin', passwordHash: await hashPassword('wonderland', CHEAP) },
    { name: 'bob', role: 'reader', passwordHash: await hashPassword('builder-pass', CHEAP) },
  ]);
}

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('valid credentials authenticate with the user name and role', async () => {
  const auth = new Authenticator(await store());
  assert.deepEqual(await auth.authenticate(basic('alice', 'wonderland'), '127.0.0.1'), { ok: true, principal: { name: 'alice', role: 'admin' } });
  assert.deepEqual(await auth.authenticate(basic('bob', 'builder-pass'), '127.0.0.1'), { ok: true, principal: { name: 'bob', role: 'reader' } });
});

test('a verified header is cached until its time to live ends', async () => {
  const clock = fakeClock();
  const auth = new Authenticator(await store(), { cacheTtlMs: 60_000, now: clock.now });
  const header = basic('bob', 'builder-pass');
  assert.equal(auth.cached(header), undefined);
  await auth.authenticate(header, 'c');
  assert.deepEqual(auth.cached(header), { name: 'bob', role: 'reader' });
  clock.advance(59_999);
  assert.deepEqual(auth.cached(header), { name: 'bob', role: 'reader' });
  clock.advance(1);
  assert.equal(auth.cached(header), undefined);
});

test('a connection remembers its verified header until the cache entry expires, and only that header', async () => {
  const clock = fakeClock();
  const auth = new Authenticator(await store(), { cacheTtlMs: 10_000, now: clock.now });
  const connection = {};
  const bob = basic('bob', 'builder-pass');
  await auth.authenticate(bob, 'c');
  clock.advance(4_000);
  assert.deepEqual(auth.cached(bob, connection), { name: 'bob', role: 'reader' });
  assert.deepEqual(auth.cached(bob, connection), { name: 'bob', role: 'reader' });
  assert.equal(auth.cached(basic('bob', 'other-pass'), connection), undefined);
  assert.equal(auth.cached(basic('alice', 'wonderland'), connection), undefined);
  clock.advance(6_000); // the entry was cached at t0: it expires at t0 + 10 s, memo included
  assert.equal(auth.cached(bob, connection), undefined);
});

test('replacing the users also forgets what connections remember', async () => {
  const auth = new Authenticator(await store());
  const connection = {};
  const bob = basic('bob', 'builder-pass');
  await auth.authenticate(bob, 'c');
  assert.ok(auth.cached(bob, connection));
  auth.replaceUsers(await store());
  assert.equal(auth.cached(bob, connection), undefined);
});

test('wrong passwords, unknown users, malformed and missing headers are refused', async () => {
  const auth = new Authenticator(await store());
  assert.deepEqual(await auth.authenticate(basic('bob', 'wrong'), 'c'), { ok: false, reason: 'invalid' });
  assert.deepEqual(await auth.authenticate(basic('mallory', 'builder-pass'), 'c'), { ok: false, reason: 'invalid' });
  assert.deepEqual(await auth.authenticate('Basic !!!', 'c'), { ok: false, reason: 'malformed' });
  assert.deepEqual(await auth.authenticate('Bearer token', 'c'), { ok: false, reason: 'malformed' });
  assert.deepEqual(await auth.authenticate(undefined, 'c'), { ok: false, reason: 'missing' });
  assert.deepEqual(await auth.authenticate('', 'c'), { ok: false, reason: 'missing' });
  assert.equal(auth.cached(basic('bob', 'wrong')), undefined);
});

test('an unknown user takes about as long to refuse as a wrong password', async () => {
  const dear = { ...CHEAP, log2N: 14 };
  const users = UserStore.fromRecords([{ name: 'bob', role: 'reader', passwordHash: await hashPassword('builder-pass', dear) }]);
  const auth = new Authenticator(users, { maxFailures: 1000 });
  const time = async (header: string): Promise<number> => {
    const started = process.hrtime.bigint();
    await auth.authenticate(header, 'c');
    return Number(process.hrtime.bigint() - started);
  };
  await time(basic('bob', 'warm-up'));
  let known = 0;
  let unknown = 0;
  for (let i = 0; i < 4; i++) {
    known += await time(basic('bob', `wrong-${i}`));
    unknown += await time(basic(`nobody${i}`, `wrong-${i}`));
  }
  const ratio = unknown / known;
  assert.ok(ratio > 0.5 && ratio < 2, `unknown/known time ratio ${ratio.toFixed(2)}`);
});

test('after maxFailures failures a client is rate limited with a retry delay; others are not', async () => {
  const clock = fakeClock();
  const auth = new Authenticator(await store(), { maxFailures: 3, failureWindowMs: 30_000, now: clock.now });
  for (let i = 0; i < 3; i++) assert.equal((await auth.authenticate(basic('bob', `guess${i}`), '203.0.113.9')).ok, false);
  assert.deepEqual(await auth.authenticate(basic('bob', 'builder-pass'), '203.0.113.9'), { ok: false, reason: 'rate-limited', retryAfterSeconds: 30 });
  assert.equal((await auth.authenticate(basic('bob', 'builder-pass'), '203.0.113.10')).ok, true);
  clock.advance(30_000);
  assert.equal((await auth.authenticate(basic('alice', 'wonderland'), '203.0.113.9')).ok, true);
});

test('malformed headers count as failures, missing ones do not', async () => {
  const auth = new Authenticator(await store(), { maxFailures: 2 });
  for (let i = 0; i < 5; i++) await auth.authenticate(undefined, 'c');
  assert.equal((await auth.authenticate(basic('bob', 'builder-pass'), 'c')).ok, true);
  await auth.authenticate('Basic ***', 'd');
  await auth.authenticate('Basic ***', 'd');
  assert.equal((await auth.authenticate(basic('alice', 'wonderland'), 'd')).ok, false);
});

test('a cached header still passes while its client is rate limited', async () => {
  const auth = new Authenticator(await store(), { maxFailures: 1 });
  const good = basic('bob', 'builder-pass');
  assert.equal((await auth.authenticate(good, 'shared-nat')).ok, true);
  await auth.authenticate(basic('bob', 'guess'), 'shared-nat');
  assert.equal((await auth.authenticate(good, 'shared-nat')).ok, true);
  assert.equal((await auth.authenticate(basic('alice', 'wonderland'), 'shared-nat')).ok, false);
});

test('concurrent requests with one uncached header share a single verification', async () => {
  // One verification slot and no queue: a second, separate verification would be refused as busy.
  const auth = new Authenticator(await store(), { maxConcurrentVerifications: 1, maxQueuedVerifications: 0 });
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(basic('alice', 'wonderland'), 'c')));
  assert.ok(outcomes.every((o) => o.ok));
});

test('verifications beyond the queue bound are refused as busy, not queued without limit', async () => {
  const auth = new Authenticator(await store(), { maxConcurrentVerifications: 1, maxQueuedVerifications: 1 });
  const outcomes = await Promise.all([
    auth.authenticate(basic('alice', 'wonderland'), 'c'),
    auth.authenticate(basic('bob', 'builder-pass'), 'c'),
    auth.authenticate(basic('bob', 'other'), 'c'),
  ]);
  assert.equal(outcomes[0]?.ok, true);
  assert.equal(outcomes[1]?.ok, true);
  assert.deepEqual(outcomes[2], { ok: false, reason: 'busy', retryAfterSeconds: 1 });
});

test('replacing the users forgets cached verifications', async () => {
  const auth = new Authenticator(await store());
  const header = basic('bob', 'builder-pass');
  await auth.authenticate(header, 'c');
  auth.replaceUsers(UserStore.fromRecords([{ name: 'bob', role: 'reader', passwordHash: await hashPassword('new-password', CHEAP) }]));
  assert.equal(auth.cached(header), undefined);
  assert.deepEqual(await auth.authenticate(header, 'c'), { ok: false, reason: 'invalid' });
  assert.equal((await auth.authenticate(basic('bob', 'new-password'), 'c')).ok, true);
});

test('sign-in credentials verify like a Basic header and share its failure limit', async () => {
  const auth = new Authenticator(await store(), { maxFailures: 2 });
  assert.deepEqual(await auth.authenticateCredentials('alice', 'wonderland', 'c'), { ok: true, principal: { name: 'alice', role: 'admin' } });
  assert.deepEqual(await auth.authenticateCredentials('alice', 'wrong', 'c'), { ok: false, reason: 'invalid' });
  assert.deepEqual(await auth.authenticateCredentials('', '', 'c'), { ok: false, reason: 'missing' });
  // The second failure (a Basic one) reaches the limit the form counts against too.
  assert.deepEqual(await auth.authenticate(basic('nobody', 'x'), 'c'), { ok: false, reason: 'invalid' });
  const refused = await auth.authenticateCredentials('alice', 'wonderland', 'c');
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.reason, 'rate-limited');
  assert.ok((await auth.authenticateCredentials('alice', 'wonderland', 'other-client')).ok);
});
