import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ReviewStarsApp } from './app.js';
import { createTestModelSet } from '../../test-support/test-model-set.js';
import { ADMIN_AUTH, READER_AUTH, basicAuth, buildTestApp } from '../../test-support/http.js';

let service: ReviewStarsApp;
const fixture = createTestModelSet();

before(async () => {
  service = await buildTestApp();
});
after(async () => {
  await service.app.close();
});

async function get(url: string, authorization?: string) {
  return service.app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });
}

async function predict(name: string, body: unknown, query = '', headers: Record<string, string> = {}) {
  return service.app.inject({
    method: 'POST',
    url: `/v1/models/${encodeURIComponent(name)}/predict${query}`,
    headers: { authorization: READER_AUTH, 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

// ---- the original routes -------------------------------------------------------------------------

test('GET / answers the original welcome without authentication', async () => {
  const res = await get('/');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.equal(res.body, '{"welcome to":"Disneyland review rating prediction API","service status":"Online"}');
});

test('GET /permission answers {"credentials":"valid"} to valid credentials', async () => {
  const res = await get('/permission', READER_AUTH);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { credentials: 'valid' });
});

test('GET /permission refuses missing, wrong and malformed credentials with 401 and WWW-Authenticate', async () => {
  for (const authorization of [undefined, basicAuth('alice', 'wrong-password'), basicAuth('nobody', 'x'), 'Basic %%%', 'Bearer abc']) {
    const res = await get('/permission', authorization);
    assert.equal(res.statusCode, 401, String(authorization));
    assert.equal(res.headers['www-authenticate'], 'Basic realm="review-stars"');
    assert.equal(res.json().code, 'UNAUTHORIZED');
  }
});

test('GET /performance answers the accuracy rounded to 2 places, as a number', async () => {
  for (const name of fixture.names) {
    const res = await get(`/performance?model_name=${name}`, READER_AUTH);
    assert.equal(res.statusCode, 200);
    const expected = Math.round(fixture.get(name)!.entry.metrics.accuracy * 100) / 100;
    assert.deepEqual(res.json(), { model: name, score: expected });
    assert.match(res.body, /"score":\d(\.\d{1,2})?}/);
  }
});

test('GET /performance with model_name=best answers the best model\'s score under the name asked for', async () => {
  const res = await get('/performance?model_name=best', READER_AUTH);
  const best = fixture.get(fixture.manifest.best)!;
  assert.deepEqual(res.json(), { model: 'best', score: Math.round(best.entry.metrics.accuracy * 100) / 100 });
});

test('an unknown model is a 404 UNKNOWN_MODEL listing the available models', async () => {
  for (const url of ['/performance?model_name=svm_global', '/prediction?model_name=..%2F..%2Fetc%2Fpasswd&comment=hello']) {
    const res = await get(url, READER_AUTH);
    assert.equal(res.statusCode, 404);
    const body = res.json();
    assert.equal(body.code, 'UNKNOWN_MODEL');
    assert.deepEqual(body.available, ['lr_global', 'rf_global', 'best']);
    assert.match(body.message, /available models are lr_global, rf_global, best/);
  }
});

test('GET /prediction rates "Disneyland is a magical world!" 5 stars, as a string, echoing model and comment', async () => {
  const comment = 'Disneyland is a magical world!';
  for (const name of [...fixture.names, 'best']) {
    const res = await get(`/prediction?model_name=${name}&comment=${encodeURIComponent(comment)}`, READER_AUTH);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { model: name, comment, 'rating prediction': '5' });
  }
});

test('GET /prediction answers what the model predicts for the text (a negative review gets a low rating)', async () => {
  const comment = 'Terrible, dirty and rude. The worst day, awful queues.';
  const res = await get(`/prediction?model_name=lr_global&comment=${encodeURIComponent(comment)}`, READER_AUTH);
  const expected = fixture.get('lr_global')!.predict(comment).rating;
  assert.ok(expected <= 2);
  assert.equal(res.json()['rating prediction'], String(expected));
});

test('GET /prediction decodes + as space and UTF-8 percent escapes, as Python requests sends them', async () => {
  const res = await get('/prediction?model_name=best&comment=Caf%C3%A9+tr%C3%A8s+magical%21', READER_AUTH);
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().comment, 'Café très magical!');
});

