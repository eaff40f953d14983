/**
 * @module http/console/session-routes
 * Sign-in, "who am I" and sign-out for the console: `POST /ui/session` checks a user name and
 * password against the users store (same scrypt hashes, same failure limit as Basic auth) and
 * sets the session cookie; `GET /ui/session` tells the console who is signed in and its CSRF
 * token; `DELETE /ui/session` signs out. Never logs a password, a cookie or a token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ReviewStarsError } from '../../core/errors.js';
import type { AuthOutcome } from '../../auth/authenticator.js';
import type { Session, SessionKeeper } from '../../auth/session.js';
import type { RouteContext, TypedApp } from '../context.js';
import { errorResponses } from '../schemas.js';
import { SESSION_COOKIE, clearSessionCookie, requireSession, setSessionCookie } from './session-cookie.js';

const TAGS = ['console'];

const SignInBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 100, description: 'User name' }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: 'Password' }),
  },
  { additionalProperties: false },
);

const SessionResponse = Type.Object({
  user: Type.String(),
  role: Type.String(),
  expiresAt: Type.String({ description: 'When the session ends (ISO 8601)' }),
  csrfToken: Type.String({ description: 'Send it in the x-csrf-token header with every request that changes state' }),
});

const SignedOutResponse = Type.Object({ signedOut: Type.Boolean() });

/** Registers the session routes (public: they do their own authentication). */
export function registerSessionRoutes(app: TypedApp, context: RouteContext, sessions: SessionKeeper): void {
  const { authenticator, metrics } = context;
  const describe = (session: Session): { user: string; role: string; expiresAt: string; csrfToken: string } => ({
    user: session.principal.name,
    role: session.principal.role,
    expiresAt: new Date(session.expiresAt).toISOString(),
    csrfToken: sessions.csrfToken(session),
  });

  app.post(
    '/ui/session',
    { schema: { tags: TAGS, summary: 'Sign in to the console: sets the session cookie', body: SignInBody, response: { 200: SessionResponse, ...errorResponses } } },
    async function signIn(request, reply) {
      refuseCrossSite(request);
      const { user, password } = request.body;
      const outcome = await authenticator.authenticateCredentials(user, password, request.ip);
      if (!outcome.ok) {
        metrics.countAuthFailure(outcome.reason);
        throw signInRefusal(outcome);
      }
      const stored = authenticator.users.find(outcome.principal.name);
      if (stored === undefined) throw new ReviewStarsError('SIGN_IN_FAILED', 'invalid user name or password');
      const { token, session } = sessions.issue(stored);
      request.principal = session.principal;
      setSessionCookie(request, reply, token, session);
      return describe(session);
    },
  );

  app.get(
    '/ui/session',
    { schema: { tags: TAGS, summary: 'The signed-in user and the CSRF token of the session', response: { 200: SessionResponse, ...errorResponses } } },
    function currentSession(request) {
      const session = requireSession(request, sessions, authenticator.users);
      request.principal = session.principal;
      return describe(session);
    },
  );

  app.delete(
    '/ui/session',
    { schema: { tags: TAGS, summary: 'Sign out: the session is refused from now on', response: { 200: SignedOutResponse, ...errorResponses } } },
    function signOut(request: FastifyRequest, reply: FastifyReply) {
      if (request.cookies[SESSION_COOKIE] !== undefined) {
        let session: Session | undefined;
        try {
          session = requireSession(request, sessions, authenticator.users);
        } catch (err) {
          // An ended session is signed out already; a missing CSRF token is a forged request.
          if (err instanceof ReviewStarsError && err.code === 'CSRF_TOKEN_INVALID') throw err;
        }
        if (session !== undefined) sessions.revoke(session);
      }
      clearSessionCookie(request, reply);
      return { signedOut: true };
    },
  );
}

/**
 * A sign-in must come from the console's own pages: browsers send Origin with every POST, and a
 * JSON body cannot be posted across sites without a CORS preflight this service never allows.
 */
function refuseCrossSite(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== request.headers.host) throw new ReviewStarsError('CSRF_TOKEN_INVALID', 'sign-in refused: it must come from the console page of this service');
}

function signInRefusal(outcome: Exclude<AuthOutcome, { ok: true }>): ReviewStarsError {
  switch (outcome.reason) {
    case 'rate-limited':
      return new ReviewStarsError('TOO_MANY_REQUESTS', `too many failed sign-ins from this address: retry in ${outcome.retryAfterSeconds} s`, {
        retryAfterSeconds: outcome.retryAfterSeconds,
      });
    case 'busy':
      return new ReviewStarsError('TOO_MANY_REQUESTS', `too many sign-ins waiting to be checked: retry in ${outcome.retryAfterSeconds} s`, {
        retryAfterSeconds: outcome.retryAfterSeconds,
      });
    default:
      return new ReviewStarsError('SIGN_IN_FAILED', 'invalid user name or password');
  }
}
