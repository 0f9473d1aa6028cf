"""Frozen MiniLM cue head stacked on the linear cue model, measured on PolNeAR dev (nothing shipped).

Every candidate cue the shipped linear cue model is unsure of (probability in [low, high)) is
encoded, in its sentence, by the frozen int8 all-MiniLM-L6-v2 (``minilm.token_vectors``, the
shipped ``newsprism/models/minilm``). A logistic head over the candidate's
384-dimensional vector learns gold cue heads on PolNeAR train; its out-of-fold score (5 folds by
article) is stacked with the linear model's logit by a 3-weight logistic regression
(``minilm.CueHead``). Deterministic (liblinear, fixed seed, fixed folds).

Prints cue-level F1 on dev (linear model, head alone, stack), the statement scores of
``newsprism eval polnear`` with the stacked probabilities in place of the linear ones at each
``--thresholds`` value, the same with the statement filter retrained (as
``training/train_statements.py`` does) on the stacked, out-of-fold train scores at each
``--filter-at`` cue threshold, and with ``--speed`` the CPU cost of the encoder pass on the dev
texts against their parse.

Usage:
    python training/experiments/encoder_cues.py ../shared/data/polnear --cache-dir /tmp/enc \\
        --low 0.15 --high 0.6 --thresholds 0.3,0.35,0.4 --filter-at 0.3 --speed
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from minilm import DEFAULT_DIR, DIM, CueHead, sentences_of, token_vectors, unsure  # noqa: E402
from train_attribution import cue_heads, parse_split, quote_mask  # noqa: E402

from newsprism.eval.polnear import Scores, iter_split, score_article  # noqa: E402
from newsprism.extract import statements as statements_module  # noqa: E402
from newsprism.extract.cues import (  # noqa: E402
    TokenAttributes,
    candidate_tokens,
    cue_features,
    load_cue_lexicon,
    load_cue_model,
)

SEED = 13
FOLDS = 5


def base_probabilities(doc, table: TokenAttributes) -> dict[int, float]:
    """The shipped linear cue model's probability of every candidate (token index → p)."""
    model, lexicon, mask = load_cue_model(), load_cue_lexicon(), quote_mask(doc)
    return {t.i: model.probability(cue_features(t, mask[t.i], lexicon, table))
            for t in candidate_tokens(doc, model.vocabulary, table)}


def candidate_rows(docs, articles, low: float, high: float, model_dir: Path, vector_cache: Path | None = None):
    """Arrays over all candidates: doc index, token index, linear probability, label, unsure, vector."""
    rows, jobs = [], []
    for d, doc in enumerate(docs):
        heads = cue_heads(doc, articles[d])
        table = TokenAttributes.of(doc)
        base = base_probabilities(doc, table)
        inside = set(unsure(base, low, high))
        jobs.extend((d, s, table.text[s:e]) for s, e in sentences_of(sorted(inside), table.sent_start, table.sent_end))
        rows.extend((d, i, base[i], int(i in heads), i in inside) for i in sorted(base))
    cols = tuple(np.array(col) for col in zip(*rows))
    if vector_cache is not None and vector_cache.exists():
        x = np.load(vector_cache)
        if len(x) == len(rows):
            return (*cols, x)
    started = time.time()
    vectors = token_vectors([words for *_, words in jobs], model_dir)
    where = {(d, s + k): v for (d, s, _w), vs in zip(jobs, vectors) for k, v in enumerate(vs)}
    x = np.zeros((len(rows), DIM), dtype=np.float32)
    for n, (d, i, _p, _y, g) in enumerate(rows):
        if g:
            x[n] = where[(d, i)]
    words, total = sum(len(w) for *_, w in jobs), sum(len(doc) for doc in docs)
    print(f"  {len(rows)} candidates, {int(cols[3].sum())} cues; encoded {len(jobs)} sentences, {words}/{total} "
          f"tokens ({words / max(total, 1):.0%}) in {time.time() - started:.0f} s", file=sys.stderr)
    if vector_cache is not None:
        np.save(vector_cache, x)
    return (*cols, x)


def fit_logistic(x, y, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=1000).fit(x, y)


def stack_matrix(base_p: np.ndarray, head: np.ndarray) -> np.ndarray:
    p = np.clip(base_p, 1e-6, 1 - 1e-6)
    lin = np.log(p / (1 - p))
    return np.column_stack([lin, head, lin * head])


