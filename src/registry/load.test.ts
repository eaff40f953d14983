import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, truncateSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelSet } from './load.js';
import { writeModelSet } from './write.js';
import { trainModels } from '../train/pipeline.js';
import { loadReviews } from '../data/reviews-csv.js';
import { repoPath } from '../../test-support/paths.js';
import { syntheticReviews, writeReviewsCsv } from '../../test-support/synthetic-reviews.js';
import type { ModelSpec } from '../train/model-specs.js';
import { ORIGINAL_COUNTS, TFIDF_BIGRAMS } from '../train/model-specs.js';
import { isReviewStarsError, type ErrorCode } from '../core/errors.js';

const SPECS: ModelSpec[] = [
  { name: 'lr', algorithm: 'logistic_regression', branch: null, features: TFIDF_BIGRAMS, params: { C: 5, classWeight: null, maxIter: 200, tol: 1e-4 }, decoding: 'argmax', description: 'test' },
  { name: 'lr_median', algorithm: 'logistic_regression', branch: null, features: TFIDF_BIGRAMS, params: { C: 5, classWeight: 'balanced', maxIter: 200, tol: 1e-4 }, decoding: 'median', description: 'test' },
  { name: 'lr_shared_median', algorithm: 'logistic_regression', branch: null, features: TFIDF_BIGRAMS, params: { C: 5, classWeight: null, maxIter: 200, tol: 1e-4 }, decoding: 'median', sameFitAs: 'lr', description: 'test' },
  { name: 'lr_tuned', algorithm: 'logistic_regression', branch: null, features: TFIDF_BIGRAMS, params: { C: 5, maxIter: 200, tuneOffsets: true }, decoding: 'argmax', description: 'test' },
  { name: 'nb', algorithm: 'naive_bayes', branch: null, features: ORIGINAL_COUNTS, params: { alpha: 1 }, decoding: 'argmax', description: 'test' },
  { name: 'dt', algorithm: 'decision_tree', branch: null, features: ORIGINAL_COUNTS, params: { maxDepth: 6 }, decoding: 'argmax', description: 'test' },
  { name: 'rf_paris', algorithm: 'random_forest', branch: 'Disneyland_Paris', features: ORIGINAL_COUNTS, params: { nEstimators: 5, maxDepth: 4 }, decoding: 'argmax', description: 'test' },
];

async function trainInto(dir: string): Promise<void> {
  const csv = join(dir, 'reviews.csv');
  writeReviewsCsv(csv, syntheticReviews(400, 7));
  const loaded = await loadReviews(csv);
  const result = await trainModels(loaded, { seed: 3, testFraction: 0.25, specs: SPECS, workers: 0 });
  await writeModelSet(join(dir, 'set'), result, { file: 'reviews.csv', sha256: loaded.sha256, rowsRead: loaded.rowsRead, rowsSkipped: 0, rowsUsed: loaded.reviews.length });
}

