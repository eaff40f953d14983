// Tests of bench/train-figures: bench:train's flags, the files it makes, reading both trainers' outputs, and its tables.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatProgressLine } from '../../src/cli/train-progress.js';
import { loadReviews, type Review } from '../../src/data/reviews-csv.js';
import type { ModelMetrics } from '../../src/train/metrics.js';
import { formatSummaryTable } from '../../src/train/report.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import {
  TrainUsageError,
  formatGoals,
  formatStepsAgainstRows,
  formatWholeRuns,
  makeSentenceCsv,
  markdownTable,
  modelsGrowingFaster,
  parseOursRun,
  parseSklearnRun,
  parseTrainBenchArgs,
  splitSentences,
  stepNames,
  type FileResult,
  type SideRun,
} from './train-figures.js';

describe('parseTrainBenchArgs', () => {
  it('defaults to REVIEWS_CSV, the 42,000 and 100,000-row files, every model and the reference', () => {
    assert.deepEqual(parseTrainBenchArgs([], 'reviews.csv'), { help: false, data: 'reviews.csv', sizes: [42000, 100000], only: undefined, skipPython: false });
  });

  it('takes --data over REVIEWS_CSV, a list of sizes, --only and --skip-python', () => {
    assert.deepEqual(parseTrainBenchArgs(['--data', 'x.csv', '--rows', '1000,5000', '--only', 'lr_global,nb_global', '--skip-python'], 'env.csv'), {
      help: false,
      data: 'x.csv',
      sizes: [1000, 5000],
      only: 'lr_global,nb_global',
      skipPython: true,
    });
    assert.equal(parseTrainBenchArgs(['-h'], undefined).help, true);
  });

  it('refuses sizes out of range or not integers, bad model lists and unknown flags', () => {
    for (const rows of ['999', '42000,', '1e5', '4.5', '10000001', 'abc', '']) {
      assert.throws(() => parseTrainBenchArgs(['--rows', rows], 'r.csv'), TrainUsageError, rows);
    }
    assert.throws(() => parseTrainBenchArgs(['--only', 'a,,b'], 'r.csv'), TrainUsageError);
    assert.throws(() => parseTrainBenchArgs(['--repeat', '2'], 'r.csv'), TrainUsageError);
  });
});

describe('splitSentences', () => {
  it('cuts after end marks, keeps them, trims and drops empty pieces', () => {
    assert.deepEqual(splitSentences('Great rides! Long queues... Would go again?  Yes'), ['Great rides!', 'Long queues...', 'Would go again?', 'Yes']);
    assert.deepEqual(splitSentences('no end mark'), ['no end mark']);
  });
});

function review(id: number, rating: Review['rating'], text: string, branch: Review['branch'] = 'Disneyland_Paris'): Review {
  return { id: String(id), rating, yearMonth: '2019-4', location: 'France, "Paris"', text, branch, line: id + 1 };
}

const SOURCE: Review[] = [
  review(1, 5, 'Loved it. Magic everywhere! Best day, ever.'),
  review(2, 5, 'Fireworks were great. Staff were kind.', 'Disneyland_HongKong'),
  review(3, 1, 'Too crowded. Rude staff! Never again.', 'Disneyland_California'),
  review(4, 1, 'Broken rides. Cold food.'),
  review(5, 3, 'It was fine. Queues long. Food ok.'),
  review(6, 3, 'Average day. Nothing special.'),
];

describe('makeSentenceCsv', () => {
  it('makes a CSV that review-stars reads whole: n unique rows, fresh ids, each text from its own rating’s sentences', async () => {
    const sentencesOf = new Map<number, Set<string>>();
    for (const r of SOURCE) for (const s of splitSentences(r.text)) sentencesOf.set(r.rating, (sentencesOf.get(r.rating) ?? new Set()).add(s));
    await withTempDir('bench-train-', async (dir) => {
      const file = join(dir, 'made.csv');
      await writeFile(file, makeSentenceCsv(SOURCE, 150));
      const made = await loadReviews(file);
      assert.equal(made.rowsRead, 150);
      assert.equal(made.reviews.length, 150, 'no row skipped, none a duplicate of another');
      assert.equal(new Set(made.reviews.map((r) => r.text)).size, 150);
      assert.ok(made.reviews.every((r) => Number(r.id) >= 900000000));
      for (const r of made.reviews) {
        for (const s of splitSentences(r.text)) assert.ok(sentencesOf.get(r.rating)?.has(s), `'${s}' is a sentence of a ${r.rating}-star review`);
      }
      assert.deepEqual(new Set(made.reviews.map((r) => r.location)), new Set(['France, "Paris"']), 'quoted fields survive');
    });
  });

  it('is the same for the same seed, different for another', () => {
    assert.equal(makeSentenceCsv(SOURCE, 50), makeSentenceCsv(SOURCE, 50));
    assert.notEqual(makeSentenceCsv(SOURCE, 50), makeSentenceCsv(SOURCE, 50, 7));
  });

  it('stops with an error when the sentences cannot give n distinct reviews', () => {
    assert.throws(() => makeSentenceCsv([review(1, 4, 'Only one sentence.')], 5), /fewer than 5 distinct reviews/);
  });
});

function metrics(accuracy: number): ModelMetrics {
  return { n: 1589, accuracy, macroF1: 0.41, mae: 0.52, withinOne: 0.93, perClass: [], confusion: [], perBranch: {} };
}

