#!/usr/bin/env node
/**
 * @module tools/train/select-ordinal
 * `npm run select:ordinal`: how the ordinal models' C and class-weight power were chosen. Writes
 * review-stars' tokens of the reviews (REVIEWS_CSV or --data) and its seeded split to a temporary
 * file, and runs tools/reference/ordinal_cv.py (Debian's Python with scikit-learn), which
 * cross-validates the grid on the training rows only and then prints the picks' test figures.
 * Needs `npm run build`. Takes a few minutes on 2 cores. Removes the temporary file it wrote.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadReviews } from '../../src/data/reviews-csv.js';
import { splitReviews } from '../../src/train/pipeline.js';
import { tokenize } from '../../src/text/tokenize.js';
import { repoPath } from '../paths.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: process.env.REVIEWS_CSV }, seed: { type: 'string', default: '42' } } });
const seed = Number(values.seed);
const dataFile = values.data;
if (!dataFile || !Number.isInteger(seed)) {
  console.error('select:ordinal needs the reviews CSV (REVIEWS_CSV or --data FILE) and an integer --seed');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'review-stars-select-'));
try {
  const data = splitReviews(await loadReviews(dataFile), seed, 0.2);
  const file = join(work, 'tokens.json');
  writeFileSync(file, JSON.stringify({
    tokens: data.texts.map((t) => tokenize(t)),
    branches: data.branches,
    y: Array.from(data.labels, (c) => c + 1),
    train: Array.from(data.train),
    test: Array.from(data.test),
  }));
  const r = spawnSync('/usr/bin/python3', [repoPath('tools/reference/ordinal_cv.py'), '--tokens', file, '--seed', String(seed)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
