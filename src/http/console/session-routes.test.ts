import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { TEST_USERS, buildTestApp } from '../../../test-support/http.js';
import { CSRF_HEADER, SESSION_COOKIE } from './session-cookie.js';

const { reader } = TEST_USERS;

function sessionCookie(res: LightMyRequestResponse): { value: string; raw: string } {
  const raw = String(res.headers['set-cookie'] ?? '');
  const value = /review_stars_session=([^;]*)/.exec(raw)?.[1];
  assert.ok(value !== undefined && value !== '', `a session cookie in ${raw}`);
  return { value, raw };
}

async function signIn(app: Awaited<ReturnType<typeof buildTestApp>>['app']): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/ui/session', payload: { user: reader.name, password: reader.password } });
  assert.equal(res.statusCode, 200, res.body);
  return { cookie: sessionCookie(res).value, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

test('sign-in sets an HttpOnly, SameSite=Strict cookie with an expiry, and the JSON routes accept it', async () => {
  const { app } = await buildTestApp();
  try {
    const res = await app.inject({ method: 'POST', url: '/ui/session', payload: { user: reader.name, password: reader.password } });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { user: string; role: string; expiresAt: string; csrfToken: string };
    assert.equal(body.user, reader.name);
    assert.equal(body.role, 'reader');
    assert.ok(Date.parse(body.expiresAt) > Date.now() + 7 * 3600_000);
    const { value, raw } = sessionCookie(res);
    assert.match(raw, /HttpOnly/);
    assert.match(raw, /SameSite=Strict/);
    assert.match(raw, /Expires=/);
    assert.match(raw, /Path=\//);
    assert.ok(!raw.includes(reader.password));
    const models = await app.inject({ method: 'GET', url: '/v1/models', cookies: { [SESSION_COOKIE]: value } });
    assert.equal(models.statusCode, 200);
    const who = await app.inject({ method: 'GET', url: '/ui/session', cookies: { [SESSION_COOKIE]: value } });
    assert.equal((who.json() as { user: string }).user, reader.name);
    assert.equal((who.json() as { csrfToken: string }).csrfToken, body.csrfToken);
  } finally {
    await app.close();
  }
});

test('a wrong password is refused without a Basic challenge, and counts toward the failure limit', async () => {
  const { app } = await buildTestApp({ auth: { maxFailures: 2 } });
  try {
    const wrong = { method: 'POST' as const, url: '/ui/session', remoteAddress: '198.51.100.9', payload: { user: reader.name, password: 'not-the-password' } };
    for (let i = 0; i < 2; i++) {
      const res = await app.inject(wrong);
      assert.equal(res.statusCode, 401);
      assert.equal((res.json() as { code: string }).code, 'SIGN_IN_FAILED');
      assert.equal(res.headers['www-authenticate'], undefined);
      assert.equal(res.headers['set-cookie'], undefined);
    }
    const limited = await app.inject({ ...wrong, payload: { user: reader.name, password: reader.password } });
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    const empty = await app.inject({ method: 'POST', url: '/ui/session', payload: { user: '', password: '' } });
    assert.equal(empty.statusCode, 422);
  } finally {
    await app.close();
  }
});

test('a state-changing request on a session needs its CSRF token', async () => {
  const { app } = await buildTestApp();
  try {
    const { cookie, csrf } = await signIn(app);
    const request = { method: 'POST' as const, url: '/v1/models/best/predict', payload: { reviews: [{ text: 'Lovely day out.' }] } };
    const without = await app.inject({ ...request, cookies: { [SESSION_COOKIE]: cookie } });
    assert.equal(without.statusCode, 403);
    assert.equal((without.json() as { code: string }).code, 'CSRF_TOKEN_INVALID');
    const forged = await app.inject({ ...request, cookies: { [SESSION_COOKIE]: cookie }, headers: { [CSRF_HEADER]: `${csrf}x` } });
    assert.equal(forged.statusCode, 403);
    const ok = await app.inject({ ...request, cookies: { [SESSION_COOKIE]: cookie }, headers: { [CSRF_HEADER]: csrf } });
    assert.equal(ok.statusCode, 200, ok.body);
    const crossSite = await app.inject({ method: 'POST', url: '/ui/session', headers: { origin: 'https://evil.example' }, payload: { user: reader.name, password: reader.password } });
    assert.equal(crossSite.statusCode, 403);
  } finally {
    await app.close();
  }
});

test('sign-out ends the session: the same cookie is refused afterwards', async () => {
  const { app } = await buildTestApp();
  try {
    const { cookie, csrf } = await signIn(app);
    const noToken = await app.inject({ method: 'DELETE', url: '/ui/session', cookies: { [SESSION_COOKIE]: cookie } });
    assert.equal(noToken.statusCode, 403);
    const out = await app.inject({ method: 'DELETE', url: '/ui/session', cookies: { [SESSION_COOKIE]: cookie }, headers: { [CSRF_HEADER]: csrf } });
    assert.equal(out.statusCode, 200);
    assert.match(String(out.headers['set-cookie']), /review_stars_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await app.inject({ method: 'GET', url: '/v1/models', cookies: { [SESSION_COOKIE]: cookie }, headers: { [CSRF_HEADER]: csrf } });
    assert.equal(after.statusCode, 401);
    assert.equal((after.json() as { code: string }).code, 'SESSION_EXPIRED');
    assert.match((after.json() as { message: string }).message, /signed out/);
    assert.equal(after.headers['www-authenticate'], undefined);
  } finally {
    await app.close();
  }
});

test('an expired session is refused with a message that says so; Basic auth is unchanged', async () => {
  const { app } = await buildTestApp({ console: { sessionTtlMs: 50 } });
  try {
    const { cookie, csrf } = await signIn(app);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const res = await app.inject({ method: 'GET', url: '/v1/models', cookies: { [SESSION_COOKIE]: cookie }, headers: { [CSRF_HEADER]: csrf } });
    assert.equal(res.statusCode, 401);
    assert.match((res.json() as { message: string }).message, /expired/);
    const gone = await app.inject({ method: 'GET', url: '/v1/models', headers: { [CSRF_HEADER]: csrf } });
    assert.equal((gone.json() as { code: string }).code, 'SESSION_EXPIRED');
    const basic = await app.inject({ method: 'GET', url: '/v1/models' });
    assert.equal(basic.headers['www-authenticate'], 'Basic realm="review-stars"');
  } finally {
    await app.close();
  }
});

test('without a built console, /ui/ says how to build it', async () => {
  const { app } = await buildTestApp();
  try {
    const res = await app.inject({ method: 'GET', url: '/ui/' });
    assert.equal(res.statusCode, 404);
    assert.equal((res.json() as { code: string }).code, 'CONSOLE_NOT_BUILT');
    assert.equal((await app.inject({ method: 'GET', url: '/ui' })).headers.location, '/ui/');
  } finally {
    await app.close();
  }
});
