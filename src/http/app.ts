/**
 * @module http/app
 * Builds the review-stars HTTP service: Fastify with TypeBox route schemas, strict request
 * parsing, one error mapping, Basic auth scopes (public, reader, admin) that also accept a console
 * session, the console's page and sign-in, Prometheus metrics, access logs, OpenAPI docs, and the
 * lifecycle that loads, swaps and drains. It does not listen,
 * load models or handle signals by itself: see http/server for that.
 */
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pino, type Logger } from 'pino';
import { Authenticator, type AuthenticatorOptions } from '../auth/authenticator.js';
import type { UserStore } from '../auth/user-store.js';
import { DEFAULT_SESSION_TTL_MS, SessionKeeper, generateSessionSecret } from '../auth/session.js';
import type { ModelSet } from '../registry/model-set.js';
import { packageVersion } from '../core/package-info.js';
import { requireRole } from './auth.js';
import { AllowedMethods } from './allowed-methods.js';
import type { RouteContext, TypedApp } from './context.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './errors.js';
import { ServiceLifecycle } from './lifecycle.js';
import { AccessLogController, requestIdFor } from './logging.js';
import { ServiceMetrics } from './metrics.js';
import { checkHost, checkQuery, installJsonBodyParser, parseQueryString } from './request-parsing.js';
import { LIMITS } from './schemas.js';
import { typeboxValidatorCompiler } from './validation.js';
import { registerCompatRoutes, registerWelcomeRoute } from './routes/compat.js';
import { registerAdminRoutes, registerMetricsRoute, registerProbeRoutes } from './routes/operations.js';
import { registerV1Routes } from './routes/v1.js';
import { registerSessionRoutes } from './console/session-routes.js';
import { readConsoleFiles, registerStaticRoutes } from './console/static-files.js';
import { registerFeedbackRoute } from './routes/feedback.js';
import { PredictionRecorder } from './prediction-recorder.js';
import type { PredictionLog } from '../store/prediction-log.js';
import type { Store } from '../store/store.js';
import { registerMonitoringRoute } from './routes/monitoring.js';
import type { MonitoringSource } from '../monitoring/source.js';
import { registerMonitoringGauges } from './monitoring-metrics.js';

/** Everything buildApp needs; only `loadModels` and `users` are required. */
export interface AppOptions {
  /** Loads the model set to serve; called at start (lifecycle.loadInitial) and on every reload. */
  loadModels: () => Promise<ModelSet>;
  /** Who may call the API. */
  users: UserStore;
  /** The pino logger; silent when absent. */
  logger?: Logger;
  /** Cache, rate-limit and concurrency tuning of authentication. */
  auth?: AuthenticatorOptions;
  /**
   * Proxies whose X-Forwarded-For is believed for client addresses (rate limiting): comma-separated
   * addresses, CIDRs or proxy-addr names such as `loopback`, `uniquelocal`. None by default.
   */
  trustProxy?: string;
  /** Longest wait for in-flight requests at shutdown (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Time to keep accepting connections once shutdown begins (default 0). */
  drainDelayMs?: number;
  /** Time open keep-alive connections may still send a request once shutdown begins (default 1 s). */
  idleGraceMs?: number;
  /** Whether to export Node's process metrics (default true). */
  processMetrics?: boolean;
  /** The prediction log that /v1/monitoring and the monitoring gauges read; without it they have nothing to show. */
  monitoring?: MonitoringSource;
  /** The web console: where its built files are, and its sessions. */
  console?: ConsoleOptions;
  /** The store for feedback; absent: feedback answers 501 STORE_DISABLED. */
  store?: Store;
  /** Where every prediction is logged; absent: predictions are not logged. */
  predictionLog?: PredictionLog;
  /** Also log the raw review text (default false: only its hash and length). */
  logText?: boolean;
}

/** Options of the web console (`/ui/`). */
export interface ConsoleOptions {
  /** Folder of the built console (index.html, assets/); without it `/ui/` says it is not built. */
  filesDir?: string;
  /** Key that signs sessions (at least 32 bytes); random per process when absent. */
  sessionSecret?: Buffer;
  /** Session length (default 8 h). */
  sessionTtlMs?: number;
}

