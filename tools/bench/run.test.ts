// Tests of bench/run's checks: what counts as a correct answer of each route, and when the FastAPI
// reference is skipped. (The whole run is exercised by `npm run bench:serve` itself.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpAnswer } from './children.js';
import { checkBatchAnswer, checkPredictionAnswer, pythonSkipReason } from './run.js';
import { BENCH_COMMENT } from './workload.js';

const answer = (status: number, body: unknown): HttpAnswer => ({ status, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('checkPredictionAnswer', () => {
  it('accepts the original keys with a rating 1-5 as a string', () => {
    const ok = { model: 'lr_global', comment: BENCH_COMMENT, 'rating prediction': '4' };
    assert.deepEqual(checkPredictionAnswer(answer(200, ok)), ok);
  });

  it('refuses an error status, a non-JSON body, another comment or a missing rating', () => {
    assert.throws(() => checkPredictionAnswer(answer(401, { code: 'UNAUTHORIZED' })), /answered 401: \{"code":"UNAUTHORIZED"\}/);
    assert.throws(() => checkPredictionAnswer(answer(200, 'five stars')), /not JSON/);
    assert.throws(() => checkPredictionAnswer(answer(200, { model: 'lr_global', comment: 'other', 'rating prediction': '4' })), /without the original keys/);
    assert.throws(() => checkPredictionAnswer(answer(200, { model: 'lr_global', comment: BENCH_COMMENT, rating: 4 })), /without the original keys/);
    assert.throws(() => checkPredictionAnswer(answer(200, { model: 'lr_global', comment: BENCH_COMMENT, 'rating prediction': '6' })), /without the original keys/);
  });
});

describe('checkBatchAnswer', () => {
  const prediction = (rating: number): Record<string, unknown> => ({ rating, probabilities: [0.1, 0.1, 0.2, 0.3, 0.3], expectedRating: 3.6 });

  it('accepts one prediction with a rating 1-5 per review sent', () => {
    const predictions = [prediction(5), prediction(1), prediction(3)];
    assert.deepEqual(checkBatchAnswer(answer(200, { model: 'lr_global', predictions }), 3), predictions);
  });

  it('refuses an error status, a wrong count or a prediction without a rating', () => {
    assert.throws(() => checkBatchAnswer(answer(413, { code: 'PAYLOAD_TOO_LARGE' }), 3), /answered 413/);
    assert.throws(() => checkBatchAnswer(answer(200, { predictions: [prediction(5)] }), 3), /without 3 predictions/);
    assert.throws(() => checkBatchAnswer(answer(200, { predictions: [prediction(5), {}, prediction(2)] }), 3), /prediction 1 has no rating 1-5/);
  });
});

describe('pythonSkipReason', () => {
  it('names what is missing: the Python packages, REVIEWS_CSV, or a readable file', () => {
    const withoutCsv = pythonSkipReason({});
    const withMissingFile = pythonSkipReason({ REVIEWS_CSV: '/nonexistent/reviews.csv' });
    if (/lacks|not available/.test(withoutCsv ?? '')) {
      assert.equal(withMissingFile, withoutCsv, 'missing packages are reported first');
      return;
    }
    assert.match(withoutCsv ?? '', /^REVIEWS_CSV is not set/);
    assert.equal(withMissingFile, 'REVIEWS_CSV=/nonexistent/reviews.csv is not a readable file');
    assert.equal(pythonSkipReason({ REVIEWS_CSV: new URL(import.meta.url).pathname }), null);
  });
});
