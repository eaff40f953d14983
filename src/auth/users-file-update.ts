/**
 * @module auth/users-file-update
 * Read-modify-write changes of the users file (`users add`, `users remove`) under an exclusive
 * lock, so that two commands changing one file at once never lose each other's change. For the
 * users commands only: the service just reads the file. Never logs.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';
import { ReviewStarsError } from '../core/errors.js';
import { errnoText, isErrno, readUsersFile, writeUsersFile, type UserRecord } from './users-file.js';

/** How long a change waits for another one to finish, and when a lock counts as abandoned. */
const LOCK_RETRIES = { retries: 40, factor: 1.2, minTimeout: 25, maxTimeout: 500 };
const LOCK_STALE_MS = 10_000;

/**
 * Changes the users file under an exclusive lock (`<path>.lock`, refreshed while held and taken
 * over when abandoned for 10 s): reads the current users (none if the file does not exist yet),
 * passes them to `change` and writes what it returns atomically. Two commands changing one file
 * at once are serialised, so neither loses the other's change. USERS_FILE_LOCKED when another
 * change holds the lock for longer than about 15 s (`lockRetries` shortens the wait, for tests).
 */
export async function updateUsersFile(
  path: string,
  change: (current: UserRecord[]) => UserRecord[],
  options: { lockRetries?: number } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    const retries = options.lockRetries === undefined ? LOCK_RETRIES : { ...LOCK_RETRIES, retries: options.lockRetries };
    release = await lock(path, { realpath: false, stale: LOCK_STALE_MS, retries });
  } catch (err) {
    if (isErrno(err, 'ELOCKED')) {
      throw new ReviewStarsError(
        'USERS_FILE_LOCKED',
        `users file ${path} is being changed by another command (lock ${path}.lock): retry in a moment`,
        { file: path },
      );
    }
    throw new ReviewStarsError('USERS_FILE_INVALID', `users file ${path} cannot be locked for a change (${errnoText(err)})`, { file: path });
  }
  try {
    await writeUsersFile(path, change((await readUsersFile(path)) ?? []));
  } finally {
    await release();
  }
}
