/**
 * @module data/reviews-csv
 * Streams the Disneyland reviews CSV (UTF-8 or cp1252/latin-1) into validated `Review`s, hashing
 * the raw bytes on the same pass and reporting every skipped row with its line number and reason.
 * It reads and validates only: no text processing, no splitting, and no row is dropped silently.
 * A row that repeats an earlier one (same Review_ID, or same text and rating) is skipped and
 * reported, so that no review can sit on both sides of a train/test split.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { CsvError, InfoRecord } from 'csv-parse';
import { ReviewStarsError, isReviewStarsError } from '../core/errors.js';
import type { Rating } from '../core/rating.js';
import { NewlineNormalizer, Utf8StreamValidator, singleByteDecoder, utf8BomLength } from './encoding.js';
import type { TextEncodingName } from './encoding.js';

/** A park, as named in the CSV's Branch column, e.g. `Disneyland_HongKong`. */
export type Branch = string;

/** One valid review row. `line` is the 1-based line of the file on which the row starts. */
export interface Review {
  id: string;
  rating: Rating;
  yearMonth: string;
  location: string;
  text: string;
  branch: Branch;
  line: number;
}

/** Why a row was skipped. */
export type SkipCode = 'MALFORMED_ROW' | 'EMPTY_TEXT' | 'BAD_RATING' | 'MISSING_BRANCH' | 'DUPLICATE_ROW';

/** A row that was not loaded, with the line on which it starts, why, and its Review_ID when it has one. */
export interface SkippedRow {
  line: number;
  code: SkipCode;
  reason: string;
  id?: string;
}

/** The result of `loadReviews`. `rowsRead` counts data rows (not the header): reviews + skipped. */
export interface LoadedReviews {
  reviews: Review[];
  /** The first `maxSkippedDetails` skipped rows, in file order. */
  skipped: SkippedRow[];
  /** Every skipped row, including those beyond `skipped`. */
  skippedCount: number;
  rowsRead: number;
  /** sha256 (hex) of the file's raw bytes, BOM included. */
  sha256: string;
  /** The encoding the rows were decoded with. */
  encoding: TextEncodingName;
  /** True when `encoding: 'auto'` found invalid UTF-8 and re-read the file as cp1252. */
  fellBackFromUtf8: boolean;
  /** The path as given to `loadReviews`. */
  file: string;
}

/** `auto` reads UTF-8 and falls back to cp1252 at the first invalid UTF-8 sequence. */
export type ReviewsEncodingOption = 'auto' | TextEncodingName;

export interface LoadReviewsOptions {
  /** Default `auto`. */
  encoding?: ReviewsEncodingOption;
  /** How many skipped rows to keep details of (the count is always complete). Default 100. */
  maxSkippedDetails?: number;
  /** Keep rows that repeat an earlier one instead of skipping them (for data resampled on purpose). Default false. */
  keepDuplicates?: boolean;
}

/** The columns the reviews CSV must have (in any order; other columns are ignored). */
export const REVIEW_COLUMNS = ['Review_ID', 'Rating', 'Year_Month', 'Reviewer_Location', 'Review_Text', 'Branch'] as const;

/** Default for `LoadReviewsOptions.maxSkippedDetails`. */
export const DEFAULT_MAX_SKIPPED_DETAILS = 100;

/** The values `--encoding` / `LoadReviewsOptions.encoding` accept. */
export const ENCODING_OPTIONS = ['auto', 'utf8', 'cp1252', 'latin1'] as const satisfies readonly ReviewsEncodingOption[];
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Loads and validates the reviews CSV at `path`.
 *
 * RFC-4180 quoting. Line ends may be CRLF, LF or CR, and become LF, also inside quoted texts; a
 * UTF-8 BOM is ignored whatever the encoding; blank lines are not rows. `Review.line` is the line on
 * which the row starts (the header is line 1). A row is skipped and reported when its field count
 * differs from the header's or its quoting is broken (`MALFORMED_ROW`: a quote inside an unquoted
 * field, or a quote in a quoted field that is neither doubled nor closing it; such a row may swallow
 * the lines up to the next quote, and the report names them), when its rating is not one digit 1-5
 * after trimming (`BAD_RATING`), its text is blank (`EMPTY_TEXT`) or its branch is blank
 * (`MISSING_BRANCH`), or when it repeats an earlier valid row (`DUPLICATE_ROW`): the same
 * non-empty Review_ID, or the same text (ignoring surrounding white space) with the same rating;
 * the first one is kept (unless `keepDuplicates`). Review_Text is kept as it is, the other fields trimmed.
 *
 * @throws ReviewStarsError `DATA_FILE_NOT_FOUND`, `DATA_READ_FAILED`, `DATA_ENCODING` (encoding `utf8` only),
 *   `DATA_MISSING_COLUMNS`, `DATA_DUPLICATE_COLUMNS`, `DATA_NO_ROWS`, `INVALID_ARGUMENT`.
 */
