// Tests of bench/report: PASS / MISS against each target, number formatting and the summary tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadResult } from './load.js';
import { TARGETS, describeLoad, formatNumber, formatSummary, formatTable, judge, targetRows, type Target } from './report.js';
import type { SummaryInput } from './results.js';

const MB = 1024 * 1024;

function load(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    requestsPerSec: 10_000, okPerSec: 10_000, p50Ms: 0.8, p99Ms: 2.5, maxMs: 9, ok: 100_000, non2xx: 0, errors: 0, timeouts: 0,
    statusCodes: { 200: 100_000 }, durationS: 10, serverCpuMsPerRequest: 0.09, clientCpuShare: 0.62, ...overrides,
  };
}

/** Results where review-stars meets every target, bare Fastify is 1.25x faster and FastAPI 20x slower. */
function results(): SummaryInput {
  return {
    services: {
      ours: { startupMs: 420, startupCpuMs: 380, memory: { rssBytes: 90 * MB, peakRssBytes: 110 * MB }, prediction: load(), batch: { ...load({ okPerSec: 80 }), reviewsPerRequest: 1000, reviewsPerSec: 80_000 } },
      bare: { startupMs: 150, memory: { rssBytes: 60 * MB, peakRssBytes: 60 * MB }, prediction: load({ requestsPerSec: 12_500 }) },
      fastapi: { startupMs: 4000, memory: { rssBytes: 140 * MB, peakRssBytes: 140 * MB }, prediction: load({ requestsPerSec: 500, p99Ms: 35 }) },
    },
    ratios: { oursOverBare: 0.8, oursOverFastapi: 20, oursOverBareByCpu: 0.7, oursOverFastapiByCpu: 25 },
  };
}

/** The target with this id (the test fails when there is none). */
function target(id: string): Target {
  const found = TARGETS.find((t) => t.id === id);
  assert.ok(found, `no target ${id}`);
  return found;
}

describe('judge', () => {
  it('passes a lower-is-better figure at or under its limit and misses it above', () => {
    const p99 = target('p99');
    assert.equal(judge(5, p99), 'PASS');
    assert.equal(judge(4.99, p99), 'PASS');
    assert.equal(judge(5.01, p99), 'MISS');
  });

  it('passes a higher-is-better figure at or over its limit and misses it below', () => {
    const batch = target('batch');
    assert.equal(judge(50_000, batch), 'PASS');
    assert.equal(judge(49_999, batch), 'MISS');
  });

  it('says n/a for a figure that was not measured', () => {
    assert.equal(judge(undefined, target('startup')), 'n/a');
    assert.equal(judge(Number.NaN, target('startup')), 'n/a');
  });
});

describe('targetRows', () => {
  it('reads each figure from the results, in MB for memory, and judges it', () => {
    const rows = Object.fromEntries(targetRows(results()).map((row) => [row.id, row]));
    assert.deepEqual(Object.keys(rows), ['startup', 'rss', 'peak-rss', 'p99', 'vs-bare', 'vs-fastapi', 'batch']);
    assert.equal(rows.startup?.value, 420);
    assert.equal(rows.rss?.value, 90);
    assert.equal(rows['peak-rss']?.value, 110);
    assert.equal(rows.p99?.value, 2.5);
    assert.equal(rows['vs-bare']?.value, 0.8);
    assert.equal(rows['vs-fastapi']?.value, 20);
    assert.equal(rows.batch?.value, 80_000);
    assert.ok(Object.values(rows).every((row) => row.result === 'PASS'));
    assert.equal(rows.rss?.target, '<= 150.0 MB');
    assert.equal(rows['vs-fastapi']?.target, '>= 15.00 x');
  });

  it('misses what is over its limit and leaves a skipped service n/a', () => {
    const r = results();
    r.services.ours = { ...r.services.ours, memory: { rssBytes: 90 * MB, peakRssBytes: 200 * MB } };
    r.services.fastapi = { skipped: 'REVIEWS_CSV is not set' };
    r.ratios.oursOverFastapi = null;
    const rows = Object.fromEntries(targetRows(r).map((row) => [row.id, row]));
    assert.equal(rows['peak-rss']?.result, 'MISS');
    assert.equal(rows['vs-fastapi']?.result, 'n/a');
    assert.equal(rows['vs-fastapi']?.value, undefined);
    assert.equal(rows.rss?.result, 'PASS');
  });
});

