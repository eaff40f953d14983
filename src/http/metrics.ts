/**
 * @module http/metrics
 * The service's Prometheus metrics (prom-client), on a registry of its own per app: requests and
 * their latency by method, route template and status; predictions by model and rating; the loaded
 * model set; reloads; authentication failures; and Node's process metrics. Label children are
 * cached so that recording a request costs a Map lookup and two increments. No HTTP here.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Rating } from '../models/classifier.js';

/** Route label for requests that matched no route (keeps label cardinality bounded). */
export const UNMATCHED_ROUTE = '<unmatched>';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Latency buckets in seconds: fine below 10 ms, where predictions live. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface RequestChildren {
  count: Counter.Internal;
  latency: Histogram.Internal<string>;
}

/** All metrics of one service instance. */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly predictions: Counter<'model' | 'rating'>;
  private readonly modelSet: Gauge<'version'>;
  private readonly modelSetLoadedAt: Gauge;
  private readonly reloads: Counter<'result'>;
  private readonly authFailures: Counter<'reason'>;
  private readonly requestChildren = new Map<string, RequestChildren>();
  private readonly predictionChildren = new Map<string, Counter.Internal[]>();
  private currentVersion: string | undefined;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'review_stars_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'review_stars_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.predictions = new Counter({
      name: 'review_stars_predictions_total',
      help: 'Reviews rated, by model (the alias best resolved) and predicted rating',
      labelNames: ['model', 'rating'],
      registers,
    });
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

  /** Records one answered request; `route` is the route template (or UNMATCHED_ROUTE). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const m = KNOWN_METHODS.has(method) ? method : 'OTHER';
    const key = `${m} ${status} ${route}`;
    let children = this.requestChildren.get(key);
    if (children === undefined) {
      const labels = { method: m, route, status: String(status) };
      children = { count: this.requests.labels(labels), latency: this.latency.labels(labels) };
      this.requestChildren.set(key, children);
    }
    children.count.inc();
    children.latency.observe(seconds);
  }

  /** Counts `count` predictions of `rating` by `model`. */
  countPredictions(model: string, rating: Rating, count = 1): void {
    let children = this.predictionChildren.get(model);
    if (children === undefined) {
      children = [1, 2, 3, 4, 5].map((r) => this.predictions.labels(model, String(r)));
      this.predictionChildren.set(model, children);
    }
    (children[rating - 1] as Counter.Internal).inc(count);
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

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content-Type of render()'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
