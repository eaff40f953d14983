/**
 * @module http/lifecycle
 * The service's life: the model set it serves (swapped atomically on reload, each request keeping
 * the set it started with), whether it is ready, the requests in flight, and a graceful shutdown
 * (readiness fails at once, idle keep-alive sockets close, answers carry `Connection: close`,
 * in-flight requests finish within a bound, then the listener closes). Does not exit the process:
 * the CLI decides that.
 */
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { ReviewStarsError, errorCause } from '../core/errors.js';
import type { ModelSet } from '../registry/model-set.js';
import type { ServiceMetrics } from './metrics.js';

/** Why the service is or is not ready. */
export type ServiceState = 'loading' | 'ready' | 'load-failed' | 'shutting-down';

/** What a successful reload swapped. */
export interface ReloadResult {
  version: string;
  previousVersion: string | null;
  models: string[];
  durationMs: number;
}

/** How a shutdown went: `forced` when requests were still running at the time limit. */
export interface ShutdownResult {
  forced: boolean;
  durationMs: number;
}

/** Options of a ServiceLifecycle. */
export interface LifecycleOptions {
  /** Loads a model set (from disk in production); called at start and on each reload. */
  loadModels: () => Promise<ModelSet>;
  metrics: ServiceMetrics;
  log: FastifyBaseLogger;
  /** Longest wait for in-flight requests at shutdown (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Time to keep accepting new connections after shutdown begins (default 0: Kubernetes' preStop pause covers it). */
  drainDelayMs?: number;
  /**
   * How long after shutdown begins open keep-alive connections may still send a request (answered
   * with `Connection: close`) before the idle ones are closed (default 1 s; within the shutdown timeout).
   */
  idleGraceMs?: number;
}

const POLL_MS = 10;
const DEFAULT_IDLE_GRACE_MS = 1000;

/** Owns the model set, readiness, in-flight accounting and shutdown of one service. */
export class ServiceLifecycle {
  private set: ModelSet | undefined;
  private serviceState: ServiceState = 'loading';
  private readonly responsesInFlight = new Set<ServerResponse>();
  private readonly connections = new Set<Socket>();
  private loading: Promise<ReloadResult> | undefined;
  private shuttingDown: Promise<ShutdownResult> | undefined;
  private server: Server | undefined;
  private close: (() => Promise<void>) | undefined;
  private readonly options: Required<LifecycleOptions>;

  constructor(options: LifecycleOptions) {
    this.options = {
      ...options,
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
      drainDelayMs: options.drainDelayMs ?? 0,
      idleGraceMs: options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS,
    };
  }

  /** Binds the HTTP server (to count requests in flight) and how to close the app. */
  attach(server: Server, close: () => Promise<void>): void {
    this.server = server;
    this.close = close;
    // Tracked from the raw request to the raw response's close, aborted requests included. During
    // shutdown every answer closes its connection (Node then sends `Connection: close`).
    const responses = this.responsesInFlight;
    // One shared listener (no closure per request): `this` is the response that closed.
    const onClose = function (this: ServerResponse): void {
      responses.delete(this);
    };
    server.prependListener('request', (_req, res) => {
      if (this.serviceState === 'shutting-down') res.shouldKeepAlive = false;
      responses.add(res);
      res.on('close', onClose);
    });
    // Open connections, so that shutdown can wait for keep-alive clients to take their last answer.
    const connections = this.connections;
    const onSocketClose = function (this: Socket): void {
      connections.delete(this);
    };
    server.on('connection', (socket: Socket) => {
      connections.add(socket);
      socket.once('close', onSocketClose);
    });
  }

  /** The state readiness reports. */
  get state(): ServiceState {
    return this.serviceState;
  }

  /** True when models are loaded and shutdown has not begun. */
  get ready(): boolean {
    return this.serviceState === 'ready';
  }

  /** True once shutdown has begun. */
  get draining(): boolean {
    return this.serviceState === 'shutting-down';
  }

  /** Requests received and not yet answered (or aborted). */
  get inFlight(): number {
    return this.responsesInFlight.size;
  }

  /** The model set being served, if any. */
  get models(): ModelSet | undefined {
    return this.set;
  }

