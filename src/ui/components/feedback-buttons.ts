/**
 * @module ui/components/feedback-buttons
 * "Was this right?": one button per true rating (the predicted one says "yes"), sent to
 * `POST /v1/feedback` for the prediction's request id, and a status line that says it was recorded.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { sendFeedback, type ApiError } from '../api.js';
import type { FeedbackAnswer } from '../api-types.js';
import { RATINGS, stars } from '../format.js';
import { asApiError } from '../hooks.js';
import { ErrorMessage } from './error-message.js';

/** Props of FeedbackButtons. */
export interface FeedbackButtonsProps {
  requestId: string | undefined;
  predicted: number;
}

/** The buttons and what became of the last one pressed. */
export function FeedbackButtons({ requestId, predicted }: FeedbackButtonsProps): VNode {
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<FeedbackAnswer | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const send = (rating: number): void => {
    if (requestId === undefined) return;
    setSending(true);
    setError(undefined);
    sendFeedback(requestId, 0, rating).then(
      (a) => setAnswer(a.data),
      (err: unknown) => setError(asApiError(err)),
    ).finally(() => setSending(false));
  };
  return html`<fieldset class="feedback">
    <legend>Was this right? The true rating is\u2026</legend>
    <div class="button-row">
      ${RATINGS.map(
        (r) => html`<button type="button" disabled=${sending || requestId === undefined} aria-pressed=${answer?.rating === r} onClick=${() => send(r)}>
          ${r === predicted ? `Yes, ${stars(r)}` : stars(r)}
        </button>`,
      )}
    </div>
    <p role="status" class="feedback-status">${answer === undefined ? '' : recordedText(answer)}</p>
    ${error === undefined ? '' : html`<${ErrorMessage} error=${error} />`}
  </fieldset>`;
}

function recordedText(answer: FeedbackAnswer): string {
  const what = `true rating ${stars(answer.rating)}`;
  if (answer.status === 'replaced') return `Feedback recorded: ${what} (replaces ${stars(answer.previousRating ?? 0)}). Thank you.`;
  if (answer.status === 'unchanged') return `Feedback already recorded: ${what}.`;
  return `Feedback recorded: ${what}. Thank you.`;
}
