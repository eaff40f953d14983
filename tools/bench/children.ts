/**
 * @module tools/bench/children
 * Starting, probing and stopping the servers a benchmark measures, as child processes on 127.0.0.1:
 * free ports, time from spawn to ready, resident memory from /proc, logs kept in files (never piped
 * through this process, which would cost it CPU), and no orphan left behind, even on a crash.
 * Nothing here generates load or judges results.
 */
import { Buffer } from 'node:buffer';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every child still running, so that `killAllChildren` (and the exit hook) can end them. */
const running = new Set<ChildProcess>();

process.on('exit', killAllChildren);

/** Ends every child still running, at once (SIGKILL). Safe to call more than once. */
export function killAllChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

/** A TCP port that was free on `host` a moment ago (the OS picks it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close(() => reject(new Error(`no TCP port from listening on ${host}`)));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** What `httpRequest` sends. */
export interface HttpRequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string;
  timeoutMs?: number;
}

/** An answer read whole. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request, answered as `{ status, headers, body }` (body as a string). Rejects on a network
 * error or after `timeoutMs`. For probes and sanity checks, not for load.
 */
export function httpRequest(url: string, { method = 'GET', headers = {}, body, timeoutMs = 5000 }: HttpRequestOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Resident memory of a process, in bytes: now (VmRSS) and at its peak (VmHWM). */
export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

/** Resident memory of a running process from /proc/<pid>/status: `{ rssBytes, peakRssBytes }`, or null off Linux. */
export function readProcessMemory(pid: number): ProcessMemory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kib = (field: string): number | null => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  };
  const rssBytes = kib('VmRSS');
  const peakRssBytes = kib('VmHWM');
  return rssBytes === null || peakRssBytes === null ? null : { rssBytes, peakRssBytes };
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux architecture Node supports). */
const USER_HZ = 100;

/**
 * CPU time (user + system, in seconds) a running process has used so far, from /proc/<pid>/stat;
 * null off Linux or when the process is gone. Resolution: 10 ms.
 */
export function readProcessCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / USER_HZ : null;
}

/**
 * A started server: its pid and port, how long it took from spawn to its first ready answer, and
 * how to read its log or stop it.
 */
export interface ServerHandle {
  name: string;
  pid: number;
  baseUrl: string;
  /** wall-clock time from spawn to the first ready answer */
  readyMs: number;
  /** CPU time the server had used by then (all its threads; null off Linux) */
  readyCpuMs: number | null;
  /** last lines of its stdout and stderr */
  logTail: (lines?: number) => string;
  /** SIGTERM, then SIGKILL after a grace period */
  stop: (graceMs?: number) => Promise<void>;
}

/** How to start a server and know it is ready. */
export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  port: number;
  readyPath: string;
  host?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  readyTimeoutMs?: number;
  pollMs?: number;
}

/**
 * Spawns `command args` with its output sent to a log file, then polls `readyPath` (every
 * `pollMs`) until it answers 200. Resolves to a ServerHandle; rejects when the child exits first or
 * is not ready within `readyTimeoutMs` (the child is then killed), with an error whose message ("it
 * exited with status 1 before it was ready; its last output: ...") the caller prefixes with the name.
 */
export async function startServer({
  name, command, args, port, readyPath,
  host = '127.0.0.1', env = process.env, cwd = process.cwd(), readyTimeoutMs = 10_000, pollMs = 10,
}: ServerSpec): Promise<ServerHandle> {
  const logDir = mkdtempSync(join(tmpdir(), 'bench-serve-'));
  const logFile = join(logDir, `${name.replace(/[^\w.-]+/g, '_')}.log`);
  const logFd = openSync(logFile, 'w');
  const baseUrl = `http://${host}:${port}`;
  const spawnedAt = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  running.add(child);
  let exitNote: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitNote = signal ? `killed by ${signal}` : `exited with status ${code}`;
      running.delete(child);
      resolve();
    });
    child.on('error', (err) => {
      exitNote = `could not start: ${err.message}`;
      running.delete(child);
      resolve();
    });
  });

  const logTail = (lines = 30): string => {
    try {
      if (statSync(logFile).size === 0) return '(no output)';
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(log unavailable)';
    }
  };
  const stop = async (graceMs = 5000): Promise<void> => {
    if (exitNote === null) {
      child.kill('SIGTERM');
      const timer = sleep(graceMs).then(() => 'timeout');
      if ((await Promise.race([exited.then(() => 'exited'), timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(logDir, { recursive: true, force: true });
  };
  const fail = async (reason: string): Promise<never> => {
    const tail = logTail();
    await stop(1000);
    throw new Error(`it ${reason}; its last output:\n${tail}`);
  };

  const deadline = spawnedAt + readyTimeoutMs;
  for (;;) {
    if (exitNote !== null) return fail(`${exitNote} before it was ready`);
    const answered = await httpRequest(`${baseUrl}${readyPath}`, { timeoutMs: 1000 }).then((res) => res.status, () => null);
    if (answered === 200) {
      const readyMs = performance.now() - spawnedAt;
      const pid = child.pid;
      if (pid === undefined) return fail('has no pid');
      const cpuSeconds = readProcessCpuSeconds(pid);
      return { name, pid, baseUrl, readyMs, readyCpuMs: cpuSeconds === null ? null : 1000 * cpuSeconds, logTail, stop };
    }
    if (performance.now() > deadline) return fail(`was not ready (GET ${readyPath} = 200) within ${readyTimeoutMs} ms`);
    await sleep(pollMs);
  }
}
