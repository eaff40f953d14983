/**
 * @module ui/pages/compare-page
 * Two models side by side: pick each, then their headline metrics in one table (with the
 * difference), their confusion matrices and per-rating results next to each other (stacked on a
 * narrow screen). The choice lives in the URL, so a comparison can be bookmarked.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { getModel, listModels } from '../api.js';
import type { ModelDetail } from '../api-types.js';
import { ConfusionMatrix } from '../components/confusion-matrix.js';
import { ErrorMessage } from '../components/error-message.js';
import { PerClassTable } from '../components/metric-tables.js';
import { fixed3 } from '../format.js';
import { useLoad } from '../hooks.js';
import { href } from '../router.js';

/** The page; `a` and `b` default to `best` and the first other model. */
export function ComparePage({ a, b }: { a: string | undefined; b: string | undefined }): VNode {
  const list = useLoad(listModels, 'models');
  const names = list.data?.models.map((m) => m.name) ?? [];
  const first = a ?? list.data?.best;
  const second = b ?? names.find((n) => n !== first);
  const choose = (which: 'a' | 'b', value: string): void => {
    location.hash = href({ page: 'compare', a: which === 'a' ? value : first, b: which === 'b' ? value : second });
  };
  return html`<section aria-labelledby="page-title">
    <h1 id="page-title" tabindex="-1">Compare two models</h1>
    ${list.error === undefined ? '' : html`<${ErrorMessage} error=${list.error} />`}
    <form class="field-row" onSubmit=${(e: Event) => e.preventDefault()}>
      ${(['a', 'b'] as const).map((which) => {
        const value = which === 'a' ? first : second;
        return html`<div class="field">
          <label for=${`compare-${which}`}>${which === 'a' ? 'First model' : 'Second model'}</label>
          <select id=${`compare-${which}`} value=${value ?? ''} onChange=${(e: Event) => choose(which, (e.target as HTMLSelectElement).value)}>
            ${names.map((n) => html`<option value=${n}>${n}</option>`)}
          </select>
        </div>`;
      })}
    </form>
    ${first !== undefined && second !== undefined ? html`<${Comparison} key=${`${first}|${second}`} a=${first} b=${second} />` : ''}
  </section>`;
}

function Comparison({ a, b }: { a: string; b: string }): VNode {
  const left = useLoad(() => getModel(a), a);
  const right = useLoad(() => getModel(b), b);
  const error = left.error ?? right.error;
  if (error !== undefined) return html`<${ErrorMessage} error=${error} />`;
  if (left.data === undefined || right.data === undefined) return html`<p class="muted">Loading\u2026</p>`;
  const x = left.data;
  const y = right.data;
  return html`<${DifferenceTable} a=${x} b=${y} />
    <div class="side-by-side">
      ${[x, y].map(
        (m) => html`<div class="column">
          <h2><a href=${href({ page: 'model', name: m.name })}>${m.name}</a></h2>
          <${ConfusionMatrix} confusion=${m.metrics.confusion} caption=${`Confusion matrix of ${m.name}`} />
          <${PerClassTable} metrics=${m.metrics} />
        </div>`,
      )}
    </div>`;
}

function DifferenceTable({ a, b }: { a: ModelDetail; b: ModelDetail }): VNode {
  const rows: ReadonlyArray<[string, (m: ModelDetail) => number, boolean]> = [
    ['accuracy', (m) => m.metrics.accuracy, true],
    ['macro-F1', (m) => m.metrics.macroF1, true],
    ['MAE (stars)', (m) => m.metrics.mae, false],
    ['within one star', (m) => m.metrics.withinOne, true],
  ];
  return html`<table class="compare">
    <caption>Test-split metrics side by side</caption>
    <thead><tr><th scope="col">metric</th><th scope="col" class="num">${a.name}</th><th scope="col" class="num">${b.name}</th><th scope="col" class="num">second \u2212 first</th><th scope="col">better</th></tr></thead>
    <tbody>
      ${rows.map(([label, value, higherIsBetter]) => {
        const d = value(b) - value(a);
        const better = d === 0 ? 'same' : (d > 0) === higherIsBetter ? b.name : a.name;
        return html`<tr><th scope="row">${label}</th><td class="num">${fixed3(value(a))}</td><td class="num">${fixed3(value(b))}</td><td class="num">${d >= 0 ? '+' : '\u2212'}${fixed3(Math.abs(d))}</td><td>${better}</td></tr>`;
      })}
    </tbody>
  </table>`;
}
