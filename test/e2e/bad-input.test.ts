/**
 * Throws a few hundred malformed requests at a real server on 127.0.0.1 (raw TCP, so nothing is
 * tidied up by a client library): bad UTF-8 in query and body, huge values, missing and repeated
 * parameters, wrong types, odd headers, garbage bodies, wrong content types, path traversal-ish
 * names, broken HTTP. Every answer must be a 4xx with a JSON `{code, message, requestId}` body, and the
 * server must still be ready afterwards. Bounded: one request at a time, each with a time limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createTestModelSet } from '../../test-support/test-model-set.js';
import { READER_AUTH, basicAuth, createTestUserStore } from '../../test-support/http.js';

let server: RunningServer;

before(async () => {
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    users: await createTestUserStore(),
    loadModels: async () => createTestModelSet(),
    processMetrics: false,
    // Many requests below carry bad credentials on purpose; the limiter has its own tests.
    auth: { maxFailures: 100_000 },
  });
});
after(async () => {
  await server.app.close();
});

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends raw bytes on a fresh connection and reads one response (or what came before the close). */
function exchange(request: Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      const text = received.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = text.slice(0, end).split('\r\n');
      const header = (name: string): string | undefined =>
        lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
      const length = Number(header('content-length') ?? NaN);
      const rest = received.subarray(Buffer.byteLength(text.slice(0, end + 4)));
      if (!Number.isFinite(length) || rest.length < length) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(lines[0]?.split(' ')[1]), contentType: header('content-type') ?? '', body: rest.subarray(0, length).toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      finish();
    });
    socket.on('error', () => {
      // A reset after the answer was read is fine; without an answer the timer reports it.
    });
    socket.on('close', () => {
      finish();
    });
    socket.write(request);
  });
}

const AUTH = `Authorization: ${READER_AUTH}\r\n`;

