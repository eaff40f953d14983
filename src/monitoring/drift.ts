/**
 * @module monitoring/drift
 * Compares a window of live predictions with the model's training reference: predicted-rating
 * distribution (Jensen-Shannon distance and PSI), probability entropy (two-sample KS), text length
 * (Wasserstein distance over the reference's standard deviation) and out-of-vocabulary share.
 * Pure: the thresholds are those of the monitoring contract, and below a minimum of predictions
 * no verdict is given at all.
 */
import { jensenShannonDistance, populationStabilityIndex } from '../stats/divergence.js';
import { ksTwoSample } from '../stats/ks.js';
import { normalizedWasserstein } from '../stats/wasserstein.js';
import { probabilityEntropy, roundEntropy, type ModelReference } from '../train/reference.js';
import type { MonitoredPrediction } from './source.js';

/** When a statistic says "warn" or "drift". */
export const DRIFT_THRESHOLDS = Object.freeze({
  /** Jensen-Shannon distance and PSI of the predicted-rating distribution. */
  predictedRating: { warn: 0.1, drift: 0.2 },
  /** KS p-value of the probability entropy: drift below it. */
  entropyPValue: 0.05,
  /** Normalised Wasserstein distance of text length: drift at or above it. */
  textLength: 0.1,
  /** Fewer predictions than this in a window give "not_enough_data" and no verdict. */
  minPredictions: 100,
});

export type Verdict = 'ok' | 'warn' | 'drift';
export type DriftStatus = Verdict | 'not_enough_data' | 'no_reference';

export interface WindowDrift {
  status: DriftStatus;
  /** Why there is no verdict (with not_enough_data and no_reference). */
  reason?: string;
  predictedRating?: { jensenShannon: number; psi: number; status: Verdict; warn: number; drift: number };
  entropy?: { ks: number; pValue: number; method: 'exact' | 'asymp'; status: Verdict; drift: number };
  textLength?: { wasserstein: number; status: Verdict; drift: number };
  oovShare?: { reference: number; live: number; change: number };
}

const SEVERITY: Record<Verdict, number> = { ok: 0, warn: 1, drift: 2 };
const worst = (verdicts: Verdict[]): Verdict => verdicts.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'ok');

/** Shares of predicted ratings 1..5 among `rows` (zeros for no row). */
export function predictedDistribution(rows: readonly MonitoredPrediction[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const r of rows) counts[r.rating - 1]!++;
  return counts.map((c) => (rows.length === 0 ? 0 : c / rows.length));
}

/**
 * The drift of `rows` (one window of one model and model-set version) against `reference`;
 * `missingReason` says why there is none when `reference` is undefined.
 */
export function windowDrift(rows: readonly MonitoredPrediction[], reference: ModelReference | undefined, missingReason = 'no reference'): WindowDrift {
  if (reference === undefined) return { status: 'no_reference', reason: missingReason };
  if (rows.length < DRIFT_THRESHOLDS.minPredictions) {
    return { status: 'not_enough_data', reason: `${rows.length} predictions in this window; a verdict needs at least ${DRIFT_THRESHOLDS.minPredictions}` };
  }
  const t = DRIFT_THRESHOLDS;
  const live = predictedDistribution(rows);
  const jensenShannon = jensenShannonDistance(reference.predictedDistribution, live);
  const psi = populationStabilityIndex(reference.predictedDistribution, live);
  const larger = Math.max(jensenShannon, psi);
  const ratingVerdict: Verdict = larger >= t.predictedRating.drift ? 'drift' : larger >= t.predictedRating.warn ? 'warn' : 'ok';

  // Live entropies are rounded as the reference's sample is, so that equal rows compare equal.
  const ks = ksTwoSample(reference.entropy.sample, rows.map((r) => roundEntropy(probabilityEntropy(r.probabilities))));
  const entropyVerdict: Verdict = ks.pValue < t.entropyPValue ? 'drift' : 'ok';

  const wasserstein = normalizedWasserstein(reference.textLength.sample, rows.map((r) => r.textLength));
  const lengthVerdict: Verdict = wasserstein >= t.textLength ? 'drift' : 'ok';

  const liveOov = rows.reduce((s, r) => s + r.oovShare, 0) / rows.length;
  return {
    status: worst([ratingVerdict, entropyVerdict, lengthVerdict]),
    predictedRating: { jensenShannon, psi, status: ratingVerdict, warn: t.predictedRating.warn, drift: t.predictedRating.drift },
    entropy: { ks: ks.statistic, pValue: ks.pValue, method: ks.method, status: entropyVerdict, drift: t.entropyPValue },
    textLength: { wasserstein, status: lengthVerdict, drift: t.textLength },
    oovShare: { reference: reference.oovShare.mean, live: liveOov, change: liveOov - reference.oovShare.mean },
  };
}
