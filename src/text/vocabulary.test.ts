import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { SparseRowAccumulator } from './csr.js';
import {
  ABSENT,
  SKIPPED_TOKEN,
  TermIndex,
  TokenCorpusBuilder,
  TokenTable,
  UNKNOWN_TOKEN,
  compareTerms,
  fitVocabulary,
  type TokenCorpus,
  type VocabularyOptions,
} from './vocabulary.js';

const ALL: VocabularyOptions = { ngramRange: [1, 1], minDf: 1, maxDf: 1, maxFeatures: null, binary: false };

function corpusOf(docs: string[], skip?: ReadonlySet<string>): TokenCorpus {
  const builder = new TokenCorpusBuilder(skip);
  for (const doc of docs) builder.addDocument(doc.length === 0 ? [] : doc.split(' '));
  return builder.build();
}

/** Term -> [df, count], straight from the definition, for checking the trie-based counting. */
function naiveCounts(docs: string[][], minN: number, maxN: number): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const doc of docs) {
    const seen = new Set<string>();
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= doc.length; i++) {
        const term = doc.slice(i, i + n).join(' ');
        const entry = out.get(term) ?? [0, 0];
        entry[1]++;
        if (!seen.has(term)) {
          seen.add(term);
          entry[0]++;
        }
        out.set(term, entry);
      }
    }
  }
  return out;
}

test('the token table finds tokens by value or by a range of a longer string, through growth', () => {
  const table = new TokenTable();
  const tokens = Array.from({ length: 5000 }, (_, i) => `t${i.toString(36)}`);
  tokens.forEach((t, i) => table.set(t, i));
  assert.equal(table.size, 5000);
  assert.deepEqual(table.tokens(), tokens);
  tokens.forEach((t, i) => {
    assert.equal(table.get(t), i);
    const text = `xx ${t} yy`;
    assert.equal(table.getRange(text, 3, 3 + t.length), i);
  });
  assert.equal(table.get('t'), ABSENT);
  assert.equal(table.get('t00'), ABSENT);
  assert.equal(table.getRange('at1b', 1, 3), 1); // "t1"
  assert.equal(table.getRange('at1b', 0, 3), ABSENT); // "at1"
  table.set('t1', -7);
  assert.equal(table.get('t1'), -7);
  assert.equal(table.size, 5000);
  table.set('', 9);
  assert.equal(table.getRange('abc', 1, 1), 9);
});

test('the corpus builder reads tokens from string ranges like from strings', () => {
  const text = 'park the rides the park';
  const bounds = Int32Array.from([0, 4, 5, 8, 9, 14, 15, 18, 19, 23]);
  const fromRanges = new TokenCorpusBuilder(new Set(['the']));
  fromRanges.addText(text, bounds, 5);
  fromRanges.addText('rides', Int32Array.from([0, 5]), 1);
  const fromStrings = new TokenCorpusBuilder(new Set(['the']));
  fromStrings.addDocument(text.split(' '));
  fromStrings.addDocument(['rides']);
  assert.deepEqual(fromRanges.build(), fromStrings.build());
  assert.deepEqual(fromRanges.build().tokens, ['park', 'rides']);
});

test('the corpus builder interns tokens in order of first appearance and drops skipped tokens', () => {
  const corpus = corpusOf(['the park the rides', '', 'rides park'], new Set(['the']));
  assert.deepEqual(corpus.tokens, ['park', 'rides']);
  assert.deepEqual([...corpus.ids], [0, 1, 1, 0]);
  assert.deepEqual([...corpus.offsets], [0, 2, 2, 4]);
  assert.equal(corpus.documents, 3);
});

test('document frequency and corpus count per term, with n-grams over consecutive tokens', () => {
  const v = fitVocabulary(corpusOf(['great great park', 'great rides', 'park']), { ...ALL, ngramRange: [1, 2] });
  assert.deepEqual(v.terms, ['great', 'great great', 'great park', 'great rides', 'park', 'rides']);
  assert.deepEqual([...v.documentFrequency], [2, 1, 1, 1, 2, 1]);
  assert.deepEqual([...v.termCount], [3, 1, 1, 1, 2, 1]);
  assert.equal(v.documents, 3);
  assert.equal(v.documentTermCounts, null);
});

