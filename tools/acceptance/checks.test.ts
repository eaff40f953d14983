// The checks against an in-process stand-in for the service (same routes, auth and response shapes
// as src/http), which can be told to misbehave in one way at a time: each fault must turn exactly
// the check that looks for it into a FAILURE. The real service is checked in acceptance.e2e.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReviewStarsError } from '../../src/core/errors.js';
import { ApiClient, basicAuthHeader } from './api-client.js';
import { acceptanceConfig, type AcceptanceConfig } from './config.js';
import { isPrediction, isRoundedAccuracy, MAGICAL_REVIEW, modelNamesOf, ORIGINAL_MODELS, checkReady, type CheckContext } from './checks.js';
import { appendReport, runAcceptance } from './run.js';

/** Ways the stand-in service can misbehave. */
interface Faults {
  /** /permission accepts any password. */
  acceptAnyPassword?: boolean;
  /** The 401 carries no WWW-Authenticate header. */
  noChallenge?: boolean;
  /** /performance of this model answers a score that is not its accuracy rounded. */
  wrongScoreFor?: string;
  /** /prediction of this model rates the magical review 4 stars. */
  fourStarsFor?: string;
  /** The v1 predict route of this model answers probabilities that do not sum to 1. */
  badProbabilitiesFor?: string;
  /** /readyz answers 503 this many times before 200 (Infinity: never ready). */
  notReadyTimes?: number;
}

