"""Train the content-boundary model on PolNeAR train and write newsprism/extract/models/boundary_model.json.

For every indirect or mixed statement the rules find whose cue is a gold Cue,
each token the content could start (or end) at is an example: positive when
it is the gold Content's first (last) word. Two logistic regressions, fixed
seed, liblinear: deterministic.

Usage:
    python training/train_boundaries.py ../shared/data/polnear/train [--cache /tmp/statements/train.spacy]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from spacy.tokens import Doc

from newsprism.eval.polnear import GoldArticle, GoldAttribution, iter_split
from newsprism.extract.boundaries import (
    BOUNDARY_MODEL_PATH,
    BoundaryModel,
    candidates,
    cue_branches,
    end_features,
    start_features,
)
from newsprism.extract.statements import PARSE_CUE_LEMMAS_EXCLUDED, find_statements
from newsprism.records import Statement

sys.path.insert(0, str(Path(__file__).parent))
from train_attribution import parse_split, training_arguments  # noqa: E402
from train_attribution import train as fit  # noqa: E402

DEFAULT_C = 1.0

Rows = list[dict[str, int]]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def gold_for(statement: Statement, golds: tuple[GoldAttribution, ...]) -> GoldAttribution | None:
    """The gold attribution sharing the statement's cue, with the most content in common."""
    cue = (statement.cue_start, statement.cue_end)
    content = (statement.start, statement.end)
    sharing = [g for g in golds if any(_overlap(cue, c) for c in g.cue)
               and any(_overlap(content, c) for c in g.content)]
    return max(sharing, key=lambda g: sum(_overlap(content, c) for c in g.content), default=None)


def gold_edges(doc: Doc, gold: GoldAttribution) -> tuple[int, int] | None:
    """First and last word tokens of the gold Content (a leading "that" is not a word of it)."""
    start, end = min(s for s, _ in gold.content), max(e for _, e in gold.content)
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    words = [t for t in span if not t.is_punct and not t.is_space]
    if words and words[0].lower_ == "that" and words[0].dep_ == "mark":
        words = words[1:]
    return (words[0].i, words[-1].i) if words else None


def examples(docs: list[Doc], articles: list[GoldArticle]) -> tuple[Rows, list[int], Rows, list[int], int]:
    start_rows: Rows = []
    start_labels: list[int] = []
    end_rows: Rows = []
    end_labels: list[int] = []
    used = 0
    for doc, article in zip(docs, articles):
        # Every draft the rules make, unfiltered: the statement filter is trained after this model.
        for statement in find_statements(doc, [], [], refine_boundaries=False, keep_all=True):
            if statement.kind not in ("indirect", "mixed") or statement.cue_start is None:
                continue
            if statement.cue_lemma in PARSE_CUE_LEMMAS_EXCLUDED:
                continue
            gold = gold_for(statement, article.attributions)
            edges = gold_edges(doc, gold) if gold is not None else None
            cue_span = doc.char_span(statement.cue_start, statement.cue_end, alignment_mode="expand")
            if edges is None or cue_span is None or not len(cue_span):
                continue
            cue = cue_span[0]
            found = candidates(doc, statement.start, statement.end, cue)
            if found is None or edges[0] not in found.starts or edges[1] not in found.ends:
                continue
            used += 1
            branches = cue_branches(cue)
            for i in found.starts:
                start_rows.append(dict.fromkeys(start_features(doc[i], cue, found.rule_start, branches), 1))
                start_labels.append(int(i == edges[0]))
            for i in found.ends:
                end_rows.append(dict.fromkeys(end_features(doc[i], cue, found.rule_end, branches), 1))
                end_labels.append(int(i == edges[1]))
    return start_rows, start_labels, end_rows, end_labels, used


def main(argv: list[str] | None = None) -> int:
    parser = training_arguments(__doc__.splitlines()[0], DEFAULT_C, BOUNDARY_MODEL_PATH)
    args = parser.parse_args(argv)
    started = time.time()
    articles = list(iter_split(args.train_dir))
    docs = parse_split(articles, args.cache)
    start_rows, start_labels, end_rows, end_labels, used = examples(docs, articles)
    print(f"{len(articles)} articles, {used} statements, {len(start_rows)} start / {len(end_rows)} end candidates",
          file=sys.stderr)
    BoundaryModel(fit(start_rows, start_labels, args.c), fit(end_rows, end_labels, args.c)).save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB) in {time.time() - started:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
