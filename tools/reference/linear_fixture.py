#!/usr/bin/python3
"""Writes src/models/fixtures/linear-reference.json: scikit-learn's reference probabilities for the
linear models (multinomial logistic regression with L2, multinomial naive Bayes).

The data are synthetic word-count-like rows made here from a fixed numpy seed (no real reviews):
5 classes with skewed frequencies, each class drawing words from its own noisy distribution over 60
terms, a few rows empty. The first TRAIN_ROWS rows train every model; the probabilities are those
of the remaining rows. The TF-IDF version is scikit-learn's TfidfTransformer fitted on the training
rows. Run with Debian's Python (the one that has scikit-learn):

    /usr/bin/python3 tools/reference/linear_fixture.py

It reads no file and writes only the fixture; the test suite does not run it.
"""
import json
import pathlib
import warnings

import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
from scipy.optimize import minimize
from scipy.special import logsumexp
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.naive_bayes import MultinomialNB

SEED = 20240607
ROWS, COLS, N_CLASSES = 400, 60, 5
TRAIN_ROWS = 320
EMPTY_ROWS = 12
CLASS_FREQUENCIES = np.array([0.09, 0.10, 0.17, 0.29, 0.35])
OUT = pathlib.Path(__file__).resolve().parents[2] / "src" / "models" / "fixtures" / "linear-reference.json"


def make_data(rng):
    """Counts (CSR), labels and integer sample weights with a real but noisy class signal."""
    labels = rng.choice(N_CLASSES, size=ROWS, p=CLASS_FREQUENCIES)
    # A shared background distribution plus, per class, a few boosted "sentiment" terms; the
    # boosts overlap between neighbouring ratings so that the task is learnable but noisy.
    background = rng.dirichlet(np.full(COLS, 0.8))
    class_dists = np.empty((N_CLASSES, COLS))
    for c in range(N_CLASSES):
        boost = np.zeros(COLS)
        centre = 6 + 10 * c
        boost[max(0, centre - 8):centre + 8] = rng.uniform(0.0, 0.05, size=len(range(max(0, centre - 8), centre + 8)))
        d = background + boost + rng.dirichlet(np.full(COLS, 0.3)) * 0.2
        class_dists[c] = d / d.sum()
    lengths = rng.poisson(9.0, size=ROWS) + 1
    lengths[rng.choice(ROWS, size=EMPTY_ROWS, replace=False)] = 0
    dense = np.zeros((ROWS, COLS))
    for r in range(ROWS):
        if lengths[r] > 0:
            dense[r] = rng.multinomial(lengths[r], class_dists[labels[r]])
    sample_weight = rng.integers(1, 4, size=TRAIN_ROWS).astype(np.float64)
    return sp.csr_matrix(dense), labels, sample_weight


def csr_json(m):
    m = m.tocsr()
    m.sort_indices()
    return {"indptr": m.indptr.tolist(), "indices": m.indices.tolist(), "data": [float(v) for v in m.data]}


def lr_gradient_inf_norm(model, X, y, sample_weight, C):
    """Max |gradient| of sum(s_i * -log p(y_i|x_i)) + ||W||^2 / (2C) at the fitted solution."""
    W, b = model.coef_, model.intercept_
    Z = X @ W.T + b
    P = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))
    Y = np.eye(N_CLASSES)[y]
    R = (P - Y) * sample_weight[:, None]
    gW = np.asarray(X.T @ R).T + W / C
    gb = R.sum(axis=0)
    return float(max(np.abs(gW).max(), np.abs(gb).max()))


def lr_polished(model, X, y, sample_weight, C):
    """Continues scikit-learn's own objective from its solution until the gradient vanishes.

    LogisticRegression's lbfgs stops on scipy's relative-reduction test (ftol ~2.2e-9) long
    before tol=1e-10, so its solution carries a gradient of ~1e-3. The same LinearModelLoss and
    L-BFGS-B with that test disabled give the exact optimum, to bound how far scikit-learn's
    answer is from it and to test the optimiser more tightly than scikit-learn itself converges.
    """
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=N_CLASSES), fit_intercept=True)
    w0 = np.hstack([model.coef_, model.intercept_[:, None]]).ravel(order="F")
    res = minimize(
        loss.loss_gradient, w0, method="L-BFGS-B", jac=True,
        args=(X, y.astype(np.float64), sample_weight, 1.0 / C, 1),
        options={"gtol": 1e-11, "ftol": 0.0, "maxiter": 20000, "maxfun": 40000},
    )
    coef = res.x.reshape((N_CLASSES, -1), order="F")
    polished = LogisticRegression(multi_class="multinomial")
    polished.classes_, polished.coef_, polished.intercept_ = model.classes_, coef[:, :-1], coef[:, -1]
    return polished


def rounded(probabilities):
    """13 significant digits: far below every tolerance the tests use, and a smaller file."""
    return [[float(f"{p:.13g}") for p in row] for row in probabilities]


