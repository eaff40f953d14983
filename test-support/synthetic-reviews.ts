/**
 * @module test-support/synthetic-reviews
 * Made-up reviews for tests: short texts generated from small per-rating word lists with a seeded
 * generator, written as a reviews CSV in the Kaggle layout. No real review text is used here.
 * For tests only; nothing in the product imports it.
 */
import { writeFileSync } from 'node:fs';
import { Random } from '../src/core/random.js';

const OPENERS = ['we visited', 'our family went to the park', 'i took my kids', 'first trip here', 'spent two days'];
const BY_RATING: Record<number, string[]> = {
  1: ['terrible', 'awful queues', 'rude staff', 'waste of money', 'never again', 'dirty toilets', 'broken rides'],
  2: ['disappointing', 'too crowded', 'overpriced food', 'long waits', 'not worth it', 'poor service'],
  3: ['okay', 'average day', 'some rides closed', 'mixed feelings', 'fine but busy', 'decent food'],
  4: ['good fun', 'nice parade', 'friendly staff', 'enjoyed most rides', 'great fireworks', 'worth a visit'],
  5: ['magical', 'amazing day', 'wonderful castle', 'best holiday ever', 'absolutely loved it', 'dream come true'],
};
const BRANCHES = ['Disneyland_HongKong', 'Disneyland_California', 'Disneyland_Paris'];

/** One made-up review row. */
export interface SyntheticReview {
  id: number;
  rating: number;
  text: string;
  branch: string;
}

/** `n` made-up reviews; the rating mix leans to 4-5 stars like real data, and the text mostly fits the rating. */
export function syntheticReviews(n: number, seed = 1): SyntheticReview[] {
  const rng = new Random(seed);
  const weights = [0.06, 0.08, 0.16, 0.3, 0.4];
  const out: SyntheticReview[] = [];
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let rating = 5;
    for (let r = 0; r < 5; r++) {
      u -= weights[r] as number;
      if (u < 0) {
        rating = r + 1;
        break;
      }
    }
    const words: string[] = [OPENERS[rng.int(OPENERS.length)] as string];
    for (let k = 0; k < 4; k++) {
      // mostly words of the true rating, sometimes of a neighbouring one
      const shift = rng.next() < 0.25 ? (rng.next() < 0.5 ? -1 : 1) : 0;
      const list = BY_RATING[Math.min(5, Math.max(1, rating + shift))] as string[];
      words.push(list[rng.int(list.length)] as string);
    }
    out.push({ id: 100000 + i, rating, text: `${words.join(', ')}.`, branch: BRANCHES[i % BRANCHES.length] as string });
  }
  return out;
}

/** Writes reviews as a CSV with the Kaggle header (CRLF line ends, quoted texts). */
export function writeReviewsCsv(path: string, reviews: readonly SyntheticReview[]): void {
  const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
  const lines = ['Review_ID,Rating,Year_Month,Reviewer_Location,Review_Text,Branch'];
  for (const r of reviews) lines.push([r.id, r.rating, '2019-4', 'Nowhere', quote(r.text), r.branch].join(','));
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}
