import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, parsePasswordHash, verifyPassword } from './password.js';
import { DEV_USER, DEV_USER_SCRYPT_PARAMS, UserStore, createDevUser } from './user-store.js';

const CHEAP = { log2N: 10, r: 8, p: 1, keyLength: 32 };

test('a store built from records finds users by exact name and lists names and roles only', async () => {
  const store = UserStore.fromRecords([
    { name: 'zed', role: 'reader', passwordHash: await hashPassword('zed-password', CHEAP) },
    { name: 'alice', role: 'admin', passwordHash: await hashPassword('alice-password', CHEAP) },
  ]);
  assert.equal(store.size, 2);
  assert.equal(store.find('alice')?.role, 'admin');
  assert.equal(store.find('Alice'), undefined);
  assert.deepEqual(store.list(), [
    { name: 'alice', role: 'admin' },
    { name: 'zed', role: 'reader' },
  ]);
  assert.equal(await verifyPassword('alice-password', store.find('alice')!.hash), true);
});

test('unknown names are checked against a hash as dear as the dearest user hash', async () => {
  const store = UserStore.fromRecords([
    { name: 'cheap', role: 'reader', passwordHash: await hashPassword('p', CHEAP) },
    { name: 'dear', role: 'reader', passwordHash: await hashPassword('p', { ...CHEAP, log2N: 12 }) },
  ]);
  assert.equal(store.unknownUserHash.params.log2N, 12);
  assert.equal(new UserStore([]).unknownUserHash.params.log2N, 17);
});

test('with() adds a user or replaces one of the same name', async () => {
  const one = UserStore.fromRecords([{ name: 'a', role: 'reader', passwordHash: await hashPassword('p', CHEAP) }]);
  const two = one.with({ name: 'a', role: 'admin', hash: parsePasswordHash(await hashPassword('q', CHEAP)) });
  assert.equal(one.find('a')?.role, 'reader');
  assert.equal(two.size, 1);
  assert.equal(two.find('a')?.role, 'admin');
});

test('the development user is bob / builder, a reader, hashed at a cost of its own (its password is public)', async () => {
  assert.equal((await createDevUser()).hash.params.log2N, DEV_USER_SCRYPT_PARAMS.log2N);
  const dev = await createDevUser(CHEAP);
  assert.equal(dev.name, 'bob');
  assert.equal(dev.role, 'reader');
  assert.equal(await verifyPassword(DEV_USER.password, dev.hash), true);
  assert.equal(await verifyPassword('builder2', dev.hash), false);
});
