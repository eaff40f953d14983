/**
 * @module http/prediction-body
 * One rated review as the v1 API shows it (probabilities keyed by rating "1" to "5"), so that the
 * predict route and `review-stars predict --json` answer in one shape. Pure: no I/O, no schema
 * code at run time (the type comes from the route schema).
 */
import type { Prediction } from '../registry/model-set.js';
import type { ReviewPrediction } from './schemas.js';

/** The API's form of one prediction (`explanation` only when the prediction has one). */
export function toReviewPrediction(p: Prediction): ReviewPrediction {
  const [p1, p2, p3, p4, p5] = p.probabilities;
  return {
    rating: p.rating,
    probabilities: { '1': p1, '2': p2, '3': p3, '4': p4, '5': p5 },
    expectedRating: p.expectedRating,
    noKnownTerms: p.noKnownTerms,
    explanation: p.explanation,
  };
}
