/**
 * @module ui/pages/model-page
 * One model: what it is, its headline metrics, its confusion matrix as a heat map, per-rating
 * precision/recall/F1 and per-branch results.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { getModel } from '../api.js';
import type { ModelDetail } from '../api-types.js';
import { ConfusionMatrix } from '../components/confusion-matrix.js';
import { ErrorMessage } from '../components/error-message.js';
import { PerBranchTable, PerClassTable } from '../components/metric-tables.js';
import { count, fixed3, trainedOn } from '../format.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';

/** The page of model `name`. */
export function ModelPage({ name }: { name: string }): VNode {
  const model = useLoad(() => getModel(name), name);
  const m = model.data;
  return html`<section aria-labelledby="page-title">
    <p><a href="#/models">\u2190 All models</a></p>
    <h1 id="page-title" tabindex="-1">Model ${name}${m?.isBest === true ? html` <span class="tag">best</span>` : ''}</h1>
    ${model.error === undefined ? '' : html`<${ErrorMessage} error=${model.error} />`}
    ${m === undefined ? (model.loading ? html`<p class="muted">Loading\u2026</p>` : '') : html`<${ModelDetails} model=${m} />`}
  </section>`;
}

function ModelDetails({ model }: { model: ModelDetail }): VNode {
  const params = Object.entries(model.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return html`<dl class="facts">
      <dt>algorithm</dt><dd>${model.algorithm.replace(/_/g, ' ')}</dd>
      <dt>trained on</dt><dd>${trainedOn(model.branch)}</dd>
      <dt>parameters</dt><dd><code>${params || 'defaults'}</code></dd>
      <dt>vocabulary</dt><dd>${count(model.vocabularySize)} terms (${model.vectorizer})</dd>
      <dt>model set</dt><dd><code>${model.version}</code></dd>
    </dl>
    <${HeadlineTable} models=${[model]} />
    <p><a href=${href({ page: 'compare', a: model.name, b: undefined })}>Compare with another model</a></p>
    <h2>Confusion matrix</h2>
    <${ConfusionMatrix} confusion=${model.metrics.confusion} caption=${`Confusion matrix of ${model.name}: rows are true ratings, columns predicted; count and share of the row`} />
    <h2>Per rating</h2>
    <${PerClassTable} metrics=${model.metrics} />
    <h2>Per branch</h2>
    <${PerBranchTable} metrics=${model.metrics} />`;
}

/** Headline metrics of one or more models, one column per model. */
export function HeadlineTable({ models }: { models: readonly ModelDetail[] }): VNode {
  const rows: ReadonlyArray<[string, (m: ModelDetail) => string]> = [
    ['test reviews', (m) => count(m.metrics.n)],
    ['accuracy', (m) => fixed3(m.metrics.accuracy)],
    ['macro-F1', (m) => fixed3(m.metrics.macroF1)],
    ['MAE (stars)', (m) => fixed3(m.metrics.mae)],
    ['within one star', (m) => fixed3(m.metrics.withinOne)],
  ];
  return html`<table class="headline">
    <caption>Test-split metrics</caption>
    <thead><tr><th scope="col">metric</th>${models.map((m) => html`<th scope="col" class="num">${m.name}</th>`)}</tr></thead>
    <tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th>${models.map((m) => html`<td class="num">${value(m)}</td>`)}</tr>`)}</tbody>
  </table>`;
}
