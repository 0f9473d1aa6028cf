"""Train the statement filter on PolNeAR train and write newsprism/extract/models/statement_model.json.

Every direct, mixed or indirect statement the pipeline finds (with the shipped
cue and boundary models, no filter) is an example. With ``--label cited`` (the
default) it is positive when the overlap score's one-to-one matching pairs it with a
gold Content *and* its speaker mention overlaps that attribution's Source (or both
have none): a statement a reader could cite. ``--label content`` asks only for the
content. A logistic regression (fixed seed, liblinear: deterministic); the thresholds (one for direct quotes)
stored with it were chosen on PolNeAR dev (table in docs/statements.md).

Usage:
    python training/train_statements.py ../shared/data/polnear/train [--cache /tmp/statements/train.spacy]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from spacy.tokens import Doc

from newsprism.eval.polnear import GoldArticle, GoldAttribution, content_segments, iter_split
from newsprism.extract.confidence import (
    JUDGED_KINDS,
    STATEMENT_MODEL_PATH,
    StatementModel,
    statement_features,
)
from newsprism.extract.statements import scored_statements
from newsprism.records import Statement

sys.path.insert(0, str(Path(__file__).parent))
from train_attribution import parse_split, training_arguments  # noqa: E402
from train_attribution import train as fit  # noqa: E402

DEFAULT_C = 1.0
DEFAULT_THRESHOLD = 0.3
DEFAULT_DIRECT_THRESHOLD = 0.15
LABELS = ("cited", "content")


def _source_right(statement: Statement, gold: GoldAttribution) -> bool:
    if statement.speaker_start is None or statement.speaker_end is None:
        return not gold.source
    return any(start < statement.speaker_end and statement.speaker_start < end for start, end in gold.source)


def matched(text: str, statements: list[Statement], article: GoldArticle, label: str = "content") -> set[int]:
    """Indices of the statements the overlap score's one-to-one matching pairs with a gold Content
    (``label="cited"``: and whose speaker mention is right for that attribution)."""
    from scipy.optimize import linear_sum_assignment

    chars = [{i for start, end in content_segments(s, text) for i in range(start, end)} for s in statements]
    golds = [{i for start, end in g.content for i in range(start, end)} for g in article.attributions]
    cost = [[-(1.0 + len(g & c) / len(g)) if g and len(g & c) >= 0.5 * len(g) else 0.0 for c in chars]
            for g in golds]
    if not golds or not statements:
        return set()
    rows, cols = linear_sum_assignment(cost)
    return {col for row, col in zip(rows, cols) if cost[row][col] < 0
            and (label == "content" or _source_right(statements[col], article.attributions[row]))}


def examples(docs: list[Doc], articles: list[GoldArticle],
             label: str = "cited") -> tuple[list[dict[str, int]], list[int]]:
    rows, labels = [], []
    for doc, article in zip(docs, articles):
        scored = scored_statements(doc, [], [])
        statements = [s for s, _ in scored]
        judged = [s for s in statements if s.kind != "term"]
        found = {id(judged[i]) for i in matched(doc.text, judged, article, label)}
        for statement, cue_score in scored:
            if statement.kind not in JUDGED_KINDS:
                continue
            rows.append(dict.fromkeys(statement_features(doc, statement, cue_score, statements), 1))
            labels.append(int(id(statement) in found))
    return rows, labels


def main(argv: list[str] | None = None) -> int:
    parser = training_arguments(__doc__.splitlines()[0], DEFAULT_C, STATEMENT_MODEL_PATH, DEFAULT_THRESHOLD)
    parser.add_argument("--label", choices=LABELS, default="cited",
                        help="positive: content and speaker right (cited) or content found (content)")
    parser.add_argument("--direct-threshold", type=float, default=DEFAULT_DIRECT_THRESHOLD,
                        help="decision threshold for direct quotes (chosen on PolNeAR dev)")
    args = parser.parse_args(argv)
    started = time.time()
    articles = list(iter_split(args.train_dir))
    docs = parse_split(articles, args.cache)
    rows, labels = examples(docs, articles, args.label)
    print(f"{len(articles)} articles, {len(rows)} statements, {sum(labels)} positive ({args.label})", file=sys.stderr)
    StatementModel(fit(rows, labels, args.c), args.threshold, args.direct_threshold).save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB) in {time.time() - started:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
