"""Measure the fine-tuned span tagger on PolNeAR dev: each way of using its tags, one row each.

Parses dev once, takes the rule statements (the shipped pipeline), tags their sentences once, then scores
every variant of :class:`newsprism.extract.encoder_spans.Settings` given on the command line
(plus the rule output). Also prints the share of characters encoded and the tagging time
against the parse time (one thread each).

    python training/experiments/encoder_spans_dev.py ../shared/data/polnear/dev --cache /tmp/spans_dev.pkl \\
        --agree 0.3,0.5,0.7 --drop 0,0.3 --edges both,start,end
    python training/experiments/encoder_spans_dev.py ../shared/data/polnear/dev --cache /tmp/spans_dev.pkl \\
        --agree 0.5 --drop 0 --edges both,end --sure 0.8,0.9,0.95
    python training/experiments/encoder_spans_dev.py ../shared/data/polnear/dev --cache /tmp/spans_dev.pkl \\
        --agree 1.01 --drop 0.05,0.1,0.15,0.2
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training" / "experiments"))

from span_tagger import ADJUSTABLE, MODEL_DIR, Settings, SpanTagger, apply_tags, regions  # noqa: E402

from newsprism.eval.polnear import Scores, iter_split, score_article  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    parser.add_argument("--content", default="0.5")
    parser.add_argument("--begin", default="0.5")
    parser.add_argument("--agree", default="0.3,0.5,0.7")
    parser.add_argument("--drop", default="0,0.2,0.3,0.4")
    parser.add_argument("--edges", default="both")
    parser.add_argument("--sure", default="0")
    parser.add_argument("--margin", type=int, default=None, help="context characters around a statement "
                        "(default: whole sentences)")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the parsed statements and tags (reused)")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    from newsprism.extract.entities import find_entities
    from newsprism.extract.statements import find_statements
    from newsprism.nlp import load_nlp

    nlp = load_nlp()
    tagger = SpanTagger(args.model)
    articles = list(iter_split(args.split))[: args.limit or None]
    cached, parse_s, tag_s, chars, encoded = [], 0.0, 0.0, 0, 0
    if args.cache and args.cache.exists():
        cached = pickle.loads(args.cache.read_bytes())
        articles = []
    for article in articles:
        t0 = time.process_time()
        doc = nlp(article.text)
        t1 = time.process_time()
        entities, mentions = find_entities(doc)
        statements = find_statements(doc, entities, mentions)
        t2 = time.process_time()
        spans = regions(doc, [s for s in statements if s.kind in ADJUSTABLE], args.margin)
        tags = tagger.tag(article.text, spans)
        t3 = time.process_time()
        parse_s += t1 - t0
        tag_s += t3 - t2
        chars += len(article.text)
        encoded += sum(b - a for a, b in spans)
        cached.append((article, statements, tags))
    if args.cache and articles:
        args.cache.write_bytes(pickle.dumps(cached))
    if articles:
        print(f"{len(articles)} articles; encoded {encoded / chars:.0%} of characters; parse {parse_s:.1f} s, "
              f"tagging {tag_s:.1f} s CPU (+{tag_s / parse_s:.2f}× the parse)")

    def score(settings: Settings | None) -> Scores:
        total = Scores()
        for article, statements, tags in cached:
            out = statements if settings is None else apply_tags(article.text, statements, tags, settings)
            total.add(score_article(article.text, article.attributions, out))
        return total

    def row(label: str, total: Scores) -> None:
        cells = [f"{p.precision:.3f} / {p.recall:.3f} / {p.f1:.3f}" for p in (total.overlap, total.exact, total.source)]
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)

    print("| variant | overlap P / R / F1 | exact P / R / F1 | +source P / R / F1 |")
    row("rules (shipped pipeline)", score(None))
    floats = lambda s: [float(x) for x in s.split(",")]  # noqa: E731
    for c, b, a, d, e, u in itertools.product(floats(args.content), floats(args.begin), floats(args.agree),
                                              floats(args.drop), args.edges.split(","), floats(args.sure)):
        row(f"content {c}, begin {b}, agree {a}, drop {d}, edges {e}, sure {u}", score(Settings(c, b, a, d, e, u)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
