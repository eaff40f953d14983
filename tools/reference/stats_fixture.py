#!/usr/bin/python3
"""Writes src/stats/fixtures/stats-reference.json: SciPy's (and NumPy's) answers for the drift
statistics of src/stats, for src/stats/*.test.ts to match.

Every input is made here from a fixed NumPy seed (no review, no file is read). Cases:
  - histogram: numpy.histogram with fixed edges, values inside the edges (review-stars also counts
    values outside them in the end bins; numpy drops them, so the fixture keeps them inside);
  - entropy: scipy.stats.entropy(pk, base=2), pk normalised by SciPy as by review-stars;
  - jensen_shannon: scipy.spatial.distance.jensenshannon(p, q, base=2);
  - psi: the population stability index sum((a - e) * ln(a / e)) over shares, an empty bin's share
    replaced by 1e-4 (SciPy has no PSI: this is the formula written with NumPy, as monitoring tools
    such as Evidently compute it);
  - ks_2samp: scipy.stats.ks_2samp(a, b) with method='auto' (exact below 10,001 values per side,
    SciPy's choice), plus scipy.stats.kstwobign.sf(sqrt(en) * D) for every case, the asymptotic
    p-value review-stars uses when a side has more than 10,000 values;
  - wasserstein: scipy.stats.wasserstein_distance(u, v) and the same divided by numpy.std(u).

Run with Debian's Python (the one that has SciPy: apt-get install python3-scipy):

    /usr/bin/python3 tools/reference/stats_fixture.py

It writes only the fixture; the test suite does not run it.
"""
import json
import math
import pathlib

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

OUT = pathlib.Path(__file__).resolve().parents[2] / "src" / "stats" / "fixtures" / "stats-reference.json"
SEED = 20261204
PSI_EPSILON = 1e-4


def psi(expected, actual):
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    e = e / e.sum()
    a = a / a.sum()
    e = np.where(e == 0, PSI_EPSILON, e)
    a = np.where(a == 0, PSI_EPSILON, a)
    return float(np.sum((a - e) * np.log(a / e)))


def ks_case(name, a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    r = stats.ks_2samp(a, b)  # method='auto'
    m, n = sorted([float(len(a)), float(len(b))], reverse=True)
    en = m * n / (m + n)
    return {
        "name": name,
        "a": a.tolist(),
        "b": b.tolist(),
        "statistic": float(r.statistic),
        "pValue": float(r.pvalue),
        "method": "exact" if max(len(a), len(b)) <= 10000 else "asymp",
        "asymptoticPValue": float(stats.kstwobign.sf(math.sqrt(en) * r.statistic)),
    }


def main():
    rng = np.random.RandomState(SEED)

    edges = [0.0, 1.0, 2.5, 5.0, 7.5, 10.0]
    values = np.round(rng.uniform(0, 10, size=300), 3)
    values[:4] = [0.0, 10.0, 2.5, 5.0]  # edges: left-closed bins, the last one closed on both sides
    counts, _ = np.histogram(values, bins=edges)
    histograms = [{"name": "uniform_with_edges", "values": values.tolist(), "edges": edges, "counts": counts.tolist()}]

    entropy_cases = [
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [1.0, 0.0, 0.0, 0.0, 0.0],
        [0.05, 0.1, 0.15, 0.3, 0.4],
        [3, 1, 0, 0, 6],  # counts: normalised first
        rng.dirichlet([0.5] * 5).tolist(),
    ]
    entropy = [{"p": list(map(float, p)), "entropy": float(stats.entropy(p, base=2))} for p in entropy_cases]

    pairs = [
        ([0.1, 0.2, 0.3, 0.2, 0.2], [0.1, 0.2, 0.3, 0.2, 0.2]),
        ([0.1, 0.2, 0.3, 0.2, 0.2], [0.3, 0.3, 0.2, 0.1, 0.1]),
        ([1.0, 0, 0, 0, 0], [0, 0, 0, 0, 1.0]),
        ([0.5, 0.5, 0, 0, 0], [0, 0.25, 0.25, 0.25, 0.25]),
        ([10, 20, 30, 25, 15], [12, 18, 33, 20, 17]),  # counts: normalised first
        (rng.dirichlet([1] * 5).tolist(), rng.dirichlet([1] * 5).tolist()),
    ]
    divergence = [
        {"p": list(map(float, p)), "q": list(map(float, q)), "jensenShannon": float(jensenshannon(p, q, base=2)), "psi": psi(p, q)}
        for p, q in pairs
    ]

    ks = [
        ks_case("small_unequal", np.round(rng.normal(0, 1, 20), 4), np.round(rng.normal(0.5, 1, 35), 4)),
        ks_case("equal_sizes", np.round(rng.normal(0, 1, 50), 4), np.round(rng.normal(0.3, 1.2, 50), 4)),
        ks_case("ties", rng.randint(0, 6, 40), rng.randint(1, 7, 70)),
        ks_case("same_distribution", np.round(rng.exponential(1, 300), 4), np.round(rng.exponential(1, 450), 4)),
        ks_case("shifted_medium", np.round(rng.beta(2, 5, 1000), 4), np.round(rng.beta(2.3, 5, 2500), 4)),
        ks_case("identical", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
        ks_case("disjoint", [1, 2, 3], [10, 11, 12, 13]),
        ks_case("large_asymptotic", rng.randint(0, 400, 12000), rng.randint(0, 410, 800)),
    ]

    wasserstein = []
    for name, u, v in [
        ("normal_shift", np.round(rng.normal(100, 20, 200), 2), np.round(rng.normal(110, 25, 150), 2)),
        ("lengths_short", rng.lognormal(6, 0.8, 300).round(), rng.lognormal(4, 0.5, 120).round()),
        ("ties", [1, 1, 2, 2, 3], [1, 2, 2, 2, 5, 5]),
        ("identical", [3.0, 1.0, 2.0], [1.0, 2.0, 3.0]),
    ]:
        u = np.asarray(u, dtype=float)
        v = np.asarray(v, dtype=float)
        d = float(stats.wasserstein_distance(u, v))
        wasserstein.append({"name": name, "u": u.tolist(), "v": v.tolist(), "distance": d, "normalized": d / float(np.std(u))})

    fixture = {
        "about": "SciPy/NumPy statistics on made-up numbers; written by tools/reference/stats_fixture.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "psiEpsilon": PSI_EPSILON,
        "histograms": histograms,
        "entropy": entropy,
        "divergence": divergence,
        "ks": ks,
        "wasserstein": wasserstein,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.relative_to(OUT.parents[3])}: {len(ks)} KS cases")


if __name__ == "__main__":
    main()
