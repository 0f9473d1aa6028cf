"""The ``--meta`` sidecar: outlet, date, url, title (and authors) for corpora whose files lack them.

A CSV or TSV file (the delimiter is sniffed). Rows are matched to articles by
``article_id`` (the file stem, e.g. ``000_c527``) or by file name; non-empty
sidecar values replace what the file itself gave, and a sidecar date counts as
metadata (``date_source="meta"``). Common other column names are understood
(``COLUMN_NAMES``), so e.g. PolNeAR's ``metadata.tsv`` works as it is.

Several sidecars are merged (``merge_sidecars``): a file named in ``SIDECAR_NAMES`` at the top of an
input folder first, then each ``--meta`` in the order given. Rows are merged per article and field;
when two files give different values for the same article and field, **the later file wins** and the
conflict is reported (``MetaConflict``) naming both files — nothing is replaced silently.
"""

from __future__ import annotations

import csv
import io
import dataclasses
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from newsprism.ingest.article import domain_of
from newsprism.ingest.dates import normalise_date
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text
from newsprism.records import Article, MetaConflict, Skipped

__all__ = ["Sidecar", "load_sidecar", "load_sidecars", "merge_sidecars", "folder_sidecars", "sidecar_paths",
           "SIDECAR_COLUMNS", "SIDECAR_NAMES"]

#: File names (any case) that, at the top of an input folder, are read as that folder's sidecar, not as articles.
SIDECAR_NAMES = ("meta.csv", "meta.tsv", "metadata.csv", "metadata.tsv")

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


def _same(field: str, a: str, b: str) -> bool:
    """Whether two sidecar values say the same thing (dates in any format, text ignoring case and spacing)."""
    if field == "date":
        return (normalise_date(a) or a) == (normalise_date(b) or b)
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def merge_sidecars(named: Iterable[tuple[str, Sidecar]]) -> tuple[Sidecar, list[MetaConflict]]:
    """One sidecar from several ``(file name, sidecar)``, in order: per article and field, the later
    file's non-empty value wins; each differing value it replaces is returned as a MetaConflict."""
    rows: dict[str, dict[str, str]] = {}
    origin: dict[tuple[str, str], str] = {}
    conflicts: list[MetaConflict] = []
    for name, sidecar in named:
        for key, row in sidecar.rows.items():
            merged = rows.setdefault(key, {"article_id": key})
            for field, value in row.items():
                if field == "article_id" or not value:
                    continue
                old = merged.get(field)
                if old and not _same(field, old, value):
                    conflicts.append(MetaConflict(key, field, value, name, old, origin[(key, field)]))
                merged[field] = value
                origin[(key, field)] = name
    return Sidecar(rows), conflicts


def folder_sidecars(inputs: Iterable[str]) -> list[str]:
    """Files named in SIDECAR_NAMES at the top of each input folder (sorted), e.g. ``corpus/meta.csv``."""
    found = []
    for name in inputs:
        if name == "-" or not os.path.isdir(name):
            continue
        try:
            entries = sorted(os.listdir(name))
        except OSError:
            continue  # the walk reports the folder
        found.extend(os.path.join(name, e) for e in entries
                     if e.lower() in SIDECAR_NAMES and os.path.isfile(os.path.join(name, e)))
    return found


def sidecar_paths(inputs: Iterable[str], meta: str | Sequence[str] | None) -> list[str]:
    """Every sidecar of a run, in merge order: input folders' own sidecars, then ``--meta`` files as given;
    a file named twice counts once (at its last place, so the order of the --meta options decides)."""
    given = [meta] if isinstance(meta, (str, os.PathLike)) else list(meta or [])
    paths = [*folder_sidecars(inputs), *(str(m) for m in given)]
    last = {os.path.realpath(p): i for i, p in enumerate(paths)}
    return [p for i, p in enumerate(paths) if last[os.path.realpath(p)] == i]


def load_sidecars(paths: Sequence[str]) -> tuple[Sidecar | None, list[Skipped], list[MetaConflict]]:
    """Read and merge the sidecars: (merged, one Skipped per unreadable file, conflicts between files)."""
    named, skipped = [], []
    for path in paths:
        try:
            named.append((str(path), load_sidecar(path)))
        except UnreadableInput as exc:
            skipped.append(Skipped(str(path), exc.reason))
    if not named:
        return None, skipped, []
    if len(named) == 1:
        return named[0][1], skipped, []
    merged, conflicts = merge_sidecars(named)
    return merged, skipped, conflicts


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
