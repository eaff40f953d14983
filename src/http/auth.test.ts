import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_AUTH, READER_AUTH, TEST_USERS, basicAuth, buildTestApp } from '../../test-support/http.js';

test('public routes answer without credentials; every other route asks for them', async () => {
  const { app } = await buildTestApp();
  try {
    for (const url of ['/', '/healthz', '/readyz', '/openapi.json', '/docs', '/docs/static/swagger-ui.css']) {
      assert.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url);
    }
    const guarded: Array<['GET' | 'POST', string]> = [
      ['GET', '/permission'],
      ['GET', '/performance?model_name=best'],
      ['GET', '/prediction?model_name=best&comment=hi'],
      ['GET', '/v1/models'],
      ['GET', '/v1/models/best'],
      ['POST', '/v1/models/best/predict'],
      ['POST', '/v1/admin/reload'],
      ['GET', '/metrics'],
    ];
    for (const [method, url] of guarded) {
      const res = await app.inject({ method, url });
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.headers['www-authenticate'], 'Basic realm="review-stars"');
    }
  } finally {
    await app.close();
  }
});

test('an admin may use reader routes; a reader may not use admin routes', async () => {
  const { app } = await buildTestApp();
  try {
    assert.equal((await app.inject({ method: 'GET', url: '/permission', headers: { authorization: ADMIN_AUTH } })).statusCode, 200);
    const res = await app.inject({ method: 'POST', url: '/v1/admin/reload', headers: { authorization: READER_AUTH } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().requiredRole, 'admin');
  } finally {
    await app.close();
  }
});

test('repeated failures from one address are refused with 429 and Retry-After; other addresses still get in', async () => {
  const { app } = await buildTestApp({ auth: { maxFailures: 3, failureWindowMs: 60_000 } });
  try {
    const wrong = basicAuth(TEST_USERS.reader.name, 'guess');
    for (let i = 0; i < 3; i++) {
      assert.equal((await app.inject({ method: 'GET', url: '/permission', remoteAddress: '198.51.100.7', headers: { authorization: wrong } })).statusCode, 401);
    }
    const limited = await app.inject({ method: 'GET', url: '/permission', remoteAddress: '198.51.100.7', headers: { authorization: basicAuth(TEST_USERS.admin.name, TEST_USERS.admin.password) } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'TOO_MANY_REQUESTS');
    assert.ok(Number(limited.headers['retry-after']) >= 59, String(limited.headers['retry-after']));
    const other = await app.inject({ method: 'GET', url: '/permission', remoteAddress: '198.51.100.8', headers: { authorization: READER_AUTH } });
    assert.equal(other.statusCode, 200);
  } finally {
    await app.close();
  }
});

test('client addresses come from X-Forwarded-For only when the peer is a trusted proxy', async () => {
  const trusting = await buildTestApp({ trustProxy: '127.0.0.1', auth: { maxFailures: 1 } });
  try {
    const wrong = basicAuth('x', 'y');
    const via = (client: string) => ({ method: 'GET' as const, url: '/permission', remoteAddress: '127.0.0.1', headers: { authorization: wrong, 'x-forwarded-for': client } });
    assert.equal((await trusting.app.inject(via('203.0.113.1'))).statusCode, 401);
    assert.equal((await trusting.app.inject(via('203.0.113.1'))).statusCode, 429);
    assert.equal((await trusting.app.inject(via('203.0.113.2'))).statusCode, 401);
  } finally {
    await trusting.app.close();
  }
  const direct = await buildTestApp({ auth: { maxFailures: 1 } });
  try {
    const spoof = (client: string) => ({ method: 'GET' as const, url: '/permission', remoteAddress: '192.0.2.1', headers: { authorization: basicAuth('x', 'y'), 'x-forwarded-for': client } });
    assert.equal((await direct.app.inject(spoof('203.0.113.1'))).statusCode, 401);
    assert.equal((await direct.app.inject(spoof('203.0.113.99'))).statusCode, 429);
  } finally {
    await direct.app.close();
  }
});

test('a verified header is answered from the cache on the next request', async () => {
  const { app, authenticator } = await buildTestApp();
  try {
    assert.equal(authenticator.cached(READER_AUTH), undefined);
    await app.inject({ method: 'GET', url: '/permission', headers: { authorization: READER_AUTH } });
    assert.deepEqual(authenticator.cached(READER_AUTH), { name: TEST_USERS.reader.name, role: 'reader' });
  } finally {
    await app.close();
  }
});
