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
import { packageVersion } from '../util/package-info.js';

/**
 * Paths pino blanks out (the serializers already leave them out). Explicit paths only: wildcards
 * would double the cost of every log line.
 */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'authorization', 'password'];

/** Log levels a user may choose. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Creates the service logger; `destination` defaults to stdout (asynchronous writes). */
export function createLogger(options: { level?: LevelWithSilent; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'review-stars', serviceVersion: packageVersion(), pid: process.pid },
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
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
  nextId = (nextId + 1) % Number.MAX_SAFE_INTEGER;
  return `${ID_PREFIX}-${nextId.toString(36)}`;
}

/**
 * Fastify's per-request logging, reduced to one line per answered request at `info` (no line on
 * arrival) with fields that are cheap to write and safe to keep: never headers, query or body.
 */
export class AccessLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'reqId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 1000) / 1000,
      code: request.errorCode,
      user: request.principal?.name,
    };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request');
  }

  override routeNotFound(): void {}
}
