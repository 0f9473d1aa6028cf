"""HTML extraction quality: article texts wrapped in realistic news-page boilerplate, extracted, scored.

Prints the mean bag-of-words F1 between the extracted text and the article
body, for newsprism's HTML reader (trafilatura, favor_precision) and for
trafilatura's default settings, overall and per page template. The pages are
generated at run time (nothing is stored); the texts default to the PolNeAR
dev set. The pages are synthetic: real sites vary more, so read the number as
an upper bound for well-formed pages, not as a measurement on the open web.

Example: python bench/html_extraction.py ../shared/data/polnear/dev/text --limit 40
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def main(argv: list[str] | None = None) -> int:
    from newsprism.ingest.pagebench import EXTRACTORS, make_pages, read_articles, score_extractors

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", nargs="?", type=Path, default=DEFAULT_TEXTS,
                        help="folder of .txt articles (first line the headline)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N articles only")
    parser.add_argument("--seed", type=int, default=0, help="boilerplate random seed")
    parser.add_argument("--save", type=Path, default=None, help="also write the generated pages here")
    args = parser.parse_args(argv)
    if not args.texts.is_dir():
        print(f"no such folder: {args.texts}", file=sys.stderr)
        return 1
    pages = list(make_pages(read_articles(args.texts, args.limit), seed=args.seed))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for page in pages:
            (args.save / f"{page.name}.html").write_text(page.html, encoding="utf-8")
    started = time.perf_counter()
    scores = score_extractors(pages, EXTRACTORS)
    print(f"{len(pages)} pages from {args.texts} ({time.perf_counter() - started:.1f} s)")
    print(f"{'extractor':<22}{'mean F1':>9}" + "".join(f"{t:>14}" for t in next(iter(scores.values()))))
    for name, by_template in scores.items():
        values = [v for vs in by_template.values() for v in vs]
        cells = "".join(f"{sum(v) / len(v):>14.4f}" for v in by_template.values())
        print(f"{name:<22}{sum(values) / len(values):>9.4f}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
