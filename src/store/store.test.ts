// The store and its prediction log, run twice: on a SQLite file and on a real PostgreSQL server
// (REVIEW_STARS_TEST_POSTGRES; CI starts one with tools/postgres/start.sh). Same tests, two back ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReviewStarsError } from '../core/errors.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { createTestDatabase, dropTestDatabase, postgresAdmin, postgresDatabaseUrl, postgresSkipReason, testPostgresUrl } from '../../test-support/postgres.js';
import { STORE_BACKENDS as backends, type StoreBackend as Backend, type OpenTarget, storeUrlOf } from '../../test-support/store-backends.js';
import { PredictionLog } from './prediction-log.js';
import { Store, type PredictionRecord } from './store.js';
import { reviewTextHash } from './text-hash.js';
import { parseStoreUrl } from './url.js';

const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

/** A prediction row; probabilities with all 53 bits used, so that a lossy column would show. */
function row(requestId: string, index: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  const a = 0.1 + index / 997 + requestId.length / 1e7;
  const probabilities = [a / 3, a / 7, 1 / 3, 0.2 + 1 / 17, 0] as [number, number, number, number, number];
  probabilities[4] = 1 - probabilities[0] - probabilities[1] - probabilities[2] - probabilities[3];
  return {
    requestId,
    index,
    createdAt: T0,
    route: '/v1/models/:name/predict',
    user: 'alice',
    modelAsked: 'best',
    model: 'lr_global',
    modelSetVersion: 'abc123',
    rating: 4,
    probabilities,
    expectedRating: probabilities.reduce((s, p, i) => s + p * (i + 1), 0),
    textLength: 42 + index,
    oovShare: index / 3,
    textSha256: reviewTextHash(`review ${requestId} ${index}`),
    text: null,
    branch: index % 2 === 0 ? null : 'Disneyland_Paris',
    latencyMs: 0.125,
    ...overrides,
  };
}

async function withStore(backend: Backend, fn: (store: Store, target: OpenTarget, disappear: (store: Store) => Promise<void>) => Promise<void>): Promise<void> {
  await backend.withTarget(async (target, disappear) => {
    const store = await Store.open(target);
    try {
      await fn(store, target, disappear);
    } finally {
      await store.close().catch(() => undefined);
    }
  });
}

const STORE_MODULE = new URL('./store.js', import.meta.url).href;
const URL_MODULE = new URL('./url.js', import.meta.url).href;

/** Runs another Node.js process that opens the store at `url` (migrating it if need be) and logs one row. */
function openInChildProcess(url: string, record: PredictionRecord): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { Store } = await import(${JSON.stringify(STORE_MODULE)});
    const { parseStoreUrl } = await import(${JSON.stringify(URL_MODULE)});
    const store = await Store.open(parseStoreUrl(process.env.STORE_URL));
    await store.insertPredictions([JSON.parse(process.env.ROW)]);
    await store.close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, STORE_URL: url, ROW: JSON.stringify(record) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

function silentReporter(): { errors: string[]; infos: string[]; error(f: Record<string, unknown>, m: string): void; info(f: Record<string, unknown>, m: string): void } {
  return {
    errors: [],
    infos: [],
    error(_f, m) {
      this.errors.push(m);
    },
    info(_f, m) {
      this.infos.push(m);
    },
  };
}

