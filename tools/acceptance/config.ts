/**
 * @module tools/acceptance/config
 * Turns the acceptance client's environment (API_ADDRESS/API_PORT or the original's
 * IP_ADRESS/IP_PORT, API_USER/API_PASSWORD, LOG, RESULTS_FILE) and command-line options into one
 * validated configuration. Pure: reads only the maps it is given, never process.env itself.
 */
import { randomBytes } from 'node:crypto';
import { ReviewStarsError } from '../../src/core/errors.js';
import { parseInteger } from '../../src/core/parse.js';

/** Everything the acceptance client needs to check one running service. */
export interface AcceptanceConfig {
  /** Host name or IP address of the service (an IPv6 address without brackets). */
  address: string;
  port: number;
  /** `http://address:port`, without a trailing slash. */
  baseUrl: string;
  user: string;
  password: string;
  /** A password that differs from `password`, for the "invalid credentials are refused" check. */
  wrongPassword: string;
  /** How long to wait for `/readyz` to answer 200 before checking anyway. */
  waitMs: number;
  /** Time limit of each HTTP request. */
  requestTimeoutMs: number;
  /** Append the report to `resultsFile` (the original's LOG=1). */
  log: boolean;
  resultsFile: string;
}

/** Options given on the command line; each one, when present, wins over the environment. */
export interface AcceptanceOptions {
  wait?: string;
  requestTimeout?: string;
  log?: boolean;
  resultsFile?: string;
}

/** Defaults used when neither the environment nor an option says otherwise. */
export const ACCEPTANCE_DEFAULTS = {
  address: '127.0.0.1',
  port: 8000,
  wait: '30s',
  requestTimeout: '10s',
  resultsFile: 'results/log.txt',
} as const;

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/;
/** Longest accepted duration: one hour is more than any readiness wait needs. */
const MAX_DURATION_MS = 3_600_000;

/**
 * Parses a duration such as `30s`, `500ms`, `2m` or `10` (seconds) into milliseconds.
 * @throws ReviewStarsError INVALID_ARGUMENT for anything else, or for more than one hour.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const match = DURATION.exec(text.trim());
  if (!match) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${what} "${text}" is not a duration: use e.g. 500ms, 30s or 2m`, { [what]: text });
  }
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = Math.round(unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000);
  if (ms > MAX_DURATION_MS) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${what} "${text}" is longer than one hour`, { [what]: text });
  }
  return ms;
}

/**
 * Parses the LOG switch as the original did (`1` turns logging on), also accepting
 * true/false/yes/no/on/off and 0 or an empty value.
 * @throws ReviewStarsError INVALID_ARGUMENT for any other value.
 */
export function parseLogSwitch(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '' || v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  throw new ReviewStarsError('INVALID_ARGUMENT', `LOG="${value}" is not a switch: use LOG=1 to append the report to the results file, LOG=0 not to`, {
    LOG: value,
  });
}

/**
 * Validates a host name or IP address (brackets around an IPv6 address are removed).
 * @throws ReviewStarsError INVALID_ARGUMENT for an empty value or one that carries a scheme, path,
 * port, user or white space.
 */
export function parseAddress(text: string, source: string): string {
  let address = text.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const isIpv6 = address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address);
  const isHost = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(address);
  if (!isIpv6 && !isHost) {
    throw new ReviewStarsError(
      'INVALID_ARGUMENT',
      `${source}="${text}" is not a host name or IP address: give only the host, e.g. 127.0.0.1 or api, and the port in API_PORT`,
      { [source]: text },
    );
  }
  return address;
}

/** First non-empty value among `names` in `env`, with the name it came from. */
function firstSet(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

/** A duration's text from the option, else the environment variable, else the default, with where it came from. */
function durationSource(
  option: string | undefined,
  flag: string,
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: string,
): { text: string; source: string } {
  if (option !== undefined) return { text: option, source: flag };
  const value = env[name];
  return value !== undefined ? { text: value, source: name } : { text: fallback, source: flag };
}

/** A password guaranteed to differ from `password`, random so that no fixed guess is ever sent. */
export function makeWrongPassword(password: string): string {
  let wrong = `wrong-${randomBytes(12).toString('hex')}`;
  while (wrong === password) wrong = `wrong-${randomBytes(12).toString('hex')}`;
  return wrong;
}

/**
 * Builds the acceptance configuration from `env` (new names first, then the original's) and
 * command-line options.
 * @throws ReviewStarsError INVALID_ARGUMENT naming the variable or option that is missing or wrong.
 */
export function acceptanceConfig(env: Readonly<Record<string, string | undefined>>, options: AcceptanceOptions = {}): AcceptanceConfig {
  const addressVar = firstSet(env, ['API_ADDRESS', 'IP_ADRESS', 'IP_ADDRESS']);
  const address = addressVar ? parseAddress(addressVar.value, addressVar.name) : ACCEPTANCE_DEFAULTS.address;
  const portVar = firstSet(env, ['API_PORT', 'IP_PORT']);
  const port = portVar ? parseInteger(portVar.name, portVar.value, 1, 65535) : ACCEPTANCE_DEFAULTS.port;

  const user = env.API_USER;
  if (user === undefined || user === '') {
    throw new ReviewStarsError('INVALID_ARGUMENT', 'API_USER is not set: give the user name the service knows (e.g. API_USER=bob with `serve --dev-user`)');
  }
  if (user.includes(':') || /[\r\n]/.test(user)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', 'API_USER must not contain ":" or a line break (HTTP Basic auth cannot carry them)');
  }
  const password = env.API_PASSWORD;
  if (password === undefined || password === '') {
    throw new ReviewStarsError('INVALID_ARGUMENT', 'API_PASSWORD is not set: give the password of API_USER');
  }

  // Each duration's message names the option or variable it came from.
  const wait = durationSource(options.wait, '--wait', env, 'ACCEPTANCE_WAIT', ACCEPTANCE_DEFAULTS.wait);
  const timeout = durationSource(options.requestTimeout, '--request-timeout', env, 'ACCEPTANCE_REQUEST_TIMEOUT', ACCEPTANCE_DEFAULTS.requestTimeout);
  const requestTimeoutMs = parseDuration(timeout.text, timeout.source);
  if (requestTimeoutMs === 0) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${timeout.source} must be longer than 0 (the request timeout)`);
  }
  const resultsFile = options.resultsFile ?? (env.RESULTS_FILE !== undefined && env.RESULTS_FILE.trim() !== '' ? env.RESULTS_FILE : ACCEPTANCE_DEFAULTS.resultsFile);

  const host = address.includes(':') ? `[${address}]` : address;
  return {
    address,
    port,
    baseUrl: `http://${host}:${port}`,
    user,
    password,
    wrongPassword: makeWrongPassword(password),
    waitMs: parseDuration(wait.text, wait.source),
    requestTimeoutMs,
    log: options.log === true || parseLogSwitch(env.LOG),
    resultsFile,
  };
}