export async function loadReviews(path: string, options: LoadReviewsOptions = {}): Promise<LoadedReviews> {
  const encoding = options.encoding ?? 'auto';
  if (!(ENCODING_OPTIONS as readonly string[]).includes(encoding)) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `unknown encoding '${String(encoding)}': use one of ${ENCODING_OPTIONS.join(', ')}`);
  }
  const maxDetails = options.maxSkippedDetails ?? DEFAULT_MAX_SKIPPED_DETAILS;
  if (!Number.isSafeInteger(maxDetails) || maxDetails < 0) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `maxSkippedDetails must be a non-negative integer, got ${String(maxDetails)}`);
  }
  await assertReadableFile(path);

  const rules = { maxDetails, keepDuplicates: options.keepDuplicates === true };
  if (encoding !== 'auto') return readReviews(path, encoding, rules);
  try {
    return await readReviews(path, 'utf8', rules);
  } catch (err) {
    if (!isReviewStarsError(err, 'DATA_ENCODING')) throw err;
    const loaded = await readReviews(path, 'cp1252', rules);
    loaded.fellBackFromUtf8 = true;
    return loaded;
  }
}

/**
 * One line for logs and errors: `"12 rows skipped: line 40: rating '7' is not 1-5; ...; and 10 more"`,
 * or `"no rows skipped"`.
 */
