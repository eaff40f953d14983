#!/usr/bin/env node
/**
 * @module tools/bench/bench-train
 * `npm run bench:train`: wall time of training the original six models with review-stars and with
 * the scikit-learn reference (tools/reference/sklearn_train.py), same file and settings, side by
 * side in one run; on the reviews CSV given by REVIEWS_CSV (or --data) and on a 42,000-row file
 * (the full dataset's size) that this script makes from it in a temporary directory.
 * It prints figures and ratios; a missed target is reported, never a failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_MAIN, repoPath } from '../paths.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.REVIEWS_CSV },
    rows: { type: 'string', default: '42000' },
    repeat: { type: 'string', default: '1' },
    'skip-python': { type: 'boolean', default: false },
  },
});
const dataFile = values.data;
if (!dataFile || !existsSync(dataFile)) {
  console.error('bench:train needs the reviews CSV: set REVIEWS_CSV or pass --data FILE');
  process.exit(2);
}
const repeat = Number(values.repeat);
const bigRows = Number(values.rows);
if (!Number.isInteger(repeat) || repeat < 1 || !Number.isInteger(bigRows) || bigRows < 100) {
  console.error('--repeat must be a positive integer and --rows an integer >= 100');
  process.exit(2);
}
const ORIGINAL_SIX = 'rf_global,lr_global,dt_global,rf_Disneyland_HongKong,rf_Disneyland_California,rf_Disneyland_Paris';
const PYTHON = '/usr/bin/python3';
const work = mkdtempSync(join(tmpdir(), 'review-stars-bench-'));

/** A CSV of `n` rows drawn (seeded, with replacement) from `file`'s rows, with fresh unique ids. */
function makeLargeCsv(file: string, n: number, out: string): void {
  const text = readFileSync(file, 'utf8');
  const lines: string[] = [];
  // Records may span lines inside quotes: split on CRLF/LF only outside quotes.
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      lines.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  const [header = '', ...rows] = lines.filter((l) => l.length > 0);
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const outRows = [header];
  for (let i = 0; i < n; i++) {
    const row = rows[Math.floor(rand() * rows.length)] ?? '';
    outRows.push(row.replace(/^[^,]*/, String(900000000 + i)));
  }
  writeFileSync(out, outRows.join('\r\n') + '\r\n');
}

/** One timed run of a command: its wall time and what it printed. */
interface TimedRun {
  seconds: number;
  stdout: string;
}

/** A timed run with the CPU time (user + system, every thread) it reported. */
interface MeasuredRun extends TimedRun {
  cpu: number;
}

/** One file's figures: review-stars' fastest run beside scikit-learn's (when it ran). */
interface FileResult {
  label: string;
  ours: number;
  oursCpu: number;
  sklearn?: number;
  sklearnCpu?: number;
  ratio?: number;
  sklearnAccuracy?: unknown;
}

function time(cmd: string, args: string[]): TimedRun {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  }
  return { seconds, stdout: r.stdout };
}

/** The fastest run. */
function bestRun<T extends TimedRun>(runs: readonly [T, ...T[]]): T {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** The last line of sklearn_train.py's output, read as its JSON report. */
function sklearnReport(stdout: string): { cpu: number; accuracy: unknown } {
  let report: unknown;
  try {
    report = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    report = undefined;
  }
  if (typeof report !== 'object' || report === null || !('cpu_seconds' in report) || typeof report.cpu_seconds !== 'number') {
    throw new Error(`sklearn_train.py did not end with its JSON report (cpu_seconds, accuracy); its output ended:\n${stdout.slice(-500)}`);
  }
  return { cpu: report.cpu_seconds, accuracy: 'accuracy' in report ? report.accuracy : undefined };
}

/** CPU seconds (all threads) that `review-stars train` reports on its last line. */
function oursCpuSeconds(stdout: string): number {
  const took = /^took [\d.]+ s from process start, ([\d.]+) s of CPU over all threads(?:, peak RSS \d+ MiB)?$/m.exec(stdout);
  if (!took) throw new Error(`review-stars train did not report its CPU time; its output ended:\n${stdout.slice(-500)}`);
  return Number(took[1]);
}

function benchFile(label: string, file: string): FileResult {
  const ours: MeasuredRun[] = [];
  const theirs: (MeasuredRun & { accuracy: unknown })[] = [];
  for (let i = 0; i < repeat; i++) {
    // --keep-duplicates: the large file repeats the subset's rows on purpose, and the reference trains on every row too.
    const run = time(process.execPath, [CLI_MAIN, 'train', '--data', file, '--out', join(work, 'models'), '--only', ORIGINAL_SIX, '--no-progress', '--keep-duplicates']);
    ours.push({ ...run, cpu: oursCpuSeconds(run.stdout) });
    if (!values['skip-python']) {
      const ref = time(PYTHON, [repoPath('tools/reference/sklearn_train.py'), '--data', file]);
      theirs.push({ ...ref, ...sklearnReport(ref.stdout) });
    }
  }
  const [firstOurs, ...moreOurs] = ours;
  if (!firstOurs) throw new Error('no run was made');
  const fastest = bestRun([firstOurs, ...moreOurs]);
  const row: FileResult = { label, ours: fastest.seconds, oursCpu: fastest.cpu };
  const [firstTheirs, ...moreTheirs] = theirs;
  if (firstTheirs) {
    const reference = bestRun([firstTheirs, ...moreTheirs]);
    row.sklearn = reference.seconds;
    row.sklearnCpu = reference.cpu;
    row.ratio = row.ours / reference.seconds;
    row.sklearnAccuracy = reference.accuracy;
  }
  return row;
}

const python = values['skip-python'] ? false : spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
if (!python && !values['skip-python']) {
  console.log('scikit-learn not found for /usr/bin/python3 (apt-get install -y python3-sklearn): timing review-stars only');
  values['skip-python'] = true;
}

try {
  const big = join(work, `reviews-${bigRows}.csv`);
  makeLargeCsv(dataFile, bigRows, big);
  console.log(`bench:train: the original six models, wall time of a whole run (process start, CSV, features, fit, score, write);`);
  console.log(`best of ${repeat} run(s) each; both run one after the other on this machine's ${availableParallelism()} cores\n`);
  const results = [benchFile('public subset', dataFile), benchFile(`${bigRows}-row file`, big)];
  console.log('file                 review-stars s   scikit-learn s   ratio   target <= 0.333   review-stars CPU s   scikit-learn CPU s');
  for (const r of results) {
    const ratio = r.ratio === undefined ? '' : r.ratio.toFixed(3);
    const verdict = r.ratio === undefined ? '' : r.ratio <= 1 / 3 ? 'PASS' : 'MISS';
    console.log(
      `${r.label.padEnd(20)} ${r.ours.toFixed(2).padStart(14)}   ${(r.sklearn?.toFixed(2) ?? '-').padStart(14)}   ${ratio.padStart(5)}   ${verdict.padEnd(15)}` +
        `   ${r.oursCpu.toFixed(2).padStart(18)}   ${(r.sklearnCpu?.toFixed(2) ?? '-').padStart(18)}`,
    );
  }
  // Wall time cannot go below CPU time spread over every core: what the target asks, beside that floor.
  const cores = availableParallelism();
  console.log(`\nCPU s: user + system time of the fastest run, every thread; review-stars' CPU / ${cores} cores is the least wall time it could take here:`);
  for (const r of results) {
    const target = r.sklearn === undefined ? '' : `; the target asks for <= ${(r.sklearn / 3).toFixed(2)} s`;
    console.log(`  ${r.label}: ${(r.oursCpu / cores).toFixed(2)} s at best${target}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
