/**
 * @module tools/acceptance/checks
 * The acceptance checks of a running review-stars service: the original project's four
 * (valid credentials accepted, invalid refused, every model's score equal to the registry's
 * accuracy, the six original models rating "Disneyland is a magical world!" 5 stars) plus
 * readiness and the v1 routes. Each check sends real requests and returns a CheckResult; none
 * throws for what the service answers, and no password is ever written into a result.
 */
import type { ApiClient, ApiReply, BasicCredentials } from './api-client.js';
import type { CheckResult } from './report.js';
import { formatSeconds, oneLine } from './report.js';

/** The six models of the original project, which its clients call by name. */
export const ORIGINAL_MODELS = [
  'rf_global',
  'lr_global',
  'dt_global',
  'rf_Disneyland_HongKong',
  'rf_Disneyland_California',
  'rf_Disneyland_Paris',
] as const;

/** The review the original test client sent, and the rating every original model must give it. */
export const MAGICAL_REVIEW = 'Disneyland is a magical world!';
export const MAGICAL_RATING = '5';

/** What the checks need: a client and the two passwords (right and wrong) of one user. */
export interface CheckContext {
  client: ApiClient;
  credentials: BasicCredentials;
  wrongPassword: string;
  /** Clock of the report (injectable for tests). */
  now: () => Date;
}

/** A check's verdict, before it is dated. */
type Verdict = Omit<CheckResult, 'at'>;

