// End to end: the real `review-stars serve` on the committed default model set, on a free
// 127.0.0.1 port, checked by the real acceptance client (tools/acceptance/main) in a child process, as a
// deployment would be. Also the wrong-password and wrong-port runs that must fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORIGINAL_MODELS } from './checks.js';
import { CLI_MAIN, REPO_ROOT, repoPath } from '../../test-support/paths.js';

const REPO = REPO_ROOT;
const MAIN = repoPath('dist/tools/acceptance/main.js');
const MANIFEST = repoPath('models/default/manifest.json');
/** The development user that `serve --dev-user` creates. */
const DEV = { user: 'bob', password: 'builder' };

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment of a child: this one's, without any acceptance or users settings of the caller. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['API_ADDRESS', 'API_PORT', 'IP_ADRESS', 'IP_ADDRESS', 'IP_PORT', 'API_USER', 'API_PASSWORD', 'LOG', 'RESULTS_FILE', 'ACCEPTANCE_WAIT', 'REVIEW_STARS_USERS_FILE', 'REVIEW_STARS_DEV_USER']) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** Runs the acceptance client with `...args` to completion. */
function runAcceptanceCli(env: Record<string, string>, args: string[] = []): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: REPO, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('acceptance client against a real server', () => {
  let server: ChildProcess;
  let serverLog = '';
  let port = 0;
  let resultsDir = '';
  let manifest: { models: { name: string; metrics: { accuracy: number } }[] };

  before(async () => {
    manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as typeof manifest;
    resultsDir = await mkdtemp(join(tmpdir(), 'acceptance-e2e-'));
    port = await freePort();
    server = spawn(process.execPath, [CLI_MAIN, 'serve', '--models', 'models/default', '--host', '127.0.0.1', '--port', String(port), '--dev-user'], {
      cwd: REPO,
      env: childEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString('utf8')));
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString('utf8')));
  });

  after(async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await rm(resultsDir, { recursive: true, force: true });
  });

  const target = (): Record<string, string> => ({ API_ADDRESS: '127.0.0.1', API_PORT: String(port), API_USER: DEV.user });

  test('every check succeeds, the exit status is 0, and LOG=1 appends the same report to RESULTS_FILE', async () => {
    const resultsFile = join(resultsDir, 'results', 'log.txt');
    const run = await runAcceptanceCli({ ...target(), API_PASSWORD: DEV.password, LOG: '1', RESULTS_FILE: resultsFile }, ['--wait', '60s']);
    const models = manifest.models.length;
    const expectedChecks = 4 + 2 * models + ORIGINAL_MODELS.length + models;
    assert.equal(run.code, 0, `acceptance failed:\n${run.stdout}\n${run.stderr}\nserver log:\n${serverLog}`);
    assert.equal(count(run.stdout, '==> SUCCESS'), expectedChecks);
    assert.equal(count(run.stdout, '==> FAILURE'), 0);
    assert.ok(run.stdout.includes(`result   : SUCCESS: ${expectedChecks} checks, ${expectedChecks} SUCCESS, 0 FAILURE`));
    const logged = await readFile(resultsFile, 'utf8');
    assert.ok(run.stdout.startsWith(logged), 'the results file holds the printed report');
    assert.ok(!run.stdout.includes(DEV.password), 'the report never shows the password');
  });

  test("the scores compared are the registry's: each model's manifest accuracy appears in its performance check", async () => {
    const run = await runAcceptanceCli({ ...target(), API_PASSWORD: DEV.password }, ['--wait', '60s']);
    assert.equal(run.code, 0, run.stdout);
    for (const { name, metrics } of manifest.models) {
      const score = Math.round(metrics.accuracy * 100) / 100;
      assert.ok(run.stdout.includes(`expected : 200 {"model":"${name}","score":${score}} (registry accuracy ${metrics.accuracy} to 2 places)`), name);
      assert.match(run.stdout, new RegExp(`got {6}: 200 \\{"model":"${name}","score":${String(score).replace('.', '\\.')}\\}`));
    }
  });

  test('a wrong password fails every authenticated check and exits 1', async () => {
    const run = await runAcceptanceCli({ ...target(), API_PASSWORD: 'not-the-password' }, ['--wait', '60s']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /\[1\] .* the service is ready[^\n]*\n(?:.*\n){3}\s+==> SUCCESS/);
    assert.match(run.stdout, /\[2\] .* valid credentials are accepted\n(?:.*\n){2}\s+got {6}: 401 [^\n]*\n\s+==> FAILURE/);
    assert.match(run.stdout, /\[3\] .* invalid credentials are refused\n(?:.*\n){3}\s+==> SUCCESS/);
    assert.match(run.stdout, /result {3}: FAILURE: /);
    assert.equal(count(run.stdout, '==> SUCCESS'), 2, 'only readiness and the refusal of a wrong password succeed');
  });

  test('nothing listening on the port: every check fails and the exit status is 1', async () => {
    const closedPort = await freePort();
    const run = await runAcceptanceCli({ ...target(), API_PORT: String(closedPort), API_PASSWORD: DEV.password }, ['--wait', '300ms']);
    assert.equal(run.code, 1);
    assert.equal(count(run.stdout, '==> SUCCESS'), 0);
    assert.match(run.stdout, /no answer: (connect )?ECONNREFUSED/);
  });

  test('a bad setting stops the client before any request, with exit status 2 and the variable named', async () => {
    const run = await runAcceptanceCli({ ...target(), API_PORT: 'eighty', API_PASSWORD: DEV.password });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /INVALID_ARGUMENT: API_PORT/);
  });

  test('the service stops on SIGTERM with exit status 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    assert.equal(await exited, 0, serverLog);
  });
});
