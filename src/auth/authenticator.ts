/**
 * @module auth/authenticator
 * Decides who sent an `Authorization: Basic` header. A password hash costs milliseconds on purpose,
 * so a success is cached briefly, keyed by an HMAC (random per-process key) of the header, never
 * the header or password itself: a hit costs microseconds. A connection also remembers the header
 * it last had verified, so that keep-alive requests skip even the HMAC until the cached entry
 * expires. Misses are verified at most a few at a
 * time (scrypt holds ~128 MiB each), concurrent misses for one header share one verification,
 * unknown users cost as much as known ones, and repeated failures from one client are refused for
 * a while. Knows nothing of HTTP frameworks; never logs.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { parseBasicAuthorization } from './basic-header.js';
import { verifyPassword } from './password.js';
import { FailureRateLimiter } from './rate-limit.js';
import { TtlLruCache } from './ttl-lru.js';
import type { Principal, UserStore } from './user-store.js';

/** Tuning of an Authenticator; every field has a production default. */
export interface AuthenticatorOptions {
  /** How long a verified header stays trusted without re-verification (default 60 s). */
  cacheTtlMs?: number;
  /** Most verified headers remembered (default 10,000). */
  cacheMaxEntries?: number;
  /** Failed attempts one client may make per window before being refused (default 10). */
  maxFailures?: number;
  /** Length of a failure window (default 60 s). */
  failureWindowMs?: number;
  /** Most clients whose failures are tracked at once (default 10,000). */
  maxTrackedClients?: number;
  /** Password verifications running at once (default 2). */
  maxConcurrentVerifications?: number;
  /** Verifications waiting for a slot before new ones are refused as busy (default 64). */
  maxQueuedVerifications?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/** Why a request is not authenticated. */
export type AuthFailureReason = 'missing' | 'malformed' | 'invalid' | 'rate-limited' | 'busy';

/** The outcome of one authentication. `retryAfterSeconds` is set for rate-limited and busy. */
export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'missing' | 'malformed' | 'invalid' }
  | { ok: false; reason: 'rate-limited' | 'busy'; retryAfterSeconds: number };

const DEFAULTS: Required<Omit<AuthenticatorOptions, 'now'>> = {
  cacheTtlMs: 60_000,
  cacheMaxEntries: 10_000,
  maxFailures: 10,
  failureWindowMs: 60_000,
  maxTrackedClients: 10_000,
  maxConcurrentVerifications: 2,
  maxQueuedVerifications: 64,
};

/** What a connection remembers of its last verified header; valid until the cache entry expires. */
interface ConnectionMemo {
  header: string;
  principal: Principal;
  expiresAt: number;
  generation: number;
}

/** Thrown inside the verification queue when it is full. */
class QueueFullError extends Error {}

/** Runs at most `concurrency` async tasks at once, with at most `maxQueued` waiting. */
class BoundedQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Authenticates Basic headers against a UserStore. */
export class Authenticator {
  private store: UserStore;
  private generation = 0;
  private readonly hmacKey = randomBytes(32);
  private readonly cache: TtlLruCache<Principal>;
  private readonly limiter: FailureRateLimiter;
  private readonly queue: BoundedQueue;
  private readonly inFlight = new Map<string, Promise<Principal | undefined>>();
  /** Per connection: the header it last had verified (a connection only ever sees its own client's headers). */
  private readonly connections = new WeakMap<object, ConnectionMemo>();
  private readonly now: () => number;

  constructor(users: UserStore, options: AuthenticatorOptions = {}) {
    const o = { ...DEFAULTS, ...withoutUndefined(options) };
    this.store = users;
    this.cache = new TtlLruCache({ maxEntries: o.cacheMaxEntries, ttlMs: o.cacheTtlMs });
    this.limiter = new FailureRateLimiter({ maxFailures: o.maxFailures, windowMs: o.failureWindowMs, maxClients: o.maxTrackedClients });
    this.queue = new BoundedQueue(o.maxConcurrentVerifications, o.maxQueuedVerifications);
    this.now = options.now ?? Date.now;
  }

