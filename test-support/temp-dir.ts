/**
 * @module test-support/temp-dir
 * A fresh temporary directory for one test, removed afterwards whatever happens.
 * For tests only; nothing in the product imports it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `fn` with a new directory named `<prefix>XXXXXX` under the system's temporary folder, then deletes it. */
export async function withTempDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
