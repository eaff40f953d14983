/**
 * @module tools/acceptance/run
 * Runs every acceptance check against one service, in order, and builds the dated report; appends
 * it to the results file when asked. The CLI prints it and sets the exit status; nothing here
 * exits the process or reads the environment.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ReviewStarsError } from '../../src/core/errors.js';
import { ApiClient } from './api-client.js';
import type { AcceptanceConfig } from './config.js';
import {
  ORIGINAL_MODELS,
  checkBatchPrediction,
  checkInvalidCredentials,
  checkMagicalPrediction,
  checkModelEntry,
  checkModelList,
  checkPerformance,
  checkReady,
  checkValidCredentials,
  type CheckContext,
} from './checks.js';
import { formatReport, summarise, type CheckResult, type ReportSummary } from './report.js';

/** The outcome of one acceptance run. */
export interface AcceptanceOutcome {
  results: CheckResult[];
  summary: ReportSummary;
  /** The full report text, ending with a newline. */
  report: string;
}

/**
 * Waits for readiness, then runs the checks: credentials (valid, invalid), the model list, and
 * for every listed model its v1 entry and its performance (when the list is unusable, the six
 * original models are checked instead), the original six's "magical world" prediction, and the
 * v1 batch prediction of every model. A failing check never stops the ones after it.
 */
export async function runAcceptance(config: AcceptanceConfig, now: () => Date = () => new Date()): Promise<AcceptanceOutcome> {
  const startedAt = now();
  const ctx: CheckContext = {
    client: new ApiClient(config.baseUrl, config.requestTimeoutMs),
    credentials: { user: config.user, password: config.password },
    wrongPassword: config.wrongPassword,
    now,
  };
  const results: CheckResult[] = [];
  try {
    await runChecks(ctx, config.waitMs, results);
  } finally {
    ctx.client.close();
  }
  const report = formatReport({ target: config.baseUrl, user: config.user, startedAt, finishedAt: now() }, results);
  return { results, summary: summarise(results), report };
}

/** Runs every check in order, appending each result to `results` as soon as it is known. */
async function runChecks(ctx: CheckContext, waitMs: number, results: CheckResult[]): Promise<void> {
  results.push(await checkReady(ctx, waitMs));
  results.push(await checkValidCredentials(ctx));
  results.push(await checkInvalidCredentials(ctx));

  const list = await checkModelList(ctx);
  results.push(list.result);
  const models = list.names.length > 0 ? list.names : [...ORIGINAL_MODELS];
  for (const name of models) {
    const entry = await checkModelEntry(ctx, name);
    results.push(entry.result);
    results.push(await checkPerformance(ctx, name, entry.accuracy));
  }
  for (const name of ORIGINAL_MODELS) results.push(await checkMagicalPrediction(ctx, name));
  for (const name of models) results.push(await checkBatchPrediction(ctx, name));
}

/**
 * Appends `report` to `file`, creating its folder when missing (the original's LOG=1 behaviour).
 * @throws ReviewStarsError INVALID_ARGUMENT when the file cannot be written.
 */
export async function appendReport(file: string, report: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, report, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ReviewStarsError('INVALID_ARGUMENT', `cannot append the report to the results file ${file}: ${reason}; set RESULTS_FILE to a writable path`, {
      file,
    });
  }
}
