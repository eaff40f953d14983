/**
 * @module store/url
 * What a store URL names (`sqlite:PATH`, `postgres://user:pass@host:port/db` or `none`), where
 * `serve` and the CLI take it from (flag, the file REVIEW_STARS_STORE_FILE names, for secrets, or
 * REVIEW_STARS_STORE), and its printable form with the password hidden. Opens nothing.
 */
import { readFileSync } from 'node:fs';
import { ReviewStarsError } from '../core/errors.js';

/** The store `npm start` uses: a SQLite file under the working directory, created on first use. */
export const DEFAULT_STORE_URL = 'sqlite:./data/review-stars.db';

/** A parsed store URL. `display` is safe to log (no password). */
export type StoreTarget =
  | { kind: 'none'; display: 'none' }
  | { kind: 'sqlite'; path: string; display: string }
  | { kind: 'postgres'; url: string; display: string };

const HELP = 'use sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DATABASE or none';

/** Parses a store URL; throws STORE_URL_INVALID (whose message never holds the password). */
export function parseStoreUrl(raw: string): StoreTarget {
  const value = raw.trim();
  if (value === 'none') return { kind: 'none', display: 'none' };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '' || /[\0\n\r]/.test(path)) throw new ReviewStarsError('STORE_URL_INVALID', `store URL sqlite: needs a file path: ${HELP}`);
    return { kind: 'sqlite', path, display: value };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ReviewStarsError('STORE_URL_INVALID', `store URL ${redactStoreUrl(value)} is not a valid URL: ${HELP}`);
    }
    if (url.hostname === '' || url.pathname.length <= 1) {
      throw new ReviewStarsError('STORE_URL_INVALID', `store URL ${redactStoreUrl(value)} needs a host and a database name: ${HELP}`);
    }
    return { kind: 'postgres', url: value, display: redactStoreUrl(value) };
  }
  throw new ReviewStarsError('STORE_URL_INVALID', `unknown store URL ${JSON.stringify(redactStoreUrl(value))}: ${HELP}`);
}

/** The URL with any password replaced by `***` (also for strings that do not parse as URLs). */
export function redactStoreUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^/?#]*@/i, '$1:***@');
}

/**
 * The store URL of a run: the flag, else the content of the file REVIEW_STARS_STORE_FILE names (a
 * mounted secret), else REVIEW_STARS_STORE, else {@link DEFAULT_STORE_URL}. The file wins over the
 * variable so that a secret mounted by a deployment overrides an image's default.
 */
export function resolveStoreUrl(flag: string | undefined, env: NodeJS.ProcessEnv): StoreTarget {
  if (flag !== undefined) return parseStoreUrl(flag);
  const file = nonEmpty(env.REVIEW_STARS_STORE_FILE);
  if (file !== undefined) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ReviewStarsError('STORE_URL_INVALID', `REVIEW_STARS_STORE_FILE ${file} cannot be read (${reason})`, { file });
    }
    if (content.trim() === '') throw new ReviewStarsError('STORE_URL_INVALID', `REVIEW_STARS_STORE_FILE ${file} is empty`, { file });
    return parseStoreUrl(content);
  }
  const direct = nonEmpty(env.REVIEW_STARS_STORE);
  return parseStoreUrl(direct ?? DEFAULT_STORE_URL);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
