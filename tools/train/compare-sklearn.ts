#!/usr/bin/env node
/**
 * @module tools/train/compare-sklearn
 * `npm run compare:sklearn`: review-stars' decision tree and random forests against scikit-learn's
 * with the original settings, on the same sparse matrices: the public subset's seeded 80/20 split
 * (REVIEWS_CSV or --data), features as the original (2,000 most frequent terms, stop words removed).
 * Prints both test accuracies per model and whether they agree within 0.03. Needs `npm run build`.
 * Writes only to a temporary directory, which it removes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadReviews } from '../../src/data/reviews-csv.js';
import type { Labels } from '../../src/models/classifier.js';
import type { Csr } from '../../src/text/csr.js';
import { splitReviews, buildScopeFeatures, predictClasses, modelSeed } from '../../src/train/pipeline.js';
import { ORIGINAL_COUNTS, originalSpecs } from '../../src/train/model-specs.js';
import { fitSpec } from '../../src/train/fit.js';
import { repoPath } from '../paths.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: process.env.REVIEWS_CSV }, seed: { type: 'string', default: '42' } } });
const dataFile = values.data;
if (!dataFile) {
  console.error('compare:sklearn needs the reviews CSV: set REVIEWS_CSV or pass --data FILE');
  process.exit(2);
}
const seed = Number(values.seed);
const TOLERANCE = 0.03;
// Which scikit-learn result (tools/reference/sklearn_trees.py) has each original model's settings.
const REFERENCE: Readonly<Record<string, string>> = { rf_global: 'random_forest_100x3', dt_global: 'decision_tree_depth8' };

const toJson = (X: Csr, y: Labels): string =>
  JSON.stringify({ rows: X.rows, cols: X.cols, indptr: Array.from(X.indptr), indices: Array.from(X.indices), data: Array.from(X.data), y: Array.from(y) });
const accuracy = (yTrue: Labels, yPred: Labels): number => yTrue.reduce((n, t, i) => n + (t === yPred[i] ? 1 : 0), 0) / yTrue.length;

/** One model's result in sklearn_trees.py's JSON report, or an error saying what is missing. */
function referenceResult(stdout: string, key: string): { accuracy: number; fitSeconds: number } {
  const report: unknown = JSON.parse(stdout);
  const models = typeof report === 'object' && report !== null && 'models' in report ? report.models : undefined;
  const model = typeof models === 'object' && models !== null && key in models ? (models as Record<string, unknown>)[key] : undefined;
  if (typeof model !== 'object' || model === null || !('accuracy' in model) || !('fitSeconds' in model) ||
    typeof model.accuracy !== 'number' || typeof model.fitSeconds !== 'number') {
    throw new Error(`sklearn_trees.py's report has no accuracy and fitSeconds for ${key}`);
  }
  return { accuracy: model.accuracy, fitSeconds: model.fitSeconds };
}

const work = mkdtempSync(join(tmpdir(), 'review-stars-compare-'));
try {
  const data = splitReviews(await loadReviews(dataFile), seed, 0.2);
  const rows: { name: string; rows: string; ours: number; sklearn: number; oursSeconds: number; sklearnSeconds: number }[] = [];
  for (const spec of originalSpecs().filter((s) => s.algorithm !== 'logistic_regression')) {
    const scope = buildScopeFeatures(data, ORIGINAL_COUNTS, spec.branch);
    const t0 = performance.now();
    const model = await fitSpec(spec, scope.train, scope.yTrain, modelSeed(seed, spec.name));
    const ours = accuracy(scope.yTest, predictClasses(model, scope.test, 'argmax'));
    const oursSeconds = (performance.now() - t0) / 1000;
    writeFileSync(join(work, 'train.json'), toJson(scope.train, scope.yTrain));
    writeFileSync(join(work, 'test.json'), toJson(scope.test, scope.yTest));
    const r = spawnSync('/usr/bin/python3', [repoPath('tools/reference/sklearn_trees.py'), join(work, 'train.json'), join(work, 'test.json')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sklearn_trees.py failed: ${r.stderr}`);
    const ref = referenceResult(r.stdout, REFERENCE[spec.name] ?? 'random_forest_20x5');
    rows.push({ name: spec.name, rows: `${scope.train.rows}/${scope.test.rows}`, ours, sklearn: ref.accuracy, oursSeconds, sklearnSeconds: ref.fitSeconds });
  }
  console.log(`test accuracy on the seeded (${seed}) 80/20 split, same matrices for both; tolerance ${TOLERANCE}\n`);
  console.log('model                     train/test   review-stars   scikit-learn    diff   fit s (ours/sklearn)');
  let worst = 0;
  for (const r of rows) {
    const diff = r.ours - r.sklearn;
    worst = Math.max(worst, Math.abs(diff));
    console.log(
      `${r.name.padEnd(25)} ${r.rows.padStart(10)}   ${r.ours.toFixed(4).padStart(12)}   ${r.sklearn.toFixed(4).padStart(12)}   ${(diff >= 0 ? '+' : '') + diff.toFixed(4)}   ${r.oursSeconds.toFixed(3)} / ${r.sklearnSeconds.toFixed(3)}`,
    );
  }
  console.log(`\nlargest |difference| ${worst.toFixed(4)}: ${worst <= TOLERANCE ? 'within' : 'OUTSIDE'} ${TOLERANCE}`);
  process.exitCode = worst <= TOLERANCE ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
