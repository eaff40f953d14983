/**
 * @module http/schemas
 * The TypeBox schema of every route's input and output: each one drives request validation,
 * response serialisation and the OpenAPI document at once, and the handlers' types come from it.
 * Also the limits a request must respect. Declarations only: no handlers, no I/O.
 */
import { Type, type Static } from 'typebox';
import { ManifestModelSchema, ModelMetricsSchema } from '../registry/manifest.js';
import { EXPLANATION_TERMS } from '../registry/model-set.js';

/** Bounds on what a client may send. */
export const LIMITS = Object.freeze({
  /** Longest review text, in characters. */
  maxReviewLength: 20_000,
  /** Most reviews in one batch. */
  maxBatchSize: 1_000,
  /** Largest request body, in bytes. */
  maxBodyBytes: 5 * 1024 * 1024,
  /** Longest model name accepted in a query or path (longer ones cannot exist). */
  maxModelNameLength: 200,
});

/** Every error answer: a stable code, a message for people, and context fields. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. UNKNOWN_MODEL' }),
    message: Type.String({ description: 'What went wrong and what to do' }),
    requestId: Type.Optional(Type.String({ description: 'Quote it when reporting a problem' })),
  },
  { additionalProperties: true, description: 'Error' },
);

/** Response schemas shared by every route for its error answers. */
export const errorResponses = { '4xx': ErrorBody, '5xx': ErrorBody } as const;

const ModelName = Type.String({ minLength: 1, maxLength: LIMITS.maxModelNameLength, description: 'A model name, or `best`' });
/**
 * A visible character: not white space, not a control, format (zero-width space, joiner, byte-order
 * mark, soft hyphen), surrogate, private-use or unassigned code point, not a combining mark on its
 * own, and not one of the Hangul fillers that render as blanks. Schema patterns are compiled with the
 * `u` flag (Unicode property escapes), as JSON Schema's ECMA-262 dialect allows.
 */
const VISIBLE_CHARACTER = '[^\\s\\p{C}\\p{M}\\u115F\\u1160\\u3164\\uFFA0]';
/** A review text in a query string: one visible character at least, at most maxReviewLength characters (the query parser refuses control characters). */
const QueryReviewText = Type.String({ minLength: 1, maxLength: LIMITS.maxReviewLength, pattern: VISIBLE_CHARACTER, description: 'The review text' });
/** A review text in a JSON body: at least one visible character, no control characters but tab, LF, CR. */
const BodyReviewText = Type.String({
  minLength: 1,
  maxLength: LIMITS.maxReviewLength,
  pattern: `^(?=[\\s\\S]*${VISIBLE_CHARACTER})[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$`,
  description: 'The review text: at least one visible character (not only spaces, zero-width or combining characters), no control characters except tab and line breaks',
});

// ---- the original project's routes -------------------------------------------------------------

export const RootResponse = Type.Object({ 'welcome to': Type.String(), 'service status': Type.String() });

export const PermissionResponse = Type.Object({ credentials: Type.String() });

export const PerformanceQuery = Type.Object({ model_name: ModelName });
export type PerformanceQuery = Static<typeof PerformanceQuery>;
export const PerformanceResponse = Type.Object({
  model: Type.String(),
  score: Type.Number({ description: 'Accuracy on the test split, rounded to 2 places' }),
});

export const PredictionQuery = Type.Object({ model_name: ModelName, comment: QueryReviewText });
export type PredictionQuery = Static<typeof PredictionQuery>;
export const PredictionResponse = Type.Object({
  model: Type.String(),
  comment: Type.String(),
  'rating prediction': Type.String({ description: 'The predicted rating, "1" to "5"' }),
});

// ---- v1 ----------------------------------------------------------------------------------------

const HeadlineMetrics = Type.Object({
  n: Type.Integer(),
  accuracy: Type.Number(),
  macroF1: Type.Number(),
  mae: Type.Number(),
  withinOne: Type.Number(),
});

export const ModelSummary = Type.Object({
  name: Type.String(),
  algorithm: Type.String(),
  branch: Type.Union([Type.String(), Type.Null()]),
  vocabularySize: Type.Integer(),
  decoding: Type.String(),
  metrics: HeadlineMetrics,
});

