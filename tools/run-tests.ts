#!/usr/bin/env node
// Runs every test with Node's built-in test runner: the compiled TypeScript tests
// (dist/**/*.test.js, from x.test.ts next to the code they test in src/ and tools/, and test/) and the plain-JS tests of
// the benchmark and deployment scripts (scripts/**/*.test.mjs). Arguments filter by path substring.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
const files = [...findTests('dist', '.test.js'), ...findTests('scripts', '.test.mjs')].filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
if (files.length === 0) {
  console.error('no test files found under dist/: run `npm run build` first');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
