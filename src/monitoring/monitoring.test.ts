import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReviewStarsError } from '../core/errors.js';
import type { Rating } from '../core/rating.js';
import type { Manifest, ManifestModel, ModelSet } from '../registry/model-set.js';
import { computeMetrics } from '../train/metrics.js';
import { ENTROPY_EDGES, OOV_SHARE_EDGES, TEXT_LENGTH_EDGES, boundedSortedSample, probabilityEntropy, roundEntropy, type ModelReference } from '../train/reference.js';
import { histogram } from '../stats/histogram.js';
import { Random } from '../core/random.js';
import { windowDrift } from './drift.js';
import { windowQuality } from './quality.js';
import { lastDayReport, monitoringReport } from './report.js';
import type { MonitoredPrediction, MonitoringSource, PredictionQuery } from './source.js';
import { parseSince, parseWindowSize, windowsOf } from './windows.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const isInvalid = (err: unknown): boolean => isReviewStarsError(err, 'INVALID_ARGUMENT');

/** Five probabilities that put `peak` on `rating` and spread the rest evenly. */
function probabilities(rating: Rating, peak: number): [number, number, number, number, number] {
  const p = [0, 0, 0, 0, 0].map(() => (1 - peak) / 4) as [number, number, number, number, number];
  p[rating - 1] = peak;
  return p;
}

/** Made-up traffic: ratings drawn from `shares`, confident (peak 0.5..0.9) predictions, texts of `length` ± spread. */
function traffic(n: number, seed: number, options: { shares?: number[]; peak?: [number, number]; length?: number; oov?: number; at?: number; model?: string; version?: string } = {}): MonitoredPrediction[] {
  const rng = new Random(seed);
  const shares = options.shares ?? [0.1, 0.1, 0.2, 0.3, 0.3];
  const [lo, hi] = options.peak ?? [0.5, 0.9];
  return Array.from({ length: n }, (_, i) => {
    let u = rng.next();
    let rating = 5 as Rating;
    for (let c = 0; c < 5; c++) {
      u -= shares[c] as number;
      if (u < 0) {
        rating = (c + 1) as Rating;
        break;
      }
    }
    return {
      model: options.model ?? 'lr',
      modelSetVersion: options.version ?? 'v1',
      createdAt: (options.at ?? T0) + i,
      rating,
      probabilities: probabilities(rating, lo + (hi - lo) * rng.next()),
      textLength: Math.round((options.length ?? 600) * (0.5 + rng.next())),
      oovShare: (options.oov ?? 0.05) * 2 * rng.next(),
      trueRating: null,
    };
  });
}

/** The reference the made-up traffic comes from (computed from a large sample of it). */
function referenceFrom(rows: readonly MonitoredPrediction[]): ModelReference {
  const entropies = rows.map((r) => probabilityEntropy(r.probabilities));
  const lengths = rows.map((r) => r.textLength);
  const oov = rows.map((r) => r.oovShare);
  const counts = [0, 0, 0, 0, 0];
  for (const r of rows) counts[r.rating - 1]!++;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    rows: rows.length,
    predictedDistribution: counts.map((c) => c / rows.length),
    entropy: { histogram: histogram(entropies, ENTROPY_EDGES), sample: boundedSortedSample(entropies).map(roundEntropy), mean: mean(entropies) },
    textLength: { histogram: histogram(lengths, TEXT_LENGTH_EDGES), sample: boundedSortedSample(lengths), mean: mean(lengths) },
    oovShare: { mean: mean(oov), histogram: histogram(oov, OOV_SHARE_EDGES) },
  };
}

const REFERENCE = referenceFrom(traffic(3000, 1));

