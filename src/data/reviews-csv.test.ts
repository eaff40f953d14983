import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../../test-support/paths.js';
import { isReviewStarsError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import { formatSkipReport, loadReviews } from './reviews-csv.js';
import type { LoadedReviews } from './reviews-csv.js';

const fixture = (name: string): string => repoPath('src/data/fixtures', name);
const CLEAN = fixture('reviews-clean.csv');
const PROBLEMS = fixture('reviews-problems.csv');
const HEADER = 'Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-stars-csv-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function writeTemp(content: string | Uint8Array): Promise<string> {
  const path = join(dir, `case-${++fileCount}.csv`);
  await writeFile(path, content);
  return path;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isReviewStarsError(err, code), `expected ${code}, got ${String(err)}`);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

const CLEAN_REVIEWS = [
  {
    id: '900001',
    rating: 5,
    yearMonth: '2019-4',
    location: 'Australia',
    text: 'Made-up review: the parade was magical and the café sold great crêpes.',
    branch: 'Disneyland_HongKong',
    line: 2,
  },
  {
    id: '900002',
    rating: 4,
    yearMonth: '2018-12',
    location: 'United Kingdom',
    text: 'Made-up review: long queues, but worth it; Space Mountain rocks.',
    branch: 'Disneyland_Paris',
    line: 3,
  },
  {
    id: '900003',
    rating: 2,
    yearMonth: '2017-7',
    location: 'United States',
    text: 'Made-up review: my son said "never again".\nSecond paragraph: too hot, too crowded.\nThird paragraph ends here.',
    branch: 'Disneyland_California',
    line: 4,
  },
  {
    id: '900004',
    rating: 3,
    yearMonth: 'missing',
    location: "Côte d'Ivoire",
    text: 'Made-up review: it’s fine, nothing special.',
    branch: 'Disneyland_Paris',
    line: 7,
  },
  {
    id: '900005',
    rating: 1,
    yearMonth: '2016-1',
    location: 'Canada',
    text: 'Made-up review: closed rides everywhere.',
    branch: 'Disneyland_California',
    line: 8,
  },
];

test('loadReviews reads a clean UTF-8 CRLF file with quoted commas, doubled quotes and line breaks', async () => {
  const loaded = await loadReviews(CLEAN);
  assert.deepEqual(loaded.reviews, CLEAN_REVIEWS);
  assert.equal(loaded.rowsRead, 5);
  assert.equal(loaded.skippedCount, 0);
  assert.deepEqual(loaded.skipped, []);
  assert.equal(loaded.encoding, 'utf8');
  assert.equal(loaded.fellBackFromUtf8, false);
  assert.equal(loaded.file, CLEAN);
  assert.equal(loaded.sha256, sha256(await readFile(CLEAN)));
  assert.equal(formatSkipReport(loaded), 'no rows skipped');
});

test('loadReviews ignores a UTF-8 BOM but hashes the bytes as they are', async () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(CLEAN)]);
  const loaded = await loadReviews(await writeTemp(bytes));
  assert.deepEqual(loaded.reviews, CLEAN_REVIEWS);
  assert.equal(loaded.sha256, sha256(bytes));
});

test('loadReviews reads LF or CR line ends as the same rows and lines as CRLF', async () => {
  const crlf = await readFile(CLEAN, 'utf8');
  for (const lineEnd of ['\n', '\r']) {
    const loaded = await loadReviews(await writeTemp(crlf.replaceAll('\r\n', lineEnd)));
    assert.deepEqual(loaded.reviews, CLEAN_REVIEWS, JSON.stringify(lineEnd));
  }
});

