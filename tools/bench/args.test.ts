// Tests of bench/args: defaults, valid flags, and the flags and values it refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, parseBenchArgs } from './args.js';

describe('parseBenchArgs', () => {
  it('uses the issue defaults when no flag is given: 10 connections for 10 s after a 2 s warm-up, 3 rounds, Python on', () => {
    assert.deepEqual(parseBenchArgs([]), {
      help: false,
      rounds: 3,
      durationS: 10,
      connections: 10,
      warmupS: 2,
      batchDurationS: 5,
      batchConnections: 2,
      batchSize: 1000,
      skipPython: false,
      cpuProfDir: null,
      bareWorkUs: [],
      json: false,
    });
  });

  it('reads every flag it documents', () => {
    const options = parseBenchArgs([
      '--rounds', '1', '--duration', '2.5', '--connections', '4', '--warmup', '0', '--batch-duration', '3',
      '--batch-connections', '1', '--batch-size', '200', '--skip-python', '--json', '--cpu-prof', 'prof', '--bare-work-us', '25,5,12,5',
    ]);
    assert.equal(options.rounds, 1);
    assert.equal(options.durationS, 2.5);
    assert.equal(options.connections, 4);
    assert.equal(options.warmupS, 0);
    assert.equal(options.batchDurationS, 3);
    assert.equal(options.batchConnections, 1);
    assert.equal(options.batchSize, 200);
    assert.equal(options.skipPython, true);
    assert.equal(options.json, true);
    assert.equal(options.cpuProfDir, 'prof');
    assert.deepEqual(options.bareWorkUs, [5, 12, 25], 'distinct, ascending');
  });

  it('refuses a zero, negative, fractional or non-numeric count with the flag named', () => {
    assert.throws(() => parseBenchArgs(['--connections', '0']), (err: unknown) => err instanceof UsageError && /--connections must be a positive integer, got "0"/.test(err.message));
    assert.throws(() => parseBenchArgs(['--connections', '2.5']), /--connections must be a positive integer/);
    assert.throws(() => parseBenchArgs(['--rounds', '0']), /--rounds must be a positive integer, got "0"/);
    assert.throws(() => parseBenchArgs(['--duration=-1']), /--duration must be a positive number/);
    assert.throws(() => parseBenchArgs(['--duration', 'ten']), /--duration must be a positive number, got "ten"/);
    assert.throws(() => parseBenchArgs(['--warmup=-2']), /--warmup must be a non-negative number/);
    for (const bad of ['', '5,', '0', '2.5', '10001', 'five', '5,,12']) {
      assert.throws(() => parseBenchArgs(['--bare-work-us', bad]), /--bare-work-us must be a comma-separated list of whole microseconds in 1\.\.10000/, bad);
    }
  });

  it('refuses unknown flags and positional arguments as usage errors', () => {
    assert.throws(() => parseBenchArgs(['--durations', '3']), UsageError);
    assert.throws(() => parseBenchArgs(['fast']), UsageError);
  });
});
