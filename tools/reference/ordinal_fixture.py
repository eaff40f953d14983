#!/usr/bin/python3
"""Writes src/models/fixtures/ordinal-reference.json: for the seeded synthetic matrix of
linear-reference.json (no real reviews), scikit-learn's binary LogisticRegression(C, lbfgs) on
(rating > k) for each threshold k = 1..4, with and without balanced class weights, and its
P(rating > k) on the held-out rows. review-stars' ordinal model must reproduce them. Run with
Debian's Python: /usr/bin/python3."""
import json
import os

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(__file__)
SOURCE = os.path.join(HERE, "..", "..", "src", "models", "fixtures", "linear-reference.json")
OUT = os.path.join(HERE, "..", "..", "src", "models", "fixtures", "ordinal-reference.json")

with open(SOURCE, encoding="utf-8") as f:
    ref = json.load(f)
rows, cols, train = ref["rows"], ref["cols"], ref["trainRows"]
X = sp.csr_matrix((ref["tfidf"]["data"], ref["tfidf"]["indices"], ref["tfidf"]["indptr"]), shape=(rows, cols))
y = np.asarray(ref["labels"])
cases = []
for C in (1.0, 10.0):
    for weight in (None, "balanced"):
        above = []
        for k in range(4):
            target = (y[:train] > k).astype(int)
            model = LogisticRegression(C=C, class_weight=weight, solver="lbfgs", max_iter=10000, tol=1e-10)
            model.fit(X[:train], target)
            above.append(model.predict_proba(X[train:])[:, 1].tolist())
        cases.append({"C": C, "classWeight": weight, "above": above})
with open(OUT, "w", encoding="utf-8") as f:
    json.dump({"generatedBy": "tools/reference/ordinal_fixture.py", "sklearn": sklearn.__version__,
               "source": "linear-reference.json (tfidf matrix, labels)", "cases": cases}, f, indent=1)
    f.write("\n")
print(f"wrote {OUT}")
