import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildTestApp } from '../../../test-support/http.js';
import { withTempDir } from '../../../test-support/temp-dir.js';

async function writeBuiltConsole(dir: string): Promise<void> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="assets/main-ABCD1234.js"></script>');
  await writeFile(join(dir, 'assets/main-ABCD1234.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  await writeFile(join(dir, 'assets/notes.txt'), 'not a served type');
}

test('the page is revalidated every time, hashed assets are cached for a year, both gzipped on request', async () => {
  await withTempDir('review-stars-ui-', async (dir) => {
    await writeBuiltConsole(dir);
    const { app } = await buildTestApp({ console: { filesDir: dir } });
    try {
      const page = await app.inject({ method: 'GET', url: '/ui/' });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-cache');
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
      assert.match(page.body, /<title>console<\/title>/);
      const asset = await app.inject({ method: 'GET', url: '/ui/assets/main-ABCD1234.js', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(asset.statusCode, 200);
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(asset.headers['content-encoding'], 'gzip');
      assert.match(gunzipSync(asset.rawPayload).toString('utf8'), /^console\.log\("x{2000}"\);$/);
      const plain = await app.inject({ method: 'GET', url: '/ui/assets/main-ABCD1234.js' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body.length, 2000 + 'console.log("");'.length);
    } finally {
      await app.close();
    }
  });
});

test('only the built assets are served: unknown names, other types and paths out of the folder are 404', async () => {
  await withTempDir('review-stars-ui-', async (dir) => {
    await writeBuiltConsole(dir);
    const { app } = await buildTestApp({ console: { filesDir: dir } });
    try {
      for (const url of ['/ui/assets/main-OTHER123.js', '/ui/assets/notes.txt', '/ui/assets/../index.html', '/ui/assets/%2e%2e/%2e%2e/package.json', '/ui/index.html']) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.match(String(res.headers['content-type']), /application\/json/, url);
      }
    } finally {
      await app.close();
    }
  });
});