/** A loaded set of version v1 with models lr (with `reference`) and nb (none), lr being `best`. */
function modelSet(reference: ModelReference | undefined = REFERENCE): ModelSet {
  const entry = (name: string, ref?: ModelReference): ManifestModel => ({ name, ...(ref ? { reference: ref } : {}) }) as unknown as ManifestModel;
  const entries = [entry('lr', reference), entry('nb')];
  return {
    dir: 'unused',
    manifest: { version: 'v1', best: 'lr', models: entries } as unknown as Manifest,
    names: ['lr', 'nb'],
    get: (name: string) => {
      const e = entries.find((x) => x.name === (name === 'best' ? 'lr' : name));
      return e && { entry: e, predict: () => assert.fail('not used') };
    },
  };
}

/** The in-memory source of these unit tests (the product reads the store). */
class ArraySource implements MonitoringSource {
  readonly queries: PredictionQuery[] = [];
  constructor(private readonly rows: MonitoredPrediction[]) {}
  async monitoredPredictions(q: PredictionQuery): Promise<MonitoredPrediction[]> {
    this.queries.push(q);
    return this.rows.filter((r) => (q.model === undefined || r.model === q.model) && r.createdAt >= q.since && r.createdAt < q.until);
  }
}

test('live quality is train/metrics on the labelled rows only, and null with a reason without feedback', () => {
  const rows = traffic(300, 2);
  const rng = new Random(9);
  rows.forEach((r, i) => {
    if (i % 3 !== 0) r.trueRating = rng.next() < 0.6 ? r.rating : ((1 + rng.int(5)) as Rating);
  });
  const labelled = rows.filter((r) => r.trueRating !== null);
  const expected = computeMetrics(labelled.map((r) => (r.trueRating as number) - 1), labelled.map((r) => r.rating - 1));
  const q = windowQuality(rows);
  assert.deepEqual(
    [q.accuracy.value, q.macroF1.value, q.mae.value, q.withinOne.value],
    [expected.accuracy, expected.macroF1, expected.mae, expected.withinOne],
  );
  const none = windowQuality(traffic(10, 3));
  assert.equal(none.accuracy.value, null);
  assert.match(none.accuracy.reason ?? '', /no feedback/);
  const oneClass = traffic(10, 4).map((r) => ({ ...r, trueRating: 5 as Rating }));
  const q1 = windowQuality(oneClass);
  assert.equal(q1.macroF1.value, null);
  assert.match(q1.macroF1.reason ?? '', /at least two different ratings/);
  assert.equal(typeof q1.accuracy.value, 'number');
});

test('traffic like the reference shows no drift', () => {
  const d = windowDrift(traffic(500, 5), REFERENCE);
  assert.equal(d.status, 'ok', JSON.stringify(d));
  assert.ok(d.predictedRating!.jensenShannon < 0.1 && d.predictedRating!.psi < 0.1);
  assert.ok(d.entropy!.pValue >= 0.05);
  assert.ok(d.textLength!.wasserstein < 0.1);
  assert.ok(Math.abs(d.oovShare!.change) < 0.01);
});

test('shifted traffic drifts on the statistics that should move, and only those', () => {
  const ratings = windowDrift(traffic(500, 6, { shares: [0.6, 0.3, 0.1, 0, 0] }), REFERENCE);
  assert.equal(ratings.predictedRating!.status, 'drift');
  assert.equal(ratings.textLength!.status, 'ok');
  assert.equal(ratings.status, 'drift');
  const short = windowDrift(traffic(500, 7, { length: 60, oov: 0.4 }), REFERENCE);
  assert.equal(short.textLength!.status, 'drift');
  assert.equal(short.predictedRating!.status, 'ok');
  assert.ok(short.oovShare!.change > 0.3);
  const unsure = windowDrift(traffic(500, 8, { peak: [0.25, 0.4] }), REFERENCE);
  assert.equal(unsure.entropy!.status, 'drift');
  assert.ok(unsure.entropy!.pValue < 1e-6);
});

test('a window under 100 predictions gives not_enough_data and no verdict; a model without reference no_reference', () => {
  const few = windowDrift(traffic(99, 10, { length: 10 }), REFERENCE);
  assert.equal(few.status, 'not_enough_data');
  assert.equal(few.textLength, undefined);
  assert.equal(windowDrift(traffic(200, 11), undefined, 'old set').status, 'no_reference');
});