function withSet(fn: (set: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-load-'));
    try {
      await trainInto(dir);
      await fn(join(dir, 'set'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function rejects(dir: string, code: ErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(loadModelSet(dir), (err: unknown) => isReviewStarsError(err, code) && pattern.test(err.message));
}

test(
  'a written model set loads back and its models rate texts with probabilities that sum to 1',
  withSet(async (dir) => {
    const set = await loadModelSet(dir);
    assert.deepEqual(set.names, ['lr', 'lr_median', 'lr_shared_median', 'lr_tuned', 'nb', 'dt', 'rf_paris']);
    assert.equal(set.get('lr_shared_median')?.entry.file, set.get('lr')?.entry.file, 'a shared fit is one file');
    assert.equal(set.get('lr_tuned')?.entry.classOffsets?.length, 5);
    assert.equal(set.get('best')?.entry.name, set.manifest.best);
    assert.equal(set.get('nope'), undefined);
    for (const name of set.names) {
      const p = set.get(name)?.predict('magical day, best holiday ever, absolutely loved it');
      assert.ok(p, name);
      assert.ok(Math.abs(p.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-9, name);
      assert.ok(p.expectedRating >= 1 && p.expectedRating <= 5);
    }
    // the synthetic vocabulary is clear enough for the linear model to separate the extremes
    assert.equal(set.get('lr')?.predict('magical, amazing day, wonderful castle, dream come true').rating, 5);
    assert.equal(set.get('lr')?.predict('terrible, rude staff, dirty toilets, never again').rating, 1);
  }),
);

test(
  'an explanation lists vocabulary terms with weights, largest first',
  withSet(async (dir) => {
    const set = await loadModelSet(dir);
    const p = set.get('lr')?.predict('terrible rude staff but magical castle', { explain: true, topTerms: 3 });
    assert.ok(p?.explanation);
    assert.ok(p.explanation.length > 0 && p.explanation.length <= 3);
    const weights = p.explanation.map((t) => Math.abs(t.weight));
    assert.deepEqual(weights, [...weights].sort((a, b) => b - a));
    for (const t of p.explanation) assert.match(t.term, /^[a-z ]+$/);
  }),
);

test('every model of the committed default set explains a review with terms of the review only (trees and forests included)', async (t) => {
  const defaultSet = repoPath('models/default');
  if (!existsSync(join(defaultSet, 'manifest.json'))) return t.skip('the committed default model set is missing');
  const set = await loadModelSet(defaultSet);
  for (const text of ['Great rides', 'The rides were closed and the staff was rude, but the parade was amazing.']) {
    const words = new Set(text.toLowerCase().match(/[a-z']+/g));
    for (const name of set.names) {
      const explanation = set.get(name)?.predict(text, { explain: true, topTerms: 50 }).explanation ?? [];
      for (const { term } of explanation) {
        assert.ok(term.split(' ').every((w) => words.has(w)), `${name} explains ${JSON.stringify(text)} with ${JSON.stringify(term)}, not in the text`);
      }
    }
  }
  // The trees do explain a text whose words lie on their paths.
  const rated = set.get('dt_global')?.predict('The rides were closed and the staff was rude, but the parade was amazing.', { explain: true, topTerms: 5 });
  assert.ok((rated?.explanation?.length ?? 0) > 0);
});

test(
  'the manifest records data, split, vectorizers, models and metrics',
  withSet(async (dir) => {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(m.format, 'review-stars/model-set');
    assert.match(m.version, /^[0-9a-f]{12}$/);
    assert.equal(m.data.rowsRead, 400);
    assert.equal(m.split.seed, 3);
    // every usable row is on one side of the split (a made-up text that repeats by chance is dropped)
    assert.equal(m.split.trainRows + m.split.testRows, m.data.rowsUsed);
    assert.equal(m.models[6].branch, 'Disneyland_Paris');
    assert.equal(m.models[6].vectorizer, 'count2000-Disneyland_Paris');
    for (const model of m.models) {
      assert.equal(model.metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0), model.metrics.n);
      assert.ok(existsSync(join(dir, model.file)));
    }
  }),
);

test(
  'a truncated model file is refused with an error naming it',
  withSet(async (dir) => {
    const file = join(dir, 'models', 'dt.rsm');
    truncateSync(file, 100);
    await rejects(dir, 'MODEL_FILE_INVALID', /dt\.rsm/);
  }),
);

test(
  'a model file whose bytes no longer match the manifest is refused',
  withSet(async (dir) => {
    const file = join(dir, 'models', 'nb.rsm');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    writeFileSync(file, bytes);
    await rejects(dir, 'MODEL_FILE_INVALID', /nb\.rsm.*sha256/);
  }),
);

test(
  'a manifest that is not JSON, or breaks the schema, or is missing, is refused',
  withSet(async (dir) => {
    const path = join(dir, 'manifest.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.length / 2));
    await rejects(dir, 'MODEL_SET_INVALID', /not valid JSON/);
    const m = JSON.parse(text);
    m.models[0].metrics.accuracy = 'high';
    writeFileSync(path, JSON.stringify(m));
    await rejects(dir, 'MODEL_SET_INVALID', /models\/0\/metrics\/accuracy/);
    const m2 = JSON.parse(text);
    m2.models[1].file = '../../etc/passwd';
    writeFileSync(path, JSON.stringify(m2));
    await rejects(dir, 'MODEL_SET_INVALID', /models\/1\/file/);
    rmSync(path);
    await rejects(dir, 'MODEL_SET_NOT_FOUND', /does not exist/);
  }),
);

test('training the same data with the same seed gives the same version and files', async () => {
  const a = mkdtempSync(join(tmpdir(), 'rs-repro-'));
  const b = mkdtempSync(join(tmpdir(), 'rs-repro-'));
  try {
    await trainInto(a);
    await trainInto(b);
    const ma = JSON.parse(readFileSync(join(a, 'set', 'manifest.json'), 'utf8'));
    const mb = JSON.parse(readFileSync(join(b, 'set', 'manifest.json'), 'utf8'));
    assert.equal(ma.version, mb.version);
    assert.deepEqual(ma.models, mb.models);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test(
  'train writes each model a monitoring reference on its test split, and loading checks it',
  withSet(async (dir) => {
    const set = await loadModelSet(dir);
    const testRows = set.manifest.split.testRows;
    for (const name of set.names) {
      const { entry } = set.get(name)!;
      const reference = entry.reference;
      assert.ok(reference, name);
      // A branch model is tested on its branch's rows only.
      assert.ok(entry.branch === null ? reference.rows === testRows : reference.rows < testRows, name);
      assert.ok(Math.abs(reference.predictedDistribution.reduce((a, b) => a + b, 0) - 1) < 1e-9, name);
      const predicted = entry.metrics.confusion.reduce((sum, row) => row.map((c, p) => c + (sum[p] as number)), [0, 0, 0, 0, 0]);
      assert.deepEqual(reference.predictedDistribution, predicted.map((c) => c / reference.rows), `${name}: shares of the confusion matrix's columns`);
      assert.equal(reference.textLength.histogram.counts.reduce((a, b) => a + b, 0), reference.rows);
      assert.equal(reference.entropy.sample.length, reference.rows);
      assert.ok(reference.oovShare.mean >= 0 && reference.oovShare.mean <= 1);
    }
    const path = join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8'));
    m.models[0].reference.textLength.sample.reverse();
    writeFileSync(path, JSON.stringify(m));
    await rejects(dir, 'MODEL_SET_INVALID', /reference of model lr is invalid: textLength: the sample is not sorted/);
    m.models[0].reference.textLength.sample.reverse();
    m.models[0].reference.entropy.histogram.counts.pop();
    writeFileSync(path, JSON.stringify(m));
    await rejects(dir, 'MODEL_SET_INVALID', /entropy: 19 counts for 20 bins/);
    // A set written before references existed still loads: its models have none.
    for (const model of m.models) delete model.reference;
    writeFileSync(path, JSON.stringify(m));
    const old = await loadModelSet(dir);
    assert.equal(old.get('lr')?.entry.reference, undefined);
  }),
);