/** The request id of a v1 answer (also in the `x-request-id` header): quote it to give feedback or report a problem. */
const RequestId = Type.String({ description: 'This request\'s id (also in the x-request-id header)' });

export const ModelsResponse = Type.Object({
  requestId: RequestId,
  version: Type.String({ description: 'Version of the loaded model set' }),
  createdAt: Type.String(),
  best: Type.String({ description: 'The model the alias `best` resolves to (highest macro-F1)' }),
  branches: Type.Array(Type.String(), { description: 'The park branches the set knows; a review may name one of them' }),
  models: Type.Array(ModelSummary),
});

export const ModelParams = Type.Object({ name: ModelName });
export type ModelParams = Static<typeof ModelParams>;

export const ModelDetailResponse = Type.Object({
  requestId: RequestId,
  ...ManifestModelSchema.properties,
  metrics: ModelMetricsSchema,
  version: Type.String({ description: 'Version of the model set the model belongs to' }),
  isBest: Type.Boolean({ description: 'Whether the alias `best` resolves to this model' }),
});


export const PredictQuery = Type.Object({
  explain: Type.Optional(Type.Boolean({ default: false, description: 'Also return the terms that pushed each prediction most' })),
  topTerms: Type.Optional(
    Type.Integer({ minimum: 1, maximum: EXPLANATION_TERMS.max, default: EXPLANATION_TERMS.default, description: 'How many terms to explain each prediction with' }),
  ),
});
export type PredictQuery = Static<typeof PredictQuery>;

export const PredictBody = Type.Object(
  {
    reviews: Type.Array(
      Type.Object(
        {
          text: BodyReviewText,
          branch: Type.Optional(Type.String({ maxLength: 100, description: 'Park branch, e.g. Disneyland_Paris: one of the set\'s `branches` (informational: models rate the text)' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: LIMITS.maxBatchSize },
    ),
  },
  { additionalProperties: false },
);
export type PredictBody = Static<typeof PredictBody>;

const Probability = Type.Number({ minimum: 0, maximum: 1 });

export const ReviewPrediction = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  probabilities: Type.Object({ '1': Probability, '2': Probability, '3': Probability, '4': Probability, '5': Probability }),
  expectedRating: Type.Number({ description: 'Sum of rating x probability' }),
  noKnownTerms: Type.Boolean({
    description: "True when no term of the text is in the model's vocabulary (emoji, another script, unknown words): the rating is then the model's answer to an empty text, not a reading of this one",
  }),
  explanation: Type.Optional(
    Type.Array(Type.Object({ term: Type.String(), weight: Type.Number() }), { description: 'Terms that pushed the predicted rating most, largest |weight| first' }),
  ),
});
export type ReviewPrediction = Static<typeof ReviewPrediction>;

export const PredictResponse = Type.Object({
  requestId: Type.String({ description: 'This request\'s id (also in the x-request-id header): with a review\'s index, it names the prediction for POST /v1/feedback' }),
  model: Type.String({ description: 'The model that rated the reviews (`best` resolved)' }),
  version: Type.String(),
  predictions: Type.Array(ReviewPrediction, { description: 'One per review, in request order' }),
});

/** A request id as the service accepts it in `x-request-id` and logs it. */
const LoggedRequestId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'The x-request-id (or requestId) of the prediction\'s answer' });

export const FeedbackBody = Type.Object(
  {
    requestId: LoggedRequestId,
    index: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.maxBatchSize - 1, default: 0, description: 'Position of the review in its batch (0 for /prediction)' })),
    rating: Type.Integer({ minimum: 1, maximum: 5, description: 'The true rating, 1 to 5' }),
    text: Type.Optional({ ...BodyReviewText, description: 'The review text, checked against the prediction\'s (by hash) when given' }),
  },
  { additionalProperties: false },
);
export type FeedbackBody = Static<typeof FeedbackBody>;

export const FeedbackResponse = Type.Object({
  requestId: Type.String({ description: 'The prediction\'s request id (this answer\'s own id is in the x-request-id header)' }),
  index: Type.Integer(),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  status: Type.Union([Type.Literal('recorded'), Type.Literal('unchanged'), Type.Literal('replaced')], {
    description: 'recorded: first feedback for this prediction; unchanged: the same rating again; replaced: a different rating replaced the earlier one',
  }),
  previousRating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'The rating that was replaced' })),
});

