/**
 * @module ui/components/confusion-matrix
 * A confusion matrix as a heat-map table: rows are true ratings, columns predicted ones; each cell
 * shows its count and its share of the row (the shade follows the share), the diagonal outlined.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { RATINGS, count, percent } from '../format.js';

/** Props of ConfusionMatrix. */
export interface ConfusionMatrixProps {
  /** confusion[true - 1][predicted - 1]. */
  confusion: readonly (readonly number[])[];
  caption: string;
}

/** The table. */
export function ConfusionMatrix({ confusion, caption }: ConfusionMatrixProps): VNode {
  return html`<div class="table-scroll" tabindex="0" role="group" aria-label=${caption}>
    <table class="confusion">
      <caption>${caption}</caption>
      <thead>
        <tr><td></td><th scope="colgroup" colspan="5">predicted rating →</th><td></td></tr>
        <tr><th scope="col">true</th>${RATINGS.map((r) => html`<th scope="col" class="num">${r}</th>`)}<th scope="col" class="num">total</th></tr>
      </thead>
      <tbody>
        ${RATINGS.map((t) => {
          const row = confusion[t - 1] ?? [];
          const total = row.reduce((a, b) => a + b, 0);
          return html`<tr>
            <th scope="row">${t}</th>
            ${RATINGS.map((p) => {
              const n = row[p - 1] ?? 0;
              const share = total === 0 ? 0 : n / total;
              return html`<td class=${t === p ? 'cell diagonal' : 'cell'} style=${{ '--share': share.toFixed(3) }} data-count=${n}>
                <span class="cell-count">${count(n)}</span><span class="cell-share">${percent(share)}</span>
              </td>`;
            })}
            <td class="num">${count(total)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
