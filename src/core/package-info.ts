/**
 * @module core/package-info
 * Reads this package's name and version from package.json once (for --version, metrics, logs).
 */
import { readFileSync } from 'node:fs';

let cached: { name: string; version: string } | undefined;

function read(): { name: string; version: string } {
  if (!cached) {
    const raw = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
    cached = { name: String(raw.name ?? 'review-stars'), version: String(raw.version ?? '0.0.0') };
  }
  return cached;
}

/** The package version, e.g. "0.1.0". */
export function packageVersion(): string {
  return read().version;
}