export function formatSkipReport(loaded: Pick<LoadedReviews, 'skipped' | 'skippedCount'>, max = 5): string {
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new ReviewStarsError('INVALID_ARGUMENT', `max must be a non-negative integer, got ${String(max)}`);
  }
  const count = loaded.skippedCount;
  if (count === 0) return 'no rows skipped';
  const shown = loaded.skipped.slice(0, max).map((s) => `line ${s.line}: ${s.reason}`);
  const head = `${count} ${count === 1 ? 'row' : 'rows'} skipped`;
  if (shown.length === 0) return head;
  const rest = count - shown.length;
  return `${head}: ${shown.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}

async function assertReadableFile(path: string): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ReviewStarsError('INVALID_ARGUMENT', 'the reviews CSV path is empty');
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ReviewStarsError('DATA_FILE_NOT_FOUND', `reviews CSV ${path} is not a regular file`, { file: path });
  } catch (err) {
    if (isReviewStarsError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReviewStarsError(
      'DATA_FILE_NOT_FOUND',
      code === 'ENOENT' || code === 'ENOTDIR' ? `reviews CSV not found: ${path}` : `cannot read reviews CSV ${path}: ${(err as Error).message}`,
      { file: path },
    );
  }
}

/** A record csv-parse dropped (broken quoting), located by the line it starts on. */
interface ParserSkip {
  line: number;
  err: CsvError;
}

/** What a pass keeps: details of the first `maxDetails` skipped rows; repeated rows unless `keepDuplicates`. */
interface RowRules {
  maxDetails: number;
  keepDuplicates: boolean;
}

/** One pass over the file in one encoding. */
async function readReviews(path: string, encoding: TextEncodingName, rules: RowRules): Promise<LoadedReviews> {
  const hash = createHash('sha256');
  const newlines = new NewlineNormalizer();
  const rows = new RowCollector(path, rules);
  const parserSkips: ParserSkip[] = [];
  const parser = parse({
    info: true,
    raw: true,
    // Line ends are normalised to LF before parsing, which also keeps csv-parse's line count exact
    // (it counts a CRLF inside a quoted field as two lines).
    record_delimiter: '\n',
    skip_empty_lines: true,
    // A row with the wrong field count is emitted so that RowCollector reports it with its fields.
    relax_column_count: true,
    // Broken quoting drops the record and calls on_skip (maybe more than once for one record).
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      if (err === undefined) return;
      const errorLine = typeof err.lines === 'number' ? err.lines : 1;
      parserSkips.push({ line: errorLine - lineFeedsAfterBlankLines(raw ?? ''), err });
    },
  });
  const decode = encoding === 'utf8' ? undefined : singleByteDecoder(encoding);

  await pipeline(
    createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }),
    async function* decodeChunks(source: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array | string> {
      let validator: Utf8StreamValidator | undefined;
      for await (const chunk of source) {
        hash.update(chunk);
        let bytes: Uint8Array = chunk;
        if (validator === undefined) {
          const bom = utf8BomLength(chunk);
          bytes = chunk.subarray(bom);
          validator = new Utf8StreamValidator(path, bom);
        }
        // csv-parse decodes UTF-8 fields itself; checking first makes a bad byte an error, not U+FFFD.
        if (decode === undefined) validator.push(bytes);
        const text = newlines.apply(bytes);
        yield decode === undefined ? text : decode(text);
      }
      if (decode === undefined) validator?.end();
    },
    parser,
    async (records: AsyncIterable<{ record: string[]; info: InfoRecord }>) => {
      for await (const { record, info } of records) rows.add(record, info, parserSkips);
    },
  ).catch((err: unknown) => {
    // A file that passed the stat check may still fail to open or read (permissions, an I/O error).
    if (typeof (err as NodeJS.ErrnoException).syscall === 'string') {
      throw new ReviewStarsError('DATA_READ_FAILED', `cannot read reviews CSV ${path}: ${(err as Error).message}`, { file: path });
    }
    throw err;
  });
  const lastLine = parser.info.lines - (newlines.endsWithLineFeed ? 1 : 0);
  return rows.finish(hash.digest('hex'), encoding, parserSkips, lastLine);
}

/**
 * Turns parsed records into reviews and skip reports. A record starts on the line csv-parse
 * reports for its end minus the line feeds inside its fields. Lines that no emitted record covers
 * (beyond blank lines) form gaps; the records csv-parse dropped lie in them, and each is reported
 * once, with the lines it spans.
 */
class RowCollector {
  private readonly reviews: Review[] = [];
  /** Rows skipped here, in file order (the first `maxDetails` of them). */
  private readonly skipped: SkippedRow[] = [];
  private skippedCount = 0;
  private rowsRead = 0;
  private previousEnd = 0;
  private previousBlankLines = 0;
  private readonly gaps: Array<{ from: number; to: number }> = [];
  /** Line of the kept row with each Review_ID. */
  private readonly lineById = new Map<string, number>();
  /** Per trimmed text, the line of the kept row with it for each rating (index rating - 1). */
  private readonly linesByText = new Map<string, Array<number | undefined>>();
  private header: { width: number; id: number; rating: number; yearMonth: number; location: number; text: number; branch: number } | undefined;

  constructor(
    private readonly file: string,
    private readonly rules: RowRules,
  ) {}

  add(record: string[], info: InfoRecord, parserSkips: readonly ParserSkip[]): void {
    const innerLines = countLineFeeds(record);
    const line = info.lines - innerLines;
    const expected = this.previousEnd + 1 + (info.empty_lines - this.previousBlankLines);
    if (line > expected) this.gaps.push({ from: this.previousEnd + 1, to: line - 1 });
    this.previousEnd = info.lines;
    this.previousBlankLines = info.empty_lines;

    const h = this.header;
    if (h === undefined) {
      const broken = parserSkips.find((s) => s.line < line);
      if (broken !== undefined) {
        throw new ReviewStarsError('DATA_MISSING_COLUMNS', `the header of ${this.file} cannot be parsed: ${broken.err.message}`, {
          file: this.file,
        });
      }
      this.header = this.readHeader(record);
      return;
    }
    this.rowsRead++;
    const id = record[h.id]?.trim();
    if (record.length !== h.width) {
      const span = innerLines > 0 ? ` (lines ${line}-${info.lines})` : '';
      this.skip(line, 'MALFORMED_ROW', `row has ${record.length} fields, the header has ${h.width}${span}`, id);
      return;
    }
    const ratingField = record[h.rating] as string;
    const rating = parseRating(ratingField);
    if (rating === undefined) {
      this.skip(line, 'BAD_RATING', `rating '${clip(ratingField)}' is not 1-5`, id);
      return;
    }
    const text = record[h.text] as string;
    const trimmedText = text.trim();
    if (trimmedText.length === 0) {
      this.skip(line, 'EMPTY_TEXT', 'Review_Text is empty', id);
      return;
    }
    const branch = (record[h.branch] as string).trim();
    if (branch.length === 0) {
      this.skip(line, 'MISSING_BRANCH', 'Branch is empty', id);
      return;
    }
    const repeated = this.rules.keepDuplicates ? undefined : this.findRepeat(id as string, trimmedText, rating, line);
    if (repeated !== undefined) {
      this.skip(line, 'DUPLICATE_ROW', repeated, id);
      return;
    }
    this.reviews.push({
      id: id as string,
      rating,
      yearMonth: (record[h.yearMonth] as string).trim(),
      location: (record[h.location] as string).trim(),
      text,
      branch,
      line,
    });
  }

  /**
   * Merges in the records csv-parse dropped and returns the result.
   * @param lastLine The file's last line (its line count).
   */
  finish(sha256: string, encoding: TextEncodingName, parserSkips: readonly ParserSkip[], lastLine: number): LoadedReviews {
    if (this.header === undefined) {
      const detail = parserSkips[0] === undefined ? 'expected a header' : `its header cannot be parsed (${parserSkips[0].err.message}); expected`;
      throw new ReviewStarsError('DATA_NO_ROWS', `${this.file} has no rows: ${detail} ${REVIEW_COLUMNS.join(',')} and review rows`, {
        file: this.file,
      });
    }
    if (lastLine > this.previousEnd) this.gaps.push({ from: this.previousEnd + 1, to: lastLine });
    const dropped = this.droppedRecords(parserSkips);
    this.rowsRead += dropped.length;
    this.skippedCount += dropped.length;
    const skipped = mergeByLine(this.skipped, dropped, this.rules.maxDetails);
    const loaded: LoadedReviews = {
      reviews: this.reviews,
      skipped,
      skippedCount: this.skippedCount,
      rowsRead: this.rowsRead,
      sha256,
      encoding,
      fellBackFromUtf8: false,
      file: this.file,
    };
    if (this.reviews.length === 0) {
      const detail = this.rowsRead === 0 ? 'it has a header but no rows' : formatSkipReport(loaded);
      throw new ReviewStarsError('DATA_NO_ROWS', `${this.file} has no usable review rows: ${detail}`, {
        file: this.file,
        rowsRead: this.rowsRead,
        skipped,
      });
    }
    return loaded;
  }

  /** One skip report per record csv-parse dropped, spanning up to the next record or gap end. */
  private droppedRecords(parserSkips: readonly ParserSkip[]): SkippedRow[] {
    const starts = [...new Map(parserSkips.map((s) => [s.line, s] as const)).values()].sort((a, b) => a.line - b.line);
    return starts.map((s, i) => {
      const gap = this.gaps.find((g) => g.from <= s.line && s.line <= g.to);
      const next = starts[i + 1];
      let end = gap?.to ?? s.line;
      if (next !== undefined && next.line <= end) end = next.line - 1;
      const lines = end > s.line ? `lines ${s.line}-${end} dropped` : 'row dropped';
      return { line: s.line, code: 'MALFORMED_ROW', reason: `broken quoting, ${lines}: ${describeCsvError(s.err)}` };
    });
  }

  private readHeader(record: string[]): NonNullable<RowCollector['header']> {
    const names = record.map((name) => name.trim());
    const index = (column: string): number => names.indexOf(column);
    const missing = REVIEW_COLUMNS.filter((c) => index(c) === -1);
    if (missing.length > 0) {
      throw new ReviewStarsError(
        'DATA_MISSING_COLUMNS',
        `missing column(s) ${missing.join(',')}: the reviews CSV needs ${REVIEW_COLUMNS.join(',')}; ` +
          `the header of ${this.file} is ${clip(names.join(','), 200)}`,
        { file: this.file, missing, found: names },
      );
    }
    const duplicated = REVIEW_COLUMNS.filter((c) => names.lastIndexOf(c) !== index(c));
    if (duplicated.length > 0) {
      throw new ReviewStarsError(
        'DATA_DUPLICATE_COLUMNS',
        `column(s) ${duplicated.join(',')} appear more than once in the header of ${this.file}: keep one of each`,
        { file: this.file, duplicated },
      );
    }
    return {
      width: record.length,
      id: index('Review_ID'),
      rating: index('Rating'),
      yearMonth: index('Year_Month'),
      location: index('Reviewer_Location'),
      text: index('Review_Text'),
      branch: index('Branch'),
    };
  }

  /**
   * Why the valid row at `line` repeats an earlier kept row, or undefined when it does not (it is
   * then remembered). An empty Review_ID repeats nothing.
   */
  private findRepeat(id: string, trimmedText: string, rating: Rating, line: number): string | undefined {
    const idLine = id === '' ? undefined : this.lineById.get(id);
    if (idLine !== undefined) return `repeats line ${idLine} (same Review_ID ${clip(id, 40)})`;
    let byRating = this.linesByText.get(trimmedText);
    const textLine = byRating?.[rating - 1];
    if (textLine !== undefined) return `repeats line ${textLine} (same text and rating)`;
    if (byRating === undefined) {
      byRating = [];
      this.linesByText.set(trimmedText, byRating);
    }
    byRating[rating - 1] = line;
    if (id !== '') this.lineById.set(id, line);
    return undefined;
  }

  private skip(line: number, code: SkipCode, reason: string, id: string | undefined): void {
    this.skippedCount++;
    if (this.skipped.length < this.rules.maxDetails) this.skipped.push(id === undefined ? { line, code, reason } : { line, code, reason, id });
  }
}

/** Merges two line-ordered lists, keeping the first `max` rows. */
function mergeByLine(a: readonly SkippedRow[], b: readonly SkippedRow[], max: number): SkippedRow[] {
  const out: SkippedRow[] = [];
  let i = 0;
  let j = 0;
  while (out.length < max && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.line <= y.line)) {
      out.push(x as SkippedRow);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** csv-parse's reason for dropping a record, without its own line number. */
function describeCsvError(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is still open at the end of the file';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field is not closed properly (a quote in it is neither doubled nor followed by a comma or line end)';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field (quote the whole field and double the quote)';
    default:
      return err.message;
  }
}

/**
 * Line feeds inside the raw text a dropped record had when csv-parse gave up on it: not the blank
 * lines before it, nor a final line feed (csv-parse counts a line only once the next character is read).
 */
function lineFeedsAfterBlankLines(raw: string): number {
  let start = 0;
  while (raw.charCodeAt(start) === 10) start++;
  const end = raw.charCodeAt(raw.length - 1) === 10 ? raw.length - 1 : raw.length;
  let count = 0;
  for (let i = raw.indexOf('\n', start); i !== -1 && i < end; i = raw.indexOf('\n', i + 1)) count++;
  return count;
}

/** One digit 1-5, surrounding spaces allowed; anything else (`0`, `6`, `4.5`, `x`, ``) is not a rating. */
function parseRating(field: string): Rating | undefined {
  const s = field.trim();
  if (s.length !== 1) return undefined;
  const digit = s.charCodeAt(0) - 48;
  return digit >= 1 && digit <= 5 ? (digit as Rating) : undefined;
}

function countLineFeeds(record: readonly string[]): number {
  let count = 0;
  for (const field of record) {
    let i = field.indexOf('\n');
    while (i !== -1) {
      count++;
      i = field.indexOf('\n', i + 1);
    }
  }
  return count;
}

/** Shortens a field for a message. */
function clip(value: string, max = 20): string {
  return value.length <= max ? value : `${value.slice(0, max)}...`;
}
