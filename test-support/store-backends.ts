/**
 * @module testing/store-backends
 * The two databases the store's tests run on, each giving a fresh empty store target: a SQLite
 * file in a temporary directory, and a new database on the PostgreSQL test server (skipped with
 * the reason when REVIEW_STARS_TEST_POSTGRES is unset). For tests only.
 */
import { join } from 'node:path';
import type { Store } from '../src/store/store.js';
import { parseStoreUrl, type StoreTarget } from '../src/store/url.js';
import { createTestDatabase, dropTestDatabase, postgresDatabaseUrl, postgresSkipReason } from './postgres.js';
import { withTempDir } from './temp-dir.js';

/** A store target that opens something. */
export type OpenTarget = Exclude<StoreTarget, { kind: 'none' }>;

/** A back end: how to get a fresh, empty store target, and how to make it disappear while in use. */
export interface StoreBackend {
  name: string;
  skip: string | false;
  withTarget(fn: (target: OpenTarget, disappear: (store: Store) => Promise<void>) => Promise<void>): Promise<void>;
}

/** SQLite (always) and PostgreSQL (when a test server is configured). */
export const STORE_BACKENDS: readonly StoreBackend[] = [
  {
    name: 'SQLite',
    skip: false,
    withTarget: (fn) =>
      withTempDir('rs-store-', (dir) =>
        // A directory that does not exist yet: the store creates it. Closing the only connection
        // is how a SQLite store goes away under a running service.
        fn(parseStoreUrl(`sqlite:${join(dir, 'not-yet', 'store.db')}`) as OpenTarget, (store) => store.close()),
      ),
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason(),
    withTarget: async (fn) => {
      const name = await createTestDatabase();
      try {
        // The database is dropped (its connections cut) under the running store.
        await fn(parseStoreUrl(postgresDatabaseUrl(name)) as OpenTarget, () => dropTestDatabase(name));
      } finally {
        await dropTestDatabase(name);
      }
    },
  },
];

/** The URL to give `--store` for a target. */
export function storeUrlOf(target: OpenTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.path}` : target.url;
}
