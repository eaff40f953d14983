#!/usr/bin/env node
/**
 * @module tools/run-tests
 * Runs every compiled test (dist/{src,tools,test,test-support}/**\/*.test.js: x.test.ts beside the
 * code it tests in src/ and tools/, and the end-to-end tests in test/) with Node's built-in test
 * runner. Arguments filter by path substring. Runs tests only; builds nothing (`npm test` builds and
 * lints first). Only the folders tsconfig compiles are searched, so that compiled files left in dist/
 * by an older layout never run.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './paths.js';

function findTests(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

/** The compiled counterparts of tsconfig's source folders. */
const COMPILED_FOLDERS = ['src', 'tools', 'test', 'test-support'].map((folder) => relative(process.cwd(), join(REPO_ROOT, 'dist', folder)));

const only = process.argv.slice(2);
const files = COMPILED_FOLDERS.filter((dir) => existsSync(dir))
  .flatMap((dir) => findTests(dir, '.test.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error(only.length === 0 ? 'no test files found under dist/: run `npm run build` first' : `no compiled test file matches ${only.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
