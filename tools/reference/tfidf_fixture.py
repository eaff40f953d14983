#!/usr/bin/python3
"""Writes scikit-learn's reference results for the text features of review-stars:

- src/text/fixtures/tfidf-reference.json: TfidfTransformer(smooth_idf=True, norm='l2') with
  sublinear_tf False and True, on small count matrices drawn from a fixed numpy seed (one with a
  row of zeros, one with a column present in every row);
- src/text/fixtures/vectorizer-reference.json: CountVectorizer / TfidfVectorizer end to end on a
  dozen short reviews written for this fixture (not review data), for several n-gram ranges and
  minDf / maxDf / maxFeatures / binary / sublinearTf settings. The texts avoid apostrophes,
  hyphens and decimal numbers, so that scikit-learn's token pattern and review-stars' tokenizer
  give the same tokens; stop words are not removed (the two lists differ by design).

Run with Debian's Python (the one that has scikit-learn):

    /usr/bin/python3 tools/reference/tfidf_fixture.py

It reads no file and writes only the two fixtures; the test suite does not run it.
"""
import json
import pathlib

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

SEED = 20261126
FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "src" / "text" / "fixtures"
GENERATED_BY = "tools/reference/tfidf_fixture.py"

# Short reviews written for this fixture; not taken from any data set.
TEXTS = [
    "The castle was magical and the fireworks were magical too.",
    "Long queues, expensive food, and the rides were closed.",
    "Great rides, great parade, great day with the kids!",
    "Space Mountain was closed again. The queues were long and slow.",
    "The parade was fun but the food was expensive.",
    "Magical day. The kids loved the castle and the parade.",
    "Not worth the money: long queues and rude staff.",
    "Fireworks at night were the best part of the day.",
    "Staff were friendly and the park was clean.",
    "Too crowded, too hot, and the queues never ended.",
    "The best park for small kids, clean and friendly.",
    "Rides closed, food expensive, staff rude. Never again!",
    "!!!",
]


def csr_json(m):
    """A CSR matrix as plain lists, indices sorted within rows and explicit zeros removed."""
    m = sp.csr_matrix(m, dtype=np.float64)
    m.eliminate_zeros()
    m.sort_indices()
    return {
        "rows": int(m.shape[0]),
        "cols": int(m.shape[1]),
        "indptr": [int(v) for v in m.indptr],
        "indices": [int(v) for v in m.indices],
        "data": [float(v) for v in m.data],
    }


def transformer_case(name, dense):
    counts = sp.csr_matrix(dense.astype(np.float64))
    plain = TfidfTransformer(smooth_idf=True, sublinear_tf=False, norm="l2").fit(counts)
    sublinear = TfidfTransformer(smooth_idf=True, sublinear_tf=True, norm="l2").fit(counts)
    assert np.array_equal(plain.idf_, sublinear.idf_)
    return {
        "name": name,
        "counts": csr_json(counts),
        "idf": [float(v) for v in plain.idf_],
        "tfidf": csr_json(plain.transform(counts)),
        "tfidfSublinear": csr_json(sublinear.transform(counts)),
    }


def transformer_cases(rng):
    # Sparse counts with some large values (so that 1 + ln(tf) matters) and an all-zero row.
    a = rng.poisson(1.2, size=(12, 9)) * (rng.random((12, 9)) < 0.55)
    a[3, 5] = 17
    a[7, 1] = 9
    a[4, :] = 0
    a[:, 6] = 0
    a[0, 6] = 2  # a column in exactly one row
    # A column present in every row (idf exactly 1) and one present in all but one.
    b = rng.poisson(0.9, size=(10, 7)) * (rng.random((10, 7)) < 0.5)
    b[:, 0] = rng.integers(1, 6, size=10)
    b[:, 3] = rng.integers(1, 3, size=10)
    b[8, 3] = 0
    assert (a[4] == 0).all() and (b[:, 0] > 0).all()
    return [transformer_case("zero row", a), transformer_case("column in every row", b)]