test('n-grams are formed after stop-word removal, across the removed words', () => {
  const v = fitVocabulary(corpusOf(['not at all good'], new Set(['at', 'all'])), { ...ALL, ngramRange: [2, 2] });
  assert.deepEqual(v.terms, ['not good']);
});

test('feature ids follow code point order; a space sorts below every token character', () => {
  const v = fitVocabulary(corpusOf(['ab', 'a b', 'b', 'éclair', 'zoo', '10', 'a-b']), { ...ALL, ngramRange: [1, 2] });
  assert.deepEqual(v.terms, ['10', 'a', 'a b', 'a-b', 'ab', 'b', 'zoo', 'éclair']);
});

test('compareTerms is code point order, unlike UTF-16 order above U+FFFF', () => {
  const astral = '\u{1F600}'; // surrogates D83D DE00
  const privateUse = '\uE000';
  assert.equal(privateUse < astral, false); // UTF-16 order puts the astral character first...
  assert.ok(compareTerms(privateUse, astral) < 0); // ...code point order puts it last, as Python does.
  assert.ok(compareTerms('a', 'b') < 0);
  assert.ok(compareTerms('ab', 'a') > 0);
  assert.equal(compareTerms('same', 'same'), 0);
  const words = ['zebra', 'apple', astral, privateUse, 'Zoo', 'éa', 'e'];
  assert.deepEqual([...words].sort(compareTerms), ['Zoo', 'apple', 'e', 'zebra', 'éa', privateUse, astral]);
});

test('minDf keeps terms in at least that many documents; maxDf drops those in more than that fraction', () => {
  const docs = ['park rides food', 'park rides', 'park queue', 'park'];
  assert.deepEqual(fitVocabulary(corpusOf(docs), { ...ALL, minDf: 2 }).terms, ['park', 'rides']);
  // 0.5 of 4 documents: df <= 2 stays.
  assert.deepEqual(fitVocabulary(corpusOf(docs), { ...ALL, maxDf: 0.5 }).terms, ['food', 'queue', 'rides']);
  assert.deepEqual(fitVocabulary(corpusOf(docs), { ...ALL, minDf: 2, maxDf: 0.75 }).terms, ['rides']);
});

test('maxFeatures keeps the most frequent terms by total count, ties broken alphabetically', () => {
  // Counts: park 4, rides 3, and food, queue, castle 2 each.
  const docs = ['park park rides food', 'park rides queue castle', 'park rides food queue castle'];
  const top = (k: number): string[] => fitVocabulary(corpusOf(docs), { ...ALL, maxFeatures: k }).terms;
  assert.deepEqual(top(1), ['park']);
  assert.deepEqual(top(2), ['park', 'rides']);
  // Three tied at 2 for one place: "castle" is first alphabetically. Ids stay alphabetical.
  assert.deepEqual(top(3), ['castle', 'park', 'rides']);
  assert.deepEqual(top(4), ['castle', 'food', 'park', 'rides']);
  assert.deepEqual(top(5), ['castle', 'food', 'park', 'queue', 'rides']);
  assert.deepEqual(top(50), top(5));
  // The same data in another document order gives the same vocabulary.
  assert.deepEqual(fitVocabulary(corpusOf([...docs].reverse()), { ...ALL, maxFeatures: 3 }).terms, top(3));
});

test('with binary, maxFeatures ranks by document frequency', () => {
  const docs = ['wow wow wow wow park', 'park rides', 'park rides'];
  assert.deepEqual(fitVocabulary(corpusOf(docs), { ...ALL, maxFeatures: 1 }).terms, ['wow']);
  assert.deepEqual(fitVocabulary(corpusOf(docs), { ...ALL, maxFeatures: 1, binary: true }).terms, ['park']);
  assert.deepEqual(fitVocabulary(corpusOf(docs), { ...ALL, maxFeatures: 2, binary: true }).terms, ['park', 'rides']);
});

