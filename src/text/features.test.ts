import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Csr } from './csr.js';
import { TextSubsets, fitTextFeatures, type FeatureConfig } from './features.js';

// Short reviews written for these tests.
const TEXTS = [
  'The castle was magical, and the fireworks were magical too!',
  "Long queues and the rides didn't open. Not worth it.",
  'Great rides, great parade: a great day with the kids.',
  'Food was expensive but the parade was fun.',
  'Not magical at all: long queues, expensive food.',
  'The kids loved the parade and the castle.',
];

const CONFIGS: Record<string, FeatureConfig> = {
  words: { weighting: 'tfidf', ngramRange: [1, 2], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'none', sublinearTf: true, binary: false },
  counts: { weighting: 'count', ngramRange: [1, 1], maxFeatures: 6, minDf: 1, maxDf: 1, stopWords: 'nltk', sublinearTf: false, binary: false },
  chars: { analyzer: 'char_wb', weighting: 'tfidf', ngramRange: [2, 3], maxFeatures: null, minDf: 1, sublinearTf: false },
  union: {
    union: [
      { weighting: 'tfidf', ngramRange: [1, 1], maxFeatures: null, minDf: 1, maxDf: 1, stopWords: 'nltk', sublinearTf: false, binary: false },
      { analyzer: 'char_wb', weighting: 'count', ngramRange: [3, 3], maxFeatures: 20, minDf: 1, sublinearTf: false },
    ],
  },
};

function plain(m: Csr): unknown {
  return { rows: m.rows, cols: m.cols, indptr: [...m.indptr], indices: [...m.indices], data: [...m.data] };
}

test('TextSubsets fits and computes the same features as fitTextFeatures and transform on the subsets, for every kind', () => {
  const subsets = new TextSubsets(TEXTS);
  const fitIds = Int32Array.from([0, 2, 3, 5]);
  const otherIds = Int32Array.from([4, 1]);
  const textsOf = (ids: Int32Array): string[] => Array.from(ids, (i) => TEXTS[i] as string);
  for (const [name, config] of Object.entries(CONFIGS)) {
    const expected = fitTextFeatures(textsOf(fitIds), config);
    // Twice: the second call reuses the texts tokenised by the first.
    for (let pass = 0; pass < 2; pass++) {
      const actual = subsets.fitRows(config, fitIds, otherIds);
      assert.deepEqual(actual.features.toJSON(), expected.features.toJSON(), `${name}: features`);
      assert.deepEqual(plain(actual.X), plain(expected.X), `${name}: fitted rows`);
      assert.deepEqual(plain(actual.otherX), plain(expected.features.transform(textsOf(otherIds))), `${name}: other rows`);
    }
  }
});