# review-stars config -> scikit-learn vectorizer, for the end-to-end cases.
VECTORIZER_CASES = [
    ("count unigrams", dict(weighting="count", ngramRange=[1, 1], maxFeatures=None, minDf=1, maxDf=1.0, sublinearTf=False, binary=False)),
    ("count bigrams minDf 2", dict(weighting="count", ngramRange=[1, 2], maxFeatures=None, minDf=2, maxDf=1.0, sublinearTf=False, binary=False)),
    ("count binary maxFeatures 15", dict(weighting="count", ngramRange=[1, 2], maxFeatures=15, minDf=1, maxDf=1.0, sublinearTf=False, binary=True)),
    ("tfidf unigrams", dict(weighting="tfidf", ngramRange=[1, 1], maxFeatures=None, minDf=1, maxDf=1.0, sublinearTf=False, binary=False)),
    ("tfidf bigrams sublinear maxFeatures 18", dict(weighting="tfidf", ngramRange=[1, 2], maxFeatures=18, minDf=1, maxDf=1.0, sublinearTf=True, binary=False)),
    ("tfidf trigrams maxDf 0.3", dict(weighting="tfidf", ngramRange=[1, 3], maxFeatures=None, minDf=1, maxDf=0.3, sublinearTf=False, binary=False)),
    ("tfidf bigrams only binary", dict(weighting="tfidf", ngramRange=[2, 2], maxFeatures=None, minDf=1, maxDf=1.0, sublinearTf=False, binary=True)),
]


def sklearn_vectorizer(c):
    common = dict(
        lowercase=True,
        token_pattern=r"(?u)\b\w\w+\b",
        ngram_range=tuple(c["ngramRange"]),
        min_df=c["minDf"],
        max_df=float(c["maxDf"]),
        max_features=c["maxFeatures"],
        binary=c["binary"],
        dtype=np.float64,
    )
    if c["weighting"] == "count":
        return CountVectorizer(**common)
    return TfidfVectorizer(**common, smooth_idf=True, sublinear_tf=c["sublinearTf"], norm="l2")


def check_no_tie_at_cut(c):
    """max_features keeps the most frequent terms; scikit-learn's order among equal counts is not
    specified, so a case is only a fair reference if the cut falls between two different counts."""
    if c["maxFeatures"] is None:
        return
    full = CountVectorizer(
        lowercase=True, token_pattern=r"(?u)\b\w\w+\b", ngram_range=tuple(c["ngramRange"]),
        min_df=c["minDf"], max_df=float(c["maxDf"]), binary=c["binary"],
    )
    totals = np.sort(np.asarray(full.fit_transform(TEXTS).sum(axis=0)).ravel())[::-1]
    k = c["maxFeatures"]
    assert len(totals) > k and totals[k - 1] != totals[k], f"tie at the maxFeatures cut: {totals[k - 1]}"


def vectorizer_cases():
    cases = []
    for name, c in VECTORIZER_CASES:
        check_no_tie_at_cut(c)
        v = sklearn_vectorizer(c)
        X = v.fit_transform(TEXTS)
        case = {
            "name": name,
            "config": dict(c, stopWords="none"),
            "terms": [str(t) for t in v.get_feature_names_out()],
            "X": csr_json(X),
            "idf": [float(x) for x in v.idf_] if c["weighting"] == "tfidf" else None,
        }
        cases.append(case)
    return cases


def main():
    rng = np.random.default_rng(SEED)
    header = {
        "generatedBy": GENERATED_BY,
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "seed": SEED,
    }
    tfidf = dict(header, note="Synthetic count matrices from a seeded numpy generator; CSR with sorted indices.",
                 cases=transformer_cases(rng))
    vectorizer = dict(header, note="Short reviews written for this fixture (not review data); stop words kept.",
                      texts=TEXTS, cases=vectorizer_cases())
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, obj in (("tfidf-reference.json", tfidf), ("vectorizer-reference.json", vectorizer)):
        (FIXTURES / name).write_text(json.dumps(obj, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {FIXTURES / name}")


if __name__ == "__main__":
    main()
