/**
 * End-to-end: `review-stars serve` as a real process on 127.0.0.1, with the committed default model
 * set, called over HTTP the way the original project's clients call it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/registry/model-set.js';
import { basicAuth } from '../../test-support/http.js';
import { DEFAULT_MODELS, missingDefaultModels, runCli, spawnServer, writeTestUsersFile, type SpawnedServer } from '../../test-support/spawn-server.js';

const skip = missingDefaultModels();
const READER = { name: 'alice', password: 'wonderland-e2e', role: 'reader' as const };
const ADMIN = { name: 'ops', password: 'ops-password-e2e', role: 'admin' as const };
const READER_AUTH = basicAuth(READER.name, READER.password);

let dir: string;
let usersFile: string;
let server: SpawnedServer;
let manifest: Manifest;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'review-stars-e2e-'));
  usersFile = join(dir, 'users.json');
  await writeTestUsersFile(usersFile, [READER, ADMIN]);
  if (skip) return;
  manifest = JSON.parse(await readFile(join(DEFAULT_MODELS, 'manifest.json'), 'utf8')) as Manifest;
  server = await spawnServer(['--users', usersFile]);
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0);
  await rm(dir, { recursive: true, force: true });
});

async function call(path: string, init: RequestInit & { auth?: string } = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers = new Headers(init.headers);
  if (init.auth) headers.set('authorization', init.auth);
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

test("the original clients' four checks pass against the real service and default models", { skip }, async () => {
  assert.deepEqual((await call('/')).body, { 'welcome to': 'Disneyland review rating prediction API', 'service status': 'Online' });
  assert.deepEqual((await call('/permission', { auth: READER_AUTH })).body, { credentials: 'valid' });
  const refused = await call('/permission', { auth: basicAuth(READER.name, 'not-it') });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('www-authenticate'), 'Basic realm="review-stars"');
  for (const model of manifest.models) {
    const performance = await call(`/performance?model_name=${model.name}`, { auth: READER_AUTH });
    assert.deepEqual(performance.body, { model: model.name, score: Math.round(model.metrics.accuracy * 100) / 100 });
    const comment = 'Disneyland is a magical world!';
    const prediction = await call(`/prediction?model_name=${model.name}&comment=${encodeURIComponent(comment)}`, { auth: READER_AUTH });
    assert.deepEqual(prediction.body, { model: model.name, comment, 'rating prediction': '5' }, model.name);
  }
});

/**
 * A client as the original project wrote them, in Python: query parameters encoded as `requests`
 * does (urlencode, + for spaces), Basic credentials built as `requests` builds them (latin-1, then
 * base64). Standard library only, so that it runs wherever python3 does.
 */
const PYTHON_CLIENT = `
import base64, json, os, sys, urllib.error, urllib.parse, urllib.request
base, user, password = os.environ['API'], os.environ['API_USER'], os.environ['API_PASSWORD']
def get(path, params=None, auth=(user, password)):
    url = base + path + ('?' + urllib.parse.urlencode(params) if params else '')
    request = urllib.request.Request(url)
    if auth:
        token = base64.b64encode(('%s:%s' % auth).encode('latin1')).decode('ascii')
        request.add_header('Authorization', 'Basic ' + token)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read().decode('utf-8'))
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode('utf-8'))
out = {
    'root': get('/', auth=None),
    'permission': get('/permission'),
    'refused': get('/permission', auth=(user, 'wrong password'))[0],
    'performance': get('/performance', {'model_name': 'lr_global'}),
    'prediction': get('/prediction', {'model_name': 'rf_global', 'comment': 'Disneyland is a magical world!'}),
    'accents': get('/prediction', {'model_name': 'best', 'comment': 'Café très magique & féerique: 100% génial!'}),
    'empty': get('/prediction', {'model_name': 'best', 'comment': ''}),
}
json.dump(out, sys.stdout)
`;

const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined;

