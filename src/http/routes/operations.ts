/**
 * @module http/routes/operations
 * Routes for the platform rather than for users: liveness, readiness (models loaded and not
 * shutting down), Prometheus metrics, the OpenAPI document, and the admin reload.
 */
import { HealthResponse, ReadyResponse, ReloadResponse, errorResponses } from '../schemas.js';
import type { RouteContext, TypedApp } from '../context.js';

const TAGS = ['operations'];

/** `/healthz`, `/readyz`, `/openapi.json`: public. */
export function registerProbeRoutes(app: TypedApp, context: RouteContext): void {
  const { lifecycle } = context;

  app.get('/healthz', { schema: { tags: TAGS, summary: 'Liveness: 200 while the process runs', response: { 200: HealthResponse } } }, function alive() {
    return { status: 'alive' as const };
  });

  app.get(
    '/readyz',
    { schema: { tags: TAGS, summary: 'Readiness: 200 once models are loaded, 503 before and from the start of shutdown', response: { 200: ReadyResponse, 503: ReadyResponse } } },
    function readiness(_request, reply) {
      if (lifecycle.ready) return { status: 'ready' as const, version: lifecycle.models?.manifest.version };
      reply.code(503);
      return { status: 'not-ready' as const, reason: lifecycle.state, version: lifecycle.models?.manifest.version };
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, function openApiDocument() {
    return app.swagger();
  });
}

/** `/metrics`: register on a scope that requires a reader. */
export function registerMetricsRoute(app: TypedApp, context: RouteContext): void {
  const { metrics } = context;
  app.get(
    '/metrics',
    { schema: { tags: TAGS, summary: 'Prometheus metrics (text exposition format)', security: [{ basicAuth: [] }], produces: ['text/plain'] } },
    async function prometheusMetrics(_request, reply) {
      const body = await metrics.render();
      return reply.type(metrics.contentType).send(body);
    },
  );
}

/** `POST /v1/admin/reload`: register on a scope that requires an admin. */
export function registerAdminRoutes(app: TypedApp, context: RouteContext): void {
  const { lifecycle } = context;
  app.post(
    '/v1/admin/reload',
    {
      schema: {
        tags: ['admin'],
        summary: 'Load the model set from disk again and swap it in atomically (admin role)',
        description: 'Requests in flight finish on the old set. A set that fails to load is refused with 409 RELOAD_FAILED and the old one keeps serving.',
        security: [{ basicAuth: [] }],
        response: { 200: ReloadResponse, ...errorResponses },
      },
    },
    function reloadModels() {
      return lifecycle.reload();
    },
  );
}
