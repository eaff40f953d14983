/**
 * @module tools/bench/train-figures
 * The pieces of `npm run bench:train` that need no process: its flags, the larger CSVs it makes
 * from a file's sentences, reading both trainers' outputs into figures, and the tables it prints.
 * Nothing here spawns, times or writes a file.
 */
import { parseArgs } from 'node:util';
import type { Review } from '../../src/data/reviews-csv.js';

export const TRAIN_USAGE = `usage: npm run bench:train -- [options]

Trains the whole default model set with review-stars and with its scikit-learn equivalents
(tools/reference/sklearn_train.py: same vectorizer settings and hyper-parameters), one after the
other, on the reviews CSV and on larger files made from its sentences in a temporary directory
(deleted afterwards). Prints per file and side the wall and CPU seconds and peak RSS of the whole
run, seconds per feature scope and per model, a table of seconds against rows, and the goals as
measured. A missed goal is reported, never a failure.

  --data FILE       reviews CSV (default: env REVIEWS_CSV)
  --rows LIST       sizes of the files made from it, comma-separated, each 1000..10000000
                    (default 42000,100000; the reference's split is stratified by branch and
                    rating, and a smaller file can leave a stratum with one review)
  --only NAMES      train only these review-stars models (scikit-learn still trains the whole set)
  --skip-python     do not run the scikit-learn reference
  -h, --help        show this help

The reference needs Debian's python3-sklearn (/usr/bin/python3).`;

/** bench:train's flags, validated. */
export interface TrainBenchOptions {
  help: boolean;
  data: string | undefined;
  sizes: number[];
  only: string | undefined;
  skipPython: boolean;
}

/** A flag or value bench:train refuses; the message says what to pass instead. */
export class TrainUsageError extends Error {
  override name = 'TrainUsageError';
}

/** Parses bench:train's command line; `defaultData` is REVIEWS_CSV. */
export function parseTrainBenchArgs(argv: readonly string[], defaultData: string | undefined): TrainBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: 'string' },
        rows: { type: 'string', default: '42000,100000' },
        only: { type: 'string' },
        'skip-python': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new TrainUsageError((err as Error).message);
  }
  const sizes = values.rows.split(',').map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1000 || n > 10_000_000)) {
    throw new TrainUsageError(`--rows must list integers from 1000 to 10000000, comma-separated (e.g. 42000,100000), got '${values.rows}'`);
  }
  if (values.only !== undefined && !/^[\w-]+(,[\w-]+)*$/.test(values.only)) {
    throw new TrainUsageError(`--only must list model names, comma-separated, got '${values.only}'`);
  }
  return { help: values.help, data: values.data ?? defaultData, sizes, only: values.only, skipPython: values['skip-python'] };
}

/** A review's sentences: runs of text up to and including their end marks, trimmed; the whole text if it has none. */
export function splitSentences(text: string): string[] {
  return (text.match(/[^.!?]+[.!?]*\s*/g) ?? [text]).map((s) => s.trim()).filter((s) => s.length > 0);
}

const CSV_HEADER = 'Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch';

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV of `n` reviews made from `reviews`' sentences, seeded: each takes a review (its rating,
 * branch, date and place) and as many sentences as that review has, drawn at random from all
 * reviews with the same rating. Texts are unique (a repeat is drawn again) and ids fresh, so no row
 * repeats another and the vocabulary grows with the rows as real data's does.
 */
