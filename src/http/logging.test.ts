import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLogger, READER_AUTH, TEST_USERS, buildTestApp, basicAuth } from './test-support.js';
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
