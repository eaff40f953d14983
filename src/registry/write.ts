/**
 * @module registry/write
 * Writes a trained model set to a directory: one JSON file per vectorizer, one binary file per
 * model, and manifest.json with their sha256, the data fingerprint, the split and every metric.
 * The set is written to a temporary sibling directory and swapped in by rename, so a reader never
 * sees a half-written set and a failed run leaves the previous set untouched.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { encodeModelFile } from './model-file.js';
import type { Manifest, ManifestModel } from './model-set.js';
import type { TrainResult } from '../train/pipeline.js';

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

/**
 * Writes `result` as a model set in `outDir` (replacing any set there) and returns its manifest.
 * The version is derived from the content (data hash, split and every model file's hash), so the
 * same data and seed give the same version.
 */
export async function writeModelSet(outDir: string, result: TrainResult, data: DataFingerprint): Promise<Manifest> {
  const target = resolve(outDir);
  const staging = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'vectorizers'), { recursive: true });
  await mkdir(join(staging, 'models'), { recursive: true });
  try {
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
    await swapIn(staging, target);
    return manifest;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

async function swapIn(staging: string, target: string): Promise<void> {
  const old = `${staging}.old`;
  let hadOld = false;
  try {
    await rename(target, old);
    hadOld = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(target), { recursive: true });
  await rename(staging, target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}
