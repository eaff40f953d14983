import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from './password.js';
import { SessionKeeper, generateSessionSecret } from './session.js';
import { UserStore } from './user-store.js';

const CHEAP = { log2N: 10, r: 8, p: 1, keyLength: 32 };

async function users(password = 'wonderland', role: 'reader' | 'admin' = 'reader'): Promise<UserStore> {
  return UserStore.fromRecords([{ name: 'alice', role, passwordHash: await hashPassword(password, CHEAP) }]);
}

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('an issued token verifies as the same user until it expires, then is refused as expired', async () => {
  const clock = fakeClock();
  const store = await users();
  const keeper = new SessionKeeper({ secret: generateSessionSecret(), ttlMs: 60_000, now: clock.now });
  const { token, session } = keeper.issue(store.find('alice')!);
  assert.equal(session.expiresAt, 1_060_000);
  const outcome = keeper.verify(token, store);
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.session, session);
  clock.advance(59_999);
  assert.ok(keeper.verify(token, store).ok);
  clock.advance(1);
  assert.deepEqual(keeper.verify(token, store), { ok: false, reason: 'expired' });
});

test('a token holds neither the secret nor the password hash, and a changed byte breaks its signature', async () => {
  const store = await users();
  const secret = generateSessionSecret();
  const keeper = new SessionKeeper({ secret, ttlMs: 60_000 });
  const { token } = keeper.issue(store.find('alice')!);
  const decoded = Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8');
  assert.ok(!decoded.includes(store.find('alice')!.hash.key.toString('base64')));
  assert.ok(!token.includes(secret.toString('base64url')));
  // A forged payload (longer expiry) with the old signature.
  const payload = JSON.parse(decoded) as { exp: number };
  const forged = `${Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 1e9 })).toString('base64url')}.${token.split('.')[1]}`;
  assert.deepEqual(keeper.verify(forged, store), { ok: false, reason: 'malformed' });
  assert.deepEqual(keeper.verify('nonsense', store), { ok: false, reason: 'malformed' });
  assert.deepEqual(keeper.verify(`${token}x`, store), { ok: false, reason: 'malformed' });
  // Another process with another secret refuses it.
  assert.deepEqual(new SessionKeeper({ secret: generateSessionSecret(), ttlMs: 60_000 }).verify(token, store), { ok: false, reason: 'malformed' });
  // The same secret elsewhere (a replica) accepts it.
  assert.ok(new SessionKeeper({ secret, ttlMs: 60_000 }).verify(token, store).ok);
});

test('a signed-out session is refused, others of the same user are not', async () => {
  const store = await users();
  const keeper = new SessionKeeper({ secret: generateSessionSecret(), ttlMs: 60_000 });
  const first = keeper.issue(store.find('alice')!);
  const second = keeper.issue(store.find('alice')!);
  keeper.revoke(first.session);
  assert.deepEqual(keeper.verify(first.token, store), { ok: false, reason: 'signed-out' });
  assert.ok(keeper.verify(second.token, store).ok);
});

test('a changed password or a removed user ends the session; a changed role applies at once', async () => {
  const keeper = new SessionKeeper({ secret: generateSessionSecret(), ttlMs: 60_000 });
  const before = await users('wonderland');
  const { token } = keeper.issue(before.find('alice')!);
  assert.deepEqual(keeper.verify(token, await users('new-password')), { ok: false, reason: 'user-changed' });
  assert.deepEqual(keeper.verify(token, new UserStore([])), { ok: false, reason: 'user-changed' });
  const promoted = before.with({ ...before.find('alice')!, role: 'admin' });
  const outcome = keeper.verify(token, promoted);
  assert.ok(outcome.ok && outcome.session.principal.role === 'admin');
});

test('the CSRF token is per session and checked exactly', async () => {
  const store = await users();
  const keeper = new SessionKeeper({ secret: generateSessionSecret(), ttlMs: 60_000 });
  const a = keeper.issue(store.find('alice')!).session;
  const b = keeper.issue(store.find('alice')!).session;
  const token = keeper.csrfToken(a);
  assert.ok(keeper.checkCsrf(a, token));
  assert.notEqual(token, keeper.csrfToken(b));
  assert.ok(!keeper.checkCsrf(b, token));
  assert.ok(!keeper.checkCsrf(a, undefined));
  assert.ok(!keeper.checkCsrf(a, token.slice(1)));
});

test('a short secret is refused', () => {
  assert.throws(() => new SessionKeeper({ secret: Buffer.alloc(16), ttlMs: 1000 }), /at least 32 bytes/);
});
