/**
 * @module test-support/test-model-set
 * A tiny in-memory ModelSet for tests of the HTTP layer (and benchmarks that want no files): two
 * hand-made lexicon scorers that really read the text (sentiment words shift the expected rating),
 * with metrics measured on a dozen reviews written for this fixture. Not a trained model: never
 * used by `review-stars serve`.
 */
import type { Rating } from '../src/core/rating.js';
import type { ClassMetrics, Metrics, ModelMetrics } from '../src/train/metrics.js';
import type { LoadedModel, Manifest, ManifestModel, ModelSet, Prediction, TermWeight } from '../src/registry/model-set.js';

/** Sentiment weight of each word the fixture scorers know. */
const LEXICON: ReadonlyMap<string, number> = new Map([
  ['magical', 2.2], ['magic', 1.6], ['wonderful', 1.8], ['amazing', 1.8], ['fantastic', 1.8], ['love', 1.5], ['loved', 1.5],
  ['great', 1.2], ['beautiful', 1.2], ['best', 1.3], ['enjoyed', 1.0], ['fun', 1.0], ['happy', 1.0], ['friendly', 0.8],
  ['clean', 0.6], ['good', 0.6], ['nice', 0.5], ['ok', -0.4], ['okay', -0.4], ['average', -0.6], ['long', -0.3],
  ['wait', -0.4], ['queue', -0.5], ['queues', -0.6], ['crowded', -0.8], ['expensive', -0.7], ['closed', -0.6],
  ['not', -0.4], ['never', -0.5], ['boring', -1.3], ['broken', -1.0], ['disappointing', -1.6], ['disappointed', -1.6],
  ['dirty', -1.5], ['rude', -1.6], ['terrible', -2.0], ['awful', -2.0], ['horrible', -2.0], ['worst', -2.2],
]);

/** Reviews written for this fixture, with the rating their author meant. */
export const FIXTURE_REVIEWS: ReadonlyArray<{ text: string; rating: Rating; branch: string }> = [
  { text: 'Disneyland is a magical world! We loved every minute.', rating: 5, branch: 'Disneyland_Paris' },
  { text: 'Amazing parades, friendly staff and fantastic fireworks.', rating: 5, branch: 'Disneyland_California' },
  { text: 'Great rides and a beautiful castle, the kids were happy.', rating: 4, branch: 'Disneyland_HongKong' },
  { text: 'Good day out, clean park, some long queues.', rating: 4, branch: 'Disneyland_Paris' },
  { text: 'It was okay. Expensive food and crowded paths.', rating: 3, branch: 'Disneyland_California' },
  { text: 'Average park, long wait for everything, nice hotel.', rating: 3, branch: 'Disneyland_HongKong' },
  { text: 'Disappointing: half the rides were closed and queues were long.', rating: 2, branch: 'Disneyland_Paris' },
  { text: 'Boring shows, rude staff at the entrance.', rating: 2, branch: 'Disneyland_HongKong' },
  { text: 'Terrible visit, dirty toilets and broken rides. Never again.', rating: 1, branch: 'Disneyland_California' },
  { text: 'The worst theme park day ever, awful and horrible.', rating: 1, branch: 'Disneyland_Paris' },
  { text: 'Fun for the family, we enjoyed the magic show.', rating: 5, branch: 'Disneyland_HongKong' },
  { text: 'Crowded and expensive but the castle is beautiful.', rating: 3, branch: 'Disneyland_California' },
];