test('an empty, blank or missing comment is a 422 EMPTY_COMMENT', async () => {
  for (const query of ['model_name=best&comment=', 'model_name=best&comment=%20%20%0A', 'model_name=best']) {
    const res = await get(`/prediction?${query}`, READER_AUTH);
    assert.equal(res.statusCode, 422, query);
    assert.equal(res.json().code, 'EMPTY_COMMENT');
  }
});

test('a comment of 20,000 characters is rated; one of 20,001 is a 422 naming the limit', async () => {
  const ok = await get(`/prediction?model_name=best&comment=${'a'.repeat(20_000)}`, READER_AUTH);
  assert.equal(ok.statusCode, 200);
  const tooLong = await get(`/prediction?model_name=best&comment=${'a'.repeat(20_001)}`, READER_AUTH);
  assert.equal(tooLong.statusCode, 422);
  assert.equal(tooLong.json().code, 'VALIDATION_FAILED');
  assert.match(tooLong.json().message, /comment must not have more than 20000 characters/);
});

test('a repeated or missing model_name is a 422 VALIDATION_FAILED naming the field', async () => {
  const repeated = await get('/prediction?model_name=best&model_name=lr_global&comment=hi', READER_AUTH);
  assert.equal(repeated.statusCode, 422);
  assert.equal(repeated.json().errors[0].field, 'model_name');
  const missing = await get('/performance', READER_AUTH);
  assert.equal(missing.statusCode, 422);
  assert.equal(missing.json().code, 'VALIDATION_FAILED');
  assert.equal(missing.json().errors[0].field, 'model_name');
});

test('a query string that is not valid percent-encoded UTF-8, or holds control characters, is a 400 INVALID_REQUEST', async () => {
  for (const query of ['comment=%FF&model_name=best', 'comment=%C3%28&model_name=best', 'comment=%E0%A4&model_name=best', 'comment=100%&model_name=best', 'comment=a%00b&model_name=best']) {
    const res = await get(`/prediction?${query}`, READER_AUTH);
    assert.equal(res.statusCode, 400, query);
    assert.equal(res.json().code, 'INVALID_REQUEST');
  }
});

// ---- v1 ----------------------------------------------------------------------------------------

test('GET /v1/models lists every model with headline metrics, the set version and the best model', async () => {
  const res = await get('/v1/models', READER_AUTH);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.version, 'fixture-1');
  assert.equal(body.best, fixture.manifest.best);
  assert.deepEqual(
    body.models.map((m: { name: string }) => m.name),
    ['lr_global', 'rf_global'],
  );
  const lr = fixture.get('lr_global')!.entry;
  assert.deepEqual(body.models[0].metrics, { n: lr.metrics.n, accuracy: lr.metrics.accuracy, macroF1: lr.metrics.macroF1, mae: lr.metrics.mae, withinOne: lr.metrics.withinOne });
});

test('GET /v1/models/{name} answers all metrics, the confusion matrix, params and version; best resolves', async () => {
  const res = await get('/v1/models/best', READER_AUTH);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  const entry = fixture.get('best')!.entry;
  assert.equal(body.name, entry.name);
  assert.equal(body.isBest, true);
  assert.equal(body.version, 'fixture-1');
  assert.deepEqual(body.params, entry.params);
  assert.deepEqual(body.metrics.confusion, entry.metrics.confusion);
  assert.deepEqual(body.metrics.perClass, entry.metrics.perClass);
  assert.deepEqual(Object.keys(body.metrics.perBranch).sort(), Object.keys(entry.metrics.perBranch).sort());
  const other = await get('/v1/models/rf_global', READER_AUTH);
  assert.equal(other.json().isBest, fixture.manifest.best === 'rf_global');
  assert.equal((await get('/v1/models/nope', READER_AUTH)).statusCode, 404);
});

