#!/usr/bin/python3
"""Prints scikit-learn's test accuracy and fit time for the original project's tree models, so that
review-stars' own decision tree and random forests can be compared with them on the same split.

Usage (Debian's Python, the one that has scikit-learn):

    /usr/bin/python3 tools/reference/sklearn_trees.py TRAIN.json TEST.json
    /usr/bin/python3 tools/reference/sklearn_trees.py --fixture src/models/fixtures/tree-reference.json

Each JSON file holds one sparse matrix in CSR form with its labels:
{"rows": R, "cols": C, "indptr": [...R+1], "indices": [...nnz], "data": [...nnz], "y": [...R]}
where y are class indices 0..4 (rating - 1). The output (stdout, one JSON object) gives, per model,
its scikit-learn settings, test accuracy and fit time in seconds (single process, as the original).
It reads only the two files named and writes nothing.

With --fixture it instead writes the unit tests' reference: scikit-learn's exact trees (max_depth 4,
without and with integer sample weights) on a small synthetic count matrix made here from a fixed
seed (no real reviews), with their test-row probabilities. The data is redrawn until every split of
both trees is unique (no other feature or threshold within 1e-9 of its impurity decrease), because
scikit-learn breaks exact ties by its random feature order and review-stars by the lowest feature
id; the test suite does not run this script.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

N_CLASSES = 5

# The original project's settings (its dt_global, rf_global and per-branch forests).
MODELS = {
    "decision_tree_depth8": lambda: DecisionTreeClassifier(max_depth=8, random_state=0),
    "random_forest_100x3": lambda: RandomForestClassifier(n_estimators=100, max_depth=3, random_state=0),
    "random_forest_20x5": lambda: RandomForestClassifier(n_estimators=20, max_depth=5, random_state=0),
}


def fail(message):
    print(f"sklearn_trees.py: {message}", file=sys.stderr)
    sys.exit(2)


def load(path):
    """The CSR matrix and labels in `path`, after checking every field."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as err:
        fail(f"cannot read {path}: {err}")
    for key in ("rows", "cols", "indptr", "indices", "data", "y"):
        if key not in doc:
            fail(f"{path}: missing key '{key}'")
    rows, cols = doc["rows"], doc["cols"]
    if not (isinstance(rows, int) and isinstance(cols, int) and rows > 0 and cols > 0):
        fail(f"{path}: rows and cols must be positive integers")
    indptr = np.asarray(doc["indptr"], dtype=np.int64)
    indices = np.asarray(doc["indices"], dtype=np.int64)
    data = np.asarray(doc["data"], dtype=np.float64)
    y = np.asarray(doc["y"], dtype=np.int64)
    if indptr.shape != (rows + 1,) or indptr[0] != 0 or np.any(np.diff(indptr) < 0):
        fail(f"{path}: indptr must have rows + 1 non-decreasing entries starting at 0")
    if indices.shape != data.shape or indices.shape[0] != indptr[-1]:
        fail(f"{path}: indices and data must both have indptr[-1] = {indptr[-1]} entries")
    if indices.size and (indices.min() < 0 or indices.max() >= cols):
        fail(f"{path}: column indices must lie in 0..{cols - 1}")
    if not np.all(np.isfinite(data)):
        fail(f"{path}: data must be finite")
    if y.shape != (rows,) or (y.size and (y.min() < 0 or y.max() >= N_CLASSES)):
        fail(f"{path}: y must hold one class index 0..{N_CLASSES - 1} per row")
    return sp.csr_matrix((data, indices, indptr), shape=(rows, cols)), y


FIXTURE_ROWS, FIXTURE_TRAIN, FIXTURE_COLS, FIXTURE_DEPTH = 240, 180, 12, 4


def fixture_data(seed):
    """Sparse Poisson counts whose rates depend on the class, a few columns never used."""
    rng = np.random.default_rng(seed)
    y = rng.choice(N_CLASSES, size=FIXTURE_ROWS, p=[0.1, 0.12, 0.18, 0.25, 0.35])
    rates = rng.gamma(0.6, 0.8, size=(N_CLASSES, FIXTURE_COLS))
    rates[:, FIXTURE_COLS - 1] = 0.0  # a feature absent from every row
    dense = rng.poisson(rates[y]).astype(np.float64)
    weight = rng.integers(1, 4, size=FIXTURE_ROWS).astype(np.float64)
    return sp.csr_matrix(dense), y, weight


