/**
 * @module ui/api-types
 * The shapes of the JSON the console reads, taken from the service's own route schemas (type-only
 * imports: nothing of the server reaches the browser bundle), plus the shapes of routes whose
 * schemas live elsewhere (session, feedback, monitoring), as their contract states them.
 */
import type { Static } from 'typebox';
import type { ModelDetailResponse, ModelsResponse, PredictResponse } from '../http/schemas.js';

export type ModelsList = Static<typeof ModelsResponse>;
export type ModelSummary = ModelsList['models'][number];
export type ModelDetail = Static<typeof ModelDetailResponse>;
export type Metrics = Omit<ModelDetail['metrics'], 'perBranch'>;
export type PredictAnswer = Static<typeof PredictResponse> & { requestId?: string };
export type ReviewPrediction = PredictAnswer['predictions'][number];
export type Rating = 1 | 2 | 3 | 4 | 5;

/** `GET/POST /ui/session`. */
export interface SessionInfo {
  user: string;
  role: string;
  expiresAt: string;
  csrfToken: string;
}

/** `POST /v1/feedback`. */
export interface FeedbackAnswer {
  requestId: string;
  index: number;
  rating: number;
  status: 'recorded' | 'unchanged' | 'replaced';
  previousRating?: number;
}

/** A quality figure of one window: null with a reason when it cannot be computed. */
export interface QualityValue {
  value: number | null;
  reason?: string;
}

export type DriftStatus = 'ok' | 'warn' | 'drift' | 'not_enough_data' | 'no_reference';

export interface MonitoringWindow {
  start: string;
  end: string;
  predictions: number;
  feedback: number;
  coverage: number;
  predictedDistribution: number[];
  quality: { accuracy: QualityValue; macroF1: QualityValue; mae: QualityValue; withinOne?: QualityValue };
  drift: {
    status: DriftStatus;
    predictedRating?: { jensenShannon: number; psi: number; status: string; warn: number; drift: number };
    entropy?: { ks: number; pValue: number; status: string; warn?: number; drift: number };
    textLength?: { wasserstein: number; status: string; warn?: number; drift: number };
    oovShare?: { reference: number; live: number; change: number };
  };
}

export interface MonitoredModel {
  model: string;
  modelSetVersion: string;
  reference: { predictedDistribution: number[]; oovShare?: number } | null;
  referenceMissing?: string;
  windows: MonitoringWindow[];
}

/** `GET /v1/monitoring`. */
export interface MonitoringAnswer {
  requestId?: string;
  window: string;
  since: string;
  until: string;
  models: MonitoredModel[];
}
