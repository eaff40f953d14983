/**
 * End-to-end tests of `review-stars train`, `evaluate` and `predict` as a user runs them: on the
 * real reviews CSV when REVIEWS_CSV names it (CI does), else on made-up reviews.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODELS, runCli } from '../../test-support/spawn-server.js';
import { syntheticReviews, writeReviewsCsv } from '../../test-support/synthetic-reviews.js';

const ORIGINAL_SIX = ['rf_global', 'lr_global', 'dt_global', 'rf_Disneyland_HongKong', 'rf_Disneyland_California', 'rf_Disneyland_Paris'];
const REAL = process.env.REVIEWS_CSV;
const realSkip = REAL === undefined || !existsSync(REAL) ? 'REVIEWS_CSV does not name the reviews CSV' : false;

interface ManifestJson {
  version: string;
  data: { sha256: string; rowsRead: number; rowsSkipped: number };
  split: { seed: number; testFraction: number; trainRows: number; testRows: number };
  best: string;
  models: { name: string; algorithm: string; branch: string | null; vocabularySize: number; metrics: { accuracy: number; macroF1: number; mae: number; confusion: number[][] } }[];
}

test('train --only the original six on the real data writes their manifest and reproduces the committed metrics bit for bit', { skip: realSkip, timeout: 120_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'rs-train-'));
  try {
    const run = await runCli(['train', '--data', REAL as string, '--out', join(out, 'set'), '--only', ORIGINAL_SIX.join(','), '--no-progress'], { timeoutMs: 110_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /rf_Disneyland_Paris/);
    assert.match(run.stdout, /wrote model set [0-9a-f]{12}/);
    const m = JSON.parse(readFileSync(join(out, 'set', 'manifest.json'), 'utf8')) as ManifestJson;
    assert.deepEqual(m.models.map((x) => x.name), ORIGINAL_SIX);
    assert.equal(m.data.rowsRead, 7946);
    assert.equal(m.data.rowsSkipped, 0);
    assert.deepEqual([m.split.seed, m.split.testFraction, m.split.trainRows, m.split.testRows], [42, 0.2, 6357, 1589]);
    const committed = JSON.parse(readFileSync(join(DEFAULT_MODELS, 'manifest.json'), 'utf8')) as ManifestJson;
    assert.equal(m.data.sha256, committed.data.sha256, 'the committed set was trained on this file');
    for (const model of m.models) {
      const same = committed.models.find((c) => c.name === model.name);
      assert.deepEqual(model.metrics, same?.metrics, model.name);
    }
    // evaluate scores every model of the set on all rows
    const evaluated = await runCli(['evaluate', '--models', join(out, 'set'), '--data', REAL as string, '--json'], { timeoutMs: 60_000 });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const report = JSON.parse(evaluated.stdout) as { models: { name: string; metrics: { n: number } }[] };
    assert.equal(report.models.find((x) => x.name === 'lr_global')?.metrics.n, 7946);
    assert.equal(report.models.find((x) => x.name === 'rf_Disneyland_Paris')?.metrics.n, 1503);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the committed default set holds the original six and the improved models, best by macro-F1', () => {
  const m = JSON.parse(readFileSync(join(DEFAULT_MODELS, 'manifest.json'), 'utf8')) as ManifestJson;
  const names = m.models.map((x) => x.name);
  for (const name of [...ORIGINAL_SIX, 'lr_tfidf_global', 'nb_global']) assert.ok(names.includes(name), name);
  const top = Math.max(...m.models.map((x) => x.metrics.macroF1));
  assert.equal(m.models.find((x) => x.name === m.best)?.metrics.macroF1, top);
  // the improved models beat the original ones on every headline metric
  const original = m.models.filter((x) => ORIGINAL_SIX.includes(x.name) && x.branch === null);
  const improved = m.models.filter((x) => !ORIGINAL_SIX.includes(x.name));
  assert.ok(Math.max(...improved.map((x) => x.metrics.accuracy)) > Math.max(...original.map((x) => x.metrics.accuracy)));
  assert.ok(Math.min(...improved.map((x) => x.metrics.mae)) < Math.min(...original.map((x) => x.metrics.mae)));
});

test('train on made-up reviews, then predict and evaluate with that set; bad flags are refused with their code', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rs-train-'));
  try {
    const csv = join(dir, 'reviews.csv');
    writeReviewsCsv(csv, syntheticReviews(300, 5));
    const trained = await runCli(['train', '--data', csv, '--out', join(dir, 'set'), '--only', 'lr_global,nb_global'], { timeoutMs: 110_000 });
    assert.equal(trained.code, 0, trained.stderr);
    // without a terminal, progress is a line per stage and per fitted model (on stderr)
    const lines = trained.stderr.split('\n').filter((l) => /^\[ *\d+\.\d s\] /.test(l));
    assert.ok(lines.some((l) => /\] features count2000-all$/.test(l)), trained.stderr);
    for (const name of ['lr_global', 'nb_global']) assert.ok(lines.some((l) => new RegExp(`\\] fitted ${name} in \\d+\\.\\d s \\([12]/2 models`).test(l)), trained.stderr);
    assert.ok(!trained.stderr.includes('\u001b['), 'no terminal escapes when stderr is not a terminal');
    // the last line says how long the run took and how much CPU it used
    const took = /\ntook (\d+\.\d\d) s from process start, (\d+\.\d\d) s of CPU over all threads, peak RSS (\d+) MiB\n$/.exec(trained.stdout);
    assert.ok(took, trained.stdout.slice(-300));
    assert.ok(Number(took[1]) > 0 && Number(took[2]) > 0 && Number(took[3]) > 0, took[0]);
    const predicted = await runCli(['predict', '--models', join(dir, 'set'), '--model', 'lr_global', '--json', '--explain', 'terrible rude staff, never again']);
    assert.equal(predicted.code, 0, predicted.stderr);
    const answer = JSON.parse(predicted.stdout) as { model: string; predictions: Array<{ rating: number; probabilities: Record<string, number>; expectedRating: number; explanation: { term: string }[] }> };
    assert.equal(answer.model, 'lr_global');
    const p = { ...answer.predictions[0]!, probabilities: Object.values(answer.predictions[0]!.probabilities) };
    assert.ok(p.rating <= 2, `rating ${p.rating}`);
    assert.ok(p.explanation.some((t) => ['terrible', 'rude', 'staff', 'never'].includes(t.term)));
    // the text form says the same, one probability per rating
    const text = await runCli(['predict', '--models', join(dir, 'set'), '--model', 'lr_global', 'terrible rude staff, never again']);
    assert.equal(text.code, 0, text.stderr);
    const shown = p.probabilities.map((q, i) => `  P(${i + 1} ${i === 0 ? 'star' : 'stars'}) = ${q.toFixed(3)}`);
    assert.equal(text.stdout, ['model: lr_global', `rating: ${p.rating}`, `expected rating: ${p.expectedRating.toFixed(2)}`, ...shown, ''].join('\n'));

    const unknown = await runCli(['predict', '--models', join(dir, 'set'), '--model', 'nope', 'text']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /UNKNOWN_MODEL.*available: best, lr_global, nb_global/);
    const badSeed = await runCli(['train', '--data', csv, '--seed', 'abc']);
    assert.equal(badSeed.code, 2);
    assert.match(badSeed.stderr, /INVALID_ARGUMENT: --seed must be an integer/);
    const badOnly = await runCli(['train', '--data', csv, '--only', 'lr_global,svm']);
    assert.match(badOnly.stderr, /UNKNOWN_MODEL: --only names unknown model\(s\) svm/);
    const missing = await runCli(['train', '--data', join(dir, 'nope.csv')]);
    assert.match(missing.stderr, /DATA_FILE_NOT_FOUND/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

