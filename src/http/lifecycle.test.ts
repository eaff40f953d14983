import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { ReviewStarsError, isReviewStarsError } from '../core/errors.js';
import type { ModelSet } from '../registry/model-set.js';
import { handleFatalErrors, handleSignals } from './lifecycle.js';
import { startServer, type RunningServer } from './server.js';
import { createTestModelSet } from '../../test-support/test-model-set.js';
import { ADMIN_AUTH, READER_AUTH, buildTestApp, captureLogger, createTestUserStore } from '../../test-support/http.js';

/** Starts a real server on 127.0.0.1 whose loader serves the given sets in turn (an Error = a broken set). */
async function serveSets(sets: Array<ModelSet | Error>, options: { shutdownTimeoutMs?: number; drainDelayMs?: number } = {}): Promise<RunningServer & { loads: () => number }> {
  let loads = 0;
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    users: await createTestUserStore(),
    processMetrics: false,
    ...options,
    loadModels: async () => {
      const next = sets[Math.min(loads, sets.length - 1)] as ModelSet | Error;
      loads++;
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return Object.assign(server, { loads: () => loads });
}

/** A raw HTTP/1.1 exchange we control byte by byte (to keep a request in flight). */
class RawClient {
  private received = '';
  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (this.received += chunk));
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** Waits for one whole response (Content-Length framed); returns status, headers and body. */
  async response(timeoutMs = 5000): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.received.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = this.received.slice(0, end).split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of head.slice(1)) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (Buffer.byteLength(this.received.slice(end + 4)) >= length) {
          const body = this.received.slice(end + 4, end + 4 + length);
          this.received = this.received.slice(end + 4 + length);
          return { status: Number(head[0]!.split(' ')[1]), headers, body };
        }
      }
      if (Date.now() > deadline) throw new Error(`no complete response; got ${JSON.stringify(this.received.slice(0, 200))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Resolves when the server has closed the connection. */
  async closed(timeoutMs = 5000): Promise<boolean> {
    if (this.socket.readableEnded || this.socket.destroyed) return true;
    const timer = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
    return Promise.race([once(this.socket, 'close').then(() => true), timer]);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const PREDICT_BODY = JSON.stringify({ reviews: [{ text: 'Disneyland is a magical world!' }] });
const predictHead = (length: number) =>
  `POST /v1/models/best/predict HTTP/1.1\r\nHost: x\r\nAuthorization: ${READER_AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

test('a reload swaps in the new set; a request whose body was still arriving is answered by the set current when its handler runs', async () => {
  const server = await serveSets([createTestModelSet({ version: 'v1' }), createTestModelSet({ version: 'v2' })]);
  const client = await RawClient.open(server.port);
  try {
    client.write(predictHead(Buffer.byteLength(PREDICT_BODY)) + PREDICT_BODY.slice(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    const reload = await fetch(`${server.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: ADMIN_AUTH } });
    assert.equal(reload.status, 200);
    assert.deepEqual(((await reload.json()) as { version: string; previousVersion: string }).version, 'v2');
    client.write(PREDICT_BODY.slice(10));
    const inFlight = await client.response();
    assert.equal(inFlight.status, 200);
    assert.equal((JSON.parse(inFlight.body) as { version: string }).version, 'v2');
    const after = await fetch(`${server.url}/v1/models`, { headers: { authorization: READER_AUTH } });
    assert.equal(((await after.json()) as { version: string }).version, 'v2');
  } finally {
    client.destroy();
    await server.app.close();
  }
});

test('the reload counter counts reloads, not the start-up load', async () => {
  const server = await serveSets([createTestModelSet({ version: 'first' }), createTestModelSet({ version: 'second' })]);
  const metricsText = async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: READER_AUTH } })).text();
  try {
    assert.equal(server.loads(), 1);
    assert.doesNotMatch(await metricsText(), /review_stars_model_reloads_total\{result="success"\} [1-9]/, 'the start-up load is no reload');
    assert.equal((await fetch(`${server.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: ADMIN_AUTH } })).status, 200);
    assert.match(await metricsText(), /review_stars_model_reloads_total\{result="success"\} 1\n/);
  } finally {
    await server.app.close();
  }
});

test('a broken set is refused with 409 RELOAD_FAILED and the old set keeps serving', async () => {
  const broken = new ReviewStarsError('MODEL_FILE_INVALID', 'models/next/lr_global.bin is truncated');
  const server = await serveSets([createTestModelSet({ version: 'good' }), broken]);
  try {
    const res = await fetch(`${server.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: ADMIN_AUTH } });
    assert.equal(res.status, 409);
    const body = (await res.json()) as { code: string; message: string; cause: { code: string }; version: string };
    assert.equal(body.code, 'RELOAD_FAILED');
    assert.equal(body.cause.code, 'MODEL_FILE_INVALID');
    assert.equal(body.version, 'good');
    assert.match(body.message, /still serving model set good/);
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    const models = await fetch(`${server.url}/v1/models`, { headers: { authorization: READER_AUTH } });
    assert.equal(((await models.json()) as { version: string }).version, 'good');
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: READER_AUTH } })).text();
    assert.match(metrics, /review_stars_model_reloads_total\{result="failure"\} 1/);
    assert.match(metrics, /review_stars_model_set_info\{version="good"\} 1/);
  } finally {
    await server.app.close();
  }
});

test('a set that does not resolve its own names or best alias is refused too', async () => {
  const hollow = createTestModelSet({ version: 'hollow' });
  const server = await serveSets([createTestModelSet({ version: 'good' }), { ...hollow, get: () => undefined }]);
  try {
    await assert.rejects(server.lifecycle.reload(), (err: unknown) => isReviewStarsError(err, 'RELOAD_FAILED') && /cannot load it/.test(err.message));
    assert.equal(server.lifecycle.models?.manifest.version, 'good');
  } finally {
    await server.app.close();
  }
});

test('concurrent reloads share one load', async () => {
  const server = await serveSets([createTestModelSet({ version: 'a' }), createTestModelSet({ version: 'b' })]);
  try {
    const results = await Promise.all([server.lifecycle.reload(), server.lifecycle.reload(), server.lifecycle.reload()]);
    assert.deepEqual(
      results.map((r) => r.version),
      ['b', 'b', 'b'],
    );
    assert.equal(server.loads(), 2);
  } finally {
    await server.app.close();
  }
});

test('a first load that fails throws the loader error and leaves the service alive but not ready (load-failed)', async () => {
  await assert.rejects(serveSets([new ReviewStarsError('MODEL_SET_NOT_FOUND', 'no manifest.json in /nowhere')]), (err: unknown) => isReviewStarsError(err, 'MODEL_SET_NOT_FOUND'));
  const cold = await buildTestApp({ load: false, loadModels: async () => Promise.reject(new ReviewStarsError('MODEL_SET_INVALID', 'bad manifest')) });
  try {
    await assert.rejects(cold.lifecycle.loadInitial(), (err: unknown) => isReviewStarsError(err, 'MODEL_SET_INVALID'));
    const ready = await cold.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().reason, 'load-failed');
    assert.equal((await cold.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  } finally {
    await cold.app.close();
  }
});

test('shutdown: readiness fails at once, in-flight requests finish with Connection: close, idle sockets close after the grace, then the listener closes', async () => {
  const server = await serveSets([createTestModelSet()], { drainDelayMs: 200 });
  const idle = await RawClient.open(server.port);
  const busy = await RawClient.open(server.port);
  try {
    idle.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal((await idle.response()).status, 200);
    busy.write(predictHead(Buffer.byteLength(PREDICT_BODY)) + PREDICT_BODY.slice(0, 5));
    await new Promise((r) => setTimeout(r, 50));

    const shutdown = server.lifecycle.shutdown();
    const ready = await RawClient.open(server.port);
    ready.write(`GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n`);
    const readiness = await ready.response();
    assert.equal(readiness.status, 503);
    assert.equal((JSON.parse(readiness.body) as { reason: string }).reason, 'shutting-down');
    assert.equal(readiness.headers.connection, 'close');
    assert.equal(await idle.closed(), true, 'the idle keep-alive socket is closed once the idle grace is over');

    busy.write(PREDICT_BODY.slice(5));
    const answer = await busy.response();
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.connection, 'close');
    assert.equal(await busy.closed(), true);

    const result = await shutdown;
    assert.equal(result.forced, false);
    await assert.rejects(fetch(`${server.url}/healthz`));
  } finally {
    idle.destroy();
    busy.destroy();
  }
});

/**
 * A keep-alive client on a raw socket: sends `GET /healthz` again as soon as each answer is in
 * (after `pauseMs`), until an answer says `Connection: close`; records what a proxy would see.
 */
class KeepAliveLoop {
  sent = 0;
  answered = 0;
  lastConnection = '';
  errors: string[] = [];
  /** True once the server closed the socket with a request still unanswered. */
  lostRequest = false;
  readonly done: Promise<void>;
  private buffer = '';
  private stopped = false;

  constructor(
    private readonly socket: Socket,
    private readonly pauseMs: number,
    private readonly maxRequests: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('error', (err: NodeJS.ErrnoException) => this.errors.push(err.code ?? err.message));
    socket.on('data', (chunk: string) => this.onData(chunk));
    // Not events.once: it would reject on 'error', and a reset is what is recorded here.
    this.done = new Promise((resolve) => {
      socket.on('close', () => {
        if (this.sent > this.answered) this.lostRequest = true;
        resolve();
      });
    });
    this.send();
  }

  static async open(port: number, pauseMs: number, maxRequests = Number.POSITIVE_INFINITY): Promise<KeepAliveLoop> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new KeepAliveLoop(socket, pauseMs, maxRequests);
  }

  private send(): void {
    if (this.stopped || this.socket.destroyed || this.sent >= this.maxRequests) return;
    this.sent++;
    this.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.slice(0, end).toLowerCase();
      const length = Number(/content-length: *(\d+)/.exec(head)?.[1] ?? 0);
      if (this.buffer.length < end + 4 + length) return;
      this.buffer = this.buffer.slice(end + 4 + length);
      this.answered++;
      this.lastConnection = /\r\nconnection: *([a-z-]+)/.exec(head)?.[1] ?? '';
      if (this.lastConnection === 'close') this.stopped = true;
      else if (this.pauseMs === 0) this.send();
      else setTimeout(() => this.send(), this.pauseMs);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

test('shutdown under keep-alive load resets no connection: what arrives is answered with Connection: close, idle sockets are closed cleanly', async () => {
  const server = await serveSets([createTestModelSet()], { shutdownTimeoutMs: 8000 });
  // Back to back (the next request follows each answer at once), with a short pause, and idle
  // after one request: at the moment of shutdown each kind is between requests now and then.
  const loops = [
    ...(await Promise.all(Array.from({ length: 8 }, () => KeepAliveLoop.open(server.port, 0)))),
    ...(await Promise.all(Array.from({ length: 8 }, () => KeepAliveLoop.open(server.port, 2)))),
  ];
  const idle = await Promise.all(Array.from({ length: 4 }, () => KeepAliveLoop.open(server.port, 0, 1)));
  try {
    // Every connection accepted and answered at least once (on a busy machine this takes a while).
    for (let waited = 0; waited < 5000 && [...loops, ...idle].some((l) => l.answered < 1); waited += 10) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    const result = await server.lifecycle.shutdown();
    await Promise.all([...loops, ...idle].map((l) => l.done));
    assert.equal(result.forced, false);
    const broken = [...loops, ...idle]
      .map((loop, i) => ({ i, errors: loop.errors, lost: loop.lostRequest, sent: loop.sent, answered: loop.answered }))
      .filter((c) => c.errors.length > 0 || c.lost);
    assert.deepEqual(broken, [], `${broken.length} of ${loops.length + idle.length} connections were reset or lost a request`);
    for (const [i, loop] of loops.entries()) {
      assert.ok(loop.answered > 1, `connection ${i} was busy`);
      assert.equal(loop.lastConnection, 'close', `connection ${i}: its last answer said Connection: close`);
    }
    for (const loop of idle) assert.equal(loop.answered, 1);
  } finally {
    for (const loop of [...loops, ...idle]) loop.destroy();
  }
});

test('shutdown gives up on a request that never completes at the time limit and says so', async () => {
  const server = await serveSets([createTestModelSet()], { shutdownTimeoutMs: 300 });
  const stuck = await RawClient.open(server.port);
  try {
    stuck.write(predictHead(1000) + '{"reviews"');
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const result = await server.lifecycle.shutdown();
    assert.equal(result.forced, true);
    assert.ok(Date.now() - started < 2000);
    assert.equal(await stuck.closed(), true);
  } finally {
    stuck.destroy();
  }
});

test('SIGHUP reloads; SIGTERM shuts down and exits 0', async () => {
  const server = await serveSets([createTestModelSet({ version: 'one' }), createTestModelSet({ version: 'two' })]);
  const exits: number[] = [];
  const remove = handleSignals(server.lifecycle, server.app.log, (code) => exits.push(code));
  try {
    process.emit('SIGHUP');
    for (let i = 0; i < 100 && server.lifecycle.models?.manifest.version !== 'two'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.lifecycle.models?.manifest.version, 'two');
    process.emit('SIGTERM');
    for (let i = 0; i < 200 && exits.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(exits, [0]);
    assert.equal(server.lifecycle.state, 'shutting-down');
  } finally {
    remove();
    await server.app.close();
  }
});

test('an uncaught error or unhandled rejection logs one fatal line and exits 1, even if logging throws; the handler can be removed', () => {
  const before = process.listenerCount('uncaughtException');
  const lines: string[] = [];
  const exits: number[] = [];
  const remove = handleFatalErrors(captureLogger(lines), (code) => exits.push(code));
  const listener = process.listeners('uncaughtException').at(-1) as NodeJS.UncaughtExceptionListener;
  try {
    assert.equal(process.listenerCount('uncaughtException'), before + 1);
    // Called directly: emitting the event would reach the test runner's own handler too.
    listener(new Error('lost promise'), 'unhandledRejection');
    assert.deepEqual(exits, [1]);
    const fatal = lines.map((l) => JSON.parse(l) as { level: string; msg: string; origin: string; err: { message: string; stack: string } });
    assert.equal(fatal.length, 1);
    assert.deepEqual([fatal[0]!.level, fatal[0]!.msg, fatal[0]!.origin, fatal[0]!.err.message], ['fatal', 'uncaught error: exiting', 'unhandledRejection', 'lost promise']);
    assert.match(fatal[0]!.err.stack, /^Error: lost promise\n {4}at /);
  } finally {
    remove();
  }
  assert.equal(process.listenerCount('uncaughtException'), before);

  const throwingLog = captureLogger([]);
  throwingLog.fatal = () => {
    throw new Error('stdout is gone');
  };
  const removeThrowing = handleFatalErrors(throwingLog, (code) => exits.push(code));
  try {
    const onFatal = process.listeners('uncaughtException').at(-1) as NodeJS.UncaughtExceptionListener;
    assert.throws(() => onFatal(new Error('bug'), 'uncaughtException'), /stdout is gone/);
    assert.deepEqual(exits, [1, 1]);
  } finally {
    removeThrowing();
  }
});

