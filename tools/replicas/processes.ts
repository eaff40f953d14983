/**
 * @module tools/replicas/processes
 * Child processes of the replicas test (replicas and nginx): started with their output in a log
 * file, stopped by pid with a bounded wait, and all stopped at the end whatever happened.
 * It only ever signals the processes it started itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/**
 * Resolves with the exit code (or the signal name) once `child` has exited, or with undefined
 * after `timeoutMs`.
 */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | string | undefined> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode ?? undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(undefined);
    }, timeoutMs);
    function onExit(code: number | null, signal: NodeJS.Signals | null): void {
      clearTimeout(timer);
      resolve(code ?? signal ?? undefined);
    }
    child.once('exit', onExit);
  });
}

/** The processes one test run started; `stopAll` ends every one still running. */
export class ProcessGroup {
  #children = new Set<ChildProcess>();

  /** Starts `command args` with stdin closed and stdout/stderr appended to `logFile`. */
  start(command: string, args: string[], { env, logFile, cwd }: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string }): ChildProcess {
    const log = openSync(logFile, 'a');
    try {
      const child = spawn(command, args, { cwd, env, stdio: ['ignore', log, log] });
      this.#children.add(child);
      child.once('exit', () => this.#children.delete(child));
      // A spawn failure (e.g. ENOENT) is reported through the exit code by waitForExit's callers.
      child.once('error', () => this.#children.delete(child));
      return child;
    } finally {
      closeSync(log);
    }
  }

  /** Sends `signal` to `child`, waits up to `graceMs` for it to exit, then kills it; resolves to its exit code or signal. */
  async stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<number | string | undefined> {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode ?? undefined;
    child.kill(signal);
    const exit = await waitForExit(child, graceMs);
    if (exit !== undefined) return exit;
    child.kill('SIGKILL');
    return waitForExit(child, 5_000);
  }

  /** Stops every child still running (SIGTERM, then SIGKILL after `graceMs`), all in parallel. */
  async stopAll(graceMs = 10_000): Promise<void> {
    await Promise.all([...this.#children].map((child) => this.stop(child, 'SIGTERM', graceMs)));
  }

  /** Last resort when the test itself is exiting: SIGKILL whatever is left, synchronously. */
  killAllNow(): void {
    for (const child of this.#children) child.kill('SIGKILL');
  }
}
