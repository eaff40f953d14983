#!/usr/bin/env node
// `npm run train:default`: rebuilds the committed default model set (models/default) from the
// reviews CSV named by REVIEWS_CSV, with the fixed seed 42. Same data + same code = same version
// and the same model files, bit for bit (only createdAt changes).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const data = process.env.REVIEWS_CSV;
if (!data || !existsSync(data)) {
  console.error('train:default needs the reviews CSV: set REVIEWS_CSV=/path/to/disneyland_reviews_public_subset.csv');
  process.exit(2);
}
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['dist/src/cli/main.js', 'train', '--data', data, '--out', 'models/default', '--seed', '42', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
