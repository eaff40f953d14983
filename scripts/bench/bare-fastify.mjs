#!/usr/bin/env node
/**
 * @module bench/bare-fastify
 * The serving benchmark's ceiling: a bare Fastify server (the project's own `fastify`, no logger,
 * no auth, no model) whose GET /prediction answers a fixed JSON of the same shape and size as
 * review-stars' answer, so that the gap between the two is what review-stars does per request.
 * Run as a child process: `node scripts/bench/bare-fastify.mjs --host 127.0.0.1 --port 8002`.
 */
import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { BENCH_COMMENT, BENCH_MODEL } from './workload.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8002' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`bare-fastify: --port must be an integer in 1..65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const FIXED_ANSWER = Object.freeze({ model: BENCH_MODEL, comment: BENCH_COMMENT, 'rating prediction': '5' });

const app = Fastify({ logger: false });
app.get('/prediction', async () => FIXED_ANSWER);
app.get('/readyz', async () => ({ status: 'ready' }));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

try {
  await app.listen({ host: values.host, port });
} catch (err) {
  console.error(`bare-fastify: cannot listen on ${values.host}:${port}: ${err.message}`);
  process.exit(1);
}
