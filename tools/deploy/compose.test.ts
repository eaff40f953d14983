import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { interpolate, parseEnvFile, readComposeFile, serviceEnvironment, type ComposeService } from './compose.js';
import { parseDockerfile, resolveStage } from './dockerfile.js';
import { acceptanceConfig } from '../acceptance/config.js';
import { isReviewStarsError } from '../../src/core/errors.js';
import { REPO_ROOT } from '../../test-support/paths.js';

const ROOT = REPO_ROOT;
const COMPOSE = readComposeFile(join(ROOT, 'compose.yaml'));
const STAGES = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

function service(name: string): ComposeService {
  const found = COMPOSE.services[name];
  assert.ok(found, `compose.yaml has no service "${name}"`);
  return found;
}

/** What Compose makes of a value when none of its variables is set (defaults apply). */
const withDefaults = (value: string): string => interpolate(value, {});

/** true/false from `git check-ignore`; undefined when git or the repository is not there. */
function ignoredByGit(path: string): boolean | undefined {
  const run = spawnSync('git', ['check-ignore', '-q', path], { cwd: ROOT });
  if (run.error || (run.status !== 0 && run.status !== 1)) return undefined;
  return run.status === 0;
}

function trackedByGit(path: string): boolean | undefined {
  const run = spawnSync('git', ['ls-files', '--error-unmatch', path], { cwd: ROOT, stdio: 'ignore' });
  if (run.error || run.status === null) return undefined;
  return run.status === 0;
}

/** The container side of the API's published port. */
function apiContainerPort(): number {
  const ports = service('api').ports ?? [];
  assert.equal(ports.length, 1, 'the API publishes exactly one port');
  const port = ports[0] as string | { target: number };
  return typeof port === 'string' ? Number(port.split(':').at(-1)) : port.target;
}

test('env files parse as Compose reads them: comments, blank lines, export, quotes', () => {
  assert.deepEqual(parseEnvFile('# c\n\nA=1\nexport B = two words\nC="x # y"\nD=\'q\'\nE=v # note\n', 't.env'), {
    A: '1',
    B: 'two words',
    C: 'x # y',
    D: 'q',
    E: 'v',
  });
  assert.throws(() => parseEnvFile('not a pair\n', 't.env'), /t\.env:1: not a KEY=VALUE line/);
});

test('interpolation follows Compose: defaults for unset (and, with ":", empty) variables, $$ escapes, :? refuses', () => {
  assert.equal(interpolate('${A:-1000}:${B-7}', {}), '1000:7');
  assert.equal(interpolate('${A:-1000}:${B-7}', { A: '', B: '' }), '1000:');
  assert.equal(interpolate('$A/${A}/$$A', { A: 'x' }), 'x/x/$A');
  assert.throws(() => interpolate('${TOKEN:?set TOKEN in .env}', {}), (e: unknown) => isReviewStarsError(e, 'DEPLOY_CONFIG_INVALID') && /set TOKEN/.test(e.message));
});

test('Dockerfile stages are read with their EXPOSE, USER, ENV and exec-form CMD/ENTRYPOINT', () => {
  const stages = parseDockerfile(
    'ARG BASE=node:20\nFROM ${BASE} AS build\nRUN a \\\n  && b\nFROM build AS runtime\nWORKDIR /app\nCOPY --from=build /b/dist ./dist\nENV A=1 B="two words"\nUSER app\nEXPOSE 8000/tcp\nCMD ["node", "x.js"]\n',
  );
  assert.deepEqual(
    stages.map((s) => s.name),
    ['build', 'runtime'],
  );
  assert.deepEqual(stages[1], {
    name: 'runtime',
    from: 'build',
    expose: [8000],
    user: 'app',
    env: { A: '1', B: 'two words' },
    cmd: ['node', 'x.js'],
    workdir: '/app',
    copies: [{ sources: ['/b/dist'], dest: './dist', from: 'build' }],
  });
  const child = parseDockerfile('FROM node:20 AS base\nWORKDIR /app\nENV A=1\nEXPOSE 80\nFROM base AS api\nENV B=2\nCMD ["node"]\n');
  assert.deepEqual(resolveStage(child, 'api'), { name: 'api', from: 'base', expose: [80], env: { A: '1', B: '2' }, copies: [], cmd: ['node'], workdir: '/app' });
  assert.equal(resolveStage(child, 'missing'), undefined);
});

