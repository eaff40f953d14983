/**
 * @module tools/bench/report
 * The serving benchmark's targets and how its figures are shown: per-service lines, the final
 * summary table with PASS / MISS against each target, and the machine-readable form. It measures
 * nothing and never decides the exit status (a timing miss is reported, not failed).
 */
import type { LoadResult } from './load.js';
import type { SummaryInput, TargetRow } from './results.js';

/** One target: which figure, its unit, which way is good and the limit. */
export interface Target {
  id: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  limit: number;
  pick: (results: SummaryInput) => number | null | undefined;
}

/**
 * The targets of the issue. `better` says which way is good: 'lower' (value <= limit) or 'higher'
 * (value >= limit). `pick` reads the figure from a results object (see `runServingBench`).
 */
export const TARGETS: readonly Target[] = Object.freeze([
  { id: 'startup', label: 'ours: spawn to ready', unit: 'ms', better: 'lower', limit: 1000, pick: (r) => r.services.ours?.startupMs },
  { id: 'rss', label: 'ours: resident memory after load (VmRSS)', unit: 'MB', better: 'lower', limit: 150, pick: (r) => mb(r.services.ours?.memory?.rssBytes) },
  { id: 'peak-rss', label: 'ours: peak resident memory (VmHWM)', unit: 'MB', better: 'lower', limit: 150, pick: (r) => mb(r.services.ours?.memory?.peakRssBytes) },
  { id: 'p99', label: 'ours: GET /prediction latency p99', unit: 'ms', better: 'lower', limit: 5, pick: (r) => r.services.ours?.prediction?.p99Ms },
  { id: 'vs-bare', label: 'ours / bare Fastify (requests/s)', unit: 'x', better: 'higher', limit: 0.6, pick: (r) => r.ratios.oursOverBare },
  { id: 'vs-fastapi', label: 'ours / FastAPI + scikit-learn (requests/s)', unit: 'x', better: 'higher', limit: 15, pick: (r) => r.ratios.oursOverFastapi },
  { id: 'batch', label: 'ours: POST /v1/models/lr_global/predict', unit: 'reviews/s', better: 'higher', limit: 50_000, pick: (r) => r.services.ours?.batch?.reviewsPerSec },
]);

function mb(bytes: number | null | undefined): number | undefined {
  return typeof bytes === 'number' ? bytes / (1024 * 1024) : undefined;
}

/** 'PASS' or 'MISS' for a measured value, 'n/a' when the figure was not measured. */
export function judge(value: number | null | undefined, target: Target): TargetRow['result'] {
  if (typeof value !== 'number' || Number.isNaN(value)) return 'n/a';
  return (target.better === 'lower' ? value <= target.limit : value >= target.limit) ? 'PASS' : 'MISS';
}