/** A built service: the Fastify app and the parts that drive it. */
export interface ReviewStarsApp {
  app: TypedApp;
  lifecycle: ServiceLifecycle;
  authenticator: Authenticator;
  metrics: ServiceMetrics;
}

/** Largest request line plus headers: a 20,000-character comment fits even fully %-encoded. */
const MAX_HEADER_BYTES = 256 * 1024;

/** Builds the app (routes registered, nothing loaded, not listening). */
export async function buildApp(options: AppOptions): Promise<ReviewStarsApp> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = new ServiceMetrics({ processMetrics: options.processMetrics });
  const app = Fastify({
    loggerInstance: logger,
    logController: new AccessLogController(logger, (method, route, status, seconds) => metrics.observeRequest(method, route, status, seconds)),
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: LIMITS.maxBodyBytes,
    routerOptions: { querystringParser: parseQueryString, maxParamLength: LIMITS.maxModelNameLength },
    // Node would answer a missing Host with an empty 400; checkHost answers it in JSON.
    http: { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false },
    requestTimeout: 30_000,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as TypedApp;

  const authenticator = new Authenticator(options.users, options.auth);
  const lifecycle = new ServiceLifecycle({
    loadModels: options.loadModels,
    metrics,
    log: app.log,
    shutdownTimeoutMs: options.shutdownTimeoutMs,
    drainDelayMs: options.drainDelayMs,
    idleGraceMs: options.idleGraceMs,
  });
  lifecycle.attach(app.server, () => app.close());
  const recorder = options.predictionLog === undefined ? undefined : new PredictionRecorder(options.predictionLog, options.logText ?? false);
  if (options.predictionLog !== undefined) metrics.trackPredictionLog(options.predictionLog);
  const context: RouteContext = { lifecycle, metrics, authenticator, recorder, store: options.store };
  const sessions = new SessionKeeper({
    secret: options.console?.sessionSecret ?? generateSessionSecret(),
    ttlMs: options.console?.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
  });
  if (options.monitoring !== undefined) registerMonitoringGauges(metrics, options.monitoring, () => lifecycle.models, logger);

  app.setValidatorCompiler(typeboxValidatorCompiler);
  const routes = new AllowedMethods();
  routes.learnFrom(app);
  installErrorHandling(app, routes);
  installJsonBodyParser(app, LIMITS.maxBodyBytes);
  app.decorateRequest('principal', undefined);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    checkHost(request);
    checkQuery(request);
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'review-stars',
        version: packageVersion(),
        description: 'Predicts the star rating (1-5) of a Disneyland park review. HTTP Basic auth on every route except /, /healthz, /readyz, /docs and /openapi.json.',
      },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } } },
      tags: [
        { name: 'original', description: "The original project's routes, unchanged for its clients" },
        { name: 'v1', description: 'Model metadata, batch predictions and feedback' },
        { name: 'operations', description: 'Probes and metrics' },
        { name: 'admin', description: 'Administration (admin role)' },
        { name: 'console', description: 'Sign-in and sign-out of the web console (/ui/)' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  // Parses cookies only: sessions are signed by auth/session.
  await app.register(cookie);
  registerWelcomeRoute(app);
  registerSessionRoutes(app, context, sessions);
  registerStaticRoutes(app, options.console?.filesDir === undefined ? undefined : readConsoleFiles(options.console.filesDir));
  registerProbeRoutes(app, context);
  await app.register(async (scope) => {
    const readers = scope as unknown as TypedApp;
    readers.addHook('onRequest', requireRole(authenticator, metrics, 'reader', sessions));
    registerCompatRoutes(readers, context);
    registerV1Routes(readers, context);
    registerFeedbackRoute(readers, context);
    registerMonitoringRoute(readers, context, options.monitoring);
    registerMetricsRoute(readers, context);
  });
  await app.register(async (scope) => {
    const admins = scope as unknown as TypedApp;
    admins.addHook('onRequest', requireRole(authenticator, metrics, 'admin', sessions));
    registerAdminRoutes(admins, context);
  });

  return { app, lifecycle, authenticator, metrics };
}
