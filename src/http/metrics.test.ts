import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceMetrics, UNMATCHED_ROUTE } from './metrics.js';

test('requests are counted and timed by method, route template and status', async () => {
  const metrics = new ServiceMetrics({ processMetrics: false });
  metrics.observeRequest('GET', '/prediction', 200, 0.0012);
  metrics.observeRequest('GET', '/prediction', 200, 0.0031);
  metrics.observeRequest('GET', '/prediction', 422, 0.0004);
  metrics.observeRequest('BREW', UNMATCHED_ROUTE, 404, 0.0001);
  const text = await metrics.render();
  assert.match(text, /review_stars_http_requests_total\{method="GET",route="\/prediction",status="200"\} 2\n/);
  assert.match(text, /review_stars_http_requests_total\{method="GET",route="\/prediction",status="422"\} 1\n/);
  assert.match(text, /review_stars_http_requests_total\{method="OTHER",route="<unmatched>",status="404"\} 1\n/);
  assert.match(text, /review_stars_http_request_duration_seconds_bucket\{le="0\.001",method="GET",route="\/prediction",status="200"\} 0\n/);
  assert.match(text, /review_stars_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/prediction",status="200"\} 2\n/);
  assert.match(text, /review_stars_http_request_duration_seconds_sum\{method="GET",route="\/prediction",status="200"\} 0\.0043\n/);
});

test('a latency past the last bucket counts only in +Inf, _sum and _count', async () => {
  const metrics = new ServiceMetrics({ processMetrics: false });
  metrics.observeRequest('POST', '/v1/models/:name/predict', 200, 9);
  const text = await metrics.render();
  const labels = 'method="POST",route="/v1/models/:name/predict",status="200"';
  assert.ok(text.includes(`review_stars_http_request_duration_seconds_bucket{le="5",${labels}} 0\n`), text);
  assert.ok(text.includes(`review_stars_http_request_duration_seconds_bucket{le="+Inf",${labels}} 1\n`));
  assert.ok(text.includes(`review_stars_http_request_duration_seconds_sum{${labels}} 9\n`));
  assert.ok(text.includes(`review_stars_http_request_duration_seconds_count{${labels}} 1\n`));
  assert.match(text, /# TYPE review_stars_http_request_duration_seconds histogram/);
  assert.match(text, /# TYPE review_stars_http_requests_total counter/);
});

test('predictions are counted by model and rating', async () => {
  const metrics = new ServiceMetrics({ processMetrics: false });
  metrics.countPredictions('lr_global', 5);
  metrics.countPredictions('lr_global', 5, 9);
  metrics.countPredictions('rf_global', 1, 2);
  const text = await metrics.render();
  assert.match(text, /review_stars_predictions_total\{model="lr_global",rating="5"\} 10\n/);
  assert.match(text, /review_stars_predictions_total\{model="rf_global",rating="1"\} 2\n/);
});

test('only the current model set version is reported', async () => {
  const metrics = new ServiceMetrics({ processMetrics: false });
  metrics.setModelSet('v1', 1_700_000_000_000);
  metrics.setModelSet('v2', 1_700_000_100_000);
  const text = await metrics.render();
  assert.match(text, /review_stars_model_set_info\{version="v2"\} 1\n/);
  assert.doesNotMatch(text, /version="v1"/);
  assert.match(text, /review_stars_model_set_loaded_timestamp_seconds 1700000100\n/);
});

test('reloads and auth failures are counted; process metrics are on by default', async () => {
  const metrics = new ServiceMetrics();
  metrics.countReload('success');
  metrics.countReload('failure');
  metrics.countAuthFailure('invalid');
  const text = await metrics.render();
  assert.match(text, /review_stars_model_reloads_total\{result="failure"\} 1\n/);
  assert.match(text, /review_stars_auth_failures_total\{reason="invalid"\} 1\n/);
  assert.match(text, /process_resident_memory_bytes \d+/);
  assert.match(metrics.contentType, /^text\/plain/);
});

test('two services keep separate registries', async () => {
  const a = new ServiceMetrics({ processMetrics: false });
  const b = new ServiceMetrics({ processMetrics: false });
  a.countPredictions('m', 3);
  assert.doesNotMatch(await b.render(), /model="m"/);
});
