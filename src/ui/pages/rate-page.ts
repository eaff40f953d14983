/**
 * @module ui/pages/rate-page
 * Rate a review: the text, an optional branch, the model (default `best`), a few example reviews
 * to start from; the answer as stars, probability bars, expected rating, the review with its
 * driving terms marked, and the "was this right?" buttons. Bad input is sent as typed: the
 * service's refusal is what the page shows.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { listModels, rateReview, type ApiError } from '../api.js';
import type { PredictAnswer } from '../api-types.js';
import { ErrorMessage } from '../components/error-message.js';
import { FeedbackButtons } from '../components/feedback-buttons.js';
import { HighlightedReview } from '../components/highlighted-review.js';
import { ProbabilityBars } from '../components/probability-bars.js';
import { Stars } from '../components/stars.js';
import { count, trainedOn } from '../format.js';
import { asApiError, useLoad } from '../hooks.js';
import { MAX_REVIEW_LENGTH } from '../messages.js';

/** Reviews written for the console (not taken from any data set). */
export const EXAMPLES: ReadonlyArray<{ label: string; text: string; branch?: string }> = [
  { label: 'Delighted', text: 'A magical day! The parade was wonderful, the staff were friendly and the kids loved every ride. We will be back.', branch: 'Disneyland_California' },
  { label: 'Mixed', text: 'Some rides were great fun but the queues were long and the food was expensive. Good, not amazing.', branch: 'Disneyland_Paris' },
  { label: 'Disappointed', text: 'Rude staff, broken rides and endless queues. A waste of money, never again.', branch: 'Disneyland_HongKong' },
  { label: 'No branch', text: 'Clean park, nice shows, but too crowded in the afternoon.' },
];

interface Result {
  answer: PredictAnswer;
  requestId: string | undefined;
  text: string;
  ordinal: boolean;
}

/** The page. */
export function RatePage(): VNode {
  const models = useLoad(listModels, 'models');
  const [text, setText] = useState('');
  const [branch, setBranch] = useState('');
  const [model, setModel] = useState('best');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>(undefined);
  const [error, setError] = useState<{ error: ApiError; text: string } | undefined>(undefined);

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const sent = text;
    rateReview(model, sent, branch.trim() === '' ? undefined : branch.trim()).then(
      (a) => {
        const algorithm = models.data?.models.find((m) => m.name === a.data.model)?.algorithm;
        setResult({ answer: a.data, requestId: a.data.requestId ?? a.requestId, text: sent, ordinal: algorithm === 'ordinal_logistic' });
      },
      (err: unknown) => {
        setResult(undefined);
        setError({ error: asApiError(err), text: sent });
      },
    ).finally(() => setBusy(false));
  };
  const useExample = (example: (typeof EXAMPLES)[number]): void => {
    setText(example.text);
    setBranch(example.branch ?? '');
  };

  const list = models.data;
  return html`<section aria-labelledby="page-title">
    <h1 id="page-title" tabindex="-1">Rate a review</h1>
    <form class="rate-form" onSubmit=${submit} novalidate>
      <div class="field">
        <label for="review-text">Review</label>
        <textarea id="review-text" name="review" rows="6" value=${text} onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
          aria-describedby="review-count"></textarea>
        <p id="review-count" class=${text.length > MAX_REVIEW_LENGTH ? 'hint over' : 'hint'}>${count(text.length)} of at most ${count(MAX_REVIEW_LENGTH)} characters</p>
      </div>
      <div class="field-row">
        <div class="field">
          <label for="review-branch">Branch (optional)</label>
          <input id="review-branch" name="branch" list="branches" value=${branch} autocomplete="off" onInput=${(e: Event) => setBranch((e.target as HTMLInputElement).value)} />
          <datalist id="branches">${(list?.branches ?? []).map((b) => html`<option value=${b}></option>`)}</datalist>
        </div>
        <div class="field">
          <label for="review-model">Model</label>
          <select id="review-model" name="model" value=${model} onChange=${(e: Event) => setModel((e.target as HTMLSelectElement).value)}>
            <option value="best">best${list === undefined ? '' : ` (${list.best})`}</option>
            ${(list?.models ?? []).map((m) => html`<option value=${m.name}>${m.name} \u2014 ${trainedOn(m.branch)}</option>`)}
          </select>
        </div>
      </div>
      <div class="button-row">
        <button type="submit" class="primary" disabled=${busy}>${busy ? 'Rating\u2026' : 'Rate'}</button>
      </div>
      <fieldset class="examples">
        <legend>Examples</legend>
        <div class="button-row">
          ${EXAMPLES.map((ex) => html`<button type="button" onClick=${() => useExample(ex)}>${ex.label}</button>`)}
        </div>
      </fieldset>
    </form>
    ${models.error === undefined ? '' : html`<${ErrorMessage} error=${models.error} />`}
    ${error === undefined ? '' : html`<${ErrorMessage} error=${error.error} reviewText=${error.text} />`}
    ${result === undefined ? '' : html`<${RatingResult} result=${result} />`}
  </section>`;
}

function RatingResult({ result }: { result: Result }): VNode {
  const prediction = result.answer.predictions[0];
  if (prediction === undefined) return html`<p role="alert">The service answered without a prediction.</p>`;
  return html`<section class="result" aria-labelledby="result-title" aria-live="polite">
    <h2 id="result-title">Rating by <a href=${`#/models/${encodeURIComponent(result.answer.model)}`}>${result.answer.model}</a></h2>
    <div class="result-grid">
      <div>
        <${Stars} rating=${prediction.rating} />
        <p class="expected">Expected rating <strong>${prediction.expectedRating.toFixed(2)}</strong></p>
      </div>
      <${ProbabilityBars} probabilities=${prediction.probabilities} rating=${prediction.rating} />
    </div>
    <h3>Why</h3>
    <${HighlightedReview} text=${result.text} terms=${prediction.explanation ?? []} rating=${prediction.rating} ordinal=${result.ordinal} />
    <${FeedbackButtons} key=${result.requestId} requestId=${result.requestId} predicted=${prediction.rating} />
  </section>`;
}