test('a Python client written like the original ones works unchanged', { skip: skip || (python ? false : 'python3 is not installed') }, async () => {
  const run = spawnSync(python!, ['-c', PYTHON_CLIENT], { env: { ...process.env, API: server.url, API_USER: READER.name, API_PASSWORD: READER.password }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(out.root, [200, { 'welcome to': 'Disneyland review rating prediction API', 'service status': 'Online' }]);
  assert.deepEqual(out.permission, [200, { credentials: 'valid' }]);
  assert.equal(out.refused, 401);
  const lr = manifest.models.find((m) => m.name === 'lr_global')!;
  assert.deepEqual(out.performance, [200, { model: 'lr_global', score: Math.round(lr.metrics.accuracy * 100) / 100 }]);
  assert.deepEqual(out.prediction, [200, { model: 'rf_global', comment: 'Disneyland is a magical world!', 'rating prediction': '5' }]);
  const [status, accents] = out.accents as [number, Record<string, string>];
  assert.equal(status, 200);
  assert.equal(accents.comment, 'Café très magique & féerique: 100% génial!');
  assert.match(accents['rating prediction']!, /^[1-5]$/);
  const [emptyStatus, empty] = out.empty as [number, Record<string, string>];
  assert.deepEqual([emptyStatus, empty.code], [422, 'EMPTY_COMMENT']);
});

test('the v1 routes describe the default set and rate a batch with explanations', { skip }, async () => {
  const list = (await call('/v1/models', { auth: READER_AUTH })).body as { version: string; best: string; models: Array<{ name: string }> };
  assert.equal(list.version, manifest.version);
  assert.equal(list.best, manifest.best);
  assert.deepEqual(
    list.models.map((m) => m.name),
    manifest.models.map((m) => m.name),
  );
  const detail = (await call('/v1/models/best', { auth: READER_AUTH })).body as { name: string; metrics: { confusion: number[][] }; isBest: boolean };
  assert.equal(detail.name, manifest.best);
  assert.equal(detail.isBest, true);
  assert.equal(detail.metrics.confusion.length, 5);

  const reviews = [{ text: 'Magical day, wonderful parade and friendly staff!' }, { text: 'Rude staff, dirty toilets and endless queues. Never again.', branch: 'Disneyland_Paris' }];
  const res = await call('/v1/models/best/predict?explain=true&topTerms=3', { method: 'POST', auth: READER_AUTH, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reviews }) });
  assert.equal(res.status, 200);
  const body = res.body as { model: string; predictions: Array<{ rating: number; probabilities: Record<string, number>; expectedRating: number; explanation: unknown[] }> };
  assert.equal(body.model, manifest.best);
  assert.equal(body.predictions.length, 2);
  const [happy, angry] = body.predictions;
  assert.ok(happy!.rating >= 4 && angry!.rating <= 2, `${happy!.rating} / ${angry!.rating}`);
  for (const p of body.predictions) {
    const total = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-6);
    assert.ok(p.expectedRating >= 1 && p.expectedRating <= 5);
    assert.ok(p.explanation.length >= 1 && p.explanation.length <= 3);
  }
});

test('metrics show the requests made, the predictions by model and rating, and the model set version', { skip }, async () => {
  await call(`/prediction?model_name=lr_global&comment=${encodeURIComponent('Disneyland is a magical world!')}`, { auth: READER_AUTH });
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: READER_AUTH } });
  const text = await res.text();
  assert.match(text, /review_stars_http_requests_total\{method="GET",route="\/prediction",status="200"\} \d+/);
  assert.match(text, /review_stars_predictions_total\{model="lr_global",rating="5"\} \d+/);
  assert.match(text, new RegExp(`review_stars_model_set_info\\{version="${manifest.version}"\\} 1`));
  assert.match(text, /process_resident_memory_bytes \d+/);
});

test('the logs are JSON lines with request ids and never hold a password or an Authorization value', { skip }, async () => {
  await call('/permission', { auth: basicAuth(ADMIN.name, 'wrong-password-xyz') });
  await call('/permission', { auth: basicAuth(ADMIN.name, ADMIN.password) });
  await new Promise((r) => setTimeout(r, 200));
  const all = server.lines.join('\n');
  for (const secret of [READER.password, ADMIN.password, 'wrong-password-xyz', READER_AUTH.slice(6)]) assert.ok(!all.includes(secret), `logs hold ${secret}`);
  const access = server.logs().filter((l) => l.msg === 'request');
  assert.ok(access.length > 5);
  assert.ok(access.every((l) => typeof l.reqId === 'string' && typeof l.status === 'number'));
});

test('--dev-user accepts bob / builder (reader) with a loud warning, and nothing else changes', { skip }, async () => {
  const dev = await spawnServer(['--dev-user']);
  try {
    const res = await fetch(`${dev.url}/permission`, { headers: { authorization: basicAuth('bob', 'builder') } });
    assert.deepEqual(await res.json(), { credentials: 'valid' });
    const reload = await fetch(`${dev.url}/v1/admin/reload`, { method: 'POST', headers: { authorization: basicAuth('bob', 'builder') } });
    assert.equal(reload.status, 403);
    const warning = dev.logs().find((l) => l.level === 'warn' && String(l.msg).includes('DEVELOPMENT CREDENTIAL'));
    assert.ok(warning, 'a warning names the development credential');
    assert.ok(!dev.lines.join('\n').includes('builder'), 'the development password is not logged');
  } finally {
    assert.equal(await dev.stop(), 0);
  }
});

test("Swagger UI's page and static files are served by the real process (found next to their package, bundled or not)", { skip }, async () => {
  const page = await fetch(`${server.url}/docs`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Swagger UI/);
  const css = await fetch(`${server.url}/docs/static/swagger-ui.css`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  assert.ok((await css.text()).length > 10_000, 'the stylesheet is the real file');
  const spec = await call('/openapi.json');
  assert.equal(spec.status, 200);
  assert.ok(Object.hasOwn((spec.body as { paths: object }).paths, '/prediction'));
});

test('without any user and without --dev-user, serve refuses to start and says how to add one', async () => {
  const empty = join(dir, 'empty.json');
  await writeTestUsersFile(empty, []);
  const result = await runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--users', empty], { env: { REVIEW_STARS_DEV_USER: '' } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /error NO_USERS: no users in .*empty\.json: add one with `review-stars users add NAME/);
});

test('serve refuses bad flags with a message naming the flag, before doing anything else', async () => {
  // Every flag's checks are unit-tested in cli/serve.test.ts; here, that the process exits 2 with the message.
  const port = await runCli(['serve', '--host', '127.0.0.1', '--port', '65536']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /error INVALID_ARGUMENT: --port must be between 0 and 65535, got 65536/);
  const users = await runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--users', join(dir, 'absent.json')]);
  assert.equal(users.code, 2);
  assert.match(users.stderr, /USERS_FILE_INVALID: users file .*absent\.json does not exist/);
});
