// One review-stars replica for the replicas test: `review-stars serve` from the compiled CLI on
// 127.0.0.1 with the default models and the development user, its output in a log file.
import { join } from 'node:path';
import { httpGet, waitUntil } from './net.mjs';

/** Environment variables of the service that the test must not inherit from the caller's shell. */
const SERVICE_ENV_PREFIX = 'REVIEW_STARS_';

/**
 * @typedef {{ label: string, port: number, child: import('node:child_process').ChildProcess,
 *   startedAtMs: number, logFile: string }} Replica
 */

/**
 * Starts a replica and resolves once its /readyz answers 200.
 * @param {import('./processes.mjs').ProcessGroup} group
 * @param {{ root: string, cli: string, models: string, port: number, label: string, logDir: string, readyTimeoutMs?: number }} options
 * @returns {Promise<Replica>}
 */
export async function startReplica(group, { root, cli, models, port, label, logDir, readyTimeoutMs = 60_000 }) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith(SERVICE_ENV_PREFIX)));
  const logFile = join(logDir, `${label.replace(/[^A-Za-z0-9_-]/g, '_')}.log`);
  const startedAtMs = Date.now();
  const child = group.start(process.execPath, [cli, 'serve', '--models', models, '--host', '127.0.0.1', '--port', String(port), '--dev-user'], {
    cwd: root,
    env,
    logFile,
  });
  /** @type {string | undefined} */
  let spawnError;
  child.once('error', (error) => (spawnError = error.message));
  await waitUntil(async () => (await httpGet(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 2_000 })).status === 200, {
    what: `replica ${label} on port ${port} did not become ready (log: ${logFile})`,
    timeoutMs: readyTimeoutMs,
    abort: () => spawnError ?? (child.exitCode !== null || child.signalCode !== null ? `it exited (${child.exitCode ?? child.signalCode})` : undefined),
  });
  return { label, port, child, startedAtMs, logFile };
}
