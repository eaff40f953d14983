import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTextFeatures } from '../text/features.js';
import { boundedSortedSample, buildModelReference, ENTROPY_EDGES, outOfVocabularyShare, probabilityEntropy, TEXT_LENGTH_EDGES } from './reference.js';

test('a bounded sample keeps every value when there are few, else evenly spaced order statistics with both ends', () => {
  assert.deepEqual(boundedSortedSample([3, 1, 2]), [1, 2, 3]);
  const many = Array.from({ length: 5001 }, (_, i) => 5000 - i);
  const sample = boundedSortedSample(many, 11);
  assert.deepEqual(sample, [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
});

test('the reference holds the predicted shares, entropy and length distributions and the OOV share of the test rows', () => {
  // Short reviews written for this test.
  const texts = ['magical castle', 'rude staff and dirty toilets', 'magical parade and lovely castle', 'zzz qqq'];
  const { features } = fitTextFeatures(texts.slice(0, 3), { weighting: 'count', ngramRange: [1, 1], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'nltk', sublinearTf: false, binary: false });
  const proba = [0, 0, 0, 0, 1, 0.8, 0.2, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.2, 0.2, 0.2, 0.2, 0.2];
  const r = buildModelReference(proba, [4, 0, 3, 0], texts, features);
  assert.equal(r.rows, 4);
  assert.deepEqual(r.predictedDistribution, [0.5, 0, 0, 0.25, 0.25]);
  assert.deepEqual(r.entropy.sample, [0, Math.round(probabilityEntropy([0.8, 0.2, 0, 0, 0]) * 1e6) / 1e6, 1, Math.round(Math.log2(5) * 1e6) / 1e6]);
  assert.deepEqual(r.entropy.histogram.edges, ENTROPY_EDGES);
  assert.equal(r.entropy.histogram.counts[0], 1);
  assert.equal(r.entropy.histogram.counts[19], 1, 'the uniform row is in the last bin (closed on the right)');
  assert.deepEqual(r.textLength.sample, [7, 14, 28, 32]);
  assert.deepEqual(r.textLength.histogram.edges, TEXT_LENGTH_EDGES);
  assert.equal(r.textLength.histogram.counts[0], 4);
  assert.equal(r.oovShare.mean, 0.25, 'only the last text is all unknown');
  assert.deepEqual(r.oovShare.histogram.counts, [3, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

test('the OOV share counts the tokens (stop words dropped) that no term of the vectorizer contains, as the prediction log does', () => {
  // Short reviews written for this test.
  const { features } = fitTextFeatures(['The parade was magical and the castle was lovely', 'Long queues, rude staff'], {
    weighting: 'count', ngramRange: [1, 2], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'nltk', sublinearTf: false, binary: false,
  });
  assert.equal(outOfVocabularyShare(features, 'The castle was magical'), 0);
  // "castle" known; "dragons", "everywhere", "near" unknown; "the", "were" are stop words.
  assert.equal(outOfVocabularyShare(features, 'The dragons were everywhere near the castle'), 3 / 4);
  assert.equal(outOfVocabularyShare(features, 'Le château était magnifique'), 1);
  assert.equal(outOfVocabularyShare(features, 'the and was'), 0, 'no token: none unknown');
});