describe('formatting', () => {
  it('formats numbers with precision that fits their size', () => {
    assert.equal(formatNumber(0.8125), '0.813');
    assert.equal(formatNumber(12.345), '12.35');
    assert.equal(formatNumber(150), '150.0');
    assert.equal(formatNumber(52_345.6), '52,346');
    assert.equal(formatNumber(undefined), '-');
  });

  it('pads table columns to their widest cell, right-aligned where asked', () => {
    const table = formatTable(['name', 'n'], [['a', '1'], ['long name', '12345']], ['l', 'r']);
    assert.equal(table, ['name           n', '---------  -----', 'a              1', 'long name  12345'].join('\n'));
  });

  it('describes a load run with its rate, latencies and status codes', () => {
    const line = describeLoad(load({ non2xx: 3, statusCodes: { 200: 100_000, 503: 3 } }));
    assert.equal(line, [
      '10,000 requests/s, latency p50 0.800 ms / p99 2.500 ms (max 9.000 ms), non-2xx 3, errors 0 (timeouts 0); answers by status: 200: 100000, 503: 3',
      '  server CPU 0.090 ms/request, autocannon used 62% of a core',
    ].join('\n'));
    assert.match(describeLoad(load({ serverCpuMsPerRequest: null })), /\n {2}autocannon used 62% of a core$/);
    assert.match(describeLoad(load({ okPerSec: 80 }), { perRequest: 1000, unit: 'reviews/s' }), /^80,000 reviews\/s/);
  });

  it('adds the ratios from server CPU per request, as information, when they were measured', () => {
    const summary = formatSummary(results());
    assert.match(summary, /Same ratios from server CPU per request[^\n]*\n {2}ours \/ bare Fastify: 0\.700 x\n {2}ours \/ FastAPI \+ scikit-learn: 25\.00 x/);
  });

  it('lists the ratio of each round when there were several, a dash where one was not measured', () => {
    const r = results();
    assert.doesNotMatch(formatSummary(r), /ratios of each round/);
    r.ratios.perRound = { oursOverBare: [0.62, 0.5, 0.81], oursOverFastapi: [18, null, 21] };
    assert.match(formatSummary(r), /ratios of each round[^\n]*\n {2}ours \/ bare Fastify: 0\.620, 0\.500, 0\.810\n {2}ours \/ FastAPI \+ scikit-learn: 18\.00, -, 21\.00\n/);
  });

  it('lists the bare route with busy work per request, and its ratios to the bare route, when it was measured', () => {
    const r = results();
    assert.doesNotMatch(formatSummary(r), /busy loop/);
    r.services['bare+12us'] = { startupMs: 150, memory: { rssBytes: 60 * MB, peakRssBytes: 60 * MB }, prediction: load({ requestsPerSec: 7_500 }) };
    r.calibration = [{ workUs: 12, key: 'bare+12us', overBare: 0.6, overBareByCpu: 0.55, perRound: [0.6, 0.58, 0.71] }];
    const summary = formatSummary(r);
    assert.match(summary, /^bare \+ 12 us work\s+150\.0\s+-\s+60\.00\s+60\.00\s+7,500\s/m);
    assert.match(summary, /busy loop[^\n]*\n {2}\+ 12 us: 0\.600 x by requests\/s \(rounds 0\.600, 0\.580, 0\.710\), 0\.550 x by server CPU\n/);
  });

  it('summarises every service and every target, marking skipped and failed services', () => {
    const r = results();
    r.services.bare = { failed: 'it exited with status 1 before it was ready' };
    r.services.fastapi = { skipped: '--skip-python was given' };
    r.ratios = { oursOverBare: null, oursOverFastapi: null, oursOverBareByCpu: null, oursOverFastapiByCpu: null };
    const summary = formatSummary(r);
    assert.match(summary, /^review-stars\s+420\.0\s+380\.0\s+90\.00\s+110\.0\s+10,000\s+0\.800\s+2\.500\s+0\.090\s+0 \/ 0$/m);
    assert.doesNotMatch(summary, /from server CPU per request/);
    assert.match(summary, /^bare Fastify route\s+failed/m);
    assert.match(summary, /^FastAPI \+ scikit-learn\s+skipped/m);
    assert.match(summary, /^ours: spawn to ready\s+420\.0 ms\s+<= 1,000 ms\s+PASS$/m);
    assert.match(summary, /^ours \/ bare Fastify \(requests\/s\)\s+-\s+>= 0\.600 x\s+n\/a$/m);
    assert.match(summary, /^ours: POST \/v1\/models\/lr_global\/predict\s+80,000 reviews\/s\s+>= 50,000 reviews\/s\s+PASS$/m);
  });
});
