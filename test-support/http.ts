/**
 * @module test-support/http
 * Helpers for tests of the HTTP service (and benchmarks): users hashed at a cheap scrypt cost
 * (tests only; production hashes use the default cost), Basic header values, and an app built on
 * the in-memory fixture model set. Never used by `review-stars serve`.
 */
import { Writable } from 'node:stream';
import type { Logger, LevelWithSilent } from 'pino';
import { hashPassword, type ScryptParams } from '../src/auth/password.js';
import { UserStore } from '../src/auth/user-store.js';
import { buildApp, type AppOptions, type ReviewStarsApp } from '../src/http/app.js';
import { createLogger } from '../src/http/logging.js';
import { createTestModelSet } from './test-model-set.js';

/** A cheap scrypt cost so that suites stay fast. Tests only. */
export const TEST_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ log2N: 10, r: 8, p: 1, keyLength: 32 });

/** The test users and their passwords. */
export const TEST_USERS = Object.freeze({
  reader: { name: 'alice', password: 'wonderland-reader', role: 'reader' as const },
  admin: { name: 'root', password: 'admin-secret-pass', role: 'admin' as const },
});

/** `Basic base64(user:password)`. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Authorization values of the test reader and admin. */
export const READER_AUTH = basicAuth(TEST_USERS.reader.name, TEST_USERS.reader.password);
export const ADMIN_AUTH = basicAuth(TEST_USERS.admin.name, TEST_USERS.admin.password);

/** A store holding TEST_USERS, hashed at TEST_SCRYPT_PARAMS. */
export async function createTestUserStore(): Promise<UserStore> {
  return UserStore.fromRecords(
    await Promise.all(
      Object.values(TEST_USERS).map(async (u) => ({ name: u.name, role: u.role, passwordHash: await hashPassword(u.password, TEST_SCRYPT_PARAMS) })),
    ),
  );
}

/** The service's logger, writing its JSON lines into `lines` (for assertions on what is logged). */
export function captureLogger(lines: string[], level: LevelWithSilent = 'info'): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(line);
      done();
    },
  });
  return createLogger({ level, destination: sink });
}

/** An app on the fixture model set with the test users; models are loaded unless `load` is false. */
export async function buildTestApp(overrides: Partial<AppOptions> & { load?: boolean } = {}): Promise<ReviewStarsApp> {
  const { load = true, ...options } = overrides;
  const built = await buildApp({
    loadModels: async () => createTestModelSet(),
    users: await createTestUserStore(),
    processMetrics: false,
    ...options,
  });
  if (load) await built.lifecycle.loadInitial();
  return built;
}