for (const backend of backends) {
  describe(`store on ${backend.name}`, { skip: backend.skip }, () => {
    it('creates and migrates a new database, and opens it again with its rows', async () => {
      await backend.withTarget(async (target) => {
        const first = await Store.open(target);
        await first.insertPredictions([row('r1', 0), row('r1', 1)]);
        await first.close();
        const again = await Store.open(target);
        try {
          assert.equal(await again.countPredictions(), 2);
        } finally {
          await again.close();
        }
      });
    });

    it('lets three replica processes open a new database at once: one migrates, the others wait, all work', async () => {
      await backend.withTarget(async (target) => {
        const url = storeUrlOf(target);
        const results = await Promise.all([0, 1, 2].map((i) => openInChildProcess(url, row(`replica-${i}`, 0))));
        for (const r of results) assert.equal(r.code, 0, r.stderr);
        const store = await Store.open(target);
        try {
          assert.equal(await store.countPredictions(), 3);
        } finally {
          await store.close();
        }
      });
    });

    it('returns logged predictions of a model and a time window exactly, with their feedback', async () => {
      await withStore(backend, async (store) => {
        const rows = [
          row('w1', 0, { createdAt: T0 - 1 }),
          row('w1', 1, { createdAt: T0 }),
          row('w2', 0, { createdAt: T0 + 500, rating: 2 }),
          row('w3', 0, { createdAt: T0 + 999, model: 'nb_global' }),
          row('w4', 0, { createdAt: T0 + 1000 }),
        ];
        await store.insertPredictions(rows);
        await store.recordFeedback({ requestId: 'w2', index: 0, rating: 1 });
        const got = await store.monitoredPredictions({ model: 'lr_global', since: T0, until: T0 + 1000 });
        assert.deepEqual(
          got,
          [rows[1], rows[2]].map((r) => ({
            model: r!.model,
            modelSetVersion: r!.modelSetVersion,
            createdAt: r!.createdAt,
            rating: r!.rating,
            probabilities: r!.probabilities,
            textLength: r!.textLength,
            oovShare: r!.oovShare,
            trueRating: r!.requestId === 'w2' ? 1 : null,
          })),
        );
        const all = await store.monitoredPredictions({ since: T0, until: T0 + 1000 });
        assert.deepEqual(
          all.map((p) => p.model),
          ['lr_global', 'lr_global', 'nb_global'],
        );
      });
    });

    it('keeps the first row when the same (request id, index) is logged twice', async () => {
      await withStore(backend, async (store) => {
        await store.insertPredictions([row('dup', 0, { rating: 5 })]);
        await store.insertPredictions([row('dup', 0, { rating: 1 }), row('dup', 1)]);
        assert.equal(await store.countPredictions(), 2);
        const [first] = await store.monitoredPredictions({ since: 0, until: T0 + 1 });
        assert.equal(first?.rating, 5);
      });
    });

    it('inserts a batch larger than one statement whole', async () => {
      await withStore(backend, async (store) => {
        await store.insertPredictions(Array.from({ length: 1500 }, (_, i) => row('big', i)));
        assert.equal(await store.countPredictions('big'), 1500);
      });
    });

    it('records feedback once, says unchanged for the same rating and replaced (with the previous one) for another', async () => {
      await withStore(backend, async (store) => {
        await store.insertPredictions([row('f1', 0), row('f1', 1)]);
        assert.deepEqual(await store.recordFeedback({ requestId: 'f1', index: 1, rating: 3 }), { requestId: 'f1', index: 1, rating: 3, status: 'recorded' });
        assert.deepEqual(await store.recordFeedback({ requestId: 'f1', index: 1, rating: 3 }), { requestId: 'f1', index: 1, rating: 3, status: 'unchanged' });
        assert.deepEqual(await store.recordFeedback({ requestId: 'f1', index: 1, rating: 5 }), {
          requestId: 'f1',
          index: 1,
          rating: 5,
          status: 'replaced',
          previousRating: 3,
        });
        const labelled = (await store.monitoredPredictions({ since: 0, until: T0 + 1 })).map((p) => p.trueRating);
        assert.deepEqual(labelled, [null, 5]);
      });
    });

    it('refuses feedback for an unknown prediction or a text that is not the prediction\'s', async () => {
      await withStore(backend, async (store) => {
        await store.insertPredictions([row('f2', 0, { textSha256: reviewTextHash('The castle was lovely') })]);
        await assert.rejects(store.recordFeedback({ requestId: 'nope', index: 0, rating: 2 }), (err) => isReviewStarsError(err, 'PREDICTION_NOT_FOUND'));
        await assert.rejects(store.recordFeedback({ requestId: 'f2', index: 1, rating: 2 }), (err) => isReviewStarsError(err, 'PREDICTION_NOT_FOUND'));
        await assert.rejects(store.recordFeedback({ requestId: 'f2', index: 0, rating: 2, textSha256: reviewTextHash('another text') }), (err) =>
          isReviewStarsError(err, 'FEEDBACK_TEXT_MISMATCH'),
        );
        const ok = await store.recordFeedback({ requestId: 'f2', index: 0, rating: 2, textSha256: reviewTextHash('  the CASTLE  was lovely ') });
        assert.equal(ok.status, 'recorded');
      });
    });

    it('finds predictions by the hash of their normalised text', async () => {
      await withStore(backend, async (store) => {
        const hash = reviewTextHash('Too many queues');
        await store.insertPredictions([row('h1', 0, { textSha256: hash }), row('h2', 3, { textSha256: hash, createdAt: T0 + 5 }), row('h3', 0)]);
        const other = reviewTextHash('Lovely parade');
        await store.insertPredictions([row('h4', 0, { textSha256: other })]);
        const found = await store.predictionsWithTextHashes([reviewTextHash('too  many QUEUES'), reviewTextHash('never logged'), other, hash]);
        assert.deepEqual(
          [...found.entries()].sort(),
          [
            [hash, [{ requestId: 'h1', index: 0 }, { requestId: 'h2', index: 3 }]],
            [other, [{ requestId: 'h4', index: 0 }]],
          ].sort(),
        );
        // More hashes than one scan looks up: the match in the second scan is found too.
        const many = Array.from({ length: 1_200 }, (_, i) => reviewTextHash(`never logged ${i}`));
        assert.deepEqual([...(await store.predictionsWithTextHashes([...many, other])).keys()], [other]);
      });
    });

    it('purges predictions older than the cutoff together with their feedback, and nothing newer', async () => {
      await withStore(backend, async (store) => {
        await store.insertPredictions([row('old', 0, { createdAt: T0 - 10 }), row('new', 0, { createdAt: T0 })]);
        await store.recordFeedback({ requestId: 'old', index: 0, rating: 1 });
        await store.recordFeedback({ requestId: 'new', index: 0, rating: 2 });
        assert.deepEqual(await store.purgeOlderThan(T0), { predictions: 1, feedback: 1 });
        const left = await store.monitoredPredictions({ since: 0, until: T0 + 1 });
        assert.deepEqual(
          left.map((p) => [p.createdAt, p.trueRating]),
          [[T0, 2]],
        );
        await assert.rejects(store.recordFeedback({ requestId: 'old', index: 0, rating: 3 }), (err) => isReviewStarsError(err, 'PREDICTION_NOT_FOUND'));
      });
    });

    it('prediction log: writes every queued row in batches and on close', async () => {
      await withStore(backend, async (store) => {
        const log = new PredictionLog(store, { batchSize: 300, flushIntervalMs: 10_000 });
        for (let i = 0; i < 1000; i++) assert.equal(log.add(row('q', i)), true);
        assert.ok(log.depth > 0);
        await log.close();
        assert.equal(log.depth, 0);
        assert.equal(log.written, 1000);
        assert.equal(log.dropped, 0);
        assert.equal(await store.countPredictions('q'), 1000);
        assert.equal(log.add(row('q', 1000)), false, 'a closed log takes no more rows');
        assert.equal(log.dropped, 1);
      });
    });

    it('prediction log: a full queue drops and counts rows at once instead of waiting', async () => {
      await withStore(backend, async (store) => {
        const log = new PredictionLog(store, { capacity: 10, batchSize: 100, flushIntervalMs: 10_000 });
        const accepted = Array.from({ length: 25 }, (_, i) => log.add(row('full', i))).filter(Boolean).length;
        assert.equal(accepted, 10);
        assert.equal(log.dropped, 15);
        await log.close();
        assert.equal(await store.countPredictions('full'), 10);
      });
    });

    it('prediction log: when the database disappears, batches are dropped and counted and the failure is reported once per interval', async () => {
      await withStore(backend, async (store, _target, disappear) => {
        const reporter = silentReporter();
        const log = new PredictionLog(store, { batchSize: 5, flushIntervalMs: 10_000, errorLogIntervalMs: 60_000, reporter });
        for (let i = 0; i < 5; i++) log.add(row('before', i));
        await log.flush();
        assert.equal(log.written, 5);
        await disappear(store);
        for (let i = 0; i < 20; i++) log.add(row('after', i));
        await log.flush();
        assert.equal(log.written, 5);
        assert.equal(log.dropped, 20);
        assert.equal(reporter.errors.length, 1, 'four failed batches, one error line');
        assert.equal(log.depth, 0);
      });
    });
  });
}

