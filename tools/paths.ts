/**
 * @module tools/paths
 * Where the tooling finds the repository's own files once compiled: this module runs from
 * dist/tools/, so the repository root is two folders up. Tooling only; product code never uses it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A path inside the repository, from its root. */
export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

/** The compiled command-line entry point. */
export const CLI_MAIN = repoPath('dist/src/cli/main.js');
