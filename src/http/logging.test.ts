import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLogger, READER_AUTH, TEST_USERS, buildTestApp, basicAuth } from '../../test-support/http.js';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createTestModelSet } from '../../test-support/test-model-set.js';
import { buildApp } from './app.js';
import { createTestUserStore } from '../../test-support/http.js';
import { requestIdFor } from './logging.js';

test('one JSON access line per request, with request id, route template, status and user, and no credentials', async () => {
  const lines: string[] = [];
  const service = await buildTestApp({ logger: captureLogger(lines) });
  try {
    await service.app.inject({ method: 'GET', url: '/prediction?model_name=best&comment=magical', headers: { authorization: READER_AUTH, 'x-request-id': 'abc-1' } });
    await service.app.inject({ method: 'GET', url: '/permission', headers: { authorization: basicAuth(TEST_USERS.reader.name, 'not-the-password') } });
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    assert.equal(access.length, 2);
    assert.deepEqual(
      { reqId: access[0]!.reqId, method: access[0]!.method, route: access[0]!.route, status: access[0]!.status, user: access[0]!.user, level: access[0]!.level },
      { reqId: 'abc-1', method: 'GET', route: '/prediction', status: 200, user: TEST_USERS.reader.name, level: 'info' },
    );
    assert.equal(typeof access[0]!.ms, 'number');
    assert.equal(access[1]!.code, 'UNAUTHORIZED');
    const all = lines.join('\n');
    for (const secret of [TEST_USERS.reader.password, 'not-the-password', READER_AUTH.slice(6), 'magical']) assert.ok(!all.includes(secret), `log must not contain ${secret}`);
  } finally {
    await service.app.close();
  }
});

test('access lines written straight to the stream have the very shape pino gives the same fields', async () => {
  const lines: string[] = [];
  const logger = captureLogger(lines);
  const service = await buildTestApp({ logger });
  try {
    await service.app.inject({ method: 'GET', url: '/v1/models/nope', headers: { authorization: READER_AUTH, 'x-request-id': 'shape-1' } });
    const fast = JSON.parse(lines.find((l) => l.includes('"msg":"request"'))!) as Record<string, unknown>;
    logger.child({ reqId: 'shape-1' }).info({ method: 'GET', route: '/v1/models/:name', status: 404, ms: fast.ms, code: 'UNKNOWN_MODEL', user: TEST_USERS.reader.name }, 'request');
    const viaPino = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(fast), Object.keys(viaPino));
    assert.deepEqual({ ...fast, time: 0 }, { ...viaPino, time: 0 });
  } finally {
    await service.app.close();
  }
});

test('with a logger not made by createLogger, access lines still go through pino', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString('utf8')), done()) });
  const service = await buildApp({ loadModels: async () => createTestModelSet(), users: await createTestUserStore(), processMetrics: false, logger: pino({ level: 'info' }, sink) });
  try {
    await service.lifecycle.loadInitial();
    await service.app.inject({ method: 'GET', url: '/healthz' });
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request');
    assert.equal(access?.route, '/healthz');
    assert.equal(access?.level, 30);
  } finally {
    await service.app.close();
  }
});

test('no access line is written when the level is above info', async () => {
  const lines: string[] = [];
  const service = await buildTestApp({ logger: captureLogger(lines, 'warn') });
  try {
    await service.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(lines.filter((l) => l.includes('"msg":"request"')).length, 0);
  } finally {
    await service.app.close();
  }
});

test('every answered request reaches the metrics, by route template, even with access lines off', async () => {
  const lines: string[] = [];
  const service = await buildTestApp({ logger: captureLogger(lines, 'warn') });
  try {
    await service.app.inject({ method: 'GET', url: '/healthz' });
    await service.app.inject({ method: 'GET', url: '/no/such/route' });
    await service.app.inject({ method: 'GET', url: '/v1/models/nope', headers: { authorization: READER_AUTH } });
    const text = await service.metrics.render();
    assert.match(text, /review_stars_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    assert.match(text, /review_stars_http_requests_total\{method="GET",route="<unmatched>",status="404"\} 1/);
    assert.match(text, /review_stars_http_requests_total\{method="GET",route="\/v1\/models\/:name",status="404"\} 1/);
    assert.match(text, /review_stars_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
  } finally {
    await service.app.close();
  }
});

test('credentials are redacted even when something logs headers on purpose', () => {
  const lines: string[] = [];
  const log = captureLogger(lines);
  log.info({ req: { headers: { authorization: READER_AUTH, cookie: 'session=1' } }, password: 'pw-123' }, 'careless');
  log.info({ headers: { authorization: 'Basic c2VjcmV0OnNlY3JldA==' }, authorization: 'Basic b3RoZXI6b3RoZXI=' }, 'careless too');
  const line = lines.join('');
  for (const secret of [READER_AUTH.slice(6), 'pw-123', 'session=1', 'c2VjcmV0OnNlY3JldA==', 'b3RoZXI6b3RoZXI=']) assert.ok(!line.includes(secret), line);
  assert.match(line, /\[redacted\]/);
});

test('a sane X-Request-Id is kept; anything else gets a generated id', () => {
  const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as never;
  assert.equal(requestIdFor(req('3f2a-9c:1.b_c')), '3f2a-9c:1.b_c');
  for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'é', 'a\nb']) {
    const id = requestIdFor(req(bad));
    assert.match(id, /^[0-9a-f]{8}-[0-9a-z]+$/, String(bad));
  }
  assert.notEqual(requestIdFor(req()), requestIdFor(req()));
});
