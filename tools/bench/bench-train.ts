#!/usr/bin/env node
/**
 * @module tools/bench/bench-train
 * `npm run bench:train`: the whole default model set trained by review-stars and by its
 * scikit-learn equivalents (tools/reference/sklearn_train.py), side by side in one run, on the
 * reviews CSV and on larger files made from its sentences in a temporary directory; per file, per
 * step and in total: wall and CPU seconds and peak RSS. A missed goal is reported, never a failure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ReviewStarsError } from '../../src/core/errors.js';
import { loadReviews } from '../../src/data/reviews-csv.js';
import { CLI_MAIN, repoPath } from '../paths.js';
import {
  TRAIN_USAGE,
  TrainUsageError,
  formatFileLine,
  formatGoals,
  formatStepsAgainstRows,
  formatWholeRuns,
  makeSentenceCsv,
  parseOursRun,
  parseSklearnRun,
  parseTrainBenchArgs,
  type FileResult,
  type SideRun,
  type TrainBenchOptions,
} from './train-figures.js';

const PYTHON = '/usr/bin/python3';

/** What a finished command printed and how long it took from spawn to exit. */
interface Finished {
  seconds: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; resolves with its output and wall seconds, rejects on a non-zero exit. */
function run(cmd: string, args: readonly string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', function collectStdout(d: string) {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', function collectStderr(d: string) {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', function finished(code) {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code === 0) resolve({ seconds, stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${String(code)}):\n${stderr.slice(-2000)}`));
    });
  });
}

/** review-stars' whole training run on `file`, with progress lines (stderr is not a terminal) for the feature steps. */
async function oursOn(file: string, work: string, only: string | undefined): Promise<SideRun> {
  // --keep-duplicates: the reference trains on every row, so both sides train on the same rows
  // (the made files repeat no row; the source file may).
  const out = join(work, 'models');
  const args = [CLI_MAIN, 'train', '--data', file, '--out', out, '--keep-duplicates'];
  if (only !== undefined) args.push('--only', only);
  try {
    const r = await run(process.execPath, args);
    return parseOursRun(r.stdout, r.stderr, r.seconds);
  } finally {
    // The model set this run wrote: the next file's run starts from an empty directory.
    rmSync(out, { recursive: true, force: true });
  }
}

async function sklearnOn(file: string): Promise<SideRun> {
  const r = await run(PYTHON, [repoPath('tools/reference/sklearn_train.py'), '--data', file, '--set', 'default']);
  return parseSklearnRun(r.stdout, r.seconds);
}

async function bench(options: TrainBenchOptions, data: string): Promise<void> {
  const python = !options.skipPython && (await run(PYTHON, ['-c', 'import sklearn']).then(() => true, () => false));
  if (!python && !options.skipPython) console.log('scikit-learn not found for /usr/bin/python3 (apt-get install -y python3-sklearn): timing review-stars only\n');
  const source = await loadReviews(data);
  console.log(`source file: ${basename(data)}, ${source.reviews.length} reviews used to make the larger files\n`);
  const work = mkdtempSync(join(tmpdir(), 'review-stars-bench-'));
  try {
    const files: { label: string; file: string; size?: number }[] = [{ label: 'source file', file: data }];
    for (const size of options.sizes) {
      const out = join(work, `reviews-${size}.csv`);
      writeFileSync(out, makeSentenceCsv(source.reviews, size));
      files.push({ label: `${size} rows`, file: out, size });
    }
    const what = options.only === undefined ? 'the whole default set' : `models ${options.only} (scikit-learn: the whole default set)`;
    console.log(`bench:train: ${what}, one whole run per file and side (process start, CSV, features, fits, scores, model files),`);
    console.log(`review-stars then scikit-learn, one after the other on this machine's ${availableParallelism()} cores; CPU s = user + system time over every thread\n`);
    const results: FileResult[] = [];
    for (const { label, file, size } of files) {
      const result: FileResult = { label, ours: await oursOn(file, work, options.only) };
      if (size !== undefined) result.size = size;
      if (python) result.theirs = await sklearnOn(file);
      results.push(result);
      // Each file's figures as soon as they are measured: a long run on a busy machine may be stopped.
      console.log(formatFileLine(result));
    }
    console.log(`\nWhole runs:\n\n${formatWholeRuns(results)}`);
    console.log('\nSeconds per step against rows (review-stars: wall seconds of the thread that fitted it; scikit-learn: wall / CPU seconds):\n');
    console.log(formatStepsAgainstRows(results));
    const goals = formatGoals(results);
    if (goals !== '') console.log(`\n${goals}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let options: TrainBenchOptions;
try {
  options = parseTrainBenchArgs(process.argv.slice(2), process.env.REVIEWS_CSV);
} catch (err) {
  if (!(err instanceof TrainUsageError)) throw err;
  console.error(`bench:train: ${err.message}\n\n${TRAIN_USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(TRAIN_USAGE);
} else if (options.data === undefined) {
  console.error('bench:train needs the reviews CSV: set REVIEWS_CSV or pass --data FILE');
  process.exit(2);
} else {
  try {
    await bench(options, options.data);
  } catch (err) {
    // A bad --data file is the user's mistake: its message, no stack trace.
    if (!(err instanceof ReviewStarsError)) throw err;
    console.error(`bench:train: ${err.message}`);
    process.exit(2);
  }
}
