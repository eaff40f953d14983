/**
 * @module ui/pages/models-page
 * Every model of the loaded set in one table, sortable by any column (buttons in the headers,
 * `aria-sort` says the order), `best` marked; links to each model and to the comparison.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { listModels } from '../api.js';
import type { ModelSummary } from '../api-types.js';
import { ErrorMessage } from '../components/error-message.js';
import { count, fixed3, trainedOn } from '../format.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';

type Column = 'name' | 'algorithm' | 'branch' | 'accuracy' | 'macroF1' | 'mae' | 'withinOne';

const COLUMNS: ReadonlyArray<{ key: Column; label: string; numeric: boolean; value: (m: ModelSummary) => string | number }> = [
  { key: 'name', label: 'model', numeric: false, value: (m) => m.name },
  { key: 'algorithm', label: 'algorithm', numeric: false, value: (m) => m.algorithm },
  { key: 'branch', label: 'trained on', numeric: false, value: (m) => trainedOn(m.branch) },
  { key: 'accuracy', label: 'accuracy', numeric: true, value: (m) => m.metrics.accuracy },
  { key: 'macroF1', label: 'macro-F1', numeric: true, value: (m) => m.metrics.macroF1 },
  { key: 'mae', label: 'MAE', numeric: true, value: (m) => m.metrics.mae },
  { key: 'withinOne', label: 'within one', numeric: true, value: (m) => m.metrics.withinOne },
];

/** The page. */
export function ModelsPage(): VNode {
  const models = useLoad(listModels, 'models');
  const [sort, setSort] = useState<{ key: Column; descending: boolean }>({ key: 'macroF1', descending: true });
  const list = models.data;
  const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[0]!;
  const rows = [...(list?.models ?? [])].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sort.descending ? -order : order;
  });
  const toggle = (key: Column): void => setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: COLUMNS.find((c) => c.key === key)?.numeric === true && key !== 'mae' }));

  return html`<section aria-labelledby="page-title">
    <h1 id="page-title" tabindex="-1">Models</h1>
    ${models.error === undefined ? '' : html`<${ErrorMessage} error=${models.error} />`}
    ${list === undefined
      ? html`<p class="muted">${models.loading ? 'Loading\u2026' : ''}</p>`
      : html`<p>Model set <code>${list.version}</code>, trained ${list.createdAt.slice(0, 10)}; metrics on its test split (${count(list.models[0]?.metrics.n ?? 0)} reviews). <a href=${href({ page: 'compare', a: list.best, b: undefined })}>Compare two models</a></p>
          <div class="table-scroll" tabindex="0" role="group" aria-label="Models">
            <table class="models">
              <caption>Every model of the set (select a header to sort)</caption>
              <thead><tr>
                ${COLUMNS.map(
                  (c) => html`<th scope="col" class=${c.numeric ? 'num' : ''} aria-sort=${sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" class="sort" onClick=${() => toggle(c.key)}>${c.label}<span aria-hidden="true">${sort.key === c.key ? (sort.descending ? ' \u25BC' : ' \u25B2') : ''}</span></button>
                  </th>`,
                )}
              </tr></thead>
              <tbody>
                ${rows.map(
                  (m) => html`<tr class=${m.name === list.best ? 'best' : ''}>
                    <th scope="row"><a href=${href({ page: 'model', name: m.name })}>${m.name}</a>${m.name === list.best ? html` <span class="tag">best</span>` : ''}</th>
                    <td>${m.algorithm.replace(/_/g, ' ')}</td>
                    <td>${trainedOn(m.branch)}</td>
                    <td class="num">${fixed3(m.metrics.accuracy)}</td>
                    <td class="num">${fixed3(m.metrics.macroF1)}</td>
                    <td class="num">${fixed3(m.metrics.mae)}</td>
                    <td class="num">${fixed3(m.metrics.withinOne)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
  </section>`;
}
