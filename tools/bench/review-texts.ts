/**
 * @module tools/bench/review-texts
 * A seeded generator of varied, realistic review texts for the batch route of the serving
 * benchmark, built from phrase lists written for it (no dataset text). It uses the project's
 * seeded PRNG and does nothing else.
 */
import { Random } from '../../src/core/random.js';

const PARKS = [
  'Disneyland Paris', 'Hong Kong Disneyland', 'Disneyland in Anaheim', 'the Disney park',
  'Disneyland',
];
const COMPANY = [
  'our two kids', 'my wife', 'a group of friends', 'my parents', 'our toddler',
  'my sister and her family', 'my partner',
];
const WHEN = [
  'in July', 'on a weekday in March', 'during the Halloween season', 'at Christmas',
  'over a long weekend', 'in the school holidays', 'last spring',
];
const RIDES = [
  'Space Mountain', 'Big Thunder Mountain', 'Pirates of the Caribbean', "It's a Small World",
  'the Iron Man Experience', 'Mystic Manor', 'Hyperspace Mountain', 'the teacups',
  'the jungle cruise',
];
const POSITIVE = [
  'The parade in the evening was magical and the fireworks over the castle made my daughter cry with joy.',
  'Cast members were friendly, patient and always ready to help with directions.',
  'We used the fast pass and never waited more than twenty minutes for {ride}.',
  'The park was spotless and beautifully decorated, it really felt like a fairy tale.',
  '{ride} was the highlight of the trip, we rode it three times in a row.',
  'Food was better than expected and the character breakfast was worth every penny.',
  'Staying at the hotel next door made it easy to go back for a nap in the afternoon.',
  'Everything was so well organised and the shows were of a very high standard.',
];
const NEGATIVE = [
  'Queues were terrible, we waited almost two hours for {ride} and it broke down just before our turn.',
  'Prices for food and drinks are outrageous and the quality was poor.',
  'Several rides were closed for maintenance without any notice on the website.',
  'Staff looked bored and some were quite rude when we asked for help.',
  'The park was dirty, bins were overflowing and the toilets were a disgrace.',
  'It was far too crowded, you could barely walk down Main Street after lunch.',
  'Honestly it is overpriced and not worth the money compared to other theme parks.',
  'People kept pushing in the queues and nobody from the staff did anything about it.',
];
const NEUTRAL = [
  'The park is smaller than we expected, one full day is enough to see most of it.',
  'Bring your own water bottle and snacks because there are few places to sit in the shade.',
  'Weather was hot and humid, so plan indoor shows around midday.',
  'Getting there by train from the city took about forty minutes.',
  'Some attractions have height limits, so check them before you promise anything to small children.',
  'We arrived at opening time and the first hour was by far the quietest.',
];
type Tone = 'positive' | 'negative' | 'neutral';

const CLOSERS: Record<Tone, readonly string[]> = {
  positive: ['Would definitely come back!', 'A dream come true for the whole family.', 'Highly recommended.', 'Magical, as always.'],
  negative: ['Never again.', 'Very disappointing for the price.', 'Save your money.', 'Not the happiest place on earth for us.'],
  neutral: ['Good day out overall.', 'Fine, but manage your expectations.', 'Worth one visit.', 'Mixed feelings.'],
};

/**
 * `count` review texts of about `targetLength` characters on average (200 to 600; each text
 * within roughly 0.6x to 1.5x of it), varied in tone and wording, no sentence twice in one review,
 * the same for the same `seed`. Each is a `{ text }` object, the batch route's item shape.
 */
export function generateReviews(count: number, { seed = 20261126, targetLength = 300 } = {}): { text: string }[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  if (!Number.isInteger(targetLength) || targetLength < 200 || targetLength > 600) {
    throw new RangeError(`targetLength must be an integer in 200..600, got ${targetLength}`);
  }
  const rng = new Random(seed);
  const pick = (list: readonly string[]): string => list[rng.int(list.length)] ?? '';
  const reviews: { text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const mood = rng.next();
    const tone: Tone = mood < 0.55 ? 'positive' : mood < 0.8 ? 'neutral' : 'negative';
    // The last sentence and the closer overshoot this floor by ~75 characters on average.
    const minLength = Math.round(targetLength * (0.85 + 0.3 * rng.next())) - 75;
    const used = new Set<string>();
    let text = `We visited ${pick(PARKS)} ${pick(WHEN)} with ${pick(COMPANY)}.`;
    while (text.length < minLength) {
      const r = rng.next();
      const pool = tone === 'positive' ? (r < 0.75 ? POSITIVE : r < 0.9 ? NEUTRAL : NEGATIVE)
        : tone === 'negative' ? (r < 0.75 ? NEGATIVE : r < 0.9 ? NEUTRAL : POSITIVE)
          : (r < 0.4 ? NEUTRAL : r < 0.7 ? POSITIVE : NEGATIVE);
      const sentence = pick(pool);
      if (used.has(sentence)) continue;
      used.add(sentence);
      text += ` ${sentence.replace('{ride}', pick(RIDES))}`;
    }
    text += ` ${pick(CLOSERS[tone])}`;
    reviews.push({ text });
  }
  return reviews;
}
