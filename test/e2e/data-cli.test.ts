/**
 * End-to-end tests of what `train` and `evaluate` do with the rows they read: repeated rows are
 * reported and kept once (so none sits on both sides of the split), `evaluate` says when it is
 * given the set's own training data and can score only the held-out rows, and every skipped row
 * can be written to a file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_MODELS, runCli } from '../../test-support/spawn-server.js';
import { syntheticReviews, writeReviewsCsv, type SyntheticReview } from '../../test-support/synthetic-reviews.js';
import { withTempDir } from '../../test-support/temp-dir.js';

interface ManifestJson {
  data: { sha256: string; rowsRead: number; rowsSkipped: number; rowsUsed: number };
  split: { trainRows: number; testRows: number };
  models: { name: string; metrics: Record<string, unknown> & { n: number; accuracy: number } }[];
}

const readManifest = (dir: string): ManifestJson => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;

test('rows repeated five times are reported, kept once, and train the same models as the file without repeats', { timeout: 120_000 }, async () => {
  await withTempDir('rs-dup-', async (dir) => {
    const reviews = syntheticReviews(200, 11);
    const once = join(dir, 'once.csv');
    writeReviewsCsv(once, reviews);
    const fiveTimes = join(dir, 'five-times.csv');
    writeReviewsCsv(fiveTimes, [...reviews, ...reviews, ...reviews, ...reviews, ...reviews]);
    // Made-up texts may repeat by chance; those are repeats too.
    const unique = new Set(reviews.map((r) => `${r.rating}|${r.text}`)).size;

    const a = await runCli(['train', '--data', once, '--out', join(dir, 'a'), '--only', 'nb_global,dt_global', '--no-progress']);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(['train', '--data', fiveTimes, '--out', join(dir, 'b'), '--only', 'nb_global,dt_global', '--no-progress']);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, new RegExp(`${1000 - unique} rows skipped: line 202: repeats line 2 \\(same Review_ID 100000\\); line 203: repeats line 3 \\(same Review_ID 100001\\)`));
    const ma = readManifest(join(dir, 'a'));
    const mb = readManifest(join(dir, 'b'));
    assert.deepEqual([mb.data.rowsRead, mb.data.rowsSkipped, mb.data.rowsUsed], [1000, 1000 - unique, unique]);
    assert.deepEqual([ma.split, ma.models], [mb.split, mb.models], 'same split, same models, same metrics');

    // Data resampled on purpose (e.g. to time training) keeps its repeats when asked.
    const kept = await runCli(['train', '--data', fiveTimes, '--out', join(dir, 'c'), '--only', 'nb_global', '--no-progress', '--keep-duplicates']);
    assert.equal(kept.code, 0, kept.stderr);
    assert.doesNotMatch(kept.stderr, /skipped/);
    assert.equal(readManifest(join(dir, 'c')).data.rowsUsed, 1000);
  });
});

test('a row repeating another\'s text and rating under a new Review_ID is a repeat too', { timeout: 60_000 }, async () => {
  await withTempDir('rs-dup-', async (dir) => {
    const reviews = syntheticReviews(150, 12);
    const renumbered: SyntheticReview[] = reviews.map((r) => ({ ...r, id: r.id + 500_000 }));
    const csv = join(dir, 'twice.csv');
    writeReviewsCsv(csv, [...reviews, ...renumbered]);
    const run = await runCli(['train', '--data', csv, '--out', join(dir, 'set'), '--only', 'nb_global', '--no-progress']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /line 152: repeats line 2 \(same text and rating\)/);
    assert.ok(readManifest(join(dir, 'set')).data.rowsUsed <= 150);
  });
});

test('evaluate warns when it is given the set\'s training data, and --split test scores the held-out rows as train did', { timeout: 120_000 }, async () => {
  await withTempDir('rs-eval-', async (dir) => {
    const csv = join(dir, 'reviews.csv');
    writeReviewsCsv(csv, syntheticReviews(300, 13));
    const set = join(dir, 'set');
    // A seed and fraction other than the defaults: evaluate must take them from the manifest.
    const trained = await runCli(['train', '--data', csv, '--out', set, '--only', 'nb_global,dt_global,rf_Disneyland_Paris', '--seed', '7', '--test-fraction', '0.3', '--no-progress']);
    assert.equal(trained.code, 0, trained.stderr);
    const manifest = readManifest(set);

    const all = await runCli(['evaluate', '--models', set, '--data', csv]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stderr, /warning: .*reviews\.csv is the data this model set was trained on \(same sha256\): \d+ of its \d+ rows trained the models, so these figures overstate them; --split test scores only the \d+ held-out rows/);

    const held = await runCli(['evaluate', '--models', set, '--data', csv, '--split', 'test', '--json']);
    assert.equal(held.code, 0, held.stderr);
    assert.doesNotMatch(held.stderr, /warning/);
    const report = JSON.parse(held.stdout) as { split: string; data: { rowsScored: number }; models: { name: string; metrics: unknown }[] };
    assert.equal(report.split, 'test');
    assert.equal(report.data.rowsScored, manifest.split.testRows);
    assert.deepEqual(
      report.models.map((m) => [m.name, m.metrics]),
      manifest.models.map((m) => [m.name, m.metrics]),
      'the held-out rows give the metrics train reported',
    );

    // Other data has no held-out rows of this set.
    const other = join(dir, 'other.csv');
    writeReviewsCsv(other, syntheticReviews(300, 14));
    const refused = await runCli(['evaluate', '--models', set, '--data', other, '--split', 'test']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^review-stars: error INVALID_ARGUMENT: --split test needs the data this set was trained on \(sha256 [0-9a-f]{12}.*\); .*other\.csv has sha256 [0-9a-f]{12}/);
    const quiet = await runCli(['evaluate', '--models', set, '--data', other]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /warning/);
  });
});

const REAL = process.env.REVIEWS_CSV;
const realSkip = REAL === undefined || !existsSync(REAL) ? 'REVIEWS_CSV does not name the reviews CSV' : false;

test('evaluate --split test on the real data gives the committed set\'s test metrics, model for model', { skip: realSkip, timeout: 120_000 }, async () => {
  const all = await runCli(['evaluate', '--data', REAL as string], { timeoutMs: 110_000 });
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stderr, /warning: .* is the data this model set was trained on \(same sha256\): 6357 of its 7946 rows trained the models/);
  const held = await runCli(['evaluate', '--data', REAL as string, '--split', 'test', '--json'], { timeoutMs: 110_000 });
  assert.equal(held.code, 0, held.stderr);
  const report = JSON.parse(held.stdout) as { data: { rowsScored: number; trainingData: boolean }; models: { name: string; metrics: unknown }[] };
  assert.deepEqual([report.data.rowsScored, report.data.trainingData], [1589, true]);
  const committed = readManifest(DEFAULT_MODELS);
  assert.deepEqual(
    report.models.map((m) => [m.name, m.metrics]),
    committed.models.map((m) => [m.name, m.metrics]),
  );
});

/** The synthetic rows with bad ratings put in at known places: [Review_ID, rating]. */
const BAD_ROWS: Array<[number, string]> = [
  [900001, '0'],
  [900002, '6'],
  [900003, 'x, "quoted"'],
  [900004, '4.5'],
  [900005, ''],
  [900006, '7'],
  [900007, '9'],
  [900008, '-1'],
];

