/**
 * @module http/errors
 * The one place where failures become HTTP answers: ReviewStarsError codes map to their catalogue
 * status, Fastify's own errors (media type, body size, JSON, validation, bad URL) to stable 4xx
 * codes, and anything else to a 500 INTERNAL that leaks nothing. Bodies are `{code, message, ...}`.
 * Also answers connection-level parse errors that never reach Fastify. Never echoes credentials.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, ReviewStarsError, isReviewStarsError, type ErrorCode } from '../core/errors.js';
import type { AllowedMethods } from './allowed-methods.js';
import { newRequestId } from './logging.js';
import { LIMITS } from './schemas.js';
import { REPEATED_KEYWORD } from './validation.js';

/** The realm sent in `WWW-Authenticate` with every 401. */
export const AUTH_REALM = 'review-stars';
export const WWW_AUTHENTICATE = `Basic realm="${AUTH_REALM}"`;

/** An error answer ready to send. */
export interface ErrorAnswer {
  status: number;
  body: { code: ErrorCode; message: string; [key: string]: unknown };
  headers: Record<string, string>;
}

/** Fastify's error codes that are client mistakes, with our code and a clearer message. */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message?: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'unsupported Content-Type: send the body as application/json (UTF-8)' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${LIMITS.maxBodyBytes} bytes` },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_REQUEST', message: 'request body is empty but Content-Type is application/json: send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_REQUEST', message: 'request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_REQUEST', message: 'request body size does not match Content-Length' },
  FST_ERR_BAD_URL: { code: 'INVALID_REQUEST', message: 'the URL path is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'INVALID_REQUEST', message: `a path parameter is longer than ${LIMITS.maxModelNameLength} characters` },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'INVALID_REQUEST' },
};

/** Our code for a bare 4xx status from a library. */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
};

/** Validation keywords that, on the `comment` field, mean it is missing or blank. */
const EMPTY_KEYWORDS = new Set(['required', 'minLength', 'pattern']);

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns any thrown value into the answer to send (pure: no logging, no I/O). */
export function toErrorAnswer(err: unknown): ErrorAnswer {
  if (isReviewStarsError(err)) return answer(err.code, err.message, err.details);
  const fastifyError = (typeof err === 'object' && err !== null ? err : {}) as Partial<FastifyError> & { validation?: ValidationIssue[]; validationContext?: string };
  if (Array.isArray(fastifyError.validation)) return validationAnswer(fastifyError.validation, fastifyError.validationContext ?? 'request', fastifyError.message ?? '');
  const known = typeof fastifyError.code === 'string' ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return answer(known.code, known.message ?? fastifyError.message ?? known.code);
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // A library's client error (e.g. JSON prototype poisoning): its message is meant for clients.
    const code = CODE_BY_STATUS[status] ?? 'INVALID_REQUEST';
    return { ...answer(code, fastifyError.message || STATUS_CODES[status] || 'bad request'), status };
  }
  return answer('INTERNAL', 'internal error: the service failed to answer this request; quote the request id when reporting it');
}

function answer(code: ErrorCode, message: string, details: Record<string, unknown> = {}): ErrorAnswer {
  const headers: Record<string, string> = {};
  if (code === 'UNAUTHORIZED') headers['www-authenticate'] = WWW_AUTHENTICATE;
  if (code === 'METHOD_NOT_ALLOWED' && Array.isArray(details.allow)) headers.allow = details.allow.join(', ');
  const retryAfter = details.retryAfterSeconds;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  const body: ErrorAnswer['body'] = { code, message };
  for (const [key, value] of Object.entries(details)) if (key !== 'code' && key !== 'message') body[key] = value;
  return { status: ERROR_STATUS[code], body, headers };
}

function validationAnswer(issues: ValidationIssue[], context: string, fallback: string): ErrorAnswer {
  // "schema is false" duplicates the additionalProperties issue beside it: keep the clearer one.
  const useful = issues.some((i) => i.keyword !== 'boolean') ? issues.filter((i) => i.keyword !== 'boolean') : issues;
  const fields = useful.flatMap((issue) => fieldsOf(issue).map((field) => ({ in: context, field, keyword: issue.keyword, message: describe(issue, field, context) })));
  if (context === 'querystring' && fields.length > 0 && fields.every((f) => f.field === 'comment' && EMPTY_KEYWORDS.has(f.keyword))) {
    return answer('EMPTY_COMMENT', 'comment must not be empty: pass the review text as ?comment=...', { field: 'comment' });
  }
  // One entry per field, its first problem: "" is both too short and blank, but one fix cures both.
  const seen = new Set<string>();
  const errors = fields.filter((f) => !seen.has(f.field) && seen.add(f.field)).map(({ keyword: _keyword, ...rest }) => rest);
  return answer('VALIDATION_FAILED', errors[0] ? `invalid ${context}: ${errors[0].message}` : fallback, { errors });
}

/** The fields an issue is about, as dotted paths ("reviews.3.text"); "" for the whole value. */
function fieldsOf(issue: ValidationIssue): string[] {
  const base = issue.instancePath.split('/').filter((p) => p !== '').join('.');
  const join = (name: string): string => (base === '' ? name : `${base}.${name}`);
  const missing = issue.params.requiredProperties ?? issue.params.missingProperty;
  if (issue.keyword === 'required' && (Array.isArray(missing) || typeof missing === 'string')) return ([] as unknown[]).concat(missing).map((m) => join(String(m)));
  const extra = issue.params.additionalProperties ?? issue.params.additionalProperty;
  if (issue.keyword === 'additionalProperties' && (Array.isArray(extra) || typeof extra === 'string')) return ([] as unknown[]).concat(extra).map((e) => join(String(e)));
  return [base];
}

function describe(issue: ValidationIssue, field: string, context: string): string {
  if (issue.keyword === 'required') return `${field} is required`;
  if (issue.keyword === REPEATED_KEYWORD) return `${field} is given ${String(issue.params.count)} times: pass it once`;
  if (issue.keyword === 'additionalProperties') return `${field} is not an accepted field`;
  if (issue.keyword === 'pattern') return `${field || context} must hold a visible character (not only spaces, zero-width or combining characters) and no control characters but tab and line breaks`;
  return `${field || context} ${issue.message ?? 'is invalid'}`;
}

/** Sends `err` as an error answer (also used for framework errors raised outside routes). */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers } = toErrorAnswer(err);
  if (status >= 500 && !isReviewStarsError(err)) {
    request.log.error({ err }, 'request failed with an unexpected error');
  } else if (status >= 500) {
    request.log.warn({ code: body.code, message: body.message }, 'request failed');
  }
  request.errorCode = body.code;
  return reply
    .code(status)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send({ ...body, requestId: String(request.id) });
}

/**
 * Installs the error handler, the not-found handler (405 with `Allow` when the path exists for
 * other methods, as `routes` knows them; 404 otherwise), and the handler of framework-level errors.
 */
export function installErrorHandling(app: FastifyInstance, routes: AllowedMethods): void {
  app.decorateRequest('errorCode', undefined);
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler(function answerNoRoute(request, reply) {
    const path = request.url.split('?', 1)[0] ?? '';
    const shown = path.length > 100 ? `${path.slice(0, 100)}...` : path;
    const allow = routes.allowedOn(path);
    if (allow.length > 0) {
      const message = `${request.method} is not allowed on ${shown}: use ${allow.join(', ')}`;
      return sendError(new ReviewStarsError('METHOD_NOT_ALLOWED', message, { allow }), request, reply);
    }
    return sendError(new ReviewStarsError('NOT_FOUND', `no route ${request.method} ${shown}: see /docs for the API`), request, reply);
  });
}

/** Fastify's `frameworkErrors` option: bad URLs and the like, answered like every other error. */
export function frameworkErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(err, request, reply);
}

/**
 * Node's `clientError` handler (malformed request line or headers, headers too large, timeouts):
 * answers with a JSON error body and closes the connection, as Node's default does without a body.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'INVALID_REQUEST';
  const message =
    code === 'REQUEST_TIMEOUT'
      ? 'the request was not received in time'
      : code === 'HEADERS_TOO_LARGE'
        ? 'the request line and headers are too large (a long comment belongs in POST /v1/models/{name}/predict)'
        : 'the request is not valid HTTP/1.1';
  const status = ERROR_STATUS[code];
  // No request was parsed, so none of its headers (a client's X-Request-Id) can be trusted: a fresh id.
  const requestId = newRequestId();
  const body = JSON.stringify({ code, message, requestId });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code this request was answered with, for the access log. */
    errorCode: string | undefined;
  }
}
