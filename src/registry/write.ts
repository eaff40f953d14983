/**
 * @module registry/write
 * Writes a trained model set to a directory: one JSON file per vectorizer, one binary file per
 * model, and manifest.json with their sha256, the data fingerprint, the split and every metric.
 * The set is staged in a new temporary directory first. A new directory, or one that holds only a
 * set, is swapped in by rename, so a reader never sees a half-written set and a failed run leaves
 * the previous set untouched; into a directory that also holds other files (allowed by `force`)
 * the files are moved one by one, the manifest last. Only a set's own files are ever removed
 * (see registry/out-dir.ts); everything else in the directory stays.
 */
import { lstat, mkdir, mkdtemp, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { encodeModelFile } from './model-file.js';
import type { Manifest, ManifestModel } from './model-set.js';
import type { TrainResult } from '../train/pipeline.js';
import { ReviewStarsError, isReviewStarsError } from '../core/errors.js';
import { planOutDir, type OutDirOptions, type OutDirPlan } from './out-dir.js';

/** Where the training data came from (the manifest's `data` block). */
export interface DataFingerprint {
  file: string;
  sha256: string;
  rowsRead: number;
  rowsSkipped: number;
  rowsUsed: number;
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** Creation time: SOURCE_DATE_EPOCH (seconds) when set, for reproducible builds; else now. */
function creationTime(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

export interface WriteOptions extends OutDirOptions {
  /** Told about anything left behind that is not the set's (e.g. a file added to the old set while it was replaced). */
  warn?: (message: string) => void;
}

/**
 * Writes `result` as a model set in `outDir` and returns its manifest. The version is derived
 * from the content (data hash, split and every model file's hash), so the same data and seed give
 * the same version.
 * @throws ReviewStarsError OUT_DIR_NOT_EMPTY (see planOutDir) and OUTPUT_NOT_WRITABLE for a
 *   directory that cannot be written, naming it as `options.label` says.
 */
export async function writeModelSet(outDir: string, result: TrainResult, data: DataFingerprint, options: WriteOptions = {}): Promise<Manifest> {
  const label = options.label ?? 'the output directory';
  try {
    const plan = await planOutDir(outDir, options);
    if (plan.mode === 'create') await mkdir(dirname(plan.target), { recursive: true });
    const stagingParent = plan.mode === 'in-place' ? plan.target : dirname(plan.target);
    const staging = await mkdtemp(join(stagingParent, plan.mode === 'in-place' ? '.review-stars-staging-' : `.${basename(plan.target)}.tmp-`));
    try {
      const { manifest, files } = await stageModelSet(staging, result, data);
      if (plan.mode === 'in-place') await moveInPlace(plan, staging, files, label, outDir);
      else await swapIn(plan, staging, options.warn);
      return manifest;
    } finally {
      // The staging directory is this run's own: after a move or a swap it no longer exists.
      await rm(staging, { recursive: true, force: true });
    }
  } catch (err) {
    if (isReviewStarsError(err)) throw err;
    throw new ReviewStarsError('OUTPUT_NOT_WRITABLE', `${label} ${outDir} cannot be written: ${(err as Error).message}`, { dir: outDir });
  }
}

/** Writes the set's files into `staging`; returns the manifest and the files' paths (manifest.json last). */
async function stageModelSet(staging: string, result: TrainResult, data: DataFingerprint): Promise<{ manifest: Manifest; files: string[] }> {
  await mkdir(join(staging, 'vectorizers'));
  await mkdir(join(staging, 'models'));
  const vectorizers: Manifest['vectorizers'] = [];
  for (const [id, vectorizer] of [...result.vectorizers.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const file = `vectorizers/${id}.json`;
    const text = JSON.stringify(vectorizer.toJSON());
    await writeFile(join(staging, file), text);
    vectorizers.push({ id, file, sha256: sha256(text) });
  }
  const models: ManifestModel[] = [];
  // Models that share one fit (ModelSpec.sameFitAs) share one file.
  const written = new Map<unknown, { file: string; sha256: string }>();
  for (const m of result.models) {
    const artifact = m.classifier.toArtifact();
    let stored = written.get(m.classifier);
    if (!stored) {
      const bytes = encodeModelFile(artifact);
      stored = { file: `models/${m.spec.name}.rsm`, sha256: sha256(bytes) };
      await writeFile(join(staging, stored.file), bytes);
      written.set(m.classifier, stored);
    }
    const { file } = stored;
    models.push({
      name: m.spec.name,
      algorithm: m.spec.algorithm,
      branch: m.spec.branch,
      params: { ...m.spec.params, ...artifact.params },
      vectorizer: m.vectorizerId,
      vocabularySize: artifact.nFeatures,
      decoding: m.spec.decoding,
      ...(m.classOffsets ? { classOffsets: m.classOffsets } : {}),
      file,
      sha256: stored.sha256,
      metrics: m.metrics,
      reference: m.reference,
    });
  }
  const version = sha256(JSON.stringify([data.sha256, result.split, vectorizers.map((v) => v.sha256), models.map((m) => m.sha256)])).slice(0, 12);
  const manifest: Manifest = {
    format: 'review-stars/model-set',
    formatVersion: 1,
    version,
    createdAt: creationTime().toISOString(),
    data,
    split: result.split,
    best: result.best,
    vectorizers,
    models,
  };
  await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const files = [...vectorizers.map((v) => v.file), ...[...written.values()].map((w) => w.file), 'manifest.json'];
  return { manifest, files };
}

/**
 * Renames the staged set to the target; the old set (if any) is moved aside first and then only
 * its own files are removed. Anything that appeared in it meanwhile is left where it was moved, and told.
 */
async function swapIn(plan: OutDirPlan, staging: string, warn: WriteOptions['warn']): Promise<void> {
  if (plan.mode === 'create') {
    await rename(staging, plan.target);
    return;
  }
  // An empty directory made for the purpose: rename() replaces an empty directory.
  const old = await mkdtemp(join(dirname(plan.target), `.${basename(plan.target)}.old-`));
  try {
    await rename(plan.target, old);
  } catch (err) {
    await rmdir(old);
    throw err;
  }
  try {
    await rename(staging, plan.target);
  } catch (err) {
    await rename(old, plan.target);
    throw err;
  }
  await removeOwnFiles(old, plan.ownFiles);
  try {
    for (const folder of ['models', 'vectorizers']) await rmdir(join(old, folder)).catch(ignoreMissing);
    await rmdir(old);
  } catch {
    warn?.(`the previous set was replaced, but ${old} holds files that are not the set's own: they were left there`);
  }
}

/**
 * Moves the staged files into the target one by one (manifest.json last), after checking that
 * none would replace a file that is not the old set's own; then removes the old set's files that
 * the new set does not have.
 */
async function moveInPlace(plan: OutDirPlan, staging: string, files: readonly string[], label: string, outDir: string): Promise<void> {
  const own = new Set(plan.ownFiles);
  for (const file of files) {
    if (!own.has(file) && (await lstat(join(plan.target, file)).catch(() => undefined)) !== undefined) {
      throw new ReviewStarsError(
        'OUT_DIR_NOT_EMPTY',
        `${label} ${outDir} already holds ${file}, which is not a model set's own file: move it away, nothing was written`,
        { dir: outDir, file },
      );
    }
  }
  for (const folder of ['models', 'vectorizers']) await mkdir(join(plan.target, folder), { recursive: true });
  for (const file of files) await rename(join(staging, file), join(plan.target, file));
  const kept = new Set(files);
  await removeOwnFiles(plan.target, plan.ownFiles.filter((f) => !kept.has(f)));
}

/** Unlinks the set's own files `files` (relative to `dir`); files already gone are fine. */
async function removeOwnFiles(dir: string, files: readonly string[]): Promise<void> {
  for (const file of files) await unlink(join(dir, file)).catch(ignoreMissing);
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}
