/**
 * End-to-end tests of where `review-stars train` writes: it refuses a directory that holds other
 * things than a model set unless --force, never deletes a file that is not the set's own (not even
 * with --force), and checks --out before it trains.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../test-support/spawn-server.js';
import { syntheticReviews, writeReviewsCsv } from '../../test-support/synthetic-reviews.js';
import { withTempDir } from '../../test-support/temp-dir.js';

/** A fast model: these tests are about files, not fits. */
const FAST = ['--only', 'nb_global', '--no-progress'];

/** Writes a small reviews CSV to `dir/reviews.csv` and returns its path and bytes. */
function writeCsv(dir: string): { csv: string; bytes: Buffer } {
  const csv = join(dir, 'reviews.csv');
  writeReviewsCsv(csv, syntheticReviews(200, 3));
  return { csv, bytes: readFileSync(csv) };
}

function manifestOf(dir: string): { version: string; models: { name: string; file: string }[] } {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string; models: { name: string; file: string }[] };
}

test('train --out . in a directory holding the CSV refuses, trains nothing and deletes nothing', { timeout: 60_000 }, async () => {
  await withTempDir('rs-out-', async (dir) => {
    const { csv, bytes } = writeCsv(dir);
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const run = await runCli(['train', '--data', csv, '--out', dir, ...FAST]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /error OUT_DIR_NOT_EMPTY: --out .* holds files that are not a model set's \(notes\.txt, reviews\.csv\).*--force/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(run.stdout, /wrote model set/);
    assert.deepEqual(readdirSync(dir).sort(), ['notes.txt', 'reviews.csv']);
    assert.deepEqual(readFileSync(csv), bytes);
  });
});

test('train --force writes the set beside other files and keeps them; a later run replaces only the set\'s own files', { timeout: 90_000 }, async () => {
  await withTempDir('rs-out-', async (dir) => {
    const { csv, bytes } = writeCsv(dir);
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'mine.txt'), 'not a model file');
    const first = await runCli(['train', '--data', csv, '--out', dir, '--force', '--only', 'nb_global,dt_global', '--no-progress']);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(readFileSync(csv), bytes);
    assert.equal(readFileSync(join(dir, 'models', 'mine.txt'), 'utf8'), 'not a model file');
    assert.deepEqual(manifestOf(dir).models.map((m) => m.file).sort(), ['models/dt_global.rsm', 'models/nb_global.rsm']);
    const predicted = await runCli(['predict', '--models', dir, '--model', 'nb_global', '--json', 'terrible rude staff']);
    assert.equal(predicted.code, 0, predicted.stderr);

    // The directory now holds a set and other files: refused again without --force.
    const again = await runCli(['train', '--data', csv, '--out', dir, ...FAST]);
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /OUT_DIR_NOT_EMPTY: --out .* holds a model set and files that are not its own \(models\/mine\.txt, reviews\.csv\)/);

    // With --force the old set's files that the new set lacks go; nothing else does.
    const second = await runCli(['train', '--data', csv, '--out', dir, '--force', ...FAST]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['manifest.json', 'models', 'reviews.csv', 'vectorizers']);
    assert.deepEqual(readdirSync(join(dir, 'models')).sort(), ['mine.txt', 'nb_global.rsm']);
    assert.deepEqual(readFileSync(csv), bytes);
    const loaded = await runCli(['predict', '--models', dir, '--model', 'nb_global', 'great fun']);
    assert.equal(loaded.code, 0, loaded.stderr);
  });
});

test('train replaces a directory that holds only a model set without --force, and writes into an empty one', { timeout: 90_000 }, async () => {
  await withTempDir('rs-out-', async (dir) => {
    const { csv } = writeCsv(dir);
    const out = join(dir, 'set');
    mkdirSync(out);
    const first = await runCli(['train', '--data', csv, '--out', out, '--only', 'nb_global,dt_global', '--no-progress']);
    assert.equal(first.code, 0, first.stderr);
    const second = await runCli(['train', '--data', csv, '--out', out, ...FAST]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(readdirSync(join(out, 'models')), ['nb_global.rsm']);
    assert.deepEqual(readdirSync(dir).sort(), ['reviews.csv', 'set'], 'no staging directory is left behind');
  });
});

test('train --force never deletes a file a manifest names outside the set\'s own folders', { timeout: 60_000 }, async () => {
  await withTempDir('rs-out-', async (dir) => {
    const { csv, bytes } = writeCsv(dir);
    const out = join(dir, 'set');
    const first = await runCli(['train', '--data', csv, '--out', out, ...FAST]);
    assert.equal(first.code, 0, first.stderr);
    // A hand-edited manifest that names a file outside the set must not make train delete it.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { models: { file: string }[] };
    manifest.models.push({ ...(manifest.models[0] as { file: string }), file: '../reviews.csv' });
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
    const second = await runCli(['train', '--data', csv, '--out', out, '--force', ...FAST]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(readFileSync(csv), bytes);
  });
});

test('an unwritable --out is refused before training, in one line naming --out, exit 2', { timeout: 60_000 }, async () => {
  await withTempDir('rs-out-', async (dir) => {
    const { csv } = writeCsv(dir);
    // Under a regular file: not even root can create it.
    const out = join(csv, 'set');
    const run = await runCli(['train', '--data', csv, '--out', out, ...FAST]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^review-stars: error OUTPUT_NOT_WRITABLE: --out .*reviews\.csv\/set cannot be written: .*reviews\.csv is not a directory\n$/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(run.stderr, /^read \d+ rows/m, 'the CSV is not even read');
    const file = join(dir, 'out-file');
    writeFileSync(file, 'x');
    const onFile = await runCli(['train', '--data', csv, '--out', file, ...FAST]);
    assert.equal(onFile.code, 2, onFile.stderr);
    assert.match(onFile.stderr, /OUTPUT_NOT_WRITABLE: --out .*out-file is a file, not a directory/);
    assert.equal(readFileSync(file, 'utf8'), 'x');
  });
});

test('a --data file that fails while it is read ends in one line naming the file, exit 2', { skip: existsSync('/proc/self/mem') ? false : 'needs Linux /proc', timeout: 30_000 }, async () => {
  await withTempDir('rs-out-', async (dir) => {
    // A regular file by stat whose read fails with EIO, even for root.
    const run = await runCli(['train', '--data', '/proc/self/mem', '--out', join(dir, 'set'), ...FAST]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^review-stars: error DATA_READ_FAILED: cannot read reviews CSV \/proc\/self\/mem: EIO/);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.equal(existsSync(join(dir, 'set')), false);
  });
});
