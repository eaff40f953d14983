/**
 * @module http/metrics
 * The service's Prometheus metrics (prom-client), on a registry of its own per app: requests and
 * their latency by method, route template and status; predictions by model and rating; the loaded
 * model set; reloads; authentication failures; and Node's process metrics. Requests and
 * predictions are kept as plain counters rendered at scrape time, so that recording one costs a
 * Map lookup and a few increments. No HTTP here.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Rating } from '../core/rating.js';

/** Route label for requests that matched no route (keeps label cardinality bounded). */
export const UNMATCHED_ROUTE = '<unmatched>';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Latency buckets in seconds: fine below 10 ms, where predictions live. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One value line of a metric, in prom-client's exposition model. */
interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  metricName?: string;
}

/**
 * A metric prom-client renders by calling `get()` at scrape time: lets the hot path keep plain
 * counters (a Map lookup and a few array increments per request) instead of prom-client's
 * per-observation label validation and hashing.
 */
interface CollectedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; aggregator: 'sum'; values: MetricValue[] }>;
}

/** Counts and latency buckets of one (method, route, status). */
interface RequestSeries {
  labels: Record<string, string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); past the last bound they count only in `count`. */
  buckets: Float64Array;
}

function collected(name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]): CollectedMetric {
  return { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, aggregator: 'sum', values: values() }) };
}

/** All metrics of one service instance. */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly modelSet: Gauge<'version'>;
  private readonly modelSetLoadedAt: Gauge;
  private readonly reloads: Counter<'result'>;
  private readonly authFailures: Counter<'reason'>;
  private readonly requestSeries = new Map<string, RequestSeries>();
  /** Predictions per model: counts of ratings 1..5. */
  private readonly predictionCounts = new Map<string, Float64Array>();
  private currentVersion: string | undefined;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const hotPath = [
      collected('review_stars_http_requests_total', 'HTTP requests answered, by method, route template and status code', 'counter', () =>
        [...this.requestSeries.values()].map((s) => ({ value: s.count, labels: s.labels })),
      ),
      collected(
        'review_stars_http_request_duration_seconds',
        'Time from receiving a request to sending its answer, by method, route template and status code',
        'histogram',
        () => this.latencyValues('review_stars_http_request_duration_seconds'),
      ),
      collected('review_stars_predictions_total', 'Reviews rated, by model (the alias best resolved) and predicted rating', 'counter', () =>
        [...this.predictionCounts].flatMap(([model, counts]) => [...counts].map((value, r) => ({ value, labels: { model, rating: String(r + 1) } }))),
      ),
    ];
    // prom-client's registry renders any object with name, help, type and get(); its types only
    // name its own metric classes.
    for (const metric of hotPath) this.registry.registerMetric(metric as unknown as Counter);
    this.modelSet = new Gauge({
      name: 'review_stars_model_set_info',
      help: 'The loaded model set: 1 for its version, absent before the first load',
      labelNames: ['version'],
      registers,
    });
    this.modelSetLoadedAt = new Gauge({
      name: 'review_stars_model_set_loaded_timestamp_seconds',
      help: 'When the loaded model set was swapped in (Unix time)',
      registers,
    });
    this.reloads = new Counter({
      name: 'review_stars_model_reloads_total',
      help: 'Model set reloads, by result (success, failure)',
      labelNames: ['result'],
      registers,
    });
    this.authFailures = new Counter({
      name: 'review_stars_auth_failures_total',
      help: 'Refused authentications, by reason (missing, malformed, invalid, rate-limited, busy, forbidden)',
      labelNames: ['reason'],
      registers,
    });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one answered request; `route` is its route template, undefined when none matched (UNMATCHED_ROUTE). */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const m = KNOWN_METHODS.has(method) ? method : 'OTHER';
    const template = route ?? UNMATCHED_ROUTE;
    const key = `${m} ${status} ${template}`;
    let series = this.requestSeries.get(key);
    if (series === undefined) {
      series = { labels: { method: m, route: template, status: String(status) }, count: 0, sum: 0, buckets: new Float64Array(LATENCY_BUCKETS.length) };
      this.requestSeries.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= (LATENCY_BUCKETS[i] as number)) {
        (series.buckets[i] as number)++;
        break;
      }
    }
  }

  /** Counts `count` predictions of `rating` by `model`. */
  countPredictions(model: string, rating: Rating, count = 1): void {
    let counts = this.predictionCounts.get(model);
    if (counts === undefined) {
      counts = new Float64Array(5);
      this.predictionCounts.set(model, counts);
    }
    (counts[rating - 1] as number) += count;
  }

  private latencyValues(name: string): MetricValue[] {
    const values: MetricValue[] = [];
    for (const series of this.requestSeries.values()) {
      let cumulative = 0;
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
        cumulative += series.buckets[i] as number;
        values.push({ value: cumulative, labels: { le: LATENCY_BUCKETS[i] as number }, sharedLabels: series.labels, metricName: `${name}_bucket` });
      }
      values.push({ value: series.count, labels: { le: '+Inf' }, sharedLabels: series.labels, metricName: `${name}_bucket` });
      values.push({ value: series.sum, labels: series.labels, metricName: `${name}_sum` });
      values.push({ value: series.count, labels: series.labels, metricName: `${name}_count` });
    }
    return values;
  }

  /**
   * Exports the prediction log's queue depth and dropped rows, read at scrape time (the log counts
   * them itself: the hot path pays nothing more).
   */
  trackPredictionLog(log: { readonly depth: number; readonly dropped: number; readonly written: number }): void {
    const registers = [this.registry];
    new Gauge({
      name: 'review_stars_prediction_log_queue_depth',
      help: 'Logged predictions waiting to be written to the store',
      registers,
      collect() {
        this.set(log.depth);
      },
    });
    new Counter({
      name: 'review_stars_prediction_log_dropped_total',
      help: 'Logged predictions dropped: queue full, or the store failed to take them (the predictions were answered)',
      registers,
      collect() {
        this.reset();
        this.inc(log.dropped);
      },
    });
    new Counter({
      name: 'review_stars_prediction_log_written_total',
      help: 'Logged predictions written to the store',
      registers,
      collect() {
        this.reset();
        this.inc(log.written);
      },
    });
  }

  /** Marks `version` as the loaded model set. */
  setModelSet(version: string, loadedAtMs: number): void {
    if (this.currentVersion !== undefined && this.currentVersion !== version) this.modelSet.remove(this.currentVersion);
    this.modelSet.labels(version).set(1);
    this.modelSetLoadedAt.set(loadedAtMs / 1000);
    this.currentVersion = version;
  }

  /** Counts one reload attempt. */
  countReload(result: 'success' | 'failure'): void {
    this.reloads.labels(result).inc();
  }

  /** Counts one refused authentication. */
  countAuthFailure(reason: string): void {
    this.authFailures.labels(reason).inc();
  }

  /**
   * Adds a gauge whose values `values` computes at scrape time (e.g. from the prediction log);
   * it must not throw: a source that fails gives no values, not a failed scrape.
   */
  addScrapeGauge(name: string, help: string, values: () => Promise<{ value: number; labels: Record<string, string> }[]>): void {
    const gauge = { name, help, type: 'gauge', aggregator: 'sum', get: async () => ({ name, help, type: 'gauge', aggregator: 'sum', values: await values() }) };
    this.registry.registerMetric(gauge as unknown as Counter);
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content-Type of render()'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
