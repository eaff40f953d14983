/**
 * @module registry/out-dir
 * Decides how a model set may be written to a directory, before any work is done: what the
 * directory holds (nothing, a model set, other files), which files are the old set's own (its
 * manifest and the model and vectorizer files it lists), and whether the place can be written. It
 * never deletes anything; registry/write.ts removes only the files this plan names as the set's own.
 */
import { lstat, mkdtemp, readFile, readdir, rmdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ReviewStarsError } from '../core/errors.js';

/**
 * How the set is written: `create` a new directory (renamed into place), `swap` a directory that
 * holds only a set (the new set is renamed into place atomically), or write `in-place` into a
 * directory that is empty, holds other files (with `force`) or is the working directory.
 */
export type OutDirMode = 'create' | 'swap' | 'in-place';

export interface OutDirPlan {
  /** The directory, absolute. */
  target: string;
  mode: OutDirMode;
  /** Paths (relative, with `/`) of the old set's own files: manifest.json and the files it lists that exist. */
  ownFiles: string[];
  /** Paths (relative, with `/`) of everything else in the directory (its top level, models/ and vectorizers/). */
  foreign: string[];
}

export interface OutDirOptions {
  /** Write beside files that are not a model set's (never removing them). */
  force?: boolean;
  /** How messages name the directory, e.g. `--out`. */
  label?: string;
}

/** The only places a set's own files may be: a manifest entry naming anything else is ignored. */
const OWN_FILE = /^(models\/[^/\\\0]+\.rsm|vectorizers\/[^/\\\0]+\.json)$/;
const MANIFEST = 'manifest.json';
const SET_FOLDERS = ['models', 'vectorizers'];
/** How many foreign names a message lists. */
const LISTED = 8;

/**
 * What writing a set to `outDir` would do.
 * @throws ReviewStarsError OUTPUT_NOT_WRITABLE when `outDir` is a file or lies under one,
 *   OUT_DIR_NOT_EMPTY when it holds files that are not a set's and `force` is not set.
 */
export async function planOutDir(outDir: string, options: OutDirOptions = {}): Promise<OutDirPlan> {
  const label = options.label ?? 'the output directory';
  const target = resolve(outDir);
  const info = await statOrUndefined(target);
  if (info === undefined) {
    const ancestor = await nearestExisting(dirname(target));
    if (!ancestor.isDirectory) throw notWritable(label, outDir, `${ancestor.path} is not a directory`);
    return { target, mode: 'create', ownFiles: [], foreign: [] };
  }
  if (!info.isDirectory()) throw new ReviewStarsError('OUTPUT_NOT_WRITABLE', `${label} ${outDir} is a file, not a directory`, { dir: outDir });

  const listed = await listedFiles(target);
  const ownFiles = listed === undefined ? [] : [MANIFEST, ...listed];
  const foreign = await foreignEntries(target, new Set(ownFiles));
  if (foreign.length > 0 && options.force !== true) {
    const names = `${foreign.slice(0, LISTED).join(', ')}${foreign.length > LISTED ? `, and ${foreign.length - LISTED} more` : ''}`;
    const what = listed === undefined ? `holds files that are not a model set's (${names})` : `holds a model set and files that are not its own (${names})`;
    throw new ReviewStarsError(
      'OUT_DIR_NOT_EMPTY',
      `${label} ${outDir} ${what}: choose a new or empty directory, or pass --force to write the set beside them (only a set's own files are ever replaced)`,
      { dir: outDir, foreign: foreign.slice(0, 100) },
    );
  }
  // Renaming the working directory away would leave the shell that started us in a deleted folder.
  const fromTarget = relative(target, process.cwd());
  const holdsWorkingDir = !fromTarget.startsWith('..') && !isAbsolute(fromTarget);
  const mode: OutDirMode = foreign.length === 0 && ownFiles.length > 0 && !holdsWorkingDir ? 'swap' : 'in-place';
  return { target, mode, ownFiles, foreign };
}

/**
 * Checks that the plan's writes can happen: creates and removes an empty directory where the
 * set will be staged (the parent for `create` and `swap`, the directory itself for `in-place`).
 * @throws ReviewStarsError OUTPUT_NOT_WRITABLE naming the directory and the reason.
 */
export async function probeOutDir(plan: OutDirPlan, outDir: string, label = 'the output directory'): Promise<void> {
  const where = plan.mode === 'in-place' ? plan.target : (await nearestExisting(dirname(plan.target))).path;
  try {
    await rmdir(await mkdtemp(join(where, '.review-stars-probe-')));
  } catch (err) {
    throw notWritable(label, outDir, (err as Error).message);
  }
}

function notWritable(label: string, outDir: string, why: string): ReviewStarsError {
  return new ReviewStarsError('OUTPUT_NOT_WRITABLE', `${label} ${outDir} cannot be written: ${why}`, { dir: outDir });
}

async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The closest of `path` and its ancestors that exists, and whether it is a directory. */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let p = path; ; p = dirname(p)) {
    const info = await statOrUndefined(p);
    if (info !== undefined) return { path: p, isDirectory: info.isDirectory() };
    if (dirname(p) === p) return { path: p, isDirectory: false };
  }
}

/**
 * The files a review-stars manifest in `dir` lists (only those in the set's own folders that
 * exist as files), or undefined when `dir` holds no such manifest.
 */
async function listedFiles(dir: string): Promise<string[] | undefined> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest !== 'object' || manifest === null || (manifest as { format?: unknown }).format !== 'review-stars/model-set') return undefined;
  const entries = [(manifest as { vectorizers?: unknown }).vectorizers, (manifest as { models?: unknown }).models];
  const files = new Set<string>();
  for (const list of entries) {
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      const file = (entry as { file?: unknown } | null)?.file;
      if (typeof file === 'string' && OWN_FILE.test(file) && (await lstat(join(dir, file)).catch(() => undefined))?.isFile() === true) files.add(file);
    }
  }
  return [...files].sort();
}

/** Everything in `dir`'s top level and in its models/ and vectorizers/ folders that is not in `own`. */
async function foreignEntries(dir: string, own: ReadonlySet<string>): Promise<string[]> {
  const foreign: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SET_FOLDERS.includes(entry.name) && entry.isDirectory()) {
      for (const inner of await readdir(join(dir, entry.name))) {
        const path = `${entry.name}/${inner}`;
        if (!own.has(path)) foreign.push(path);
      }
    } else if (!own.has(entry.name)) {
      foreign.push(entry.name);
    }
  }
  return foreign.sort();
}
