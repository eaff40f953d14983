"""Reference service for `npm run bench:serve`: the original FastAPI + scikit-learn design, one model.

It rebuilds the original project's `lr_global` (its text preprocessing, CountVectorizer with 2,000
features, LogisticRegression with default settings) from a reviews CSV at start, keeps the fitted
model in memory (the original reloaded its pickles on every request; caching makes this reference
faster, so the comparison is the stricter for review-stars), and serves the original routes with
HTTP Basic auth under uvicorn with one worker. It is a yardstick for benchmarks, not a product: it
never writes files, never unpickles anything, and serves only `lr_global`.

Run with Debian's Python (python3-fastapi, python3-uvicorn, python3-sklearn):

    REVIEWS_CSV=path/to/reviews.csv /usr/bin/python3 tools/reference/fastapi_service.py --port 8001
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import secrets
import sys
import time
import warnings

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
import uvicorn

MODEL_NAME = "lr_global"
DEV_USER = ("bob", "builder")
MAX_FEATURES = 2000

# NLTK's English stop-word list (nltk.corpus.stopwords.words('english'), 179 words), written out
# because NLTK is not packaged with Debian's Python here, plus the original project's extras.
NLTK_ENGLISH_STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their
    theirs themselves what which who whom this that that'll these those am is are was were be been
    being have has had having do does did doing a an the and but if or because as until while of
    at by for with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how all any
    both each few more most other some such no nor not only own same so than too very s t can will
    just don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn
    didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn
    mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn
    wouldn't
    """.split()
)
ORIGINAL_EXTRA_STOP_WORDS = frozenset(
    ["'ve", "", "'ll", "'s", ".", ",", "?", "!", "(", ")", "..", "'m", "n", "u"]
)
STOP_WORDS = NLTK_ENGLISH_STOP_WORDS | ORIGINAL_EXTRA_STOP_WORDS

# An approximation of NLTK's Treebank word tokenizer (which the original used): words, the
# contraction "n't" split from its stem ("don't" -> "do", "n't"; "cannot" -> "can", "not"), clitics
# ("'s", "'ll", ...) as their own tokens, and every other punctuation mark on its own.
_TOKEN = re.compile(r"\bcan(?=not\b)|\w+(?=n't\b)|n't\b|'(?:s|m|d|ll|re|ve)\b|\w+|\.\.+|[^\w\s]")


def preprocess_text(text: str) -> str:
    """The original's preprocessing: lowercase, word-tokenise, drop stop words, re-join with spaces."""
    return " ".join(t for t in _TOKEN.findall(text.lower()) if t not in STOP_WORDS)


def log(message: str) -> None:
    print(f"fastapi-reference: {message}", file=sys.stderr, flush=True)


def read_reviews(path: str) -> tuple[list[str], list[int]]:
    """Texts and ratings of a reviews CSV (UTF-8, else cp1252); rows without text or a 1-5 rating are counted and skipped."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as err:
        raise SystemExit(f"fastapi-reference: cannot read the reviews CSV {path!r}: {err.strerror}")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
        log("the reviews CSV is not valid UTF-8: read it as cp1252")
    reader = csv.DictReader(content.splitlines())
    missing = {"Rating", "Review_Text"} - set(reader.fieldnames or [])
    if missing:
        raise SystemExit(f"fastapi-reference: the reviews CSV lacks the column(s) {sorted(missing)}")
    texts: list[str] = []
    ratings: list[int] = []
    skipped = 0
    for row in reader:
        text = (row.get("Review_Text") or "").strip()
        rating = (row.get("Rating") or "").strip()
        if not text or rating not in {"1", "2", "3", "4", "5"}:
            skipped += 1
            continue
        texts.append(text)
        ratings.append(int(rating))
    if len(set(ratings)) < 2:
        raise SystemExit("fastapi-reference: the reviews CSV needs rows of at least two ratings to train on")
    log(f"read {len(texts)} reviews ({skipped} rows skipped: no text or no rating 1-5)")
    return texts, ratings


class RatingModel:
    """The original's lr_global: its preprocessing, CountVectorizer(max_features=2000), LogisticRegression()."""

    def __init__(self, texts: list[str], ratings: list[int], seed: int) -> None:
        started = time.perf_counter()
        x_train, x_test, y_train, y_test = train_test_split(
            [preprocess_text(t) for t in texts], ratings, test_size=0.2, random_state=seed, stratify=ratings
        )
        self.vectorizer = CountVectorizer(max_features=MAX_FEATURES)
        features = self.vectorizer.fit_transform(x_train)
        self.classifier = LogisticRegression()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            self.classifier.fit(features, y_train)
        if any(issubclass(w.category, ConvergenceWarning) for w in caught):
            log("LogisticRegression stopped at its default max_iter before converging (the original used the same defaults)")
        self.score = float(self.classifier.score(self.vectorizer.transform(x_test), y_test))
        log(
            f"trained {MODEL_NAME} on {len(x_train)} reviews in {time.perf_counter() - started:.1f} s; "
            f"accuracy on {len(x_test)} held-out reviews: {self.score:.3f}"
        )

    def predict(self, comment: str) -> str:
        """The predicted rating of one comment, as the original returned it (a string)."""
        return str(self.classifier.predict(self.vectorizer.transform([preprocess_text(comment)]))[0])