def main():
    rng = np.random.default_rng(SEED)
    counts, labels, sample_weight = make_data(rng)
    tfidf = TfidfTransformer().fit(counts[:TRAIN_ROWS]).transform(counts)
    features = {"counts": counts, "tfidf": tfidf}
    y_train = labels[:TRAIN_ROWS]
    assert len(np.unique(y_train)) == N_CLASSES, "every class must appear in training"
    ones = np.ones(TRAIN_ROWS)

    cases = []
    lr_settings = [
        (f, C, cw, False) for f in ("counts", "tfidf") for C in (1.0, 0.1) for cw in (None, "balanced")
    ] + [("counts", 1.0, None, True), ("tfidf", 1.0, "balanced", True)]
    for feat, C, cw, weighted in lr_settings:
        X = features[feat]
        sw = sample_weight if weighted else ones
        model = LogisticRegression(
            solver="lbfgs", multi_class="multinomial", penalty="l2", C=C, class_weight=cw, max_iter=10000, tol=1e-10
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            model.fit(X[:TRAIN_ROWS], y_train, sample_weight=sw)
        effective = sw * (np.ones(N_CLASSES) if cw is None else TRAIN_ROWS / (N_CLASSES * np.bincount(y_train)))[y_train]
        polished = lr_polished(model, X[:TRAIN_ROWS], y_train, effective, C)
        p_sklearn, p_exact = model.predict_proba(X[TRAIN_ROWS:]), polished.predict_proba(X[TRAIN_ROWS:])
        name = f"lr_{feat}_C{C:g}" + ("_balanced" if cw else "") + ("_weighted" if weighted else "")
        cases.append({
            "name": name,
            "algorithm": "logistic_regression",
            "features": feat,
            "params": {"C": C, "classWeight": cw},
            "sampleWeighted": weighted,
            "sklearnIterations": int(model.n_iter_[0]),
            "gradientInfNorm": lr_gradient_inf_norm(model, X[:TRAIN_ROWS], y_train, effective, C),
            "probabilities": rounded(p_sklearn),
            "exactGradientInfNorm": lr_gradient_inf_norm(polished, X[:TRAIN_ROWS], y_train, effective, C),
            "exactProbabilities": rounded(p_exact),
            "maxAbsDifferenceSklearnExact": float(np.abs(p_sklearn - p_exact).max()),
        })

    nb_settings = [
        ("counts", 1.0, True, None, False),
        ("tfidf", 1.0, True, None, False),
        ("counts", 0.1, True, None, False),
        ("counts", 1.0, False, None, False),
        ("counts", 1.0, True, [0.1, 0.1, 0.2, 0.3, 0.3], False),
        ("counts", 1.0, True, None, True),
    ]
    for feat, alpha, fit_prior, class_prior, weighted in nb_settings:
        X = features[feat]
        model = MultinomialNB(alpha=alpha, fit_prior=fit_prior, class_prior=class_prior, force_alpha=True)
        model.fit(X[:TRAIN_ROWS], y_train, sample_weight=sample_weight if weighted else None)
        name = (
            f"nb_{feat}_alpha{alpha:g}"
            + ("" if fit_prior else "_uniform_prior")
            + ("_class_prior" if class_prior else "")
            + ("_weighted" if weighted else "")
        )
        cases.append({
            "name": name,
            "algorithm": "naive_bayes",
            "features": feat,
            "params": {"alpha": alpha, "fitPrior": fit_prior, "classPrior": class_prior},
            "sampleWeighted": weighted,
            "probabilities": rounded(model.predict_proba(X[TRAIN_ROWS:])),
        })

    fixture = {
        "description": (
            "Reference probabilities of scikit-learn's LogisticRegression(solver='lbfgs', "
            "multi_class='multinomial', max_iter=10000, tol=1e-10) and MultinomialNB on synthetic "
            "word-count-like data made from a fixed numpy seed (no real reviews). Rows [0, trainRows) "
            "train, rows [trainRows, rows) are the held-out rows whose probabilities are listed. "
            "For logistic regression, exactProbabilities continue scikit-learn's own objective "
            "(LinearModelLoss, L-BFGS-B without its relative-reduction stop) to a vanishing gradient."
        ),
        "generatedBy": "tools/reference/linear_fixture.py",
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "scipyVersion": scipy.__version__,
        "seed": SEED,
        "rows": ROWS,
        "cols": COLS,
        "trainRows": TRAIN_ROWS,
        "labels": labels.tolist(),
        "sampleWeight": sample_weight.tolist(),
        "counts": csr_json(counts),
        "tfidf": csr_json(tfidf),
        "cases": cases,
    }
    OUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.name}: {len(cases)} cases, {counts.nnz} non-zeros")
    for case in cases:
        extra = (
            f" iterations={case['sklearnIterations']} |grad|={case['gradientInfNorm']:.1e}"
            f" exact |grad|={case['exactGradientInfNorm']:.1e} max|p - p_exact|={case['maxAbsDifferenceSklearnExact']:.1e}"
            if "sklearnIterations" in case else ""
        )
        print(f"  {case['name']}{extra}")


if __name__ == "__main__":
    main()
