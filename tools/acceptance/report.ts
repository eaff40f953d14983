/**
 * @module tools/acceptance/report
 * The acceptance report as text, in the spirit of the original test client: for each check,
 * when it ran, what was requested, what was expected, what came back, and SUCCESS or FAILURE;
 * then a summary. Pure formatting: no I/O, and no password ever reaches it.
 */

/** The verdict of one check, spelled as the original's report did. */
export type CheckStatus = 'SUCCESS' | 'FAILURE';

/** One check, once run. */
export interface CheckResult {
  /** What the check asserts, e.g. `valid credentials are accepted`. */
  title: string;
  /** What was sent, e.g. `GET /permission as "bob" (valid password)`. */
  request: string;
  expected: string;
  got: string;
  status: CheckStatus;
  /** When the check finished. */
  at: Date;
}

/** Counts of a run. */
export interface ReportSummary {
  total: number;
  succeeded: number;
  failed: number;
  /** SUCCESS only when there was at least one check and none failed. */
  status: CheckStatus;
}

/** What the report says about the run as a whole. */
export interface ReportHeader {
  /** The service checked, e.g. `http://127.0.0.1:8000`. */
  target: string;
  user: string;
  startedAt: Date;
  finishedAt: Date;
}

const RULE = '='.repeat(78);
const THIN_RULE = '-'.repeat(78);
/** Longest `got`/`expected` text kept in a report line: a whole error page helps nobody. */
export const MAX_FIELD_CHARS = 400;

/** Counts SUCCESS and FAILURE among `results`. */
export function summarise(results: readonly CheckResult[]): ReportSummary {
  let failed = 0;
  for (const r of results) if (r.status === 'FAILURE') failed++;
  const total = results.length;
  return { total, succeeded: total - failed, failed, status: total > 0 && failed === 0 ? 'SUCCESS' : 'FAILURE' };
}

/** One field on one line: line breaks become spaces and long text is cut with a marker. */
export function oneLine(text: string, max = MAX_FIELD_CHARS): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}… (${flat.length - max} more characters)` : flat;
}

/** Seconds with one decimal, e.g. `1.2 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The block of one check; `index` counts from 1. */
export function formatCheck(result: CheckResult, index: number): string {
  return [
    `[${index}] ${result.at.toISOString()}  ${result.title}`,
    `    request  : ${oneLine(result.request)}`,
    `    expected : ${oneLine(result.expected)}`,
    `    got      : ${oneLine(result.got)}`,
    `    ==> ${result.status}`,
  ].join('\n');
}

/** The whole dated report, ending with a newline, ready to print or append to a results file. */
export function formatReport(header: ReportHeader, results: readonly CheckResult[]): string {
  const summary = summarise(results);
  const lines = [
    RULE,
    'review-stars acceptance report',
    `target   : ${header.target} (user "${header.user}")`,
    `started  : ${header.startedAt.toISOString()}`,
    RULE,
    '',
  ];
  results.forEach((r, i) => {
    lines.push(formatCheck(r, i + 1), '');
  });
  lines.push(
    THIN_RULE,
    `finished : ${header.finishedAt.toISOString()} (${formatSeconds(header.finishedAt.getTime() - header.startedAt.getTime())})`,
    `result   : ${summary.status}: ${summary.total} checks, ${summary.succeeded} SUCCESS, ${summary.failed} FAILURE`,
    RULE,
  );
  return `${lines.join('\n')}\n`;
}
