/**
 * @module auth/users-file
 * The users file: JSON holding each user's name, role and salted password hash (never a password).
 * Reads validate every field; writes are atomic (temporary file, fsync, rename) with mode 0600.
 * Knows nothing of HTTP; never logs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReviewStarsError } from '../core/errors.js';
import { PasswordHashFormatError, parsePasswordHash } from './password.js';

/** What a user may do: `reader` uses the API, `admin` also reloads models. */
export type Role = 'reader' | 'admin';
/** Every role, weakest first. */
export const ROLES: readonly Role[] = ['reader', 'admin'];

/** One user as stored. */
export interface UserRecord {
  name: string;
  role: Role;
  /** PHC scrypt string (see auth/password). */
  passwordHash: string;
}

/** The users file's JSON shape. */
export interface UsersFileContent {
  format: 'review-stars/users';
  formatVersion: 1;
  users: UserRecord[];
}

/** Users file used when neither a flag nor REVIEW_STARS_USERS_FILE names one. */
export const DEFAULT_USERS_FILE = './users.json';

/**
 * Where the users file is: `flag`, else the REVIEW_STARS_USERS_FILE environment variable, else
 * DEFAULT_USERS_FILE. `explicit` is false only for the default (which may be absent).
 */
export function resolveUsersFile(flag: string | undefined, env: NodeJS.ProcessEnv): { path: string; explicit: boolean } {
  if (flag !== undefined) return { path: flag, explicit: true };
  const fromEnv = env.REVIEW_STARS_USERS_FILE;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { path: fromEnv, explicit: true };
  return { path: DEFAULT_USERS_FILE, explicit: false };
}

const FORMAT = 'review-stars/users';
const FORMAT_VERSION = 1;
/** Letters, digits and `._@-`, starting with a letter or digit; never `:` (HTTP Basic splits on it). */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** True when `role` is a known role. */
export function isRole(role: unknown): role is Role {
  return role === 'reader' || role === 'admin';
}

/** Returns `name` when it is a valid user name, else throws INVALID_ARGUMENT saying what is allowed. */
export function checkUserName(name: string): string {
  if (!USER_NAME.test(name)) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      'a user name is 1 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit',
      { field: 'name' },
    );
  }
  return name;
}

/**
 * Reads and validates a users file. A missing file yields `undefined` (the caller decides whether
 * that is an error); anything else wrong throws USERS_FILE_INVALID naming the file and the problem.
 */
export async function readUsersFile(path: string): Promise<UserRecord[] | undefined> {
  let text: string;
  try {
    const raw = await readFile(path);
    if (raw.length > MAX_FILE_BYTES) throw invalid(path, `it is larger than ${MAX_FILE_BYTES} bytes`);
    text = raw.toString('utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    if (err instanceof ReviewStarsError) throw err;
    throw invalid(path, `it cannot be read (${errnoText(err)})`);
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw invalid(path, 'it is not JSON');
  }
  return parseUsersFileContent(content, path);
}

/** Validates parsed users-file JSON (see readUsersFile); `path` only names the file in errors. */
export function parseUsersFileContent(content: unknown, path: string): UserRecord[] {
  if (!isObject(content) || content.format !== FORMAT) throw invalid(path, `it is not a review-stars users file (format "${FORMAT}")`);
  if (content.formatVersion !== FORMAT_VERSION) throw invalid(path, `formatVersion ${String(content.formatVersion)} is not supported (expected ${FORMAT_VERSION})`);
  if (!Array.isArray(content.users)) throw invalid(path, '"users" must be an array');
  const seen = new Set<string>();
  return content.users.map((user: unknown, i: number): UserRecord => {
    if (!isObject(user)) throw invalid(path, `users[${i}] is not an object`);
    const { name, role, passwordHash } = user;
    if (typeof name !== 'string' || !USER_NAME.test(name)) throw invalid(path, `users[${i}].name is not a valid user name`);
    if (seen.has(name)) throw invalid(path, `user "${name}" appears twice`);
    seen.add(name);
    if (!isRole(role)) throw invalid(path, `user "${name}" has an unknown role (expected one of ${ROLES.join(', ')})`);
    if (typeof passwordHash !== 'string') throw invalid(path, `user "${name}" has no passwordHash`);
    try {
      parsePasswordHash(passwordHash);
    } catch (err) {
      if (err instanceof PasswordHashFormatError) throw invalid(path, `user "${name}" has an invalid passwordHash: ${err.message}`);
      throw err;
    }
    return { name, role, passwordHash };
  });
}

/**
 * Writes `users` to `path` atomically: a temporary file beside it (mode 0600), fsync, then rename,
 * so that a reader (or a crash) sees either the old file or the new one, never half of one.
 */
export async function writeUsersFile(path: string, users: readonly UserRecord[]): Promise<void> {
  const content: UsersFileContent = { format: FORMAT, formatVersion: FORMAT_VERSION, users: users.map((u) => ({ name: u.name, role: u.role, passwordHash: u.passwordHash })) };
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
    await handle.chmod(0o600);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

function invalid(path: string, problem: string): ReviewStarsError {
  return new ReviewStarsError('USERS_FILE_INVALID', `users file ${path} is invalid: ${problem}`, { file: path });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `err` is a Node.js system error with this `code` (e.g. ENOENT). */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/** A system error's code, else its message. */
export function errnoText(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}
