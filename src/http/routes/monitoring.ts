/**
 * @module http/routes/monitoring
 * `GET /v1/monitoring`: live quality and drift per model, model-set version and window, built by
 * monitoring/report from the prediction log (the MonitoringSource given at app build time) and
 * the loaded set's references. Without a source (--store none) it answers 501 STORE_DISABLED, as feedback does.
 */
import { ReviewStarsError } from '../../core/errors.js';
import { monitoringReport } from '../../monitoring/report.js';
import type { MonitoringSource } from '../../monitoring/source.js';
import { parseSince } from '../../monitoring/windows.js';
import { MonitoringQuery, MonitoringResponse, errorResponses } from '../schemas.js';
import { resolveModel, type RouteContext, type TypedApp } from '../context.js';

/** Registers the monitoring route on a scope that requires a reader. */
export function registerMonitoringRoute(app: TypedApp, context: RouteContext, source: MonitoringSource | undefined): void {
  const { lifecycle } = context;
  app.get(
    '/v1/monitoring',
    {
      schema: {
        tags: ['v1'],
        summary: 'Live quality and drift per model, model-set version and time window',
        description:
          'Predictions, feedback coverage, accuracy / macro-F1 / MAE / within-one on the predictions with feedback, and drift of the predicted ratings, probability entropy, text length and out-of-vocabulary share against the reference written at training.',
        security: [{ basicAuth: [] }],
        querystring: MonitoringQuery,
        response: { 200: MonitoringResponse, ...errorResponses },
      },
    },
    async function monitoringHandler(request) {
      if (source === undefined) {
        throw new ReviewStarsError('STORE_DISABLED', 'this service runs without a store (--store none): it logs no predictions, so there is nothing to monitor');
      }
      const set = lifecycle.currentModels();
      const { model, window = '1d', since = '7d' } = request.query;
      if (model !== undefined) resolveModel(set, model);
      const until = Date.now();
      const report = await monitoringReport(source, set, { ...(model === undefined ? {} : { model }), window, since: parseSince(since, until), until });
      return { requestId: request.id, ...report };
    },
  );
}
