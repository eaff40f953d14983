#!/usr/bin/python3
"""Writes src/train/fixtures/metrics-reference.json: scikit-learn's classification metrics on fixed
label vectors, for src/train/metrics.test.ts to match to 1e-12.

The labels are class indices 0..4 (rating - 1) made here from a fixed numpy seed, not from real
reviews. Cases:
  - random: 600 rows with skewed true ratings, predictions right 55% of the time and otherwise a
    rating near the true one, and a branch per row (per-branch metrics are computed on each subset);
  - never_predicted_and_absent: rating 2 (class 1) is true but never predicted, rating 4 (class 3)
    appears nowhere, so the macro average runs over 4 classes, not 5;
  - predicted_but_absent: rating 1 (class 0) is predicted but never true;
  - single_class: every row is rating 5 and predicted so (macro-F1 over that one class = 1).

Per-class precision/recall/F1/support use labels=[0..4] with zero_division=0 (an absent class gets 0);
macro-F1 uses scikit-learn's default labels (those present in y_true or y_pred), also with
zero_division=0. Run with Debian's Python (the one that has scikit-learn):

    /usr/bin/python3 tools/reference/metrics_fixture.py

It reads no file and writes only the fixture; the test suite does not run it.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    mean_absolute_error,
    precision_recall_fscore_support,
)

OUT = pathlib.Path(__file__).resolve().parents[2] / "src" / "train" / "fixtures" / "metrics-reference.json"
LABELS = [0, 1, 2, 3, 4]
BRANCHES = ["Disneyland_California", "Disneyland_HongKong", "Disneyland_Paris"]
SEED = 20240611


def metrics(y_true, y_pred):
    """The metrics of review-stars' `Metrics` type, computed by scikit-learn (withinOne by numpy)."""
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=LABELS, zero_division=0
    )
    return {
        "n": int(len(y_true)),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macroF1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "mae": float(mean_absolute_error(y_true, y_pred)),
        "withinOne": float(np.mean(np.abs(y_true - y_pred) <= 1)),
        "perClass": [
            {
                "rating": c + 1,
                "precision": float(precision[c]),
                "recall": float(recall[c]),
                "f1": float(f1[c]),
                "support": int(support[c]),
            }
            for c in LABELS
        ],
        "confusion": confusion_matrix(y_true, y_pred, labels=LABELS).tolist(),
    }


def case(name, y_true, y_pred, branches=None):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    out = {"name": name, "yTrue": y_true.tolist(), "yPred": y_pred.tolist(), "expected": metrics(y_true, y_pred)}
    if branches is not None:
        branches = np.asarray(branches)
        out["branches"] = branches.tolist()
        out["expectedPerBranch"] = {
            b: metrics(y_true[branches == b], y_pred[branches == b]) for b in sorted(set(branches.tolist()))
        }
    return out


def main():
    rng = np.random.RandomState(SEED)
    cases = []

    n = 600
    y_true = rng.choice(5, size=n, p=[0.05, 0.08, 0.15, 0.30, 0.42])
    near = np.clip(y_true + rng.choice([-2, -1, 1, 2], size=n, p=[0.15, 0.35, 0.35, 0.15]), 0, 4)
    y_pred = np.where(rng.rand(n) < 0.55, y_true, near)
    branches = rng.choice(BRANCHES, size=n, p=[0.3, 0.5, 0.2])
    cases.append(case("random", y_true, y_pred, branches))

    n = 60
    y_true = rng.choice([0, 1, 2, 4], size=n)
    y_pred = np.where(rng.rand(n) < 0.5, y_true, rng.choice([0, 2, 4], size=n))
    y_pred[y_pred == 1] = 2
    assert 1 in y_true and 1 not in y_pred and 3 not in y_true and 3 not in y_pred
    cases.append(case("never_predicted_and_absent", y_true, y_pred))

    n = 40
    y_true = rng.choice([1, 2, 3, 4], size=n)
    y_pred = np.where(rng.rand(n) < 0.6, y_true, rng.choice(5, size=n))
    y_pred[:3] = 0
    assert 0 not in y_true and 0 in y_pred
    cases.append(case("predicted_but_absent", y_true, y_pred))

    cases.append(case("single_class", [4] * 7, [4] * 7))

    fixture = {
        "about": "scikit-learn metrics on made-up class indices (rating - 1); written by tools/reference/metrics_fixture.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.relative_to(OUT.parents[3])}: {len(cases)} cases")


if __name__ == "__main__":
    main()
