import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../../src/core/errors.js';
import { ACCEPTANCE_DEFAULTS, acceptanceConfig, makeWrongPassword, parseAddress, parseDuration, parseLogSwitch } from './config.js';

const CREDENTIALS = { API_USER: 'bob', API_PASSWORD: 'builder' };

function invalidArgument(pattern: RegExp): (err: unknown) => boolean {
  return (err) => isReviewStarsError(err, 'INVALID_ARGUMENT') && pattern.test(err.message);
}

test('durations accept ms, s, m and bare seconds', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('10'), 10_000);
  assert.equal(parseDuration(' 0s '), 0);
});

test('durations refuse negative, unitless garbage, unknown units and more than one hour', () => {
  for (const bad of ['-1s', 'soon', '5h', '30 sec', '', '61m']) {
    assert.throws(() => parseDuration(bad, 'wait'), invalidArgument(/wait/), bad);
  }
});

test('LOG=1 turns logging on as in the original client; unknown values are refused', () => {
  assert.equal(parseLogSwitch('1'), true);
  assert.equal(parseLogSwitch('true'), true);
  assert.equal(parseLogSwitch('0'), false);
  assert.equal(parseLogSwitch(undefined), false);
  assert.equal(parseLogSwitch(''), false);
  assert.throws(() => parseLogSwitch('2'), invalidArgument(/LOG="2"/));
});

test('addresses are host names or IP addresses; brackets around IPv6 are dropped', () => {
  assert.equal(parseAddress('api', 'API_ADDRESS'), 'api');
  assert.equal(parseAddress(' 10.0.0.7 ', 'API_ADDRESS'), '10.0.0.7');
  assert.equal(parseAddress('[::1]', 'API_ADDRESS'), '::1');
  assert.equal(parseAddress('review-stars.default.svc.cluster.local', 'API_ADDRESS'), 'review-stars.default.svc.cluster.local');
  for (const bad of ['http://api', 'api:8000', 'api/path', 'bob@api', 'a b', '-api', '']) {
    assert.throws(() => parseAddress(bad, 'IP_ADRESS'), invalidArgument(/IP_ADRESS/), bad);
  }
});

test('the new variable names configure address, port, user, password, log and results file', () => {
  const config = acceptanceConfig({ ...CREDENTIALS, API_ADDRESS: 'api', API_PORT: '8080', LOG: '1', RESULTS_FILE: '/tmp/r/log.txt' });
  assert.equal(config.address, 'api');
  assert.equal(config.port, 8080);
  assert.equal(config.baseUrl, 'http://api:8080');
  assert.equal(config.user, 'bob');
  assert.equal(config.password, 'builder');
  assert.equal(config.log, true);
  assert.equal(config.resultsFile, '/tmp/r/log.txt');
  assert.equal(config.waitMs, 30_000);
  assert.equal(config.requestTimeoutMs, 10_000);
});

test("the original's IP_ADRESS and IP_PORT still work, and the new names win over them", () => {
  const old = acceptanceConfig({ ...CREDENTIALS, IP_ADRESS: '172.17.0.2', IP_PORT: '8001' });
  assert.equal(old.baseUrl, 'http://172.17.0.2:8001');
  const both = acceptanceConfig({ ...CREDENTIALS, IP_ADRESS: 'old', IP_PORT: '1', API_ADDRESS: 'new', API_PORT: '2' });
  assert.equal(both.baseUrl, 'http://new:2');
});

test('without address and port the client targets 127.0.0.1:8000 and logs nothing', () => {
  const config = acceptanceConfig(CREDENTIALS);
  assert.equal(config.baseUrl, `http://${ACCEPTANCE_DEFAULTS.address}:${ACCEPTANCE_DEFAULTS.port}`);
  assert.equal(config.log, false);
  assert.equal(config.resultsFile, 'results/log.txt');
});

test('an IPv6 address is bracketed in the base URL', () => {
  assert.equal(acceptanceConfig({ ...CREDENTIALS, API_ADDRESS: '::1' }).baseUrl, 'http://[::1]:8000');
});

test('command-line options win over the environment', () => {
  const config = acceptanceConfig(
    { ...CREDENTIALS, ACCEPTANCE_WAIT: '5s', RESULTS_FILE: 'env.txt' },
    { wait: '250ms', requestTimeout: '2s', log: true, resultsFile: 'opt.txt' },
  );
  assert.equal(config.waitMs, 250);
  assert.equal(config.requestTimeoutMs, 2000);
  assert.equal(config.log, true);
  assert.equal(config.resultsFile, 'opt.txt');
});

test('a missing user or password, a bad port or a zero request timeout is refused with the variable named', () => {
  assert.throws(() => acceptanceConfig({ API_PASSWORD: 'x' }), invalidArgument(/API_USER/));
  assert.throws(() => acceptanceConfig({ API_USER: 'bob' }), invalidArgument(/API_PASSWORD/));
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, API_USER: 'bo:b' }), invalidArgument(/API_USER/));
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, API_PORT: '70000' }), invalidArgument(/API_PORT/));
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, IP_PORT: '80a' }), invalidArgument(/IP_PORT/));
  assert.throws(() => acceptanceConfig(CREDENTIALS, { requestTimeout: '0s' }), invalidArgument(/timeout/));
});

test('a bad duration names the variable or the option it came from', () => {
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, ACCEPTANCE_WAIT: 'soon' }), invalidArgument(/^ACCEPTANCE_WAIT "soon" is not a duration/));
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, ACCEPTANCE_REQUEST_TIMEOUT: '5h' }), invalidArgument(/^ACCEPTANCE_REQUEST_TIMEOUT "5h" is not a duration/));
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, ACCEPTANCE_REQUEST_TIMEOUT: '0' }), invalidArgument(/^ACCEPTANCE_REQUEST_TIMEOUT must be longer than 0/));
  assert.throws(() => acceptanceConfig({ ...CREDENTIALS, ACCEPTANCE_WAIT: 'soon' }, { wait: 'later' }), invalidArgument(/^--wait "later" is not a duration/));
});

test('the wrong password differs from the real one and from one run to the next', () => {
  const config = acceptanceConfig(CREDENTIALS);
  assert.notEqual(config.wrongPassword, config.password);
  assert.notEqual(makeWrongPassword('builder'), makeWrongPassword('builder'));
  assert.match(makeWrongPassword('x'), /^wrong-[0-9a-f]{24}$/);
});
