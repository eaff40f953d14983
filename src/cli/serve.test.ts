import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReviewStarsError } from '../core/errors.js';
import { runCli } from '../../test-support/spawn-server.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { DEFAULT_MODELS_DIR, readSessionSecret, resolveServeSettings } from './serve.js';

test('without flags or environment, serve uses the shipped models, 0.0.0.0:8000, ./users.json and the SQLite store under ./data', () => {
  const settings = resolveServeSettings({}, {});
  assert.deepEqual(settings, {
    models: DEFAULT_MODELS_DIR,
    host: '0.0.0.0',
    port: 8000,
    usersFile: './users.json',
    usersFileExplicit: false,
    devUser: false,
    logLevel: 'info',
    trustProxy: undefined,
    shutdownTimeoutMs: 10_000,
    drainDelayMs: 0,
    sessionSecret: { from: 'random' },
    sessionTtlMs: 8 * 3600 * 1000,
    store: { kind: 'sqlite', path: './data/review-stars.db', display: 'sqlite:./data/review-stars.db' },
    logText: false,
    retentionDays: 30,
  });
  assert.match(DEFAULT_MODELS_DIR, /models\/default$/);
});

test('environment variables are defaults; flags win over them', () => {
  const env = {
    REVIEW_STARS_MODELS: '/srv/models/v7',
    REVIEW_STARS_HOST: '127.0.0.1',
    REVIEW_STARS_PORT: '9000',
    REVIEW_STARS_USERS_FILE: '/etc/review-stars/users.json',
    REVIEW_STARS_DEV_USER: '1',
    REVIEW_STARS_LOG_LEVEL: 'warn',
    REVIEW_STARS_TRUST_PROXY: 'uniquelocal',
  };
  const fromEnv = resolveServeSettings({}, env);
  assert.deepEqual(
    [fromEnv.models, fromEnv.host, fromEnv.port, fromEnv.usersFile, fromEnv.usersFileExplicit, fromEnv.devUser, fromEnv.logLevel, fromEnv.trustProxy],
    ['/srv/models/v7', '127.0.0.1', 9000, '/etc/review-stars/users.json', true, true, 'warn', 'uniquelocal'],
  );
  const flags = resolveServeSettings({ models: 'm', host: '::1', port: '0', users: 'u.json', logLevel: 'debug', trustProxy: '10.0.0.0/8' }, env);
  assert.deepEqual([flags.models, flags.host, flags.port, flags.usersFile, flags.logLevel, flags.trustProxy], ['m', '::1', 0, 'u.json', 'debug', '10.0.0.0/8']);
});

test('the store, text logging and retention come from flags or their environment variables', () => {
  const env = { REVIEW_STARS_STORE: 'postgres://rs:pw@db:5432/rs', REVIEW_STARS_LOG_TEXT: '1', REVIEW_STARS_RETENTION_DAYS: '7' };
  const fromEnv = resolveServeSettings({}, env);
  assert.deepEqual([fromEnv.store.display, fromEnv.logText, fromEnv.retentionDays], ['postgres://rs:***@db:5432/rs', true, 7]);
  const flags = resolveServeSettings({ store: 'none', retentionDays: '90' }, env);
  assert.deepEqual([flags.store.kind, flags.retentionDays], ['none', 90]);
  assert.throws(() => resolveServeSettings({ retentionDays: '0' }, {}), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /--retention-days/.test(err.message));
  assert.throws(() => resolveServeSettings({ store: 'redis://x' }, {}), (err: unknown) => isReviewStarsError(err, 'STORE_URL_INVALID'));
});

test('empty environment variables count as unset', () => {
  const settings = resolveServeSettings({}, { REVIEW_STARS_PORT: '', REVIEW_STARS_USERS_FILE: ' ', REVIEW_STARS_DEV_USER: '' });
  assert.equal(settings.port, 8000);
  assert.equal(settings.usersFileExplicit, false);
  assert.equal(settings.devUser, false);
});