test('POST /v1/models/{name}/predict rates each review as the model does, in order', async () => {
  const texts = ['Disneyland is a magical world!', 'Terrible, dirty, the worst.', 'It was okay, a bit crowded.'];
  const res = await predict('rf_global', { reviews: texts.map((text) => ({ text, branch: 'Disneyland_Paris' })) });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.model, 'rf_global');
  assert.equal(body.version, 'fixture-1');
  assert.equal(body.predictions.length, 3);
  texts.forEach((text, i) => {
    const expected = fixture.get('rf_global')!.predict(text);
    const got = body.predictions[i];
    assert.equal(got.rating, expected.rating);
    assert.deepEqual([got.probabilities['1'], got.probabilities['2'], got.probabilities['3'], got.probabilities['4'], got.probabilities['5']], expected.probabilities);
    assert.equal(got.expectedRating, expected.expectedRating);
    assert.equal(got.explanation, undefined);
    const total = Object.values(got.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-9);
  });
});

test('predict with explain=true adds the terms that pushed each prediction most, at most topTerms', async () => {
  const res = await predict('best', { reviews: [{ text: 'Magical, wonderful, amazing and fun, but expensive.' }] }, '?explain=true&topTerms=2');
  assert.equal(res.statusCode, 200);
  const explanation = res.json().predictions[0].explanation;
  assert.deepEqual(explanation, [
    { term: 'magical', weight: 2.2 },
    { term: 'wonderful', weight: 1.8 },
  ]);
});

test('predict refuses explain and topTerms values that are not exactly a boolean and an integer in range', async () => {
  for (const query of ['?explain=maybe', '?explain=1', '?topTerms=1.5', '?topTerms=0', '?topTerms=51', '?topTerms=ten', '?explain=true&explain=false']) {
    const res = await predict('best', { reviews: [{ text: 'magical' }] }, query);
    assert.equal(res.statusCode, 422, query);
    assert.equal(res.json().code, 'VALIDATION_FAILED');
  }
});

test('a review with no known term (emoji, Japanese) is rated and says so with noKnownTerms; the original route\'s body is unchanged', async () => {
  const texts = ['🎢🎠🏰', 'ディズニーランドは最高でした', 'Magical castle, a dream!', 'zzz qqq'];
  const res = await predict('best', { reviews: texts.map((text) => ({ text })) });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json().predictions.map((p: { noKnownTerms: boolean }) => p.noKnownTerms), [true, true, false, true]);
  const compat = await get(`/prediction?model_name=best&comment=${encodeURIComponent(texts[0]!)}`, READER_AUTH);
  assert.equal(compat.statusCode, 200);
  assert.equal(compat.body, JSON.stringify({ model: 'best', comment: texts[0], 'rating prediction': compat.json()['rating prediction'] }));
});

test('a comment of only invisible characters is a 422 EMPTY_COMMENT on the original route too', async () => {
  const res = await get(`/prediction?model_name=best&comment=${encodeURIComponent('\u200b\u200d\ufeff')}`, READER_AUTH);
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().code, 'EMPTY_COMMENT');
});

test('predict resolves best to the best model and names it', async () => {
  const res = await predict('best', { reviews: [{ text: 'great' }] });
  assert.equal(res.json().model, fixture.manifest.best);
});

test('a batch of 1,000 reviews is rated; 1,001 or none is a 422', async () => {
  const reviews = Array.from({ length: 1000 }, (_, i) => ({ text: `review ${i}: magical but crowded` }));
  const ok = await predict('best', { reviews });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().predictions.length, 1000);
  const tooMany = await predict('best', { reviews: [...reviews, { text: 'one more' }] });
  assert.equal(tooMany.statusCode, 422);
  assert.match(tooMany.json().message, /reviews must not have more than 1000 items/);
  const none = await predict('best', { reviews: [] });
  assert.equal(none.statusCode, 422);
});

