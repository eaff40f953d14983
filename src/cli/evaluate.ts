/**
 * @module cli/evaluate
 * `review-stars evaluate`: scores every model of a set on the rows of a reviews CSV (a branch
 * model on its branch's rows) and prints the metrics as tables or JSON. It warns when the CSV is
 * the set's own training data, and with --split test scores only the rows the set held out.
 */
import type { Command } from 'commander';
import { ENCODING_OPTIONS, loadReviews } from '../data/reviews-csv.js';
import { loadModelSet } from '../registry/load.js';
import { evaluateModelSet } from '../evaluation/evaluate.js';
import { formatBranchTable, formatSummaryTable } from '../train/report.js';
import { heldOutReviews, isTrainingData } from '../evaluation/training-data.js';
import { parseChoice } from '../core/parse.js';
import { KEEP_DUPLICATES_FLAG, KEEP_DUPLICATES_HELP, SKIPPED_REPORT_FLAG, SKIPPED_REPORT_HELP, checkSkippedReport, reportSkippedRows, skippedDetails } from './skipped-rows.js';

const SPLITS = ['all', 'test'] as const;

interface EvaluateFlags {
  models: string;
  data: string;
  json: boolean;
  encoding: string;
  split: string;
  skippedReport?: string;
  keepDuplicates: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('score every model of a set on a reviews CSV (all its rows, or with --split test the rows the set held out)')
    .requiredOption('--data <file>', 'reviews CSV')
    .option('--models <dir>', 'model set directory', 'models/default')
    .option('--encoding <enc>', 'CSV encoding: auto, utf8, cp1252, latin1', 'auto')
    .option('--split <rows>', "all: every row; test: only the test rows of the set's split (the CSV must be the set's training data)", 'all')
    .option('--json', 'print the metrics as JSON', false)
    .option(SKIPPED_REPORT_FLAG, SKIPPED_REPORT_HELP)
    .option(KEEP_DUPLICATES_FLAG, KEEP_DUPLICATES_HELP, false)
    .action(async (flags: EvaluateFlags) => {
      const encoding = parseChoice('--encoding', flags.encoding, ENCODING_OPTIONS);
      const split = parseChoice('--split', flags.split, SPLITS);
      await checkSkippedReport(flags.skippedReport, flags.data);
      const set = await loadModelSet(flags.models);
      const loaded = await loadReviews(flags.data, { encoding, maxSkippedDetails: skippedDetails(flags.skippedReport), keepDuplicates: flags.keepDuplicates });
      await reportSkippedRows(loaded, flags.skippedReport);
      const trainingData = isTrainingData(set.manifest, loaded);
      const reviews = split === 'test' ? heldOutReviews(set.manifest, loaded) : loaded.reviews;
      if (split === 'all' && trainingData) {
        const { trainRows, testRows } = set.manifest.split;
        process.stderr.write(
          `warning: ${flags.data} is the data this model set was trained on (same sha256): ${trainRows} of its ${loaded.reviews.length} rows ` +
            `trained the models, so these figures overstate them; --split test scores only the ${testRows} held-out rows\n`,
        );
      }
      const results = evaluateModelSet(set, reviews);
      if (flags.json) {
        const out = {
          modelSet: set.manifest.version,
          split,
          data: {
            file: flags.data,
            sha256: loaded.sha256,
            rowsRead: loaded.rowsRead,
            rowsSkipped: loaded.skippedCount,
            rowsUsed: loaded.reviews.length,
            rowsScored: reviews.length,
            trainingData,
          },
          models: results.map((r) => ({ name: r.name, branch: r.branch, metrics: r.metrics })),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      if (split === 'test') process.stderr.write(`scoring the ${reviews.length} held-out rows of the set's split (seed ${set.manifest.split.seed})\n`);
      const rows = results.map((r) => ({ ...r, best: r.name === set.manifest.best }));
      process.stdout.write(`${formatSummaryTable(rows)}\n\nper branch:\n${formatBranchTable(rows)}\n`);
    });
}