  /** The current users. */
  get users(): UserStore {
    return this.store;
  }

  /** Swaps in a new set of users and forgets every cached verification. */
  replaceUsers(users: UserStore): void {
    this.store = users;
    this.generation++;
    this.cache.clear();
  }

  /**
   * Hot path: the principal of a header verified less than the cache TTL ago, else undefined.
   * With `connection` (e.g. the request's socket), a repeat of the header that connection last had
   * verified is answered without hashing.
   */
  cached(header: string, connection?: object): Principal | undefined {
    const now = this.now();
    if (connection !== undefined) {
      const memo = this.connections.get(connection);
      if (memo !== undefined && memo.header === header && memo.expiresAt > now && memo.generation === this.generation) return memo.principal;
    }
    const entry = this.cache.entry(this.cacheKey(header), now);
    if (entry === undefined) return undefined;
    if (connection !== undefined) this.connections.set(connection, { header, principal: entry.value, expiresAt: entry.expiresAt, generation: this.generation });
    return entry.value;
  }

  /**
   * Authenticates `header` (the raw Authorization value, if any) sent by `client` (its address):
   * a cache hit, or a full verification; failures count against the client's limit.
   */
  async authenticate(header: string | undefined, client: string): Promise<AuthOutcome> {
    if (header === undefined || header.length === 0) return { ok: false, reason: 'missing' };
    const key = this.cacheKey(header);
    const now = this.now();
    const hit = this.cache.get(key, now);
    if (hit !== undefined) return { ok: true, principal: hit };
    const retryAfterSeconds = this.limiter.retryAfterSeconds(client, now);
    if (retryAfterSeconds > 0) return { ok: false, reason: 'rate-limited', retryAfterSeconds };
    const parsed = parseBasicAuthorization(header);
    if (!parsed.ok) {
      this.limiter.recordFailure(client, now);
      return { ok: false, reason: 'malformed' };
    }
    let principal: Principal | undefined;
    try {
      principal = await this.verifyShared(key, parsed.user, parsed.password);
    } catch (err) {
      if (err instanceof QueueFullError) return { ok: false, reason: 'busy', retryAfterSeconds: 1 };
      throw err;
    }
    if (principal === undefined) {
      this.limiter.recordFailure(client, this.now());
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, principal };
  }

  /**
   * Authenticates a user name and password typed into a sign-in form, under the same rules as a
   * Basic header: the same per-client failure limit, verification queue and constant cost for
   * unknown names. Nothing is cached: a sign-in happens once per session.
   */
  async authenticateCredentials(user: string, password: string, client: string): Promise<AuthOutcome> {
    if (user.length === 0 || password.length === 0) return { ok: false, reason: 'missing' };
    const retryAfterSeconds = this.limiter.retryAfterSeconds(client, this.now());
    if (retryAfterSeconds > 0) return { ok: false, reason: 'rate-limited', retryAfterSeconds };
    let principal: Principal | undefined;
    try {
      principal = await this.verify(user, password);
    } catch (err) {
      if (err instanceof QueueFullError) return { ok: false, reason: 'busy', retryAfterSeconds: 1 };
      throw err;
    }
    if (principal === undefined) {
      this.limiter.recordFailure(client, this.now());
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, principal };
  }

  /** One verification per header at a time: concurrent misses for the same header share it. */
  private verifyShared(key: string, user: string, password: string): Promise<Principal | undefined> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const generation = this.generation;
    const verification = this.verify(user, password)
      .then((principal) => {
        if (principal !== undefined && generation === this.generation) this.cache.set(key, principal, this.now());
        return principal;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, verification);
    return verification;
  }

  private async verify(user: string, password: string): Promise<Principal | undefined> {
    const stored = this.store.find(user);
    // An unknown name is checked against a hash no password matches, at the same cost.
    const hash = stored?.hash ?? this.store.unknownUserHash;
    const matches = await this.queue.run(() => verifyPassword(password, hash));
    return matches && stored !== undefined ? { name: stored.name, role: stored.role } : undefined;
  }

  private cacheKey(header: string): string {
    return createHmac('sha256', this.hmacKey).update(header).digest('base64');
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
