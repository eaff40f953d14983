import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { checkSkipReportPath, formatSkipReportFile, skipReportFormat, writeSkipReport } from './skip-report.js';
import type { SkippedRow } from './reviews-csv.js';
import { isReviewStarsError } from '../core/errors.js';
import { withTempDir } from '../../test-support/temp-dir.js';

const ROWS: SkippedRow[] = [
  { line: 3, code: 'BAD_RATING', reason: "rating 'x, \"y\"' is not 1-5", id: '910002' },
  { line: 9, code: 'MALFORMED_ROW', reason: 'broken quoting, lines 9-12 dropped: a quoted field is\nstill open' },
];

test('the CSV report has a header and reads back as the rows, quotes, commas and line breaks included', () => {
  const text = formatSkipReportFile(ROWS, 'csv');
  assert.ok(text.startsWith('line,code,reason,Review_ID\n'), text);
  assert.deepEqual(parse(text, { columns: true }), ROWS.map((r) => ({ line: String(r.line), code: r.code, reason: r.reason, Review_ID: r.id ?? '' })));
  assert.equal(formatSkipReportFile([], 'csv'), 'line,code,reason,Review_ID\n');
});

test('the JSON lines report has one object per row', () => {
  const lines = formatSkipReportFile(ROWS, 'jsonl').split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), ROWS.map((r) => ({ line: r.line, code: r.code, reason: r.reason, Review_ID: r.id ?? '' })));
  assert.equal(formatSkipReportFile([], 'jsonl'), '');
});

test('the format comes from the extension; others are refused naming the flag', () => {
  assert.equal(skipReportFormat('--skipped-report', 'a/B.CSV'), 'csv');
  assert.equal(skipReportFormat('--skipped-report', 'x.jsonl'), 'jsonl');
  assert.equal(skipReportFormat('--skipped-report', 'x.ndjson'), 'jsonl');
  assert.throws(() => skipReportFormat('--skipped-report', 'x.json'), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /^--skipped-report must end in \.csv or \.jsonl/.test(err.message));
});

test('checking a report path leaves no file behind and keeps an existing file as it is', async () => {
  await withTempDir('rs-skip-', async (dir) => {
    const data = join(dir, 'reviews.csv');
    await writeFile(data, 'data');
    await checkSkipReportPath('--skipped-report', join(dir, 'new.csv'), data);
    assert.deepEqual(await readdir(dir), ['reviews.csv']);
    const old = join(dir, 'old.jsonl');
    await writeFile(old, 'old');
    await checkSkipReportPath('--skipped-report', old, data);
    assert.equal(await readFile(old, 'utf8'), 'old');
    await assert.rejects(checkSkipReportPath('--skipped-report', join(dir, 'none', 'r.csv'), data), (err: unknown) => isReviewStarsError(err, 'OUTPUT_NOT_WRITABLE'));
    await mkdir(join(dir, 'd.csv'));
    await assert.rejects(checkSkipReportPath('--skipped-report', join(dir, 'd.csv'), data), (err: unknown) => isReviewStarsError(err, 'OUTPUT_NOT_WRITABLE'));
    await writeSkipReport('--skipped-report', old, ROWS);
    assert.equal((await readFile(old, 'utf8')).split('\n').length, 3);
  });
});
