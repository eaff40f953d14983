/**
 * @module store/store
 * The one module that talks SQL: opens the store a URL names (SQLite file or PostgreSQL), runs the
 * migrations at start-up (safe when several replicas start at once), and offers typed operations on
 * the prediction log and feedback. Knows nothing of HTTP; never logs or returns the URL's password.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { ReviewStarsError, isReviewStarsError } from '../core/errors.js';
import type { Rating } from '../core/rating.js';
import { migrationProvider } from './migrations.js';
import type { PredictionsTable, StoreDatabase } from './schema.js';
import type { StoreTarget } from './url.js';

/** One logged prediction, as the service hands it to the store. */
export interface PredictionRecord {
  requestId: string;
  index: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  route: string;
  user: string;
  modelAsked: string;
  model: string;
  modelSetVersion: string;
  rating: Rating;
  probabilities: readonly [number, number, number, number, number];
  expectedRating: number;
  textLength: number;
  oovShare: number;
  textSha256: string;
  /** null unless the service logs texts (--log-text). */
  text: string | null;
  branch: string | null;
  latencyMs: number;
}

/** A prediction with its true rating (when feedback came), for monitoring. */
export interface MonitoredPrediction {
  model: string;
  modelSetVersion: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  rating: Rating;
  probabilities: readonly [number, number, number, number, number];
  textLength: number;
  oovShare: number;
  /** The rating given as feedback, or null. */
  trueRating: Rating | null;
}

/** Which predictions monitoring reads: created in [since, until) (ms since the epoch), of one model or all. */
export interface PredictionQuery {
  model?: string;
  since: number;
  until: number;
}

/** The true rating of one logged prediction. */
export interface FeedbackInput {
  requestId: string;
  index: number;
  rating: Rating;
  /** SHA-256 of the normalised text the client says it rated: must match the prediction's. */
  textSha256?: string | null;
  /** Milliseconds since the epoch (default now). */
  now?: number;
}

/** `recorded`: first feedback; `unchanged`: the same rating again; `replaced`: a different rating replaced the earlier one. */
export type FeedbackStatus = 'recorded' | 'unchanged' | 'replaced';

/** What recording feedback did. */
export interface FeedbackResult {
  requestId: string;
  index: number;
  rating: Rating;
  status: FeedbackStatus;
  /** The rating it replaced (status `replaced` only). */
  previousRating?: Rating;
}

/** Identifies one logged prediction. */
export interface PredictionKey {
  requestId: string;
  index: number;
}

/** Rows of one statement: 22 parameters each stays far below SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK = 400;

/**
 * SQLite log rows per transaction: a slice holds the service's thread for 1-2 ms, where a batch
 * of 1,000 held it for 5-10 ms.
 */
const SQLITE_INSERT_SLICE = 200;

/** How long a SQLite connection waits for another process's write. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Hashes looked up per scan of the prediction table. */
const HASH_CHUNK = 1_000;

/** An open store. Every method may throw STORE_UNAVAILABLE when the database fails. */
export class Store {
  private constructor(
    private readonly db: Kysely<StoreDatabase>,
    /** `sqlite` or `postgres`. */
    readonly kind: 'sqlite' | 'postgres',
    /** The URL with the password hidden. */
    readonly display: string,
    /** SQLite's connection, for the lock around migrating. */
    private readonly sqlite?: SqliteConnection,
  ) {}

  /**
   * Opens the store `target` names (not `none`), migrates it to the newest schema and checks it
   * takes writes (a read-only database is refused here, not at the first request). A SQLite file
   * and its directory are created on first use. Throws STORE_UNAVAILABLE with a one-line reason.
   */
  static async open(target: Exclude<StoreTarget, { kind: 'none' }>): Promise<Store> {
    let db: Kysely<StoreDatabase> | undefined;
    try {
      let store: Store;
      if (target.kind === 'sqlite') {
        const opened = await openSqlite(target.path);
        db = opened.db;
        store = new Store(db, 'sqlite', target.display, opened.connection);
      } else {
        db = await openPostgres(target.url);
        store = new Store(db, 'postgres', target.display);
      }
      await store.migrate();
      // A write at start: a database that is down or read-only fails here, with a clear error.
      await store.purgeOlderThan(0);
      return store;
    } catch (err) {
      await db?.destroy().catch(() => undefined);
      throw unavailable(err, target.display, 'cannot be opened');
    }
  }

