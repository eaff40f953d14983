/**
 * @module auth/rate-limit
 * Limits repeated authentication failures per client (IP address): after `maxFailures` failures
 * within `windowMs`, the client is refused until that window ends. Memory is bounded: at most
 * `maxClients` are tracked, the least recently failing forgotten first. A success does not reset
 * the count (clients behind one NAT would otherwise reset each other's). Holds no timers.
 */

interface FailureWindow {
  startedAt: number;
  failures: number;
}

/** Options of a FailureRateLimiter. */
export interface FailureRateLimitOptions {
  /** Failures allowed in one window before the client is refused. */
  maxFailures: number;
  windowMs: number;
  /** Most clients tracked at once. */
  maxClients: number;
}

/** Per-client failure counter with fixed windows. */
export class FailureRateLimiter {
  private readonly clients = new Map<string, FailureWindow>();
  private readonly options: FailureRateLimitOptions;

  constructor(options: FailureRateLimitOptions) {
    for (const key of ['maxFailures', 'maxClients'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 1) throw new RangeError(`${key} must be a positive integer`);
    }
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.options = { ...options };
  }

  /** Seconds until `client` may try again (at least 1), or 0 when it is not refused. */
  retryAfterSeconds(client: string, now: number): number {
    const window = this.clients.get(client);
    if (window === undefined) return 0;
    const endsAt = window.startedAt + this.options.windowMs;
    if (endsAt <= now) {
      this.clients.delete(client);
      return 0;
    }
    return window.failures >= this.options.maxFailures ? Math.max(1, Math.ceil((endsAt - now) / 1000)) : 0;
  }

  /** Counts one failure of `client`. */
  recordFailure(client: string, now: number): void {
    let window = this.clients.get(client);
    if (window !== undefined) this.clients.delete(client);
    if (window === undefined || window.startedAt + this.options.windowMs <= now) window = { startedAt: now, failures: 0 };
    window.failures++;
    if (this.clients.size >= this.options.maxClients) {
      const oldest = this.clients.keys().next();
      if (!oldest.done) this.clients.delete(oldest.value);
    }
    this.clients.set(client, window);
  }

  /** Number of clients tracked. */
  get size(): number {
    return this.clients.size;
  }
}