test('since is a duration back from now or an ISO time; windows are UTC-aligned, clipped and only where there are rows', () => {
  const now = T0 + 30 * HOUR;
  assert.equal(parseSince('7d', now), now - 7 * 24 * HOUR);
  assert.equal(parseSince('12h', now), now - 12 * HOUR);
  assert.equal(parseSince('2026-12-01T06:00:00Z', now), T0 + 6 * HOUR);
  assert.equal(parseSince('2026-12-01', now), T0);
  for (const bad of ['7', '7w', '-1d', 'yesterday', '2026-13-01', '2027-01-01', '400d', '']) assert.throws(() => parseSince(bad, now), isInvalid, bad);
  assert.equal(parseWindowSize('1h'), '1h');
  assert.throws(() => parseWindowSize('2h'), isInvalid);
  const times = [T0 + 1 * HOUR, T0 + 2 * HOUR + 5, T0 + 26 * HOUR];
  assert.deepEqual(windowsOf(times, '1d', T0 + HOUR / 2, now), [
    { start: T0 + HOUR / 2, end: T0 + 24 * HOUR },
    { start: T0 + 24 * HOUR, end: now },
  ]);
  assert.deepEqual(windowsOf(times, '1h', T0, now).length, 3);
});

test('the report groups by model and model-set version, windows newest last, drift only against the loaded set', async () => {
  const rows = [
    ...traffic(150, 12, { at: T0 }),
    ...traffic(150, 13, { at: T0 + 24 * HOUR, length: 50 }),
    ...traffic(120, 14, { at: T0, version: 'v0' }),
    ...traffic(20, 15, { at: T0, model: 'nb' }),
  ];
  for (const r of rows.slice(0, 50)) r.trueRating = r.rating;
  const source = new ArraySource(rows);
  const report = await monitoringReport(source, modelSet(), { window: '1d', since: T0, until: T0 + 48 * HOUR });
  assert.deepEqual(
    report.models.map((m) => [m.model, m.modelSetVersion, m.windows.map((w) => w.predictions)]),
    [
      ['lr', 'v1', [150, 150]],
      ['nb', 'v1', [20]],
      ['lr', 'v0', [120]],
    ],
  );
  const [lr, nb, old] = report.models as [typeof report.models[0], typeof report.models[0], typeof report.models[0]];
  assert.deepEqual(lr.windows.map((w) => w.drift.status), ['ok', 'drift']);
  assert.equal(lr.windows[0]!.feedback, 50);
  assert.equal(lr.windows[0]!.coverage, 50 / 150);
  assert.equal(lr.windows[0]!.quality.accuracy.value, 1);
  assert.equal(lr.reference?.rows, 3000);
  assert.equal(nb.reference, null);
  assert.match(nb.referenceMissing ?? '', /trained before monitoring references existed/);
  assert.equal(nb.windows[0]!.drift.status, 'no_reference');
  assert.match(old.referenceMissing ?? '', /v0 is not the loaded one/);
  assert.equal(report.since, '2026-12-01T00:00:00.000Z');

  const best = await monitoringReport(source, modelSet(), { model: 'best', window: '7d', since: T0, until: T0 + 48 * HOUR });
  assert.equal(source.queries.at(-1)?.model, 'lr', 'best is resolved before asking the source');
  assert.deepEqual(best.models.map((m) => [m.modelSetVersion, m.windows.length]), [['v1', 1], ['v0', 1]]);
});

test('the last-day report covers the loaded set only, one window per model, even with no rows', async () => {
  const source = new ArraySource([...traffic(200, 16, { at: T0 }), ...traffic(200, 17, { at: T0, version: 'v0' })]);
  const day = await lastDayReport(source, modelSet(), T0 + 12 * HOUR);
  assert.deepEqual(day.map((m) => [m.model, m.windows.length, m.windows[0]!.predictions]), [['lr', 1, 200], ['nb', 1, 0]]);
});
