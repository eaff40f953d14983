import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewStarsError } from '../core/errors.js';
import { toErrorAnswer } from './errors.js';

test('a ReviewStarsError keeps its code, message and details, with its catalogue status', () => {
  const answer = toErrorAnswer(new ReviewStarsError('UNKNOWN_MODEL', 'unknown model "x"', { model: 'x', available: ['a'] }));
  assert.deepEqual(answer, { status: 404, body: { code: 'UNKNOWN_MODEL', message: 'unknown model "x"', model: 'x', available: ['a'] }, headers: {} });
});

test('details never override the code or the message', () => {
  const answer = toErrorAnswer(new ReviewStarsError('NOT_FOUND', 'real', { code: 'FAKE', message: 'fake' }));
  assert.deepEqual(answer.body, { code: 'NOT_FOUND', message: 'real' });
});

test('UNAUTHORIZED carries WWW-Authenticate; a retry delay becomes Retry-After', () => {
  assert.deepEqual(toErrorAnswer(new ReviewStarsError('UNAUTHORIZED', 'no')).headers, { 'www-authenticate': 'Basic realm="review-stars"' });
  const limited = toErrorAnswer(new ReviewStarsError('TOO_MANY_REQUESTS', 'slow down', { retryAfterSeconds: 42 }));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['retry-after'], '42');
});

test("Fastify's client errors map to stable 4xx codes", () => {
  const cases: Array<[string, number, string]> = [
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'INVALID_REQUEST'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'INVALID_REQUEST'],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'INVALID_REQUEST'],
    ['FST_ERR_BAD_URL', 400, 'INVALID_REQUEST'],
    ['FST_ERR_MAX_PARAM_LENGTH', 400, 'INVALID_REQUEST'],
  ];
  for (const [fastifyCode, status, code] of cases) {
    const err = Object.assign(new Error('library text'), { code: fastifyCode, statusCode: status });
    const answer = toErrorAnswer(err);
    assert.equal(answer.status, status, fastifyCode);
    assert.equal(answer.body.code, code, fastifyCode);
  }
});

test('another library error with a 4xx status keeps it, with a code for that status', () => {
  const poisoned = Object.assign(new SyntaxError('Object contains forbidden prototype property'), { statusCode: 400 });
  assert.deepEqual(toErrorAnswer(poisoned), { status: 400, body: { code: 'INVALID_REQUEST', message: 'Object contains forbidden prototype property' }, headers: {} });
  assert.equal(toErrorAnswer(Object.assign(new Error('slow'), { statusCode: 408 })).body.code, 'REQUEST_TIMEOUT');
});

test('validation issues become a 422 listing each field; a blank or missing comment alone is EMPTY_COMMENT', () => {
  const validation = (context: string, issues: object[]) => Object.assign(new Error('x'), { validation: issues, validationContext: context });
  const missing = toErrorAnswer(validation('body', [{ keyword: 'required', instancePath: '/reviews/0', params: { requiredProperties: ['text'] }, message: 'must have required properties text' }]));
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.body, {
    code: 'VALIDATION_FAILED',
    message: 'invalid body: reviews.0.text is required',
    errors: [{ in: 'body', field: 'reviews.0.text', message: 'reviews.0.text is required' }],
  });
  const blank = toErrorAnswer(validation('querystring', [{ keyword: 'pattern', instancePath: '/comment', params: { pattern: '\\S' }, message: 'must match pattern' }]));
  assert.equal(blank.body.code, 'EMPTY_COMMENT');
  assert.equal(blank.status, 422);
  const absent = toErrorAnswer(validation('querystring', [{ keyword: 'required', instancePath: '', params: { requiredProperties: ['comment'] } }]));
  assert.equal(absent.body.code, 'EMPTY_COMMENT');
  const both = toErrorAnswer(validation('querystring', [{ keyword: 'required', instancePath: '', params: { requiredProperties: ['model_name', 'comment'] } }]));
  assert.equal(both.body.code, 'VALIDATION_FAILED');
  const tooLong = toErrorAnswer(validation('querystring', [{ keyword: 'maxLength', instancePath: '/comment', params: { limit: 20000 }, message: 'must not have more than 20000 characters' }]));
  assert.equal(tooLong.body.code, 'VALIDATION_FAILED');
  assert.equal(tooLong.body.message, 'invalid querystring: comment must not have more than 20000 characters');
});

test('anything else is a 500 INTERNAL whose message reveals nothing of the cause', () => {
  for (const err of [new Error('ECONNREFUSED 10.0.0.5:5432 password=hunter2'), new TypeError('x is undefined'), 'a string', null, { statusCode: 503 }]) {
    const answer = toErrorAnswer(err);
    assert.equal(answer.status, 500);
    assert.equal(answer.body.code, 'INTERNAL');
    assert.doesNotMatch(answer.body.message, /hunter2|10\.0\.0\.5|undefined/);
  }
});
