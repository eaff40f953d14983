/**
 * @module ui/components/stars
 * A rating as five stars, filled up to the rating, with the number in words for screen readers.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { RATINGS, stars } from '../format.js';

/** Five stars, `rating` of them filled. */
export function Stars({ rating }: { rating: number }): VNode {
  return html`<p class="stars" data-rating=${rating}>
    <span aria-hidden="true">${RATINGS.map((r) => html`<span class=${r <= rating ? 'star on' : 'star'}>${r <= rating ? '\u2605' : '\u2606'}</span>`)}</span>
    <span class="stars-text">${stars(rating)}</span>
  </p>`;
}