const TOKEN = /[\p{L}\p{N}']+/gu;

/** A lexicon scorer: expected rating = 3 + 2·tanh((bias + Σ weights) / 2), spread by `spread`. */
class LexiconModel implements LoadedModel {
  entry: ManifestModel;

  constructor(
    entry: Omit<ManifestModel, 'metrics'>,
    private readonly bias: number,
    private readonly spread: number,
  ) {
    this.entry = { ...entry, metrics: emptyMetrics() };
  }

  predict(text: string, options: { explain?: boolean; topTerms?: number } = {}): Prediction {
    let score = this.bias;
    const seen: TermWeight[] = [];
    let known = false;
    let tokens = 0;
    let unknown = 0;
    for (const match of text.toLowerCase().matchAll(TOKEN)) {
      const weight = LEXICON.get(match[0]);
      tokens++;
      if (weight === undefined) unknown++;
      if (weight !== undefined) {
        known = true;
        score += weight;
        if (options.explain) seen.push({ term: match[0], weight });
      }
    }
    const centre = 3 + 2 * Math.tanh(score / 2);
    const logits = [1, 2, 3, 4, 5].map((k) => -((k - centre) ** 2) / (2 * this.spread * this.spread));
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const total = exps.reduce((a, b) => a + b, 0);
    const probabilities = exps.map((e) => e / total) as Prediction['probabilities'];
    let best = 0;
    for (let c = 1; c < 5; c++) if (probabilities[c]! > probabilities[best]!) best = c;
    const rating = (best + 1) as Rating;
    const prediction: Prediction = {
      rating,
      probabilities,
      expectedRating: probabilities.reduce((sum, p, i) => sum + p * (i + 1), 0),
      noKnownTerms: !known,
      oovShare: tokens === 0 ? 0 : unknown / tokens,
    };
    if (options.explain) {
      // A term pushes a high rating by its own sign, a low one by the opposite sign.
      const sign = rating >= 3 ? 1 : -1;
      const merged = new Map<string, number>();
      for (const t of seen) merged.set(t.term, (merged.get(t.term) ?? 0) + t.weight * sign);
      prediction.explanation = [...merged]
        .map(([term, weight]) => ({ term, weight }))
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
        .slice(0, options.topTerms ?? 10);
    }
    return prediction;
  }
}

/** Options of a fixture set; `version` lets reload tests tell two sets apart. */
export interface TestModelSetOptions {
  version?: string;
  dir?: string;
}

/** Builds the fixture set: `lr_global` (best) and `rf_global`, metrics measured on FIXTURE_REVIEWS. */
export function createTestModelSet(options: TestModelSetOptions = {}): ModelSet {
  const common = { branch: null, vectorizer: 'lexicon', vocabularySize: LEXICON.size, decoding: 'argmax' as const, sha256: '0'.repeat(64) };
  const models = [
    new LexiconModel({ ...common, name: 'lr_global', algorithm: 'logistic_regression', params: { C: 1, fixture: true }, file: 'lr_global.bin' }, 0.5, 0.8),
    new LexiconModel({ ...common, name: 'rf_global', algorithm: 'random_forest', params: { nTrees: 100, maxDepth: 3, fixture: true }, file: 'rf_global.bin' }, 0.3, 1.3),
  ];
  for (const model of models) model.entry.metrics = measure(model);
  const best = models.reduce((a, b) => (b.entry.metrics.macroF1 > a.entry.metrics.macroF1 ? b : a)).entry.name;
  const manifest: Manifest = {
    format: 'review-stars/model-set',
    formatVersion: 1,
    version: options.version ?? 'fixture-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    data: { file: 'fixture-reviews', sha256: '0'.repeat(64), rowsRead: FIXTURE_REVIEWS.length, rowsSkipped: 0, rowsUsed: FIXTURE_REVIEWS.length },
    split: { seed: 1, testFraction: 0.5, stratifiedBy: 'rating', trainRows: 0, testRows: FIXTURE_REVIEWS.length },
    best,
    vectorizers: [{ id: 'lexicon', file: 'lexicon.json', sha256: '0'.repeat(64) }],
    models: models.map((m) => m.entry),
  };
  const byName = new Map<string, LoadedModel>(models.map((m) => [m.entry.name, m]));
  return {
    dir: options.dir ?? '(in memory)',
    manifest,
    names: models.map((m) => m.entry.name),
    get: (name) => byName.get(name === 'best' ? best : name),
  };
}

function measure(model: LexiconModel): ModelMetrics {
  const rows = FIXTURE_REVIEWS.map((r) => ({ ...r, predicted: model.predict(r.text).rating }));
  const perBranch: Record<string, Metrics> = {};
  for (const branch of new Set(rows.map((r) => r.branch))) perBranch[branch] = metricsOf(rows.filter((r) => r.branch === branch));
  return { ...metricsOf(rows), perBranch };
}

function metricsOf(rows: ReadonlyArray<{ rating: Rating; predicted: Rating }>): Metrics {
  const confusion = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  let absError = 0;
  for (const r of rows) {
    confusion[r.rating - 1]![r.predicted - 1]!++;
    absError += Math.abs(r.rating - r.predicted);
  }
  const perClass: ClassMetrics[] = [0, 1, 2, 3, 4].map((c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[c]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    return { rating: c + 1, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support };
  });
  const n = rows.length;
  return {
    n,
    accuracy: rows.filter((r) => r.rating === r.predicted).length / n,
    macroF1: perClass.reduce((sum, c) => sum + c.f1, 0) / 5,
    mae: absError / n,
    withinOne: rows.filter((r) => Math.abs(r.rating - r.predicted) <= 1).length / n,
    perClass,
    confusion,
  };
}

function emptyMetrics(): ModelMetrics {
  return { n: 0, accuracy: 0, macroF1: 0, mae: 0, withinOne: 0, perClass: [], confusion: [], perBranch: {} };
}
