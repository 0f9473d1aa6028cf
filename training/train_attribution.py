"""Train the attribution cue model on PolNeAR train and write newsprism/extract/models/cue_model.json.

The model is a logistic regression over the sparse features of
``newsprism.extract.cues.cue_features``: a candidate token is positive when it
is the syntactic head of a gold Cue span. Deterministic (fixed seed, liblinear).

Usage:
    python training/train_attribution.py ../shared/data/polnear/train [--cache /tmp/statements/train.spacy]

Takes a few minutes on 2 cores (most of it parsing; pass --cache to reuse a DocBin).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, DocBin

from newsprism.eval.polnear import GoldArticle, iter_split
from newsprism.extract.cues import (
    MODEL_PATH,
    CueModel,
    TokenAttributes,
    candidate_tokens,
    cue_features,
    load_cue_lexicon,
)
from newsprism.extract.quotes import find_quote_spans
from newsprism.nlp import load_nlp

SEED = 13
DEFAULT_C = 0.1
DEFAULT_THRESHOLD = 0.3


def parse_split(articles: list[GoldArticle], cache: Path | None) -> list[Doc]:
    """Parsed docs of the split, from a DocBin cache when it matches, else parsed (and cached)."""
    nlp = load_nlp()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles) and all(d.text == a.text for d, a in zip(docs, articles)):
            return docs
    docs = list(nlp.pipe((a.text for a in articles), batch_size=32))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def cue_heads(doc: Doc, article: GoldArticle) -> set[int]:
    """Token indices that head a gold Cue span."""
    heads = set()
    for gold in article.attributions:
        tokens = [t for s, e in gold.cue for t in doc.char_span(s, e, alignment_mode="expand") or []]
        ids = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
        if roots:
            heads.add(roots[0].i)
    return heads


def quote_mask(doc: Doc) -> list[bool]:
    mask = [False] * len(doc)
    for q in find_quote_spans(doc.text):
        span = doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                mask[i] = True
    return mask


def cue_vocabulary(docs: list[Doc], articles: list[GoldArticle], min_count: int) -> frozenset[str]:
    """Lemmas heading at least ``min_count`` gold cues, plus the lexicon and the marker words."""
    counts: Counter[str] = Counter()
    for doc, article in zip(docs, articles):
        for i in cue_heads(doc, article):
            counts[(doc[i].lemma_ or doc[i].text).lower()] += 1
    lexicon = load_cue_lexicon()
    return frozenset({lemma for lemma, n in counts.items() if n >= min_count}
                     | {w for w in lexicon if "_" not in w} | {"according", "per", ":"})


def examples(docs: list[Doc], articles: list[GoldArticle],
             vocabulary: frozenset[str]) -> tuple[list[dict[str, int]], list[int]]:
    lexicon = load_cue_lexicon()
    rows, labels = [], []
    for doc, article in zip(docs, articles):
        heads = cue_heads(doc, article)
        mask = quote_mask(doc)
        table = TokenAttributes.of(doc)
        for token in candidate_tokens(doc, vocabulary, table):
            rows.append({f: 1 for f in cue_features(token, mask[token.i], lexicon, table)})
            labels.append(int(token.i in heads))
    return rows, labels


def train(rows: list[dict[str, int]], labels: list[int], c: float) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear wants 32-bit sparse indices
    x.indptr = x.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=500)
    model.fit(x, labels)
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0].tolist()))
    weights["bias"] = weights.get("bias", 0.0) + float(model.intercept_[0])
    return weights


def training_arguments(description: str, default_c: float, default_out: Path,
                       default_threshold: float | None = None) -> argparse.ArgumentParser:
    """The options every training script takes: the split, the parse cache, C, the output file."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--cache", type=Path, default=None, help="DocBin of the parsed split (read or written)")
    parser.add_argument("--c", type=float, default=default_c, help="inverse regularisation strength")
    parser.add_argument("--out", type=Path, default=default_out)
    if default_threshold is not None:
        parser.add_argument("--threshold", type=float, default=default_threshold,
                            help="decision threshold stored with the model (chosen on PolNeAR dev)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = training_arguments(__doc__.splitlines()[0], DEFAULT_C, MODEL_PATH, DEFAULT_THRESHOLD)
    parser.add_argument("--min-count", type=int, default=2, help="cue lemmas seen fewer times are not candidates")
    args = parser.parse_args(argv)
    started = time.time()
    articles = list(iter_split(args.train_dir))
    docs = parse_split(articles, args.cache)
    vocabulary = cue_vocabulary(docs, articles, args.min_count)
    rows, labels = examples(docs, articles, vocabulary)
    print(f"{len(articles)} articles, {len(rows)} candidates, {sum(labels)} cues", file=sys.stderr)
    weights = train(rows, labels, args.c)
    CueModel(weights, args.threshold, vocabulary).save(args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1024:.0f} KB) in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
