/**
 * @module tools/acceptance/api-client
 * The acceptance client's one way to talk to a running service: a request with optional Basic
 * credentials and JSON body, answered as a value (status, parsed body) or a network failure.
 * Never throws for an HTTP or network failure, never logs, never keeps credentials beyond a call.
 */

import { Agent, request as httpRequest } from 'node:http';

/** Credentials for HTTP Basic auth. */
export interface BasicCredentials {
  user: string;
  password: string;
}

/** What one request got: an HTTP answer, or the reason none came. */
export type ApiReply =
  | {
      kind: 'response';
      status: number;
      /** Lower-cased header names. */
      headers: Readonly<Record<string, string>>;
      /** The raw body text. */
      text: string;
      /** The body parsed as JSON, or undefined when it is not JSON. */
      json: unknown;
      durationMs: number;
    }
  | { kind: 'network-error'; message: string; durationMs: number };

/** One request. `path` may carry a query string; values in it must be encoded already. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  auth?: BasicCredentials;
  body?: unknown;
}

/** The value of an `Authorization: Basic` header for `credentials`. */
export function basicAuthHeader(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}

/**
 * Sends requests to one service over keep-alive connections (plain node:http rather than fetch,
 * which refuses some valid ports such as 6000); every request has its own deadline.
 * Call `close()` when done so that no idle connection keeps the process alive.
 */
export class ApiClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(baseUrl: string, timeoutMs: number) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
  }

  /** Sends `request` and returns what came back; a refused connection or timeout is a `network-error`. */
  send(request: ApiRequest): Promise<ApiReply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.auth) headers.authorization = basicAuthHeader(request.auth);
    let body: Buffer | undefined;
    if (request.body !== undefined) {
      body = Buffer.from(JSON.stringify(request.body), 'utf8');
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    const started = performance.now();
    return new Promise((resolve) => {
      // Events arrive asynchronously, so `timer` is always set by the time settle runs.
      const settle = (reply: ApiReply): void => {
        clearTimeout(timer);
        resolve(reply);
      };
      const req = httpRequest(`${this.baseUrl}${request.path}`, { method: request.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => settle(networkError(err, started)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          settle({
            kind: 'response',
            status: res.statusCode ?? 0,
            headers: responseHeaders,
            text,
            json: parseJson(text),
            durationMs: performance.now() - started,
          });
        });
      });
      // A deadline for the whole exchange (a socket timeout would only bound each silence).
      const timer = setTimeout(() => req.destroy(new RequestTimeout(this.timeoutMs)), this.timeoutMs);
      req.on('error', (err) => settle(networkError(err, started)));
      req.end(body);
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }
}

class RequestTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeout';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A failed request as a reply: the system error code when there is one (ECONNREFUSED, ...). */
function networkError(err: Error, started: number): ApiReply {
  const code = (err as { code?: unknown }).code;
  const message = typeof code === 'string' && !err.message.includes(code) ? `${code} (${err.message})` : err.message;
  return { kind: 'network-error', message, durationMs: performance.now() - started };
}
