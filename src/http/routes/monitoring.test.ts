import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ReviewStarsApp } from '../app.js';
import type { MonitoredPrediction, MonitoringSource, PredictionQuery } from '../../monitoring/source.js';
import { READER_AUTH, buildTestApp } from '../../../test-support/http.js';

/**
 * An in-memory prediction log for this route's unit tests (the end-to-end tests use the real
 * store): rows of lr_global in the last hour, a third of them with feedback.
 */
class ArraySource implements MonitoringSource {
  readonly queries: PredictionQuery[] = [];
  fail = false;
  constructor(private readonly rows: MonitoredPrediction[]) {}
  async monitoredPredictions(q: PredictionQuery): Promise<MonitoredPrediction[]> {
    this.queries.push(q);
    if (this.fail) throw new Error('the log is down');
    return this.rows.filter((r) => (q.model === undefined || r.model === q.model) && r.createdAt >= q.since && r.createdAt < q.until);
  }
}

const now = Date.now();
const rows: MonitoredPrediction[] = Array.from({ length: 30 }, (_, i) => ({
  model: 'lr_global',
  modelSetVersion: 'fixture-1',
  createdAt: now - 60_000 + i,
  rating: i % 2 === 0 ? 5 : 4,
  probabilities: i % 2 === 0 ? [0.05, 0.05, 0.1, 0.2, 0.6] : [0.05, 0.05, 0.1, 0.6, 0.2],
  textLength: 100 + i,
  oovShare: 0.1,
  trueRating: i % 3 === 0 ? 5 : null,
}));
const source = new ArraySource(rows);
let service: ReviewStarsApp;
let withoutLog: ReviewStarsApp;

before(async () => {
  service = await buildTestApp({ monitoring: source });
  withoutLog = await buildTestApp();
});
after(async () => {
  await service.app.close();
  await withoutLog.app.close();
});

const get = (app: ReviewStarsApp, url: string) => app.app.inject({ method: 'GET', url, headers: { authorization: READER_AUTH } });

test('GET /v1/monitoring answers per model and version, with the request id, quality on the rows with feedback, and why there is no drift', async () => {
  const res = await get(service, '/v1/monitoring?window=1h&since=2h');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.requestId, res.headers['x-request-id']);
  assert.equal(body.window, '1h');
  assert.ok(Date.parse(body.until) - Date.parse(body.since) === 2 * 3_600_000);
  assert.deepEqual(body.models.map((m: { model: string }) => m.model), ['lr_global', 'rf_global']);
  const lr = body.models[0];
  assert.equal(lr.modelSetVersion, 'fixture-1');
  assert.equal(lr.reference, null);
  assert.match(lr.referenceMissing, /trained before monitoring references existed/);
  const windows = lr.windows;
  assert.equal(windows.reduce((n: number, w: { predictions: number }) => n + w.predictions, 0), 30);
  const last = windows.at(-1);
  assert.equal(last.drift.status, 'no_reference');
  assert.equal(typeof last.quality.accuracy.value, 'number');
  assert.equal(last.quality.macroF1.value, null, 'all feedback is 5 stars');
  assert.match(last.quality.macroF1.reason, /two different ratings/);
  assert.deepEqual(body.models[1].windows, []);
});

test('GET /v1/monitoring?model=best asks the log for the resolved model only', async () => {
  const res = await get(service, '/v1/monitoring?model=best');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(source.queries.at(-1)?.model, res.json().models[0].model);
  assert.equal(res.json().window, '1d');
});

test('GET /v1/monitoring refuses an unknown model, window or since with a clear error', async () => {
  assert.equal((await get(service, '/v1/monitoring?model=svm')).json().code, 'UNKNOWN_MODEL');
  const window = await get(service, '/v1/monitoring?window=2h');
  assert.equal(window.statusCode, 422);
  const since = await get(service, '/v1/monitoring?since=last-week');
  assert.equal(since.statusCode, 400);
  assert.equal(since.json().code, 'INVALID_ARGUMENT');
  assert.match(since.json().message, /since must be a duration/);
});

test('without a prediction log GET /v1/monitoring is a 501 STORE_DISABLED saying why', async () => {
  const res = await get(withoutLog, '/v1/monitoring');
  assert.equal(res.statusCode, 501);
  assert.equal(res.json().code, 'STORE_DISABLED');
  assert.match(res.json().message, /nothing to monitor/);
  assert.doesNotMatch((await get(withoutLog, '/metrics')).body, /review_stars_monitoring_/);
});

test('/metrics exports the last day\'s monitoring gauges per model, and a failing log gives none instead of a failed scrape', async () => {
  const body = (await get(service, '/metrics')).body;
  assert.match(body, /review_stars_monitoring_predictions\{model="lr_global"\} 30/);
  assert.match(body, /review_stars_monitoring_feedback_coverage\{model="lr_global"\} 0\.333/);
  assert.match(body, /review_stars_monitoring_live_accuracy\{model="lr_global"\} 0\.5/);
  assert.match(body, /review_stars_monitoring_predictions\{model="rf_global"\} 0/);
  assert.doesNotMatch(body, /review_stars_drift_entropy_ks\{/, 'no verdict without a reference');
  const failing = await buildTestApp({ monitoring: Object.assign(new ArraySource([]), { fail: true }) });
  try {
    const res = await get(failing, '/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /# TYPE review_stars_monitoring_predictions gauge/);
    assert.doesNotMatch(res.body, /review_stars_monitoring_predictions\{/);
  } finally {
    await failing.app.close();
  }
});