  /**
   * Applies the migrations not applied yet. PostgreSQL replicas starting together queue on
   * Kysely's advisory lock. Kysely takes no lock on SQLite (its DDL runs outside a transaction),
   * so the whole run holds SQLite's write lock (BEGIN IMMEDIATE, waiting up to the busy timeout):
   * a second process finds the migrations applied once it gets the lock.
   */
  private async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    this.sqlite?.exec('BEGIN IMMEDIATE');
    try {
      const { error } = await migrator.migrateToLatest();
      if (error !== undefined) throw error;
      this.sqlite?.exec('COMMIT');
    } catch (err) {
      if (this.sqlite?.inTransaction) this.sqlite.exec('ROLLBACK');
      throw err;
    }
  }

  /** Inserts logged predictions; a row whose (request id, index) is already there is kept as it was. */
  async insertPredictions(rows: readonly PredictionRecord[]): Promise<void> {
    try {
      if (this.sqlite !== undefined) {
        await this.insertIntoSqlite(rows);
        return;
      }
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const values = rows.slice(start, start + INSERT_CHUNK).map(toRow);
        await this.db.insertInto('predictions').values(values).onConflict((oc) => oc.columns(['request_id', 'idx']).doNothing()).execute();
      }
    } catch (err) {
      throw unavailable(err, this.display, 'could not log predictions');
    }
  }

  /**
   * SQLite's batch insert: the statement Kysely compiles for one row, prepared once and run for
   * each row (building and compiling a statement of hundreds of rows with Kysely costs more per row
   * than the prediction it logs; this costs 5-10 us a row). better-sqlite3 is synchronous and runs
   * on the service's thread, so a batch is written SQLITE_INSERT_SLICE rows per transaction, and
   * requests that arrived meanwhile are answered between slices. The log commits with
   * synchronous = NORMAL: in WAL mode such a commit survives the process, not a power loss, and
   * needs no fsync; feedback keeps FULL, and its fsync also makes the log's earlier commits durable.
   * (A writer thread was tried: on two cores it cost more throughput than it saved, and 35 MB.)
   */
  private async insertIntoSqlite(rows: readonly PredictionRecord[]): Promise<void> {
    const first = rows[0];
    if (first === undefined) return;
    const connection = this.sqlite as SqliteConnection;
    if (this.insertSlice === undefined) {
      const { sql: statement } = this.db
        .insertInto('predictions')
        .values(toRow(first))
        .onConflict((oc) => oc.columns(['request_id', 'idx']).doNothing())
        .compile();
      const prepared = connection.prepare(statement);
      // Parameters in the order of toRow's keys, which is the order Kysely compiled them in.
      this.insertSlice = connection.transaction((slice: readonly PredictionRecord[]) => {
        for (const row of slice) prepared.run(...Object.values(toRow(row)));
      });
    }
    for (let start = 0; start < rows.length; start += SQLITE_INSERT_SLICE) {
      if (start > 0) await setImmediate();
      connection.exec('PRAGMA synchronous = NORMAL');
      try {
        this.insertSlice(rows.slice(start, start + SQLITE_INSERT_SLICE));
      } finally {
        connection.exec('PRAGMA synchronous = FULL');
      }
    }
  }

  private insertSlice: ((rows: readonly PredictionRecord[]) => void) | undefined;

  /**
   * Records the true rating of a logged prediction, committed before it returns. The same rating
   * twice is one row (`unchanged`); another rating replaces it (`replaced`, with the previous one).
   * Throws PREDICTION_NOT_FOUND for an unknown (request id, index) and FEEDBACK_TEXT_MISMATCH when
   * the given text hash is not the prediction's.
   */
  async recordFeedback(input: FeedbackInput): Promise<FeedbackResult> {
    const now = input.now ?? Date.now();
    try {
      return await this.db.transaction().execute(async (trx) => {
        // FOR UPDATE serialises feedback on one prediction across PostgreSQL replicas, so that
        // `replaced` and `previousRating` are exact; SQLite serialises writers by itself.
        const prediction = await trx
          .selectFrom('predictions')
          .select(['text_sha256'])
          .where('request_id', '=', input.requestId)
          .where('idx', '=', input.index)
          .$if(this.kind === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (prediction === undefined) {
          throw new ReviewStarsError(
            'PREDICTION_NOT_FOUND',
            `no logged prediction has request id ${JSON.stringify(input.requestId)} and index ${input.index}: use the x-request-id header (or requestId) of a prediction's answer, within the retention period`,
            { predictionRequestId: input.requestId, index: input.index },
          );
        }
        if (input.textSha256 != null && input.textSha256 !== prediction.text_sha256) {
          throw new ReviewStarsError('FEEDBACK_TEXT_MISMATCH', `the text given is not the text of prediction ${input.requestId} #${input.index}`, {
            predictionRequestId: input.requestId,
            index: input.index,
          });
        }
        const previous = await trx
          .selectFrom('feedback')
          .select(['rating'])
          .where('request_id', '=', input.requestId)
          .where('idx', '=', input.index)
          .executeTakeFirst();
        const base = { requestId: input.requestId, index: input.index, rating: input.rating };
        if (previous === undefined) {
          await trx
            .insertInto('feedback')
            .values({ request_id: input.requestId, idx: input.index, rating: input.rating, created_at: now, updated_at: now, text_sha256: input.textSha256 ?? null })
            .execute();
          return { ...base, status: 'recorded' };
        }
        if (previous.rating === input.rating) return { ...base, status: 'unchanged' };
        await trx
          .updateTable('feedback')
          .set({ rating: input.rating, updated_at: now, text_sha256: input.textSha256 ?? null })
          .where('request_id', '=', input.requestId)
          .where('idx', '=', input.index)
          .execute();
        return { ...base, status: 'replaced', previousRating: previous.rating as Rating };
      });
    } catch (err) {
      if (isReviewStarsError(err)) throw err;
      throw unavailable(err, this.display, 'could not record feedback');
    }
  }

  /**
   * Logged predictions of each of these normalised-text SHA-256s, oldest first; a hash no
   * prediction has is absent from the map. The column has no index (migration 0003), so this
   * scans the table once per HASH_CHUNK hashes: for bulk imports, not for requests.
   */
  async predictionsWithTextHashes(hashes: readonly string[]): Promise<Map<string, PredictionKey[]>> {
    const found = new Map<string, PredictionKey[]>();
    const unique = [...new Set(hashes)];
    try {
      for (let start = 0; start < unique.length; start += HASH_CHUNK) {
        const rows = await this.db
          .selectFrom('predictions')
          .select(['text_sha256', 'request_id', 'idx'])
          .where('text_sha256', 'in', unique.slice(start, start + HASH_CHUNK))
          .orderBy('created_at')
          .orderBy('request_id')
          .orderBy('idx')
          .execute();
        for (const r of rows) {
          const keys = found.get(r.text_sha256) ?? [];
          if (keys.length === 0) found.set(r.text_sha256, keys);
          keys.push({ requestId: r.request_id, index: r.idx });
        }
      }
      return found;
    } catch (err) {
      throw unavailable(err, this.display, 'could not read predictions');
    }
  }

  /** Predictions created in [since, until), oldest first, each with its feedback rating if any. */
  async monitoredPredictions(query: PredictionQuery): Promise<MonitoredPrediction[]> {
    try {
      const rows = await this.db
        .selectFrom('predictions as p')
        .leftJoin('feedback as f', (join) => join.onRef('f.request_id', '=', 'p.request_id').onRef('f.idx', '=', 'p.idx'))
        .select(['p.model', 'p.model_set_version', 'p.created_at', 'p.rating', 'p.p1', 'p.p2', 'p.p3', 'p.p4', 'p.p5', 'p.text_length', 'p.oov_share', 'f.rating as true_rating'])
        .where('p.created_at', '>=', query.since)
        .where('p.created_at', '<', query.until)
        .$if(query.model !== undefined, (q) => q.where('p.model', '=', query.model as string))
        .orderBy('p.created_at')
        .orderBy('p.request_id')
        .orderBy('p.idx')
        .execute();
      return rows.map((r) => ({
        model: r.model,
        modelSetVersion: r.model_set_version,
        createdAt: Number(r.created_at),
        rating: r.rating as Rating,
        probabilities: [r.p1, r.p2, r.p3, r.p4, r.p5] as const,
        textLength: r.text_length,
        oovShare: r.oov_share,
        trueRating: r.true_rating === null ? null : (r.true_rating as Rating),
      }));
    } catch (err) {
      throw unavailable(err, this.display, 'could not read predictions');
    }
  }

  /** Everything logged for one request (which model and model-set version answered it, for whom), by index. */
  async loggedPredictions(requestId: string): Promise<PredictionRecord[]> {
    try {
      const rows = await this.db.selectFrom('predictions').selectAll().where('request_id', '=', requestId).orderBy('idx').execute();
      return rows.map(fromRow);
    } catch (err) {
      throw unavailable(err, this.display, 'could not read predictions');
    }
  }

  /** How many predictions are logged, optionally only those of one request. */
  async countPredictions(requestId?: string): Promise<number> {
    try {
      const row = await this.db
        .selectFrom('predictions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .$if(requestId !== undefined, (q) => q.where('request_id', '=', requestId as string))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    } catch (err) {
      throw unavailable(err, this.display, 'could not count predictions');
    }
  }

  /** Deletes predictions created before `cutoff` (ms since the epoch) and their feedback; returns how many of each. */
  async purgeOlderThan(cutoff: number): Promise<{ predictions: number; feedback: number }> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const feedback = await trx
          .deleteFrom('feedback')
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('predictions as p')
                .select(sql<number>`1`.as('one'))
                .whereRef('p.request_id', '=', 'feedback.request_id')
                .whereRef('p.idx', '=', 'feedback.idx')
                .where('p.created_at', '<', cutoff),
            ),
          )
          .executeTakeFirst();
        const predictions = await trx.deleteFrom('predictions').where('created_at', '<', cutoff).executeTakeFirst();
        return { predictions: Number(predictions.numDeletedRows), feedback: Number(feedback.numDeletedRows) };
      });
    } catch (err) {
      throw unavailable(err, this.display, 'could not purge old rows');
    }
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function toRow(r: PredictionRecord): PredictionsTable {
  const [p1, p2, p3, p4, p5] = r.probabilities;
  return {
    request_id: r.requestId,
    idx: r.index,
    created_at: r.createdAt,
    route: r.route,
    user_name: r.user,
    model_asked: r.modelAsked,
    model: r.model,
    model_set_version: r.modelSetVersion,
    rating: r.rating,
    p1,
    p2,
    p3,
    p4,
    p5,
    expected: r.expectedRating,
    text_length: r.textLength,
    oov_share: r.oovShare,
    text_sha256: r.textSha256,
    text: r.text,
    branch: r.branch,
    latency_ms: r.latencyMs,
  };
}