def train_head(doc_i, base_p, label, is_unsure, x, c: float, low: float, high: float) -> tuple[CueHead, np.ndarray]:
    """The head and the stack; and each unsure train candidate's out-of-fold stacked probability."""
    xs, ys, groups, bs = x[is_unsure], label[is_unsure], doc_i[is_unsure], base_p[is_unsure]
    oof = np.zeros(len(ys))
    for f in range(FOLDS):
        test = groups % FOLDS == f
        oof[test] = fit_logistic(xs[~test], ys[~test], c).decision_function(xs[test])
    head = fit_logistic(xs, ys, c)
    stacker = fit_logistic(stack_matrix(bs, oof), ys, 1.0)
    return (CueHead(weights=tuple(head.coef_[0].tolist()), bias=float(head.intercept_[0]),
                    stack=tuple(stacker.coef_[0].tolist()), stack_bias=float(stacker.intercept_[0]),
                    low=low, high=high, threshold=0.5),
            stacker.predict_proba(stack_matrix(bs, oof))[:, 1])


def best_f1(p: np.ndarray, y: np.ndarray, missed: int) -> tuple[float, float]:
    """Best cue F1 over thresholds 0.05-0.95; gold cues that are no candidate count as misses."""
    best = (0.0, 0.0)
    for t in np.arange(0.05, 0.96, 0.05):
        tp = int(((p >= t) & (y == 1)).sum())
        fp = int(((p >= t) & (y == 0)).sum())
        fn = int(((p < t) & (y == 1)).sum()) + missed
        best = max(best, (2 * tp / max(2 * tp + fp + fn, 1), round(float(t), 2)))
    return best


class UsingProbabilities:
    """Within the block, ``find_statements`` takes its cues from ``probs[doc index]`` at ``threshold``."""

    def __init__(self, probs: list[dict[int, float]], threshold: float) -> None:
        self.probs, self.threshold, self.doc = probs, threshold, 0

    def find_cues(self, doc, inside_quote, model=None):
        for i, p in sorted(self.probs[self.doc].items()):
            if p >= self.threshold:
                yield doc[i], p

    def __enter__(self):
        self.original = statements_module.find_cues
        statements_module.find_cues = self.find_cues
        return self

    def __exit__(self, *exc):
        statements_module.find_cues = self.original


def statement_scores(docs, articles, probs: list[dict[int, float]] | None, threshold: float) -> Scores:
    """``newsprism eval polnear`` with ``probs`` as the cue probabilities (None: the shipped model)."""
    from newsprism.extract import analyze_doc
    from newsprism.records import Article

    total = Scores()
    patch = UsingProbabilities(probs, threshold) if probs is not None else None
    if patch is not None:
        patch.__enter__()
    try:
        for d, (doc, gold) in enumerate(zip(docs, articles)):
            if patch is not None:
                patch.doc = d
            result = analyze_doc(Article(article_id=gold.name, text=gold.text), doc)
            total.add(score_article(gold.text, gold.attributions, result.statements))
    finally:
        if patch is not None:
            patch.__exit__()
    return total


def retrained_filter(docs, articles, probs: list[dict[int, float]], threshold: float) -> dict[str, float]:
    """The statement filter fitted as training/train_statements.py does, on the stacked train scores."""
    from train_statements import DEFAULT_C, examples, fit

    patch = UsingProbabilities(probs, threshold)
    rows, labels = [], []
    with patch:
        for d, (doc, article) in enumerate(zip(docs, articles)):
            patch.doc = d
            r, y = examples([doc], [article])
            rows += r
            labels += y
    return fit(rows, labels, DEFAULT_C)


def use_filter(weights: dict[str, float], threshold: float) -> None:
    from newsprism.extract.confidence import StatementModel

    model = StatementModel(weights, threshold)
    statements_module.load_statement_model = lambda: model


def speed(texts: list[str], head: CueHead, model_dir: Path) -> str:
    """CPU seconds of the parse, of the linear cue scores and of the encoder pass over the dev texts."""
    from newsprism.nlp import load_nlp

    nlp = load_nlp()
    t0 = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=32))
    t1 = time.process_time()
    jobs = []
    for doc in docs:
        table = TokenAttributes.of(doc)
        base = base_probabilities(doc, table)
        tokens = unsure(base, head.low, head.high)
        jobs.extend(table.text[s:e] for s, e in sentences_of(tokens, table.sent_start, table.sent_end))
    t2 = time.process_time()
    token_vectors(jobs, model_dir)
    t3 = time.process_time()
    parse, encode = t1 - t0, t3 - t2
    return (f"speed: parse {parse:.1f} s CPU, encoder pass {encode:.1f} s ({sum(map(len, jobs))} of "
            f"{sum(map(len, docs))} tokens) = {encode / parse:.2f}x the parse (linear cue scores {t2 - t1:.1f} s)")


