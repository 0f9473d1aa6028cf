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
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training" / "experiments"))

from span_tagger import (  # noqa: E402
    ADJUSTABLE, MODEL_DIR, Settings, SpanTagger, _trimmed, apply_tags, content_spans, regions,
)

from newsprism.records import Statement  # noqa: E402

from newsprism.eval.polnear import Scores, iter_split, score_article  # noqa: E402


def _runs(mask) -> list[tuple[int, int]]:
    out, start = [], None
    for i, v in enumerate(mask):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start, i))
            start = None
    return out + ([(start, len(mask))] if start is not None else [])


def tagger_statements(text: str, tags, reach: int = 200) -> list[Statement]:
    """The tagger alone: each content span a statement, with the nearest cue and source runs."""
    cues, sources = _runs(tags.cue >= 0.5), _runs(tags.source >= 0.5)
    out = []
    for start, end in content_spans(tags, 0, len(text)):
        start, end = _trimmed(text, start, end)
        if end - start < 3:
            continue
        near = lambda runs: min((r for r in runs if r[1] > start - reach and r[0] < end + reach),  # noqa: E731
                                key=lambda r: min(abs(r[0] - end), abs(r[1] - start)), default=None)
        cue, source = near(cues), near(sources)
        out.append(Statement(start=start, end=end, text=text[start:end], kind="indirect",
                             cue_start=cue[0] if cue else None, cue_end=cue[1] if cue else None,
                             speaker_start=source[0] if source else None, speaker_end=source[1] if source else None))
    return out


def with_sources(text: str, statements, tags, *, weak: float | None, strong: float = 0.5,
                 reach: int = 300) -> list[Statement]:
    """Use (c): a statement without a speaker span (or, with ``weak``, one whose span has source
    probability below it) gets the source run (≥ ``strong``) nearest its cue, outside its content."""
    out = []
    for st in statements:
        if st.kind not in (*ADJUSTABLE, "direct") or st.cue_start is None:
            out.append(st)
            continue
        if st.speaker_start is not None:
            tagged = tags.tagged[st.speaker_start:st.speaker_end]
            if weak is None or not tagged.any() or tags.source[st.speaker_start:st.speaker_end][tagged].max() >= weak:
                out.append(st)
                continue
        lo, hi = max(0, st.cue_start - reach), min(len(text), st.cue_end + reach)
        runs = [(a + lo, b + lo) for a, b in _runs(tags.source[lo:hi] >= strong)]
        runs = [(a, b) for a, b in runs if not st.start <= a < st.end and text[a:b].strip()]
        if runs:
            a, b = min(runs, key=lambda r: min(abs(r[0] - st.cue_end), abs(r[1] - st.cue_start)))
            st = replace(st, speaker_start=a, speaker_end=b)
        out.append(st)
    return out


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
    parser.add_argument("--sources", action="store_true", help="also score use (c): source runs as speaker spans")
    parser.add_argument("--alone", action="store_true", help="also score the tagger alone over whole articles")
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
    if args.sources:
        for weak in (None, 0.1, 0.2):
            total = Scores()
            for article, statements, tags in cached:
                total.add(score_article(article.text, article.attributions,
                                        with_sources(article.text, statements, tags, weak=weak)))
            row(f"sources for statements without one{'' if weak is None else f' or below {weak}'}", total)
    if args.alone:
        total, seconds = Scores(), 0.0
        for article, _statements, _tags in cached:
            t0 = time.process_time()
            tags = tagger.tag(article.text, [(0, len(article.text))])
            seconds += time.process_time() - t0
            total.add(score_article(article.text, article.attributions, tagger_statements(article.text, tags)))
        row(f"tagger alone (whole articles, {seconds:.0f} s CPU)", total)
    floats = lambda s: [float(x) for x in s.split(",")]  # noqa: E731
    for c, b, a, d, e, u in itertools.product(floats(args.content), floats(args.begin), floats(args.agree),
                                              floats(args.drop), args.edges.split(","), floats(args.sure)):
        row(f"content {c}, begin {b}, agree {a}, drop {d}, edges {e}, sure {u}", score(Settings(c, b, a, d, e, u)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
