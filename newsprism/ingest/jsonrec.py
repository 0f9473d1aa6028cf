"""JSON Lines and JSON arrays: one article per object, field names mapped to ours.

Our field ← the first of its source names present in the record; ``fields``
(``--field text=body_text``) puts the user's name first. Dotted names reach
into nested objects (``source.name``). A text given as a list of paragraphs
(or of paragraphs of sentences, as in BASIL) is joined.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsprism.ingest.article import Found
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text, normalise_newlines

__all__ = ["FIELD_NAMES", "Record", "iter_json_records", "found_from_record", "field_names"]

#: Our field → source field names tried in order.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "_id", "uuid"),
    "text": ("text", "body", "content", "maintext", "article", "body_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "date": ("date", "published", "date_publish", "published_at", "publish_date", "date_published",
             "datetime", "pubdate"),
    "outlet": ("outlet", "source", "source_domain", "site_name", "sitename", "publisher", "domain"),
    "authors": ("authors", "author", "byline"),
}


@dataclass(frozen=True)
class Record:
    """One JSON object and where it was: 'line 3' in JSON Lines, 'item 3' in an array."""

    where: str
    number: int
    data: dict


def field_names(fields: dict[str, str] | None) -> dict[str, tuple[str, ...]]:
    """FIELD_NAMES with the user's mapping tried first; unknown names of ours raise ValueError."""
    names = dict(FIELD_NAMES)
    for ours, theirs in (fields or {}).items():
        if ours not in names:
            raise ValueError(f"unknown field {ours!r}: expected one of {', '.join(FIELD_NAMES)}")
        names[ours] = (theirs,) + tuple(n for n in names[ours] if n != theirs)
    return names


def _lookup(data: dict, name: str):
    value = data
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _first(data: dict, names: tuple[str, ...]):
    for name in names:
        value = _lookup(data, name)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value) -> str | None:
    if isinstance(value, str):
        return normalise_newlines(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.strip() for v in value)
    if isinstance(value, list) and all(isinstance(v, list) for v in value):
        return "\n\n".join(" ".join(str(s).strip() for s in para) for para in value)
    return None


def _as_name(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def _as_authors(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(a.strip() for a in value.replace(" and ", ";").split(";") if a.strip())
    if isinstance(value, list):
        return tuple(n for n in (_as_name(v) for v in value) if n)
    return ()


def found_from_record(record: Record, names: dict[str, tuple[str, ...]]) -> tuple[str | None, Found]:
    """The record's own id (or None) and its fields; raise UnreadableInput when it has no text."""
    text = _as_text(_first(record.data, names["text"]))
    if not text or not text.strip():
        raise UnreadableInput(f"no text (looked for {', '.join(names['text'])})", record.where)
    raw_id = _first(record.data, names["id"])
    return (
        _as_name(raw_id),
        Found(
            text=text,
            title=_as_name(_first(record.data, names["title"])),
            url=_as_name(_first(record.data, names["url"])),
            outlet=_as_name(_first(record.data, names["outlet"])),
            date=_as_name(_first(record.data, names["date"])),
            authors=_as_authors(_first(record.data, names["authors"])),
        ),
    )


def _decode(line: bytes) -> str:
    return decode_text(line)[0]


def _object_or_skip(value, where: str, number: int) -> Record:
    if not isinstance(value, dict):
        raise UnreadableInput(f"not a JSON object ({type(value).__name__})", where)
    return Record(where, number, value)


def iter_json_records(stream: BinaryIO, *, lines: bool = False) -> Iterator[Record | UnreadableInput]:
    """Records of a JSON Lines file (streamed), a JSON array or a single object; bad lines as errors.

    When the first non-blank line is not JSON on its own, the file is either a
    pretty-printed document (its first line opens an array or object) and is
    parsed whole, or JSON Lines with a broken first line. ``lines=True`` (a
    ``.jsonl``/``.ndjson`` name) always reads line by line.
    """
    iterator = iter(stream)
    number = 0
    first = None
    for raw in iterator:
        number += 1
        if raw.strip():
            first = raw
            break
    if first is None:
        raise UnreadableInput("empty file")
    try:
        value = json.loads(_decode(first))
    except json.JSONDecodeError:
        if not lines and _opens_document(first):
            yield from _whole_document(first + b"".join(iterator))
            return
        value = None
    if isinstance(value, list) and not lines:
        yield from _array_items(value)
        return
    yield from _json_lines(itertools.chain([first], iterator), number)


def _opens_document(line: bytes) -> bool:
    """'[' or '{' alone (or '[{' …) on the first line: a pretty-printed JSON document."""
    stripped = _decode(line).strip().lstrip("\ufeff")
    return stripped.startswith("[") or stripped == "{"


def _json_lines(raw_lines: Iterable[bytes], number: int) -> Iterator[Record | UnreadableInput]:
    """Records of JSON Lines whose first line is line ``number``."""
    for raw in raw_lines:
        if raw.strip():
            try:
                value = json.loads(_decode(raw))
            except json.JSONDecodeError as exc:
                yield UnreadableInput(f"invalid JSON ({exc.msg} at column {exc.colno})", f"line {number}")
            else:
                yield from _one_line(value, number)
        number += 1


def _whole_document(data: bytes) -> Iterator[Record | UnreadableInput]:
    try:
        value = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise UnreadableInput(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    yield from _array_items(value) if isinstance(value, list) else _one_item(value)


def _one_item(value) -> Iterator[Record | UnreadableInput]:
    try:
        yield _object_or_skip(value, "item 1", 1)
    except UnreadableInput as exc:
        yield exc


def _one_line(value, number: int) -> Iterator[Record | UnreadableInput]:
    try:
        yield _object_or_skip(value, f"line {number}", number)
    except UnreadableInput as exc:
        yield exc


def _array_items(items: list) -> Iterator[Record | UnreadableInput]:
    for i, item in enumerate(items, 1):
        try:
            yield _object_or_skip(item, f"item {i}", i)
        except UnreadableInput as exc:
            yield exc
