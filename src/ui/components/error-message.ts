/**
 * @module ui/components/error-message
 * A refusal or failure shown on the page: a sentence, the stable code, and the request id to quote.
 * Announced to screen readers as an alert.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { ApiError } from '../api.js';
import { explainError } from '../messages.js';

/** Props of ErrorMessage. */
export interface ErrorMessageProps {
  error: ApiError;
  /** The review text that was sent, for a plainer message about it. */
  reviewText?: string;
}

/** The message box of one error. */
export function ErrorMessage({ error, reviewText }: ErrorMessageProps): VNode {
  const requestId = typeof error.body.requestId === 'string' ? error.body.requestId : undefined;
  return html`<div class="error" role="alert">
    <p><strong>${explainError(error, reviewText)}</strong></p>
    <p class="muted">Code <code>${error.code}</code>${requestId === undefined ? '' : html`, request <code>${requestId}</code>`}</p>
  </div>`;
}