/** What `train` prints, made with its own formatters so that a change of format fails here. */
function trainOutput(): { stdout: string; stderr: string } {
  const table = formatSummaryTable([
    { name: 'lr_global', branch: null, metrics: metrics(0.6), fitSeconds: 1.25 },
    { name: 'ord_tfidf_global', branch: null, metrics: metrics(0.64), fitSeconds: 6.5, best: true },
    { name: 'rf_Disneyland_Paris', branch: 'Disneyland_Paris', metrics: metrics(0.5), fitSeconds: 0.4 },
  ]);
  const event = { kind: 'stage' as const, done: 0, total: 3, work: 0 };
  const stderr = [
    'read 7946 rows from reviews.csv (utf8); 7940 used',
    formatProgressLine({ ...event, step: 'features count2000-all' }, 0.5),
    formatProgressLine({ ...event, step: 'features count2000-all: 6352 training rows x 2000 terms' }, 2.5),
    formatProgressLine({ ...event, step: 'features tfidf12-all' }, 3),
    formatProgressLine({ ...event, step: 'features tfidf12-all: 6352 training rows x 65000 terms' }, 7.5),
  ].join('\n');
  const stdout = `\n${table}\n\nwrote model set v1 to out (3 models)\ntook 12.34 s from process start, 20.50 s of CPU over all threads, peak RSS 812 MiB\n`;
  return { stdout, stderr };
}

describe('parseOursRun', () => {
  it('reads the totals, each model’s fit seconds, each feature scope’s seconds and the rows used', () => {
    const { stdout, stderr } = trainOutput();
    const run = parseOursRun(stdout, stderr, 13.1);
    assert.equal(run.wall, 13.1);
    assert.equal(run.cpu, 20.5);
    assert.equal(run.rss, 812);
    assert.equal(run.rows, 7940);
    assert.deepEqual(Object.fromEntries(run.steps), {
      lr_global: { wall: 1.25 },
      ord_tfidf_global: { wall: 6.5 },
      rf_Disneyland_Paris: { wall: 0.4 },
      'features count2000-all': { wall: 2 },
      'features tfidf12-all': { wall: 4.5 },
    });
  });

  it('fails with the output’s end when the last line is missing', () => {
    assert.throws(() => parseOursRun('no summary here', '', 1), /did not report its time[\s\S]*no summary here/);
  });
});

describe('parseSklearnRun', () => {
  it('reads the JSON report on the last line', () => {
    const report = { rows: 7946, cpu_seconds: 30.5, peak_rss_mib: 640.2, steps: { nb_global: { wall: 0.1, cpu: 0.2 }, 'features tfidf12-all': { wall: 4, cpu: 4.1 } }, accuracy: {} };
    const run = parseSklearnRun(`warming up\n${JSON.stringify(report)}\n`, 25);
    assert.deepEqual({ ...run, steps: Object.fromEntries(run.steps) }, { wall: 25, cpu: 30.5, rss: 640.2, rows: 7946, steps: report.steps });
  });

  it('fails on output without the report or with a report lacking a figure', () => {
    assert.throws(() => parseSklearnRun('Traceback ...', 1), /did not end with its JSON report/);
    assert.throws(() => parseSklearnRun('{"rows": 1, "cpu_seconds": 2, "steps": {}}', 1), /did not end with its JSON report/);
  });
});

function side(wall: number, rows: number, steps: Record<string, number>): SideRun {
  return { wall, cpu: wall * 1.5, rss: 100 + rows / 100, rows, steps: new Map(Object.entries(steps).map(([n, w]) => [n, { wall: w, cpu: w }])) };
}

const RESULTS: FileResult[] = [
  { label: 'source file', ours: side(10, 8000, { 'features tfidf12-all': 2, lr_global: 1, ord_tfidf_global: 4 }), theirs: side(20, 8000, { 'features tfidf12-all': 3, lr_global: 2 }) },
  { label: '42000 rows', size: 42000, ours: side(60, 42000, { 'features tfidf12-all': 10, lr_global: 5, ord_tfidf_global: 40 }), theirs: side(100, 42000, { 'features tfidf12-all': 15, lr_global: 8 }) },
];

describe('bench:train tables and goals', () => {
  it('lists feature scopes before models, each step once', () => {
    assert.deepEqual(stepNames(RESULTS), ['features tfidf12-all', 'lr_global', 'ord_tfidf_global']);
  });

  it('prints a Markdown table with right-aligned figures', () => {
    assert.equal(markdownTable(['a', 'b'], [['x', '1']]), '| a | b |\n|---|---:|\n| x | 1 |');
  });

  it('prints the whole runs with their ratios, and seconds per step against rows with the growth', () => {
    const whole = formatWholeRuns(RESULTS).split('\n');
    assert.equal(whole[3], '| 42000 rows | 42000 | 60.00 | 90.00 | 520 | 100.00 | 150.00 | 520 | 0.60 | 0.60 |');
    const steps = formatStepsAgainstRows(RESULTS).split('\n');
    assert.equal(steps[0], '| step | review-stars source file | review-stars 42000 rows | scikit-learn source file | scikit-learn 42000 rows | growth 42000 rows / source file (ours, sklearn) |');
    assert.equal(steps[4], '| ord_tfidf_global | 4.00 | 40.00 | - | - | 10.0, - |');
  });

  it('names the models that grow faster than the rows allow, never the feature scopes', () => {
    const [base, at] = RESULTS;
    assert.ok(base && at);
    assert.deepEqual(modelsGrowingFaster(base.ours, at.ours, 6.3), [{ name: 'ord_tfidf_global', growth: 10 }]);
    const goals = formatGoals(RESULTS);
    assert.match(goals, /wall 0\.60, CPU 0\.60/);
    assert.match(goals, /<= 5\.25 x 1\.2 = 6\.30: not ord_tfidf_global \(10\.0\)/);
    assert.equal(formatGoals(RESULTS.slice(0, 1)), '', 'no goals without the 42,000-row file');
  });
});