/** A made-up review in cp1252: ô = 0xF4, é = 0xE9, ’ = 0x92, “ = 0x93, ” = 0x94. */
function cp1252Csv(): { bytes: Buffer; firstHighByte: number } {
  const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');
  const head = ascii(`${HEADER}\r\n920001,5,2019-1,C`);
  const bytes = Buffer.concat([
    head,
    Buffer.from([0xf4]),
    ascii(`te d'Ivoire,"Made-up review: caf`),
    Buffer.from([0xe9]),
    ascii(', it'),
    Buffer.from([0x92]),
    ascii('s '),
    Buffer.from([0x93]),
    ascii('magic'),
    Buffer.from([0x94]),
    ascii('.",Disneyland_Paris\r\n920002,4,2019-2,France,Made-up review: plain ASCII.,Disneyland_Paris\r\n'),
  ]);
  return { bytes, firstHighByte: head.length };
}

test('loadReviews falls back to cp1252 when the file is not UTF-8 (encoding auto)', async () => {
  const { bytes } = cp1252Csv();
  const loaded = await loadReviews(await writeTemp(bytes));
  assert.equal(loaded.encoding, 'cp1252');
  assert.equal(loaded.fellBackFromUtf8, true);
  assert.equal(loaded.reviews.length, 2);
  assert.equal(loaded.reviews[0]?.location, "Côte d'Ivoire");
  assert.equal(loaded.reviews[0]?.text, 'Made-up review: café, it’s “magic”.');
  assert.equal(loaded.reviews[1]?.line, 3);
  assert.equal(loaded.sha256, sha256(bytes));
});

test('loadReviews with encoding utf8 refuses cp1252 bytes, naming the byte offset and the fix', async () => {
  const { bytes, firstHighByte } = cp1252Csv();
  const path = await writeTemp(bytes);
  await rejectsWith(loadReviews(path, { encoding: 'utf8' }), 'DATA_ENCODING', new RegExp(`byte 0xF4 at byte offset ${firstHighByte} \\(line 2\\).*--encoding cp1252`));
});

test('loadReviews decodes cp1252 and latin-1 as told, without a fallback', async () => {
  const path = await writeTemp(cp1252Csv().bytes);
  const cp1252 = await loadReviews(path, { encoding: 'cp1252' });
  assert.equal(cp1252.fellBackFromUtf8, false);
  assert.equal(cp1252.encoding, 'cp1252');
  assert.equal(cp1252.reviews[0]?.text, 'Made-up review: café, it’s “magic”.');
  const latin1 = await loadReviews(path, { encoding: 'latin1' });
  assert.equal(latin1.encoding, 'latin1');
  assert.equal(latin1.reviews[0]?.text, 'Made-up review: café, it\u0092s \u0093magic\u0094.');
});

test('loadReviews finds the columns by name in any order and ignores extra columns', async () => {
  const path = await writeTemp(
    'Branch,Extra,Review_Text,Rating,Review_ID,Reviewer_Location,Year_Month\n' +
      'Disneyland_Paris,ignored,"Made-up review: fine, really.",4,930001,Belgium,2015-3\n',
  );
  const loaded = await loadReviews(path);
  assert.deepEqual(loaded.reviews, [
    { id: '930001', rating: 4, yearMonth: '2015-3', location: 'Belgium', text: 'Made-up review: fine, really.', branch: 'Disneyland_Paris', line: 2 },
  ]);
});

test('loadReviews names the missing columns and the ones it needs', async () => {
  const one = await writeTemp('Review_ID,Rating,Year_Month,Reviewer_Location,Branch\n1,5,2019-1,UK,Disneyland_Paris\n');
  await rejectsWith(
    loadReviews(one),
    'DATA_MISSING_COLUMNS',
    /^missing column\(s\) Review_Text: the reviews CSV needs Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch/,
  );
  const two = await writeTemp('Review_ID,Year_Month,Reviewer_Location,Review_Text\n1,2019-1,UK,Made-up review.\n');
  await rejectsWith(loadReviews(two), 'DATA_MISSING_COLUMNS', /^missing column\(s\) Rating,Branch:/);
});

