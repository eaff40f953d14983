/**
 * @module ui/api
 * The console's one way to the service: the same JSON routes as any client, with the session
 * cookie (sent by the browser) and the session's CSRF token in a header. Every failure becomes an
 * ApiError with the service's stable code and message; a session that ended is announced to the
 * app so it can ask to sign in again. No rendering here.
 */
import type { FeedbackAnswer, ModelDetail, ModelsList, MonitoringAnswer, PredictAnswer, SessionInfo } from './api-types.js';

/** A refused or failed request: the service's code and message (or the console's, for network failures). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;
const sessionEndedListeners = new Set<(error: ApiError) => void>();

/** Remembers the CSRF token of the current session (undefined once signed out). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Calls `listener` whenever a request finds the session ended; returns the unsubscribe function. */
export function onSessionEnded(listener: (error: ApiError) => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/** A JSON answer and the request id the service gave it. */
export interface Answer<T> {
  data: T;
  requestId: string | undefined;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The service cannot be reached: check that it is running, then try again.');
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    throw new ApiError(response.status, 'INVALID_RESPONSE', `The service answered with something that is not JSON (HTTP ${response.status}).`);
  }
  if (!response.ok) {
    const error = toApiError(response.status, parsed);
    if (error.code === 'SESSION_EXPIRED' && path !== '/ui/session') for (const listener of sessionEndedListeners) listener(error);
    throw error;
  }
  return { data: parsed as T, requestId };
}

function toApiError(status: number, parsed: unknown): ApiError {
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
  const message = typeof body.message === 'string' ? body.message : `The service refused the request (HTTP ${status}).`;
  return new ApiError(status, code, message, body);
}

/** The signed-in user, or an ApiError SESSION_EXPIRED when nobody is. */
export const getSession = (): Promise<Answer<SessionInfo>> => call('GET', '/ui/session');
export const signIn = (user: string, password: string): Promise<Answer<SessionInfo>> => call('POST', '/ui/session', { user, password });
export const signOut = (): Promise<Answer<{ signedOut: boolean }>> => call('DELETE', '/ui/session');
export const listModels = (): Promise<Answer<ModelsList>> => call('GET', '/v1/models');
export const getModel = (name: string): Promise<Answer<ModelDetail>> => call('GET', `/v1/models/${encodeURIComponent(name)}`);

/** Rates one review with its explanation. */
export function rateReview(model: string, text: string, branch: string | undefined, topTerms = 12): Promise<Answer<PredictAnswer>> {
  const review = branch === undefined ? { text } : { text, branch };
  return call('POST', `/v1/models/${encodeURIComponent(model)}/predict?explain=true&topTerms=${topTerms}`, { reviews: [review] });
}

/** Sends the true rating of a prediction. */
export const sendFeedback = (requestId: string, index: number, rating: number): Promise<Answer<FeedbackAnswer>> => call('POST', '/v1/feedback', { requestId, index, rating });

/** Live quality and drift per model. */
export function getMonitoring(query: { model?: string; window: string; since: string }): Promise<Answer<MonitoringAnswer>> {
  const params = new URLSearchParams({ window: query.window, since: query.since });
  if (query.model !== undefined && query.model !== '') params.set('model', query.model);
  return call('GET', `/v1/monitoring?${params.toString()}`);
}
