#!/usr/bin/python3
"""scikit-learn reference for `npm run bench:train`: trains scikit-learn's equivalents of review-stars'
default model set on the same CSV and the same kind of seeded 80/20 split stratified by branch and
rating, scores them and pickles them, and prints one JSON line with the wall and CPU times (per
feature scope, per model, in total), the peak resident memory and the accuracies.

- the original six (`--set original` trains only these): CountVectorizer of the 2,000 most frequent
  terms with NLTK's English stop words plus the original's extras, then the same estimators and
  settings; forests on every core (n_jobs=-1), as review-stars fits them;
- the better models (`--set default`, the default): TfidfVectorizer(ngram_range=(1, 2), min_df=2,
  sublinear_tf=True), then LogisticRegression(C=5, max_iter=200) with class weights balanced ** 0.5,
  the two ordinal models as four binary LogisticRegression(lbfgs, max_iter=300) each (C=10 balanced;
  C=3 with each side's balanced weight ** 0.5), and MultinomialNB(alpha=0.05).

Run with Debian's Python: /usr/bin/python3.
"""
import argparse
import csv
import json
import os
import pickle
import resource
import sys
import tempfile
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.naive_bayes import MultinomialNB  # noqa: E402
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


class Clock:
    """Wall and CPU seconds (every thread) per named step."""

    def __init__(self):
        self.steps = {}

    def run(self, name, fn):
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        self.steps[name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        return out


def powered_weights(y, power):
    """scikit-learn's balanced class weights raised to `power` (review-stars' classWeightPower)."""
    classes, counts = np.unique(y, return_counts=True)
    return {int(c): (len(y) / (len(classes) * n)) ** power for c, n in zip(classes, counts)}


class Ordinal:
    """Four binary LogisticRegression(C) on (rating > k), balanced side weights ** power: P(k) from the thresholds."""

    def __init__(self, C, power):
        self.C, self.power = C, power

    def fit(self, X, y):
        self.models = []
        for k in range(1, 5):
            above = (y > k).astype(int)
            self.models.append(LogisticRegression(C=self.C, max_iter=300, tol=1e-4, class_weight=powered_weights(above, self.power)).fit(X, above))
        return self

    def predict_proba(self, X):
        up = np.column_stack([m.predict_proba(X)[:, 1] for m in self.models])
        up = np.minimum.accumulate(up, axis=1)
        return np.column_stack([1 - up[:, 0], up[:, 0] - up[:, 1], up[:, 1] - up[:, 2], up[:, 2] - up[:, 3], up[:, 3]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--set", choices=["original", "default"], default="default")
    args = parser.parse_args()

    start = time.perf_counter()
    clock = Clock()
    with open(args.data, encoding="utf-8", errors="replace", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Review_Text"].strip() and r["Rating"] in {"1", "2", "3", "4", "5"}]
    texts = np.array([r["Review_Text"] for r in rows], dtype=object)
    y = np.array([int(r["Rating"]) for r in rows])
    branch = np.array([r["Branch"] for r in rows])
    strata = np.array([f"{b}|{r}" for b, r in zip(branch, y)])
    train, test = train_test_split(np.arange(len(rows)), test_size=0.2, random_state=args.seed, stratify=strata)
    stop = sorted(set(NLTK_ENGLISH + EXTRAS))

    def counts(ids_train, ids_test):
        vec = CountVectorizer(max_features=2000, stop_words=stop)
        return vec, vec.fit_transform(texts[ids_train]), vec.transform(texts[ids_test])

    def tfidf(ids_train, ids_test):
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        return vec, vec.fit_transform(texts[ids_train]), vec.transform(texts[ids_test])

    models, scores = {}, {}

    def fit_score(name, est, vec, xtr, ytr, xte, yte):
        clock.run(name, lambda: est.fit(xtr, ytr))
        classes = getattr(est, "classes_", np.arange(1, 6))
        scores[name] = float((classes[est.predict_proba(xte).argmax(axis=1)] == yte).mean())
        models[name] = (vec, est)

    vec, xtr, xte = clock.run("features count2000-all", lambda: counts(train, test))
    for name, est in [
        ("rf_global", RandomForestClassifier(n_estimators=100, max_depth=3, random_state=args.seed, n_jobs=-1)),
        ("lr_global", LogisticRegression()),
        ("dt_global", DecisionTreeClassifier(max_depth=8, random_state=args.seed)),
    ]:
        fit_score(name, est, vec, xtr, y[train], xte, y[test])
    for b in BRANCHES:
        tr, te = train[branch[train] == b], test[branch[test] == b]
        if len(tr) == 0 or len(te) == 0:
            continue
        vb, xbtr, xbte = clock.run(f"features count2000-{b}", lambda: counts(tr, te))
        est = RandomForestClassifier(n_estimators=20, max_depth=5, random_state=args.seed, n_jobs=-1)
        fit_score(f"rf_{b}", est, vb, xbtr, y[tr], xbte, y[te])
    if args.set == "default":
        vt, xttr, xtte = clock.run("features tfidf12-all", lambda: tfidf(train, test))
        for name, est in [
            ("lr_tfidf_global", LogisticRegression(C=5, max_iter=200, tol=1e-4, class_weight=powered_weights(y[train], 0.5))),
            ("ord_tfidf_global", Ordinal(C=10, power=1)),
            ("ord_tfidf_mae_global", Ordinal(C=3, power=0.5)),
            ("nb_global", MultinomialNB(alpha=0.05)),
        ]:
            fit_score(name, est, vt, xttr, y[train], xtte, y[test])
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
            # ru_maxrss is in KiB on Linux
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "steps": clock.steps,
            "accuracy": scores,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
