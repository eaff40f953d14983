/**
 * End-to-end lifecycle of `review-stars serve` as a real process: SIGTERM with requests in flight
 * (none dropped, exit 0), SIGHUP and POST /v1/admin/reload with a good and a broken model set, and
 * an error nothing caught (fatal log line, the lines before it kept, exit 1). Works on a copy of
 * the committed default set in a temporary folder.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/registry/model-set.js';
import { basicAuth } from '../../test-support/http.js';
import { DEFAULT_MODELS, missingDefaultModels, spawnServer, writeTestUsersFile } from '../../test-support/spawn-server.js';

const skip = missingDefaultModels();
const READER_AUTH = basicAuth('reader', 'reader-password');
const ADMIN_AUTH = basicAuth('admin', 'admin-password');

let dir: string;
let usersFile: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-stars-lifecycle-'));
  usersFile = join(dir, 'users.json');
  await writeTestUsersFile(usersFile, [
    { name: 'reader', password: 'reader-password', role: 'reader' },
    { name: 'admin', password: 'admin-password', role: 'admin' },
  ]);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const port = (url: string): number => Number(new URL(url).port);

/** Opens a connection and sends all of a POST predict request except its last `held` body bytes. */
async function startHeldRequest(url: string, reviews: number, held: number): Promise<{ socket: Socket; finish: () => Promise<{ status: number; body: string }> }> {
  const body = JSON.stringify({ reviews: Array.from({ length: reviews }, (_, i) => ({ text: `Review ${i}: a magical day, long queues but friendly staff.` })) });
  const socket = connect(port(url), '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = once(socket, 'close');
  socket.write(`POST /v1/models/best/predict HTTP/1.1\r\nHost: test\r\nAuthorization: ${READER_AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
  socket.write(body.slice(0, body.length - held));
  return {
    socket,
    finish: async () => {
      socket.write(body.slice(body.length - held));
      await closed; // the answer carries Connection: close during shutdown
      const status = Number(received.slice(9, 12));
      return { status, body: received.slice(received.indexOf('\r\n\r\n') + 4) };
    },
  };
}

test('SIGTERM: readiness fails at once, requests in flight and arriving during the drain are answered, then exit 0', { skip }, async () => {
  const server = await spawnServer(['--users', usersFile, '--drain-delay', '1500', '--shutdown-timeout', '10000']);
  const held = await Promise.all(Array.from({ length: 8 }, () => startHeldRequest(server.url, 50, 3)));
  const burst = Array.from({ length: 20 }, () =>
    fetch(`${server.url}/v1/models/best/predict`, {
      method: 'POST',
      headers: { authorization: READER_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ reviews: Array.from({ length: 200 }, (_, i) => ({ text: `Burst review ${i}, magical fireworks.` })) }),
    }),
  );
  await new Promise((r) => setTimeout(r, 100));
  server.child.kill('SIGTERM');
  const exited = server.exited;

  // During the drain: not ready, but new requests are still answered, with Connection: close.
  let readiness: Response | undefined;
  for (let i = 0; i < 50; i++) {
    readiness = await fetch(`${server.url}/readyz`);
    if (readiness.status === 503) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(readiness?.status, 503);
  assert.equal(((await readiness!.json()) as { reason: string }).reason, 'shutting-down');
  const during = await fetch(`${server.url}/prediction?model_name=best&comment=${encodeURIComponent('Disneyland is a magical world!')}`, { headers: { authorization: READER_AUTH } });
  assert.equal(during.status, 200);
  assert.equal(during.headers.get('connection'), 'close');

  const answers = await Promise.all(held.map((h) => h.finish()));
  for (const answer of answers) {
    assert.equal(answer.status, 200, answer.body.slice(0, 200));
    assert.equal((JSON.parse(answer.body) as { predictions: unknown[] }).predictions.length, 50);
  }
  const bursts = await Promise.all(burst);
  assert.deepEqual(
    bursts.map((r) => r.status),
    bursts.map(() => 200),
  );
  assert.equal(await exited, 0);
  const logs = server.logs();
  assert.ok(logs.some((l) => l.msg === 'shut down cleanly' && l.forced === false));
});

test('SIGHUP and the admin reload swap in a good set, and refuse a broken one while the old set keeps serving', { skip }, async () => {
  const models = join(dir, 'models');
  await cp(DEFAULT_MODELS, models, { recursive: true });
  const manifestPath = join(models, 'manifest.json');
  const original = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  const server = await spawnServer(['--users', usersFile, '--models', models]);
  const version = async (): Promise<string> => ((await (await fetch(`${server.url}/v1/models`, { headers: { authorization: READER_AUTH } })).json()) as { version: string }).version;
  try {
    assert.equal(await version(), original.version);

    // A good new set (same files, new version) via SIGHUP.
    await writeFile(manifestPath, JSON.stringify({ ...original, version: 'e2e-next' }));
    server.child.kill('SIGHUP');
    for (let i = 0; i < 100 && (await version()) !== 'e2e-next'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await version(), 'e2e-next');

    // A broken set: a model file cut short. SIGHUP logs the refusal; the admin route answers 409.
    const victim = join(models, original.models[0]!.file);
    await truncate(victim, 100);
    server.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !server.logs().some((l) => l.msg === 'model set refused; keeping the current one'); i++) await new Promise((r) => setTimeout(r, 50));
    const refusal = server.logs().find((l) => l.msg === 'model set refused; keeping the current one');
    assert.equal((refusal?.cause as { code?: string } | undefined)?.code, 'MODEL_FILE_INVALID');
    const forbidden = await fetch(`${server.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: READER_AUTH } });
    assert.equal(forbidden.status, 403);
    const refused = await fetch(`${server.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: ADMIN_AUTH } });
    assert.equal(refused.status, 409);
    const body = (await refused.json()) as { code: string; cause: { code: string }; version: string };
    assert.deepEqual([body.code, body.cause.code, body.version], ['RELOAD_FAILED', 'MODEL_FILE_INVALID', 'e2e-next']);
    assert.equal(await version(), 'e2e-next');
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const still = await fetch(`${server.url}/prediction?model_name=${original.models[0]!.name}&comment=${encodeURIComponent('Disneyland is a magical world!')}`, { headers: { authorization: READER_AUTH } });
    assert.equal(((await still.json()) as Record<string, string>)['rating prediction'], '5');

    // Repaired: the admin reload swaps it in.
    await cp(join(DEFAULT_MODELS, original.models[0]!.file), victim);
    await writeFile(manifestPath, JSON.stringify({ ...original, version: 'e2e-repaired' }));
    const reloaded = await fetch(`${server.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: ADMIN_AUTH } });
    assert.equal(reloaded.status, 200);
    assert.deepEqual(
      { ...((await reloaded.json()) as Record<string, unknown>), durationMs: 0 },
      { version: 'e2e-repaired', previousVersion: 'e2e-next', models: original.models.map((m) => m.name), durationMs: 0 },
    );
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('SIGHUP re-reads the users file: a removed user is refused at once (cached or not), a new one accepted, a broken file refused', { skip }, async () => {
  const rotating = join(dir, 'rotating-users.json');
  await writeTestUsersFile(rotating, [
    { name: 'reader', password: 'reader-password', role: 'reader' },
    { name: 'leaver', password: 'leaver-password', role: 'reader' },
  ]);
  const server = await spawnServer(['--users', rotating]);
  const status = async (auth: string): Promise<number> => (await fetch(`${server.url}/v1/models`, { headers: { authorization: auth } })).status;
  const waitForLog = async (msg: string, count: number): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 200 && server.logs().filter((l) => l.msg === msg).length < count; i++) await new Promise((r) => setTimeout(r, 25));
    const found = server.logs().filter((l) => l.msg === msg);
    assert.equal(found.length, count, `log line "${msg}" seen ${found.length} times`);
    return found[count - 1]!;
  };
  const LEAVER_AUTH = basicAuth('leaver', 'leaver-password');
  const JOINER_AUTH = basicAuth('joiner', 'joiner-password');
  try {
    assert.equal(await status(LEAVER_AUTH), 200); // now cached
    assert.equal(await status(JOINER_AUTH), 401);

    // The Secret is rotated: leaver removed, joiner added.
    await writeTestUsersFile(rotating, [
      { name: 'reader', password: 'reader-password', role: 'reader' },
      { name: 'joiner', password: 'joiner-password', role: 'reader' },
    ]);
    server.child.kill('SIGHUP');
    assert.equal((await waitForLog('users reloaded', 1)).users, 2);
    assert.equal(await status(LEAVER_AUTH), 401);
    assert.equal(await status(JOINER_AUTH), 200);

    // A broken users file is refused and the current users keep working.
    await writeFile(rotating, '{"users": [{"name": "x"');
    server.child.kill('SIGHUP');
    const refusal = await waitForLog('users file refused; keeping the current users', 1);
    assert.equal((refusal.cause as { code?: string }).code, 'USERS_FILE_INVALID');
    assert.equal(await status(JOINER_AUTH), 200);
    assert.equal(await status(READER_AUTH), 200);
    assert.ok(!server.lines.some((line) => line.includes('joiner-password')));
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('an error nothing catches is logged as fatal after the access lines still batched, and the process exits 1', { skip }, async () => {
  // A preloaded module turns SIGUSR2 into an exception thrown from a signal handler: a stand-in for
  // a bug in a callback, with no test-only code in the service itself.
  const preload = join(dir, 'throw-on-sigusr2.mjs');
  await writeFile(preload, "process.on('SIGUSR2', () => { throw new Error('thrown on SIGUSR2 by the test'); });\n");
  const server = await spawnServer(['--users', usersFile], { nodeArgs: ['--import', preload] });
  const ids = ['crash-test-1', 'crash-test-2', 'crash-test-3'];
  for (const id of ids) {
    const res = await fetch(`${server.url}/prediction?model_name=best&comment=magical`, { headers: { authorization: READER_AUTH, 'x-request-id': id } });
    assert.equal(res.status, 200);
  }
  // Sent at once: the access lines are still in the log batch (written every 250 ms at most).
  const code = await server.stop('SIGUSR2');
  assert.equal(code, 1);
  const logs = server.logs();
  const fatal = logs.find((l) => l.level === 'fatal');
  assert.ok(fatal, `no fatal line in:\n${server.lines.join('\n')}`);
  assert.equal(fatal.msg, 'uncaught error: exiting');
  assert.equal(fatal.origin, 'uncaughtException');
  assert.match(String((fatal.err as { message?: unknown } | undefined)?.message), /thrown on SIGUSR2 by the test/);
  const accessIds = logs.filter((l) => l.msg === 'request').map((l) => l.reqId);
  assert.deepEqual(accessIds.filter((id) => ids.includes(String(id))), ids);
  assert.ok(logs.indexOf(fatal) > logs.findIndex((l) => l.reqId === ids[2]), 'the fatal line comes after the access lines');
  const notJson = server.lines.filter((l) => !l.startsWith('{'));
  assert.deepEqual(notJson, [], 'no raw stack trace on the output, only JSON lines');
});

