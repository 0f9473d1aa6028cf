"""Titles of plain-text articles: how often the first-line rule (``newsprism.ingest.text.headline_of``) gives the
article's real headline, on a folder of .txt files with a metadata table that names each file's title.

Prints, per folder: files, title exact (the first line equals the metadata title, ignoring case and
punctuation), title partial (a title that is the start of the metadata title: a headline whose deck
follows after ";"), other (a line that is not the title: the error this rule must keep at zero),
none (no title given). Defaults to PolNeAR dev and train with its metadata.tsv.

Example: python bench/titles.py ../shared/data/polnear/dev/text ../shared/data/polnear/train/text
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").lower()).strip()


def score(folder: Path, titles: dict[str, str]) -> dict[str, int]:
    from newsprism.ingest.text import decode_text, headline_of, normalise_newlines

    counts = {"files": 0, "exact": 0, "partial": 0, "other": 0, "none": 0}
    for path in sorted(folder.glob("*.txt")):
        truth = titles.get(path.stem)
        if truth is None:
            continue
        counts["files"] += 1
        title = headline_of(normalise_newlines(decode_text(path.read_bytes())[0]))
        if title is None:
            counts["none"] += 1
        elif _norm(title) == _norm(truth):
            counts["exact"] += 1
        elif _norm(truth).startswith(_norm(title)):
            counts["partial"] += 1
        else:
            counts["other"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[POLNEAR / "dev" / "text", POLNEAR / "train" / "text"])
    parser.add_argument("--meta", type=Path, default=POLNEAR / "metadata.tsv",
                        help="CSV/TSV with filename and title columns")
    args = parser.parse_args(argv)
    with args.meta.open(encoding="utf-8") as handle:
        dialect = "excel-tab" if args.meta.suffix == ".tsv" else "excel"
        titles = {row["filename"]: row["title"] for row in csv.DictReader(handle, dialect=dialect)}
    for folder in args.folders:
        c = score(folder, titles)
        print(f"{folder}: {c['files']} files, title exact {c['exact']}, partial {c['partial']}, "
              f"other {c['other']}, none {c['none']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
