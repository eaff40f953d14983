/**
 * @module http/routes/feedback
 * `POST /v1/feedback`: the true rating of a logged prediction, named by its request id and index.
 * Idempotent; a different rating replaces the earlier one and says so; committed to the store
 * before the answer. The store does the work; this only maps the request and the answer.
 */
import { ReviewStarsError } from '../../core/errors.js';
import type { Rating } from '../../core/rating.js';
import { reviewTextHash } from '../../store/text-hash.js';
import { FeedbackBody, FeedbackResponse, errorResponses } from '../schemas.js';
import type { RouteContext, TypedApp } from '../context.js';

/** Registers `POST /v1/feedback` on a scope that requires a reader. */
export function registerFeedbackRoute(app: TypedApp, context: RouteContext): void {
  const { store } = context;
  app.post(
    '/v1/feedback',
    {
      schema: {
        tags: ['v1'],
        summary: 'Give the true rating of a logged prediction',
        description:
          'Names the prediction by the request id of its answer (x-request-id header, or requestId in v1 answers) and its index in the batch. ' +
          'The same feedback twice is one record (status unchanged); a different rating replaces the earlier one (status replaced, with previousRating). ' +
          'Unknown predictions are 404 PREDICTION_NOT_FOUND. The feedback is committed before the answer.',
        security: [{ basicAuth: [] }],
        body: FeedbackBody,
        response: { 200: FeedbackResponse, ...errorResponses },
      },
    },
    async function recordFeedback(request) {
      if (store === undefined) {
        throw new ReviewStarsError('STORE_DISABLED', 'this service runs without a store (--store none): it keeps no predictions, so it cannot take feedback');
      }
      const { requestId, index = 0, rating, text } = request.body;
      return store.recordFeedback({ requestId, index, rating: rating as Rating, textSha256: text === undefined ? null : reviewTextHash(text) });
    },
  );
}