function get(target: string | Buffer, headers = AUTH): Buffer {
  return Buffer.concat([Buffer.from('GET '), Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'), Buffer.from(` HTTP/1.1\r\nHost: test\r\n${headers}Connection: close\r\n\r\n`, 'latin1')]);
}

function post(target: string, contentType: string | undefined, body: Buffer | string, headers = AUTH): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const type = contentType === undefined ? '' : `Content-Type: ${contentType}\r\n`;
  return Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\nHost: test\r\n${headers}${type}Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`, 'latin1'), bytes]);
}

/** The malformed requests, each with a label for failure messages. */
function badRequests(): Array<[string, Buffer]> {
  const cases: Array<[string, Buffer]> = [];
  const add = (label: string, request: Buffer): void => void cases.push([label, request]);

  // Bad UTF-8 and bad percent-encoding in the query string.
  const badEscapes = ['%FF', '%FE%FF', '%C3%28', '%A0%A1', '%E2%28%A1', '%E2%82%28', '%F0%28%8C%BC', '%F0%90%28%BC', '%F8%A1%A1%A1%A1', '%ED%A0%80', '%ED%BF%BF', '%C0%AF', '%E0%80%AF', '%', '%2', '%G0', '%%', 'a%00b', '%1B%5B31m', '%7F'];
  for (const escape of badEscapes) {
    add(`comment ${escape}`, get(`/prediction?model_name=best&comment=${escape}`));
    add(`model_name ${escape}`, get(`/performance?model_name=${escape}`));
  }
  for (const bytes of [[0xff], [0xc3, 0x28], [0xe9], [0x80, 0x81], [0x01]]) {
    add(`raw bytes ${bytes.join(',')} in the query`, get(Buffer.concat([Buffer.from('/prediction?model_name=best&comment=x'), Buffer.from(bytes)])));
  }

  // Missing, empty, repeated, oversized and wrongly typed parameters.
  for (const query of ['', 'model_name=best', 'comment=hi', 'model_name=best&comment=', 'model_name=best&comment=+++', 'model_name=best&comment=%20%0A%09', 'model_name=&comment=hi', 'model_name=best&model_name=lr_global&comment=hi', 'model_name=best&comment=a&comment=b', `model_name=best&comment=${'x'.repeat(20_001)}`, `model_name=${'m'.repeat(201)}&comment=hi`]) {
    add(`prediction ?${query.slice(0, 40)}`, get(`/prediction?${query}`));
  }
  for (const query of ['', 'model_name=', 'model_name=best&model_name=best', `model_name=${'m'.repeat(500)}`]) add(`performance ?${query.slice(0, 30)}`, get(`/performance?${query}`));

  // Unknown and traversal-ish model names, in the query and in the path.
  const names = ['..', '../..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fmanifest.json', '%2Fetc%2Fpasswd', 'C%3A%5Cwindows', 'lr_global%2F..%2Frf_global', 'lr_global.bin', 'manifest.json', 'best%20', 'BEST', 'lr_global%3Bdrop', '%24%7Bjndi%3Aldap%3A%2F%2Fx%7D', '__proto__', 'constructor', 'toString'];
  for (const name of names) {
    add(`performance model ${name}`, get(`/performance?model_name=${name}`));
    add(`v1 model ${name}`, get(`/v1/models/${name}`));
    add(`v1 predict ${name}`, post(`/v1/models/${name}/predict`, 'application/json', '{"reviews":[{"text":"hi"}]}'));
  }
  add('raw traversal in the path', get('/v1/models/../../etc/passwd'));
  add('overlong path parameter', get(`/v1/models/${'a'.repeat(300)}`));
  add('bad escape in the path', get('/v1/models/%ZZ'));
  add('bad UTF-8 in the path', get('/v1/models/%C3%28'));

  // Bodies: garbage, bad UTF-8, wrong shapes and types, huge values.
  const predict = '/v1/models/best/predict';
  const bodies: Array<[string, Buffer | string]> = [
    ['empty', ''],
    ['not JSON', 'hello'],
    ['truncated JSON', '{"reviews":[{"text":"hi"'],
    ['trailing garbage', '{"reviews":[]} x'],
    ['single quotes', "{'reviews': []}"],
    ['NaN', '{"reviews": NaN}'],
    ['bad UTF-8', Buffer.from([0x7b, 0x22, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x73, 0x22, 0x3a, 0x5b, 0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x5d, 0x7d])],
    ['overlong UTF-8', Buffer.concat([Buffer.from('{"reviews":[{"text":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}]}')])],
    ['UTF-16 with BOM', Buffer.from('\ufeff{"reviews":[]}', 'utf16le')],
    ['random bytes', Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 151 + 7) % 256))],
    ['null', 'null'],
    ['number', '42'],
    ['string', '"reviews"'],
    ['array', '[{"text":"hi"}]'],
    ['no reviews', '{}'],
    ['reviews null', '{"reviews":null}'],
    ['reviews object', '{"reviews":{"text":"hi"}}'],
    ['reviews string', '{"reviews":"hi"}'],
    ['empty batch', '{"reviews":[]}'],
    ['text number', '{"reviews":[{"text":5}]}'],
    ['text array', '{"reviews":[{"text":["a"]}]}'],
    ['text null', '{"reviews":[{"text":null}]}'],
    ['text empty', '{"reviews":[{"text":""}]}'],
    ['text blank', '{"reviews":[{"text":"  \\n "}]}'],
    ['text with NUL', '{"reviews":[{"text":"a\\u0000b"}]}'],
    ['text with escape code', '{"reviews":[{"text":"\\u001b[2J"}]}'],
    ['text too long', JSON.stringify({ reviews: [{ text: 'y'.repeat(20_001) }] })],
    ['batch too large', JSON.stringify({ reviews: Array.from({ length: 1001 }, () => ({ text: 'ok' })) })],
    ['branch number', '{"reviews":[{"text":"hi","branch":3}]}'],
    ['branch too long', JSON.stringify({ reviews: [{ text: 'hi', branch: 'b'.repeat(101) }] })],
    ['unknown review field', '{"reviews":[{"text":"hi","rating":5}]}'],
    ['unknown top field', '{"reviews":[{"text":"hi"}],"model":"x"}'],
    ['proto poisoning', '{"__proto__":{"admin":true},"reviews":[{"text":"hi"}]}'],
    ['constructor poisoning', '{"constructor":{"prototype":{"admin":true}},"reviews":[{"text":"hi"}]}'],
    ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['body over 5 MB', `{"reviews":[{"text":"${'z'.repeat(5 * 1024 * 1024 + 10)}"}]}`],
  ];
  for (const [label, body] of bodies) add(`body ${label}`, post(predict, 'application/json', body));
  for (const query of ['explain=maybe', 'explain=1', 'explain=', 'topTerms=0', 'topTerms=-1', 'topTerms=51', 'topTerms=1e9', 'topTerms=2.5', 'topTerms=ten', 'explain=true&explain=false']) {
    add(`predict ?${query}`, post(`${predict}?${query}`, 'application/json', '{"reviews":[{"text":"magical"}]}'));
  }

  // Wrong content types.
  const json = '{"reviews":[{"text":"hi"}]}';
  for (const type of [undefined, 'text/plain', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/xml', 'application/octet-stream', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/jsonx', 'json', '*/*', 'image/png']) {
    add(`content-type ${String(type)}`, post(predict, type, json));
  }

  // Credentials: missing, malformed, wrong, oversized.
  const authHeaders = [
    '',
    'Authorization: \r\n',
    'Authorization: Basic\r\n',
    'Authorization: Basic !!!!\r\n',
    'Authorization: Basic Ym9i\r\n',
    'Authorization: Basic Ym9iOmJ1aWxkZXI\r\n',
    'Authorization: Bearer eyJhbGciOiJub25lIn0.e30.\r\n',
    'Authorization: Digest username="bob"\r\n',
    `Authorization: ${basicAuth('alice', 'wrong')}\r\n`,
    `Authorization: ${basicAuth('nobody', 'wonderland-reader')}\r\n`,
    `Authorization: ${basicAuth('', '')}\r\n`,
    `Authorization: Basic ${'QUFB'.repeat(1000)}\r\n`,
    `Authorization: ${basicAuth('alice:x', 'y')}\r\n`,
    'Authorization: Basic \u00e9\u00e9\u00e9\u00e9\r\n',
  ];
  for (const header of authHeaders) {
    add(`auth ${JSON.stringify(header.slice(15, 40))} on /permission`, get('/permission', header));
    add(`auth ${JSON.stringify(header.slice(15, 40))} on /v1/models`, get('/v1/models', header));
  }
  add('reader on the admin route', post('/v1/admin/reload', undefined, ''));

  // Unknown routes and methods.
  for (const [method, target] of [['PUT', '/prediction'], ['DELETE', '/v1/models/best'], ['PATCH', '/'], ['GET', '/v2/models'], ['GET', '/admin'], ['GET', '/.env'], ['GET', '/prediction/'], ['OPTIONS', '/v1/models'], ['GET', '//etc/passwd'], ['TRACE', '/']]) {
    add(`${method} ${target}`, Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: test\r\n${AUTH}Connection: close\r\n\r\n`, 'latin1'));
  }

  // Broken HTTP.
  const broken = [
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\nHost: test\r\n\r\n',
    'GET / HTTP/1.1\r\nNo-Colon-Header\r\n\r\n',
    'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
    `GET / HTTP/1.1\r\nHost: test\r\nX-Huge: ${'h'.repeat(300 * 1024)}\r\n\r\n`,
    'GET /\u0001 HTTP/1.1\r\nHost: test\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
    'GET / HTTP/1.1\r\nHost: test\r\nContent-Length: -1\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
    `POST ${predict} HTTP/1.1\r\nHost: test\r\n${AUTH}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    'G\u00c9T / HTTP/1.1\r\nHost: test\r\n\r\n',
    ' / HTTP/1.1\r\nHost: test\r\n\r\n',
  ];
  for (const raw of broken) add(`broken HTTP ${JSON.stringify(raw.slice(0, 30))}`, Buffer.from(raw, 'latin1'));
  return cases;
}

test('at least 200 malformed requests each get a 4xx JSON error, and the server stays ready', async (t) => {
  const cases = badRequests();
  assert.ok(cases.length >= 200, `only ${cases.length} cases`);
  const started = Date.now();
  const codes = new Map<string, number>();
  for (const [label, request] of cases) {
    const answer = await exchange(request);
    assert.ok(answer.status >= 400 && answer.status < 500, `${label}: status ${answer.status} ${answer.body.slice(0, 200)}`);
    assert.match(answer.contentType, /^application\/json/, `${label}: content-type ${answer.contentType}`);
    const body = JSON.parse(answer.body) as { code?: unknown; message?: unknown; requestId?: unknown };
    assert.equal(typeof body.code, 'string', `${label}: ${answer.body.slice(0, 200)}`);
    assert.equal(typeof body.message, 'string', label);
    // Malformed HTTP and oversized headers never reach the router, yet get a request id to quote.
    assert.ok(typeof body.requestId === 'string' && /^[\w.:-]{1,128}$/.test(body.requestId), `${label}: no requestId in ${answer.body.slice(0, 200)}`);
    assert.match(body.code as string, /^[A-Z_]+$/);
    codes.set(body.code as string, (codes.get(body.code as string) ?? 0) + 1);
  }
  assert.ok(Date.now() - started < 60_000, 'bounded in time');
  t.diagnostic(`${cases.length} malformed requests in ${Date.now() - started} ms: ${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  // The batch covers every family of client error.
  for (const code of ['INVALID_REQUEST', 'VALIDATION_FAILED', 'EMPTY_COMMENT', 'UNKNOWN_MODEL', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'HEADERS_TOO_LARGE']) {
    assert.ok(codes.has(code), `no ${code} among ${[...codes.keys()].join(', ')}`);
  }

  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 200);
  const prediction = await fetch(`${server.url}/prediction?model_name=best&comment=${encodeURIComponent('Disneyland is a magical world!')}`, { headers: { authorization: READER_AUTH } });
  assert.deepEqual(await prediction.json(), { model: 'best', comment: 'Disneyland is a magical world!', 'rating prediction': '5' });
});