def build_app(model: RatingModel) -> FastAPI:
    """The original's routes (plus readiness) over one cached model."""
    app = FastAPI(title="Disneyland review rating prediction API (reference)", docs_url=None, redoc_url=None)
    security = HTTPBasic()

    def require_user(credentials: HTTPBasicCredentials = Depends(security)) -> str:
        user_ok = secrets.compare_digest(credentials.username.encode(), DEV_USER[0].encode())
        password_ok = secrets.compare_digest(credentials.password.encode(), DEV_USER[1].encode())
        if not (user_ok and password_ok):
            raise HTTPException(
                status_code=status.HTTP_401_UNAUTHORIZED,
                detail="Could not validate credentials",
                headers={"WWW-Authenticate": "Basic"},
            )
        return credentials.username

    def unknown_model(model_name: str) -> JSONResponse:
        return JSONResponse(
            status_code=404,
            content={"code": "UNKNOWN_MODEL", "message": f"no model {model_name!r}", "available": [MODEL_NAME]},
        )

    @app.get("/")
    async def index() -> dict:
        return {"welcome to": "Disneyland review rating prediction API", "service status": "Online"}

    @app.get("/readyz")
    async def readyz() -> dict:
        return {"status": "ready"}

    @app.get("/permission")
    async def permission(_user: str = Depends(require_user)) -> dict:
        return {"credentials": "valid"}

    @app.get("/performance")
    async def performance(model_name: str, _user: str = Depends(require_user)):
        if model_name != MODEL_NAME:
            return unknown_model(model_name)
        return {"model": model_name, "score": round(model.score, 2)}

    # `async def` as in the original: the CPU-bound prediction runs on the event loop, one at a time.
    @app.get("/prediction")
    async def prediction(model_name: str, comment: str, _user: str = Depends(require_user)):
        if model_name != MODEL_NAME:
            return unknown_model(model_name)
        if comment.strip() == "":
            return JSONResponse(status_code=422, content={"code": "EMPTY_COMMENT", "message": "add a comment to rate"})
        return {"model": model_name, "comment": comment, "rating prediction": model.predict(comment)}

    return app


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--data", default=os.environ.get("REVIEWS_CSV"), help="reviews CSV (default: $REVIEWS_CSV)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the stratified 80/20 split")
    args = parser.parse_args(argv)
    if not args.data:
        parser.error("no reviews CSV: pass --data FILE or set REVIEWS_CSV")
    if not 0 < args.port < 65536:
        parser.error(f"--port must be in 1..65535, got {args.port}")
    texts, ratings = read_reviews(args.data)
    app = build_app(RatingModel(texts, ratings, args.seed))
    log(f"serving {MODEL_NAME} on http://{args.host}:{args.port} (uvicorn, one worker)")
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(sys.argv[1:])
