import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READER_AUTH, buildTestApp } from '../../test-support/http.js';

test('the model list names the known branches, and a review naming another is refused with them', async () => {
  const { app } = await buildTestApp();
  try {
    const models = await app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: READER_AUTH } });
    const { branches } = models.json() as { branches: string[] };
    assert.ok(branches.length > 0);
    assert.deepEqual(branches, [...branches].sort());
    const predict = (branch: string): Promise<{ statusCode: number; json: () => unknown }> =>
      app.inject({ method: 'POST', url: '/v1/models/best/predict', headers: { authorization: READER_AUTH }, payload: { reviews: [{ text: 'Nice park.' }, { text: 'Fun rides.', branch }] } });
    assert.equal((await predict(branches[0]!)).statusCode, 200);
    const refused = await predict('Disneyland_Atlantis');
    assert.equal(refused.statusCode, 422);
    const body = refused.json() as { code: string; message: string; field: string; available: string[] };
    assert.equal(body.code, 'UNKNOWN_BRANCH');
    assert.equal(body.field, 'reviews.1.branch');
    assert.deepEqual(body.available, branches);
    assert.match(body.message, /unknown branch "Disneyland_Atlantis" \(review 1\): known branches are /);
  } finally {
    await app.close();
  }
});
