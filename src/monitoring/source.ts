/**
 * @module monitoring/source
 * Where monitoring reads logged predictions from: one typed query, implemented by the store
 * (which owns the tables). Types only; monitoring never writes SQL or talks to a database.
 */
import type { Rating } from '../core/rating.js';

/** One logged prediction, with the true rating from feedback when there is one. */
export interface MonitoredPrediction {
  model: string;
  modelSetVersion: string;
  /** When it was answered, ms since the epoch. */
  createdAt: number;
  rating: Rating;
  probabilities: readonly [number, number, number, number, number];
  textLength: number;
  oovShare: number;
  /** The rating given as feedback, null when none was. */
  trueRating: Rating | null;
}

/** Predictions of `model` (all models when absent) answered in [since, until), ms since the epoch. */
export interface PredictionQuery {
  model?: string;
  since: number;
  until: number;
}

/** Anything that can list logged predictions (the store). */
export interface MonitoringSource {
  monitoredPredictions(query: PredictionQuery): Promise<MonitoredPrediction[]>;
}
