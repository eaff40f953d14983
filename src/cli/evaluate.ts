/**
 * @module cli/evaluate
 * `review-stars evaluate`: scores every model of a set on all rows of a reviews CSV (a branch
 * model on its branch's rows) and prints the metrics as tables or JSON.
 */
import type { Command } from 'commander';
import { ENCODING_OPTIONS, loadReviews } from '../data/reviews-csv.js';
import { loadModelSet } from '../registry/load.js';
import { evaluateModelSet } from '../evaluation/evaluate.js';
import { formatBranchTable, formatSummaryTable } from '../train/report.js';
import { parseChoice } from '../core/parse.js';
import { KEEP_DUPLICATES_FLAG, KEEP_DUPLICATES_HELP, SKIPPED_REPORT_FLAG, SKIPPED_REPORT_HELP, checkSkippedReport, reportSkippedRows, skippedDetails } from './skipped-rows.js';

interface EvaluateFlags {
  models: string;
  data: string;
  json: boolean;
  encoding: string;
  skippedReport?: string;
  keepDuplicates: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('score every model of a set on a reviews CSV (all its rows)')
    .requiredOption('--data <file>', 'reviews CSV')
    .option('--models <dir>', 'model set directory', 'models/default')
    .option('--encoding <enc>', 'CSV encoding: auto, utf8, cp1252, latin1', 'auto')
    .option('--json', 'print the metrics as JSON', false)
    .option(SKIPPED_REPORT_FLAG, SKIPPED_REPORT_HELP)
    .option(KEEP_DUPLICATES_FLAG, KEEP_DUPLICATES_HELP, false)
    .action(async (flags: EvaluateFlags) => {
      const encoding = parseChoice('--encoding', flags.encoding, ENCODING_OPTIONS);
      await checkSkippedReport(flags.skippedReport, flags.data);
      const set = await loadModelSet(flags.models);
      const loaded = await loadReviews(flags.data, { encoding, maxSkippedDetails: skippedDetails(flags.skippedReport), keepDuplicates: flags.keepDuplicates });
      await reportSkippedRows(loaded, flags.skippedReport);
      const results = evaluateModelSet(set, loaded.reviews);
      if (flags.json) {
        const out = {
          modelSet: set.manifest.version,
          data: { file: flags.data, sha256: loaded.sha256, rowsRead: loaded.rowsRead, rowsSkipped: loaded.skippedCount, rowsUsed: loaded.reviews.length },
          models: results.map((r) => ({ name: r.name, branch: r.branch, metrics: r.metrics })),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const rows = results.map((r) => ({ ...r, best: r.name === set.manifest.best }));
      process.stdout.write(`${formatSummaryTable(rows)}\n\nper branch:\n${formatBranchTable(rows)}\n`);
    });
}
