/**
 * @module cli/acceptance
 * The `review-stars acceptance` sub-command: checks a running service (address, port and
 * credentials from the environment, as the original test client did), prints the dated report,
 * appends it to the results file with LOG=1, and exits 1 when any check failed.
 */
import type { Command } from 'commander';
import { ACCEPTANCE_DEFAULTS, acceptanceConfig, type AcceptanceOptions } from '../acceptance/config.js';
import { appendReport, runAcceptance } from '../acceptance/run.js';

/** Registers `acceptance` on the program. */
export function registerAcceptance(program: Command): void {
  program
    .command('acceptance')
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
}
