/**
 * @module http/console/session-cookie
 * The console's session on the wire: the cookie that carries a session token (HttpOnly,
 * SameSite=Strict, Secure over HTTPS, expiring with the session), the CSRF header, and the check
 * that lets a request in on its session instead of HTTP Basic. State-changing requests must also
 * carry the session's CSRF token. Never logs the cookie or the token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReviewStarsError } from '../../core/errors.js';
import type { Session, SessionFailure, SessionKeeper } from '../../auth/session.js';
import type { UserStore } from '../../auth/user-store.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'review_stars_session';
/** Header a console sends its CSRF token in (and, once signed in, with every request). */
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing and need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when a request comes from the console: it carries the session cookie or the CSRF header. */
export function isConsoleRequest(request: FastifyRequest): boolean {
  return request.cookies[SESSION_COOKIE] !== undefined || request.headers[CSRF_HEADER] !== undefined;
}

/**
 * The session of a console request, checked: signature, expiry, sign-out, the user as they are
 * now, and (unless the method is safe) the CSRF token. Throws SESSION_EXPIRED or CSRF_TOKEN_INVALID.
 */
export function requireSession(request: FastifyRequest, keeper: SessionKeeper, users: UserStore): Session {
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined) throw sessionEnded('missing');
  const outcome = keeper.verify(token, users);
  if (!outcome.ok) throw sessionEnded(outcome.reason);
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (!keeper.checkCsrf(outcome.session, typeof sent === 'string' ? sent : undefined)) {
      throw new ReviewStarsError('CSRF_TOKEN_INVALID', `this request changes state and needs the session's CSRF token in the ${CSRF_HEADER} header: reload the console`);
    }
  }
  return outcome.session;
}

/** Sets the session cookie on `reply`. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, session: Session): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires: new Date(session.expiresAt),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}

const ENDED: Readonly<Record<SessionFailure | 'missing', string>> = {
  missing: 'you are not signed in (or your session has ended): sign in again',
  malformed: 'your session is not valid here (the service may have restarted): sign in again',
  expired: 'your session has expired: sign in again',
  'signed-out': 'you have signed out: sign in again',
  'user-changed': 'your password or account has changed since you signed in: sign in again',
};

function sessionEnded(reason: SessionFailure | 'missing'): ReviewStarsError {
  return new ReviewStarsError('SESSION_EXPIRED', ENDED[reason], { reason });
}
