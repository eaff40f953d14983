/**
 * @module http/routes/v1
 * The versioned model API: list the models of the loaded set, show one with all its metrics, and
 * rate a batch of reviews with probabilities, expected rating and optional explanations. Every
 * request answers from the one model set it started with, even if a reload swaps it meanwhile.
 */
import type { Rating } from '../../core/rating.js';
import { ModelDetailResponse, ModelParams, ModelsResponse, PredictBody, PredictQuery, PredictResponse, errorResponses, type ReviewPrediction } from '../schemas.js';
import { resolveModel, type RouteContext, type TypedApp } from '../context.js';
import { EXPLANATION_TERMS } from '../../registry/model-set.js';
import { toReviewPrediction } from '../prediction-body.js';
import { checkBranches, knownBranches } from '../branches.js';
import { LOGGED_ROUTES } from '../prediction-recorder.js';

const TAGS = ['v1'];
const SECURITY = [{ basicAuth: [] }];

/** Registers the v1 routes on a scope that requires a reader. */
export function registerV1Routes(app: TypedApp, context: RouteContext): void {
  const { lifecycle, metrics, recorder } = context;

  app.get(
    '/v1/models',
    { schema: { tags: TAGS, summary: 'The models of the loaded set, with headline metrics', security: SECURITY, response: { 200: ModelsResponse, ...errorResponses } } },
    function listModels(request) {
      const { manifest } = lifecycle.currentModels();
      return {
        requestId: request.id,
        version: manifest.version,
        createdAt: manifest.createdAt,
        best: manifest.best,
        branches: [...knownBranches(manifest)],
        models: manifest.models.map((m) => ({
          name: m.name,
          algorithm: m.algorithm,
          branch: m.branch,
          vocabularySize: m.vocabularySize,
          decoding: m.decoding,
          metrics: { n: m.metrics.n, accuracy: m.metrics.accuracy, macroF1: m.metrics.macroF1, mae: m.metrics.mae, withinOne: m.metrics.withinOne },
        })),
      };
    },
  );

  app.get(
    '/v1/models/:name',
    {
      schema: {
        tags: TAGS,
        summary: 'One model: algorithm, parameters, every metric (per class, per branch, confusion matrix)',
        security: SECURITY,
        params: ModelParams,
        response: { 200: ModelDetailResponse, ...errorResponses },
      },
    },
    function describeModel(request) {
      const set = lifecycle.currentModels();
      const { entry } = resolveModel(set, request.params.name);
      return { requestId: request.id, ...entry, version: set.manifest.version, isBest: entry.name === set.manifest.best };
    },
  );

  app.post(
    '/v1/models/:name/predict',
    {
      schema: {
        tags: TAGS,
        summary: 'Rate a batch of up to 1,000 reviews',
        description:
          'Each review gets its rating, the probability of each rating and the expected rating; with `explain=true`, also the `topTerms` terms that pushed the prediction most.',
        security: SECURITY,
        params: ModelParams,
        querystring: PredictQuery,
        body: PredictBody,
        response: { 200: PredictResponse, ...errorResponses },
      },
    },
    function predictBatch(request) {
      const set = lifecycle.currentModels();
      const model = resolveModel(set, request.params.name);
      const { explain = false, topTerms = EXPLANATION_TERMS.default } = request.query;
      const options = explain ? { explain: true, topTerms } : undefined;
      const reviews = request.body.reviews;
      checkBranches(set.manifest, reviews);
      const predictions: ReviewPrediction[] = new Array<ReviewPrediction>(reviews.length);
      const counts = [0, 0, 0, 0, 0];
      const logged = recorder && { request, route: LOGGED_ROUTES.v1, modelAsked: request.params.name, model, modelSetVersion: set.manifest.version, createdAt: Date.now() };
      for (let i = 0; i < reviews.length; i++) {
        const review = reviews[i] as { text: string; branch?: string };
        const started = performance.now();
        const p = model.predict(review.text, options);
        if (logged) recorder.record(logged, i, review.text, review.branch, p, performance.now() - started);
        (counts[p.rating - 1] as number)++;
        predictions[i] = toReviewPrediction(p);
      }
      for (let r = 0; r < 5; r++) if ((counts[r] as number) > 0) metrics.countPredictions(model.entry.name, (r + 1) as Rating, counts[r]);
      return { requestId: request.id, model: model.entry.name, version: set.manifest.version, predictions };
    },
  );
}