const USER = 'tester';
const PASSWORD = 'a test password';
const EXTRA_MODEL = 'nb_global';
const ACCURACY: Record<string, number> = {
  rf_global: 0.5512,
  lr_global: 0.6449,
  dt_global: 0.5051,
  rf_Disneyland_HongKong: 0.6,
  rf_Disneyland_California: 0.6251,
  rf_Disneyland_Paris: 0.4949,
  [EXTRA_MODEL]: 0.125,
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the stand-in on 127.0.0.1 with an ephemeral port. */
async function startStandIn(faults: Faults = {}): Promise<{ server: Server; port: number; requests: string[] }> {
  const requests: string[] = [];
  let readyCalls = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push(`${req.method} ${url.pathname}`);
      if (url.pathname === '/readyz') {
        readyCalls++;
        const ready = readyCalls > (faults.notReadyTimes ?? 0);
        send(res, ready ? 200 : 503, ready ? { status: 'ready' } : { status: 'not-ready', reason: 'loading' });
        return;
      }
      const validAuth = req.headers.authorization === basicAuthHeader({ user: USER, password: PASSWORD });
      if (!validAuth && !(faults.acceptAnyPassword && req.headers.authorization)) {
        send(res, 401, { code: 'UNAUTHORIZED', message: 'bad credentials' }, faults.noChallenge ? {} : { 'www-authenticate': 'Basic realm="review-stars"' });
        return;
      }
      const name = url.searchParams.get('model_name') ?? decodeURIComponent(url.pathname.split('/')[3] ?? '');
      const known = name in ACCURACY;
      if (url.pathname === '/permission') return send(res, 200, { credentials: 'valid' });
      if (url.pathname === '/v1/models') {
        return send(res, 200, { version: 'v-test', createdAt: 'now', best: 'lr_global', models: Object.keys(ACCURACY).map((n) => ({ name: n, metrics: { accuracy: ACCURACY[n] } })) });
      }
      if (!known) return send(res, 404, { code: 'UNKNOWN_MODEL', message: `no model ${name}` });
      const accuracy = ACCURACY[name] as number;
      if (url.pathname === '/performance') {
        const score = name === faults.wrongScoreFor ? Math.round(accuracy * 100) / 100 + 0.01 : Math.round(accuracy * 100) / 100;
        return send(res, 200, { model: name, score });
      }
      if (url.pathname === '/prediction') {
        const rating = name === faults.fourStarsFor ? '4' : '5';
        return send(res, 200, { model: name, comment: url.searchParams.get('comment'), 'rating prediction': rating });
      }
      if (req.method === 'GET' && url.pathname === `/v1/models/${name}`) {
        return send(res, 200, { name, algorithm: 'random_forest', metrics: { accuracy, macroF1: 0.3 }, version: 'v-test', isBest: false });
      }
      if (req.method === 'POST' && url.pathname === `/v1/models/${name}/predict`) {
        const body = JSON.parse(await readBody(req)) as { reviews: { text: string }[] };
        const p5 = name === faults.badProbabilitiesFor ? 0.9 : 0.7;
        const predictions = body.reviews.map(() => ({ rating: 5, probabilities: { '1': 0.05, '2': 0.05, '3': 0.05, '4': 0.15, '5': p5 }, expectedRating: 4.4 }));
        return send(res, 200, { model: name, version: 'v-test', predictions });
      }
      send(res, 404, { code: 'NOT_FOUND', message: 'no route' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function configFor(port: number, wait = '2s'): AcceptanceConfig {
  return acceptanceConfig({ API_ADDRESS: '127.0.0.1', API_PORT: String(port), API_USER: USER, API_PASSWORD: PASSWORD }, { wait, requestTimeout: '2s' });
}

/** Runs the client against a stand-in with `faults`; returns the titles of the failed checks and the report. */
async function runWith(faults: Faults, wait?: string): Promise<{ failed: string[]; report: string; total: number }> {
  const { server, port } = await startStandIn(faults);
  try {
    const outcome = await runAcceptance(configFor(port, wait));
    return { failed: outcome.results.filter((r) => r.status === 'FAILURE').map((r) => r.title), report: outcome.report, total: outcome.summary.total };
  } finally {
    await stop(server);
  }
}

test('a well-behaved service passes every check: readiness, both credential checks, and per model entry, performance and predictions', async () => {
  const { failed, report, total } = await runWith({});
  const models = Object.keys(ACCURACY).length;
  assert.deepEqual(failed, []);
  assert.equal(total, 4 + 2 * models + ORIGINAL_MODELS.length + models);
  assert.ok(report.includes(`result   : SUCCESS: ${total} checks, ${total} SUCCESS, 0 FAILURE`));
  assert.match(report, /the performance of nb_global equals the registry's accuracy/);
  assert.ok(!report.includes(PASSWORD), 'the report never shows the password');
});

test('a service that accepts a wrong password fails only the invalid-credentials check', async () => {
  assert.deepEqual((await runWith({ acceptAnyPassword: true })).failed, ['invalid credentials are refused']);
});

test('a 401 without a Basic challenge fails the invalid-credentials check', async () => {
  assert.deepEqual((await runWith({ noChallenge: true })).failed, ['invalid credentials are refused']);
});

test("a score that is not the registry's accuracy rounded to 2 places fails that model's performance check", async () => {
  const { failed, report } = await runWith({ wrongScoreFor: 'lr_global' });
  assert.deepEqual(failed, ["the performance of lr_global equals the registry's accuracy"]);
  assert.match(report, /expected : 200 \{"model":"lr_global","score":0\.64\} \(registry accuracy 0\.6449 to 2 places\)/);
  assert.match(report, /got {6}: 200 \{"model":"lr_global","score":0\.65\}/);
});

test('an original model rating the magical review 4 stars fails its prediction check', async () => {
  assert.deepEqual((await runWith({ fourStarsFor: 'rf_Disneyland_Paris' })).failed, [`rf_Disneyland_Paris rates "${MAGICAL_REVIEW}" 5 stars`]);
});

test('v1 probabilities that do not sum to 1 fail that model\'s batch prediction check', async () => {
  assert.deepEqual((await runWith({ badProbabilitiesFor: EXTRA_MODEL })).failed, [`the v1 predict route of ${EXTRA_MODEL} rates a batch`]);
});

test('readiness is polled until /readyz answers 200 within the wait', async () => {
  const { server, port, requests } = await startStandIn({ notReadyTimes: 2 });
  try {
    const ctx: CheckContext = {
      client: new ApiClient(`http://127.0.0.1:${port}`, 1000),
      credentials: { user: USER, password: PASSWORD },
      wrongPassword: 'x',
      now: () => new Date(),
    };
    const result = await checkReady(ctx, 5000, 20);
    ctx.client.close();
    assert.equal(result.status, 'SUCCESS');
    assert.match(result.got, /^200 \{"status":"ready"\} after \d+\.\d s \(3 attempts\)$/);
    assert.equal(requests.filter((r) => r === 'GET /readyz').length, 3);
  } finally {
    await stop(server);
  }
});

test('a service that never gets ready fails the readiness check after the wait', async () => {
  const started = Date.now();
  const { failed } = await runWith({ notReadyTimes: Infinity }, '600ms');
  assert.ok(failed.includes('the service is ready (/readyz answers 200)'));
  assert.equal(failed.length, 1, 'the other checks still run and pass');
  assert.ok(Date.now() - started >= 500);
});

test('nothing listening: every check fails with the connection error, and the six original models are still named', async () => {
  const { server, port } = await startStandIn();
  await stop(server);
  const outcome = await runAcceptance(configFor(port, '100ms'));
  assert.equal(outcome.summary.succeeded, 0);
  assert.ok(outcome.summary.failed >= 4 + 3 * ORIGINAL_MODELS.length);
  assert.match(outcome.report, /got {6}: no answer: (connect )?ECONNREFUSED/);
  for (const name of ORIGINAL_MODELS) assert.match(outcome.report, new RegExp(`${name} rates`));
});

test('a score equals the accuracy rounded to 2 places, with either rounding of an exact half', () => {
  assert.equal(isRoundedAccuracy(0.64, 0.6449), true);
  assert.equal(isRoundedAccuracy(0.65, 0.6449), false);
  assert.equal(isRoundedAccuracy(0.645, 0.6449), false, 'three decimals are not a 2-place rounding');
  assert.equal(isRoundedAccuracy(0.12, 0.125), true);
  assert.equal(isRoundedAccuracy(0.13, 0.125), true);
  assert.equal(isRoundedAccuracy(0.6, 0.6), true);
  assert.equal(isRoundedAccuracy(1, 0.9951), true);
});

test('a v1 prediction needs a rating 1..5, probabilities "1".."5" summing to 1 and an expected rating', () => {
  const good = { rating: 5, probabilities: { '1': 0.1, '2': 0.1, '3': 0.1, '4': 0.2, '5': 0.5 }, expectedRating: 3.9 };
  assert.equal(isPrediction(good), true);
  assert.equal(isPrediction({ ...good, rating: 6 }), false);
  assert.equal(isPrediction({ ...good, rating: '5' }), false);
  assert.equal(isPrediction({ ...good, probabilities: [0.1, 0.1, 0.1, 0.2, 0.5] }), false);
  assert.equal(isPrediction({ ...good, probabilities: { ...good.probabilities, '5': 0.6 } }), false);
  assert.equal(isPrediction({ ...good, expectedRating: undefined }), false);
});

test('model names come from the "models" list; anything else is not a list', () => {
  assert.deepEqual(modelNamesOf({ models: [{ name: 'a' }, { name: 'b' }] }), ['a', 'b']);
  assert.equal(modelNamesOf({ models: [{ name: '' }] }), undefined);
  assert.equal(modelNamesOf({ models: 'a,b' }), undefined);
  assert.equal(modelNamesOf(['a']), undefined);
});

test('LOG=1 reports are appended to the results file, whose folder is created when missing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'acceptance-results-'));
  try {
    const file = join(dir, 'nested', 'log.txt');
    await appendReport(file, 'first report\n');
    await appendReport(file, 'second report\n');
    assert.equal(await readFile(file, 'utf8'), 'first report\nsecond report\n');
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    await assert.rejects(appendReport(join(blocker, 'log.txt'), 'r'), (err) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /RESULTS_FILE/.test(err.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
