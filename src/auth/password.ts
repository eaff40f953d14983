/**
 * @module auth/password
 * Salted scrypt password hashes in PHC string form (`$scrypt$ln=17,r=8,p=1$<salt>$<key>`), with the
 * cost stored in every hash so that it can be raised later without breaking old ones. Verification
 * compares in constant time. Never logs, never keeps a password beyond a call.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters of one hash. N = 2^log2N. */
export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
  /** Length in bytes of the derived key. */
  keyLength: number;
}

/**
 * The cost new hashes get: N = 2^17, r = 8, p = 1 (about 128 MiB and a few hundred milliseconds per
 * hash), the current OWASP recommendation for scrypt. Lower costs exist only for tests.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ log2N: 17, r: 8, p: 1, keyLength: 32 });

/** Bounds a stored hash must respect (so that a hostile users file cannot ask for gigabytes). */
const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16], keyLength: [16, 64], saltLength: [16, 64] } as const;
/** The largest scrypt working set a stored hash may ask for. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;

const SALT_LENGTH = 16;

/** A parsed stored hash: its parameters, salt and derived key. */
export interface PasswordHash {
  readonly params: Readonly<ScryptParams>;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** A stored hash that cannot be parsed; `message` says what is wrong (never echoes the hash). */
export class PasswordHashFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordHashFormatError';
  }
}

/** Hashes `password` with a fresh random salt; returns the PHC string to store. */
export async function hashPassword(password: string, params: Readonly<ScryptParams> = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt, params);
  return formatPasswordHash({ params, salt, key });
}

/** True when `password` matches `hash`. Costs one scrypt evaluation at the hash's own parameters. */
export async function verifyPassword(password: string, hash: PasswordHash | string): Promise<boolean> {
  const parsed = typeof hash === 'string' ? parsePasswordHash(hash) : hash;
  const derived = await deriveKey(password, parsed.salt, parsed.params);
  return derived.length === parsed.key.length && timingSafeEqual(derived, parsed.key);
}

/**
 * A hash that no password matches, with the given parameters: verifying against it costs the same
 * as verifying a real one, so that an unknown user name takes as long to refuse as a wrong password.
 */
export function unmatchableHash(params: Readonly<ScryptParams> = DEFAULT_SCRYPT_PARAMS): PasswordHash {
  checkParams(params);
  return { params, salt: randomBytes(SALT_LENGTH), key: randomBytes(params.keyLength) };
}

/** The PHC string of a hash. */
export function formatPasswordHash(hash: PasswordHash): string {
  const { log2N, r, p } = hash.params;
  return `$scrypt$ln=${log2N},r=${r},p=${p}$${toB64(hash.salt)}$${toB64(hash.key)}`;
}

/** Parses and bounds-checks a PHC scrypt string; throws PasswordHashFormatError when it is not one. */
export function parsePasswordHash(encoded: string): PasswordHash {
  const parts = encoded.split('$');
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== 'scrypt') {
    throw new PasswordHashFormatError('not a scrypt hash of the form $scrypt$ln=..,r=..,p=..$<salt>$<key>');
  }
  const fields = new Map<string, number>();
  for (const field of (parts[2] as string).split(',')) {
    const match = /^(ln|r|p)=([0-9]{1,4})$/.exec(field);
    if (!match || fields.has(match[1] as string)) throw new PasswordHashFormatError(`bad scrypt parameter "${field.slice(0, 20)}"`);
    fields.set(match[1] as string, Number(match[2]));
  }
  const log2N = fields.get('ln');
  const r = fields.get('r');
  const p = fields.get('p');
  if (log2N === undefined || r === undefined || p === undefined) throw new PasswordHashFormatError('scrypt parameters ln, r and p are all required');
  const salt = fromB64(parts[3] as string, 'salt');
  const key = fromB64(parts[4] as string, 'key');
  const params: ScryptParams = { log2N, r, p, keyLength: key.length };
  checkParams(params);
  if (salt.length < LIMITS.saltLength[0] || salt.length > LIMITS.saltLength[1]) {
    throw new PasswordHashFormatError(`salt must be ${LIMITS.saltLength[0]} to ${LIMITS.saltLength[1]} bytes`);
  }
  return { params: Object.freeze(params), salt, key };
}

/** Orders parameters by cost (memory x time), to pick the dearest of a set of hashes. */
export function scryptCost(params: Readonly<ScryptParams>): number {
  return 2 ** params.log2N * params.r * params.p;
}

function checkParams(params: Readonly<ScryptParams>): void {
  for (const name of ['log2N', 'r', 'p', 'keyLength'] as const) {
    const [min, max] = LIMITS[name];
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new PasswordHashFormatError(`scrypt ${name} must be an integer from ${min} to ${max}, not ${String(value)}`);
    }
  }
  if (scryptMemory(params) > MAX_SCRYPT_MEMORY) throw new PasswordHashFormatError('scrypt parameters ask for more than 1 GiB of memory');
}

/** Bytes scrypt needs for these parameters (OpenSSL's own bound: 128·r·(N + 2) + 128·r·p). */
function scryptMemory(params: Readonly<ScryptParams>): number {
  return 128 * params.r * (2 ** params.log2N + 2) + 128 * params.r * params.p;
}

function deriveKey(password: string, salt: Buffer, params: Readonly<ScryptParams>): Promise<Buffer> {
  // NFC so that the same password typed on systems that compose characters differently matches.
  const secret = Buffer.from(password.normalize('NFC'), 'utf8');
  const options: ScryptOptions = { N: 2 ** params.log2N, r: params.r, p: params.p, maxmem: scryptMemory(params) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, params.keyLength, options, (err, key) => {
      secret.fill(0);
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** PHC's base64: standard alphabet, no padding. */
function toB64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function fromB64(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]+$/.test(text)) throw new PasswordHashFormatError(`${what} is not unpadded base64`);
  const bytes = Buffer.from(text, 'base64');
  if (toB64(bytes) !== text) throw new PasswordHashFormatError(`${what} is not canonical base64`);
  return bytes;
}
