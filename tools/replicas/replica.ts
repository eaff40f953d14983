/**
 * @module tools/replicas/replica
 * One review-stars replica for the replicas test: `review-stars serve` from the compiled CLI on
 * 127.0.0.1 with the default models and the development user, its output in a log file.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { httpGet, waitUntil } from './net.js';
import type { ProcessGroup } from './processes.js';

/** Environment variables of the service that the test must not inherit from the caller's shell. */
const SERVICE_ENV_PREFIX = 'REVIEW_STARS_';

/** A running replica. */
export interface Replica {
  label: string;
  port: number;
  child: ChildProcess;
  startedAtMs: number;
  logFile: string;
}

/** Where a replica's code, models and log are, and its port and name. */
export interface ReplicaOptions {
  root: string;
  cli: string;
  models: string;
  port: number;
  label: string;
  logDir: string;
  readyTimeoutMs?: number;
  /** More `serve` flags (the shared store). */
  extraArgs?: string[];
}

/** Starts a replica and resolves once its /readyz answers 200. */
export async function startReplica(group: ProcessGroup, { root, cli, models, port, label, logDir, readyTimeoutMs = 60_000, extraArgs = [] }: ReplicaOptions): Promise<Replica> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith(SERVICE_ENV_PREFIX)));
  const logFile = join(logDir, `${label.replace(/[^A-Za-z0-9_-]/g, '_')}.log`);
  const startedAtMs = Date.now();
  const child = group.start(process.execPath, [cli, 'serve', '--models', models, '--host', '127.0.0.1', '--port', String(port), '--dev-user', ...extraArgs], {
    cwd: root,
    env,
    logFile,
  });
  let spawnError: string | undefined;
  child.once('error', (error) => (spawnError = error.message));
  await waitUntil(async () => (await httpGet(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 2_000 })).status === 200, {
    what: `replica ${label} on port ${port} did not become ready (log: ${logFile})`,
    timeoutMs: readyTimeoutMs,
    abort: () => spawnError ?? (child.exitCode !== null || child.signalCode !== null ? `it exited (${child.exitCode ?? child.signalCode})` : undefined),
  });
  return { label, port, child, startedAtMs, logFile };
}
