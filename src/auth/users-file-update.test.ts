import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { ReviewStarsError, isReviewStarsError } from '../core/errors.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { formatPasswordHash, unmatchableHash } from './password.js';
import { readUsersFile, writeUsersFile } from './users-file.js';
import { updateUsersFile } from './users-file-update.js';

const hash = (): string => formatPasswordHash(unmatchableHash({ log2N: 10, r: 8, p: 1, keyLength: 32 }));

test('concurrent changes of one users file are serialised by its lock: none is lost, and no lock is left', async () => {
  await withTempDir('review-stars-users-update-', async (dir) => {
    const path = join(dir, 'users.json');
    const names = Array.from({ length: 12 }, (_, i) => `user${i}`);
    await Promise.all(names.map((name) => updateUsersFile(path, (current) => [...current, { name, role: 'reader', passwordHash: hash() }])));
    assert.deepEqual((await readUsersFile(path))!.map((u) => u.name).sort(), [...names].sort());
    assert.deepEqual(await readdir(dir), ['users.json']);
  });
});

test('a change that throws leaves the users file as it was and releases the lock', async () => {
  await withTempDir('review-stars-users-update-', async (dir) => {
    const path = join(dir, 'users.json');
    await writeUsersFile(path, [{ name: 'keep', role: 'admin', passwordHash: hash() }]);
    const before = await readFile(path, 'utf8');
    await assert.rejects(
      updateUsersFile(path, () => {
        throw new ReviewStarsError('USER_NOT_FOUND', 'no such user');
      }),
      (err: unknown) => isReviewStarsError(err, 'USER_NOT_FOUND'),
    );
    assert.equal(await readFile(path, 'utf8'), before);
    await updateUsersFile(path, (current) => current.filter((u) => u.name !== 'keep'));
    assert.deepEqual(await readUsersFile(path), []);
  });
});

test('a lock held by another change gives USERS_FILE_LOCKED; an abandoned one is taken over', async () => {
  await withTempDir('review-stars-users-update-', async (dir) => {
    const path = join(dir, 'users.json');
    const release = await lock(path, { realpath: false });
    try {
      await assert.rejects(
        updateUsersFile(path, (current) => current, { lockRetries: 1 }),
        (err: unknown) => isReviewStarsError(err, 'USERS_FILE_LOCKED') && err.message.includes(`${path}.lock`),
      );
    } finally {
      await release();
    }
    // A command that crashed while holding the lock left it behind, untouched for a minute.
    await mkdir(`${path}.lock`);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, aMinuteAgo, aMinuteAgo);
    await updateUsersFile(path, () => [{ name: 'after', role: 'reader', passwordHash: hash() }], { lockRetries: 1 });
    assert.deepEqual((await readUsersFile(path))!.map((u) => u.name), ['after']);
  });
});
