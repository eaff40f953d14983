/**
 * @module http/request-parsing
 * Strict decoding of what clients send before any schema sees it: query strings must be valid
 * percent-encoded UTF-8 without control characters (Fastify's default parser would pass `%FF`
 * through as text), and the only body type is JSON in UTF-8 (no text/plain, no other charset, no
 * invalid bytes). Parsing never throws into the router: problems are recorded and answered as 400s
 * by the hooks here.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ReviewStarsError } from '../core/errors.js';

/** Set on a parsed query object when the query string could not be decoded. */
const QUERY_PROBLEM = Symbol('queryProblem');

type ParsedQuery = Record<string, string | string[]> & { [QUERY_PROBLEM]?: string };

/**
 * Escapes of the control characters refused in values (%00-%1F and %7F, except tab %09, line feed
 * %0A and carriage return %0D). Checked on the raw string: raw control characters are refused by
 * RAW_QUERY_OK, and no other escape decodes to one.
 */
const CONTROL_ESCAPE = /%(?:0[0-8BbCcEeFf]|1[0-9A-Fa-f]|7[Ff])/;

/** Characters allowed raw in a query string (printable ASCII; everything else must be %-encoded). */
const RAW_QUERY_OK = /^[\x21-\x7e]*$/;

/**
 * Fastify's `querystringParser`: `a=1&b=x+y&b=%C3%A9` -> `{a: '1', b: ['x y', 'é']}` on a
 * null-prototype object. An undecodable string yields the pairs read so far plus a recorded problem.
 */
export function parseQueryString(query: string): Record<string, unknown> {
  const out = Object.create(null) as ParsedQuery;
  if (query.length === 0) return out;
  if (!RAW_QUERY_OK.test(query)) {
    out[QUERY_PROBLEM] = 'the query string has raw spaces, control or non-ASCII characters: percent-encode them';
    return out;
  }
  if (CONTROL_ESCAPE.test(query)) {
    out[QUERY_PROBLEM] = 'the query string holds control characters (only tab, line feed and carriage return are allowed)';
    return out;
  }
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    if (end > start) {
      const eq = query.indexOf('=', start);
      const keyEnd = eq === -1 || eq > end ? end : eq;
      const key = decodeComponent(query.slice(start, keyEnd));
      const value = keyEnd === end ? '' : decodeComponent(query.slice(keyEnd + 1, end));
      if (key === undefined || value === undefined) {
        out[QUERY_PROBLEM] = 'the query string is not valid percent-encoded UTF-8';
        return out;
      }
      const existing = out[key];
      if (existing === undefined) out[key] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else out[key] = [existing, value];
    }
    start = end + 1;
  }
  return out;
}

function decodeComponent(raw: string): string | undefined {
  const text = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Throws INVALID_REQUEST when the request's query string could not be decoded. */
export function checkQuery(request: FastifyRequest): void {
  const problem = (request.query as ParsedQuery | undefined)?.[QUERY_PROBLEM];
  if (problem !== undefined) throw new ReviewStarsError('INVALID_REQUEST', problem);
}

/** Throws INVALID_REQUEST for an HTTP/1.1 request without a Host header (RFC 9112 requires one). */
export function checkHost(request: FastifyRequest): void {
  const raw = request.raw;
  if (raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1 && request.headers.host === undefined) {
    throw new ReviewStarsError('INVALID_REQUEST', 'an HTTP/1.1 request needs a Host header');
  }
}

const JSON_CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * Replaces Fastify's body parsers with one: `application/json`, UTF-8 only, at most `bodyLimit`
 * bytes, with prototype-poisoning keys refused. Any other Content-Type is a 415.
 */
export function installJsonBodyParser(app: FastifyInstance, bodyLimit: number): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const charset = JSON_CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(new ReviewStarsError('UNSUPPORTED_MEDIA_TYPE', `charset ${charset.slice(0, 40)} is not supported: send JSON in UTF-8`), undefined);
      return;
    }
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(new ReviewStarsError('INVALID_REQUEST', 'request body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });
}