test('the training counts come out with the vocabulary when asked for', () => {
  const v = fitVocabulary(corpusOf(['great great park', '', 'rides park rides']), { ...ALL, ngramRange: [1, 2], minDf: 1 }, { documentTermCounts: true });
  const X = v.documentTermCounts;
  assert.ok(X !== null);
  assert.deepEqual(v.terms, ['great', 'great great', 'great park', 'park', 'park rides', 'rides', 'rides park']);
  assert.equal(X.rows, 3);
  assert.equal(X.cols, 7);
  assert.deepEqual([...X.indptr], [0, 4, 4, 8]);
  assert.deepEqual([...X.indices], [0, 1, 2, 3, 3, 4, 5, 6]);
  assert.deepEqual([...X.data], [2, 1, 1, 1, 1, 1, 2, 1]);
});

test('random corpora: trie counting and selection match a direct string-based count', () => {
  const rng = new Random(7);
  const words = ['aa', 'ab', 'b', 'ba', 'c', 'ca', 'cab', 'd', 'é'];
  for (let trial = 0; trial < 40; trial++) {
    const docs: string[][] = [];
    const nDocs = 1 + rng.int(12);
    for (let d = 0; d < nDocs; d++) docs.push(Array.from({ length: rng.int(9) }, () => words[rng.int(words.length)] as string));
    const minN = 1 + rng.int(3);
    const maxN = minN + rng.int(4 - minN);
    const options: VocabularyOptions = {
      ngramRange: [minN, maxN],
      minDf: 1 + rng.int(2),
      maxDf: [1, 0.8, 0.5][rng.int(3)] as number,
      maxFeatures: rng.next() < 0.5 ? null : 1 + rng.int(10),
      binary: rng.next() < 0.5,
    };
    const expectedCounts = naiveCounts(docs, minN, maxN);
    let expected = [...expectedCounts.entries()].filter(([, [df]]) => df >= options.minDf && df <= options.maxDf * nDocs);
    if (options.maxFeatures !== null) {
      expected = expected
        .sort((x, y) => (options.binary ? y[1][0] - x[1][0] : y[1][1] - x[1][1]) || compareTerms(x[0], y[0]))
        .slice(0, options.maxFeatures);
    }
    expected.sort((x, y) => compareTerms(x[0], y[0]));
    const corpus = corpusOf(docs.map((d) => d.join(' ')));
    const label = JSON.stringify({ docs, options });
    let v;
    try {
      v = fitVocabulary(corpus, options, { documentTermCounts: true });
    } catch (err) {
      assert.ok(isReviewStarsError(err, 'INVALID_ARGUMENT'), label);
      assert.ok(expected.length === 0 || options.maxDf * nDocs < options.minDf, label);
      continue;
    }
    assert.deepEqual(v.terms, expected.map(([term]) => term), label);
    assert.deepEqual([...v.documentFrequency], expected.map(([, [df]]) => df), label);
    assert.deepEqual([...v.termCount], expected.map(([, [, count]]) => count), label);
    // The training counts sum, per column, to the term counts.
    const X = v.documentTermCounts;
    assert.ok(X !== null);
    const columnSums = new Array<number>(X.cols).fill(0);
    X.indices.forEach((c, k) => {
      columnSums[c] = (columnSums[c] as number) + (X.data[k] as number);
    });
    assert.deepEqual(columnSums, [...v.termCount], label);
    // The term tokens spell the terms.
    const spelled = Array.from({ length: v.termTokens.documents }, (_, i) =>
      Array.from(v.termTokens.ids.subarray(v.termTokens.offsets[i], v.termTokens.offsets[i + 1]), (id) => v.termTokens.tokens[id]).join(' '),
    );
    assert.deepEqual(spelled, v.terms, label);
  }
});

