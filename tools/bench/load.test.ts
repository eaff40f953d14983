// Tests of bench/load: exact percentiles, the latency recorder, and a real autocannon run against a
// small local server that answers some requests with errors.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { LatencyRecorder, measureRoute, percentile } from './load.js';

describe('percentile', () => {
  it('takes the nearest rank of sorted values', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile(Float64Array.of(7), 99), 7);
    assert.equal(percentile(Float64Array.of(1, 2, 3), 50), 2);
  });

  it('is NaN for no values and refuses a percentile outside (0, 100]', () => {
    assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
    assert.throws(() => percentile(Float64Array.of(1), 0), RangeError);
    assert.throws(() => percentile(Float64Array.of(1), 101), RangeError);
  });
});

describe('LatencyRecorder', () => {
  it('keeps every value past its initial capacity and sorts them numerically', () => {
    const recorder = new LatencyRecorder(2);
    for (const v of [10.5, 2, 0.25, 100, 3]) recorder.record(v);
    assert.equal(recorder.count, 5);
    assert.deepEqual([...recorder.sorted()], [0.25, 2, 3, 10.5, 100]);
  });
});

describe('measureRoute', () => {
  it('counts 2xx answers, non-2xx answers and their status codes, with latencies of the 2xx ones', async () => {
    let served = 0;
    const server = createServer((req, res) => {
      served++;
      const ok = served % 4 !== 0;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(ok ? '{"ok":true}' : '{"ok":false}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      let cpuReads = 0;
      const serverCpuSeconds = () => (cpuReads++ === 0 ? 10 : 10.5);
      const result = await measureRoute({ url: `http://127.0.0.1:${port}/x`, connections: 2, durationS: 1, warmupS: 0, serverCpuSeconds });
      assert.ok(result.ok > 50, `ok ${result.ok}`);
      assert.ok(result.non2xx > 10, `non2xx ${result.non2xx}`);
      assert.equal(result.statusCodes['200'], result.ok);
      assert.equal(result.statusCodes['503'], result.non2xx);
      assert.equal(result.errors, 0);
      assert.ok(result.requestsPerSec > 0 && result.okPerSec > 0);
      assert.equal(result.okPerSec, result.ok / result.durationS, 'okPerSec counts only 2xx answers');
      assert.ok(result.p50Ms > 0 && result.p50Ms <= result.p99Ms && result.p99Ms <= result.maxMs);
      assert.equal(cpuReads, 2, 'server CPU is read once before and once after the measured run');
      assert.ok(Math.abs((result.serverCpuMsPerRequest ?? Number.NaN) - 500 / (result.ok + result.non2xx)) < 1e-9, 'CPU is shared over every answer');
      assert.ok(result.clientCpuShare > 0 && result.clientCpuShare < 4, `clientCpuShare ${result.clientCpuShare}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('counts connection errors when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await measureRoute({ url: `http://127.0.0.1:${port}/`, connections: 1, durationS: 0.5, warmupS: 0 });
    assert.equal(result.ok, 0);
    assert.ok(result.errors > 0);
    assert.equal(result.serverCpuMsPerRequest, null);
    assert.ok(Number.isNaN(result.p50Ms));
  });

  it('refuses a run without connections or duration', async () => {
    await assert.rejects(measureRoute({ url: 'http://127.0.0.1:1/', connections: 0, durationS: 1, warmupS: 0 }), /connections must be a positive number/);
  });
});