test('loadReviews refuses a header whose quoting is broken instead of reading a row as the header', async () => {
  const path = await writeTemp(
    'Review_ID,Ra"ting,Year_Month,Reviewer_Location,Review_Text,Branch\n' +
      'Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch\n1,5,2019-1,UK,Made-up review.,Disneyland_Paris\n',
  );
  await rejectsWith(loadReviews(path), 'DATA_MISSING_COLUMNS', /header .* cannot be parsed/);
});

test('loadReviews refuses a header that repeats a required column', async () => {
  const path = await writeTemp(`${HEADER},Rating\n1,5,2019-1,UK,Made-up review.,Disneyland_Paris,4\n`);
  await rejectsWith(loadReviews(path), 'DATA_DUPLICATE_COLUMNS', /Rating/);
});

const PROBLEM_SKIPS = [
  { line: 3, code: 'BAD_RATING', reason: "rating '0' is not 1-5", id: '910002' },
  { line: 4, code: 'BAD_RATING', reason: "rating '6' is not 1-5", id: '910003' },
  { line: 5, code: 'BAD_RATING', reason: "rating '4.5' is not 1-5", id: '910004' },
  { line: 6, code: 'BAD_RATING', reason: "rating 'x' is not 1-5", id: '910005' },
  { line: 7, code: 'EMPTY_TEXT', reason: 'Review_Text is empty', id: '910006' },
  { line: 8, code: 'EMPTY_TEXT', reason: 'Review_Text is empty', id: '910007' },
  { line: 9, code: 'MISSING_BRANCH', reason: 'Branch is empty', id: '910008' },
  { line: 10, code: 'MALFORMED_ROW', reason: 'row has 7 fields, the header has 6', id: '910009' },
  {
    line: 14,
    code: 'MALFORMED_ROW',
    reason:
      'broken quoting, lines 14-16 dropped: a quoted field is not closed properly (a quote in it is neither doubled nor followed by a comma or line end)',
  },
  {
    line: 17,
    code: 'MALFORMED_ROW',
    reason: 'broken quoting, row dropped: a quote inside an unquoted field (quote the whole field and double the quote)',
  },
];

test('loadReviews skips and reports bad ratings, empty texts and branches, and malformed rows with their lines', async () => {
  const loaded = await loadReviews(PROBLEMS);
  assert.deepEqual(
    loaded.reviews.map((r) => [r.id, r.line, r.text]),
    [
      ['910001', 2, 'Made-up review: good fun.'],
      ['910010', 12, 'Made-up review: two\nlines, quoted.'],
      ['910015', 18, 'Made-up review: the last good row.'],
    ],
  );
  assert.deepEqual(loaded.skipped, PROBLEM_SKIPS);
  assert.equal(loaded.skippedCount, 10);
  // 910011-910013 are one record for the parser: the quote opened on line 14 runs to line 16.
  assert.equal(loaded.rowsRead, 13);
});

test('loadReviews keeps the first of rows repeating a Review_ID, or a text and its rating, and reports the others as skipped', async () => {
  const path = await writeTemp(
    `${HEADER}\n` +
      '950001,5,2019-1,UK,Made-up review: great.,Disneyland_Paris\n' +
      '950002,4,2019-1,UK,Made-up review: fine.,Disneyland_Paris\n' +
      '950001,3,2019-2,UK,Made-up review: another text under the same id.,Disneyland_Paris\n' +
      '950003,5,2019-3,US,"  Made-up review: great.  ",Disneyland_California\n' +
      '950004,2,2019-3,US,Made-up review: great.,Disneyland_Paris\n' +
      '950002,4,2019-1,UK,Made-up review: fine.,Disneyland_Paris\n',
  );
  const loaded = await loadReviews(path);
  assert.deepEqual(
    loaded.reviews.map((r) => [r.id, r.line]),
    [
      ['950001', 2],
      ['950002', 3],
      // the same text with another rating is not a repeat
      ['950004', 6],
    ],
  );
  assert.deepEqual(loaded.skipped, [
    { line: 4, code: 'DUPLICATE_ROW', reason: 'repeats line 2 (same Review_ID 950001)', id: '950001' },
    { line: 5, code: 'DUPLICATE_ROW', reason: 'repeats line 2 (same text and rating)', id: '950003' },
    { line: 7, code: 'DUPLICATE_ROW', reason: 'repeats line 3 (same Review_ID 950002)', id: '950002' },
  ]);
  assert.equal(loaded.skippedCount, 3);
  assert.equal(loaded.rowsRead, 6);
  assert.equal(formatSkipReport(loaded), '3 rows skipped: line 4: repeats line 2 (same Review_ID 950001); line 5: repeats line 2 (same text and rating); line 7: repeats line 3 (same Review_ID 950002)');
  const kept = await loadReviews(path, { keepDuplicates: true });
  assert.deepEqual(kept.reviews.map((r) => r.line), [2, 3, 4, 5, 6, 7]);
  assert.equal(kept.skippedCount, 0);
});

