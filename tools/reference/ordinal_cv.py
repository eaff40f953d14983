#!/usr/bin/python3
"""Hyper-parameter selection for review-stars' ordinal models by cross-validation on the training
rows only (`npm run select:ordinal` runs it). Input: a JSON file written by tools/train/select-ordinal.ts
with review-stars' own tokens of every review, the labels, branches and the seeded train/test split.
For each (C, class-weight power) of the grid it fits the ordinal model (one L2 logistic regression
per threshold "rating > k", balanced class weights raised to the power, thresholds made
non-increasing) on TF-IDF uni+bigrams (min_df 2, sublinear tf, L2) refitted inside every fold of a
5-fold split stratified by branch and rating, and prints the pooled out-of-fold accuracy, macro-F1
and MAE (argmax and median decoding). It picks the best macro-F1 (argmax) and the lowest MAE
(median), and only then fits each pick on all training rows and prints its test figures.
Run with Debian's Python: /usr/bin/python3 (scikit-learn).
"""
import argparse
import itertools
import json
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error
from sklearn.model_selection import StratifiedKFold

warnings.filterwarnings("ignore", category=ConvergenceWarning)
GRID_C = [3, 10, 30]
GRID_POWER = [0.5, 0.75, 1.0]


def ordinal_proba(x_train, y_train, x_test, c, power):
    """P(rating = 1..5) from four binary models of P(rating > k), as src/models/ordinal-logistic.ts."""
    above = np.zeros((x_test.shape[0], 4))
    for k in range(1, 5):
        yk = (y_train > k).astype(int)
        counts = np.bincount(yk, minlength=2).astype(float)
        weights = (len(yk) / (2 * counts)) ** power
        model = LogisticRegression(C=c, max_iter=300, tol=1e-4, class_weight={0: weights[0], 1: weights[1]})
        above[:, k - 1] = model.fit(x_train, yk).predict_proba(x_test)[:, 1]
    above = np.minimum.accumulate(above, axis=1)
    return np.column_stack([1 - above[:, 0], above[:, 0] - above[:, 1], above[:, 1] - above[:, 2], above[:, 2] - above[:, 3], above[:, 3]])


def scores(proba, y):
    argmax = proba.argmax(1) + 1
    median = (proba.cumsum(1) >= 0.5).argmax(1) + 1
    return {
        "accuracy": accuracy_score(y, argmax),
        "macroF1": f1_score(y, argmax, average="macro"),
        "mae": mean_absolute_error(y, argmax),
        "medianMae": mean_absolute_error(y, median),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tokens", required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    d = json.load(open(args.tokens, encoding="utf-8"))
    tokens, y, branch = d["tokens"], np.array(d["y"]), np.array(d["branches"])
    train, test = np.array(d["train"]), np.array(d["test"])

    def analyzer(i):  # review-stars' word uni+bigrams of review i
        t = tokens[i]
        return t + [a + " " + b for a, b in zip(t, t[1:])]

    def features(fit_ids, other_ids):
        vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2)
        return vec.fit_transform(fit_ids), vec.transform(other_ids)

    strata = np.array([f"{b}|{r}" for b, r in zip(branch[train], y[train])])
    folds = []
    for a, b in StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(train, strata):
        folds.append((train[a], train[b], *features(train[a], train[b])))

    results = []
    for c, power in itertools.product(GRID_C, GRID_POWER):
        oof = np.zeros((len(y), 5))
        for fit_ids, held_ids, x_fit, x_held in folds:
            oof[held_ids] = ordinal_proba(x_fit, y[fit_ids], x_held, c, power)
        results.append(({"C": c, "classWeightPower": power}, scores(oof[train], y[train])))
        print(f"cv C={c:<3} power={power:<4} " + " ".join(f"{k}={v:.3f}" for k, v in results[-1][1].items()), flush=True)

    x_train, x_test = features(train, test)
    picks = {
        "best macro-F1 (argmax)": max(results, key=lambda r: r[1]["macroF1"]),
        "lowest MAE (median)": min(results, key=lambda r: r[1]["medianMae"]),
    }
    for label, (params, cv) in picks.items():
        held = scores(ordinal_proba(x_train, y[train], x_test, params["C"], params["classWeightPower"]), y[test])
        print(json.dumps({"pick": label, "params": params, "cv": cv, "test": held}))


if __name__ == "__main__":
    main()
