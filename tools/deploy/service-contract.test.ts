import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServeSettings, type ServeSettings } from '../../src/cli/serve.js';
import { readComposeFile, serviceEnvironment } from './compose.js';
import { renderManifests } from './kustomize.js';
import { findObject, type KubeObject } from './manifests.js';
import { REPO_ROOT } from '../../test-support/paths.js';
import { CLI_MAIN } from '../../test-support/paths.js';

const ROOT = REPO_ROOT;
const CLI = CLI_MAIN;
const BASE = renderManifests(join(ROOT, 'deploy/kubernetes/base'));

interface Container {
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
}
const api = (findObject(BASE, 'Deployment', 'review-stars') as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec
  .containers[0] as Container;

/** The environment Kubernetes gives the container: ConfigMaps named in envFrom, then env. */
function kubernetesEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of api.envFrom ?? []) {
    const map = findObject(BASE, 'ConfigMap', source.configMapRef?.name) as KubeObject & { data: Record<string, string> };
    Object.assign(env, map.data);
  }
  for (const entry of api.env ?? []) env[entry.name] = entry.value ?? '';
  return env;
}

const composeEnvironment = (): Record<string, string> => serviceEnvironment(readComposeFile(join(ROOT, 'compose.yaml')).services.api ?? {});

/** Another valid value for a service setting, to see whether the service reads the variable. */
function otherValue(name: string, value: string): string {
  if (name === 'REVIEW_STARS_HOST') return value === '127.0.0.1' ? '::1' : '127.0.0.1';
  if (/^\d+$/.test(value)) return String(Number(value) + 1);
  if (value === '1' || value === '0') return value === '1' ? '0' : '1';
  return `${value}.other`;
}

/** Store URL files for the Deployment's REVIEW_STARS_STORE_FILE (a mounted Secret in the cluster), mapped to this machine. */
const storeFileDir = mkdtempSync(join(tmpdir(), 'review-stars-store-url-'));
const STORE_FILES = { main: join(storeFileDir, 'url'), other: join(storeFileDir, 'url.other') };
writeFileSync(STORE_FILES.main, `sqlite:${join(storeFileDir, 'store.db')}\n`);
writeFileSync(STORE_FILES.other, 'none\n');
after(() => rmSync(storeFileDir, { recursive: true, force: true }));

/** The environment with its file paths that only exist in a cluster mapped to files here. */
function mapped(env: Record<string, string>): Record<string, string> {
  return env.REVIEW_STARS_STORE_FILE === undefined ? env : { ...env, REVIEW_STARS_STORE_FILE: STORE_FILES.main };
}

for (const [where, environment] of [
  ['the Kubernetes ConfigMap and Deployment', kubernetesEnvironment],
  ['compose.yaml', composeEnvironment],
] as const) {
  test(`every REVIEW_STARS_* variable that ${where} sets is read by \`review-stars serve\`, with the value meant`, () => {
    const declared = environment();
    const names = Object.keys(declared).filter((n) => n.startsWith('REVIEW_STARS_'));
    const expected = ['REVIEW_STARS_HOST', 'REVIEW_STARS_MODELS', 'REVIEW_STARS_PORT', 'REVIEW_STARS_USERS_FILE'];
    // Both also name the file of the store URL (a Secret: the Deployment's replicas, and compose's
    // API, keep their predictions and feedback in PostgreSQL).
    expected.push('REVIEW_STARS_STORE_FILE');
    assert.deepEqual(names.sort(), expected.sort());
    const env = mapped(declared);
    const settings = resolveServeSettings({}, env);
    assert.deepEqual(
      { host: settings.host, port: settings.port, models: settings.models, usersFile: settings.usersFile, explicit: settings.usersFileExplicit, devUser: settings.devUser },
      {
        host: env.REVIEW_STARS_HOST,
        port: Number(env.REVIEW_STARS_PORT),
        models: env.REVIEW_STARS_MODELS,
        usersFile: env.REVIEW_STARS_USERS_FILE,
        explicit: true,
        devUser: false,
      },
    );
    // A misspelt name would leave the settings at their defaults: changing each value must show.
    for (const name of names) {
      const other = name === 'REVIEW_STARS_STORE_FILE' ? STORE_FILES.other : otherValue(name, env[name] as string);
      const changed: ServeSettings = resolveServeSettings({}, { ...env, [name]: other });
      assert.notDeepEqual(changed, settings, `${name} is not read by serve`);
    }
  });
}

test('the Deployment sets no serve flag that would override the environment or the drain bound', () => {
  const deployment = findObject(BASE, 'Deployment', 'review-stars') as unknown as { spec: { template: { spec: { containers: { command: string[]; args?: string[] }[] } } } };
  const container = deployment.spec.template.spec.containers[0];
  assert.deepEqual([...(container?.command ?? []), ...(container?.args ?? [])].slice(-1), ['serve']);
  assert.equal(resolveServeSettings({}, mapped(kubernetesEnvironment())).shutdownTimeoutMs, resolveServeSettings({}, {}).shutdownTimeoutMs);
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

async function get(url: string, authorization?: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text() };
}

test('the real service, configured only by the manifests\' environment, answers every probe path and authenticates from the users file', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-stars-contract-'));
  const usersFile = join(dir, 'users.json');
  const password = 'contract-test-password';
  const add = spawnSync(process.execPath, [CLI, 'users', 'add', 'prober', '--users', usersFile], { input: `${password}\n`, encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);

  const port = await freePort();
  // The Deployment's environment, with only the host, port and file paths mapped to this machine.
  const env = {
    ...mapped(kubernetesEnvironment()),
    REVIEW_STARS_HOST: '127.0.0.1',
    REVIEW_STARS_PORT: String(port),
    REVIEW_STARS_MODELS: join(ROOT, 'models/default'),
    REVIEW_STARS_USERS_FILE: usersFile,
    REVIEW_STARS_LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [CLI, 'serve'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await get(`${base}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(ready, `serve did not become ready on port ${port}: ${stderr}`);

    const composeCheck = readComposeFile(join(ROOT, 'compose.yaml')).services.api?.healthcheck?.test;
    const composePath = new URL(/https?:\/\/[^'"\s)]+/.exec([composeCheck ?? []].flat().join(' '))?.[0] ?? 'http://x/none').pathname;
    const paths = [api.startupProbe, api.readinessProbe, api.livenessProbe].map((p) => p?.httpGet?.path ?? '(none)');
    for (const path of new Set([...paths, composePath])) assert.equal((await get(`${base}${path}`)).status, 200, path);

    const authorization = `Basic ${Buffer.from(`prober:${password}`).toString('base64')}`;
    const prediction = await get(`${base}/prediction?model_name=lr_global&comment=${encodeURIComponent('Disneyland is a magical world!')}`, authorization);
    assert.equal(prediction.status, 200, prediction.body);
    assert.match((JSON.parse(prediction.body) as Record<string, string>)['rating prediction'] ?? '', /^[1-5]$/);
    assert.equal((await get(`${base}/metrics`, authorization)).status, 200, '/metrics answers a reader');
    assert.equal((await get(`${base}/metrics`)).status, 401, '/metrics needs a user');

    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, `serve exits 0 after SIGTERM: ${stderr}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