  /**
   * The model set to answer with, or NOT_READY (503) before the first load. The lifecycle is its
   * only owner: a handler asks once and keeps the answer, so a reload never changes a request halfway.
   */
  currentModels(): ModelSet {
    const set = this.set;
    if (set === undefined) throw new ReviewStarsError('NOT_READY', 'models are not loaded yet: retry shortly (GET /readyz says when)');
    return set;
  }

  /**
   * Loads the first model set. On failure the service stays not ready (reason load-failed) and the
   * loader's own error (e.g. MODEL_SET_NOT_FOUND) is thrown.
   */
  async loadInitial(): Promise<ReloadResult> {
    try {
      return await this.loadShared(false);
    } catch (err) {
      if (this.set === undefined && !this.draining) this.serviceState = 'load-failed';
      throw err;
    }
  }

  /**
   * Loads a model set and swaps it in; requests already running finish on the set they started
   * with. A set that fails to load or check is refused (RELOAD_FAILED, with the loader's code and
   * message as `cause`) and the current one stays. Concurrent calls share one load.
   */
  async reload(): Promise<ReloadResult> {
    try {
      return await this.loadShared(true);
    } catch (err) {
      const cause = errorCause(err);
      const previous = this.set?.manifest.version ?? null;
      const keeping = previous === null ? 'no model set is loaded' : `still serving model set ${previous}`;
      throw new ReviewStarsError('RELOAD_FAILED', `the model set could not be loaded (${cause.code}: ${cause.message}); ${keeping}`, { cause, version: previous });
    }
  }

  /** One load at a time; `isReload` says whether it counts in the reload metric (the start-up load does not). */
  private loadShared(isReload: boolean): Promise<ReloadResult> {
    this.loading ??= this.loadAndSwap(isReload).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadAndSwap(isReload: boolean): Promise<ReloadResult> {
    const started = performance.now();
    const previousVersion = this.set?.manifest.version ?? null;
    let next: ModelSet;
    try {
      next = await this.options.loadModels();
      checkModelSet(next);
    } catch (err) {
      if (isReload) this.options.metrics.countReload('failure');
      this.options.log.error({ cause: errorCause(err), previousVersion }, previousVersion === null ? 'model set could not be loaded' : 'model set refused; keeping the current one');
      throw err;
    }
    this.set = next;
    if (this.serviceState === 'loading' || this.serviceState === 'load-failed') this.serviceState = 'ready';
    const version = next.manifest.version;
    this.options.metrics.setModelSet(version, Date.now());
    if (isReload) this.options.metrics.countReload('success');
    const result: ReloadResult = { version, previousVersion, models: [...next.names], durationMs: Math.round((performance.now() - started) * 10) / 10 };
    this.options.log.info({ ...result, dir: next.dir }, previousVersion === null ? 'model set loaded' : 'model set reloaded');
    return result;
  }

  /**
   * Graceful shutdown: readiness fails now and every answer from now on carries `Connection: close`;
   * after the drain delay the listener stops accepting connections; open keep-alive connections may
   * still send a request until the idle grace ends (each is answered, then closed); then the idle
   * sockets are closed and, once in-flight requests are done (or the time limit passes), the app.
   * Idempotent.
   */
  shutdown(): Promise<ShutdownResult> {
    this.shuttingDown ??= this.drainAndClose();
    return this.shuttingDown;
  }

  private async drainAndClose(): Promise<ShutdownResult> {
    const started = performance.now();
    const deadline = started + this.options.shutdownTimeoutMs;
    this.serviceState = 'shutting-down';
    this.options.log.info({ inFlight: this.inFlight, timeoutMs: this.options.shutdownTimeoutMs }, 'shutting down: readiness fails, draining requests');
    for (const res of this.responsesInFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    // Idle keep-alive sockets are NOT closed yet: a client may be sending its next request at this
    // very moment, and closing a socket with a request in its receive buffer resets the connection.
    // Instead each one's next request is answered with `Connection: close`, which ends it cleanly.
    // The waits below hold the event loop open: once the listener is closed, nothing else may.
    if (this.options.drainDelayMs > 0) await sleep(Math.min(this.options.drainDelayMs, this.options.shutdownTimeoutMs), true);
    this.stopAccepting();
    const graceEnd = Math.min(deadline, Math.max(performance.now(), started + this.options.idleGraceMs));
    while (this.connections.size > 0 && performance.now() < graceEnd) await sleep(POLL_MS, true);
    // Clients that were going to send have sent by now: those still idle are closed (a FIN, nothing unread).
    this.server?.closeIdleConnections();
    while (this.inFlight > 0 && performance.now() < deadline) await sleep(POLL_MS, true);
    let forced = this.inFlight > 0;
    if (this.close) {
      const closed = this.close().then(() => true);
      const timedOut = sleep(Math.max(0, deadline - performance.now())).then(() => false);
      if (!(await Promise.race([closed, timedOut]))) {
        forced = true;
        this.server?.closeAllConnections();
        await closed;
      }
    }
    // A request that slipped in as the idle sockets closed is answered (with Connection: close) before the process may exit.
    while (this.connections.size > 0 && performance.now() < deadline) await sleep(POLL_MS, true);
    if (this.connections.size > 0) {
      forced = true;
      this.server?.closeAllConnections();
    }
    const durationMs = Math.round(performance.now() - started);
    this.options.log.info({ forced, durationMs }, forced ? 'shut down with requests cut at the time limit' : 'shut down cleanly');
    return { forced, durationMs };
  }

  /**
   * Stops accepting connections but keeps the open ones (http.Server#close would also close the
   * idle ones at once, which is what the idle grace avoids); the app's close later finishes the job.
   */
  private stopAccepting(): void {
    if (this.server?.listening) NetServer.prototype.close.call(this.server);
  }
}

/** A loaded set must resolve every name it lists and its `best` alias. */
function checkModelSet(set: ModelSet): void {
  if (set.names.length === 0) throw new ReviewStarsError('MODEL_SET_INVALID', `model set ${set.dir} has no models`);
  for (const name of [...set.names, 'best']) {
    if (set.get(name) === undefined) throw new ReviewStarsError('MODEL_SET_INVALID', `model set ${set.dir} lists ${name} but cannot load it`);
  }
}

/** Resolves after `ms`; the timer keeps the process alive only when `holdLoop` is true. */
function sleep(ms: number, holdLoop = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (!holdLoop) timer.unref();
  });
}