def best_splits_unique(tree, X, y, w):
    """True when, at every split of `tree`, no other (feature, threshold) comes within 1e-9 of its
    weighted Gini decrease, and that decrease is positive."""
    X = X.toarray()
    t = tree.tree_
    node_rows = {0: np.arange(X.shape[0])}
    for node in range(t.node_count):
        rows = node_rows[node]
        if t.children_left[node] == -1:
            continue
        decreases = []
        for f in range(X.shape[1]):
            values = np.unique(X[rows, f])
            for lo, hi in zip(values[:-1], values[1:]):
                left = X[rows, f] <= (lo + hi) / 2
                decreases.append(gini_decrease(y[rows], w[rows], left))
        decreases.sort(reverse=True)
        if decreases[0] <= 1e-9 or (len(decreases) > 1 and decreases[0] - decreases[1] <= 1e-9):
            return False
        left = X[rows, t.feature[node]] <= t.threshold[node]
        node_rows[t.children_left[node]] = rows[left]
        node_rows[t.children_right[node]] = rows[~left]
    return True


def gini_decrease(y, w, left):
    def weighted_gini(mask):
        totals = np.bincount(y[mask], weights=w[mask], minlength=N_CLASSES)
        total = totals.sum()
        return total * (1 - np.sum((totals / total) ** 2)) if total > 0 else 0.0
    if left.all() or not left.any():
        return -np.inf
    return (weighted_gini(np.ones_like(left)) - weighted_gini(left) - weighted_gini(~left)) / w.sum()


def tree_json(model, X_test):
    t = model.tree_
    value = t.value[:, 0, :]
    return {
        "params": {"max_depth": FIXTURE_DEPTH, "random_state": 0},
        "feature": [int(f) if f >= 0 else -1 for f in t.feature],
        "threshold": [float(v) if f >= 0 else 0.0 for f, v in zip(t.feature, t.threshold)],
        "left": [int(c) for c in t.children_left],
        "right": [int(c) for c in t.children_right],
        "value": (value / value.sum(axis=1, keepdims=True)).ravel().tolist(),
        "testProba": model.predict_proba(X_test).ravel().tolist(),
    }


def csr_json(X, y, **extra):
    X = X.tocsr()
    X.sort_indices()
    out = {"rows": X.shape[0], "cols": X.shape[1], "indptr": X.indptr.tolist(), "indices": X.indices.tolist(),
           "data": X.data.tolist(), "y": [int(v) for v in y]}
    out.update(extra)
    return out


def write_fixture(path):
    for seed in range(1000):
        X, y, w = fixture_data(seed)
        X_train, X_test = X[:FIXTURE_TRAIN], X[FIXTURE_TRAIN:]
        y_train, y_test, w_train = y[:FIXTURE_TRAIN], y[FIXTURE_TRAIN:], w[:FIXTURE_TRAIN]
        if len(np.unique(y_train)) != N_CLASSES:
            continue
        plain = DecisionTreeClassifier(max_depth=FIXTURE_DEPTH, random_state=0).fit(X_train, y_train)
        weighted = DecisionTreeClassifier(max_depth=FIXTURE_DEPTH, random_state=0).fit(X_train, y_train, sample_weight=w_train)
        if best_splits_unique(plain, X_train, y_train, np.ones(FIXTURE_TRAIN)) and best_splits_unique(weighted, X_train, y_train, w_train):
            break
    else:
        fail("no seed below 1000 gives trees without near-ties")
    doc = {
        "description": "scikit-learn DecisionTreeClassifier reference on synthetic counts; written by tools/reference/sklearn_trees.py --fixture",
        "sklearn": sklearn.__version__,
        "seed": seed,
        "train": csr_json(X_train, y_train, sampleWeight=w_train.tolist()),
        "test": csr_json(X_test, y_test),
        "trees": {"unweighted": tree_json(plain, X_test), "weighted": tree_json(weighted, X_test)},
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
        f.write("\n")
    print(f"wrote {path} (seed {seed}, {plain.tree_.node_count} and {weighted.tree_.node_count} nodes)")


def main(argv):
    if len(argv) == 3 and argv[1] == "--fixture":
        write_fixture(argv[2])
        return
    if len(argv) != 3:
        fail("usage: sklearn_trees.py TRAIN.json TEST.json | --fixture OUT.json")
    X_train, y_train = load(argv[1])
    X_test, y_test = load(argv[2])
    if X_train.shape[1] != X_test.shape[1]:
        fail(f"train has {X_train.shape[1]} columns, test has {X_test.shape[1]}")
    results = {}
    for name, make in MODELS.items():
        model = make()
        start = time.perf_counter()
        model.fit(X_train, y_train)
        seconds = time.perf_counter() - start
        accuracy = float(np.mean(model.predict(X_test) == y_test))
        params = {k: v for k, v in model.get_params().items() if k in ("n_estimators", "max_depth", "max_features", "random_state")}
        results[name] = {"params": params, "accuracy": accuracy, "fitSeconds": round(seconds, 4)}
    out = {
        "sklearn": sklearn.__version__,
        "train": {"rows": X_train.shape[0], "cols": X_train.shape[1], "nnz": int(X_train.nnz)},
        "test": {"rows": X_test.shape[0]},
        "models": results,
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(sys.argv)