function dated(ctx: CheckContext, verdict: Verdict): CheckResult {
  return { ...verdict, at: ctx.now() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What came back, on one line: status and body, or why nothing came. */
export function describeReply(reply: ApiReply): string {
  return reply.kind === 'response' ? `${reply.status} ${oneLine(reply.text)}` : `no answer: ${reply.message}`;
}

/** `GET path` shown with the user it was sent as (never the password). */
function requestLine(method: string, path: string, user?: string, passwordNote?: string): string {
  return user === undefined ? `${method} ${path}` : `${method} ${path} as "${user}" (${passwordNote ?? 'its password'})`;
}

/** The path of a model's v1 entry. */
export function modelPath(name: string): string {
  return `/v1/models/${encodeURIComponent(name)}`;
}

/**
 * Polls `GET /readyz` until it answers 200 or `waitMs` has passed (then the last answer is the
 * verdict). A service that is still loading its models answers 503 or refuses connections.
 */
export async function checkReady(ctx: CheckContext, waitMs: number, pollMs = 250): Promise<CheckResult> {
  const started = performance.now();
  let attempts = 0;
  let reply: ApiReply;
  for (;;) {
    attempts++;
    reply = await ctx.client.send({ method: 'GET', path: '/readyz' });
    const elapsed = performance.now() - started;
    if (reply.kind === 'response' && reply.status === 200) {
      return dated(ctx, {
        title: 'the service is ready (/readyz answers 200)',
        request: requestLine('GET', '/readyz') + ` (waiting up to ${formatSeconds(waitMs)})`,
        expected: '200',
        got: `${describeReply(reply)} after ${formatSeconds(elapsed)} (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`,
        status: 'SUCCESS',
      });
    }
    if (elapsed + pollMs > waitMs) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return dated(ctx, {
    title: 'the service is ready (/readyz answers 200)',
    request: requestLine('GET', '/readyz') + ` (waiting up to ${formatSeconds(waitMs)})`,
    expected: '200',
    got: `${describeReply(reply)}, still after ${formatSeconds(performance.now() - started)} (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`,
    status: 'FAILURE',
  });
}

/** Original check 1: valid credentials are accepted on /permission. */
export async function checkValidCredentials(ctx: CheckContext): Promise<CheckResult> {
  const reply = await ctx.client.send({ method: 'GET', path: '/permission', auth: ctx.credentials });
  const ok = reply.kind === 'response' && reply.status === 200 && isRecord(reply.json) && reply.json.credentials === 'valid';
  return dated(ctx, {
    title: 'valid credentials are accepted',
    request: requestLine('GET', '/permission', ctx.credentials.user, 'valid password'),
    expected: '200 {"credentials":"valid"}',
    got: describeReply(reply),
    status: ok ? 'SUCCESS' : 'FAILURE',
  });
}

/** Original check 2: a wrong password is refused with 401 and a Basic challenge. */
export async function checkInvalidCredentials(ctx: CheckContext): Promise<CheckResult> {
  const reply = await ctx.client.send({
    method: 'GET',
    path: '/permission',
    auth: { user: ctx.credentials.user, password: ctx.wrongPassword },
  });
  const challenge = reply.kind === 'response' ? (reply.headers['www-authenticate'] ?? '') : '';
  const ok = reply.kind === 'response' && reply.status === 401 && /^basic\b/i.test(challenge);
  return dated(ctx, {
    title: 'invalid credentials are refused',
    request: requestLine('GET', '/permission', ctx.credentials.user, 'wrong password'),
    expected: '401 with WWW-Authenticate: Basic',
    got: reply.kind === 'response' ? `${describeReply(reply)} (WWW-Authenticate: ${challenge === '' ? 'absent' : challenge})` : describeReply(reply),
    status: ok ? 'SUCCESS' : 'FAILURE',
  });
}

/** The model names of a `GET /v1/models` body, or undefined when it is not one. */
export function modelNamesOf(body: unknown): string[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.models)) return undefined;
  const names: string[] = [];
  for (const m of body.models) {
    if (!isRecord(m) || typeof m.name !== 'string' || m.name === '') return undefined;
    names.push(m.name);
  }
  return names;
}

/** `GET /v1/models` lists at least one model; returns the names (empty when the list is unusable). */
export async function checkModelList(ctx: CheckContext): Promise<{ result: CheckResult; names: string[] }> {
  const reply = await ctx.client.send({ method: 'GET', path: '/v1/models', auth: ctx.credentials });
  const names = reply.kind === 'response' && reply.status === 200 ? modelNamesOf(reply.json) : undefined;
  const ok = names !== undefined && names.length > 0;
  const result = dated(ctx, {
    title: 'the registry lists its models',
    request: requestLine('GET', '/v1/models', ctx.credentials.user),
    expected: '200 with a non-empty "models" list, each with a "name"',
    got: ok ? `200 with ${names.length} models: ${names.join(', ')}` : describeReply(reply),
    status: ok ? 'SUCCESS' : 'FAILURE',
  });
  return { result, names: names ?? [] };
}

/** The accuracy in a `GET /v1/models/{name}` body, or undefined when absent or out of [0, 1]. */
export function accuracyOf(body: unknown): number | undefined {
  if (!isRecord(body) || !isRecord(body.metrics)) return undefined;
  const accuracy = body.metrics.accuracy;
  return typeof accuracy === 'number' && accuracy >= 0 && accuracy <= 1 ? accuracy : undefined;
}

/** `GET /v1/models/{name}` answers the entry of that model with its accuracy; returns the accuracy. */
export async function checkModelEntry(ctx: CheckContext, name: string): Promise<{ result: CheckResult; accuracy: number | undefined }> {
  const path = modelPath(name);
  const reply = await ctx.client.send({ method: 'GET', path, auth: ctx.credentials });
  const body = reply.kind === 'response' && reply.status === 200 ? reply.json : undefined;
  const accuracy = isRecord(body) && body.name === name ? accuracyOf(body) : undefined;
  const result = dated(ctx, {
    title: `the v1 entry of ${name} answers with its metrics`,
    request: requestLine('GET', path, ctx.credentials.user),
    expected: `200 with "name": "${name}" and "metrics.accuracy" in [0, 1]`,
    got: accuracy !== undefined && reply.kind === 'response' ? `${reply.status} name ${name}, metrics.accuracy ${accuracy}` : describeReply(reply),
    status: accuracy !== undefined ? 'SUCCESS' : 'FAILURE',
  });
  return { result, accuracy };
}

/**
 * True when `score` is `accuracy` rounded to 2 places. Either rounding of an exact half (up, or
 * to even as Python does) is accepted; the score itself must have at most 2 decimals.
 */
export function isRoundedAccuracy(score: number, accuracy: number): boolean {
  const cents = score * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6 && Math.abs(score - accuracy) <= 0.005 + 1e-9;
}

/** Original check 3: `/performance` shows the model's score, equal to the registry's accuracy to 2 places. */
export async function checkPerformance(ctx: CheckContext, name: string, accuracy: number | undefined): Promise<CheckResult> {
  const path = `/performance?model_name=${encodeURIComponent(name)}`;
  const reply = await ctx.client.send({ method: 'GET', path, auth: ctx.credentials });
  const body = reply.kind === 'response' && reply.status === 200 ? reply.json : undefined;
  const score = isRecord(body) && body.model === name && typeof body.score === 'number' ? body.score : undefined;
  const ok = score !== undefined && accuracy !== undefined && isRoundedAccuracy(score, accuracy);
  return dated(ctx, {
    title: `the performance of ${name} equals the registry's accuracy`,
    request: requestLine('GET', path, ctx.credentials.user),
    expected:
      accuracy === undefined
        ? `200 {"model":"${name}","score":<accuracy to 2 places>} (the registry's accuracy is unknown: its v1 entry failed)`
        : `200 {"model":"${name}","score":${Math.round(accuracy * 100) / 100}} (registry accuracy ${accuracy} to 2 places)`,
    got: describeReply(reply),
    status: ok ? 'SUCCESS' : 'FAILURE',
  });
}

/** Original check 4: `/prediction` rates "Disneyland is a magical world!" 5 stars with the model. */
export async function checkMagicalPrediction(ctx: CheckContext, name: string): Promise<CheckResult> {
  const path = `/prediction?model_name=${encodeURIComponent(name)}&comment=${encodeURIComponent(MAGICAL_REVIEW)}`;
  const reply = await ctx.client.send({ method: 'GET', path, auth: ctx.credentials });
  const body = reply.kind === 'response' && reply.status === 200 ? reply.json : undefined;
  const ok = isRecord(body) && body.model === name && body.comment === MAGICAL_REVIEW && body['rating prediction'] === MAGICAL_RATING;
  return dated(ctx, {
    title: `${name} rates "${MAGICAL_REVIEW}" ${MAGICAL_RATING} stars`,
    request: requestLine('GET', path, ctx.credentials.user),
    expected: `200 ${JSON.stringify({ model: name, comment: MAGICAL_REVIEW, 'rating prediction': MAGICAL_RATING })}`,
    got: describeReply(reply),
    status: ok ? 'SUCCESS' : 'FAILURE',
  });
}

/**
 * True when `p` is one v1 prediction: a rating 1..5, probabilities keyed "1".."5" summing to 1,
 * and an expected rating in [1, 5].
 */
export function isPrediction(p: unknown): boolean {
  if (!isRecord(p) || !Number.isInteger(p.rating) || (p.rating as number) < 1 || (p.rating as number) > 5) return false;
  const probs = p.probabilities;
  if (!isRecord(probs) || Object.keys(probs).length !== 5) return false;
  let sum = 0;
  for (const rating of ['1', '2', '3', '4', '5']) {
    const x = probs[rating];
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) return false;
    sum += x;
  }
  const expected = p.expectedRating;
  return Math.abs(sum - 1) < 1e-6 && typeof expected === 'number' && expected >= 1 && expected <= 5;
}

/** `POST /v1/models/{name}/predict` rates a batch of one review with a rating and 5 probabilities. */
export async function checkBatchPrediction(ctx: CheckContext, name: string): Promise<CheckResult> {
  const path = `${modelPath(name)}/predict`;
  const body = { reviews: [{ text: MAGICAL_REVIEW }] };
  const reply = await ctx.client.send({ method: 'POST', path, auth: ctx.credentials, body });
  const json = reply.kind === 'response' && reply.status === 200 ? reply.json : undefined;
  const predictions = isRecord(json) && json.model === name && Array.isArray(json.predictions) ? json.predictions : undefined;
  const ok = predictions !== undefined && predictions.length === 1 && isPrediction(predictions[0]);
  return dated(ctx, {
    title: `the v1 predict route of ${name} rates a batch`,
    request: `${requestLine('POST', path, ctx.credentials.user)} ${JSON.stringify(body)}`,
    expected: `200 with "model": "${name}" and "predictions": one {"rating": 1..5, "probabilities": {"1".."5"} summing to 1, "expectedRating": 1..5}`,
    got: describeReply(reply),
    status: ok ? 'SUCCESS' : 'FAILURE',
  });
}