// ---- operations --------------------------------------------------------------------------------

export const HealthResponse = Type.Object({ status: Type.Literal('alive') });

export const ReadyResponse = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  reason: Type.Optional(Type.String({ description: 'Why not ready: loading, load-failed or shutting-down' })),
  version: Type.Optional(Type.String({ description: 'Version of the loaded model set' })),
});

export const ReloadResponse = Type.Object({
  version: Type.String(),
  previousVersion: Type.Union([Type.String(), Type.Null()]),
  models: Type.Array(Type.String()),
  durationMs: Type.Number(),
});

// ---- monitoring --------------------------------------------------------------------------------

export const MonitoringQuery = Type.Object({
  model: Type.Optional(ModelName),
  window: Type.Optional(Type.Union([Type.Literal('1h'), Type.Literal('1d'), Type.Literal('7d')], { default: '1d', description: 'Window size' })),
  since: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, default: '7d', description: 'Start: a duration back from now (12h, 7d; at most 366d) or an ISO time' }),
  ),
});
export type MonitoringQuery = Static<typeof MonitoringQuery>;

const Share = Type.Number({ minimum: 0, maximum: 1 });
const Shares = Type.Array(Share, { minItems: 5, maxItems: 5, description: 'Share of each rating 1..5' });
const HistogramSummary = Type.Object({
  edges: Type.Array(Type.Number(), { description: 'Bin edges: bin i is [edges[i], edges[i+1]); the end bins also hold values beyond the edges' }),
  counts: Type.Array(Type.Integer()),
  mean: Type.Number(),
});
const MetricValue = Type.Object({
  value: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Optional(Type.String({ description: 'Why the value is null' })),
});
const Verdict = Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('drift')]);

export const WindowDriftSchema = Type.Object({
  status: Type.Union([Verdict, Type.Literal('not_enough_data'), Type.Literal('no_reference')]),
  reason: Type.Optional(Type.String()),
  predictedRating: Type.Optional(
    Type.Object({ jensenShannon: Type.Number(), psi: Type.Number(), status: Verdict, warn: Type.Number(), drift: Type.Number() }, { description: 'Predicted-rating distribution against the reference' }),
  ),
  entropy: Type.Optional(
    Type.Object(
      { ks: Type.Number(), pValue: Type.Number(), method: Type.Union([Type.Literal('exact'), Type.Literal('asymp')]), status: Verdict, drift: Type.Number({ description: 'Drift below this p-value' }) },
      { description: 'Two-sample KS test of the probability entropy against the reference' },
    ),
  ),
  textLength: Type.Optional(
    Type.Object({ wasserstein: Type.Number({ description: "Wasserstein distance over the reference's standard deviation" }), status: Verdict, drift: Type.Number() }),
  ),
  oovShare: Type.Optional(Type.Object({ reference: Type.Number(), live: Type.Number(), change: Type.Number() }, { description: 'Mean share of tokens outside the vocabulary' })),
});

export const MonitoringResponse = Type.Object({
  requestId: Type.String(),
  window: Type.String(),
  since: Type.String({ format: 'date-time' }),
  until: Type.String({ format: 'date-time' }),
  models: Type.Array(
    Type.Object({
      model: Type.String(),
      modelSetVersion: Type.String(),
      reference: Type.Union([
        Type.Object({ rows: Type.Integer(), predictedDistribution: Shares, entropy: HistogramSummary, textLength: HistogramSummary, oovShare: Type.Number() }),
        Type.Null(),
      ]),
      referenceMissing: Type.Optional(Type.String({ description: 'Why there is no reference, hence no drift verdict' })),
      windows: Type.Array(
        Type.Object({
          start: Type.String({ format: 'date-time' }),
          end: Type.String({ format: 'date-time' }),
          predictions: Type.Integer(),
          feedback: Type.Integer(),
          coverage: Share,
          predictedDistribution: Shares,
          quality: Type.Object({ accuracy: MetricValue, macroF1: MetricValue, mae: MetricValue, withinOne: MetricValue }),
          drift: WindowDriftSchema,
        }),
        { description: 'Windows with at least one prediction, oldest first' },
      ),
    }),
  ),
});