function writeCsvWithBadRows(path: string): void {
  writeReviewsCsv(path, syntheticReviews(150, 15));
  const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
  const bad = BAD_ROWS.map(([id, rating]) => [id, quote(rating), '2019-4', 'Nowhere', quote('Made-up review: fine.'), 'Disneyland_Paris'].join(','));
  writeFileSync(path, `${readFileSync(path, 'utf8')}${bad.join('\r\n')}\r\n`);
}

test('--skipped-report FILE.csv writes every skipped row (line, code, reason, Review_ID), not only the first five', { timeout: 60_000 }, async () => {
  await withTempDir('rs-skip-', async (dir) => {
    const csv = join(dir, 'reviews.csv');
    writeCsvWithBadRows(csv);
    const report = join(dir, 'skipped.csv');
    const run = await runCli(['train', '--data', csv, '--out', join(dir, 'set'), '--only', 'nb_global', '--no-progress', '--skipped-report', report]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /8 rows skipped: line 152: rating '0' is not 1-5; .*; and 3 more \(all 8 in .*skipped\.csv\)/);
    const rows = parse(readFileSync(report, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    assert.deepEqual(
      rows.map((r) => [r.line, r.code, r.Review_ID]),
      BAD_ROWS.map(([id], i) => [String(152 + i), 'BAD_RATING', String(id)]),
    );
    assert.equal(rows[2]?.reason, `rating 'x, "quoted"' is not 1-5`);

    // Without the flag, the report says how to see them all.
    const plain = await runCli(['train', '--data', csv, '--out', join(dir, 'set'), '--only', 'nb_global', '--no-progress']);
    assert.match(plain.stderr, /and 3 more \(--skipped-report FILE lists them all\)/);
  });
});

test('evaluate --skipped-report FILE.jsonl writes one JSON object per skipped row; a report path that is a directory is refused up front', { timeout: 60_000 }, async () => {
  await withTempDir('rs-skip-', async (dir) => {
    const csv = join(dir, 'reviews.csv');
    writeCsvWithBadRows(csv);
    const report = join(dir, 'skipped.jsonl');
    const run = await runCli(['evaluate', '--data', csv, '--skipped-report', report]);
    assert.equal(run.code, 0, run.stderr);
    const lines = readFileSync(report, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { line: number; code: string; reason: string; Review_ID: string });
    assert.deepEqual(lines.map((l) => [l.line, l.Review_ID]), BAD_ROWS.map(([id], i) => [152 + i, String(id)]));
    assert.equal(lines[3]?.reason, "rating '4.5' is not 1-5");

    const folder = join(dir, 'a-folder.csv');
    mkdirSync(folder);
    const refused = await runCli(['evaluate', '--data', csv, '--skipped-report', folder]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^review-stars: error OUTPUT_NOT_WRITABLE: --skipped-report .* is a directory/);
    const odd = await runCli(['evaluate', '--data', csv, '--skipped-report', join(dir, 'skipped.txt')]);
    assert.equal(odd.code, 2, odd.stderr);
    assert.match(odd.stderr, /INVALID_ARGUMENT: --skipped-report must end in \.csv or \.jsonl/);
    const overData = await runCli(['evaluate', '--data', csv, '--skipped-report', csv]);
    assert.equal(overData.code, 2, overData.stderr);
    assert.match(overData.stderr, /INVALID_ARGUMENT: --skipped-report .* is the reviews CSV itself/);
  });
});
