#!/usr/bin/env node
/**
 * @module tools/bench/bare-fastify
 * The serving benchmark's ceiling: a bare Fastify server (the project's own `fastify`, no logger,
 * no auth, no model) whose GET /prediction answers a fixed JSON of the same shape and size as
 * review-stars' answer, so that the gap between the two is what review-stars does per request.
 * Run as a child process: `node dist/tools/bench/bare-fastify.js --host 127.0.0.1 --port 8002`.
 * `--work-us N` makes each answer first spend N microseconds of CPU in a busy loop: the same route
 * doing a known amount of work, to calibrate what the ratio to the bare route means on a machine.
 */
import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { BENCH_COMMENT, BENCH_MODEL } from './workload.js';

function readArgs(): { host: string; port: string; 'work-us': string } {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8002' }, 'work-us': { type: 'string', default: '0' } },
    }).values;
  } catch (err) {
    console.error(`bare-fastify: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
const values = readArgs();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`bare-fastify: --port must be an integer in 1..65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}
const workMs = Number(values['work-us']) / 1000;
if (!(workMs >= 0 && workMs <= 10)) {
  console.error(`bare-fastify: --work-us must be a number of microseconds in 0..10000, got ${JSON.stringify(values['work-us'])}`);
  process.exit(2);
}

const FIXED_ANSWER = Object.freeze({ model: BENCH_MODEL, comment: BENCH_COMMENT, 'rating prediction': '5' });

const app = Fastify({ logger: false });
/** Spins until `ms` milliseconds have passed: CPU work of a known length, nothing else. */
function busyWork(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

app.get('/prediction', workMs === 0 ? async () => FIXED_ANSWER : async () => {
  busyWork(workMs);
  return FIXED_ANSWER;
});
app.get('/readyz', async () => ({ status: 'ready' }));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

try {
  await app.listen({ host: values.host, port });
} catch (err) {
  console.error(`bare-fastify: cannot listen on ${values.host}:${port}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
