"""Speaker errors by category, for error analysis (prints article text locally; commit no output).

GGT dev: every found gold quote whose canonical speaker is wrong, with the gold mention and reference,
the predicted mention and canonical speaker, and a rough category (pronoun, descriptor, name, none...).
PolNeAR: every matched statement (content overlap) whose speaker mention misses the gold Source,
by category (gold has no source, we have none, both but apart).

    python bench/speaker_errors.py ggt ../shared/data/ggt/dev [--show 40] [--cache /tmp/docs]
    python bench/speaker_errors.py polnear ../shared/data/polnear/dev [--show 40]

``--cache DIR`` keeps the parsed documents (spaCy DocBin) between runs, so that only the analysis is
rerun when the extraction code changes.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from newsprism.extract import analyze_doc
from newsprism.extract.entities_lexicon import load_entity_lexicon
from newsprism.nlp import parse_cached
from newsprism.records import Article

#: Mentions that are only a pronoun (every pronoun of newsprism/data/pronouns.tsv).
PRONOUNS = load_entity_lexicon().all_pronouns


def parsed(texts: list[str], cache: Path | None, name: str) -> list[Doc]:
    return parse_cached(texts, cache / f"{name}.spacy" if cache is not None else None)


def mention_category(mention: str) -> str:
    words = mention.lower().split()
    if not words:
        return "no mention"
    if len(words) == 1 and words[0] in PRONOUNS:
        return f"pronoun:{words[0]}"
    if words[0] in ("the", "a", "an", "his", "her", "their", "its") or mention[:1].islower():
        return "descriptor"
    return "name"


def ggt(folder: Path, cache: Path | None, show: int) -> None:
    from newsprism.eval.ggt import GgtScores, iter_split, score_article

    articles = list(iter_split(folder))
    docs = parsed([a.text for a in articles], cache, "ggt-" + folder.name)
    total = GgtScores()
    rows = []
    for gold, doc in zip(articles, docs):
        result = analyze_doc(Article(article_id=gold.article_id, text=gold.text), doc)
        scores = score_article(gold.article_id, gold.quotes, result.statements)
        total.add(scores)
        preds = [s for s in result.statements if s.kind != "term"]
        for r in scores.results:
            if not r.found or r.speaker_right:
                continue
            q = r.quote
            best = max(preds, key=lambda s: max(0, min(q.end, s.end) - max(q.start, s.start)))
            mention = gold.text[best.speaker_start:best.speaker_end] if best.speaker_start is not None else ""
            rows.append((gold.article_id, q, best, mention, gold.text))
    for line in total.lines():
        print(line)
    cats = Counter()
    for aid, q, best, mention, text in rows:
        cat = f"gold {mention_category(q.speaker)} / ours {mention_category(mention)}"
        cats[cat] += 1
    print("\nwrong speakers by (gold mention kind / our mention kind):")
    for cat, n in cats.most_common():
        print(f"  {n:4d}  {cat}")
    for aid, q, best, mention, text in rows[:show]:
        ctx = text[max(0, q.start - 250):q.end + 120].replace("\n", " ¶ ")
        print(f"\n[{aid}] gold mention {q.speaker!r} ref {q.reference!r} | ours mention {mention!r} "
              f"-> {best.speaker!r} ({best.speaker_type}, {best.kind})\n   …{ctx}…")


def polnear(folder: Path, cache: Path | None, show: int) -> None:
    from newsprism.cli.eval_polnear import polnear_articles
    from newsprism.eval.polnear import Scores, _overlaps, content_segments, score_article

    articles = polnear_articles(folder)
    docs = parsed([a.text for a in articles], cache, "polnear-" + folder.name)
    total = Scores()
    cats: Counter[str] = Counter()
    rows = []
    for gold, doc in zip(articles, docs):
        result = analyze_doc(Article(article_id=gold.name, text=gold.text), doc)
        total.add(score_article(gold.text, gold.attributions, result.statements))
        preds = [s for s in result.statements if s.kind != "term"]
        for g in gold.attributions:
            gchars = {i for a, b in g.content for i in range(a, b)}
            if not gchars:
                continue
            best, cover = None, 0
            for s in preds:
                schars = {i for a, b in content_segments(s, gold.text) for i in range(a, b)}
                c = len(gchars & schars)
                if c > cover:
                    best, cover = s, c
            if best is None or cover < 0.5 * len(gchars):
                continue
            has = best.speaker_start is not None
            if not g.source:
                if not has:
                    continue
                cat = "gold no source, ours " + mention_category(gold.text[best.speaker_start:best.speaker_end])
            elif not has:
                cat = "gold source, ours none"
            elif _overlaps(g.source, [(best.speaker_start, best.speaker_end)]):
                continue
            else:
                gs = " ".join(gold.text[a:b] for a, b in g.source)
                cat = f"apart: gold {mention_category(gs)} / ours " + mention_category(
                    gold.text[best.speaker_start:best.speaker_end])
            cats[re.sub(r"pronoun:\w+", "pronoun", cat)] += 1
            rows.append((gold.name, g, best, cat, gold.text))
    for line in total.lines():
        print(line)
    print("\nmatched statements with a wrong source, by category:")
    for cat, n in cats.most_common():
        print(f"  {n:4d}  {cat}")
    for name, g, best, cat, text in rows[:show]:
        gs = " | ".join(text[a:b] for a, b in g.source)
        ours = text[best.speaker_start:best.speaker_end] if best.speaker_start is not None else None
        a = min(a for a, _ in g.content)
        ctx = text[max(0, a - 200):a + 150].replace("\n", " ¶ ")
        print(f"\n[{name}] {cat}: gold source {gs!r} ours {ours!r} ({best.kind}, cue "
              f"{text[best.cue_start:best.cue_end] if best.cue_start is not None else None!r})\n   …{ctx}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", choices=("ggt", "polnear"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--strategy", action="append", default=[],
                        help="KEY=0/1: switch a rule of extract.speakers.STRATEGY off or on (ablation)")
    args = parser.parse_args()
    from newsprism.extract.speakers import STRATEGY

    for item in args.strategy:
        key, _, value = item.partition("=")
        STRATEGY[key] = value not in ("0", "false", "")
    (ggt if args.corpus == "ggt" else polnear)(args.folder, args.cache, args.show)


if __name__ == "__main__":
    main()