test('bad values are refused with INVALID_ARGUMENT naming the flag or variable', () => {
  const cases: Array<[Record<string, string | boolean>, NodeJS.ProcessEnv, RegExp]> = [
    [{ port: 'http' }, {}, /--port must be an integer, got "http"/],
    [{ port: '65536' }, {}, /--port must be between 0 and 65535, got 65536/],
    [{ port: '-1' }, {}, /--port must be between 0 and 65535/],
    [{ port: '80.5' }, {}, /--port must be an integer/],
    [{}, { REVIEW_STARS_PORT: 'eighty' }, /^REVIEW_STARS_PORT must be an integer, got "eighty"/],
    [{}, { REVIEW_STARS_PORT: '70000' }, /^REVIEW_STARS_PORT must be between 0 and 65535/],
    [{ port: 'http' }, { REVIEW_STARS_PORT: '9000' }, /^--port must be an integer/],
    [{}, { REVIEW_STARS_HOST: 'bad host' }, /^REVIEW_STARS_HOST must be an IP address or a host name/],
    [{}, { REVIEW_STARS_LOG_LEVEL: 'loud' }, /^REVIEW_STARS_LOG_LEVEL must be one of fatal/],
    [{ host: 'bad host' }, {}, /--host must be an IP address or a host name/],
    [{ host: '-leading.dash' }, {}, /--host/],
    [{ logLevel: 'loud' }, {}, /--log-level must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ shutdownTimeout: '1s' }, {}, /--shutdown-timeout must be an integer/],
    [{ drainDelay: '-3' }, {}, /--drain-delay must be between 0 and 600000/],
    [{}, { REVIEW_STARS_DEV_USER: 'sure' }, /REVIEW_STARS_DEV_USER must be 1 or 0/],
    [{ trustProxy: 'bogus!' }, {}, /--trust-proxy: "bogus!" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal/],
    [{ trustProxy: '10.0.0.0/33' }, {}, /--trust-proxy: "10.0.0.0\/33" has a prefix length outside 1-32/],
    [{ trustProxy: '10.0.0.1,' }, {}, /--trust-proxy: an empty entry/],
    [{ trustProxy: '::1/0' }, {}, /outside 1-128/],
    [{}, { REVIEW_STARS_TRUST_PROXY: 'proxy.internal' }, /REVIEW_STARS_TRUST_PROXY: "proxy.internal" is not an IP address/],
  ];
  for (const [flags, env, message] of cases) {
    assert.throws(
      () => resolveServeSettings(flags, env),
      (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && message.test(err.message),
      JSON.stringify({ flags, env }),
    );
  }
});

test('host names and IP addresses of both families are accepted', () => {
  for (const host of ['localhost', 'review-stars.internal', '0.0.0.0', '::', '::1', 'fe80::1', '10.1.2.3']) {
    assert.equal(resolveServeSettings({ host }, {}).host, host);
  }
});

test('trust-proxy lists of addresses, CIDR ranges, netmasks and named ranges are accepted as given', () => {
  for (const list of ['127.0.0.1', 'loopback, uniquelocal', '10.0.0.0/8,192.168.1.1', '10.0.0.0/255.0.0.0', 'fd00::/8, ::1', 'linklocal']) {
    assert.equal(resolveServeSettings({ trustProxy: list }, {}).trustProxy, list);
  }
});

test('start-up failures (port in use, a bad --trust-proxy, an unresolvable --host) end in one line naming the flag and exit status 2', async () => {
  const holder = createServer();
  holder.listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const busyPort = (holder.address() as AddressInfo).port;
  try {
    const cases: Array<[string[], RegExp]> = [
      [['--host', '127.0.0.1', '--port', String(busyPort)], new RegExp(`--port ${busyPort}: 127\\.0\\.0\\.1:${busyPort} is already in use`)],
      [['--host', '127.0.0.1', '--port', '0', '--trust-proxy', 'bogus!'], /--trust-proxy: "bogus!" is not an IP address/],
      [['--host', 'no-such-host.invalid', '--port', '0'], /--host no-such-host\.invalid: the host name does not resolve/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['serve', '--dev-user', '--log-level', 'warn', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^review-stars: error INVALID_ARGUMENT: [^\n]+\n$/, `one line: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  } finally {
    holder.close();
  }
});

test('the session secret comes from its file, else the environment, else is random; a short one is refused without being shown', async () => {
  await withTempDir('review-stars-secret-', async (dir) => {
    const file = join(dir, 'secret');
    const key = 'k'.repeat(40);
    await writeFile(file, `${key}\n`);
    const fromFlag = resolveServeSettings({ sessionSecretFile: file }, { REVIEW_STARS_SESSION_SECRET: 'e'.repeat(40) });
    assert.deepEqual(fromFlag.sessionSecret, { from: 'file', path: file });
    assert.equal(readSessionSecret(fromFlag.sessionSecret, {})?.toString('utf8'), key);
    const fromEnv = resolveServeSettings({}, { REVIEW_STARS_SESSION_SECRET: 'e'.repeat(40) });
    assert.deepEqual(fromEnv.sessionSecret, { from: 'env' });
    assert.equal(readSessionSecret(fromEnv.sessionSecret, { REVIEW_STARS_SESSION_SECRET: 'e'.repeat(40) })?.length, 40);
    assert.equal(readSessionSecret({ from: 'random' }, {}), undefined);
    const short = 'too-short-secret';
    assert.throws(
      () => readSessionSecret({ from: 'env' }, { REVIEW_STARS_SESSION_SECRET: short }),
      (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && /at least 32 characters/.test(err.message) && !err.message.includes(short),
    );
    assert.throws(() => readSessionSecret({ from: 'file', path: join(dir, 'missing') }, {}), /cannot be read \(ENOENT\)/);
    assert.equal(resolveServeSettings({ sessionTtl: '2' }, {}).sessionTtlMs, 2000);
    assert.throws(() => resolveServeSettings({ sessionTtl: '0' }, {}), /--session-ttl must be between 1/);
  });
});
