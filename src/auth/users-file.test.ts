import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReviewStarsError } from '../core/errors.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { formatPasswordHash, unmatchableHash } from './password.js';
import { checkUserName, readUsersFile, writeUsersFile, type UserRecord } from './users-file.js';

const hash = (): string => formatPasswordHash(unmatchableHash({ log2N: 10, r: 8, p: 1, keyLength: 32 }));

test('a written users file reads back the same users, with mode 0600 and no temporary file left', async () => {
  await withTempDir('review-stars-users-', async (dir) => {
    const path = join(dir, 'users.json');
    const users: UserRecord[] = [
      { name: 'alice', role: 'admin', passwordHash: hash() },
      { name: 'bob.builder', role: 'reader', passwordHash: hash() },
    ];
    await writeUsersFile(path, users);
    assert.deepEqual(await readUsersFile(path), users);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(dir), ['users.json']);
    const raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    assert.equal(raw.format, 'review-stars/users');
    assert.equal(raw.formatVersion, 1);
  });
});

test('rewriting replaces the file whole and creates missing parent folders', async () => {
  await withTempDir('review-stars-users-', async (dir) => {
    const path = join(dir, 'secrets', 'nested', 'users.json');
    await writeUsersFile(path, [{ name: 'a', role: 'reader', passwordHash: hash() }]);
    await writeUsersFile(path, []);
    assert.deepEqual(await readUsersFile(path), []);
  });
});

test('a missing users file reads as undefined', async () => {
  await withTempDir('review-stars-users-', async (dir) => {
    assert.equal(await readUsersFile(join(dir, 'absent.json')), undefined);
  });
});

test('an invalid users file is refused with USERS_FILE_INVALID naming the problem', async () => {
  await withTempDir('review-stars-users-', async (dir) => {
    const path = join(dir, 'users.json');
    const wrap = (users: unknown): string => JSON.stringify({ format: 'review-stars/users', formatVersion: 1, users });
    const cases: Array<[string, RegExp]> = [
      ['not json', /is not JSON/],
      ['[]', /not a review-stars users file/],
      [JSON.stringify({ format: 'review-stars/users', formatVersion: 2, users: [] }), /formatVersion 2 is not supported/],
      [JSON.stringify({ format: 'review-stars/users', formatVersion: 1 }), /"users" must be an array/],
      [wrap([{ name: 'bad:name', role: 'reader', passwordHash: hash() }]), /users\[0\]\.name is not a valid user name/],
      [wrap([{ name: 'a', role: 'root', passwordHash: hash() }]), /unknown role/],
      [wrap([{ name: 'a', role: 'reader', password: 'plain' }]), /has no passwordHash/],
      [wrap([{ name: 'a', role: 'reader', passwordHash: 'plain' }]), /invalid passwordHash: not a scrypt hash/],
      [wrap([{ name: 'a', role: 'reader', passwordHash: hash() }, { name: 'a', role: 'admin', passwordHash: hash() }]), /appears twice/],
    ];
    for (const [content, message] of cases) {
      await writeFile(path, content);
      await assert.rejects(readUsersFile(path), (err: unknown) => isReviewStarsError(err, 'USERS_FILE_INVALID') && message.test(err.message) && err.message.includes(path), content);
    }
  });
});

test('user names are letters, digits and . _ @ - and never contain a colon', () => {
  for (const name of ['bob', 'alice.smith', 'ops@example', 'a_b-c', '7']) assert.equal(checkUserName(name), name);
  for (const name of ['', 'bob:builder', ' bob', '.hidden', 'a b', 'x'.repeat(65), 'zoé']) {
    assert.throws(() => checkUserName(name), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'), name);
  }
});
