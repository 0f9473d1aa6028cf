"""JSON Lines and JSON arrays: one article per object, field names mapped to ours.

Our field ← the first of its source names present in the record; ``fields``
(``--field text=body_text``) puts the user's name first. Dotted names reach
into nested objects (``source.name``). A text given as a list of paragraphs
(or of paragraphs of sentences, as in BASIL) is joined.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsprism.ingest.article import Found
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text, normalise_newlines

__all__ = ["FIELD_NAMES", "Record", "iter_json_records", "found_from_record", "field_names", "record_limit"]

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


#: A JSON record may be this many times the document limit in bytes (escapes such as ``\u00e9`` and
#: fields other than the text); a longer line or array item is skipped unread, whatever it holds.
RECORD_BYTES_PER_TEXT_BYTE = 4
_MIN_RECORD_LIMIT = 1 << 20
_CHUNK = 1 << 16
_BLANK = b" \t\r\n"


def record_limit(max_bytes: int | None) -> int | None:
    """Largest JSON record (a line, an array item) read for a document limit of ``max_bytes``."""
    return None if max_bytes is None else max(_MIN_RECORD_LIMIT, RECORD_BYTES_PER_TEXT_BYTE * max_bytes)


def _too_large(limit: int, where: str) -> UnreadableInput:
    return UnreadableInput(f"too large (a JSON record over {limit / 1e6:g} MB; raise the limit with --max-bytes)",
                           where)


def _parse(data: bytes, where: str):
    """The JSON value of ``data``; UnreadableInput naming ``where`` when it is not JSON."""
    try:
        return json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise UnreadableInput(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
                              if exc.lineno > 1 else f"invalid JSON ({exc.msg} at column {exc.colno})", where) from exc
    except RecursionError as exc:
        raise UnreadableInput("invalid JSON (nested too deeply)", where) from exc


def _skip_blank(stream: BinaryIO) -> tuple[bytes, int]:
    """Consume leading white space (and a UTF-8 BOM); return the first other byte (b'' at the end) and the
    number of newlines passed."""
    newlines = 0
    first = True
    while True:
        chunk = stream.peek(_CHUNK)[:_CHUNK]
        if not chunk:
            return b"", newlines
        if first and chunk.startswith(b"\xef\xbb\xbf"):
            stream.read(3)
            first = False
            continue
        first = False
        stripped = chunk.lstrip(_BLANK)
        passed = len(chunk) - len(stripped)
        newlines += chunk[:passed].count(b"\n")
        stream.read(passed)
        if stripped:
            return stripped[:1], newlines


def _read_line(stream: BinaryIO, limit: int | None) -> bytes | None:
    """The next line (with its newline), None at the end; a line over ``limit`` bytes is read to its end,
    dropped, and returned as b'' (so memory stays bounded)."""
    if limit is None:
        line = stream.readline()
        return line or None
    line = stream.readline(limit + 1)
    if not line:
        return None
    if len(line) <= limit or line.endswith(b"\n"):
        return line
    while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
        pass
    return b""


def iter_json_records(stream: BinaryIO, *, lines: bool = False,
                      limit: int | None = None) -> Iterator[Record | UnreadableInput]:
    """Records of a JSON Lines file, a JSON array or a single object, streamed; bad records as errors.

    A file whose first character is ``[`` is a JSON array (unless named
    ``.jsonl``/``.ndjson``): its items are cut apart as the bytes stream by,
    so memory holds one item at a time. Otherwise the file is JSON Lines,
    unless its first line is ``{`` alone (a pretty-printed single object). No
    line or item over ``limit`` bytes is ever held in memory: it is skipped.
    """
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    first, blank_lines = _skip_blank(stream)
    if not first:
        raise UnreadableInput("empty file")
    number = blank_lines + 1
    if first == b"[" and not lines:
        yield from _array_items(stream, limit)
        return
    line = _read_line(stream, limit)
    if line is not None and not lines and line.strip() == b"{":
        yield from _whole_object(line, stream, limit)
        return
    yield from _json_lines(line, stream, number, limit)


def _json_lines(line: bytes | None, stream: BinaryIO, number: int,
                limit: int | None) -> Iterator[Record | UnreadableInput]:
    """Records of JSON Lines whose first line (already read) is line ``number``."""
    while line is not None:
        where = f"line {number}"
        if line == b"":
            yield _too_large(limit or 0, where)
        elif line.strip():
            try:
                yield _object_or_skip(_parse(line, where), where, number)
            except UnreadableInput as exc:
                yield exc
        number += 1
        line = _read_line(stream, limit)


def _whole_object(first: bytes, stream: BinaryIO, limit: int | None) -> Iterator[Record | UnreadableInput]:
    rest = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(first) + len(rest) > limit:
        raise _too_large(limit, "item 1")
    try:
        yield _object_or_skip(_parse(first + rest, "item 1"), "item 1", 1)
    except UnreadableInput as exc:
        if exc.record == "item 1" and exc.reason.startswith("invalid JSON"):
            raise UnreadableInput(exc.reason) from exc  # the file is the record
        yield exc


def _array_items(stream: BinaryIO, limit: int | None) -> Iterator[Record | UnreadableInput]:
    """Records of a JSON array whose ``[`` is next in ``stream``, one item in memory at a time."""
    stream.read(1)
    number = 0
    for item in _cut_array(stream, limit):
        if isinstance(item, UnreadableInput):
            yield item
            return
        number += 1
        where = f"item {number}"
        if item is None:
            yield _too_large(limit or 0, where)
            continue
        if not item.strip():
            if number == 1:  # "[]"
                return
            yield UnreadableInput("invalid JSON (an empty item between commas)", where)
            continue
        try:
            yield _object_or_skip(_parse(item, where), where, number)
        except UnreadableInput as exc:
            yield exc


def _next_of(chunk: bytes, chars: bytes, start: int, end: int) -> int:
    """Index of the first of ``chars`` in ``chunk[start:end]``, or ``end`` (each search runs at memchr speed)."""
    found = end
    for c in chars:
        i = chunk.find(c, start, found)
        if i != -1:
            found = i
    return found


def _cut_array(stream: BinaryIO, limit: int | None) -> Iterator[bytes | None | UnreadableInput]:
    """The bytes of each top-level item of a JSON array (its ``[`` already read); None for an item over
    ``limit`` bytes (dropped as it streams by); an UnreadableInput last when the array is broken.

    The scan looks only at quotes, backslashes, brackets and commas, which are
    single ASCII bytes in every encoding we read, so no decoding is needed to cut.
    Inside strings it jumps from quote to backslash; outside, a stretch whose
    closing brackets cannot bring the depth back to the array's is passed over
    by counting, so even a hostile item streams by at memory speed.
    """
    depth, in_string, escaped = 0, False, False
    parts: list[bytes] = []
    size, over = 0, False
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            yield UnreadableInput("invalid JSON (the array is not closed: the file ends early)")
            return
        n, pos, start = len(chunk), 0, 0
        while pos < n:
            if escaped:
                escaped, pos = False, pos + 1
                continue
            if in_string:
                pos = _next_of(chunk, b'"\\', pos, n)
                if pos < n:
                    escaped = chunk[pos] == 0x5C  # backslash: the next byte is escaped
                    in_string = escaped
                    pos += 1
                continue
            quote = chunk.find(b'"', pos)
            stretch_end = n if quote == -1 else quote
            closers = chunk.count(b"]", pos, stretch_end) + chunk.count(b"}", pos, stretch_end)
            if depth - closers > 0:  # no item can end in this stretch
                depth += chunk.count(b"[", pos, stretch_end) + chunk.count(b"{", pos, stretch_end) - closers
                pos = stretch_end
                if quote != -1:
                    in_string, pos = True, quote + 1
                continue
            at = _next_of(chunk, b'"[]{},', pos, n)
            if at == n:
                pos = n
                continue
            byte, pos = chunk[at:at + 1], at + 1
            if byte == b'"':
                in_string = True
            elif byte in (b"[", b"{"):
                depth += 1
            elif depth > 0 and byte != b",":
                depth -= 1
            elif byte in (b",", b"]") and depth == 0:
                piece = chunk[start:at]
                yield None if over or (limit is not None and size + len(piece) > limit) else b"".join(parts) + piece
                parts, size, over, start = [], 0, False, pos
                if byte == b"]":
                    if chunk[pos:].strip(_BLANK) or stream.read(_CHUNK).strip(_BLANK):
                        yield UnreadableInput("invalid JSON (extra data after the array)")
                    return
            elif byte == b"}":  # closes nothing
                yield UnreadableInput("invalid JSON (an unmatched '}' in the array)")
                return
        piece = chunk[start:]
        size += len(piece)
        if limit is not None and size > limit:
            over, parts = True, []
        elif not over:
            parts.append(piece)
