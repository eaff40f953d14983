/**
 * @module tools/bench/workload
 * What the serving benchmark sends on the single-prediction route: the model, one realistic comment
 * (written for this benchmark, not taken from any dataset) and the dev user's Basic credentials.
 * Nothing here starts servers or measures anything; batch texts come from bench/review-texts.
 */
import { Buffer } from 'node:buffer';
import { URLSearchParams } from 'node:url';

/** The model every benchmarked service is asked for. */
export const BENCH_MODEL = 'lr_global';

/** A realistic ~200-character review (written for this benchmark), sent on every single-prediction request. */
export const BENCH_COMMENT =
  'We spent two days at the park with our kids and loved it. The parade was magical, the staff were ' +
  'friendly and queues for the big rides were short in the evening. Food is pricey but the castle show is a must.';

/** The development user the service creates with `--dev-user` (as in the original project). */
export const DEV_USER = Object.freeze({ username: 'bob', password: 'builder' });

/** `Authorization` header value for HTTP Basic auth. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Path and query of the original single-prediction route for `comment`. */
export function predictionPath(modelName = BENCH_MODEL, comment = BENCH_COMMENT): string {
  const query = new URLSearchParams({ model_name: modelName, comment });
  // URLSearchParams encodes spaces as '+', which FastAPI and Fastify both decode; %20 is what browsers send.
  return `/prediction?${query.toString().replaceAll('+', '%20')}`;
}
