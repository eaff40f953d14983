/**
 * @module store/feedback-import
 * Bulk feedback from a CSV file: each row names a logged prediction by request id (and index) or
 * by review text (matched to every logged prediction of that normalised text by its hash), with a
 * true rating 1-5. Every row is validated; bad or unmatched rows are reported with their line and
 * reason, never applied and never silently dropped. Reads the file and calls the store; no SQL.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { ReviewStarsError, isReviewStarsError } from '../core/errors.js';
import type { Rating } from '../core/rating.js';
import type { FeedbackStatus, Store } from './store.js';
import { reviewTextHash } from './text-hash.js';

/** Largest file accepted: feedback files are labels, not corpora. */
export const MAX_FEEDBACK_FILE_BYTES = 100 * 1024 * 1024;

/** Column names accepted for each field (case-insensitive); the Kaggle file's own names included. */
const COLUMNS = {
  requestId: ['request_id', 'requestid', 'request id'],
  index: ['index', 'idx'],
  text: ['text', 'review_text', 'review text', 'comment'],
  rating: ['rating', 'true_rating', 'stars'],
} as const;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A row not applied, with the file line it starts on. */
export interface FeedbackRowProblem {
  line: number;
  reason: string;
}

/** What an import did. */
export interface FeedbackImportReport {
  file: string;
  /** Data rows read (the header excluded). */
  rows: number;
  /** Predictions given feedback, by outcome (a text row can label several predictions). */
  recorded: number;
  unchanged: number;
  replaced: number;
  /** Rows that were not valid (not applied). */
  invalid: FeedbackRowProblem[];
  /** Valid rows that matched no logged prediction. */
  unmatched: FeedbackRowProblem[];
}

/** Reads `file` and records its feedback in `store`; throws FEEDBACK_FILE_INVALID when the file itself is unusable. */
export async function importFeedbackCsv(store: Store, file: string): Promise<FeedbackImportReport> {
  const parsed = await readRecords(file);
  const records = parsed.map((p) => p.record);
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const find = (names: readonly string[]): number => header.findIndex((h) => names.includes(h));
  const col = { requestId: find(COLUMNS.requestId), index: find(COLUMNS.index), text: find(COLUMNS.text), rating: find(COLUMNS.rating) };
  if (col.rating < 0 || (col.requestId < 0 && col.text < 0)) {
    throw new ReviewStarsError(
      'FEEDBACK_FILE_INVALID',
      `${file} needs a header with a rating column and a request_id column (optionally index) or a text column; found: ${header.join(', ') || 'no header'}`,
      { file },
    );
  }
  const report: FeedbackImportReport = { file, rows: records.length - 1, recorded: 0, unchanged: 0, replaced: 0, invalid: [], unmatched: [] };
  // First every row is checked; then the texts are matched in one pass over the log; then the
  // rows are applied in file order (a later row for the same prediction replaces an earlier one).
  const planned: PlannedRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const row = checkRow(records[r] as string[], (parsed[r] as ParsedRow).line, col);
    if ('reason' in row) report.invalid.push(row);
    else planned.push(row);
  }
  const byText = await store.predictionsWithTextHashes(planned.flatMap((p) => ('textSha256' in p ? [p.textSha256] : [])));
  const count = (status: FeedbackStatus): void => {
    report[status]++;
  };
  for (const row of planned) {
    if ('requestId' in row) {
      await applyOne(store, { requestId: row.requestId, index: row.index, rating: row.rating }, row.line, report, count);
      continue;
    }
    const matches = byText.get(row.textSha256) ?? [];
    if (matches.length === 0) report.unmatched.push({ line: row.line, reason: 'no logged prediction has this text' });
    for (const key of matches) await applyOne(store, { ...key, rating: row.rating }, row.line, report, count);
  }
  return report;
}

/** A valid row: a prediction named by request id and index, or by its text's hash. */
type PlannedRow = { line: number; rating: Rating } & ({ requestId: string; index: number } | { textSha256: string });

/** Checks one data row (`line`: the line it ends on, its only line unless a quoted text spans several). */
function checkRow(cells: readonly string[], line: number, col: Record<keyof typeof COLUMNS, number>): PlannedRow | FeedbackRowProblem {
  const cell = (i: number): string => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const rating = parseRating(cell(col.rating));
  if (rating === undefined) return { line, reason: `rating must be a whole number from 1 to 5, got ${JSON.stringify(cell(col.rating))}` };
  const requestId = cell(col.requestId);
  if (requestId !== '') {
    if (!REQUEST_ID.test(requestId)) return { line, reason: `request_id must be 1-128 letters, digits or . _ : -, got ${JSON.stringify(requestId.slice(0, 140))}` };
    const indexText = cell(col.index);
    const index = indexText === '' ? 0 : /^\d{1,6}$/.test(indexText) ? Number(indexText) : -1;
    if (index < 0) return { line, reason: `index must be a whole number >= 0, got ${JSON.stringify(indexText)}` };
    return { line, rating, requestId, index };
  }
  const text = col.text >= 0 ? (cells[col.text] ?? '') : '';
  if (text.trim() === '') return { line, reason: 'the row has neither a request_id nor a text' };
  return { line, rating, textSha256: reviewTextHash(text) };
}

async function applyOne(
  store: Store,
  input: { requestId: string; index: number; rating: Rating },
  line: number,
  report: FeedbackImportReport,
  count: (status: FeedbackStatus) => void,
): Promise<void> {
  try {
    count((await store.recordFeedback(input)).status);
  } catch (err) {
    // Unknown predictions are the file's problem; a failing database stops the import.
    if (!isReviewStarsError(err, 'PREDICTION_NOT_FOUND')) throw err;
    report.unmatched.push({ line, reason: `no logged prediction ${input.requestId} #${input.index}` });
  }
}

interface ParsedRow {
  record: string[];
  line: number;
}

async function readRecords(file: string): Promise<ParsedRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ReviewStarsError('FEEDBACK_FILE_INVALID', `${file} cannot be read (${code})`, { file });
  }
  if (bytes.length > MAX_FEEDBACK_FILE_BYTES) {
    throw new ReviewStarsError('FEEDBACK_FILE_INVALID', `${file} is larger than ${MAX_FEEDBACK_FILE_BYTES} bytes: split it`, { file });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ReviewStarsError('FEEDBACK_FILE_INVALID', `${file} is not valid UTF-8: save it as UTF-8`, { file });
  }
  try {
    const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return rows.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ReviewStarsError('FEEDBACK_FILE_INVALID', `${file} is not valid CSV${line === undefined ? '' : ` (near line ${line})`}: ${(err as Error).message}`, { file });
  }
}

function parseRating(value: string): Rating | undefined {
  return /^[1-5]$/.test(value) ? (Number(value) as Rating) : undefined;
}
