/**
 * @module ui/pages/monitoring-page
 * Live quality and drift from `GET /v1/monitoring`, per model and model-set version: accuracy,
 * macro-F1, MAE and feedback coverage over time; the predicted-rating distribution against the
 * training reference; each drift statistic with its warn and drift lines. A window with too little
 * data says so. Every chart has its numbers in a table.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { getMonitoring, listModels } from '../api.js';
import type { MonitoredModel, MonitoringWindow, QualityValue } from '../api-types.js';
import { DistributionBars } from '../components/distribution-bars.js';
import { ErrorMessage } from '../components/error-message.js';
import { LineChart, type ChartLine } from '../components/line-chart.js';
import { StatusBadge } from '../components/status-badge.js';
import { count, fixed3, percent, time } from '../format.js';
import { useLoad } from '../hooks.js';

const WINDOWS = ['1h', '1d', '7d'] as const;
const SINCE = ['1d', '7d'] as const;

/** The page. */
export function MonitoringPage(): VNode {
  const models = useLoad(listModels, 'models');
  const [model, setModel] = useState('');
  const [window, setWindow] = useState<string>('1h');
  const [since, setSince] = useState<string>('1d');
  const monitoring = useLoad(() => getMonitoring({ model, window, since }), `${model}|${window}|${since}`);
  const answer = monitoring.data;
  const shown = answer?.models.filter((m) => m.windows.some((w) => w.predictions > 0)) ?? [];
  const select = (id: string, label: string, value: string, set: (v: string) => void, options: ReadonlyArray<[string, string]>): VNode =>
    html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} value=${value} onChange=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
        ${options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
      </select>
    </div>`;
  return html`<section aria-labelledby="page-title">
    <h1 id="page-title" tabindex="-1">Monitoring</h1>
    <form class="field-row" onSubmit=${(e: Event) => e.preventDefault()}>
      ${select('monitor-model', 'Model', model, setModel, [['', 'all models'], ...(models.data?.models ?? []).map((m): [string, string] => [m.name, m.name])])}
      ${select('monitor-window', 'Window', window, setWindow, WINDOWS.map((w): [string, string] => [w, w]))}
      ${select('monitor-since', 'Since', since, setSince, SINCE.map((s): [string, string] => [s, `last ${s}`]))}
      <div class="field"><span class="label-spacer" aria-hidden="true">\u00A0</span><button type="button" onClick=${monitoring.reload}>Refresh</button></div>
    </form>
    ${monitoring.error === undefined ? '' : html`<${ErrorMessage} error=${monitoring.error} />`}
    ${monitoring.loading && answer === undefined ? html`<p class="muted">Loading\u2026</p>` : ''}
    ${answer === undefined
      ? ''
      : html`<p class="muted">From ${time(answer.since)} to ${time(answer.until)} UTC, in ${answer.window} windows.</p>
          ${shown.length === 0 ? html`<p class="notice" role="status">No predictions in this period yet: rate a review, then refresh.</p>` : ''}
          ${shown.map((m) => html`<${ModelMonitoring} key=${`${m.model}|${m.modelSetVersion}`} model=${m} />`)}`}
  </section>`;
}

function ModelMonitoring({ model }: { model: MonitoredModel }): VNode {
  const windows = model.windows;
  const used = windows.filter((w) => w.predictions > 0);
  const times = windows.map((w) => Date.parse(w.start) / 1000);
  const value = (q: QualityValue | undefined): number | null => q?.value ?? null;
  const totals = used.reduce((t, w) => ({ predictions: t.predictions + w.predictions, feedback: t.feedback + w.feedback }), { predictions: 0, feedback: 0 });
  const id = `model-${model.model}-${model.modelSetVersion}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return html`<section class="monitored" aria-labelledby=${id}>
    <h2 id=${id}>${model.model} <span class="muted">version <code>${model.modelSetVersion}</code></span></h2>
    <p class="summary">
      <span><strong data-testid="predictions-total">${count(totals.predictions)}</strong> predictions</span>
      <span><strong data-testid="feedback-total">${count(totals.feedback)}</strong> with feedback</span>
      <span>coverage <strong>${percent(totals.predictions === 0 ? 0 : totals.feedback / totals.predictions)}</strong></span>
    </p>
    ${model.referenceMissing === undefined ? '' : html`<p class="notice">No training reference: ${model.referenceMissing}</p>`}
    <h3>Quality over time</h3>
    <figure>
      <${LineChart} label="quality" times=${times} range=${[0, 1]}
        series=${[
          { label: 'accuracy', values: windows.map((w) => value(w.quality.accuracy)), colour: '--series-1' },
          { label: 'macro-F1', values: windows.map((w) => value(w.quality.macroF1)), colour: '--series-2' },
          { label: 'coverage', values: windows.map((w) => (w.predictions > 0 ? w.coverage : null)), colour: '--series-4' },
          { label: 'MAE (right axis)', values: windows.map((w) => value(w.quality.mae)), colour: '--series-3', scale: 'mae' },
        ]} />
      <figcaption>Accuracy, macro-F1 and feedback coverage (left axis, 0 to 1) and MAE in stars (right axis), per window; measured on the predictions that received feedback.</figcaption>
    </figure>
    <${QualityTable} windows=${used} />
    <h3>Predicted ratings</h3>
    <${DistributionBars} live=${aggregate(used)} reference=${model.reference?.predictedDistribution} caption="Share of each predicted rating in this period, against the training reference" />
    <h3>Drift</h3>
    <${DriftCharts} windows=${windows} times=${times} />
    <${DriftTable} windows=${used} />
  </section>`;
}

