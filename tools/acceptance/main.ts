#!/usr/bin/env node
/**
 * @module tools/acceptance/main
 * The acceptance client's entry point (`npm run acceptance`, and the container's `acceptance`
 * target): checks a running service (address, port and
 * credentials from the environment, as the original test client did), prints the dated report,
 * appends it to the results file with LOG=1, and exits 1 when any check failed.
 */
import { Command } from 'commander';
import { isReviewStarsError } from '../../src/core/errors.js';
import { ACCEPTANCE_DEFAULTS, acceptanceConfig, type AcceptanceOptions } from './config.js';
import { appendReport, runAcceptance } from './run.js';

const program = new Command();
program
  .name('review-stars-acceptance')
  .description(
    'check a running service: credentials accepted and refused, every model\'s performance equal to the registry\'s accuracy, ' +
      'the original six models rating "Disneyland is a magical world!" 5 stars, the v1 routes and readiness. ' +
      'Reads API_ADDRESS (or IP_ADRESS), API_PORT (or IP_PORT), API_USER, API_PASSWORD, LOG and RESULTS_FILE from the environment.',
  )
  .option('--wait <duration>', `how long to wait for /readyz before checking (e.g. 30s, 500ms, 2m; env ACCEPTANCE_WAIT, default ${ACCEPTANCE_DEFAULTS.wait})`)
  .option('--request-timeout <duration>', `time limit of each request (env ACCEPTANCE_REQUEST_TIMEOUT, default ${ACCEPTANCE_DEFAULTS.requestTimeout})`)
  .option('--log', 'append the report to the results file (as LOG=1)')
  .option('--results-file <path>', `results file the report is appended to (env RESULTS_FILE, default ${ACCEPTANCE_DEFAULTS.resultsFile})`)
  .action(async (options: AcceptanceOptions) => {
    const config = acceptanceConfig(process.env, options);
    const outcome = await runAcceptance(config);
    process.stdout.write(outcome.report);
    if (config.log) {
      await appendReport(config.resultsFile, outcome.report);
      process.stdout.write(`report appended to ${config.resultsFile}\n`);
    }
    process.exitCode = outcome.summary.failed > 0 ? 1 : 0;
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`review-stars-acceptance: ${isReviewStarsError(err) ? `error ${err.code}: ` : ''}${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