test('predict refuses bad review items with 422 naming the field', async () => {
  const cases: Array<[unknown, string]> = [
    [{ reviews: [{ text: '' }] }, 'reviews.0.text'],
    [{ reviews: [{ text: ' \n\t ' }] }, 'reviews.0.text'],
    [{ reviews: [{ text: 'nul \u0000 inside' }] }, 'reviews.0.text'],
    [{ reviews: [{ text: '\u200b\u200c\u200d\u2060\ufeff' }] }, 'reviews.0.text'], // zero-width characters only
    [{ reviews: [{ text: 'ok' }, { text: ' \u00ad\u034f\u0301\u3164 ' }] }, 'reviews.1.text'], // soft hyphen, combining marks, a Hangul filler
    [{ reviews: [{ text: 'ok' }, { text: 'x'.repeat(20_001) }] }, 'reviews.1.text'],
    [{ reviews: [{ text: 42 }] }, 'reviews.0.text'],
    [{ reviews: [{ branch: 'Disneyland_Paris' }] }, 'reviews.0.text'],
    [{ reviews: 'not a list' }, 'reviews'],
    [{ reviews: [{ text: 'ok', stars: 5 }] }, 'reviews.0.stars'],
    [{ reviews: [{ text: 'ok' }], model: 'x' }, 'model'],
    [{ comments: [] }, 'reviews'],
    [[1, 2, 3], ''],
  ];
  for (const [body, field] of cases) {
    const res = await predict('best', body);
    assert.equal(res.statusCode, 422, JSON.stringify(body).slice(0, 80));
    assert.equal(res.json().code, 'VALIDATION_FAILED');
    assert.equal(res.json().errors[0].field, field);
  }
});

test('predict answers 415 to a body that is not JSON in UTF-8', async () => {
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml']) {
    const res = await predict('best', '{"reviews":[{"text":"hi"}]}', '', { 'content-type': contentType });
    assert.equal(res.statusCode, 415, contentType);
    assert.equal(res.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  }
  const withUtf8 = await predict('best', '{"reviews":[{"text":"hi"}]}', '', { 'content-type': 'application/json; charset=UTF-8' });
  assert.equal(withUtf8.statusCode, 200);
});

