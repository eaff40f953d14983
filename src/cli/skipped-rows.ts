/**
 * @module cli/skipped-rows
 * The skipped rows of a command that reads a reviews CSV (train, evaluate): one line on stderr
 * with the first few, and with --skipped-report FILE all of them in a file; and the flags that
 * shape them, shared by both commands. Never changes which rows are skipped itself.
 */
import { formatSkipReport, type LoadedReviews } from '../data/reviews-csv.js';
import { checkSkipReportPath, writeSkipReport } from '../data/skip-report.js';

export const SKIPPED_REPORT_FLAG = '--skipped-report <file>';
export const SKIPPED_REPORT_HELP = 'write every skipped row (line, code, reason, Review_ID) to this .csv or .jsonl file';
export const KEEP_DUPLICATES_FLAG = '--keep-duplicates';
export const KEEP_DUPLICATES_HELP =
  'keep rows that repeat an earlier one (same Review_ID, or same text and rating) instead of skipping them: for data resampled on purpose, e.g. to time training';

/** Checks the report's path before any work; does nothing without one. */
export async function checkSkippedReport(reportPath: string | undefined, dataPath: string): Promise<void> {
  if (reportPath !== undefined) await checkSkipReportPath('--skipped-report', reportPath, dataPath);
}

/** How many skipped rows the loader keeps details of: all of them when they go to a report. */
export function skippedDetails(reportPath: string | undefined): number | undefined {
  return reportPath === undefined ? undefined : Number.MAX_SAFE_INTEGER;
}

/** Writes the report (when asked for) and the one-line summary on stderr (when rows were skipped). */
export async function reportSkippedRows(loaded: LoadedReviews, reportPath: string | undefined): Promise<void> {
  if (reportPath !== undefined) await writeSkipReport('--skipped-report', reportPath, loaded.skipped);
  if (loaded.skippedCount === 0) return;
  const shown = Math.min(5, loaded.skipped.length);
  let where = '';
  if (reportPath !== undefined) where = ` (all ${loaded.skippedCount} in ${reportPath})`;
  else if (loaded.skippedCount > shown) where = ' (--skipped-report FILE lists them all)';
  process.stderr.write(`${formatSkipReport(loaded, 5)}${where}\n`);
}
