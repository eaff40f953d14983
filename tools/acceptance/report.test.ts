import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCheck, formatReport, formatSeconds, MAX_FIELD_CHARS, oneLine, summarise, type CheckResult } from './report.js';

const AT = new Date('2026-11-26T10:00:01.250Z');

function result(status: CheckResult['status'], title = 'valid credentials are accepted'): CheckResult {
  return {
    title,
    request: 'GET /permission as "bob" (valid password)',
    expected: '200 {"credentials":"valid"}',
    got: status === 'SUCCESS' ? '200 {"credentials":"valid"}' : '401 {"code":"UNAUTHORIZED"}',
    status,
    at: AT,
  };
}

test('a check prints its time, request, expectation, answer and verdict', () => {
  assert.equal(
    formatCheck(result('SUCCESS'), 3),
    [
      '[3] 2026-11-26T10:00:01.250Z  valid credentials are accepted',
      '    request  : GET /permission as "bob" (valid password)',
      '    expected : 200 {"credentials":"valid"}',
      '    got      : 200 {"credentials":"valid"}',
      '    ==> SUCCESS',
    ].join('\n'),
  );
});

test('the report is dated, numbers its checks and ends with the counts and a newline', () => {
  const report = formatReport(
    { target: 'http://127.0.0.1:8000', user: 'bob', startedAt: new Date('2026-11-26T10:00:00.000Z'), finishedAt: new Date('2026-11-26T10:00:02.340Z') },
    [result('SUCCESS'), result('FAILURE', 'invalid credentials are refused')],
  );
  const lines = report.split('\n');
  assert.equal(lines[1], 'review-stars acceptance report');
  assert.equal(lines[2], 'target   : http://127.0.0.1:8000 (user "bob")');
  assert.equal(lines[3], 'started  : 2026-11-26T10:00:00.000Z');
  assert.ok(lines.includes('[1] 2026-11-26T10:00:01.250Z  valid credentials are accepted'));
  assert.ok(lines.includes('[2] 2026-11-26T10:00:01.250Z  invalid credentials are refused'));
  assert.ok(lines.includes('finished : 2026-11-26T10:00:02.340Z (2.3 s)'));
  assert.ok(lines.includes('result   : FAILURE: 2 checks, 1 SUCCESS, 1 FAILURE'));
  assert.ok(report.endsWith('=\n'));
});

test('the summary succeeds only with at least one check and no failure', () => {
  assert.deepEqual(summarise([result('SUCCESS'), result('SUCCESS')]), { total: 2, succeeded: 2, failed: 0, status: 'SUCCESS' });
  assert.deepEqual(summarise([result('SUCCESS'), result('FAILURE')]), { total: 2, succeeded: 1, failed: 1, status: 'FAILURE' });
  assert.deepEqual(summarise([]), { total: 0, succeeded: 0, failed: 0, status: 'FAILURE' });
});

test('multi-line and long answers are flattened to one line and cut with a count of what was left', () => {
  assert.equal(oneLine('a\r\n  b\nc'), 'a b c');
  const long = 'x'.repeat(MAX_FIELD_CHARS + 25);
  assert.equal(oneLine(long), `${'x'.repeat(MAX_FIELD_CHARS)}… (25 more characters)`);
  assert.equal(oneLine('short'), 'short');
});

test('durations print as seconds with one decimal', () => {
  assert.equal(formatSeconds(30_000), '30.0 s');
  assert.equal(formatSeconds(1249), '1.2 s');
});