test('formatSkipReport lists the first skipped rows and how many more there are', async () => {
  const loaded = await loadReviews(PROBLEMS);
  assert.equal(
    formatSkipReport(loaded),
    "10 rows skipped: line 3: rating '0' is not 1-5; line 4: rating '6' is not 1-5; line 5: rating '4.5' is not 1-5; " +
      "line 6: rating 'x' is not 1-5; line 7: Review_Text is empty; and 5 more",
  );
  assert.equal(formatSkipReport(loaded, 0), '10 rows skipped');
  assert.equal(formatSkipReport({ skipped: [PROBLEM_SKIPS[7] as LoadedReviews['skipped'][number]], skippedCount: 1 }), '1 row skipped: line 10: row has 7 fields, the header has 6');
  assert.throws(() => formatSkipReport(loaded, -1), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT'));
});

test('loadReviews keeps the details of the first maxSkippedDetails skipped rows in file order, and counts all', async () => {
  const three = await loadReviews(PROBLEMS, { maxSkippedDetails: 3 });
  assert.deepEqual(three.skipped, PROBLEM_SKIPS.slice(0, 3));
  assert.equal(three.skippedCount, 10);
  const nine = await loadReviews(PROBLEMS, { maxSkippedDetails: 9 });
  assert.deepEqual(nine.skipped, PROBLEM_SKIPS.slice(0, 9));
  const none = await loadReviews(PROBLEMS, { maxSkippedDetails: 0 });
  assert.deepEqual(none.skipped, []);
  assert.equal(none.skippedCount, 10);
});

test('loadReviews reports a quote left open at the end of the file with the lines it swallowed', async () => {
  const path = await writeTemp(
    `${HEADER}\n940001,5,2019-1,UK,Made-up review: fine.,Disneyland_Paris\n` +
      '940002,4,2019-1,UK,"Made-up review: never closed,Disneyland_Paris\n' +
      '940003,5,2019-1,UK,Made-up review: swallowed.,Disneyland_Paris\n',
  );
  const loaded = await loadReviews(path);
  assert.deepEqual(
    loaded.reviews.map((r) => r.id),
    ['940001'],
  );
  assert.deepEqual(loaded.skipped, [
    { line: 3, code: 'MALFORMED_ROW', reason: 'broken quoting, lines 3-4 dropped: a quoted field is still open at the end of the file' },
  ]);
  assert.equal(loaded.rowsRead, 2);
});

test('loadReviews reports a missing file or a directory as DATA_FILE_NOT_FOUND', async () => {
  await rejectsWith(loadReviews(join(dir, 'no-such-file.csv')), 'DATA_FILE_NOT_FOUND', /not found/);
  await rejectsWith(loadReviews(dir), 'DATA_FILE_NOT_FOUND', /not a regular file/);
});

test('loadReviews refuses a file without usable rows with DATA_NO_ROWS and says why', async () => {
  await rejectsWith(loadReviews(await writeTemp('')), 'DATA_NO_ROWS', /has no rows/);
  await rejectsWith(loadReviews(await writeTemp(`${HEADER}\r\n`)), 'DATA_NO_ROWS', /has a header but no rows/);
  await rejectsWith(
    loadReviews(await writeTemp(`${HEADER}\n1,7,2019-1,UK,Made-up review.,Disneyland_Paris\n`)),
    'DATA_NO_ROWS',
    /no usable review rows: 1 row skipped: line 2: rating '7' is not 1-5/,
  );
});

test('loadReviews validates its options', async () => {
  await rejectsWith(loadReviews(CLEAN, { encoding: 'utf16' as 'utf8' }), 'INVALID_ARGUMENT', /unknown encoding 'utf16'/);
  await rejectsWith(loadReviews(CLEAN, { maxSkippedDetails: -1 }), 'INVALID_ARGUMENT');
  await rejectsWith(loadReviews(''), 'INVALID_ARGUMENT');
});

test('loadReviews streams a file of several read chunks, and restarts as cp1252 at a bad byte past the first chunk', async () => {
  const rows = 14_000;
  const accentedFrom = 13_000;
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const cafe = i < accentedFrom ? 'cafe' : 'café ’';
    const text = i % 3 === 0 ? `"Made-up review ${i}: ${cafe}, ""quoted""\r\nsecond line"` : `Made-up review ${i}: ${cafe} au lait`;
    lines.push(`${950000 + i},${1 + (i % 5)},2019-1,France,${text},Disneyland_Paris`);
  }
  const content = `${lines.join('\r\n')}\r\n`;
  const expectedLine = (i: number): number => 2 + i + Math.ceil(i / 3);
  const last = 'Made-up review 13998: café ’, "quoted"\nsecond line';

  const utf8 = Buffer.from(content, 'utf8');
  assert.ok(utf8.indexOf(Buffer.from('é')) > 1 << 20, 'the first non-ASCII byte lies past the first 1 MiB read chunk');
  const loaded = await loadReviews(await writeTemp(utf8));
  assert.equal(loaded.encoding, 'utf8');
  assert.equal(loaded.reviews.length, rows);
  assert.ok(loaded.reviews.every((r, i) => r.line === expectedLine(i) && r.id === String(950000 + i)));
  assert.equal(loaded.reviews[13998]?.text, last);

  const cp1252 = Buffer.from(content.replaceAll('’', '\x92'), 'latin1');
  const fellBack = await loadReviews(await writeTemp(cp1252));
  assert.equal(fellBack.fellBackFromUtf8, true);
  assert.equal(fellBack.reviews.length, rows);
  assert.ok(fellBack.reviews.every((r, i) => r.line === expectedLine(i)));
  assert.equal(fellBack.reviews[13998]?.text, last);
  assert.equal(fellBack.sha256, sha256(cp1252));
});

