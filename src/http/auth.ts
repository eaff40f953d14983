/**
 * @module http/auth
 * The Fastify `onRequest` hook that guards a scope of routes with HTTP Basic auth (or, for the
 * console, its session cookie and CSRF token) and a minimum role. A cached verification is answered synchronously (microseconds); anything else goes to the
 * Authenticator. Failures become ReviewStarsErrors (401 with WWW-Authenticate, 403, 429 with
 * Retry-After) for http/errors to answer. Never logs credentials.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ReviewStarsError } from '../core/errors.js';
import type { AuthOutcome, Authenticator } from '../auth/authenticator.js';
import type { SessionKeeper } from '../auth/session.js';
import type { Principal } from '../auth/user-store.js';
import type { Role } from '../auth/users-file.js';
import type { ServiceMetrics } from './metrics.js';
import { isConsoleRequest, requireSession } from './console/session-cookie.js';

const RANK: Readonly<Record<Role, number>> = { reader: 0, admin: 1 };

/**
 * A hook that lets through only requests authenticated as a user of at least `minimumRole`: by an
 * Authorization header, else (with `sessions`) by a console session.
 */
export function requireRole(
  authenticator: Authenticator,
  metrics: ServiceMetrics,
  minimumRole: Role,
  sessions?: SessionKeeper,
): (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  const admit = (request: FastifyRequest, principal: Principal, done: HookHandlerDoneFunction): void => {
    request.principal = principal;
    if (RANK[principal.role] >= RANK[minimumRole]) {
      done();
      return;
    }
    metrics.countAuthFailure('forbidden');
    done(new ReviewStarsError('FORBIDDEN', `user "${principal.name}" (role ${principal.role}) may not do this: it needs the ${minimumRole} role`, { requiredRole: minimumRole }));
  };

  return function authenticate(request, _reply, done) {
    const header = request.headers.authorization;
    if (header === undefined && sessions !== undefined && isConsoleRequest(request)) {
      let principal: Principal;
      try {
        principal = requireSession(request, sessions, authenticator.users).principal;
      } catch (err) {
        metrics.countAuthFailure('session');
        done(err as Error);
        return;
      }
      admit(request, principal, done);
      return;
    }
    if (header !== undefined) {
      const principal = authenticator.cached(header, request.raw.socket);
      if (principal !== undefined) {
        admit(request, principal, done);
        return;
      }
    }
    authenticator.authenticate(header, request.ip).then((outcome) => {
      if (outcome.ok) {
        admit(request, outcome.principal, done);
      } else {
        metrics.countAuthFailure(outcome.reason);
        done(refusal(outcome));
      }
    }, done);
  };
}

function refusal(outcome: Exclude<AuthOutcome, { ok: true }>): ReviewStarsError {
  switch (outcome.reason) {
    case 'missing':
      return new ReviewStarsError('UNAUTHORIZED', 'authentication required: send HTTP Basic credentials (Authorization: Basic base64(user:password))');
    case 'malformed':
      return new ReviewStarsError('UNAUTHORIZED', 'malformed Authorization header: expected Basic base64(user:password)');
    case 'invalid':
      return new ReviewStarsError('UNAUTHORIZED', 'invalid user name or password');
    case 'rate-limited':
      return new ReviewStarsError('TOO_MANY_REQUESTS', `too many failed authentications from this address: retry in ${outcome.retryAfterSeconds} s`, {
        retryAfterSeconds: outcome.retryAfterSeconds,
      });
    case 'busy':
      return new ReviewStarsError('TOO_MANY_REQUESTS', `too many authentications waiting to be checked: retry in ${outcome.retryAfterSeconds} s`, {
        retryAfterSeconds: outcome.retryAfterSeconds,
      });
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user, on routes that require one. */
    principal: Principal | undefined;
  }
}