describe('store start-up failures', () => {
  it('SQLite: a path where no directory can be created is refused with STORE_UNAVAILABLE', async () => {
    await withTempDir('rs-store-', async (dir) => {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a directory');
      await assert.rejects(Store.open(parseStoreUrl(`sqlite:${join(file, 'store.db')}`) as OpenTarget), (err) => {
        assert.ok(isReviewStarsError(err, 'STORE_UNAVAILABLE'));
        assert.match(err.message, /cannot be opened/);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      });
    });
  });

  it('PostgreSQL: a server that is down is refused with one line that shows no password', { skip: postgresSkipReason() }, async () => {
    const url = new URL(testPostgresUrl() as string);
    url.port = '1';
    url.password = 'hunter2-secret';
    await assert.rejects(Store.open(parseStoreUrl(url.toString()) as OpenTarget), (err) => {
      assert.ok(isReviewStarsError(err, 'STORE_UNAVAILABLE'));
      assert.doesNotMatch(err.message, /hunter2-secret/);
      assert.match(err.message, /:\*\*\*@127\.0\.0\.1:1\//);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  });

  it('PostgreSQL: a read-only database is refused at start, not at the first request', { skip: postgresSkipReason() }, async () => {
    const name = await createTestDatabase();
    try {
      const target = parseStoreUrl(postgresDatabaseUrl(name)) as OpenTarget;
      await (await Store.open(target)).close();
      await postgresAdmin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
      await assert.rejects(Store.open(target), (err) => {
        assert.ok(isReviewStarsError(err, 'STORE_UNAVAILABLE'));
        assert.match(err.message, /read-only/);
        return true;
      });
    } finally {
      await dropTestDatabase(name);
    }
  });

  it('PostgreSQL: a database that was never created is refused with its name', { skip: postgresSkipReason() }, async () => {
    await assert.rejects(Store.open(parseStoreUrl(postgresDatabaseUrl('rs_test_missing_database')) as OpenTarget), (err) => {
      assert.ok(isReviewStarsError(err, 'STORE_UNAVAILABLE'));
      assert.match(err.message, /rs_test_missing_database/);
      return true;
    });
  });
});

