// `review-stars serve` with a store, as a real process: a database down or read-only at start, the
// store URL from a secret file, SIGTERM under load (no logged row of an answered request lost), and
// a database that disappears while serving (answers go on, rows are counted as dropped).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { parseStoreUrl } from '../../src/store/url.js';
import { basicAuth } from '../../test-support/http.js';
import { createTestDatabase, dropTestDatabase, postgresAdmin, postgresDatabaseUrl, postgresSkipReason } from '../../test-support/postgres.js';
import { STORE_BACKENDS, storeUrlOf, type OpenTarget } from '../../test-support/store-backends.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { missingDefaultModels, runCli, spawnServer } from '../../test-support/spawn-server.js';

const DEV_AUTH = basicAuth('bob', 'builder');
const skipNoModels = missingDefaultModels();

describe('serve with a store that cannot be used at start', { skip: skipNoModels }, () => {
  it('a database that is down: one line on stderr, exit 1, the password never shown', async () => {
    const result = await runCli(['serve', '--dev-user', '--port', '0', '--store', 'postgres://rs:do-not-print-me@127.0.0.1:1/reviews'], {
      env: { REVIEW_STARS_STORE: '', REVIEW_STARS_STORE_FILE: '' },
    });
    assert.equal(result.code, 1);
    const errorLines = result.stderr.trim().split('\n');
    assert.equal(errorLines.length, 1, result.stderr);
    assert.match(errorLines[0] ?? '', /^review-stars: error STORE_UNAVAILABLE: store postgres:\/\/rs:\*\*\*@127\.0\.0\.1:1\/reviews cannot be opened: /);
    assert.doesNotMatch(result.stdout + result.stderr, /do-not-print-me/);
  });

  it('a read-only PostgreSQL database: exit 1 with the reason', { skip: postgresSkipReason() }, async () => {
    const name = await createTestDatabase();
    try {
      await postgresAdmin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
      const result = await runCli(['serve', '--dev-user', '--port', '0', '--store', postgresDatabaseUrl(name)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /STORE_UNAVAILABLE: .*read-only/);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    } finally {
      await dropTestDatabase(name);
    }
  });

  it('a bad --retention-days or store URL is a usage error (exit 2)', async () => {
    assert.equal((await runCli(['serve', '--dev-user', '--retention-days', '0'])).code, 2);
    const bad = await runCli(['serve', '--dev-user', '--store', 'mysql://u:hidden-pw@h/db']);
    assert.equal(bad.code, 2);
    assert.doesNotMatch(bad.stderr, /hidden-pw/);
  });
});

describe('serve reads the store URL from REVIEW_STARS_STORE_FILE', { skip: skipNoModels || postgresSkipReason() }, () => {
  it('opens that store and logs it without its password', async () => {
    const name = await createTestDatabase();
    try {
      await withTempDir('rs-secret-', async (dir) => {
        const secret = join(dir, 'store_url');
        const url = postgresDatabaseUrl(name);
        await writeFile(secret, `${url}\n`);
        const server = await spawnServer(['--dev-user'], { env: { REVIEW_STARS_STORE: '', REVIEW_STARS_STORE_FILE: secret } });
        try {
          const res = await fetch(`${server.url}/prediction?model_name=best&comment=Magical`, { headers: { authorization: DEV_AUTH, 'x-request-id': 'from-secret-file' } });
          assert.equal(res.status, 200);
        } finally {
          assert.equal(await server.stop(), 0);
        }
        const password = new URL(url).password;
        assert.ok(password.length > 0);
        assert.ok(!server.lines.some((l) => l.includes(password)), 'no log line holds the password');
        assert.ok(server.logs().some((l) => l.msg === 'store opened' && typeof l.store === 'string' && l.store.includes(':***@')));
        const store = await Store.open(parseStoreUrl(url) as OpenTarget);
        try {
          assert.equal(await store.countPredictions('from-secret-file'), 1);
        } finally {
          await store.close();
        }
      });
    } finally {
      await dropTestDatabase(name);
    }
  });
});

for (const backend of STORE_BACKENDS) {
  describe(`serve on ${backend.name}: SIGTERM under load`, { skip: skipNoModels || backend.skip }, () => {
    it('loses no logged row of an answered request', async () => {
      await backend.withTarget(async (target) => {
        const server = await spawnServer(['--dev-user', '--store', storeUrlOf(target)]);
        const answered: string[] = [];
        let sent = 0;
        const client = async (c: number): Promise<void> => {
          // Keeps sending through the shutdown, until the closed listener refuses the connection.
          for (let i = 0; ; i++) {
            const id = `load-${c}-${i}`;
            sent++;
            try {
              const res = await fetch(`${server.url}/v1/models/best/predict`, {
                method: 'POST',
                headers: { authorization: DEV_AUTH, 'content-type': 'application/json', 'x-request-id': id },
                body: JSON.stringify({ reviews: [{ text: `Review ${i} of client ${c}: long queues but magical` }, { text: 'Fun day' }] }),
              });
              await res.arrayBuffer();
              if (res.status === 200) answered.push(id);
            } catch {
              return; // the listener has closed: this client is done
            }
            if (sent > 4_000) return; // bounded whatever happens
          }
        };
        const clients = Promise.all([0, 1, 2, 3, 4, 5].map(client));
        // SIGTERM once the load is well under way (at most 15 s: a busy machine answers slowly at first).
        for (const deadline = Date.now() + 15_000; answered.length < 100 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
        const code = await server.stop('SIGTERM');
        await clients;
        assert.equal(code, 0);
        assert.ok(answered.length > 20, `only ${answered.length} answers before SIGTERM`);
        const flushed = server.logs().find((l) => l.msg === 'prediction log flushed; store closed');
        assert.equal(flushed?.dropped, 0);
        const store = await Store.open(target);
        try {
          const rows = await store.countPredictions();
          assert.ok(rows >= 2 * answered.length, `${rows} rows for ${answered.length} answered requests`);
          assert.ok(rows <= 2 * sent);
          for (const id of answered) assert.equal(await store.countPredictions(id), 2, id);
        } finally {
          await store.close();
        }
      });
    });
  });
}

describe('serve when PostgreSQL disappears while serving', { skip: skipNoModels || postgresSkipReason() }, () => {
  it('answers every prediction, counts the rows as dropped, stays ready, and logs the failure once', async () => {
    const name = await createTestDatabase();
    const server = await spawnServer(['--dev-user', '--store', postgresDatabaseUrl(name)]);
    try {
      const predict = (i: number) => fetch(`${server.url}/prediction?model_name=best&comment=${encodeURIComponent(`Visit number ${i}`)}`, { headers: { authorization: DEV_AUTH } });
      assert.equal((await predict(0)).status, 200);
      await dropTestDatabase(name);
      for (let i = 1; i <= 60; i++) {
        const res = await predict(i);
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        // Spread over several flushes (one every 250 ms at most), so that several batches fail.
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 400));
      }
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: DEV_AUTH } })).text();
      const dropped = Number(/^review_stars_prediction_log_dropped_total (\d+)$/m.exec(metrics)?.[1]);
      assert.ok(dropped >= 60, `dropped ${dropped}`);
      const failures = server.logs().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('prediction log: the store failed'));
      assert.equal(failures.length, 1, 'one error line for several failed batches');
      const feedback = await fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { authorization: DEV_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ requestId: 'any', rating: 3 }),
      });
      assert.equal(feedback.status, 503);
      assert.equal(((await feedback.json()) as { code: string }).code, 'STORE_UNAVAILABLE');
    } finally {
      await server.stop();
      await dropTestDatabase(name);
    }
  });
});
