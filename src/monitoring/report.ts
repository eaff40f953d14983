/**
 * @module monitoring/report
 * The monitoring answer: logged predictions grouped by model and model-set version, cut into
 * windows, each with its counts, feedback coverage, live quality and drift against the model's
 * training reference (from the loaded set's manifest). Reads through a MonitoringSource; the
 * HTTP route, the CLI table and the /metrics gauges all present what this builds.
 */
import type { Histogram } from '../stats/histogram.js';
import type { ModelSet } from '../registry/model-set.js';
import type { ModelReference } from '../train/reference.js';
import { predictedDistribution, windowDrift, type WindowDrift } from './drift.js';
import { windowQuality, type WindowQuality } from './quality.js';
import type { MonitoredPrediction, MonitoringSource } from './source.js';
import { windowsOf, type TimeWindow, type WindowSize } from './windows.js';

/** What to report on: [since, until) in ms since the epoch, one model or all. */
export interface MonitoringQuery {
  /** A model name or `best`; all models when absent. */
  model?: string;
  window: WindowSize;
  since: number;
  until: number;
}

/** The reference as the answer shows it: histograms and means, not the samples behind the tests. */
export interface ReferenceSummary {
  rows: number;
  predictedDistribution: number[];
  entropy: Histogram & { mean: number };
  textLength: Histogram & { mean: number };
  oovShare: number;
}

export interface WindowReport {
  start: string;
  end: string;
  predictions: number;
  feedback: number;
  /** feedback / predictions. */
  coverage: number;
  predictedDistribution: number[];
  quality: WindowQuality;
  drift: WindowDrift;
}

export interface ModelMonitoring {
  model: string;
  modelSetVersion: string;
  reference: ReferenceSummary | null;
  /** Why there is no reference (and so no drift verdict). */
  referenceMissing?: string;
  /** Windows with at least one prediction, oldest first. */
  windows: WindowReport[];
}

export interface MonitoringReport {
  window: WindowSize;
  since: string;
  until: string;
  models: ModelMonitoring[];
}

function summarizeReference(r: ModelReference): ReferenceSummary {
  return {
    rows: r.rows,
    predictedDistribution: r.predictedDistribution,
    entropy: { ...r.entropy.histogram, mean: r.entropy.mean },
    textLength: { ...r.textLength.histogram, mean: r.textLength.mean },
    oovShare: r.oovShare.mean,
  };
}

/** The reference of `model` of set version `version`, or why there is none. */
function referenceOf(set: ModelSet, model: string, version: string): { reference?: ModelReference; missing?: string } {
  const loaded = set.manifest.version;
  if (version !== loaded) return { missing: `model set ${version} is not the loaded one (${loaded}): only the loaded set's references are at hand` };
  const entry = set.get(model)?.entry;
  if (entry === undefined) return { missing: `model ${model} is not in the loaded model set ${loaded}` };
  if (entry.reference === undefined) return { missing: `model set ${loaded} was trained before monitoring references existed: retrain it to get drift` };
  return { reference: entry.reference };
}

/** One window of one model and version. */
function windowReport(rows: readonly MonitoredPrediction[], window: TimeWindow, reference: ModelReference | undefined, missing: string | undefined): WindowReport {
  const feedback = rows.reduce((n, r) => n + (r.trueRating === null ? 0 : 1), 0);
  return {
    start: new Date(window.start).toISOString(),
    end: new Date(window.end).toISOString(),
    predictions: rows.length,
    feedback,
    coverage: rows.length === 0 ? 0 : feedback / rows.length,
    predictedDistribution: predictedDistribution(rows),
    quality: windowQuality(rows),
    drift: windowDrift(rows, reference, missing),
  };
}

/** The rows of `sorted` (by createdAt) in [window.start, window.end), found by binary search. */
function rowsIn(sorted: readonly MonitoredPrediction[], window: TimeWindow): MonitoredPrediction[] {
  const firstAtOrAfter = (t: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as MonitoredPrediction).createdAt < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sorted.slice(firstAtOrAfter(window.start), firstAtOrAfter(window.end));
}

/**
 * Groups `rows` by model and model-set version (the loaded set's models in manifest order first,
 * listed even without rows when `models` names them; then other pairs by name and version) and
 * reports each over the windows `windowsFor` gives for its rows.
 */
export function groupReport(rows: readonly MonitoredPrediction[], set: ModelSet, models: readonly string[], windowsFor: (times: number[]) => TimeWindow[]): ModelMonitoring[] {
  const groups = new Map<string, { model: string; version: string; rows: MonitoredPrediction[] }>();
  const key = (model: string, version: string): string => JSON.stringify([model, version]);
  for (const model of models) groups.set(key(model, set.manifest.version), { model, version: set.manifest.version, rows: [] });
  const others: string[] = [];
  for (const row of rows) {
    const k = key(row.model, row.modelSetVersion);
    let group = groups.get(k);
    if (group === undefined) {
      group = { model: row.model, version: row.modelSetVersion, rows: [] };
      groups.set(k, group);
      others.push(k);
    }
    group.rows.push(row);
  }
  // Sorted by time once, so that each window's rows are one slice (many 1h windows stay cheap).
  for (const group of groups.values()) group.rows.sort((a, b) => a.createdAt - b.createdAt);
  const order = [...models.map((m) => key(m, set.manifest.version)), ...others.sort()];
  return order.map((k) => {
    const { model, version, rows: groupRows } = groups.get(k)!;
    const { reference, missing } = referenceOf(set, model, version);
    const windows = windowsFor(groupRows.map((r) => r.createdAt)).map((w) => windowReport(rowsIn(groupRows, w), w, reference, missing));
    return {
      model,
      modelSetVersion: version,
      reference: reference ? summarizeReference(reference) : null,
      ...(missing ? { referenceMissing: missing } : {}),
      windows,
    };
  });
}

/**
 * The monitoring report of `query` from `source`, judged against `set` (the loaded model set).
 * `query.model` must be a model of the set or `best` (the caller checks it, with its own error).
 */
export async function monitoringReport(source: MonitoringSource, set: ModelSet, query: MonitoringQuery): Promise<MonitoringReport> {
  const model = query.model === undefined ? undefined : (set.get(query.model)?.entry.name ?? query.model);
  const rows = await source.monitoredPredictions({ ...(model === undefined ? {} : { model }), since: query.since, until: query.until });
  const models = model === undefined ? set.names : [model];
  return {
    window: query.window,
    since: new Date(query.since).toISOString(),
    until: new Date(query.until).toISOString(),
    models: groupReport(rows, set, models, (times) => windowsOf(times, query.window, query.since, query.until)),
  };
}

/** The last day's figures per model of the loaded set, one window [now - 24 h, now): what /metrics exports. */
export async function lastDayReport(source: MonitoringSource, set: ModelSet, now: number): Promise<ModelMonitoring[]> {
  const window = { start: now - 86_400_000, end: now };
  const rows = await source.monitoredPredictions({ since: window.start, until: window.end });
  const loaded = rows.filter((r) => r.modelSetVersion === set.manifest.version);
  return groupReport(loaded, set, set.names, () => [window]);
}
