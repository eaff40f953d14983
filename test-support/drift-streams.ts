/**
 * @module test-support/drift-streams
 * Streams of review texts for drift tests and the drift demonstration: the test split as it is,
 * and streams shifted on purpose (each review cut to its first words; one branch's negative
 * reviews; reviews in French, generated here from phrases written for this module). Test and
 * tooling only; the product never imports it.
 */
import type { Review } from '../src/data/reviews-csv.js';
import { Random } from '../src/core/random.js';

/** One named stream of texts. */
export interface TextStream {
  name: string;
  /** What moves, in one line, for the docs and test messages. */
  shift: string;
  texts: string[];
}

/** The first `words` words of `text`. */
export function firstWords(text: string, words: number): string {
  return text.split(/\s+/).filter((w) => w !== '').slice(0, words).join(' ');
}

const FR_OPENINGS = ['Nous avons passé une journée au parc', 'Première visite avec les enfants', 'Séjour de deux jours en famille', 'Nous sommes venus pour un anniversaire', 'Visite en semaine hors vacances scolaires'];
const FR_OPINIONS = [
  'les attractions étaient magnifiques et le personnel très gentil',
  'beaucoup trop de monde et des files d\'attente interminables',
  'la parade du soir était féerique, les enfants ont adoré',
  'les prix de la nourriture sont scandaleux pour la qualité',
  'plusieurs manèges étaient fermés sans explication',
  'le château est superbe et le feu d\'artifice inoubliable',
  'propreté douteuse et toilettes sales, très décevant',
  'une organisation parfaite, nous reviendrons avec plaisir',
];
const FR_ENDINGS = ['Nous recommandons vivement.', 'À éviter pendant les vacances.', 'Un rêve devenu réalité.', 'Trop cher pour ce que c\'est.', 'Une expérience mitigée.', 'Merci pour ces souvenirs.'];

/** `n` short made-up reviews in French (seeded): vocabulary an English model has not seen. */
export function frenchReviews(n: number, seed = 7): string[] {
  const rng = new Random(seed);
  const pick = (xs: readonly string[]): string => xs[rng.int(xs.length)] as string;
  return Array.from({ length: n }, () => `${pick(FR_OPENINGS)} : ${pick(FR_OPINIONS)}, et ${pick(FR_OPINIONS)}. ${pick(FR_ENDINGS)}`);
}

/** The streams of the drift demonstration, from the test split's reviews and all reviews. */
export function driftStreams(testReviews: readonly Review[], allReviews: readonly Review[]): TextStream[] {
  return [
    { name: 'test split', shift: 'none: the reviews the reference was computed on', texts: testReviews.map((r) => r.text) },
    { name: 'first 8 words', shift: 'each test review cut to its first 8 words', texts: testReviews.map((r) => firstWords(r.text, 8)) },
    {
      name: 'Paris, 1-2 stars',
      shift: 'only Disneyland_Paris reviews rated 1 or 2 (all rows of the file)',
      texts: allReviews.filter((r) => r.branch === 'Disneyland_Paris' && r.rating <= 2).map((r) => r.text),
    },
    { name: 'French', shift: '400 reviews in French made from phrases written for the test', texts: frenchReviews(400) },
  ];
}
