// Tests of bench/children with real child processes: the bare Fastify route is started, probed,
// measured and stopped; a child that dies early is reported with its output.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findFreePort, httpRequest, readProcessCpuSeconds, readProcessMemory, startServer } from './children.js';
import { checkPredictionAnswer } from './run.js';
import { predictionPath } from './workload.js';

const BARE_FASTIFY = fileURLToPath(new URL('./bare-fastify.js', import.meta.url));

/** Pids of running processes with `arg` on their command line (from /proc). */
function processesWithArgument(arg: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('findFreePort', () => {
  it('gives a port that can be listened on', async () => {
    const port = await findFreePort();
    assert.ok(Number.isInteger(port) && port > 0 && port < 65536);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('startServer', () => {
  it('starts the bare Fastify route, times it to ready, reads its memory and stops it', async () => {
    const port = await findFreePort();
    const server = await startServer({ name: 'bare', command: process.execPath, args: [BARE_FASTIFY, '--port', String(port)], port, readyPath: '/readyz' });
    try {
      assert.equal(server.baseUrl, `http://127.0.0.1:${port}`);
      assert.ok(server.readyMs > 0 && server.readyMs < 10_000, `readyMs ${server.readyMs}`);
      const readyCpuMs = server.readyCpuMs ?? Number.NaN;
      assert.ok(readyCpuMs >= 10 && readyCpuMs < 10_000, `readyCpuMs ${server.readyCpuMs}`);
      const answer = checkPredictionAnswer(await httpRequest(`${server.baseUrl}${predictionPath()}`));
      assert.equal(answer['rating prediction'], '5');
      const memory = readProcessMemory(server.pid);
      assert.ok(memory, 'memory is read from /proc');
      assert.ok(memory.rssBytes > 10 * 2 ** 20 && memory.rssBytes < 2 ** 30, `rss ${memory.rssBytes}`);
      assert.ok(memory.peakRssBytes >= memory.rssBytes);
      const cpuBefore = readProcessCpuSeconds(server.pid) ?? Number.NaN;
      for (let i = 0; i < 300; i++) await httpRequest(`${server.baseUrl}${predictionPath()}`);
      const cpuAfter = readProcessCpuSeconds(server.pid) ?? Number.NaN;
      assert.ok(cpuBefore > 0 && cpuAfter >= cpuBefore, `cpu ${cpuBefore} -> ${cpuAfter}`);
    } finally {
      await server.stop();
    }
    assert.equal(isRunning(server.pid), false);
    await assert.rejects(httpRequest(`${server.baseUrl}/readyz`, { timeoutMs: 500 }));
  });

  it('starts the bare route with --work-us spending that much CPU per answer, and refuses a bad value', async () => {
    const port = await findFreePort();
    const workUs = 2000;
    const server = await startServer({ name: 'bare+work', command: process.execPath, args: [BARE_FASTIFY, '--port', String(port), '--work-us', String(workUs)], port, readyPath: '/readyz' });
    try {
      const answers = 50;
      const cpuBefore = readProcessCpuSeconds(server.pid) ?? Number.NaN;
      const started = performance.now();
      for (let i = 0; i < answers; i++) checkPredictionAnswer(await httpRequest(`${server.baseUrl}${predictionPath()}`));
      const wallMs = performance.now() - started;
      const cpuMs = ((readProcessCpuSeconds(server.pid) ?? Number.NaN) - cpuBefore) * 1000;
      // 50 answers of 2 ms each: at least 100 ms of wall time and (to the 10 ms tick) of CPU.
      assert.ok(wallMs >= answers * workUs / 1000, `wall ${wallMs} ms`);
      assert.ok(cpuMs >= answers * workUs / 1000 - 10, `cpu ${cpuMs} ms`);
    } finally {
      await server.stop();
    }
    await assert.rejects(
      startServer({ name: 'bare+bad', command: process.execPath, args: [BARE_FASTIFY, '--port', String(port), '--work-us=-1'], port, readyPath: '/readyz' }),
      /exited with status 2 before it was ready; its last output:\nbare-fastify: --work-us must be a number of microseconds in 0\.\.10000, got "-1"/,
    );
  });

  it('reports a child that exits before it is ready, with its last output', async () => {
    const port = await findFreePort();
    await assert.rejects(
      startServer({ name: 'broken', command: process.execPath, args: ['-e', 'console.error("no models here"); process.exit(3)'], port, readyPath: '/readyz' }),
      /^Error: it exited with status 3 before it was ready; its last output:\nno models here$/,
    );
  });

  it('kills a child that is not ready in time, leaving no process behind', async () => {
    const port = await findFreePort();
    const marker = `bench-children-test-${process.pid}-${Date.now()}`;
    const started = startServer({ name: 'slow', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)', marker], port, readyPath: '/readyz', readyTimeoutMs: 300 });
    await assert.rejects(started, /^Error: it was not ready \(GET \/readyz = 200\) within 300 ms/);
    assert.deepEqual(processesWithArgument(marker), []);
  });
});

describe('readProcessMemory and readProcessCpuSeconds', () => {
  it('are null for a process that does not exist', () => {
    assert.equal(readProcessMemory(2 ** 22 + 12345), null);
    assert.equal(readProcessCpuSeconds(2 ** 22 + 12345), null);
  });

  it('read this process\'s CPU time as process.cpuUsage does, to the 10 ms tick', () => {
    const end = Date.now() + 200;
    while (Date.now() < end) Math.sqrt(Math.random());
    const usage = process.cpuUsage();
    const fromProc = readProcessCpuSeconds(process.pid) ?? Number.NaN;
    assert.ok(Math.abs(fromProc - (usage.user + usage.system) / 1e6) < 0.05, `${fromProc} vs ${JSON.stringify(usage)}`);
  });
});
