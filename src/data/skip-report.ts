/**
 * @module data/skip-report
 * Every row the reviews loader skipped, as a file: CSV (`line,code,reason,Review_ID`) or JSON lines
 * (one `{"line","code","reason","Review_ID"}` per row), chosen by the file's extension. It only
 * formats and writes; it never decides which rows are skipped.
 */
import { open, stat, unlink, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ReviewStarsError } from '../core/errors.js';
import type { SkippedRow } from './reviews-csv.js';

/** The file formats of a skip report, by extension. */
export type SkipReportFormat = 'csv' | 'jsonl';

const FORMATS: Record<string, SkipReportFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/**
 * The format of a skip report written to `path`, from its extension.
 * @throws ReviewStarsError INVALID_ARGUMENT naming `flag` for any other extension.
 */
export function skipReportFormat(flag: string, path: string): SkipReportFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} must end in .csv or .jsonl (the report's format), got ${JSON.stringify(path)}`);
  }
  return format;
}

/**
 * Checks, before any work, that a skip report can be written to `path`: a .csv or .jsonl name, not
 * a directory, not the reviews CSV itself, and writable (opened without truncating it; a file that
 * did not exist is created and removed again).
 * @throws ReviewStarsError INVALID_ARGUMENT or OUTPUT_NOT_WRITABLE naming `flag`.
 */
export async function checkSkipReportPath(flag: string, path: string, dataPath: string): Promise<void> {
  skipReportFormat(flag, path);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory() === true) throw new ReviewStarsError('OUTPUT_NOT_WRITABLE', `${flag} ${path} is a directory: give a file name`, { file: path });
  const data = await stat(dataPath).catch(() => undefined);
  if (info !== undefined && data !== undefined && info.dev === data.dev && info.ino === data.ino) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `${flag} ${path} is the reviews CSV itself: writing the report would overwrite it`, { file: path });
  }
  try {
    const handle = await open(path, info === undefined ? 'wx' : 'r+');
    await handle.close();
    if (info === undefined) await unlink(path);
  } catch (err) {
    throw new ReviewStarsError('OUTPUT_NOT_WRITABLE', `${flag} ${path} cannot be written: ${(err as Error).message}`, { file: path });
  }
}

/** The report's text: a header and one row per skipped row (CSV), or one JSON object per line. */
export function formatSkipReportFile(rows: readonly SkippedRow[], format: SkipReportFormat): string {
  const records = rows.map((r) => ({ line: r.line, code: r.code, reason: r.reason, Review_ID: r.id ?? '' }));
  if (format === 'jsonl') return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  return stringify(records, { header: true, columns: ['line', 'code', 'reason', 'Review_ID'], record_delimiter: 'unix' });
}

/**
 * Writes every row of `rows` to `path` in the format its extension names (replacing the file).
 * @throws ReviewStarsError OUTPUT_NOT_WRITABLE naming `flag` and the file when it cannot be written.
 */
export async function writeSkipReport(flag: string, path: string, rows: readonly SkippedRow[]): Promise<void> {
  const text = formatSkipReportFile(rows, skipReportFormat(flag, path));
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new ReviewStarsError('OUTPUT_NOT_WRITABLE', `${flag} ${path} cannot be written: ${(err as Error).message}`, { file: path });
  }
}
