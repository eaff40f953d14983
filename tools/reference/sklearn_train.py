#!/usr/bin/python3
"""scikit-learn reference for `npm run bench:train`: trains the original project's six models the
way it did (CountVectorizer of the 2,000 most frequent terms with NLTK's English stop words plus the
original's extras, then the same estimators and settings) on the same CSV and the same kind of
seeded 80/20 split stratified by branch and rating, scores them and pickles them, and prints one
JSON line with the wall times and accuracies. Run with Debian's Python: /usr/bin/python3.
"""
import argparse
import csv
import json
import os
import pickle
import sys
import tempfile
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

# NLTK 3.x English stop words (179), plus the original project's extra tokens.
NLTK_ENGLISH = """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their theirs
themselves what which who whom this that that'll these those am is are was were be been being have has
had having do does did doing a an the and but if or because as until while of at by for with about
against between into through during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few more most other some such
no nor not only own same so than too very s t can will just don don't should should've now d ll m o re
ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn
isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren
weren't won won't wouldn wouldn't""".split()
EXTRAS = ["'ve", "''", "'ll", "'s", ".", ",", "?", "!", "(", ")", "..", "'m", "n", "u"]
BRANCHES = ["Disneyland_HongKong", "Disneyland_California", "Disneyland_Paris"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    start = time.perf_counter()
    with open(args.data, encoding="utf-8", errors="replace", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Review_Text"].strip() and r["Rating"] in {"1", "2", "3", "4", "5"}]
    texts = np.array([r["Review_Text"] for r in rows], dtype=object)
    y = np.array([int(r["Rating"]) for r in rows])
    branch = np.array([r["Branch"] for r in rows])
    strata = np.array([f"{b}|{r}" for b, r in zip(branch, y)])
    train, test = train_test_split(np.arange(len(rows)), test_size=0.2, random_state=args.seed, stratify=strata)
    stop = sorted(set(NLTK_ENGLISH + EXTRAS))

    def features(ids_train, ids_test):
        vec = CountVectorizer(max_features=2000, stop_words=stop)
        return vec, vec.fit_transform(texts[ids_train]), vec.transform(texts[ids_test])

    models, scores = {}, {}
    vec, xtr, xte = features(train, test)
    for name, est in [
        ("rf_global", RandomForestClassifier(n_estimators=100, max_depth=3, random_state=args.seed)),
        ("lr_global", LogisticRegression()),
        ("dt_global", DecisionTreeClassifier(max_depth=8, random_state=args.seed)),
    ]:
        est.fit(xtr, y[train])
        scores[name] = float((est.predict(xte) == y[test]).mean())
        models[name] = (vec, est)
    for b in BRANCHES:
        tr, te = train[branch[train] == b], test[branch[test] == b]
        if len(tr) == 0 or len(te) == 0:
            continue
        vb, xbtr, xbte = features(tr, te)
        est = RandomForestClassifier(n_estimators=20, max_depth=5, random_state=args.seed).fit(xbtr, y[tr])
        scores[f"rf_{b}"] = float((est.predict(xbte) == y[te]).mean())
        models[f"rf_{b}"] = (vb, est)
    with tempfile.TemporaryDirectory() as out:
        for name, model in models.items():
            with open(os.path.join(out, f"{name}.pkl"), "wb") as f:
                pickle.dump(model, f)
    end = time.perf_counter()
    json.dump(
        {
            "rows": len(rows),
            "train_seconds": end - start,
            "total_seconds_with_imports": end - T0,
            # user + system time of the whole process (every thread), imports included
            "cpu_seconds": time.process_time(),
            "accuracy": scores,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