def table_row(name: str, threshold, s: Scores) -> str:
    cells = [f"{m.precision:.3f} / {m.recall:.3f} / {m.f1:.3f}" for m in (s.overlap, s.exact, s.source)]
    return f"| {name} | {threshold} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/enc"))
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_DIR, help="the exported encoder (training/export_minilm.py)")
    parser.add_argument("--low", type=float, default=0.15)
    parser.add_argument("--high", type=float, default=0.6)
    parser.add_argument("--c", type=float, default=0.1)
    parser.add_argument("--thresholds", default="0.3,0.35,0.4")
    parser.add_argument("--filter-at", default="", help="cue thresholds to retrain the statement filter at")
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args(argv)
    started = time.time()
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    data = {}
    for split in ("train", "dev"):
        articles = list(iter_split(args.polnear / split))
        docs = parse_split(articles, args.cache_dir / f"polnear-{split}.spacy")
        cols = candidate_rows(docs, articles, args.low, args.high, args.model_dir,
                              args.cache_dir / f"vectors-{split}-{args.low}-{args.high}.npy")
        gold = sum(len(cue_heads(doc, a)) for doc, a in zip(docs, articles))
        data[split] = (articles, docs, cols, gold)
        print(f"{split}: {len(docs)} docs [{time.time() - started:.0f} s]", file=sys.stderr)

    doc_i, tok_i, base_p, label, is_unsure, x = data["train"][2]
    head, oof = train_head(doc_i, base_p, label, is_unsure, x, args.c, args.low, args.high)
    train_stacked = base_p.copy()
    train_stacked[is_unsure] = oof
    train_probs: list[dict[int, float]] = [{} for _ in data["train"][1]]
    for d, i, p in zip(doc_i, tok_i, train_stacked):
        train_probs[d][int(i)] = float(p)
    print(f"stack {np.round(head.stack, 3).tolist()} bias {head.stack_bias:.3f} [{time.time() - started:.0f} s]",
          file=sys.stderr)

    articles, docs, (doc_i, tok_i, base_p, label, is_unsure, x), gold = data["dev"]
    raw = x @ np.asarray(head.weights, dtype=np.float32) + head.bias
    stacked = base_p.copy()
    stacked[is_unsure] = head.probabilities(base_p[is_unsure], x[is_unsure])
    print(f"band [{args.low}, {args.high}), C {args.c}: {is_unsure.mean():.0%} of dev candidates rescored")
    print("| cue model on dev candidates (best F1 over thresholds) | cue F1 | threshold |")
    print("|---|---|---|")
    for name, p in (("shipped linear model", base_p),
                    ("MiniLM head alone in the band, linear outside", np.where(is_unsure, 1 / (1 + np.exp(-raw)), base_p)),
                    ("linear + MiniLM head, stacked", stacked)):
        f1, t = best_f1(p, label, gold - int(label.sum()))
        print(f"| {name} | {f1:.3f} | {t} |", flush=True)

    probs: list[dict[int, float]] = [{} for _ in docs]
    for d, i, p in zip(doc_i, tok_i, stacked):
        probs[d][int(i)] = float(p)
    print("\n| cue probabilities | cue threshold | overlap P / R / F1 | exact P / R / F1 | +source P / R / F1 |")
    print("|---|---|---|---|---|")
    print(table_row("shipped linear", 0.3, statement_scores(docs, articles, None, 0.3)), flush=True)
    for t in [float(v) for v in args.thresholds.split(",") if v]:
        print(table_row("stacked", t, statement_scores(docs, articles, probs, t)), flush=True)
    for t in [float(v) for v in args.filter_at.split(",") if v]:
        weights = retrained_filter(data["train"][1], data["train"][0], train_probs, t)
        for ft in (0.4, 0.45, 0.5):
            use_filter(weights, ft)
            print(table_row(f"stacked, filter retrained on them (filter threshold {ft})", t,
                            statement_scores(docs, articles, probs, t)), flush=True)
    if args.speed:
        print(speed([a.text for a in articles], head, args.model_dir))
    print(f"done in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
