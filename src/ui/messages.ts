/**
 * @module ui/messages
 * Turns the service's refusals into sentences for the page: the API's own message, made plainer
 * where the console knows what the user did (an empty or too long review), always with the
 * stable code for reference. Pure: no rendering.
 */
import type { ApiError } from './api.js';

/** Longest review the service accepts (its LIMITS.maxReviewLength). */
export const MAX_REVIEW_LENGTH = 20_000;

/** What to tell the user about `error`, given the review text they sent (if any). */
export function explainError(error: ApiError, reviewText?: string): string {
  if (error.code === 'VALIDATION_FAILED' && reviewText !== undefined && fieldOf(error) === 'reviews.0.text') {
    if (reviewText.length > MAX_REVIEW_LENGTH) {
      return `The review is too long: ${reviewText.length.toLocaleString('en')} characters, and the service accepts at most ${MAX_REVIEW_LENGTH.toLocaleString('en')}. Shorten it and rate it again.`;
    }
    if (reviewText.trim() === '') return 'The review is empty: write or paste a review, then rate it.';
  }
  switch (error.code) {
    case 'UNKNOWN_BRANCH':
      return `${capitalise(error.message)}.`;
    case 'SESSION_EXPIRED':
      return `${capitalise(error.message)}.`;
    case 'PREDICTION_NOT_FOUND':
      return 'The service has no record of this prediction (the prediction log may be off): the feedback was not recorded.';
    case 'NOT_FOUND':
      return `This service does not offer that yet (${error.message}).`;
    default:
      return `${capitalise(error.message)}.`;
  }
}

function fieldOf(error: ApiError): string | undefined {
  const errors = error.body.errors;
  if (!Array.isArray(errors)) return undefined;
  const first = errors[0] as { field?: unknown } | undefined;
  return typeof first?.field === 'string' ? first.field : undefined;
}

function capitalise(text: string): string {
  const trimmed = text.replace(/[.\s]+$/, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
