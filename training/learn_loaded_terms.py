"""Learn newsprism/data/loaded_terms_basil.tsv (the BASIL-learned changes to the loaded-language lexicon).

The learning settings (which lemmas to add, which hand terms to drop) are chosen by
leave-one-year-out over the five BASIL years, then applied to all five. The file holds
lemmas, hand-term keys and counts only, no BASIL text. Deterministic; about a minute
on 2 cores (most of it parsing; pass --cache to reuse a DocBin).

Usage:
    python training/learn_loaded_terms.py ../shared/data/basil [--cache /tmp/basil_lex.spacy]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spacy.tokens import DocBin

from newsprism.data import data_path
from newsprism.eval.basil_lex import choose_settings, learned_lexicon, load_lex_articles, parse_articles, write_learned
from newsprism.extract.loaded import LEARNED_FILE, load_lexicon
from newsprism.nlp import load_nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("basil", type=Path, help="the BASIL folder (articles/YEAR/, annotations/YEAR/)")
    parser.add_argument("--cache", type=Path, help="a DocBin of the parsed articles (written when missing)")
    parser.add_argument("--out", type=Path, default=data_path(LEARNED_FILE), help="where to write (default: the shipped file)")
    args = parser.parse_args()
    articles = load_lex_articles(args.basil)
    nlp = load_nlp()
    if args.cache is not None and args.cache.exists():
        docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
        if len(docs) != len(articles) or any(d.text != a.text for d, a in zip(docs, articles)):
            raise SystemExit(f"{args.cache}: does not hold these {len(articles)} articles; delete it")
    else:
        docs = parse_articles(articles, nlp)
        if args.cache is not None:
            DocBin(docs=docs).to_disk(args.cache)
    hand = load_lexicon(learned=False)
    settings, inner_f1 = choose_settings(hand, articles, docs)
    _, added, dropped = learned_lexicon(hand, articles, docs, settings)
    out = args.out
    write_learned(added, dropped, out, settings)
    print(f"settings: {settings.describe()} (leave-one-year-out token F1 {inner_f1:.3f}); "
          f"{len(added)} learned, {len(dropped)} dropped -> {out}")


if __name__ == "__main__":
    main()
