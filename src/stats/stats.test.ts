import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isReviewStarsError } from '../core/errors.js';
import { repoPath } from '../../test-support/paths.js';
import { histogram, shares } from './histogram.js';
import { entropyBits, jensenShannonDistance, populationStabilityIndex, PSI_EPSILON } from './divergence.js';
import { kolmogorovSf, ksTwoSample } from './ks.js';
import { normalizedWasserstein, wassersteinDistance } from './wasserstein.js';

interface Fixture {
  psiEpsilon: number;
  histograms: { name: string; values: number[]; edges: number[]; counts: number[] }[];
  entropy: { p: number[]; entropy: number }[];
  divergence: { p: number[]; q: number[]; jensenShannon: number; psi: number }[];
  ks: { name: string; a: number[]; b: number[]; statistic: number; pValue: number; method: 'exact' | 'asymp'; asymptoticPValue: number }[];
  wasserstein: { name: string; u: number[]; v: number[]; distance: number; normalized: number }[];
}

const reference = JSON.parse(readFileSync(repoPath('src/stats/fixtures/stats-reference.json'), 'utf8')) as Fixture;
const isInvalidArgument = (err: unknown): boolean => isReviewStarsError(err, 'INVALID_ARGUMENT');

/** |actual - expected| within `rel` of expected's size (and 1e-15 absolute, for zeros). */
function assertClose(actual: number, expected: number, rel: number, label: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + 1e-15, `${label}: ${actual} vs ${expected}`);
}

test('the SciPy fixture holds every kind of case', () => {
  assert.equal(reference.psiEpsilon, PSI_EPSILON);
  assert.ok(reference.ks.some((c) => c.method === 'exact') && reference.ks.some((c) => c.method === 'asymp'));
  assert.ok(reference.histograms.length > 0 && reference.entropy.length >= 5 && reference.divergence.length >= 6 && reference.wasserstein.length >= 4);
});

for (const c of reference.histograms) {
  test(`histogram counts as numpy.histogram with fixed edges ('${c.name}')`, () => {
    const h = histogram(c.values, c.edges);
    assert.deepEqual(h.counts, c.counts);
    assert.deepEqual(h.edges, c.edges);
  });
}

test('histogram counts values outside the edges in the end bins instead of dropping them', () => {
  assert.deepEqual(histogram([-5, 0, 0.5, 1, 2, 99], [0, 1, 2]).counts, [3, 3]);
  assert.throws(() => histogram([Number.NaN], [0, 1]), isInvalidArgument);
  assert.throws(() => histogram([1], [0, 0]), isInvalidArgument);
  assert.throws(() => histogram([1], [0]), isInvalidArgument);
});

test('shares divide counts by their sum and refuse all-zero counts', () => {
  assert.deepEqual(shares([1, 3]), [0.25, 0.75]);
  assert.throws(() => shares([0, 0]), isInvalidArgument);
  assert.throws(() => shares([1, -1]), isInvalidArgument);
});

reference.entropy.forEach((c, i) => {
  test(`entropyBits matches scipy.stats.entropy(base=2) to 1e-12 (case ${i})`, () => {
    assertClose(entropyBits(c.p), c.entropy, 1e-12, `entropy of ${c.p.join(',')}`);
  });
});

reference.divergence.forEach((c, i) => {
  test(`Jensen-Shannon distance matches SciPy's (base 2) and PSI the NumPy formula, to 1e-12 (case ${i})`, () => {
    assertClose(jensenShannonDistance(c.p, c.q), c.jensenShannon, 1e-12, 'Jensen-Shannon');
    assertClose(populationStabilityIndex(c.p, c.q), c.psi, 1e-12, 'PSI');
  });
});

test('distributions over different bins cannot be compared', () => {
  assert.throws(() => jensenShannonDistance([1, 2], [1, 2, 3]), isInvalidArgument);
  assert.throws(() => populationStabilityIndex([0, 0], [1, 1]), isInvalidArgument);
  assert.throws(() => entropyBits([]), isInvalidArgument);
});

for (const c of reference.ks) {
  test(`ksTwoSample matches scipy.stats.ks_2samp(method='auto') on '${c.name}' (${c.a.length} vs ${c.b.length} values)`, () => {
    const r = ksTwoSample(c.a, c.b);
    assert.equal(r.method, c.method);
    assertClose(r.statistic, c.statistic, 1e-12, 'statistic');
    if (c.method === 'exact') {
      assertClose(r.pValue, c.pValue, 1e-9, 'exact p-value');
    } else {
      // Above 10,000 values review-stars uses Kolmogorov's limit distribution (documented), which
      // is SciPy's kstwobign.sf; SciPy's own 'auto' answer differs by a few percent there.
      assertClose(r.pValue, c.asymptoticPValue, 1e-9, 'asymptotic p-value');
      assertClose(r.pValue, c.pValue, 0.1, 'p-value against SciPy auto');
    }
    assertClose(ksTwoSample(c.b, c.a).pValue, r.pValue, 1e-12, 'symmetric');
  });
}

test('kolmogorovSf matches scipy.stats.kstwobign.sf on both sides of its series switch', () => {
  for (const c of reference.ks) {
    const m = Math.max(c.a.length, c.b.length);
    const n = Math.min(c.a.length, c.b.length);
    assertClose(kolmogorovSf(Math.sqrt((m * n) / (m + n)) * c.statistic), c.asymptoticPValue, 1e-9, c.name);
  }
  assert.equal(kolmogorovSf(0), 1);
});

test('ksTwoSample refuses an empty side or a value that is not finite', () => {
  assert.throws(() => ksTwoSample([], [1]), isInvalidArgument);
  assert.throws(() => ksTwoSample([1, Number.POSITIVE_INFINITY], [1]), isInvalidArgument);
});

for (const c of reference.wasserstein) {
  test(`wassersteinDistance matches scipy.stats.wasserstein_distance on '${c.name}', and normalised by numpy.std of the reference`, () => {
    assertClose(wassersteinDistance(c.u, c.v), c.distance, 1e-12, 'distance');
    assertClose(wassersteinDistance(c.v, c.u), c.distance, 1e-12, 'distance, swapped');
    assertClose(normalizedWasserstein(c.u, c.v), c.normalized, 1e-12, 'normalised');
  });
}

test('normalizedWasserstein of a reference without spread is the plain distance', () => {
  assert.equal(normalizedWasserstein([5, 5, 5], [6, 6]), 1);
  assert.throws(() => wassersteinDistance([], [1]), isInvalidArgument);
});
