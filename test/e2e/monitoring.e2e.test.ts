/**
 * End-to-end monitoring on the real reviews (REVIEWS_CSV): `review-stars serve` as a real process
 * with its real store (a SQLite file), a model trained here with its reference. Shows that live
 * quality equals `review-stars evaluate` on the same rows, that the test split sent as traffic shows
 * no drift, and that shifted streams drift on the statistics that should move.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReviews, type LoadedReviews, type Review } from '../../src/data/reviews-csv.js';
import type { MonitoringReport, WindowReport } from '../../src/monitoring/report.js';
import { splitReviews } from '../../src/train/pipeline.js';
import { driftStreams } from '../../test-support/drift-streams.js';
import { basicAuth } from '../../test-support/http.js';
import { runCli, spawnServer, writeTestUsersFile, type SpawnedServer } from '../../test-support/spawn-server.js';
import { writeReviewsCsv } from '../../test-support/synthetic-reviews.js';

const REAL = process.env.REVIEWS_CSV;
const skip = REAL === undefined || !existsSync(REAL) ? 'REVIEWS_CSV does not name the reviews CSV' : false;
const READER = { name: 'alice', password: 'wonderland-e2e', role: 'reader' as const };
const AUTH = basicAuth(READER.name, READER.password);
const MODEL = 'lr_global';

let dir: string;
let set: string;
let storeUrl: string;
let server: SpawnedServer;
let loaded: LoadedReviews;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'review-stars-monitoring-'));
  set = join(dir, 'set');
  storeUrl = `sqlite:${join(dir, 'log.db')}`;
  const users = join(dir, 'users.json');
  await writeTestUsersFile(users, [READER]);
  const trained = await runCli(['train', '--data', REAL as string, '--out', set, '--only', MODEL, '--seed', '42', '--no-progress'], { timeoutMs: 120_000 });
  assert.equal(trained.code, 0, trained.stderr);
  loaded = await loadReviews(REAL as string);
  server = await spawnServer(['--users', users, '--models', set, '--store', storeUrl]);
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Rates `texts` through the API in batches; returns each text's (requestId, index). */
async function send(texts: readonly string[]): Promise<{ requestId: string; index: number }[]> {
  const keys: { requestId: string; index: number }[] = [];
  for (let at = 0; at < texts.length; at += 500) {
    const batch = texts.slice(at, at + 500);
    const res = await call(`/v1/models/${MODEL}/predict`, { reviews: batch.map((text) => ({ text })) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const requestId = res.body.requestId as string;
    batch.forEach((_, index) => keys.push({ requestId, index }));
  }
  return keys;
}

/** The monitoring answer since `since` in one 7-day window, once the log holds `n` predictions (rows are written in the background). */
async function monitoredWindow(since: string, n: number): Promise<WindowReport> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await call(`/v1/monitoring?model=${MODEL}&window=7d&since=${encodeURIComponent(since)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const report = res.body as unknown as MonitoringReport;
    const windows = report.models[0]?.windows ?? [];
    const total = windows.reduce((s, w) => s + w.predictions, 0);
    if (total === n) {
      assert.equal(windows.length, 1, 'one window (unless the run crossed a Thursday 00:00 UTC, when 7-day windows turn)');
      return windows[0] as WindowReport;
    }
    assert.ok(total < n && Date.now() < deadline, `the log holds ${total} of ${n} predictions`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('live quality equals review-stars evaluate on the same rows: predictions through the API, true ratings as feedback', { skip, timeout: 180_000 }, async () => {
  const since = new Date().toISOString();
  const rows: Review[] = loaded.reviews.filter((_, i) => i % 20 === 0);
  const keys = await send(rows.map((r) => r.text));
  await monitoredWindow(since, rows.length);
  for (const [i, key] of keys.entries()) {
    const res = await call('/v1/feedback', { ...key, rating: rows[i]!.rating });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  const window = await monitoredWindow(since, rows.length);
  assert.equal(window.feedback, rows.length);
  assert.equal(window.coverage, 1);

  const csv = join(dir, 'rows.csv');
  writeReviewsCsv(csv, rows.map((r, i) => ({ id: i, rating: r.rating, text: r.text, branch: r.branch })));
  const evaluated = await runCli(['evaluate', '--models', set, '--data', csv, '--json'], { timeoutMs: 60_000 });
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const offline = (JSON.parse(evaluated.stdout) as { models: { name: string; metrics: Record<string, number> }[] }).models.find((m) => m.name === MODEL)!.metrics;
  assert.equal(offline.n, rows.length);
  assert.deepEqual(
    { accuracy: window.quality.accuracy.value, macroF1: window.quality.macroF1.value, mae: window.quality.mae.value, withinOne: window.quality.withinOne.value },
    { accuracy: offline.accuracy, macroF1: offline.macroF1, mae: offline.mae, withinOne: offline.withinOne },
  );

  // review-stars monitor reads the same store and prints the same figures.
  const cli = await runCli(['monitor', '--store', storeUrl, '--models', set, '--model', MODEL, '--window', '7d', '--since', since, '--json'], { timeoutMs: 60_000 });
  assert.equal(cli.code, 0, cli.stderr);
  const printed = JSON.parse(cli.stdout) as MonitoringReport;
  assert.deepEqual(printed.models[0]?.windows[0]?.quality, window.quality);
  const table = await runCli(['monitor', '--store', storeUrl, '--models', set, '--window', '7d', '--since', since], { timeoutMs: 60_000 });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, new RegExp(`^${MODEL}\\s+[0-9a-f]{12}\\s+\\S+ \\S+\\s+${rows.length}\\s+${rows.length}\\s+100\\.0%\\s+${offline.accuracy!.toFixed(3)}`, 'm'));
  const bad = await runCli(['monitor', '--store', storeUrl, '--models', set, '--since', 'last week']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /error INVALID_ARGUMENT: since must be a duration/);
});

test('the test split sent as traffic shows no drift; shifted streams drift on the statistics that should move', { skip, timeout: 180_000 }, async () => {
  const split = splitReviews(loaded, 42, 0.2);
  const testReviews = Array.from(split.test, (i) => loaded.reviews[i]!);
  const verdicts: Record<string, WindowReport['drift']> = {};
  for (const stream of driftStreams(testReviews, loaded.reviews)) {
    const since = new Date().toISOString();
    await send(stream.texts);
    verdicts[stream.name] = (await monitoredWindow(since, stream.texts.length)).drift;
  }
  const clean = verdicts['test split']!;
  assert.equal(clean.status, 'ok', JSON.stringify(clean));
  assert.ok(clean.predictedRating!.psi < 1e-9 && clean.entropy!.pValue > 0.99 && clean.textLength!.wasserstein < 0.01, JSON.stringify(clean));

  const short = verdicts['first 8 words']!;
  assert.deepEqual([short.textLength!.status, short.entropy!.status, short.status], ['drift', 'drift', 'drift'], JSON.stringify(short));
  const negative = verdicts['Paris, 1-2 stars']!;
  assert.equal(negative.predictedRating!.status, 'drift', JSON.stringify(negative));
  assert.ok(negative.predictedRating!.psi > 1, JSON.stringify(negative));
  const french = verdicts.French!;
  assert.ok(french.oovShare!.change > 0.5, JSON.stringify(french));
  assert.equal(french.status, 'drift');
});
