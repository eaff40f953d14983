#!/usr/bin/env node
/**
 * @module bench-serve
 * `npm run bench:serve`: measures review-stars' service against a bare Fastify route and the FastAPI
 * + scikit-learn reference in one run and prints the figures, ratios and PASS / MISS per target.
 * Exits 0 even when a target is missed; 1 only when a service failed to start or answered errors,
 * 2 for bad flags. Every server it starts is stopped before it exits.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USAGE, UsageError, parseBenchArgs } from './bench/args.mjs';
import { killAllChildren } from './bench/children.mjs';
import { formatSummary } from './bench/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

let options;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`bench:serve: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!existsSync(new URL('../dist/src/cli/main.js', import.meta.url))) {
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

// Loaded after the checks above: review texts come from the compiled project (dist/).
const { runServingBench } = await import('./bench/run.mjs');
const log = options.json ? (line) => console.error(line) : (line) => console.log(line);

let results;
try {
  results = await runServingBench(options, { root, log });
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
