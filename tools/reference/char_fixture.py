#!/usr/bin/python3
"""Writes src/text/fixtures/char-vectorizer-reference.json: scikit-learn's TfidfVectorizer with
analyzer='char_wb' on a few short reviews written for this fixture (no real review text), for the
character n-gram vectorizer's tests. Run with Debian's Python: /usr/bin/python3."""
import json
import os

import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

TEXTS = [
    "The castle was magical at night",
    "Long queues, rude staff; never again!",
    "Fireworks were amazing, the kids loved it",
    "Okay park but too crowded in summer",
    "Magical day, magical parade",
    "a",
]
CONFIGS = [
    {"ngramRange": [2, 5], "minDf": 1, "maxFeatures": None, "sublinearTf": True},
    {"ngramRange": [1, 3], "minDf": 2, "maxFeatures": None, "sublinearTf": False},
    {"ngramRange": [3, 4], "minDf": 1, "maxFeatures": 40, "sublinearTf": True},
]


def untied_limit(config, wanted):
    """The smallest limit >= wanted at which the kept terms' total counts are strictly above the
    first dropped one's: scikit-learn breaks ties at the cut by an unstable sort, review-stars
    alphabetically, so the fixture avoids a tie there."""
    counts = CountVectorizer(analyzer="char_wb", ngram_range=tuple(config["ngramRange"])).fit_transform(TEXTS).sum(axis=0).A1
    ordered = sorted(counts, reverse=True)
    limit = wanted
    while limit < len(ordered) and ordered[limit - 1] == ordered[limit]:
        limit += 1
    return limit


cases = []
for c in CONFIGS:
    if c["maxFeatures"] is not None:
        c["maxFeatures"] = untied_limit(c, c["maxFeatures"])
    v = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(c["ngramRange"]), min_df=c["minDf"],
                        max_features=c["maxFeatures"], sublinear_tf=c["sublinearTf"])
    X = v.fit_transform(TEXTS).tocsr()
    X.sort_indices()
    cases.append({
        "config": c,
        "terms": v.get_feature_names_out().tolist(),
        "idf": v.idf_.tolist(),
        "indptr": X.indptr.tolist(),
        "indices": X.indices.tolist(),
        "data": X.data.tolist(),
    })
out = os.path.join(os.path.dirname(__file__), "..", "..", "src", "text", "fixtures", "char-vectorizer-reference.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"generatedBy": "tools/reference/char_fixture.py", "sklearn": sklearn.__version__, "texts": TEXTS, "cases": cases}, f, indent=1)
    f.write("\n")
print(f"wrote {out}")
