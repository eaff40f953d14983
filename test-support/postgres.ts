/**
 * @module testing/postgres
 * For tests that need a real PostgreSQL: the server named by REVIEW_STARS_TEST_POSTGRES (CI starts
 * one with tools/postgres/start.sh and sets it), and a fresh database on it per test, dropped
 * afterwards. For tests only; nothing in the product imports it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server's URL, or undefined when unset. */
export function testPostgresUrl(): string | undefined {
  const url = process.env.REVIEW_STARS_TEST_POSTGRES;
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}

/** Why PostgreSQL tests are skipped, or false when they can run. */
export function postgresSkipReason(): string | false {
  return testPostgresUrl() === undefined
    ? 'REVIEW_STARS_TEST_POSTGRES is unset: run `export REVIEW_STARS_TEST_POSTGRES=$(bash tools/postgres/start.sh)` to run the PostgreSQL half (CI does)'
    : false;
}

/** The URL of database `name` on the test server. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(testPostgresUrl() as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs SQL as the test role on the test server's own database (database administration only). */
export async function postgresAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the test server and returns its name. */
export async function createTestDatabase(): Promise<string> {
  const name = `rs_test_${randomBytes(6).toString('hex')}`;
  await postgresAdmin(`CREATE DATABASE ${name}`);
  return name;
}

/** Drops a database createTestDatabase made, even with connections still open. */
export async function dropTestDatabase(name: string): Promise<void> {
  if (!/^rs_test_[0-9a-f]{12}$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  await postgresAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Runs `fn` with the URL of a fresh database, dropped afterwards whatever happens. */
export async function withTestDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const name = await createTestDatabase();
  try {
    await fn(postgresDatabaseUrl(name));
  } finally {
    await dropTestDatabase(name);
  }
}
