/**
 * @module http/logging
 * JSON logs (pino) for the service: one access line per answered request (request id, method,
 * route template, status, time) instead of Fastify's two, request ids taken from a sane
 * `X-Request-Id` or generated, and redaction of every credential path as a second guard: the
 * serializers here never read headers, bodies or query strings, so secrets and review texts stay
 * out of the log.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { packageVersion } from '../core/package-info.js';
import { LineBatcher } from './line-batcher.js';

/**
 * Paths pino blanks out (the serializers already leave them out). Explicit paths only: wildcards
 * would double the cost of every log line.
 */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'authorization', 'password'];

/** Log levels a user may choose. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** How access lines of a logger made by createLogger are written: its fixed fields and its stream. */
interface AccessLineWriter {
  /** The base fields as JSON members, e.g. `"service":"review-stars",...,"pid":7`. */
  base: string;
  destination: DestinationStream;
}

const accessLineWriters = new WeakMap<Logger, AccessLineWriter>();

/**
 * Standard output for the service's logs: lines gathered into chunks of 4 KiB (LineBatcher), written
 * at least every 250 ms, so that a busy service makes one write call per ~15 lines instead of one per
 * line, while a quiet one still shows its lines within 250 ms. The writes are synchronous (pino's own
 * default; sonic-boom does them, retrying a full pipe): one costs ~3-5 us of CPU, where an
 * asynchronous one costs 25-50 us (the hand-over to libuv's thread pool and back), which was ~3 us
 * of every request. Call flushSync() before exiting.
 */
export function createStdoutDestination(): LineBatcher {
  return new LineBatcher(pino.destination({ dest: 1, sync: true, minLength: 0 }));
}

/** Creates the service logger; `destination` defaults to createStdoutDestination(). */
export function createLogger(options: { level?: LevelWithSilent; destination?: DestinationStream } = {}): Logger {
  const base = { service: 'review-stars', serviceVersion: packageVersion(), pid: process.pid };
  const destination = options.destination ?? createStdoutDestination();
  const logger = pino(
    {
      level: options.level ?? 'info',
      base,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
  accessLineWriters.set(logger, { base: JSON.stringify(base).slice(1, -1), destination });
  return logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ID_PREFIX = randomBytes(4).toString('hex');
let nextId = 0;

/**
 * Fastify's `genReqId`: the client's `X-Request-Id` when it is short and plain (so one id follows a
 * request across services), else `<process prefix>-<counter>`.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
  return newRequestId();
}

/** A fresh `<process prefix>-<counter>` id, also for answers to requests Node could not parse. */
export function newRequestId(): string {
  nextId = (nextId + 1) % Number.MAX_SAFE_INTEGER;
  return `${ID_PREFIX}-${nextId.toString(36)}`;
}

/**
 * Told of every answered request: its method, route template (undefined when no route matched),
 * status and time in seconds. The service's metrics are one.
 */
export type RequestObserver = (method: string, route: string | undefined, status: number, seconds: number) => void;

/**
 * Fastify's per-request logging, reduced to one line per answered request at `info` (no line on
 * arrival) with fields that are cheap to write and safe to keep: never headers, query or body.
 * For a logger made by createLogger the line is written straight to its stream, in the same format
 * pino would write (its per-call work would be a fifth of a request's cost); any other logger gets
 * it through pino. Fastify calls it once per answered request, after any onResponse hook, so it
 * also hands the outcome to an optional RequestObserver: one place reads the route and the time,
 * where an onResponse hook for the metrics would cost a hook run and a second route lookup.
 */
export class AccessLogController extends LogController {
  private readonly writer: AccessLineWriter | undefined;

  /** `logger` is the app's root logger; `observe`, if given, is told of every answered request. */
  constructor(
    private readonly logger: Logger,
    private readonly observe?: RequestObserver,
  ) {
    super({ requestIdLogLabel: 'reqId' });
    this.writer = accessLineWriters.get(logger);
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // Fastify builds a new options object on every read of routeOptions: read it once.
    const template = request.routeOptions.url;
    const elapsedMs = reply.elapsedTime;
    this.observe?.(request.method, template, reply.statusCode, elapsedMs / 1000);
    const route = template ?? null;
    const ms = Math.round(elapsedMs * 1000) / 1000;
    const code = request.errorCode;
    const user = request.principal?.name;
    if (error) {
      request.log.error({ method: request.method, route, status: reply.statusCode, ms, code, user, err: error }, 'request failed');
      return;
    }
    if (this.writer === undefined) {
      request.log.info({ method: request.method, route, status: reply.statusCode, ms, code, user }, 'request');
      return;
    }
    if (!this.logger.isLevelEnabled('info')) return;
    const optional = (code === undefined ? '' : `,"code":${JSON.stringify(code)}`) + (user === undefined ? '' : `,"user":${JSON.stringify(user)}`);
    this.writer.destination.write(
      `{"level":"info","time":${Date.now()},${this.writer.base},"reqId":${JSON.stringify(String(request.id))},"method":${JSON.stringify(request.method)},` +
        `"route":${JSON.stringify(route)},"status":${reply.statusCode},"ms":${ms}${optional},"msg":"request"}\n`,
    );
  }

  override routeNotFound(): void {}
}
