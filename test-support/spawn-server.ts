/**
 * @module test-support/spawn-server
 * For end-to-end tests: runs `review-stars serve` (the compiled CLI) as a child process on
 * 127.0.0.1 with a free port, waits for its "ready" log line, collects its log lines, and stops it
 * with a signal. Also writes users files at a cheap scrypt cost (tests only). Not a test itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hashPassword } from '../src/auth/password.js';
import { writeUsersFile, type Role } from '../src/auth/users-file.js';
import { TEST_SCRYPT_PARAMS } from './http.js';
import { CLI_MAIN, repoPath } from './paths.js';

/** The compiled CLI entry point. */
export const CLI = CLI_MAIN;
/** The committed default model set. */
export const DEFAULT_MODELS = repoPath('models/default');

/** Why the default-set tests are skipped, or false when the set is there. */
export function missingDefaultModels(): string | false {
  return existsSync(`${DEFAULT_MODELS}/manifest.json`) ? false : `the default model set is missing (${DEFAULT_MODELS}/manifest.json): run npm run train:default`;
}

/** A running `review-stars serve`. */
export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  /** Every stdout and stderr line so far. */
  lines: string[];
  /** Parsed JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  /** Sends `signal` and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has ended by itself. */
  exited: Promise<number | null>;
}

/** Runs the CLI with `args` (plus env) to completion; for commands that end by themselves. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`review-stars ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Starts `review-stars serve --host 127.0.0.1 --port 0 ...args` (with `nodeArgs` given to Node.js
 * before the CLI) and resolves once it logs "ready"; rejects (with its output) if it exits first or
 * takes longer than `timeoutMs`.
 */
export function spawnServer(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    // No store unless a test asks for one (--store): tests must not share the default SQLite file.
    env: { ...process.env, REVIEW_STARS_USERS_FILE: '', REVIEW_STARS_DEV_USER: '', REVIEW_STARS_STORE: 'none', REVIEW_STARS_STORE_FILE: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let pending = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const collect = (data: Buffer): void => {
    pending += data.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      lines.push(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const logs = (): Array<Record<string, unknown>> =>
    lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    const poll = setInterval(() => {
      const ready = logs().find((l) => l.msg === 'ready');
      if (ready && typeof ready.url === 'string') {
        clearInterval(poll);
        resolve({
          child,
          url: ready.url,
          lines,
          logs,
          exited,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`review-stars serve did not become ready (exit ${String(child.exitCode)}):\n${lines.join('\n')}`));
      }
    }, 20);
  });
}

/** Writes a users file with the given users, hashed at the cheap test cost. */
export async function writeTestUsersFile(path: string, users: ReadonlyArray<{ name: string; password: string; role: Role }>): Promise<void> {
  const records = await Promise.all(users.map(async (u) => ({ name: u.name, role: u.role, passwordHash: await hashPassword(u.password, TEST_SCRYPT_PARAMS) })));
  await writeUsersFile(path, records);
}
