/**
 * @module store/migrations
 * The store's numbered migrations, applied in name order by Kysely's Migrator at start-up. The
 * same statements build the SQLite and the PostgreSQL schema. A migration, once released, is never
 * edited: a change is a new, higher-numbered migration.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** Migrations by name; names sort in the order they apply. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_predictions': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('predictions')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('model_asked', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('model_set_version', 'text', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        // double precision, not real: monitoring recomputes entropies from these, to the last bit.
        .addColumn('p1', 'double precision', (c) => c.notNull())
        .addColumn('p2', 'double precision', (c) => c.notNull())
        .addColumn('p3', 'double precision', (c) => c.notNull())
        .addColumn('p4', 'double precision', (c) => c.notNull())
        .addColumn('p5', 'double precision', (c) => c.notNull())
        .addColumn('expected', 'double precision', (c) => c.notNull())
        .addColumn('text_length', 'integer', (c) => c.notNull())
        .addColumn('oov_share', 'double precision', (c) => c.notNull())
        .addColumn('text_sha256', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('branch', 'text')
        .addColumn('latency_ms', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('predictions_pk', ['request_id', 'idx'])
        .execute();
      await db.schema.createIndex('predictions_created_at').on('predictions').column('created_at').execute();
      await db.schema.createIndex('predictions_model_created_at').on('predictions').columns(['model', 'created_at']).execute();
      await db.schema.createIndex('predictions_text_sha256').on('predictions').column('text_sha256').execute();
    },
  },
  '0002_feedback': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('feedback')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('text_sha256', 'text')
        .addPrimaryKeyConstraint('feedback_pk', ['request_id', 'idx'])
        .execute();
    },
  },
  // The text-hash index made logging slow: its keys are random, so every logged row dirtied its
  // own index page and an insert cost 40-80 us on a SQLite log of 100,000-200,000 rows (growing
  // with the table) against ~5 us without it, on the service's main thread. Matching feedback to
  // predictions by text is a bulk import, which scans instead (store.predictionsWithTextHashes).
  '0003_predictions_text_hash_unindexed': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('predictions_text_sha256').ifExists().execute();
    },
  },
};

/** Kysely's provider of the migrations above. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/** Names of every migration, in order (the newest last). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();
