import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReviewStarsError } from '../core/errors.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { DEFAULT_STORE_URL, parseStoreUrl, redactStoreUrl, resolveStoreUrl } from './url.js';

describe('store URLs', () => {
  it('parses sqlite:PATH, postgres:// URLs and none; the printable form hides the password', () => {
    assert.deepEqual(parseStoreUrl('sqlite:./data/x.db'), { kind: 'sqlite', path: './data/x.db', display: 'sqlite:./data/x.db' });
    assert.deepEqual(parseStoreUrl(' none '), { kind: 'none', display: 'none' });
    const pg = parseStoreUrl('postgres://rs:s3cr%40t@db.internal:5432/reviews');
    assert.deepEqual(pg, { kind: 'postgres', url: 'postgres://rs:s3cr%40t@db.internal:5432/reviews', display: 'postgres://rs:***@db.internal:5432/reviews' });
    assert.equal(parseStoreUrl('postgresql://h/db').kind, 'postgres');
  });

  it('refuses unknown schemes and incomplete URLs without echoing a password', () => {
    for (const bad of ['mysql://u:pw@h/db', 'sqlite:', 'postgres://u:topsecret@/db', 'postgres://u:topsecret@host', 'file.db']) {
      assert.throws(
        () => parseStoreUrl(bad),
        (err) => isReviewStarsError(err, 'STORE_URL_INVALID') && !err.message.includes('topsecret') && !err.message.includes(':pw@'),
        bad,
      );
    }
    assert.equal(redactStoreUrl('postgres://u:p@ss@h/db'), 'postgres://u:***@h/db');
  });

  it('takes the flag, else the file REVIEW_STARS_STORE_FILE names, else REVIEW_STARS_STORE, else the default', async () => {
    await withTempDir('rs-url-', async (dir) => {
      const file = join(dir, 'store_url');
      await writeFile(file, 'postgres://rs:from-file@127.0.0.1:5432/rs\n');
      assert.equal(resolveStoreUrl('none', { REVIEW_STARS_STORE: 'sqlite:a.db' }).kind, 'none');
      assert.equal(resolveStoreUrl(undefined, { REVIEW_STARS_STORE: 'sqlite:a.db' }).display, 'sqlite:a.db');
      assert.equal(resolveStoreUrl(undefined, { REVIEW_STARS_STORE_FILE: file }).display, 'postgres://rs:***@127.0.0.1:5432/rs');
      assert.equal(resolveStoreUrl(undefined, {}).display, DEFAULT_STORE_URL);
      // A mounted secret wins over an image's default.
      assert.equal(resolveStoreUrl(undefined, { REVIEW_STARS_STORE: 'none', REVIEW_STARS_STORE_FILE: file }).kind, 'postgres');
      assert.throws(() => resolveStoreUrl(undefined, { REVIEW_STARS_STORE_FILE: join(dir, 'missing') }), (err) => isReviewStarsError(err, 'STORE_URL_INVALID') && /ENOENT/.test(err.message));
    });
  });
});
