/**
 * @module cli/feedback
 * The `review-stars feedback import FILE.csv` sub-command: loads true ratings in bulk into the
 * store a running service logs to (same --store / REVIEW_STARS_STORE / REVIEW_STARS_STORE_FILE as
 * serve), then prints what it did and every row it could not apply. Exit status 1 when a row was
 * invalid or matched nothing (the valid rows are applied all the same).
 */
import type { Command } from 'commander';
import { ReviewStarsError } from '../core/errors.js';
import { importFeedbackCsv, type FeedbackImportReport } from '../store/feedback-import.js';
import { Store } from '../store/store.js';
import { DEFAULT_STORE_URL, resolveStoreUrl } from '../store/url.js';

/** Rows listed per kind of problem in the text report (all of them with --json). */
const LISTED_PROBLEMS = 20;

/** Registers `feedback import`. */
export function registerFeedback(program: Command): void {
  const feedback = program.command('feedback').description('true ratings of logged predictions');
  feedback
    .command('import')
    .description('record true ratings from a CSV file: columns request_id[,index],rating or text,rating (a text labels every logged prediction of that text)')
    .argument('<file>', 'UTF-8 CSV file with a header row')
    .option('--store <url>', `the service's store: sqlite:PATH or postgres://... [env REVIEW_STARS_STORE or REVIEW_STARS_STORE_FILE; default ${DEFAULT_STORE_URL}]`)
    .option('--json', 'print the report as JSON')
    .action(async (file: string, flags: { store?: string; json?: boolean }) => {
      const target = resolveStoreUrl(flags.store, process.env);
      if (target.kind === 'none') throw new ReviewStarsError('INVALID_ARGUMENT', 'feedback import needs a store: --store sqlite:PATH or postgres://...');
      const store = await Store.open(target);
      let report: FeedbackImportReport;
      try {
        report = await importFeedbackCsv(store, file);
      } finally {
        await store.close();
      }
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, target.display));
      if (report.invalid.length > 0 || report.unmatched.length > 0) process.exitCode = 1;
    });
}

/** The report as lines for a person. */
export function formatReport(report: FeedbackImportReport, store: string): string {
  const lines = [
    `${report.file}: ${report.rows} rows into ${store}`,
    `  recorded ${report.recorded}, unchanged ${report.unchanged}, replaced ${report.replaced} (predictions labelled)`,
    `  invalid rows ${report.invalid.length}, rows matching no logged prediction ${report.unmatched.length}`,
  ];
  for (const [title, problems] of [
    ['invalid', report.invalid],
    ['unmatched', report.unmatched],
  ] as const) {
    for (const p of problems.slice(0, LISTED_PROBLEMS)) lines.push(`  ${title} line ${p.line}: ${p.reason}`);
    if (problems.length > LISTED_PROBLEMS) lines.push(`  ... and ${problems.length - LISTED_PROBLEMS} more ${title} rows (--json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}
