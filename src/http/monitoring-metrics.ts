/**
 * @module http/monitoring-metrics
 * The monitoring gauges of /metrics: per model of the loaded set, over the last 24 hours, the
 * predictions logged, feedback coverage, live accuracy and every drift statistic. Computed at
 * scrape time from monitoring/report, at most once per TTL whatever the number of scrapers, and a
 * failing source gives no values instead of a failed scrape.
 */
import type { Logger } from 'pino';
import { lastDayReport, type ModelMonitoring } from '../monitoring/report.js';
import type { MonitoringSource } from '../monitoring/source.js';
import type { ModelSet } from '../registry/model-set.js';
import type { ServiceMetrics } from './metrics.js';

/** How long one computation of the gauges is reused (a scrape every 15 s costs one query per 30 s). */
const CACHE_MS = 30_000;

type Pick = (m: ModelMonitoring) => number | null | undefined;

const GAUGES: ReadonlyArray<[string, string, Pick]> = [
  ['review_stars_monitoring_predictions', 'Predictions logged in the last 24 hours, by model (loaded set)', (m) => m.windows[0]?.predictions],
  ['review_stars_monitoring_feedback_coverage', 'Share of the last 24 hours\' predictions with feedback, by model', (m) => m.windows[0]?.coverage],
  ['review_stars_monitoring_live_accuracy', 'Accuracy on the last 24 hours\' predictions with feedback, by model (absent without feedback)', (m) => m.windows[0]?.quality.accuracy.value],
  ['review_stars_monitoring_live_macro_f1', 'Macro-F1 on the last 24 hours\' predictions with feedback, by model', (m) => m.windows[0]?.quality.macroF1.value],
  ['review_stars_monitoring_live_mae', 'Mean absolute error in stars on the last 24 hours\' predictions with feedback, by model', (m) => m.windows[0]?.quality.mae.value],
  ['review_stars_drift_predicted_rating_jensen_shannon', 'Jensen-Shannon distance (base 2) of the last 24 hours\' predicted ratings to the training reference (absent under 100 predictions)', (m) => m.windows[0]?.drift.predictedRating?.jensenShannon],
  ['review_stars_drift_predicted_rating_psi', 'PSI of the last 24 hours\' predicted ratings against the training reference', (m) => m.windows[0]?.drift.predictedRating?.psi],
  ['review_stars_drift_entropy_ks', 'Two-sample KS statistic of the last 24 hours\' probability entropy against the training reference', (m) => m.windows[0]?.drift.entropy?.ks],
  ['review_stars_drift_entropy_ks_p_value', 'KS p-value of the probability entropy (drift below 0.05)', (m) => m.windows[0]?.drift.entropy?.pValue],
  ['review_stars_drift_text_length_wasserstein', "Wasserstein distance of text length over the reference's standard deviation (drift at 0.1)", (m) => m.windows[0]?.drift.textLength?.wasserstein],
  ['review_stars_drift_oov_share_change', 'Mean out-of-vocabulary share of the last 24 hours minus the training reference\'s', (m) => m.windows[0]?.drift.oovShare?.change],
];

/** Registers the monitoring gauges on `metrics`, read from `source` against the set `currentSet()` returns. */
export function registerMonitoringGauges(metrics: ServiceMetrics, source: MonitoringSource, currentSet: () => ModelSet | undefined, log: Logger): void {
  let cached: { at: number; report: Promise<ModelMonitoring[]> } | undefined;
  const report = (): Promise<ModelMonitoring[]> => {
    const now = Date.now();
    const set = currentSet();
    if (set === undefined) return Promise.resolve([]);
    if (cached === undefined || now - cached.at > CACHE_MS) {
      const pending = lastDayReport(source, set, now).catch((err: unknown) => {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'monitoring gauges: the prediction log could not be read');
        cached = undefined;
        return [];
      });
      cached = { at: now, report: pending };
    }
    return cached.report;
  };
  for (const [name, help, pick] of GAUGES) {
    metrics.addScrapeGauge(name, help, async () =>
      (await report()).flatMap((m) => {
        const value = pick(m);
        return typeof value === 'number' && Number.isFinite(value) ? [{ value, labels: { model: m.model } }] : [];
      }),
    );
  }
}