/** A figure for display: few decimals for small values, thousands separators for large ones. */
export function formatNumber(value: number | null | undefined): string {
  if (typeof value !== 'number' || Number.isNaN(value)) return '-';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** One row per target: `{ id, figure, value, unit, target, result }` (value undefined when not measured). */
export function targetRows(results: SummaryInput): TargetRow[] {
  return TARGETS.map((t) => {
    const value = t.pick(results);
    return {
      id: t.id,
      figure: t.label,
      value: typeof value === 'number' && !Number.isNaN(value) ? value : undefined,
      unit: t.unit,
      target: `${t.better === 'lower' ? '<=' : '>='} ${formatNumber(t.limit)} ${t.unit}`,
      result: judge(value, t),
    };
  });
}

/** A plain-text table, columns padded to their widest cell; `align` per column: 'l' or 'r'. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], align: readonly ('l' | 'r')[] = header.map(() => 'l')): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => String(row[c]).length)));
  const line = (cells: readonly (string | number)[]): string =>
    cells.map((cell, c) => (align[c] === 'r' ? String(cell).padStart(widths[c] ?? 0) : String(cell).padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One line describing a load run: throughput, latencies and anything that went wrong. */
export function describeLoad(load: LoadResult, { perRequest = 1, unit = 'requests/s' } = {}): string {
  const rate = perRequest === 1 ? load.requestsPerSec : load.okPerSec * perRequest;
  const codes = Object.entries(load.statusCodes).map(([code, n]) => `${code}: ${n}`).join(', ') || 'none';
  const cpu = typeof load.serverCpuMsPerRequest === 'number' ? `server CPU ${formatNumber(load.serverCpuMsPerRequest)} ms/request, ` : '';
  return `${formatNumber(rate)} ${unit}, latency p50 ${formatNumber(load.p50Ms)} ms / p99 ${formatNumber(load.p99Ms)} ms` +
    ` (max ${formatNumber(load.maxMs)} ms), non-2xx ${load.non2xx}, errors ${load.errors} (timeouts ${load.timeouts}); answers by status: ${codes}\n` +
    `  ${cpu}autocannon used ${Math.round(100 * load.clientCpuShare)}% of a core`;
}

/** One figure per round, comma-separated, a dash for a round that did not measure it. */
function formatRounds(values: readonly (number | null | undefined)[]): string {
  return values.map((v) => (typeof v === 'number' ? formatNumber(v) : '-')).join(', ');
}

/** The prediction log's cost: SQLite store on over --store none, requests/s and p99 side by side (goal >= 0.9). */
function storeNote(results: SummaryInput): string {
  const on = results.services.ours;
  const off = results.services.oursNoStore;
  const ratio = results.ratios.storeOverNone;
  if (typeof ratio !== 'number' || !on?.prediction || !off?.prediction) return '';
  const rounds = results.ratios.perRound?.storeOverNone;
  const batch = results.ratios.storeOverNoneBatch;
  return '\n\nPrediction log (SQLite store on / --store none), GET /prediction: ' +
    `${formatNumber(ratio)} x requests/s (goal >= 0.9: ${ratio >= 0.9 ? 'PASS' : 'MISS'})` +
    (Array.isArray(rounds) && rounds.length > 1 ? ` (rounds ${formatRounds(rounds)})` : '') +
    `; p99 ${formatNumber(on.prediction.p99Ms)} ms on vs ${formatNumber(off.prediction.p99Ms)} ms off` +
    (typeof batch === 'number' ? `\n  batch route: ${formatNumber(batch)} x reviews/s; p99 ${formatNumber(on.batch?.p99Ms)} ms on vs ${formatNumber(off.batch?.p99Ms)} ms off` : '');
}

/** The final summary: every service's figures, the ratios, then each target with PASS / MISS. */
export function formatSummary(results: SummaryInput): string {
  const services: string[][] = [];
  const calibration = results.calibration ?? [];
  const rows: [string, string][] = [
    ['ours', 'review-stars'], ['oursNoStore', 'review-stars, --store none'], ['bare', 'bare Fastify route'], ['fastapi', 'FastAPI + scikit-learn'],
    ...calibration.map((c): [string, string] => [c.key, `bare + ${c.workUs} us work`]),
  ];
  for (const [key, label] of rows) {
    const s = results.services[key];
    if (!s) continue;
    if (s.skipped || s.failed) {
      services.push([label, s.skipped ? 'skipped' : 'failed', '-', '-', '-', '-', '-', '-', '-', '-']);
      continue;
    }
    const p = s.prediction;
    services.push([
      label,
      formatNumber(s.startupMs),
      formatNumber(s.startupCpuMs ?? undefined),
      formatNumber(mb(s.memory?.rssBytes)),
      formatNumber(mb(s.memory?.peakRssBytes)),
      formatNumber(p?.requestsPerSec),
      formatNumber(p?.p50Ms),
      formatNumber(p?.p99Ms),
      formatNumber(p?.serverCpuMsPerRequest ?? undefined),
      p ? `${p.non2xx} / ${p.errors}` : '-',
    ]);
  }
  const servicesTable = formatTable(
    ['GET /prediction', 'ready ms', '(CPU ms)', 'RSS MB', 'peak MB', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'non-2xx / errors'],
    services,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const byCpu = ([
    ['ours / bare Fastify', results.ratios.oursOverBareByCpu],
    ['ours / FastAPI + scikit-learn', results.ratios.oursOverFastapiByCpu],
  ] as const).flatMap(([label, value]) => (typeof value === 'number' ? [[label, value] as const] : []));
  const cpuNote = byCpu.length === 0 ? '' : '\n\nSame ratios from server CPU per request (less disturbed by other work on the machine; not a target):\n' +
    byCpu.map(([label, value]) => `  ${label}: ${formatNumber(value)} x`).join('\n');
  const perRound = ([
    ['ours / bare Fastify', results.ratios.perRound?.oursOverBare],
    ['ours / FastAPI + scikit-learn', results.ratios.perRound?.oursOverFastapi],
  ] as const).flatMap(([label, values]) =>
    (Array.isArray(values) && values.length > 1 && values.some((v) => typeof v === 'number') ? [[label, values] as const] : []));
  const roundsNote = perRound.length === 0 ? '' : '\n\nRequests/s ratios of each round (the targets use their median):\n' +
    perRound.map(([label, values]) => `  ${label}: ${formatRounds(values)}`).join('\n');
  const calibrationNote = calibration.length === 0 ? '' : '\n\nThe bare route spending a known time of CPU per request in a busy loop (--bare-work-us), to bare Fastify:\n' +
    calibration.map((c) => `  + ${c.workUs} us: ${formatNumber(c.overBare ?? undefined)} x by requests/s` +
      (c.perRound.length > 1 ? ` (rounds ${formatRounds(c.perRound)})` : '') +
      `, ${formatNumber(c.overBareByCpu ?? undefined)} x by server CPU`).join('\n');
  const targets = formatTable(
    ['figure', 'value', 'target', 'result'],
    targetRows(results).map((row) => [row.figure, row.value === undefined ? '-' : `${formatNumber(row.value)} ${row.unit}`, row.target, row.result]),
    ['l', 'r', 'l', 'l'],
  );
  return `${servicesTable}${storeNote(results)}${cpuNote}${roundsNote}${calibrationNote}\n\n${targets}`;
}
