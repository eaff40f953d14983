/**
 * @module auth/basic-header
 * Parses an HTTP `Authorization: Basic <base64(user:password)>` header (RFC 7617), strictly and
 * with bounded work. Decodes UTF-8, falling back to latin-1 (what Python `requests` sends for
 * non-ASCII str credentials). Returns values, never throws, never logs.
 */
import { isUtf8 } from 'node:buffer';

/** Longest header accepted; real ones are far shorter, and this bounds the work done on garbage. */
export const MAX_AUTHORIZATION_LENGTH = 2048;

/** A parsed header, or why it could not be parsed. */
export type BasicCredentialsParse =
  | { ok: true; user: string; password: string }
  | { ok: false; problem: 'not-basic' | 'too-long' | 'bad-base64' | 'no-colon' };

const BASE64_TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses `header`; the scheme is case-insensitive, the token must be canonical base64. */
export function parseBasicAuthorization(header: string): BasicCredentialsParse {
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { ok: false, problem: 'too-long' };
  const space = header.indexOf(' ');
  if (space !== 5 || header.slice(0, 5).toLowerCase() !== 'basic') return { ok: false, problem: 'not-basic' };
  const token = header.slice(6).trim();
  if (token.length === 0 || token.length % 4 !== 0 || !BASE64_TOKEN.test(token)) return { ok: false, problem: 'bad-base64' };
  const bytes = Buffer.from(token, 'base64');
  const text = isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
  const colon = text.indexOf(':');
  if (colon < 0) return { ok: false, problem: 'no-colon' };
  return { ok: true, user: text.slice(0, colon), password: text.slice(colon + 1) };
}
