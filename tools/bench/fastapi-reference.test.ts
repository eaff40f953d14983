// Tests of tools/reference/fastapi_service.py, run as the benchmark runs it (Debian's Python,
// uvicorn, one worker), trained on a tiny CSV of reviews written for this test (not dataset rows).
// Skipped when python3-fastapi, python3-uvicorn or python3-sklearn are not installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoPath } from '../paths.js';
import { findFreePort, httpRequest, startServer, type HttpAnswer, type ServerHandle } from './children.js';
import { DEV_USER, basicAuthorization } from './workload.js';

const SERVICE = repoPath('tools/reference/fastapi_service.py');
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, sklearn'], { encoding: 'utf8', timeout: 60_000 });
const skip = probe.status === 0 ? false : `needs ${PYTHON} with fastapi, uvicorn and sklearn (Debian's python3-fastapi, python3-uvicorn, python3-sklearn)`;

// Reviews written for this test: five-star ones praise, one-star ones complain, with distinct words.
const FIVE_STARS = [
  'Magical day, wonderful parade and friendly staff!',
  'Wonderful fireworks, magical castle, we loved every ride.',
  'Friendly cast members and a magical atmosphere, loved it.',
  'Loved the parade, the shows were wonderful and magical.',
  'A magical place, wonderful for kids, friendly and clean.',
  'Wonderful and magical, the best holiday we have had.',
  'Loved it, friendly people, magical rides, wonderful food.',
  'Magical and wonderful from opening to the fireworks.',
];
const ONE_STAR = [
  'Dirty toilets, rude staff and endless queues.',
  'Rude staff, dirty park and broken rides, awful.',
  'Awful queues, dirty paths and rude people everywhere.',
  'Broken rides and rude staff, an awful waste of money.',
  'Dirty, crowded and awful, the staff were rude.',
  'Awful day, broken attractions, dirty and overpriced.',
  'Rude cast members, awful food, dirty tables.',
  'Endless queues, broken rides, awful and dirty.',
];

function fixtureCsv(): string {
  const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;
  const rows = [
    ...FIVE_STARS.map((text, i) => `${1000 + i},5,2019-5,Nowhere,${quote(text)},Disneyland_Paris`),
    ...ONE_STAR.map((text, i) => `${2000 + i},1,2019-5,Nowhere,${quote(text)},Disneyland_Paris`),
    '3000,,2019-5,Nowhere,"A row without a rating is skipped.",Disneyland_Paris',
  ];
  return `Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch\r\n${rows.join('\r\n')}\r\n`;
}

describe('FastAPI + scikit-learn reference service', { skip }, () => {
  let dir: string | undefined;
  let server: ServerHandle | undefined;
  const auth: Record<string, string> = { authorization: basicAuthorization(DEV_USER.username, DEV_USER.password) };
  const get = (path: string, headers = auth): Promise<HttpAnswer> => httpRequest(`${server?.baseUrl}${path}`, { headers });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fastapi-reference-test-'));
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, fixtureCsv());
    const port = await findFreePort();
    server = await startServer({
      name: 'fastapi-reference',
      command: PYTHON,
      args: [SERVICE, '--port', String(port)],
      env: { ...process.env, REVIEWS_CSV: csv },
      port,
      readyPath: '/readyz',
      readyTimeoutMs: 120_000,
      pollMs: 50,
    });
  });

  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rates a praising comment 5 and a complaining one 1, with the original keys', async () => {
    const praise = await get(`/prediction?model_name=lr_global&comment=${encodeURIComponent('What a magical, wonderful day')}`);
    assert.equal(praise.status, 200);
    assert.deepEqual(JSON.parse(praise.body), { model: 'lr_global', comment: 'What a magical, wonderful day', 'rating prediction': '5' });
    const complaint = await get(`/prediction?model_name=lr_global&comment=${encodeURIComponent("Rude staff, dirty and awful. Don't go")}`);
    assert.equal(JSON.parse(complaint.body)['rating prediction'], '1');
  });

  it('refuses missing or wrong credentials with 401 and WWW-Authenticate: Basic', async () => {
    const missing = await get('/prediction?model_name=lr_global&comment=hello', {});
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Basic');
    const wrong = await get('/permission', { authorization: basicAuthorization('bob', 'nope') });
    assert.equal(wrong.status, 401);
    assert.deepEqual(JSON.parse((await get('/permission')).body), { credentials: 'valid' });
  });

  it('answers the welcome route, the performance of lr_global, and 404 / 422 for an unknown model or an empty comment', async () => {
    assert.deepEqual(JSON.parse((await get('/', {})).body), { 'welcome to': 'Disneyland review rating prediction API', 'service status': 'Online' });
    const performance = JSON.parse((await get('/performance?model_name=lr_global')).body);
    assert.equal(performance.model, 'lr_global');
    assert.ok(performance.score >= 0 && performance.score <= 1 && Math.round(performance.score * 100) === performance.score * 100);
    const unknown = await get('/prediction?model_name=rf_global&comment=hello');
    assert.equal(unknown.status, 404);
    assert.deepEqual(JSON.parse(unknown.body).available, ['lr_global']);
    assert.equal((await get('/prediction?model_name=lr_global&comment=%20')).status, 422);
  });
});
