/**
 * @module train/report
 * Formats model metrics as plain-text tables for the terminal (training and evaluation output).
 * Pure string building; callers decide where to print.
 */
import type { Metrics, ModelMetrics } from './metrics.js';

/** A row of the summary table. */
export interface ReportRow {
  name: string;
  branch: string | null;
  metrics: ModelMetrics;
  fitSeconds?: number;
  best?: boolean;
}

const f3 = (x: number): string => x.toFixed(3);

/** A plain-text table: the first `leftColumns` columns left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][], leftColumns = 2): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function metricCells(m: Metrics): string[] {
  return [String(m.n), f3(m.accuracy), m.accuracy.toFixed(2), f3(m.macroF1), f3(m.mae), f3(m.withinOne)];
}

/** One line per model: accuracy (and the original's 2-place "score"), macro-F1, MAE, within-one. */
export function formatSummaryTable(rows: readonly ReportRow[]): string {
  const withTime = rows.some((r) => r.fitSeconds !== undefined);
  const header = ['model', 'branch', 'n', 'accuracy', 'score', 'macroF1', 'MAE', 'within1', ...(withTime ? ['fit s'] : [])];
  return table(
    header,
    rows.map((r) => [
      r.best ? `${r.name} (best)` : r.name,
      r.branch ?? 'all',
      ...metricCells(r.metrics),
      ...(withTime ? [r.fitSeconds === undefined ? '' : r.fitSeconds.toFixed(2)] : []),
    ]),
  );
}

/** The same metrics split by branch, one line per (model, branch). */
export function formatBranchTable(rows: readonly ReportRow[]): string {
  const body: string[][] = [];
  for (const r of rows) {
    for (const [branch, m] of Object.entries(r.metrics.perBranch)) body.push([r.name, branch, ...metricCells(m)]);
  }
  return table(['model', 'branch', 'n', 'accuracy', 'score', 'macroF1', 'MAE', 'within1'], body);
}

/** Per-class precision/recall/F1 and the confusion matrix (rows = true rating) of one model. */
export function formatClassReport(name: string, m: Metrics): string {
  const classes = table(
    ['rating', 'precision', 'recall', 'f1', 'support'],
    m.perClass.map((c) => [String(c.rating), f3(c.precision), f3(c.recall), f3(c.f1), String(c.support)]),
    1,
  );
  const confusion = table(
    ['true\\pred', '1', '2', '3', '4', '5'],
    m.confusion.map((row, t) => [String(t + 1), ...row.map(String)]),
    1,
  );
  return `${name}\n${classes}\n\n${confusion}`;
}