test('predict answers 400 INVALID_REQUEST to broken JSON, invalid UTF-8, an empty body and prototype poisoning', async () => {
  const bodies: Array<string | Buffer> = [
    '{"reviews": [',
    'null x',
    Buffer.from([0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    '',
    '{"__proto__": {"polluted": true}, "reviews": [{"text": "hi"}]}',
  ];
  for (const body of bodies) {
    const res = await predict('best', body);
    assert.equal(res.statusCode, 400, String(body));
    assert.equal(res.json().code, 'INVALID_REQUEST');
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a body over 5 MB is a 413 PAYLOAD_TOO_LARGE', async () => {
  const res = await predict('best', `{"reviews":[{"text":"${'a'.repeat(5 * 1024 * 1024)}"}]}`);
  assert.equal(res.statusCode, 413);
  assert.equal(res.json().code, 'PAYLOAD_TOO_LARGE');
});

test('a repeated query parameter is a 422 VALIDATION_FAILED that says it is repeated, on every route', async () => {
  const cases: Array<[string, 'GET' | 'POST', string]> = [
    ['/prediction?model_name=best&model_name=lr_global&comment=hi', 'GET', 'model_name'],
    ['/prediction?model_name=best&comment=a&comment=b&comment=c', 'GET', 'comment'],
    ['/performance?model_name=best&model_name=best', 'GET', 'model_name'],
    ['/v1/models/best/predict?explain=true&explain=false', 'POST', 'explain'],
  ];
  for (const [url, method, field] of cases) {
    const res = await service.app.inject({ method, url, headers: { authorization: READER_AUTH, 'content-type': 'application/json' }, payload: method === 'POST' ? '{"reviews":[{"text":"hi"}]}' : undefined });
    assert.equal(res.statusCode, 422, url);
    const body = res.json();
    assert.equal(body.code, 'VALIDATION_FAILED', url);
    assert.deepEqual(body.errors.map((e: { field: string }) => e.field), [field], url);
    assert.match(body.errors[0].message, new RegExp(`^${field} is given \\d times: pass it once$`), url);
    assert.match(body.message, /is given \d times: pass it once/);
  }
});

test('a validation error lists each field once, with its first problem', async () => {
  const res = await predict('best', { reviews: [{ text: '' }, { text: 5, extra: 1 }, { branch: 'x'.repeat(101) }] });
  assert.equal(res.statusCode, 422);
  const fields = res.json().errors.map((e: { field: string }) => e.field);
  assert.deepEqual(fields, [...new Set(fields)], `a field named twice: ${fields.join(', ')}`);
  assert.deepEqual([...fields].sort(), ['reviews.0.text', 'reviews.1.extra', 'reviews.1.text', 'reviews.2.branch', 'reviews.2.text']);
});

test('a known path asked with a wrong method is a 405 METHOD_NOT_ALLOWED with Allow; an unknown path stays a 404', async () => {
  const cases: Array<[string, string, string]> = [
    ['POST', '/prediction?model_name=best&comment=hi', 'GET, HEAD'],
    ['DELETE', '/', 'GET, HEAD'],
    ['GET', '/v1/models/best/predict', 'POST'],
    ['PUT', '/v1/models/lr_global', 'GET, HEAD'],
    ['GET', '/v1/admin/reload', 'POST'],
    ['OPTIONS', '/v1/models', 'GET, HEAD'],
  ];
  for (const [method, url, allow] of cases) {
    const res = await service.app.inject({ method: method as 'GET', url, headers: { authorization: READER_AUTH } });
    assert.equal(res.statusCode, 405, `${method} ${url}`);
    assert.equal(res.headers.allow, allow, `${method} ${url}`);
    const body = res.json();
    assert.equal(body.code, 'METHOD_NOT_ALLOWED');
    assert.match(body.message, new RegExp(`^${method} is not allowed on /`));
    assert.equal(typeof body.requestId, 'string');
  }
  const unknown = await service.app.inject({ method: 'GET', url: '/v2/models', headers: { authorization: READER_AUTH } });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.headers.allow, undefined);
});

// ---- errors, probes, docs -----------------------------------------------------------------------

test('an unknown path is a 404 NOT_FOUND JSON error, whatever the method', async () => {
  for (const [method, url] of [['GET', '/nope'], ['DELETE', '/predictions'], ['PUT', '/v1/models/a/b'], ['GET', '/prediction/']] as const) {
    const res = await service.app.inject({ method, url, headers: { authorization: READER_AUTH } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'NOT_FOUND');
  }
});

test('every error body carries the request id, which is also the X-Request-Id header', async () => {
  const res = await service.app.inject({ method: 'GET', url: '/permission', headers: { 'x-request-id': 'trace-42' } });
  assert.equal(res.headers['x-request-id'], 'trace-42');
  assert.equal(res.json().requestId, 'trace-42');
  const generated = await get('/permission');
  assert.match(String(generated.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-z]+$/);
  const hostile = await service.app.inject({ method: 'GET', url: '/', headers: { 'x-request-id': 'a b\u00e9<script>' } });
  assert.notEqual(hostile.headers['x-request-id'], 'a b\u00e9<script>');
});

test('/healthz and /readyz answer without authentication', async () => {
  assert.deepEqual((await get('/healthz')).json(), { status: 'alive' });
  const ready = await get('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json(), { status: 'ready', version: 'fixture-1' });
});

test('/openapi.json and /docs are public and describe every route with its schema and Basic auth', async () => {
  const res = await get('/openapi.json');
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.0.3');
  assert.deepEqual(doc.components.securitySchemes.basicAuth, { type: 'http', scheme: 'basic' });
  for (const path of ['/', '/permission', '/performance', '/prediction', '/v1/models', '/v1/models/{name}', '/v1/models/{name}/predict', '/v1/admin/reload', '/healthz', '/readyz', '/metrics']) {
    assert.ok(doc.paths[path], `${path} is documented`);
  }
  const prediction = doc.paths['/prediction'].get;
  assert.deepEqual(prediction.security, [{ basicAuth: [] }]);
  assert.deepEqual(
    prediction.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required]),
    [
      ['model_name', true],
      ['comment', true],
    ],
  );
  assert.equal(doc.paths['/'].get.security, undefined);
  const docs = await get('/docs');
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /Swagger UI/);
});

test('/metrics needs authentication and reports requests by route template, predictions by model and rating, and the set version', async () => {
  assert.equal((await get('/metrics')).statusCode, 401);
  await get(`/prediction?model_name=best&comment=${encodeURIComponent('Disneyland is a magical world!')}`, READER_AUTH);
  await get('/v1/models/nope', READER_AUTH);
  const res = await get('/metrics', READER_AUTH);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  assert.match(res.body, /review_stars_http_requests_total\{method="GET",route="\/prediction",status="200"\} \d+/);
  assert.match(res.body, /review_stars_http_requests_total\{method="GET",route="\/v1\/models\/:name",status="404"\} \d+/);
  assert.match(res.body, /review_stars_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/prediction",status="200"\} \d+/);
  assert.match(res.body, new RegExp(`review_stars_predictions_total\\{model="${fixture.manifest.best}",rating="5"\\} \\d+`));
  assert.match(res.body, /review_stars_model_set_info\{version="fixture-1"\} 1/);
  assert.match(res.body, /review_stars_auth_failures_total\{reason="missing"\} \d+/);
});

test('an admin reloads the model set; a reader may not (403)', async () => {
  const forbidden = await service.app.inject({ method: 'POST', url: '/v1/admin/reload', headers: { authorization: READER_AUTH } });
  assert.equal(forbidden.statusCode, 403);
  assert.equal(forbidden.json().code, 'FORBIDDEN');
  const res = await service.app.inject({ method: 'POST', url: '/v1/admin/reload', headers: { authorization: ADMIN_AUTH } });
  assert.equal(res.statusCode, 200);
  assert.deepEqual({ ...(res.json() as object), durationMs: 0 }, { version: 'fixture-1', previousVersion: 'fixture-1', models: ['lr_global', 'rf_global'], durationMs: 0 });
});

test('a bug (an unexpected exception) is a 500 INTERNAL that leaks nothing', async () => {
  const broken = createTestModelSet();
  const model = broken.get('lr_global')!;
  model.predict = () => {
    throw new Error('secret internal detail /srv/models');
  };
  const lines: string[] = [];
  const { captureLogger } = await import('../../test-support/http.js');
  const buggy = await buildTestApp({ loadModels: async () => broken, logger: captureLogger(lines) });
  try {
    const res = await buggy.app.inject({ method: 'GET', url: '/prediction?model_name=lr_global&comment=hi', headers: { authorization: READER_AUTH } });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().code, 'INTERNAL');
    assert.doesNotMatch(res.body, /secret|srv|Error/);
    assert.ok(lines.some((l) => l.includes('secret internal detail')), 'the cause is logged for operators');
  } finally {
    await buggy.app.close();
  }
});

test('before the models are loaded, /readyz is 503 loading and model routes are 503 NOT_READY', async () => {
  const cold = await buildTestApp({ load: false });
  try {
    const ready = await cold.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.deepEqual(ready.json(), { status: 'not-ready', reason: 'loading' });
    assert.equal((await cold.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const res = await cold.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: READER_AUTH } });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().code, 'NOT_READY');
  } finally {
    await cold.app.close();
  }
});
