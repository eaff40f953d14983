/**
 * @module monitoring/source
 * Where monitoring reads logged predictions from: one typed query, implemented by the store
 * (which owns the tables and the row types). Types only; monitoring never writes SQL.
 */
import type { MonitoredPrediction, PredictionQuery } from '../store/store.js';

export type { MonitoredPrediction, PredictionQuery };

/** Anything that can list logged predictions (the store). */
export interface MonitoringSource {
  monitoredPredictions(query: PredictionQuery): Promise<MonitoredPrediction[]>;
}