/**
 * Wires process signals: SIGTERM and SIGINT shut down then call `exit(0)` (1 when requests had to
 * be cut); SIGHUP reloads the model set (a refused set is logged, the current one stays) and runs
 * `onHangUp` beside it (the serve command re-reads its users file there); `onHangUp` must handle
 * and log its own failures. Returns a function that removes the handlers.
 */
export function handleSignals(lifecycle: ServiceLifecycle, log: FastifyBaseLogger, exit: (code: number) => void, onHangUp?: () => Promise<void>): () => void {
  const onStop = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'stop signal received');
    lifecycle.shutdown().then(
      (result) => exit(result.forced ? 1 : 0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  const onReloadSignal = (): void => {
    log.info({ signal: 'SIGHUP' }, 'reload signal received');
    lifecycle.reload().catch(() => {
      // loadAndSwap has logged why; the current set stays.
    });
    void onHangUp?.();
  };
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onReloadSignal);
  return () => {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    process.off('SIGHUP', onReloadSignal);
  };
}

/**
 * Makes an error nothing caught (a bug: an exception thrown out of a callback, or a rejected promise
 * nobody handles, which Node.js 20 turns into one) end the process the way an orchestrator expects:
 * one `fatal` JSON line with the error, then `exit(1)`, which the CLI makes flush the log first. The
 * process state is unknown after such an error, so it does not try a graceful shutdown: the
 * replicas behind the load balancer take the traffic while this one restarts. Returns a function
 * that removes the handler.
 */
export function handleFatalErrors(log: FastifyBaseLogger, exit: (code: number) => void): () => void {
  const onFatal = (err: Error, origin: NodeJS.UncaughtExceptionOrigin): void => {
    try {
      log.fatal({ err, origin }, 'uncaught error: exiting');
    } finally {
      exit(1);
    }
  };
  process.on('uncaughtException', onFatal);
  return () => {
    process.off('uncaughtException', onFatal);
  };
}