const REVIEWS_CSV = process.env.REVIEWS_CSV;
const realData = REVIEWS_CSV ? false : 'REVIEWS_CSV is not set: it must name the public reviews subset to run this test';

test('loadReviews reads the public subset: 7,946 reviews, none skipped, Hong Kong 4,479, California 1,964, Paris 1,503', { skip: realData }, async () => {
  const loaded = await loadReviews(REVIEWS_CSV as string);
  assert.equal(loaded.reviews.length, 7946);
  assert.equal(loaded.rowsRead, 7946);
  assert.equal(loaded.skippedCount, 0);
  assert.equal(loaded.encoding, 'utf8');
  assert.equal(loaded.fellBackFromUtf8, false);
  const byBranch: Record<string, number> = {};
  const byRating = [0, 0, 0, 0, 0];
  for (const r of loaded.reviews) {
    byBranch[r.branch] = (byBranch[r.branch] ?? 0) + 1;
    byRating[r.rating - 1]!++;
  }
  assert.deepEqual(byBranch, { Disneyland_HongKong: 4479, Disneyland_California: 1964, Disneyland_Paris: 1503 });
  assert.deepEqual(byRating, [209, 326, 988, 2264, 4159]);
  assert.equal(new Set(loaded.reviews.map((r) => r.id)).size, 7946);
});
