/**
 * @module http/prediction-recorder
 * Turns one answered prediction into a prediction-log row (request id, route, user, model asked
 * and resolved, probabilities, text length, out-of-vocabulary share, text hash, latency) and hands
 * it to the log's queue. Never waits and never throws into the request: the log counts what it drops.
 */
import type { FastifyRequest } from 'fastify';
import type { LoadedModel, Prediction } from '../registry/model-set.js';
import type { PredictionLog } from '../store/prediction-log.js';
import { reviewTextHash } from '../store/text-hash.js';

/** Route templates as logged. */
export const LOGGED_ROUTES = Object.freeze({ compat: '/prediction', v1: '/v1/models/:name/predict' });

/** What one request's predictions share. */
export interface PredictionRequestInfo {
  request: FastifyRequest;
  route: string;
  modelAsked: string;
  model: LoadedModel;
  modelSetVersion: string;
  /** Milliseconds since the epoch, once per request. */
  createdAt: number;
}

/** Writes predictions to the log; the raw text only when `logText` is set. */
export class PredictionRecorder {
  constructor(
    private readonly log: PredictionLog,
    private readonly logText: boolean,
  ) {}

  /** Queues the row of review `index` of a request. */
  record(info: PredictionRequestInfo, index: number, text: string, branch: string | undefined, prediction: Prediction, latencyMs: number): void {
    this.log.add({
      requestId: info.request.id,
      index,
      createdAt: info.createdAt,
      route: info.route,
      user: info.request.principal?.name ?? '',
      modelAsked: info.modelAsked,
      model: info.model.entry.name,
      modelSetVersion: info.modelSetVersion,
      rating: prediction.rating,
      probabilities: prediction.probabilities,
      expectedRating: prediction.expectedRating,
      textLength: text.length,
      oovShare: prediction.oovShare,
      textSha256: reviewTextHash(text),
      text: this.logText ? text : null,
      branch: branch ?? null,
      latencyMs,
    });
  }
}