test('bad options, no documents and empty vocabularies are refused with INVALID_ARGUMENT', () => {
  const corpus = corpusOf(['park rides', 'park']);
  const refuses = (options: VocabularyOptions, message: RegExp, c: TokenCorpus = corpus): void => {
    assert.throws(() => fitVocabulary(c, options), (err: unknown) => isReviewStarsError(err, 'INVALID_ARGUMENT') && message.test(err.message));
  };
  refuses({ ...ALL, ngramRange: [0, 1] }, /^ngramRange must be \[min, max\] with integers 1 <= min <= max <= 3, got \[0,1\]$/);
  refuses({ ...ALL, ngramRange: [2, 1] }, /^ngramRange must be/);
  refuses({ ...ALL, ngramRange: [1, 4] }, /^ngramRange must be/);
  refuses({ ...ALL, minDf: 0 }, /^minDf must be an integer >= 1 \(a document count\), got 0$/);
  refuses({ ...ALL, minDf: 1.5 }, /^minDf must be/);
  refuses({ ...ALL, maxDf: 0 }, /^maxDf must be a fraction of documents in \(0, 1\], got 0$/);
  refuses({ ...ALL, maxDf: 2 }, /^maxDf must be/);
  refuses({ ...ALL, maxFeatures: 0 }, /^maxFeatures must be null or an integer >= 1, got 0$/);
  refuses({ ...ALL, minDf: 2, maxDf: 0.5 }, /^maxDf 0.5 keeps terms in at most 1 of 2 documents, fewer than minDf 2$/);
  refuses({ ...ALL, minDf: 3 }, /^maxDf 1 keeps terms in at most 2 of 2 documents, fewer than minDf 3$/);
  refuses({ ...ALL, minDf: 2 }, /^the vocabulary is empty after pruning: lower minDf or raise maxDf$/, corpusOf(['park', 'rides']));
  refuses(ALL, /^cannot fit a vocabulary on zero documents$/, corpusOf([]));
  refuses(ALL, /^the vocabulary is empty: the documents contain no tokens/, corpusOf(['the', ''], new Set(['the'])));
});

test('the term index counts every term occurrence in a token sequence', () => {
  const index = TermIndex.build(['food', 'great', 'great food', 'great food court', 'park'], new Set(['the']));
  assert.equal(index.size, 5);
  assert.equal(index.maxOrder, 3);
  const ids = Int32Array.from(['great', 'food', 'court', 'great', 'park', 'food'], (t) => index.tokenId(t));
  const row = new SparseRowAccumulator(index.size);
  index.countTerms(ids, 0, ids.length, row);
  const indices = new Int32Array(5);
  const data = new Float64Array(5);
  const nnz = row.flush(indices, data);
  assert.deepEqual([...indices.subarray(0, nnz)], [0, 1, 2, 3, 4]);
  assert.deepEqual([...data.subarray(0, nnz)], [2, 2, 1, 1, 1]);
});

test('an unknown token breaks n-grams; stop words are reported as skipped', () => {
  const index = TermIndex.build(['great food', 'the food'], new Set(['the']));
  assert.equal(index.tokenId('castle'), UNKNOWN_TOKEN);
  assert.equal(index.tokenId('the'), SKIPPED_TOKEN);
  const ids = Int32Array.from(['great', 'castle', 'food'], (t) => index.tokenId(t));
  const row = new SparseRowAccumulator(index.size);
  index.countTerms(ids, 0, ids.length, row);
  assert.equal(row.flush(new Int32Array(2), new Float64Array(2)), 0);
});

test('the term index refuses duplicate and malformed terms', () => {
  assert.throws(() => TermIndex.build(['park', 'rides', 'park']), /duplicate term 2 \(same tokens as term 0\)/);
  assert.throws(() => TermIndex.build(['park  rides']), /malformed term "park {2}rides"/);
  assert.throws(() => TermIndex.build(['']), /malformed term ""/);
});
