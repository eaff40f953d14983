#!/usr/bin/env node
/**
 * @module tools/train/train-default
 * `npm run train:default`: rebuilds the committed default model set (models/default) from the
 * reviews CSV named by REVIEWS_CSV, with the fixed seed 42. Same data + same code = same version
 * and the same model files, bit for bit (only createdAt changes). Touches nothing but models/default.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI_MAIN, repoPath } from '../paths.js';

const data = process.env.REVIEWS_CSV;
if (!data || !existsSync(data)) {
  console.error('train:default needs the reviews CSV: set REVIEWS_CSV=/path/to/disneyland_reviews_public_subset.csv');
  process.exit(2);
}
// `npm run train:default` has built the project before this runs (see package.json).
const run = spawnSync(process.execPath, [CLI_MAIN, 'train', '--data', data, '--out', repoPath('models/default'), '--seed', '42', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
