// Bulk feedback from CSV files, on SQLite and PostgreSQL: by request id, by text hash, and every
// kind of bad row reported with its line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReviewStarsError } from '../core/errors.js';
import { STORE_BACKENDS } from '../../test-support/store-backends.js';
import { withTempDir } from '../../test-support/temp-dir.js';
import { importFeedbackCsv } from './feedback-import.js';
import { Store, type PredictionRecord } from './store.js';
import { reviewTextHash } from './text-hash.js';

function logged(requestId: string, index: number, text: string): PredictionRecord {
  return {
    requestId,
    index,
    createdAt: 1_000 + index,
    route: '/prediction',
    user: 'alice',
    modelAsked: 'best',
    model: 'lr_global',
    modelSetVersion: 'v1',
    rating: 3,
    probabilities: [0.1, 0.2, 0.4, 0.2, 0.1],
    expectedRating: 3,
    textLength: text.length,
    oovShare: 0,
    textSha256: reviewTextHash(text),
    text: null,
    branch: null,
    latencyMs: 1,
  };
}

for (const backend of STORE_BACKENDS) {
  describe(`feedback import on ${backend.name}`, { skip: backend.skip }, () => {
    it('labels predictions by request id and by text, and reports every row it could not apply with its line', async () => {
      await backend.withTarget(async (target) => {
        const store = await Store.open(target);
        try {
          await store.insertPredictions([logged('req-a', 0, 'Loved it'), logged('req-a', 1, 'Hated the queues'), logged('req-b', 0, 'Loved it')]);
          await withTempDir('rs-fb-', async (dir) => {
            const byId = join(dir, 'by-id.csv');
            await writeFile(byId, 'request_id,index,rating\nreq-a,1,2\nreq-a,1,2\nreq-a,,5\nreq-zzz,0,4\nreq-a,0,9\nbad id!,0,3\nreq-a,x,3\n');
            const first = await importFeedbackCsv(store, byId);
            assert.deepEqual(
              { rows: first.rows, recorded: first.recorded, unchanged: first.unchanged, replaced: first.replaced },
              { rows: 7, recorded: 2, unchanged: 1, replaced: 0 },
            );
            assert.deepEqual(first.unmatched.map((p) => p.line), [5]);
            assert.deepEqual(first.invalid.map((p) => p.line), [6, 7, 8]);
            assert.match(first.invalid[0]?.reason ?? '', /rating must be a whole number from 1 to 5, got "9"/);

            // The Kaggle file's own column names; a text matches every prediction of it, whatever its case and spacing.
            const byText = join(dir, 'by-text.csv');
            await writeFile(byText, 'Review_ID,Rating,Review_Text\n1,4,"loved   IT"\n2,1,"Never logged, this one"\n3,3,\n');
            const second = await importFeedbackCsv(store, byText);
            assert.deepEqual({ recorded: second.recorded, replaced: second.replaced }, { recorded: 1, replaced: 1 });
            assert.deepEqual(second.unmatched.map((p) => p.line), [3]);
            assert.deepEqual(second.invalid.map((p) => p.line), [4]);
            const labels = (await store.monitoredPredictions({ since: 0, until: 10_000 })).map((p) => p.trueRating);
            assert.deepEqual(labels, [4, 4, 2]);
          });
        } finally {
          await store.close();
        }
      });
    });

    it('refuses a file without the columns it needs, a missing file and one that is not UTF-8', async () => {
      await backend.withTarget(async (target) => {
        const store = await Store.open(target);
        try {
          await withTempDir('rs-fb-', async (dir) => {
            const noColumns = join(dir, 'no-columns.csv');
            await writeFile(noColumns, 'id,stars_given\n1,2\n');
            await assert.rejects(importFeedbackCsv(store, noColumns), (err) => isReviewStarsError(err, 'FEEDBACK_FILE_INVALID') && /needs a header/.test(err.message));
            await assert.rejects(importFeedbackCsv(store, join(dir, 'missing.csv')), (err) => isReviewStarsError(err, 'FEEDBACK_FILE_INVALID') && /ENOENT/.test(err.message));
            const latin1 = join(dir, 'latin1.csv');
            await writeFile(latin1, Buffer.from('text,rating\ncaf\xe9,5\n', 'latin1'));
            await assert.rejects(importFeedbackCsv(store, latin1), (err) => isReviewStarsError(err, 'FEEDBACK_FILE_INVALID') && /UTF-8/.test(err.message));
          });
        } finally {
          await store.close();
        }
      });
    });
  });
}
