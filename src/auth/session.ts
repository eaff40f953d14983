/**
 * @module auth/session
 * Console sessions as signed, self-contained tokens: who, until when, and a fingerprint of the
 * user's password hash (so a changed password or a removed user ends their sessions), signed with
 * HMAC-SHA256 under a key derived from the session secret. Also derives each session's CSRF token
 * and remembers signed-out sessions until they would have expired. Knows nothing of HTTP or
 * cookies; never logs, never puts the secret or a password hash in a token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from './password.js';
import type { Principal, StoredUser, UserStore } from './user-store.js';

/** Tuning of a SessionKeeper. */
export interface SessionOptions {
  /** At least 32 bytes; sessions signed under another secret are refused. */
  secret: Buffer;
  /** How long a session lasts from sign-in (no sliding renewal). */
  ttlMs: number;
  /** Most signed-out sessions remembered before they expire (default 100,000). */
  maxRevoked?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/** A verified session. */
export interface Session {
  readonly id: string;
  readonly principal: Principal;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Why a token is not a valid session. */
export type SessionFailure = 'malformed' | 'expired' | 'signed-out' | 'user-changed';

/** The outcome of verifying a token. */
export type SessionOutcome = { ok: true; session: Session } | { ok: false; reason: SessionFailure };

/** Shortest accepted secret, in bytes. */
export const MIN_SECRET_BYTES = 32;
/** Default session length: a working day. */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

interface Payload {
  v: 1;
  sid: string;
  u: string;
  exp: number;
  pw: string;
}

/** Issues and verifies session tokens under one secret. */
export class SessionKeeper {
  private readonly signingKey: Buffer;
  private readonly csrfKey: Buffer;
  private readonly fingerprintKey: Buffer;
  private readonly ttlMs: number;
  private readonly maxRevoked: number;
  private readonly now: () => number;
  /** Signed-out session ids with their expiry, oldest first. */
  private readonly revoked = new Map<string, number>();

  constructor(options: SessionOptions) {
    if (options.secret.length < MIN_SECRET_BYTES) throw new RangeError(`the session secret must hold at least ${MIN_SECRET_BYTES} bytes`);
    if (!(options.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
    // One secret, three independent keys: a token's signature never doubles as a CSRF token.
    this.signingKey = derive(options.secret, 'session-token');
    this.csrfKey = derive(options.secret, 'csrf-token');
    this.fingerprintKey = derive(options.secret, 'password-fingerprint');
    this.ttlMs = options.ttlMs;
    this.maxRevoked = options.maxRevoked ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** A new session for `user` and its token (to put in a cookie). */
  issue(user: StoredUser): { token: string; session: Session } {
    const session: Session = { id: randomBytes(16).toString('base64url'), principal: { name: user.name, role: user.role }, expiresAt: this.now() + this.ttlMs };
    const payload: Payload = { v: 1, sid: session.id, u: user.name, exp: session.expiresAt, pw: this.fingerprint(user.hash) };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return { token: `${body}.${this.sign(body)}`, session };
  }

  /**
   * The session a token stands for, checked against the current users: the role comes from the
   * users store, not the token, so a changed role applies at once.
   */
  verify(token: string, users: UserStore): SessionOutcome {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 1024) return { ok: false, reason: 'malformed' };
    const body = token.slice(0, dot);
    if (!equalStrings(this.sign(body), token.slice(dot + 1))) return { ok: false, reason: 'malformed' };
    const payload = parsePayload(body);
    if (payload === undefined) return { ok: false, reason: 'malformed' };
    const now = this.now();
    if (payload.exp <= now) return { ok: false, reason: 'expired' };
    if (this.isRevoked(payload.sid, now)) return { ok: false, reason: 'signed-out' };
    const user = users.find(payload.u);
    if (user === undefined || !equalStrings(this.fingerprint(user.hash), payload.pw)) return { ok: false, reason: 'user-changed' };
    return { ok: true, session: { id: payload.sid, principal: { name: user.name, role: user.role }, expiresAt: payload.exp } };
  }

  /** Signs a session out: its token is refused from now on (by this process). */
  revoke(session: Session): void {
    const now = this.now();
    for (const [id, expiresAt] of this.revoked) {
      if (expiresAt > now && this.revoked.size < this.maxRevoked) break;
      this.revoked.delete(id);
    }
    this.revoked.set(session.id, session.expiresAt);
  }

  /** The CSRF token a console must send with the state-changing requests of `session`. */
  csrfToken(session: Session): string {
    return createHmac('sha256', this.csrfKey).update(session.id).digest('base64url');
  }

  /** True when `sent` is the CSRF token of `session` (constant time). */
  checkCsrf(session: Session, sent: string | undefined): boolean {
    return sent !== undefined && equalStrings(this.csrfToken(session), sent);
  }

  private isRevoked(id: string, now: number): boolean {
    const expiresAt = this.revoked.get(id);
    return expiresAt !== undefined && expiresAt > now;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.signingKey).update(body).digest('base64url');
  }

  private fingerprint(hash: PasswordHash): string {
    return createHmac('sha256', this.fingerprintKey).update(hash.salt).update(hash.key).digest('base64url').slice(0, 22);
  }
}

/** A fresh random secret, for a process that was given none (its sessions end when it stops). */
export function generateSessionSecret(): Buffer {
  return randomBytes(MIN_SECRET_BYTES);
}

function derive(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}

function equalStrings(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function parsePayload(body: string): Payload | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  if (p.v !== 1 || typeof p.sid !== 'string' || typeof p.u !== 'string' || typeof p.pw !== 'string' || typeof p.exp !== 'number' || !Number.isFinite(p.exp)) return undefined;
  return { v: 1, sid: p.sid, u: p.u, exp: p.exp, pw: p.pw };
}
