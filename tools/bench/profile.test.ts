// Tests of bench/profile: self time by function and area, on a hand-made profile and on a real one
// written by `node --cpu-prof`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CallFrame, areaOf, newestCpuProfile, summariseCpuProfile, summariseCpuProfileFile } from './profile.js';

const frame = (functionName: string, url = '', lineNumber = 0): CallFrame & { columnNumber: number; scriptId: string } => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '0' });

describe('areaOf', () => {
  it('sorts code into review-stars folders, fastify, other packages, Node internals and V8 states', () => {
    assert.equal(areaOf(frame('predictRow', 'file:///app/dist/src/models/logistic-regression.js')), 'review-stars models/');
    assert.equal(areaOf(frame('route', 'file:///app/node_modules/fastify/lib/route.js')), 'fastify');
    assert.equal(areaOf(frame('x', 'file:///app/node_modules/@fastify/swagger/index.js')), 'fastify');
    assert.equal(areaOf(frame('info', 'file:///app/node_modules/pino/lib/proto.js')), 'package pino');
    assert.equal(areaOf(frame('x', 'file:///app/node_modules/@scope/pkg/a.js')), 'package @scope/pkg');
    assert.equal(areaOf(frame('writev', 'node:internal/stream_base_commons')), 'Node.js internals');
    assert.equal(areaOf(frame('writev')), 'native (syscalls, JSON, RegExp, crypto)');
    assert.equal(areaOf(frame('(garbage collector)')), 'garbage collection');
    assert.equal(areaOf(frame('(idle)')), 'idle');
  });
});

describe('summariseCpuProfile', () => {
  it('adds up each sample\'s time delta as self time of its node, by function and by area', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('predictRow', 'file:///app/dist/src/models/lr.js', 9) },
        { id: 3, callFrame: frame('(garbage collector)') },
        { id: 4, callFrame: frame('tokenize', 'file:///app/dist/src/text/tokenize.js', 4) },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 2000, 500, 1500, 1000],
    };
    const summary = summariseCpuProfile(profile, { top: 2 });
    assert.equal(summary.totalMs, 6);
    assert.deepEqual(summary.functions.map((f) => [f.name, f.ms]), [['predictRow dist/src/models/lr.js:10', 4], ['tokenize dist/src/text/tokenize.js:5', 1.5]]);
    assert.deepEqual(summary.areas.map((a) => [a.area, a.ms]), [['review-stars models/', 4], ['review-stars text/', 1.5], ['garbage collection', 0.5]]);
    assert.equal(summary.areas[0]?.share, 4 / 6);
  });

  it('refuses something that is not a CPU profile', () => {
    assert.throws(() => summariseCpuProfile({ nodes: [] }), /not a V8 CPU profile/);
  });

  it('finds the hot function of a real node --cpu-prof profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-test-'));
    try {
      const script = join(dir, 'busy.mjs');
      writeFileSync(script, 'function spinForAWhile() { let x = 0; const end = Date.now() + 300; while (Date.now() < end) x += Math.sqrt(x + 1); return x; }\nspinForAWhile();\n');
      const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const path = newestCpuProfile(dir);
      assert.ok(path !== null, 'a profile was written');
      assert.match(path, /\.cpuprofile$/);
      const summary = summariseCpuProfileFile(path, { top: 3 });
      assert.ok(summary.totalMs > 200, `sampled ${summary.totalMs} ms`);
      assert.match(summary.functions[0]?.name ?? '', /^spinForAWhile /);
      assert.equal(summary.functions[0]?.area, 'other scripts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
