/**
 * @module auth/user-store
 * The users a running service knows, in memory: parsed hashes by name, plus the hash an unknown
 * name is checked against (so that it costs as much as a known one). Built from the users file and,
 * for local development only, the original project's `bob` / `builder` reader. Never logs.
 */
import { DEFAULT_SCRYPT_PARAMS, hashPassword, parsePasswordHash, scryptCost, unmatchableHash, type PasswordHash, type ScryptParams } from './password.js';
import type { Role, UserRecord } from './users-file.js';

/** Who a request was made by. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

/** A known user: who, and the hash their password must match. */
export interface StoredUser extends Principal {
  readonly hash: PasswordHash;
}

/** The development credential of the original project (a reader). Never written to any file. */
export const DEV_USER = Object.freeze({ name: 'bob', password: 'builder', role: 'reader' as Role });

/** An immutable set of users; to change users, build a new store. */
export class UserStore {
  private readonly byName: ReadonlyMap<string, StoredUser>;
  /** Unknown names are verified against this: same cost as the dearest real hash. */
  readonly unknownUserHash: PasswordHash;

  constructor(users: readonly StoredUser[]) {
    const byName = new Map<string, StoredUser>();
    for (const user of users) byName.set(user.name, user);
    this.byName = byName;
    let dearest: Readonly<ScryptParams> = DEFAULT_SCRYPT_PARAMS;
    let first = true;
    for (const user of byName.values()) {
      if (first || scryptCost(user.hash.params) > scryptCost(dearest)) dearest = user.hash.params;
      first = false;
    }
    this.unknownUserHash = unmatchableHash(dearest);
  }

  /** A store of the users read from a users file (records already validated by auth/users-file). */
  static fromRecords(records: readonly UserRecord[]): UserStore {
    return new UserStore(records.map((r) => ({ name: r.name, role: r.role, hash: parsePasswordHash(r.passwordHash) })));
  }

  /** The user called `name`, if any. */
  find(name: string): StoredUser | undefined {
    return this.byName.get(name);
  }

  /** Number of users. */
  get size(): number {
    return this.byName.size;
  }

  /** Names and roles, sorted by name (no hashes). */
  list(): Principal[] {
    return [...this.byName.values()].map((u) => ({ name: u.name, role: u.role })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A new store with `user` added (replacing a user of the same name). */
  with(user: StoredUser): UserStore {
    return new UserStore([...[...this.byName.values()].filter((u) => u.name !== user.name), user]);
  }
}

/**
 * The cost the development user is hashed at. Its password is public, so a dear hash would guard
 * nothing and cost every start ~128 MiB and a few hundred milliseconds; real users always get
 * DEFAULT_SCRYPT_PARAMS. (Unknown names are still checked at the dearest cost in the store.)
 */
export const DEV_USER_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ log2N: 12, r: 8, p: 1, keyLength: 32 });

/**
 * The development user `bob` / `builder` (reader), hashed in memory only. Callers must announce it
 * loudly: it is a public credential.
 */
export async function createDevUser(params: Readonly<ScryptParams> = DEV_USER_SCRYPT_PARAMS): Promise<StoredUser> {
  const hash = parsePasswordHash(await hashPassword(DEV_USER.password, params));
  return { name: DEV_USER.name, role: DEV_USER.role, hash };
}