test('compose.yaml builds the API from the Dockerfile runtime stage and the client from its acceptance stage', () => {
  const names = STAGES.map((s) => s.name);
  assert.equal(service('api').build?.target, 'runtime');
  assert.equal(service('acceptance').build?.target, 'acceptance');
  for (const target of ['runtime', 'acceptance']) assert.ok(names.includes(target), `the Dockerfile has no stage "${target}" (stages: ${names.join(', ')})`);
});

test('the API publishes the port it listens on, which is the port the image exposes', () => {
  const port = apiContainerPort();
  const env = serviceEnvironment(service('api'));
  assert.equal(Number(env.REVIEW_STARS_PORT), port);
  const runtime = resolveStage(STAGES, 'runtime');
  assert.deepEqual(runtime?.expose, [port]);
  assert.match(String(service('api').ports?.[0]), /^127\.0\.0\.1:/, 'published on the host loopback by default');
});

test('the API health check asks for readiness on that port, so the client starts only once models are loaded', () => {
  const check = service('api').healthcheck?.test;
  assert.ok(Array.isArray(check) && check[0] === 'CMD', 'exec-form health check (the image has no shell tools to rely on)');
  const url = /https?:\/\/[^'"\s)]+/.exec(check.join(' '))?.[0];
  assert.ok(url, 'the health check requests a URL');
  const parsed = new URL(url);
  assert.equal(Number(parsed.port), apiContainerPort());
  assert.equal(parsed.pathname, '/readyz');
  const acceptance = service('acceptance').depends_on as Record<string, { condition?: string }>;
  assert.deepEqual(acceptance.api, { condition: 'service_healthy' });
});

test('the users file reaches the API as a Compose secret at the path REVIEW_STARS_USERS_FILE names, and stays out of git', () => {
  const api = service('api');
  const secrets = (api.secrets ?? []).map((s) => (typeof s === 'string' ? { source: s, target: s } : s));
  const users = secrets.find((s) => s.source === 'users');
  assert.ok(users, 'the API mounts the users secret');
  assert.equal(serviceEnvironment(api).REVIEW_STARS_USERS_FILE, posix.join('/run/secrets', users.target ?? users.source));
  const file = COMPOSE.secrets?.users?.file;
  assert.ok(file, 'the users secret comes from a file');
  assert.equal(ignoredByGit(file) ?? true, true, `${file} must be ignored by git`);
  assert.equal(trackedByGit(file) ?? false, false, `${file} must not be committed`);
});

test('the acceptance client gets credentials from an ignored env file whose committed example it accepts', () => {
  const acceptance = service('acceptance');
  const envFiles = [acceptance.env_file ?? []].flat();
  assert.equal(envFiles.length, 1);
  const envFile = envFiles[0] as string;
  assert.equal(ignoredByGit(envFile) ?? true, true, `${envFile} must be ignored by git`);
  const example = join(ROOT, `${envFile}.example`);
  assert.ok(existsSync(example), `${envFile}.example is committed for people to copy`);
  const fromFile = parseEnvFile(readFileSync(example, 'utf8'), example);
  assert.deepEqual(Object.keys(fromFile).sort(), ['API_PASSWORD', 'API_USER']);

  // The client's own parser accepts the environment Compose gives it, and it points at the API.
  const config = acceptanceConfig({ ...fromFile, ...serviceEnvironment(acceptance) });
  assert.equal(config.address, 'api');
  assert.ok(Object.hasOwn(COMPOSE.services, config.address), 'API_ADDRESS is the API service name');
  assert.equal(config.port, apiContainerPort());
  assert.equal(config.log, true);

  // The report lands in the mounted ./results folder (ignored by git).
  const mounts = (acceptance.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v));
  const results = mounts.find((m) => m.target === dirname(config.resultsFile));
  assert.ok(results, `the directory of RESULTS_FILE (${config.resultsFile}) is a mounted volume`);
  assert.equal(results.source, './results');
  assert.equal(ignoredByGit('results/log.txt') ?? true, true);
});

test('both containers run as a non-root user with a read-only root file system and no capabilities', () => {
  for (const name of ['api', 'acceptance']) {
    const s = service(name);
    assert.ok(s.user, `${name} sets a user`);
    const uid = Number(withDefaults(s.user).split(':')[0]);
    assert.ok(Number.isInteger(uid) && uid > 0, `${name} runs as uid ${uid} by default`);
    assert.equal(s.read_only, true, `${name} has a read-only root file system`);
    assert.deepEqual(s.cap_drop, ['ALL'], `${name} drops every capability`);
  }
});

