import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, basicAuthHeader } from './api-client.js';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

test('the Basic header is base64 of user:password in UTF-8', () => {
  assert.equal(basicAuthHeader({ user: 'bob', password: 'builder' }), 'Basic Ym9iOmJ1aWxkZXI=');
  assert.equal(basicAuthHeader({ user: 'zoé', password: 'p' }), `Basic ${Buffer.from('zoé:p', 'utf8').toString('base64')}`);
});

test('a JSON body is sent with its content type and length, and a JSON answer is parsed', async () => {
  let seen: { method?: string; type?: string; length?: string; auth?: string; body: string } = { body: '' };
  const { server, url } = await serve((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen = { method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], auth: req.headers.authorization, body };
      res.writeHead(201, { 'content-type': 'application/json', 'x-extra': 'yes' });
      res.end('{"ok":true}');
    });
  });
  const client = new ApiClient(`${url}/`, 2000);
  try {
    const reply = await client.send({ method: 'POST', path: '/echo', auth: { user: 'u', password: 'p' }, body: { text: 'é' } });
    assert.equal(reply.kind, 'response');
    if (reply.kind !== 'response') return;
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.json, { ok: true });
    assert.equal(reply.headers['x-extra'], 'yes');
    assert.deepEqual(seen, { method: 'POST', type: 'application/json', length: '13', auth: 'Basic dTpw', body: '{"text":"é"}' });
  } finally {
    client.close();
    await stop(server);
  }
});

test('a body that is not JSON is kept as text, with no parsed value', async () => {
  const { server, url } = await serve((_req, res) => res.end('plain words'));
  const client = new ApiClient(url, 2000);
  try {
    const reply = await client.send({ method: 'GET', path: '/' });
    assert.equal(reply.kind === 'response' && reply.text, 'plain words');
    assert.equal(reply.kind === 'response' && reply.json, undefined);
  } finally {
    client.close();
    await stop(server);
  }
});

test('a server that never answers is a network error once the deadline passes', async () => {
  const { server, url } = await serve(() => {
    // never answers
  });
  const client = new ApiClient(url, 150);
  try {
    const reply = await client.send({ method: 'GET', path: '/slow' });
    assert.equal(reply.kind, 'network-error');
    assert.equal(reply.kind === 'network-error' && reply.message, 'no answer within 150 ms');
    assert.ok(reply.durationMs >= 140 && reply.durationMs < 2000, String(reply.durationMs));
  } finally {
    client.close();
    await stop(server);
  }
});
