/**
 * @module cli/train
 * `review-stars train`: loads the reviews CSV, trains the model catalogue (or the models named by
 * --only), prints the metrics tables and writes the model set. Progress goes to stderr
 * (cli/train-progress). --out and --skipped-report are checked before the data is read: a
 * directory that holds other files is refused without --force, and never emptied.
 */
import type { Command } from 'commander';
import { ENCODING_OPTIONS, loadReviews, type ReviewsEncodingOption } from '../data/reviews-csv.js';
import { trainModels } from '../train/pipeline.js';
import { defaultSpecs, type ModelSpec } from '../train/model-specs.js';
import { defaultFitWorkers, FitPool } from '../train/fit-pool.js';
import { writeModelSet } from '../registry/write.js';
import { planOutDir, probeOutDir } from '../registry/out-dir.js';
import { formatBranchTable, formatClassReport, formatSummaryTable } from '../train/report.js';
import { ReviewStarsError } from '../core/errors.js';
import { parseChoice, parseFraction, parseInteger, parseNameList } from '../core/parse.js';
import { KEEP_DUPLICATES_FLAG, KEEP_DUPLICATES_HELP, SKIPPED_REPORT_FLAG, SKIPPED_REPORT_HELP, checkSkippedReport, reportSkippedRows, skippedDetails } from './skipped-rows.js';
import { basename } from 'node:path';
import { progressView } from './train-progress.js';

interface TrainFlags {
  data: string;
  out: string;
  force: boolean;
  skippedReport?: string;
  keepDuplicates: boolean;
  seed: string;
  testFraction: string;
  only?: string;
  encoding: string;
  workers?: string;
  progress: boolean;
  details: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the model set on a reviews CSV and write it (manifest.json + model files) to --out')
    .requiredOption('--data <file>', 'reviews CSV (Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch)')
    .option('--out <dir>', 'directory to write the model set to: a new or empty one, or one holding only a model set (replaced atomically)', 'models/latest')
    .option('--force', "also write into a directory that holds other files: they stay, only a model set's own files are replaced", false)
    .option('--seed <n>', 'seed of the split and of every model', '42')
    .option('--test-fraction <f>', 'fraction of rows held out for testing (stratified by branch and rating)', '0.2')
    .option('--only <names>', 'train only these models (comma-separated names)')
    .option('--encoding <enc>', 'CSV encoding: auto (UTF-8, falling back to cp1252), utf8, cp1252, latin1', 'auto')
    .option('--workers <n>', 'worker threads fitting models beside the main thread (default: one per other core, at most 3; 0 = main thread only)')
    .option('--no-progress', 'do not show progress (a bar on a terminal, else a line per stage and model on stderr)')
    .option('--details', 'also print per-class precision/recall/F1 and confusion matrices', false)
    .option(SKIPPED_REPORT_FLAG, SKIPPED_REPORT_HELP)
    .option(KEEP_DUPLICATES_FLAG, KEEP_DUPLICATES_HELP, false)
    .action(async (flags: TrainFlags) => {
      const seed = parseInteger('--seed', flags.seed, 0, 2 ** 32 - 1);
      const testFraction = parseFraction('--test-fraction', flags.testFraction);
      const encoding = parseChoice('--encoding', flags.encoding, ENCODING_OPTIONS);
      const workers = flags.workers === undefined ? undefined : parseInteger('--workers', flags.workers, 0, 64);
      let specs = defaultSpecs();
      if (flags.only !== undefined) {
        const wanted = parseNameList('--only', flags.only);
        const unknown = wanted.filter((n) => !specs.some((s) => s.name === n));
        if (unknown.length > 0) {
          throw new ReviewStarsError('UNKNOWN_MODEL', `--only names unknown model(s) ${unknown.join(', ')}; known: ${specs.map((s) => s.name).join(', ')}`);
        }
        // A spec that shares another's fit fits on its own when that other one is not trained.
        specs = specs
          .filter((s) => wanted.includes(s.name))
          .map((s) => (s.sameFitAs !== undefined && !wanted.includes(s.sameFitAs) ? { ...s, sameFitAs: undefined } : s));
      }

      // Before any work: a bad --out must not be found only after training.
      await probeOutDir(await planOutDir(flags.out, { force: flags.force, label: '--out' }), flags.out, '--out');
      await checkSkippedReport(flags.skippedReport, flags.data);

      // Started first so that its workers load their code while the CSV is read.
      const pool = FitPool.start(workers ?? defaultFitWorkers());
      try {
        await trainAndWrite(flags, pool, specs, seed, testFraction, encoding);
      } finally {
        await pool.close();
      }
    });
}

/** Loads the CSV, trains `specs` with the fit pool, writes the model set and prints the tables. */
async function trainAndWrite(
  flags: TrainFlags,
  pool: FitPool,
  specs: ModelSpec[],
  seed: number,
  testFraction: number,
  encoding: ReviewsEncodingOption,
): Promise<void> {
  const loaded = await loadReviews(flags.data, { encoding, maxSkippedDetails: skippedDetails(flags.skippedReport), keepDuplicates: flags.keepDuplicates });
  process.stderr.write(
    `read ${loaded.rowsRead} rows from ${flags.data} (${loaded.encoding}${loaded.fellBackFromUtf8 ? ', not valid UTF-8: read as cp1252' : ''}); ` +
      `${loaded.reviews.length} used\n`,
  );
  await reportSkippedRows(loaded, flags.skippedReport);

  const view = flags.progress ? progressView(process.stderr, specs.length) : undefined;
  const result = await trainModels(loaded, {
    seed,
    testFraction,
    specs,
    pool,
    onProgress: (e) => view?.update(e),
  }).finally(() => view?.stop());

  const data = { file: basename(flags.data), sha256: loaded.sha256, rowsRead: loaded.rowsRead, rowsSkipped: loaded.skippedCount, rowsUsed: loaded.reviews.length };
  const manifest = await writeModelSet(flags.out, result, data, {
    force: flags.force,
    label: '--out',
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  const rows = result.models.map((m) => ({ name: m.spec.name, branch: m.spec.branch, metrics: m.metrics, fitSeconds: m.fitSeconds, best: m.spec.name === result.best }));
  process.stdout.write(`\n${formatSummaryTable(rows)}\n\nper branch:\n${formatBranchTable(rows)}\n`);
  if (flags.details) for (const m of result.models) process.stdout.write(`\n${formatClassReport(m.spec.name, m.metrics)}\n`);
  process.stdout.write(
    `\nwrote model set ${manifest.version} to ${flags.out} (${manifest.models.length} models; best by macro-F1: ${manifest.best}; ` +
      `split seed ${seed}, ${result.split.trainRows} train / ${result.split.testRows} test rows)\n`,
  );
  // performance.now() counts from process start; cpuUsage() covers every thread, workers included.
  // maxRSS is the process's peak resident memory in KiB, worker threads included.
  const usage = process.resourceUsage();
  process.stdout.write(
    `took ${(performance.now() / 1000).toFixed(2)} s from process start, ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s of CPU over all threads, ` +
      `peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MiB\n`,
  );
}