export function makeSentenceCsv(reviews: readonly Review[], n: number, seed = 42): string {
  const sentenceCounts = reviews.map((r) => Math.max(1, splitSentences(r.text).length));
  const byRating = new Map<number, string[]>();
  for (const r of reviews) {
    const pool = byRating.get(r.rating) ?? [];
    pool.push(...splitSentences(r.text));
    byRating.set(r.rating, pool);
  }
  let state = seed >>> 0;
  const rand = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const seen = new Set<string>();
  const lines = [CSV_HEADER];
  // A small source has few distinct texts: a bound on the draws ends the loop with a clear error.
  let draws = 0;
  const maxDraws = 50 * n + 1000;
  while (lines.length <= n) {
    if (++draws > maxDraws) throw new Error(`the file's sentences give fewer than ${n} distinct reviews (${lines.length - 1} after ${maxDraws} draws)`);
    const i = Math.floor(rand() * reviews.length);
    const r = reviews[i];
    const pool = r === undefined ? undefined : byRating.get(r.rating);
    if (r === undefined || pool === undefined || pool.length === 0) continue;
    const text = Array.from({ length: sentenceCounts[i] ?? 1 }, () => pool[Math.floor(rand() * pool.length)] ?? '').join(' ');
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push([String(900000000 + lines.length), String(r.rating), r.yearMonth, r.location, text, r.branch].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Seconds one step took: wall, and CPU where the side reports it. */
export interface StepTime {
  wall: number;
  cpu?: number;
}

/** One side's whole training run on one file. */
export interface SideRun {
  /** Wall seconds of the whole process, measured by the bench from spawn to exit. */
  wall: number;
  /** User + system seconds over every thread, as the process reported. */
  cpu: number;
  /** Peak resident memory in MiB, as the process reported. */
  rss: number;
  /** Rows it trained and tested on, when it says. */
  rows?: number;
  /** Per feature scope (`features ID`) and per model. */
  steps: Map<string, StepTime>;
}

// The last line of `review-stars train`; the peak RSS suffix is there since training reports it.
const TOOK = /^took ([\d.]+) s from process start, ([\d.]+) s of CPU over all threads(?:, peak RSS (\d+) MiB)?$/m;
// The summary table: "name [(best)]  branch  n  accuracy  score  macroF1  MAE  within1  fit s".
const SUMMARY_ROW = /^(\S+)(?: \(best\))?\s+\S+\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)$/gm;
// Progress lines "[ t s] features ID" and "[ t s] features ID: rows x terms" bound each scope's features.
const FEATURES_LINE = /^\[ *([\d.]+) s\] features (\S+?)(:?)(?: |$)/gm;
const ROWS_USED = /^read \d+ rows from .*; (\d+) used$/m;

/** review-stars' run from what `train` printed: totals from its last line, fit seconds per model, feature seconds per scope. */
export function parseOursRun(stdout: string, stderr: string, wall: number): SideRun {
  const took = TOOK.exec(stdout);
  if (!took) throw new Error(`review-stars train did not report its time; its output ended:\n${stdout.slice(-500)}`);
  const steps = new Map<string, StepTime>();
  for (const m of stdout.matchAll(SUMMARY_ROW)) steps.set(m[1] as string, { wall: Number(m[2]) });
  const began = new Map<string, number>();
  for (const m of stderr.matchAll(FEATURES_LINE)) {
    const id = m[2] as string;
    const at = Number(m[1]);
    const start = began.get(id);
    if (m[3] === '') began.set(id, at);
    else if (start !== undefined) steps.set(`features ${id}`, { wall: at - start });
  }
  const used = ROWS_USED.exec(stderr);
  const run: SideRun = { wall, cpu: Number(took[2]), rss: took[3] === undefined ? Number.NaN : Number(took[3]), steps };
  if (used) run.rows = Number(used[1]);
  return run;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** scikit-learn's run from sklearn_train.py's last line, its JSON report (cpu_seconds, peak_rss_mib, rows, steps). */
export function parseSklearnRun(stdout: string, wall: number): SideRun {
  let report: unknown;
  try {
    report = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    report = undefined;
  }
  const { cpu_seconds: cpu, peak_rss_mib: rss, rows, steps } = isRecord(report) ? report : {};
  if (typeof cpu !== 'number' || typeof rss !== 'number' || typeof rows !== 'number' || !isRecord(steps)) {
    throw new Error(`sklearn_train.py did not end with its JSON report (cpu_seconds, peak_rss_mib, rows, steps); its output ended:\n${stdout.slice(-500)}`);
  }
  const parsed = new Map<string, StepTime>();
  for (const [name, step] of Object.entries(steps)) {
    if (isRecord(step) && typeof step.wall === 'number' && typeof step.cpu === 'number') parsed.set(name, { wall: step.wall, cpu: step.cpu });
  }
  return { wall, cpu, rss, rows, steps: parsed };
}

/** One file's figures: review-stars' run beside scikit-learn's (when it ran). */
export interface FileResult {
  label: string;
  /** The size asked for, for the made files; undefined for the source file. */
  size?: number;
  ours: SideRun;
  theirs?: SideRun;
}

/** Two places, or '-' for a figure that was not measured. */
export function f2(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '-' : x.toFixed(2);
}

/** Rows of cells as a Markdown table, the first column left-aligned, the others right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Every step either side measured on any file: feature scopes first, then models in the order met. */
export function stepNames(results: readonly FileResult[]): string[] {
  const names = [...new Set(results.flatMap((r) => [...r.ours.steps.keys(), ...(r.theirs?.steps.keys() ?? [])]))];
  const isFeatures = (n: string): number => Number(n.startsWith('features '));
  return names.sort((a, b) => isFeatures(b) - isFeatures(a));
}

/** One line per file as soon as it is measured: the whole runs, then each step. */
export function formatFileLine(r: FileResult): string {
  const theirs = r.theirs;
  const whole =
    `${r.label}: review-stars ${f2(r.ours.wall)} s wall, ${f2(r.ours.cpu)} s CPU, ${Number.isNaN(r.ours.rss) ? '-' : r.ours.rss.toFixed(0)} MiB; ` +
    `scikit-learn ${f2(theirs?.wall)} s wall, ${f2(theirs?.cpu)} s CPU, ${theirs ? theirs.rss.toFixed(0) : '-'} MiB`;
  const steps = stepNames([r]).map((n) => {
    const t = theirs?.steps.get(n);
    return `${n} ${f2(r.ours.steps.get(n)?.wall)}; ${t ? `${f2(t.wall)} / ${f2(t.cpu)}` : '-'}`;
  });
  return `${whole}\n  steps (review-stars wall s; scikit-learn wall / CPU s): ${steps.join(' | ')}`;
}

/** The table of whole runs, one row per file. */
export function formatWholeRuns(results: readonly FileResult[]): string {
  return markdownTable(
    ['file', 'rows', 'review-stars wall s', 'review-stars CPU s', 'review-stars peak RSS MiB', 'scikit-learn wall s', 'scikit-learn CPU s', 'scikit-learn peak RSS MiB', 'wall ratio', 'CPU ratio'],
    results.map((r) => [
      r.label,
      String(r.theirs?.rows ?? r.ours.rows ?? '-'),
      f2(r.ours.wall),
      f2(r.ours.cpu),
      Number.isNaN(r.ours.rss) ? '-' : r.ours.rss.toFixed(0),
      f2(r.theirs?.wall),
      f2(r.theirs?.cpu),
      r.theirs ? r.theirs.rss.toFixed(0) : '-',
      r.theirs ? (r.ours.wall / r.theirs.wall).toFixed(2) : '-',
      r.theirs ? (r.ours.cpu / r.theirs.cpu).toFixed(2) : '-',
    ]),
  );
}

function growth(step: StepTime | undefined, base: StepTime | undefined): string {
  return step && base && base.wall > 0 ? (step.wall / base.wall).toFixed(1) : '-';
}

/** Seconds per step against rows: each file's figures, then each made file's growth over the first file's. */
export function formatStepsAgainstRows(results: readonly FileResult[]): string {
  const [base, ...larger] = results;
  if (!base) return '';
  return markdownTable(
    ['step', ...results.map((r) => `review-stars ${r.label}`), ...results.map((r) => `scikit-learn ${r.label}`), ...larger.map((r) => `growth ${r.label} / ${base.label} (ours, sklearn)`)],
    stepNames(results).map((name) => [
      name,
      ...results.map((r) => f2(r.ours.steps.get(name)?.wall)),
      ...results.map((r) => {
        const t = r.theirs?.steps.get(name);
        return t ? `${f2(t.wall)} / ${f2(t.cpu)}` : '-';
      }),
      ...larger.map((r) => `${growth(r.ours.steps.get(name), base.ours.steps.get(name))}, ${growth(r.theirs?.steps.get(name), base.theirs?.steps.get(name))}`),
    ]),
  );
}

/** Models whose time grew faster than `limit` times from `base` to `at` (feature scopes left out). */
export function modelsGrowingFaster(base: SideRun, at: SideRun, limit: number): { name: string; growth: number }[] {
  const slow: { name: string; growth: number }[] = [];
  for (const [name, step] of at.steps) {
    const before = base.steps.get(name);
    if (name.startsWith('features ') || !before || before.wall <= 0) continue;
    const g = step.wall / before.wall;
    if (g > limit) slow.push({ name, growth: g });
  }
  return slow;
}

/** The issue's goals at the file of `goalRows` rows, as measured against the first file; empty without that file. */
export function formatGoals(results: readonly FileResult[], goalRows = 42000): string {
  const base = results[0];
  const at = results.find((r) => r.size === goalRows);
  if (!base || !at) return '';
  const baseRows = base.theirs?.rows ?? base.ours.rows;
  const atRows = at.theirs?.rows ?? at.ours.rows;
  const lines = [`Goals at ${goalRows} rows, as measured:`];
  if (at.theirs) {
    lines.push(`  whole set <= 0.5 of scikit-learn's time: wall ${(at.ours.wall / at.theirs.wall).toFixed(2)}, CPU ${(at.ours.cpu / at.theirs.cpu).toFixed(2)}`);
    lines.push(`  peak RSS <= scikit-learn's: ${Number.isNaN(at.ours.rss) ? '-' : at.ours.rss.toFixed(0)} MiB vs ${at.theirs.rss.toFixed(0)} MiB`);
  }
  if (baseRows !== undefined && atRows !== undefined && baseRows > 0) {
    const rowRatio = atRows / baseRows;
    const limit = rowRatio * 1.2;
    const slow = modelsGrowingFaster(base.ours, at.ours, limit);
    const verdict = slow.length === 0 ? 'all' : `not ${slow.map((g) => `${g.name} (${g.growth.toFixed(1)})`).join(', ')}`;
    lines.push(`  each model's time(${goalRows}) / time(${base.label}) <= ${rowRatio.toFixed(2)} x 1.2 = ${limit.toFixed(2)}: ${verdict}`);
  }
  return lines.join('\n');
}
