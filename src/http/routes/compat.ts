/**
 * @module http/routes/compat
 * The original project's four routes, with its exact paths, query parameters and response keys, so
 * that its clients (Python `requests` with `auth=(user, password)`) keep working unchanged. Unlike
 * the original, an unknown model is a 404 and an empty comment a 422, both with JSON error bodies.
 */
import { PerformanceQuery, PerformanceResponse, PermissionResponse, PredictionQuery, PredictionResponse, RootResponse, errorResponses } from '../schemas.js';
import { resolveModel, type RouteContext, type TypedApp } from '../context.js';
import { LOGGED_ROUTES } from '../prediction-recorder.js';

const TAGS = ['original'];
const SECURITY = [{ basicAuth: [] }];

/** `GET /`: public welcome. */
export function registerWelcomeRoute(app: TypedApp): void {
  app.get(
    '/',
    { schema: { tags: TAGS, summary: 'Welcome message (no authentication)', response: { 200: RootResponse } } },
    function welcome() {
      return { 'welcome to': 'Disneyland review rating prediction API', 'service status': 'Online' } as const;
    },
  );
}

/** `/permission`, `/performance`, `/prediction`: register them on a scope that requires a reader. */
export function registerCompatRoutes(app: TypedApp, context: RouteContext): void {
  const { lifecycle, metrics, recorder } = context;

  app.get(
    '/permission',
    { schema: { tags: TAGS, summary: 'Check credentials', security: SECURITY, response: { 200: PermissionResponse, ...errorResponses } } },
    function confirmCredentials() {
      return { credentials: 'valid' } as const;
    },
  );

  app.get(
    '/performance',
    {
      schema: {
        tags: TAGS,
        summary: "A model's accuracy on its test split, rounded to 2 places",
        security: SECURITY,
        querystring: PerformanceQuery,
        response: { 200: PerformanceResponse, ...errorResponses },
      },
    },
    function modelScore(request) {
      const name = request.query.model_name;
      const model = resolveModel(lifecycle.currentModels(), name);
      return { model: name, score: Math.round(model.entry.metrics.accuracy * 100) / 100 };
    },
  );

  app.get(
    '/prediction',
    {
      schema: {
        tags: TAGS,
        summary: 'Predict the rating (1-5) of one review',
        security: SECURITY,
        querystring: PredictionQuery,
        response: { 200: PredictionResponse, ...errorResponses },
      },
    },
    function predictComment(request) {
      const { model_name: name, comment } = request.query;
      const set = lifecycle.currentModels();
      const model = resolveModel(set, name);
      const started = performance.now();
      const prediction = model.predict(comment);
      const latencyMs = performance.now() - started;
      metrics.countPredictions(model.entry.name, prediction.rating);
      recorder?.record(
        { request, route: LOGGED_ROUTES.compat, modelAsked: name, model, modelSetVersion: set.manifest.version, createdAt: Date.now() },
        0,
        comment,
        undefined,
        prediction,
        latencyMs,
      );
      return { model: name, comment, 'rating prediction': String(prediction.rating) };
    },
  );
}
