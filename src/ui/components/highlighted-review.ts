/**
 * @module ui/components/highlighted-review
 * The review with the words that drove its rating marked: a colour and an arrow with a sign (so
 * it reads without colour), and the weight shown when the word is hovered or focused (each marked
 * word is a tab stop). Below it, every term of the explanation in a table.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { signed, stars } from '../format.js';
import { highlightSegments, type Term } from '../highlight.js';

/** Props of HighlightedReview. */
export interface HighlightedReviewProps {
  text: string;
  terms: readonly Term[];
  rating: number;
  /** Ordinal models' weights point along the star scale; the others' toward or away from `rating`. */
  ordinal: boolean;
}

/** What a weight's sign means for this model, in words. */
export function direction(weight: number, rating: number, ordinal: boolean): string {
  if (ordinal) return weight >= 0 ? 'toward more stars' : 'toward fewer stars';
  return weight >= 0 ? `for ${stars(rating)}` : `against ${stars(rating)}`;
}

/** The marked review and the term table. */
export function HighlightedReview({ text, terms, rating, ordinal }: HighlightedReviewProps): VNode {
  const segments = highlightSegments(text, terms);
  return html`<div class="explained">
    <p class="legend">
      <span class="term up"><span class="sign" aria-hidden="true">\u25B2+</span>${ordinal ? 'more stars' : `for ${stars(rating)}`}</span>
      <span class="term down"><span class="sign" aria-hidden="true">\u25BC\u2212</span>${ordinal ? 'fewer stars' : `against ${stars(rating)}`}</span>
      <span class="muted">Hover or focus a marked word for its weight.</span>
    </p>
    <blockquote class="review-text">
      ${segments.map((s) => {
        if (s.mark === undefined) return s.text;
        const up = s.mark.weight >= 0;
        const detail = s.mark.terms.map((t) => `\u201C${t.term}\u201D ${signed(t.weight)}`).join(', ');
        return html`<mark class=${up ? 'term up' : 'term down'} tabindex="0"><span class="sign" aria-hidden="true">${up ? '\u25B2+' : '\u25BC\u2212'}</span>${s.text}<span class="tip">${detail}: ${direction(s.mark.weight, rating, ordinal)}</span></mark>`;
      })}
    </blockquote>
    <table class="terms">
      <caption>Terms that drove the rating most</caption>
      <thead><tr><th scope="col">term</th><th scope="col" class="num">weight</th><th scope="col">direction</th></tr></thead>
      <tbody>
        ${terms.map(
          (t) => html`<tr>
            <td>${t.term}</td>
            <td class="num">${signed(t.weight)}</td>
            <td><span class=${t.weight >= 0 ? 'term up' : 'term down'}><span class="sign" aria-hidden="true">${t.weight >= 0 ? '\u25B2' : '\u25BC'}</span>${direction(t.weight, rating, ordinal)}</span></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