/** What the store needs of a better-sqlite3 connection. */
interface SqliteConnection {
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

function fromRow(r: PredictionsTable): PredictionRecord {
  return {
    requestId: r.request_id,
    index: r.idx,
    createdAt: Number(r.created_at),
    route: r.route,
    user: r.user_name,
    modelAsked: r.model_asked,
    model: r.model,
    modelSetVersion: r.model_set_version,
    rating: r.rating as Rating,
    probabilities: [r.p1, r.p2, r.p3, r.p4, r.p5],
    expectedRating: r.expected,
    textLength: r.text_length,
    oovShare: r.oov_share,
    textSha256: r.text_sha256,
    text: r.text,
    branch: r.branch,
    latencyMs: r.latency_ms,
  };
}

async function openSqlite(path: string): Promise<{ db: Kysely<StoreDatabase>; connection: SqliteConnection }> {
  // Loaded only when SQLite is used: an install without its native module still serves with
  // PostgreSQL or without a store.
  let Database: typeof import('better-sqlite3');
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (err) {
    throw new Error(`the SQLite driver is not installed here (better-sqlite3's native module: ${reasonOf(err)}): use a postgres:// store or none`);
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    // WAL: readers never wait for the writer; busy_timeout: processes sharing the file wait for
    // each other's writes instead of failing; FULL: a commit (feedback's 200) survives power loss.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('synchronous = FULL');
  } catch (err) {
    database.close();
    throw err;
  }
  return { db: new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) }), connection: database };
}

async function openPostgres(url: string): Promise<Kysely<StoreDatabase>> {
  const { default: pg } = await import('pg');
  // bigint (created_at, counts) as numbers: milliseconds since the epoch fit a double exactly.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    types,
  });
  // An idle connection that breaks (the server restarts or goes away) emits 'error' on the pool;
  // unhandled it would end the process. The next query reports the problem instead.
  pool.on('error', () => undefined);
  return new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/** STORE_UNAVAILABLE, one line: what failed, where (password hidden), and the driver's reason. */
function unavailable(err: unknown, display: string, what: string): ReviewStarsError {
  if (isReviewStarsError(err)) return err;
  return new ReviewStarsError('STORE_UNAVAILABLE', `store ${display} ${what}: ${reasonOf(err)}`, { store: display });
}

/** A driver error's reason on one line, with anything that looks like a connection URL's password hidden. */
export function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : String(err);
  const code = typeof e?.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : '';
  const aggregated = err instanceof AggregateError && err.errors.length > 0 ? reasonOf(err.errors[0]) : undefined;
  const text = aggregated ?? `${message}${code}`;
  return text.replace(/\s+/g, ' ').replace(/(:\/\/[^:/?#@\s]*):[^/?#\s]*@/g, '$1:***@').trim();
}

