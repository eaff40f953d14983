#!/usr/bin/env node
/**
 * @module tools/bench/bench-serve
 * `npm run bench:serve`: measures review-stars' service against a bare Fastify route and the FastAPI
 * + scikit-learn reference in one run and prints the figures, ratios and PASS / MISS per target.
 * Exits 0 even when a target is missed; 1 only when a service failed to start or answered errors,
 * 2 for bad flags. Every server it starts is stopped before it exits.
 */
import { existsSync } from 'node:fs';
import { REPO_ROOT, CLI_MAIN } from '../paths.js';
import { USAGE, UsageError, parseBenchArgs, type BenchOptions } from './args.js';
import { killAllChildren } from './children.js';
import { formatSummary } from './report.js';
import type { BenchResults } from './results.js';
import { runServingBench } from './run.js';

function readOptions(): BenchOptions {
  try {
    return parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`bench:serve: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const options = readOptions();
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!existsSync(CLI_MAIN)) {
  console.error('bench:serve: dist/src/cli/main.js is missing: run `npm run build` first.');
  process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`bench:serve: ${signal}: stopping every server started`);
    killAllChildren();
    process.exit(130);
  });
}

const log = options.json ? (line: string): void => console.error(line) : (line: string): void => console.log(line);

let results: BenchResults;
try {
  results = await runServingBench(options, { root: REPO_ROOT, log });
} catch (err) {
  console.error(`bench:serve: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  killAllChildren();
  process.exit(1);
}

if (options.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(`\n== summary ==\n${formatSummary(results)}`);
  console.log('\nTargets are reported, not enforced: a MISS does not change the exit status.');
}
if (results.failures.length > 0) {
  // Each failure's full detail (with the server's last output) was printed where it happened.
  const firstLines = results.failures.map((failure) => failure.split('\n', 1)[0]);
  console.error(`\nbench:serve: ${firstLines.length} failure(s):\n- ${firstLines.join('\n- ')}`);
  process.exit(1);
}
