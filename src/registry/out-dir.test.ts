import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planOutDir, probeOutDir } from './out-dir.js';
import { isReviewStarsError, type ErrorCode } from '../core/errors.js';
import { withTempDir } from '../../test-support/temp-dir.js';

const MANIFEST = JSON.stringify({
  format: 'review-stars/model-set',
  vectorizers: [{ file: 'vectorizers/v.json' }],
  // a listed file that is missing, and names outside the set's folders, are not the set's files
  models: [{ file: 'models/a.rsm' }, { file: 'models/gone.rsm' }, { file: '../outside.csv' }, { file: 'models/../../x.rsm' }, { file: 'notes.txt' }],
});

async function writeSet(dir: string): Promise<void> {
  await mkdir(join(dir, 'models'), { recursive: true });
  await mkdir(join(dir, 'vectorizers'));
  await writeFile(join(dir, 'manifest.json'), MANIFEST);
  await writeFile(join(dir, 'models', 'a.rsm'), 'a');
  await writeFile(join(dir, 'vectorizers', 'v.json'), '{}');
}

function refusedWith(code: ErrorCode, pattern: RegExp): (err: unknown) => boolean {
  return (err) => isReviewStarsError(err, code) && pattern.test(err.message);
}

test('a missing directory is created; an empty one is written in place', async () => {
  await withTempDir('rs-plan-', async (dir) => {
    assert.deepEqual(await planOutDir(join(dir, 'a', 'b')), { target: join(dir, 'a', 'b'), mode: 'create', ownFiles: [], foreign: [] });
    await mkdir(join(dir, 'empty'));
    assert.equal((await planOutDir(join(dir, 'empty'))).mode, 'in-place');
  });
});

test('a directory holding only a set is swapped; its own files are the manifest and the listed files that exist in its folders', async () => {
  await withTempDir('rs-plan-', async (dir) => {
    await writeSet(join(dir, 'set'));
    const plan = await planOutDir(join(dir, 'set'));
    assert.equal(plan.mode, 'swap');
    assert.deepEqual(plan.ownFiles, ['manifest.json', 'models/a.rsm', 'vectorizers/v.json']);
    assert.deepEqual(plan.foreign, []);
  });
});

test('other files are refused without force and listed; with force the set is written in place beside them', async () => {
  await withTempDir('rs-plan-', async (dir) => {
    const set = join(dir, 'set');
    await writeSet(set);
    await writeFile(join(set, 'notes.txt'), 'mine');
    await writeFile(join(set, 'models', 'b.rsm'), 'not listed');
    await assert.rejects(
      planOutDir(set, { label: '--out' }),
      refusedWith('OUT_DIR_NOT_EMPTY', /^--out .* holds a model set and files that are not its own \(models\/b\.rsm, notes\.txt\): .*--force/),
    );
    const forced = await planOutDir(set, { force: true });
    assert.equal(forced.mode, 'in-place');
    assert.deepEqual(forced.foreign, ['models/b.rsm', 'notes.txt']);

    await writeFile(join(dir, 'data.csv'), 'x');
    await assert.rejects(planOutDir(dir), refusedWith('OUT_DIR_NOT_EMPTY', /holds files that are not a model set's \(data\.csv, set\)/));
  });
});

test('a file, or a path under a file, is not writable; the probe leaves nothing behind', async () => {
  await withTempDir('rs-plan-', async (dir) => {
    const file = join(dir, 'f');
    await writeFile(file, 'x');
    await assert.rejects(planOutDir(file, { label: '--out' }), refusedWith('OUTPUT_NOT_WRITABLE', /^--out .*f is a file, not a directory$/));
    await assert.rejects(planOutDir(join(file, 'set'), { label: '--out' }), refusedWith('OUTPUT_NOT_WRITABLE', /cannot be written: .*f is not a directory$/));
    const plan = await planOutDir(join(dir, 'new', 'set'));
    await probeOutDir(plan, join(dir, 'new', 'set'));
    assert.deepEqual(await readdir(dir), ['f']);
  });
});

test('the working directory, or a folder holding it, is written in place and never renamed away', async () => {
  await withTempDir('rs-plan-', async (dir) => {
    await writeSet(dir);
    const inner = join(dir, 'models');
    const before = process.cwd();
    process.chdir(inner);
    try {
      assert.equal((await planOutDir(dir)).mode, 'in-place');
      assert.equal((await planOutDir('..')).mode, 'in-place');
    } finally {
      process.chdir(before);
    }
    assert.equal((await planOutDir(dir)).mode, 'swap');
  });
});
