import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { repoPath } from '../../test-support/paths.js';
import { checkNginxConfig, findNginx, nginxArgs, parseAccessLog, renderNginxConfig, summarizeAccessLog } from '../replicas/nginx.js';

const TEMPLATE = readFileSync(repoPath('deploy/nginx/replicas.conf.template'), 'utf8');
const NGINX = findNginx(process.env);
const NO_NGINX = NGINX === undefined ? 'nginx is not installed (apt-get install -y nginx)' : false;

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'review-stars-nginx-'));
  chmodSync(dir, 0o755);
  return dir;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return address.port;
}

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the template renders one upstream server line per replica and leaves no placeholder', () => {
  const text = renderNginxConfig(TEMPLATE, { prefix: '/tmp/rs', listenPort: 8080, upstreamPorts: [9001, 9002, 9003] });
  assert.equal(text.match(/^\s+server 127\.0\.0\.1:\d+ max_fails=1 fail_timeout=2s;$/gm)?.length, 3);
  assert.match(text, /listen 127\.0\.0\.1:8080;/);
  assert.match(text, /proxy_next_upstream error timeout http_502 http_503 http_504;/);
  assert.match(text, /keepalive \d+;/);
  assert.doesNotMatch(text, /\{\{/);
  assert.throws(() => renderNginxConfig(TEMPLATE, { prefix: '/tmp/a b', listenPort: 8080, upstreamPorts: [9001] }), /must not contain/);
  assert.throws(() => renderNginxConfig(TEMPLATE, { prefix: '/tmp/rs', listenPort: 8080, upstreamPorts: [] }), /at least one/);
  assert.throws(() => renderNginxConfig(`${TEMPLATE}{{EXTRA}}`, { prefix: '/tmp/rs', listenPort: 8080, upstreamPorts: [1] }), /unknown placeholder \{\{EXTRA\}\}/);
});

test('access log lines parse into every attempted replica, and the summary counts retries per replica', () => {
  const entries = parseAccessLog(
    [
      '1700000000.100 200 "GET /prediction" "127.0.0.1:9001" "200" 0.003',
      '1700000000.200 200 "GET /prediction" "127.0.0.1:9002, 127.0.0.1:9003" "502, 200" 0.010',
      '1700000000.300 499 "GET /prediction" "127.0.0.1:9001" "-" 0.001',
      '',
    ].join('\n'),
  );
  assert.equal(entries.length, 3);
  assert.deepEqual(entries[1]?.attempts, [
    { upstream: '127.0.0.1:9002', status: '502' },
    { upstream: '127.0.0.1:9003', status: '200' },
  ]);
  assert.equal(entries[0]?.atMs, 1700000000100);
  const summary = summarizeAccessLog(entries, (_e, upstream) => upstream.slice(-4));
  assert.deepEqual(summary, {
    total: 3,
    statuses: { 200: 2, 499: 1 },
    perReplica: { 9001: 1, 9003: 1 },
    retried: 1,
    failedAttempts: { '9002 answered 502': 1 },
  });
  assert.throws(() => parseAccessLog('garbage\n'), /unexpected access log line/);
});

test('nginx accepts the rendered configuration (nginx -t)', { skip: NO_NGINX }, () => {
  const dir = scratchDir();
  try {
    const config = join(dir, 'nginx.conf');
    writeFileSync(config, renderNginxConfig(TEMPLATE, { prefix: dir, listenPort: 18080, upstreamPorts: [18081, 18082] }));
    assert.equal(checkNginxConfig(NGINX as string, dir, config), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a GET that a replica drops or answers 503 is retried on the next replica; a POST is not', { skip: NO_NGINX }, async () => {
  const dir = scratchDir();
  // Replica A: drops GET connections (as a killed process does) and answers POST with 503; B answers.
  const dropping = createServer((req, res) => (req.method === 'GET' ? req.socket.destroy() : res.writeHead(503).end('draining')));
  const draining = createServer((_req, res) => res.writeHead(503, { connection: 'close' }).end('draining'));
  const healthy = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  let nginx: ChildProcess | undefined;
  try {
    const [dropPort, drainPort, okPort] = [await listen(dropping), await listen(draining), await listen(healthy)];
    const probe = createServer();
    const listenPort = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const config = join(dir, 'nginx.conf');
    // fail_timeout 0: nginx keeps trying every replica in turn, so each request meets the broken ones.
    writeFileSync(config, renderNginxConfig(TEMPLATE, { prefix: dir, listenPort, upstreamPorts: [dropPort, drainPort, okPort], failTimeoutS: 0 }).replace(/max_fails=1/g, 'max_fails=0'));
    nginx = spawn(NGINX as string, nginxArgs(dir, config), { stdio: 'ignore' });
    let ready = false;
    for (let i = 0; i < 50 && !ready; i++) {
      ready = await get(listenPort, '/').then(
        () => true,
        () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100)),
      );
    }
    assert.ok(ready, 'nginx did not start');
    for (let i = 0; i < 6; i++) assert.deepEqual(await get(listenPort, `/prediction?i=${i}`), { status: 200, body: 'ok' });
    const posts = await Promise.all([0, 1, 2].map(() => get(listenPort, '/v1/feedback', 'POST')));
    nginx.kill('SIGQUIT');
    await once(nginx, 'exit');
    nginx = undefined;

    const entries = parseAccessLog(readFileSync(join(dir, 'access.log'), 'utf8'));
    const gets = entries.filter((e) => e.method === 'GET' && e.uri === '/prediction');
    assert.equal(gets.length, 6);
    assert.ok(gets.every((e) => e.status === 200 && e.attempts.at(-1)?.upstream === `127.0.0.1:${okPort}`));
    assert.ok(gets.some((e) => e.attempts.length > 1), 'no GET was retried');
    // A POST whose replica answered 503 is passed on: nginx does not resend a non-idempotent request.
    assert.ok(posts.some((p) => p.status === 503), `every POST succeeded: ${JSON.stringify(posts)}`);
  } finally {
    nginx?.kill('SIGKILL');
    for (const server of [dropping, draining, healthy]) server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
