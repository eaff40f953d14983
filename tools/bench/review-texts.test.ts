// Tests of bench/review-texts (needs `npm run build`: it uses the compiled seeded PRNG).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateReviews } from './review-texts.js';

describe('generateReviews', () => {
  it('gives the same texts for the same seed and different texts for another seed', () => {
    assert.deepEqual(generateReviews(50, { seed: 3 }), generateReviews(50, { seed: 3 }));
    const other = generateReviews(50, { seed: 4 });
    assert.notDeepEqual(generateReviews(50, { seed: 3 }), other);
  });

  it('gives varied batch items whose mean length is close to the target', () => {
    for (const targetLength of [200, 300, 600]) {
      const reviews = generateReviews(2000, { targetLength, seed: 11 });
      assert.equal(reviews.length, 2000);
      assert.ok(reviews.every((r) => Object.keys(r).length === 1 && typeof r.text === 'string'));
      const lengths = reviews.map((r) => r.text.length);
      const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
      assert.ok(Math.abs(mean - targetLength) / targetLength < 0.1, `mean ${mean} for target ${targetLength}`);
      assert.ok(Math.min(...lengths) >= 0.55 * targetLength && Math.max(...lengths) <= 1.6 * targetLength);
      assert.ok(new Set(reviews.map((r) => r.text)).size > 0.9 * reviews.length, 'texts are mostly distinct');
    }
  });

  it('never repeats a sentence within one review', () => {
    for (const { text } of generateReviews(500, { seed: 5 })) {
      const sentences = text.split(/(?<=[.!])\s+/);
      assert.equal(new Set(sentences).size, sentences.length, text);
    }
  });

  it('refuses a count or length it cannot honour', () => {
    assert.throws(() => generateReviews(0), /count must be a positive integer/);
    assert.throws(() => generateReviews(10, { targetLength: 5000 }), /targetLength must be an integer in 200\.\.600/);
  });
});
