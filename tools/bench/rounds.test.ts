// Tests of bench/rounds: medians, which round's load figures are kept, worst-case memory, paired
// ratios, and failed or skipped services.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadResult } from './load.js';
import type { ServiceRun } from './results.js';
import { combineServiceRuns, median, pairedRatios } from './rounds.js';

/** A load run at `requestsPerSec` with latency p99 `p99Ms`; its other figures do not matter here. */
const load = (requestsPerSec: number, p99Ms: number): LoadResult => ({
  requestsPerSec, okPerSec: requestsPerSec, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms, ok: requestsPerSec, non2xx: 0, errors: 0, timeouts: 0,
  statusCodes: {}, durationS: 1, serverCpuMsPerRequest: 1000 / requestsPerSec, clientCpuShare: 0.5,
});

const run = (rps: number, { p99 = 1, rss = 100, peak = 110, startup = 500, batch = undefined as number | undefined } = {}): ServiceRun => ({
  startupMs: startup,
  startupCpuMs: startup + 100,
  memory: { rssBytes: rss, peakRssBytes: peak },
  prediction: load(rps, p99),
  ...(batch === undefined ? {} : { batch: { ...load(batch / 1000, p99), reviewsPerRequest: 1000, reviewsPerSec: batch } }),
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones, ignoring missing values', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([5, undefined, null, Number.NaN]), 5);
    assert.equal(median([]), undefined);
  });
});

describe('combineServiceRuns', () => {
  it('keeps the load figures of the median round by throughput, together', () => {
    const combined = combineServiceRuns([run(10_000, { p99: 3 }), run(30_000, { p99: 1 }), run(20_000, { p99: 2 })]);
    assert.equal(combined.prediction?.requestsPerSec, 20_000);
    assert.equal(combined.prediction?.p99Ms, 2, "p99 comes from the same round as the throughput");
    assert.equal(combined.rounds, 3);
  });

  it('reports the median start-up, the largest memory and the median batch round', () => {
    const combined = combineServiceRuns([
      run(1, { startup: 900, rss: 120, peak: 150, batch: 60_000 }),
      run(2, { startup: 500, rss: 140, peak: 145, batch: 90_000 }),
      run(3, { startup: 700, rss: 130, peak: 148, batch: 80_000 }),
    ]);
    assert.equal(combined.startupMs, 700);
    assert.equal(combined.startupCpuMs, 800);
    assert.deepEqual(combined.memory, { rssBytes: 140, peakRssBytes: 150 });
    assert.equal(combined.batch?.reviewsPerSec, 80_000);
  });

  it('with two rounds keeps the slower one, never a figure no round measured', () => {
    const combined = combineServiceRuns([run(30_000), run(10_000)]);
    assert.equal(combined.prediction?.requestsPerSec, 10_000);
  });

  it('reports a service as failed when any round failed, and as skipped when skipped', () => {
    assert.deepEqual(combineServiceRuns([run(1), { failed: 'exited with code 1' }]), { failed: 'exited with code 1', rounds: 2 });
    assert.deepEqual(combineServiceRuns([{ skipped: 'no Python' }]), { skipped: 'no Python' });
  });
});

describe('pairedRatios', () => {
  const rps = (service: ServiceRun): number | undefined => service.prediction?.requestsPerSec;

  it('divides within each round and takes the median of those ratios', () => {
    const rounds = [
      { ours: run(10), bare: run(40) },
      { ours: run(20), bare: run(40) },
      { ours: run(30), bare: run(40) },
    ];
    assert.deepEqual(pairedRatios(rounds, 'ours', 'bare', rps), { median: 0.5, perRound: [0.25, 0.5, 0.75] });
  });

  it('leaves out rounds where either side was not measured, and is null when none was', () => {
    const rounds = [{ ours: run(10), bare: { failed: 'x' } }, { ours: run(20), bare: run(40) }];
    assert.deepEqual(pairedRatios(rounds, 'ours', 'bare', rps), { median: 0.5, perRound: [null, 0.5] });
    assert.deepEqual(pairedRatios([{ ours: run(10) }], 'ours', 'fastapi', rps), { median: null, perRound: [null] });
  });
});