/** A service's secrets in their long form. */
function secretsOf(s: ComposeService): { source: string; target: string }[] {
  return (s.secrets ?? []).map((x) => (typeof x === 'string' ? { source: x, target: x } : { source: x.source, target: x.target ?? x.source }));
}

/** The path a secret is mounted at in the container (Compose: /run/secrets/<target>). */
const secretPath = (target: string): string => (target.startsWith('/') ? target : posix.join('/run/secrets', target));

test('PostgreSQL: the official image, its user, database and password file from a secret, its files in a named volume', () => {
  const db = service('db');
  assert.equal(db.image, 'postgres:16', 'a user pulls the official image (the local test replaces it in its own override)');
  assert.equal(db.build, undefined);
  const env = serviceEnvironment(db);
  assert.equal(env.POSTGRES_USER, 'reviewstars');
  assert.equal(env.POSTGRES_DB, 'reviewstars');
  assert.equal(env.POSTGRES_PASSWORD, undefined, 'never a password in compose.yaml');
  const password = secretsOf(db).find((s) => s.source === 'db_password');
  assert.ok(password, 'the database mounts the db_password secret');
  assert.equal(env.POSTGRES_PASSWORD_FILE, secretPath(password.target));
  const volume = (db.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v)).find((v) => v.target === '/var/lib/postgresql/data');
  assert.ok(volume, 'the data directory is a volume');
  assert.equal(volume.source, 'db-data');
  assert.ok(Object.hasOwn((COMPOSE.volumes ?? {}) as object, 'db-data'), 'db-data is a named volume, kept by `down`');
  assert.equal(db.ports, undefined, 'the database is not published on the host');
  const check = db.healthcheck?.test;
  assert.ok(Array.isArray(check) && check[0] === 'CMD' && check[1] === 'pg_isready', 'health-checked with pg_isready');
  assert.ok(check.includes('--host=127.0.0.1'), 'over TCP: the server the image starts on its socket alone while initialising is not ready');
});

test('the API takes its store URL from a secret file and starts once the database is healthy', () => {
  const api = service('api');
  const url = secretsOf(api).find((s) => s.source === 'store_url');
  assert.ok(url, 'the API mounts the store_url secret');
  assert.equal(serviceEnvironment(api).REVIEW_STARS_STORE_FILE, secretPath(url.target));
  assert.equal(serviceEnvironment(api).REVIEW_STARS_STORE, undefined, 'the URL holds the password: only ever in a secret');
  assert.deepEqual((api.depends_on as Record<string, { condition?: string }>).db, { condition: 'service_healthy' });
});

test('every secret comes from a file under ./ that git ignores and that is not committed', () => {
  const secrets = COMPOSE.secrets ?? {};
  assert.deepEqual(Object.keys(secrets).sort(), ['db_password', 'store_url', 'users']);
  for (const [name, secret] of Object.entries(secrets)) {
    const file = secret.file ?? '';
    assert.ok(file.startsWith('./'), `secret ${name}: a file relative to compose.yaml, written "./..." (podman-compose 1.0.3 takes a bare relative path for a volume name)`);
    assert.equal(ignoredByGit(file) ?? true, true, `${file} must be ignored by git`);
    assert.equal(trackedByGit(file) ?? false, false, `${file} must not be committed`);
  }
});

test("the local test's override replaces only what would be pulled: images and build arguments", () => {
  const override = readComposeFile(join(ROOT, 'tools/container/compose.local.yaml'));
  assert.deepEqual(Object.keys(override).sort(), ['services']);
  for (const [name, s] of Object.entries(override.services)) {
    assert.ok(Object.hasOwn(COMPOSE.services, name), `the override names service "${name}", which compose.yaml lacks`);
    for (const key of Object.keys(s)) assert.ok(['image', 'build'].includes(key), `the override changes ${name}.${key}`);
    const build = (s.build ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(build)) assert.ok(['context', 'args'].includes(key), `the override changes ${name}.build.${key}`);
    if (s.image !== undefined) assert.ok(service(name).build === undefined, `${name}: only a pulled image is replaced by a local build`);
    if (build.context !== undefined) assert.ok(existsSync(join(ROOT, build.context as string, 'Dockerfile')), `${name}: ${String(build.context)}/Dockerfile exists`);
  }
});
