// The prediction log and feedback through the HTTP API, on a real store (SQLite, and PostgreSQL
// when REVIEW_STARS_TEST_POSTGRES is set): what each route logs, request ids on every answer,
// feedback's answers for good and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PredictionLog } from '../../store/prediction-log.js';
import { Store } from '../../store/store.js';
import { reviewTextHash } from '../../store/text-hash.js';
import { STORE_BACKENDS } from '../../../test-support/store-backends.js';
import { LIMITS } from '../schemas.js';
import { READER_AUTH, TEST_USERS, buildTestApp } from '../../../test-support/http.js';
import type { ReviewStarsApp } from '../app.js';

interface Harness {
  built: ReviewStarsApp;
  store: Store;
  log: PredictionLog;
}

async function withApp(backend: (typeof STORE_BACKENDS)[number], options: { logText?: boolean }, fn: (h: Harness) => Promise<void>): Promise<void> {
  await backend.withTarget(async (target) => {
    const store = await Store.open(target);
    const log = new PredictionLog(store, { flushIntervalMs: 10_000 });
    const built = await buildTestApp({ store, predictionLog: log, logText: options.logText });
    try {
      await fn({ built, store, log });
    } finally {
      await built.app.close();
      await log.close();
      await store.close();
    }
  });
}

function postJson(h: Harness, url: string, body: unknown, headers: Record<string, string> = {}) {
  return h.built.app.inject({ method: 'POST', url, headers: { authorization: READER_AUTH, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
}

for (const backend of STORE_BACKENDS) {
  describe(`prediction log and feedback over HTTP on ${backend.name}`, { skip: backend.skip }, () => {
    it('logs one row per prediction of every route, with the model asked and resolved, and no text by default', async () => {
      await withApp(backend, {}, async (h) => {
        const one = await h.built.app.inject({ url: '/prediction?model_name=best&comment=Disneyland%20is%20a%20magical%20world!', headers: { authorization: READER_AUTH } });
        assert.equal(one.statusCode, 200);
        const batch = await postJson(h, '/v1/models/rf_global/predict', { reviews: [{ text: 'Rude staff, dirty toilets' }, { text: 'Wonderful parade', branch: 'Disneyland_Paris' }] });
        assert.equal(batch.statusCode, 200);
        await h.log.flush();
        const since = Date.now() - 60_000;
        const rows = await h.store.monitoredPredictions({ since, until: Date.now() + 1 });
        assert.equal(rows.length, 3);
        const body = batch.json<{ requestId: string; predictions: Array<{ rating: number; probabilities: Record<string, number> }> }>();
        assert.equal(body.requestId, batch.headers['x-request-id']);
        const logged = rows.filter((r) => r.model === 'rf_global');
        assert.deepEqual(
          logged.map((r) => [r.rating, r.probabilities]),
          body.predictions.map((p) => [p.rating, [1, 2, 3, 4, 5].map((k) => p.probabilities[String(k)])]),
        );
        const [compat] = await h.store.loggedPredictions(String(one.headers['x-request-id']));
        assert.ok(compat !== undefined);
        assert.equal(compat.route, '/prediction');
        assert.equal(compat.user, TEST_USERS.reader.name);
        assert.equal(compat.modelAsked, 'best');
        assert.equal(compat.model, h.built.lifecycle.models?.get('best')?.entry.name);
        assert.equal(compat.modelSetVersion, 'fixture-1');
        assert.equal(compat.textLength, 'Disneyland is a magical world!'.length);
        assert.equal(compat.textSha256, reviewTextHash('disneyland is a MAGICAL world!'));
        assert.equal(compat.text, null);
        assert.ok(compat.oovShare > 0 && compat.oovShare < 1, `oovShare ${compat.oovShare}`);
        const [rude, parade] = await h.store.loggedPredictions(body.requestId);
        assert.deepEqual([rude?.index, rude?.route, rude?.modelAsked, rude?.branch], [0, '/v1/models/:name/predict', 'rf_global', null]);
        assert.deepEqual([parade?.index, parade?.branch, parade?.text], [1, 'Disneyland_Paris', null]);
        assert.ok((parade?.latencyMs ?? -1) >= 0);
      });
    });

    it('answers feedback: recorded, unchanged, replaced with the previous rating; unknown ids are 404', async () => {
      await withApp(backend, {}, async (h) => {
        const batch = await postJson(h, '/v1/models/best/predict', { reviews: [{ text: 'Long queues' }, { text: 'Magical fireworks' }] });
        const requestId = batch.json<{ requestId: string }>().requestId;
        await h.log.flush();
        const first = await postJson(h, '/v1/feedback', { requestId, index: 1, rating: 5 });
        assert.equal(first.statusCode, 200);
        assert.deepEqual(first.json(), { requestId, index: 1, rating: 5, status: 'recorded' });
        assert.ok(first.headers['x-request-id'] !== requestId, 'the feedback answer has its own request id');
        assert.deepEqual((await postJson(h, '/v1/feedback', { requestId, index: 1, rating: 5 })).json(), { requestId, index: 1, rating: 5, status: 'unchanged' });
        assert.deepEqual((await postJson(h, '/v1/feedback', { requestId, index: 1, rating: 4 })).json(), { requestId, index: 1, rating: 4, status: 'replaced', previousRating: 5 });
        const byDefaultIndex = await postJson(h, '/v1/feedback', { requestId, rating: 2, text: 'long   QUEUES' });
        assert.deepEqual(byDefaultIndex.json(), { requestId, index: 0, rating: 2, status: 'recorded' });
        const unknown = await postJson(h, '/v1/feedback', { requestId: 'never-seen', rating: 3 });
        assert.equal(unknown.statusCode, 404);
        assert.equal(unknown.json<{ code: string }>().code, 'PREDICTION_NOT_FOUND');
        const unknownIndex = await postJson(h, '/v1/feedback', { requestId, index: 2, rating: 3 });
        assert.equal(unknownIndex.statusCode, 404);
        const wrongText = await postJson(h, '/v1/feedback', { requestId, index: 1, rating: 3, text: 'Another review' });
        assert.equal(wrongText.statusCode, 422);
        assert.equal(wrongText.json<{ code: string }>().code, 'FEEDBACK_TEXT_MISMATCH');
        const labels = (await h.store.monitoredPredictions({ since: 0, until: Date.now() + 1 })).map((p) => p.trueRating);
        assert.deepEqual(labels, [2, 4]);
      });
    });

    it('refuses malformed feedback with 4xx and a stable code, never a 500', async () => {
      await withApp(backend, {}, async (h) => {
        const cases: Array<[unknown, number, string]> = [
          [{ requestId: 'x', rating: 0 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'x', rating: 6 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'x', rating: 3.5 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'x', rating: '5' }, 422, 'VALIDATION_FAILED'],
          [{ rating: 5 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: '', rating: 5 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'has space', rating: 5 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'x'.repeat(129), rating: 5 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'x', rating: 5, index: -1 }, 422, 'VALIDATION_FAILED'],
          [{ requestId: 'x', rating: 5, surprise: true }, 422, 'VALIDATION_FAILED'],
          [[{ requestId: 'x', rating: 5 }], 422, 'VALIDATION_FAILED'],
        ];
        for (const [body, status, code] of cases) {
          const res = await postJson(h, '/v1/feedback', body);
          assert.equal(res.statusCode, status, JSON.stringify(body));
          assert.equal(res.json<{ code: string }>().code, code, JSON.stringify(body));
        }
        const notJson = await h.built.app.inject({ method: 'POST', url: '/v1/feedback', headers: { authorization: READER_AUTH, 'content-type': 'application/json' }, payload: '{"requestId":' });
        assert.equal(notJson.statusCode, 400);
        const huge = await h.built.app.inject({
          method: 'POST',
          url: '/v1/feedback',
          headers: { authorization: READER_AUTH, 'content-type': 'application/json' },
          payload: JSON.stringify({ requestId: 'x', rating: 5, text: 'a'.repeat(LIMITS.maxBodyBytes) }),
        });
        assert.equal(huge.statusCode, 413);
        const anonymous = await h.built.app.inject({ method: 'POST', url: '/v1/feedback', headers: { 'content-type': 'application/json' }, payload: '{}' });
        assert.equal(anonymous.statusCode, 401);
      });
    });

    it('keeps the raw text only with logText', async () => {
      await withApp(backend, { logText: true }, async (h) => {
        const res = await postJson(h, '/v1/models/best/predict', { reviews: [{ text: 'Castle at night' }] });
        assert.equal(res.statusCode, 200);
        await h.log.flush();
        assert.equal(h.log.written, 1);
        const [logged] = await h.store.loggedPredictions(res.json<{ requestId: string }>().requestId);
        assert.equal(logged?.text, 'Castle at night');
      });
    });

    it('exports the queue depth and dropped rows in /metrics', async () => {
      await withApp(backend, {}, async (h) => {
        await h.built.app.inject({ url: '/prediction?model_name=best&comment=ok', headers: { authorization: READER_AUTH } });
        const before = (await h.built.app.inject({ url: '/metrics', headers: { authorization: READER_AUTH } })).body;
        assert.match(before, /^review_stars_prediction_log_queue_depth 1$/m);
        assert.match(before, /^review_stars_prediction_log_dropped_total 0$/m);
        await h.log.flush();
        const after = (await h.built.app.inject({ url: '/metrics', headers: { authorization: READER_AUTH } })).body;
        assert.match(after, /^review_stars_prediction_log_queue_depth 0$/m);
        assert.match(after, /^review_stars_prediction_log_written_total 1$/m);
      });
    });
  });
}

describe('request ids', () => {
  it('every answer carries x-request-id; v1 answers carry the same requestId; the original bodies are unchanged', async () => {
    const built = await buildTestApp();
    try {
      const auth = { authorization: READER_AUTH };
      const plain = ['/', '/healthz', '/readyz', '/no-such-route', '/permission'];
      for (const url of plain) {
        const res = await built.app.inject({ url, headers: url === '/permission' ? {} : auth });
        assert.match(String(res.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-z]+$/, url);
      }
      const given = await built.app.inject({ url: '/v1/models', headers: { ...auth, 'x-request-id': 'client-chosen.42' } });
      assert.equal(given.headers['x-request-id'], 'client-chosen.42');
      assert.equal(given.json<{ requestId: string }>().requestId, 'client-chosen.42');
      const detail = await built.app.inject({ url: '/v1/models/best', headers: auth });
      assert.equal(detail.json<{ requestId: string }>().requestId, detail.headers['x-request-id']);
      const prediction = await built.app.inject({ url: '/prediction?model_name=lr_global&comment=fun', headers: auth });
      assert.deepEqual(Object.keys(prediction.json()), ['model', 'comment', 'rating prediction']);
      const performance = await built.app.inject({ url: '/performance?model_name=lr_global', headers: auth });
      assert.deepEqual(Object.keys(performance.json()), ['model', 'score']);
      assert.deepEqual((await built.app.inject({ url: '/permission', headers: auth })).json(), { credentials: 'valid' });
    } finally {
      await built.app.close();
    }
  });

  it('feedback without a store is refused with 501 STORE_DISABLED', async () => {
    const built = await buildTestApp();
    try {
      const res = await built.app.inject({
        method: 'POST',
        url: '/v1/feedback',
        headers: { authorization: READER_AUTH, 'content-type': 'application/json' },
        payload: JSON.stringify({ requestId: 'x', rating: 4 }),
      });
      assert.equal(res.statusCode, 501);
      assert.equal(res.json<{ code: string }>().code, 'STORE_DISABLED');
    } finally {
      await built.app.close();
    }
  });
});

