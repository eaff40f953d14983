/**
 * @module ui/components/metric-tables
 * A model's per-class precision/recall/F1 and its per-branch results, as plain tables.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { ModelDetail } from '../api-types.js';
import { count, fixed3, stars, trainedOn } from '../format.js';

/** Precision, recall, F1 and support of each rating. */
export function PerClassTable({ metrics }: { metrics: ModelDetail['metrics'] }): VNode {
  return html`<table>
    <caption>Per rating (test split)</caption>
    <thead><tr><th scope="col">rating</th><th scope="col" class="num">precision</th><th scope="col" class="num">recall</th><th scope="col" class="num">F1</th><th scope="col" class="num">support</th></tr></thead>
    <tbody>
      ${metrics.perClass.map(
        (c) => html`<tr><th scope="row">${stars(c.rating)}</th><td class="num">${fixed3(c.precision)}</td><td class="num">${fixed3(c.recall)}</td><td class="num">${fixed3(c.f1)}</td><td class="num">${count(c.support)}</td></tr>`,
      )}
    </tbody>
  </table>`;
}

/** Accuracy, macro-F1, MAE and within-one on each branch's part of the test split. */
export function PerBranchTable({ metrics }: { metrics: ModelDetail['metrics'] }): VNode {
  const branches = Object.entries(metrics.perBranch).sort(([a], [b]) => a.localeCompare(b));
  return html`<table>
    <caption>Per branch (test split)</caption>
    <thead><tr><th scope="col">branch</th><th scope="col" class="num">reviews</th><th scope="col" class="num">accuracy</th><th scope="col" class="num">macro-F1</th><th scope="col" class="num">MAE</th><th scope="col" class="num">within one</th></tr></thead>
    <tbody>
      ${branches.map(
        ([name, m]) => html`<tr><th scope="row">${trainedOn(name)}</th><td class="num">${count(m.n)}</td><td class="num">${fixed3(m.accuracy)}</td><td class="num">${fixed3(m.macroF1)}</td><td class="num">${fixed3(m.mae)}</td><td class="num">${fixed3(m.withinOne)}</td></tr>`,
      )}
    </tbody>
  </table>`;
}
