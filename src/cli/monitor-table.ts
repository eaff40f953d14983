/**
 * @module cli/monitor-table
 * The terminal table of `review-stars monitor`: one line per model, model-set version and window,
 * with the figures of GET /v1/monitoring (a missing metric shows as "-", its reason listed below
 * the table once). Pure formatting.
 */
import type { MonitoringReport } from '../monitoring/report.js';
import type { MetricValue } from '../monitoring/quality.js';
import { table } from '../train/report.js';

const f3 = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(3));
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const metric = (m: MetricValue): string => (m.value === null ? '-' : m.value.toFixed(3));
/** A window's start as "2026-12-01 08:00" (UTC). */
const when = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** The report as a table, followed by the reasons for missing figures. */
export function formatMonitoringTable(report: MonitoringReport): string {
  const rows: string[][] = [];
  const notes = new Set<string>();
  for (const m of report.models) {
    if (m.referenceMissing) notes.add(`${m.model} ${m.modelSetVersion}: ${m.referenceMissing}`);
    if (m.windows.length === 0) {
      rows.push([m.model, m.modelSetVersion, '(no predictions)', '0', '0', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-']);
      continue;
    }
    for (const w of m.windows) {
      for (const q of Object.values(w.quality)) if (q.reason) notes.add(q.reason);
      if (w.drift.status === 'not_enough_data' && w.drift.reason) notes.add('not_enough_data: a drift verdict needs at least 100 predictions in a window');
      const d = w.drift;
      rows.push([
        m.model,
        m.modelSetVersion,
        when(w.start),
        String(w.predictions),
        String(w.feedback),
        pct(w.coverage),
        metric(w.quality.accuracy),
        metric(w.quality.macroF1),
        metric(w.quality.mae),
        metric(w.quality.withinOne),
        d.status,
        f3(d.predictedRating?.jensenShannon),
        f3(d.predictedRating?.psi),
        d.entropy ? d.entropy.pValue.toPrecision(2) : '-',
        f3(d.textLength?.wasserstein),
        d.oovShare ? `${d.oovShare.change >= 0 ? '+' : ''}${d.oovShare.change.toFixed(3)}` : '-',
      ]);
    }
  }
  const header = ['model', 'version', `window (${report.window}, UTC)`, 'predictions', 'feedback', 'coverage', 'accuracy', 'macro-F1', 'MAE', 'within-1', 'drift', 'JS', 'PSI', 'KS p', 'length W', 'OOV change'];
  const lines = [`${report.since} to ${report.until}`, table(header, rows, 3)];
  if (notes.size > 0) lines.push('', ...[...notes].map((n) => `- ${n}`));
  return lines.join('\n');
}
