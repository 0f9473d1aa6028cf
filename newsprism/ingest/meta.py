"""The ``--meta`` sidecar: outlet, date, url, title (and authors) for corpora whose files lack them.

A CSV or TSV file (the delimiter is sniffed). Rows are matched to articles by
``article_id`` (the file stem, e.g. ``000_c527``) or by file name; non-empty
sidecar values replace what the file itself gave, and a sidecar date counts as
metadata (``date_source="meta"``). Common other column names are understood
(``COLUMN_NAMES``), so e.g. PolNeAR's ``metadata.tsv`` works as it is.
"""

from __future__ import annotations

import csv
import io
import dataclasses
from pathlib import Path, PurePath

from newsprism.ingest.article import domain_of
from newsprism.ingest.dates import normalise_date
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text
from newsprism.records import Article

__all__ = ["Sidecar", "load_sidecar", "SIDECAR_COLUMNS"]

SIDECAR_COLUMNS = ("article_id", "outlet", "date", "url", "title", "authors")
#: Our column ← other names accepted for it (case-insensitive), in order of preference.
COLUMN_NAMES = {
    "article_id": ("article_id", "id", "filename", "file"),
    "outlet": ("outlet", "source", "publisher", "site_name", "domain"),
    "date": ("date", "published", "publication_date", "date_publish", "pubdate"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "authors": ("authors", "author", "byline"),
}


class Sidecar:
    """Sidecar rows by article id; ``apply`` merges the matching row into an article."""

    def __init__(self, rows: dict[str, dict[str, str]]) -> None:
        self.rows = rows

    def row_for(self, article: Article) -> dict[str, str] | None:
        if (row := self.rows.get(article.article_id)) is not None:
            return row
        if article.source_path:
            return self.rows.get(PurePath(article.source_path).name)
        return None

    def apply(self, article: Article) -> Article:
        row = self.row_for(article)
        if not row:
            return article
        changes: dict = {}
        for column in ("outlet", "url", "title"):
            if row.get(column):
                changes[column] = row[column]
        if row.get("authors"):
            changes["authors"] = tuple(a.strip() for a in row["authors"].split(";") if a.strip())
        if published := normalise_date(row.get("date")):
            changes.update(published=published, date_source="meta")
        if "url" in changes and "outlet" not in changes and not article.outlet:
            changes["outlet"] = domain_of(changes["url"])
        return dataclasses.replace(article, **changes)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",\t;")
    except csv.Error:
        return csv.excel


def _ours(columns: list[str]) -> dict[str, str]:
    """Our column name → the file's column name, for the columns the file has."""
    mapping = {}
    for ours, names in COLUMN_NAMES.items():
        found = next((name for name in names if name in columns), None)
        if found:
            mapping[ours] = found
    return mapping


def load_sidecar(path: str | Path) -> Sidecar:
    """Read the sidecar; raise UnreadableInput when it cannot be read or has no id column."""
    try:
        text, _ = decode_text(Path(path).read_bytes())
    except OSError as exc:
        raise UnreadableInput(f"sidecar cannot be read: {exc.strerror or exc}") from exc
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_dialect(text))
    columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
    mapping = _ours(columns)
    if "article_id" not in mapping:
        raise UnreadableInput(f"sidecar has no article_id column (columns: {', '.join(columns) or 'none'})")
    rows: dict[str, dict[str, str]] = {}
    for raw in reader:
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        row = {ours: cells.get(theirs, "") for ours, theirs in mapping.items()}
        if row["article_id"]:
            rows[row["article_id"]] = row
    return Sidecar(rows)
