import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SCRYPT_PARAMS,
  PasswordHashFormatError,
  formatPasswordHash,
  hashPassword,
  parsePasswordHash,
  unmatchableHash,
  verifyPassword,
  type ScryptParams,
} from './password.js';

/** Cheap parameters: tests only; production hashes use DEFAULT_SCRYPT_PARAMS. */
const TEST_PARAMS: ScryptParams = { log2N: 10, r: 8, p: 1, keyLength: 32 };

test('the default cost is scrypt N=2^17, r=8, p=1 and is written into the hash', async () => {
  assert.deepEqual({ ...DEFAULT_SCRYPT_PARAMS }, { log2N: 17, r: 8, p: 1, keyLength: 32 });
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.equal(await verifyPassword('correct horse battery staple', hash), true);
});

test('a hash verifies its own password and refuses any other', async () => {
  const hash = await hashPassword('wonderland', TEST_PARAMS);
  assert.equal(await verifyPassword('wonderland', hash), true);
  assert.equal(await verifyPassword('Wonderland', hash), false);
  assert.equal(await verifyPassword('', hash), false);
  assert.equal(await verifyPassword('wonderland ', hash), false);
});

test('two hashes of one password differ (random salt) and both verify', async () => {
  const a = await hashPassword('mandarine', TEST_PARAMS);
  const b = await hashPassword('mandarine', TEST_PARAMS);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('mandarine', a), true);
  assert.equal(await verifyPassword('mandarine', b), true);
});

test('passwords are compared after NFC normalisation', async () => {
  const composed = 'caf\u00e9-pass';
  const decomposed = 'cafe\u0301-pass';
  const hash = await hashPassword(composed, TEST_PARAMS);
  assert.equal(await verifyPassword(decomposed, hash), true);
});

test('parameters are read back from the stored string', async () => {
  const hash = await hashPassword('x', { log2N: 11, r: 4, p: 2, keyLength: 24 });
  const parsed = parsePasswordHash(hash);
  assert.deepEqual({ ...parsed.params }, { log2N: 11, r: 4, p: 2, keyLength: 24 });
  assert.equal(parsed.salt.length, 16);
  assert.equal(formatPasswordHash(parsed), hash);
});

function withSalt(encoded: string, salt: string): string {
  const parts = encoded.split('$');
  parts[3] = salt;
  return parts.join('$');
}

test('malformed or hostile hash strings are refused with a reason', () => {
  const good = formatPasswordHash(unmatchableHash(TEST_PARAMS));
  const cases: Array<[string, RegExp]> = [
    ['', /not a scrypt hash/],
    ['plaintext-password', /not a scrypt hash/],
    ['$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', /not a scrypt hash/],
    [good.replace('ln=10', 'ln=30'), /log2N must be an integer from 10 to 20/],
    [good.replace('ln=10', 'ln=9'), /log2N/],
    [good.replace('r=8', 'r=0'), /r must be/],
    [good.replace(',p=1', ''), /ln, r and p are all required/],
    [good.replace('ln=10', 'ln=10,ln=11'), /bad scrypt parameter/],
    [good.replace('ln=10', 'n=1024'), /bad scrypt parameter/],
    [`${good.slice(0, good.lastIndexOf('$'))}$not*base64`, /key is not unpadded base64/],
    [`${good.slice(0, good.lastIndexOf('$'))}$AAAA`, /keyLength must be/],
    [withSalt(good, 'AAAAAAAA'), /salt must be 16 to 64 bytes/],
    [good.replace('ln=10', 'ln=20').replace('r=8', 'r=32'), /more than 1 GiB/],
  ];
  for (const [encoded, message] of cases) {
    assert.throws(() => parsePasswordHash(encoded), (err: unknown) => err instanceof PasswordHashFormatError && message.test(err.message), encoded);
  }
});

test('an unmatchable hash refuses every password, at the parameters asked for', async () => {
  const hash = unmatchableHash(TEST_PARAMS);
  assert.deepEqual({ ...hash.params }, TEST_PARAMS);
  for (const password of ['', 'builder', 'x'.repeat(100)]) assert.equal(await verifyPassword(password, hash), false);
});

test('hashing refuses parameters outside the allowed bounds', async () => {
  await assert.rejects(hashPassword('x', { log2N: 4, r: 8, p: 1, keyLength: 32 }), PasswordHashFormatError);
  await assert.rejects(hashPassword('x', { log2N: 10, r: 8, p: 1, keyLength: 8 }), PasswordHashFormatError);
});
