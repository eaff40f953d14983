/**
 * End-to-end tests of how the `review-stars` command ends on a usage error: one exit status (2)
 * whether the argument parser or review-stars' own checks found it, and a message that names the
 * environment variable when the bad value came from one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../test-support/spawn-server.js';

test('usage errors found by the argument parser exit 2, as review-stars\' own do; help and version exit 0', { timeout: 60_000 }, async () => {
  const cases: Array<[string[], RegExp]> = [
    [['train'], /required option '--data <file>' not specified/],
    [['train', '--data', 'x.csv', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['serve', '--log-level', 'loud'], /option '--log-level <level>' argument 'loud' is invalid/],
    [['predict', '--model'], /option '--model <name>' argument missing/],
    [['train', '--data', 'x.csv', '--seed', 'abc'], /INVALID_ARGUMENT: --seed must be an integer/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
  }
  for (const args of [['--help'], ['--version'], ['train', '--help']]) {
    const run = await runCli(args);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  }
});

test('a bad value from an environment variable names the variable, not the flag', { timeout: 60_000 }, async () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ REVIEW_STARS_PORT: 'abc' }, /INVALID_ARGUMENT: REVIEW_STARS_PORT must be an integer, got "abc"/],
    [{ REVIEW_STARS_LOG_LEVEL: 'loud' }, /INVALID_ARGUMENT: REVIEW_STARS_LOG_LEVEL must be one of/],
    [{ REVIEW_STARS_HOST: 'bad host' }, /INVALID_ARGUMENT: REVIEW_STARS_HOST must be an IP address or a host name/],
  ];
  for (const [env, message] of cases) {
    const run = await runCli(['serve', '--dev-user'], { env });
    assert.equal(run.code, 2, `${JSON.stringify(env)}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /--port|--log-level|--host/, 'the flag was not used');
  }
});
