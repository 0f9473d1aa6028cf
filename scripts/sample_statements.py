"""Print N random statements from BASIL articles (or any corpus bench/speakers.py reads), to read by hand.

Every article is analysed; N statements (``term`` rows excluded) are drawn uniformly with a fixed
seed, so a rerun prints the same sample. Each shows its article, kind, canonical speaker (type),
speaker mention, cue and content, with the sentence around it, and three blanks to fill while
reading: statement right (something a source said), content right (the span is what was said),
speaker right (the canonical speaker is who said it).

    python scripts/sample_statements.py ../shared/data/basil --n 50 --seed 13
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.speakers import load_corpus, parsed  # noqa: E402
from newsprism.extract import analyze_doc  # noqa: E402

#: Characters of context printed on each side of the content.
CONTEXT = 160


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="BASIL folder (or a PolNeAR split, or a folder of .txt)")
    parser.add_argument("--n", type=int, default=50, help="statements to draw")
    parser.add_argument("--seed", type=int, default=13, help="random seed (same seed, same sample)")
    parser.add_argument("--cache", type=Path, default=None, help="parsed articles kept here (as bench/speakers.py)")
    args = parser.parse_args()
    articles = load_corpus(args.folder)
    pool = []
    for article, doc in zip(articles, parsed(articles, args.cache, f"{args.folder.parent.name}-{args.folder.name}-0")):
        result = analyze_doc(article, doc)
        pool.extend((article, s) for s in result.statements if s.kind != "term")
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    print(f"{len(sample)} of {len(pool)} statements from {len(articles)} articles (seed {args.seed})")
    for number, (article, s) in enumerate(sample, 1):
        text = article.text
        before = text[max(0, s.start - CONTEXT):s.start].replace("\n", " ")
        after = text[s.end:s.end + CONTEXT // 2].replace("\n", " ")
        mention = text[s.speaker_start:s.speaker_end] if s.speaker_start is not None else None
        print(f"\n#{number} [{article.article_id}] {s.kind}  speaker={s.speaker!r} ({s.speaker_type})"
              f"  mention={mention!r}  cue={s.cue!r}")
        print(f"  …{before}[[{s.text}]]{after}…")
        print("  statement right: _  content right: _  speaker right: _")


if __name__ == "__main__":
    main()
