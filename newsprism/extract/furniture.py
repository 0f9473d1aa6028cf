"""Page furniture: lines of a news page that are not the article's text.

Teasers ("Read more: …", "WATCH: …"), "Article continues below", media-player notices, sign-up and
newsletter lines, photo captions and credits. They give no statement, no speaker and no block quote.
The patterns live in ``newsprism/data/furniture.tsv``; each is matched against one whole line.
"""

from __future__ import annotations

import functools
import re

from newsprism.data import read_tsv

from newsprism.errors import NewsprismError

__all__ = ["FurnitureFormatError", "furniture_lines", "is_furniture", "load_patterns"]


class FurnitureFormatError(NewsprismError, ValueError):
    """furniture.tsv has a row that is not kind<TAB>pattern or a pattern that does not compile."""

    code = "NP-E204"


@functools.lru_cache(maxsize=1)
def load_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, compiled pattern) rows of furniture.tsv, read once per process."""
    rows = []
    for row in read_tsv("furniture.tsv", error=FurnitureFormatError):
        if len(row) != 2:
            raise FurnitureFormatError(f"{row.where}: expected 2 columns, got {len(row)}", value=row.where)
        try:
            rows.append((row["kind"], re.compile(row["pattern"], re.IGNORECASE)))
        except re.error as exc:
            raise FurnitureFormatError(f"{row.where}: bad pattern: {exc}", value=row.where) from exc
    return tuple(rows)


def is_furniture(line: str) -> str | None:
    """The kind of furniture a line is, or None for article text."""
    line = line.strip()
    if not line:
        return None
    for kind, pattern in load_patterns():
        if pattern.fullmatch(line):
            return kind
    return None


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Character spans of the furniture lines of an article, in order."""
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and is_furniture(line):
            spans.append((start, end))
        start = end + 1
    return spans
