"""Cost of in-article entities and coreference (``find_entities``) against bare spaCy parsing, in one run.

Parses the texts with ``nlp.pipe`` (timed), then runs ``find_entities`` over the resulting docs
(timed); the fastest of ``--repeat`` runs counts for each (the machine is shared and noisy).
Target: find_entities well under 10% of parse time.

    python bench/entities_cost.py ../shared/data/polnear/dev/text
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsprism.extract.entities import find_entities
from newsprism.nlp import load_nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="folder of .txt articles")
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing; the fastest counts")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.directory.glob("*.txt"))]
    nlp = load_nlp()
    parse, extract, docs, mentions = [], [], [], 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=args.batch_size))
        parse.append(time.perf_counter() - started)
        started = time.perf_counter()
        mentions = sum(len(find_entities(doc)[1]) for doc in docs)
        extract.append(time.perf_counter() - started)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, {mentions} mentions")
    print(f"parse (nlp.pipe)  {min(parse):8.2f} s")
    print(f"find_entities     {min(extract):8.2f} s")
    print(f"ratio             {min(extract) / min(parse):8.3f}  (find_entities / parse)")


if __name__ == "__main__":
    main()
