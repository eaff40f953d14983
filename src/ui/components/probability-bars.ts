/**
 * @module ui/components/probability-bars
 * The five probabilities of a prediction as horizontal bars, each with its number, the predicted
 * rating marked. A list of labelled values, so it reads without the bars.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { RATINGS, fixed3, stars } from '../format.js';

/** Props of ProbabilityBars. */
export interface ProbabilityBarsProps {
  probabilities: Readonly<Record<'1' | '2' | '3' | '4' | '5', number>>;
  rating: number;
}

/** One bar per rating, 1 to 5. */
export function ProbabilityBars({ probabilities, rating }: ProbabilityBarsProps): VNode {
  return html`<ol class="bars" aria-label="Probability of each rating">
    ${RATINGS.map((r) => {
      const p = probabilities[String(r) as '1'];
      return html`<li class=${r === rating ? 'bar-row predicted' : 'bar-row'}>
        <span class="bar-label">${stars(r)}</span>
        <span class="bar-track" aria-hidden="true"><span class="bar-fill" style=${{ width: `${(p * 100).toFixed(1)}%` }}></span></span>
        <span class="bar-value">${fixed3(p)}${r === rating ? html` <span class="tag">predicted</span>` : ''}</span>
      </li>`;
    })}
  </ol>`;
}
