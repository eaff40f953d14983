/**
 * @module monitoring/quality
 * Live quality of a window's labelled predictions (those with feedback): accuracy, macro-F1, MAE
 * and within-one, computed by the very code that scores models at training (train/metrics), so that
 * live and offline figures agree exactly on the same rows. A metric the rows cannot support is
 * null with the reason, never a made-up number.
 */
import { computeMetrics } from '../train/metrics.js';
import type { MonitoredPrediction } from './source.js';

/** A metric's value, or null and why. */
export interface MetricValue {
  value: number | null;
  reason?: string;
}

export interface WindowQuality {
  accuracy: MetricValue;
  macroF1: MetricValue;
  mae: MetricValue;
  withinOne: MetricValue;
}

const missing = (reason: string): MetricValue => ({ value: null, reason });

/** Quality of the rows that have a true rating; the others are not looked at. */
export function windowQuality(rows: readonly MonitoredPrediction[]): WindowQuality {
  const labelled = rows.filter((r) => r.trueRating !== null);
  if (labelled.length === 0) {
    const none = missing('no feedback in this window: post true ratings to /v1/feedback');
    return { accuracy: none, macroF1: none, mae: none, withinOne: none };
  }
  const yTrue = Uint8Array.from(labelled, (r) => (r.trueRating as number) - 1);
  const yPred = Uint8Array.from(labelled, (r) => r.rating - 1);
  const m = computeMetrics(yTrue, yPred);
  const trueRatings = new Set(yTrue);
  return {
    accuracy: { value: m.accuracy },
    // With one true rating only, macro-F1 measures how often the model strays from it, not a balance across ratings.
    macroF1:
      trueRatings.size < 2
        ? missing(`macro-F1 needs feedback of at least two different ratings; this window's feedback is all ${[...trueRatings][0]! + 1} stars`)
        : { value: m.macroF1 },
    mae: { value: m.mae },
    withinOne: { value: m.withinOne },
  };
}