function quality(q: QualityValue | undefined, format: (x: number) => string): VNode | string {
  if (q === undefined) return '\u2014';
  if (q.value === null) return html`<span class="muted">${q.reason ?? 'not enough data'}</span>`;
  return format(q.value);
}

function QualityTable({ windows }: { windows: readonly MonitoringWindow[] }): VNode {
  return html`<div class="table-scroll" tabindex="0" role="group" aria-label="Quality per window">
    <table>
      <caption>Quality per window (windows without predictions left out)</caption>
      <thead><tr><th scope="col">window start (UTC)</th><th scope="col" class="num">predictions</th><th scope="col" class="num">feedback</th><th scope="col" class="num">coverage</th><th scope="col" class="num">accuracy</th><th scope="col" class="num">macro-F1</th><th scope="col" class="num">MAE</th></tr></thead>
      <tbody>
        ${windows.map(
          (w) => html`<tr>
            <th scope="row">${time(w.start)}</th>
            <td class="num">${count(w.predictions)}</td>
            <td class="num" data-testid="window-feedback">${count(w.feedback)}</td>
            <td class="num">${percent(w.coverage)}</td>
            <td class="num">${quality(w.quality.accuracy, fixed3)}</td>
            <td class="num">${quality(w.quality.macroF1, fixed3)}</td>
            <td class="num">${quality(w.quality.mae, fixed3)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The predicted-rating shares of several windows together, weighted by their predictions. */
function aggregate(windows: readonly MonitoringWindow[]): number[] {
  const total = windows.reduce((n, w) => n + w.predictions, 0);
  return [0, 1, 2, 3, 4].map((r) => (total === 0 ? 0 : windows.reduce((s, w) => s + (w.predictedDistribution[r] ?? 0) * w.predictions, 0) / total));
}

function thresholds(warn: number | undefined, drift: number): ChartLine[] {
  return [...(warn === undefined ? [] : [{ label: `warn (${warn})`, value: warn, colour: '--warn' }]), { label: `drift (${drift})`, value: drift, colour: '--drift' }];
}

function DriftCharts({ windows, times }: { windows: readonly MonitoringWindow[]; times: readonly number[] }): VNode {
  const withVerdict = windows.find((w) => w.drift.predictedRating !== undefined)?.drift;
  if (withVerdict === undefined) {
    const noReference = windows.length > 0 && windows.every((w) => w.drift.status === 'no_reference');
    return html`<p class="notice" role="status">${noReference ? 'No drift statistics: this model has no training reference to compare with.' : 'Not enough data for drift statistics yet: a window needs at least 100 predictions.'}</p>`;
  }
  const charts: Array<{ title: string; values: Array<number | null>; lines: ChartLine[]; note: string }> = [];
  if (withVerdict.predictedRating !== undefined) {
    const s = withVerdict.predictedRating;
    charts.push({ title: 'Predicted rating: Jensen-Shannon distance to the reference', values: windows.map((w) => w.drift.predictedRating?.jensenShannon ?? null), lines: thresholds(s.warn, s.drift), note: 'higher is further from the training reference' });
  }
  if (withVerdict.entropy !== undefined) {
    const s = withVerdict.entropy;
    charts.push({ title: 'Prediction entropy: Kolmogorov-Smirnov p-value', values: windows.map((w) => w.drift.entropy?.pValue ?? null), lines: thresholds(s.warn, s.drift), note: 'drift when the p-value falls below the line' });
  }
  if (withVerdict.textLength !== undefined) {
    const s = withVerdict.textLength;
    charts.push({ title: 'Review length: Wasserstein distance to the reference', values: windows.map((w) => w.drift.textLength?.wasserstein ?? null), lines: thresholds(s.warn, s.drift), note: 'higher is further from the training reference' });
  }
  return html`${charts.map(
    (c) => html`<figure>
      <${LineChart} label=${c.title} times=${times} series=${[{ label: c.title.split(':')[0] ?? c.title, values: c.values, colour: '--series-1' }]} lines=${c.lines} />
      <figcaption>${c.title} per window, with its ${c.lines.map((l) => l.label).join(' and ')} lines (dashed): ${c.note}. Numbers in the drift table below.</figcaption>
    </figure>`,
  )}`;
}

function DriftTable({ windows }: { windows: readonly MonitoringWindow[] }): VNode {
  const n = (x: number | undefined): string => (x === undefined ? '\u2014' : fixed3(x));
  return html`<div class="table-scroll" tabindex="0" role="group" aria-label="Drift per window">
    <table class="drift">
      <caption>Drift per window</caption>
      <thead><tr><th scope="col">window start (UTC)</th><th scope="col" class="num">predictions</th><th scope="col">verdict</th><th scope="col" class="num">JS distance</th><th scope="col" class="num">PSI</th><th scope="col" class="num">entropy KS p</th><th scope="col" class="num">length Wasserstein</th><th scope="col" class="num">OOV share (ref \u2192 live)</th></tr></thead>
      <tbody>
        ${windows.map((w) => {
          const d = w.drift;
          if (d.status === 'not_enough_data' || d.status === 'no_reference') {
            return html`<tr><th scope="row">${time(w.start)}</th><td class="num">${count(w.predictions)}</td><td><${StatusBadge} status=${d.status} /></td>
              <td colspan="5" class="muted">${d.status === 'not_enough_data' ? `not enough data: ${count(w.predictions)} predictions, a verdict needs at least 100` : 'no training reference to compare with'}</td></tr>`;
          }
          return html`<tr><th scope="row">${time(w.start)}</th><td class="num">${count(w.predictions)}</td><td><${StatusBadge} status=${d.status} /></td>
            <td class="num">${n(d.predictedRating?.jensenShannon)} <${StatusBadge} status=${d.predictedRating?.status ?? 'ok'} /></td>
            <td class="num">${n(d.predictedRating?.psi)}</td>
            <td class="num">${n(d.entropy?.pValue)} <${StatusBadge} status=${d.entropy?.status ?? 'ok'} /></td>
            <td class="num">${n(d.textLength?.wasserstein)} <${StatusBadge} status=${d.textLength?.status ?? 'ok'} /></td>
            <td class="num">${d.oovShare === undefined ? '\u2014' : `${percent(d.oovShare.reference)} \u2192 ${percent(d.oovShare.live)}`}</td></tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
