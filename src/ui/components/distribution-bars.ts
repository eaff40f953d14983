/**
 * @module ui/components/distribution-bars
 * Two rating distributions side by side (live predictions and the training reference): a pair of
 * bars per rating with their shares as numbers, and the same numbers as a table.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { RATINGS, percent, stars } from '../format.js';

/** Props of DistributionBars. */
export interface DistributionBarsProps {
  live: readonly number[];
  reference: readonly number[] | undefined;
  caption: string;
}

/** Bars and table. */
export function DistributionBars({ live, reference, caption }: DistributionBarsProps): VNode {
  const width = (x: number | undefined): Record<string, string> => ({ width: `${((x ?? 0) * 100).toFixed(1)}%` });
  return html`<figure class="distribution">
    <figcaption>${caption}</figcaption>
    <div class="pairs" aria-hidden="true">
      ${RATINGS.map(
        (r) => html`<div class="pair">
          <span class="bar-label">${stars(r)}</span>
          <span class="bar-track"><span class="bar-fill live" style=${width(live[r - 1])}></span></span><span class="bar-value">${percent(live[r - 1] ?? 0)}</span>
          ${reference === undefined ? '' : html`<span></span><span class="bar-track"><span class="bar-fill reference" style=${width(reference[r - 1])}></span></span><span class="bar-value">${percent(reference[r - 1] ?? 0)}</span>`}
        </div>`,
      )}
      <p class="legend"><span class="swatch live"></span> live ${reference === undefined ? '(no training reference to compare with)' : html`<span class="swatch reference"></span> training reference`}</p>
    </div>
    <table>
      <caption>The same shares as numbers</caption>
      <thead><tr><th scope="col">rating</th><th scope="col" class="num">live</th><th scope="col" class="num">reference</th></tr></thead>
      <tbody>${RATINGS.map((r) => html`<tr><th scope="row">${stars(r)}</th><td class="num">${percent(live[r - 1] ?? 0)}</td><td class="num">${reference === undefined ? 'none' : percent(reference[r - 1] ?? 0)}</td></tr>`)}</tbody>
    </table>
  </figure>`;
}
