"""WARC files (.warc, .warc.gz; e.g. Common Crawl CC-NEWS), streamed record by record.

Only ``response`` records with HTTP status 200 and an HTML content type are
articles; other records (requests, metadata, redirects, images) are passed
over silently. URL and fetch date come from the WARC headers; the article id
is the WARC-Record-ID without ``<urn:uuid:`` … ``>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsprism.errors import NewsprismError
from newsprism.ingest.detect import gzip_error
from newsprism.ingest.errors import UnreadableInput

__all__ = ["WarcPage", "iter_warc_pages", "HTML_TYPES"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_ID = re.compile(r"^<?(?:urn:uuid:)?(.*?)>?$")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class WarcPage:
    """One HTML response: its payload (decoded when the HTTP header names a charset) and headers."""

    record_id: str
    url: str | None
    fetched: str | None
    payload: bytes | str


def record_id_of(header: str | None) -> str | None:
    """'<urn:uuid:abc>' → 'abc'."""
    if not header:
        return None
    return _RECORD_ID.match(header.strip())[1] or None


#: Longest WARC or HTTP header line read; a longer one means the input is not a WARC file.
MAX_HEADER_LINE = 1 << 20


def _payload(record, content_type: str, max_bytes: int | None, url: str | None) -> bytes | str:
    """The HTTP body, decoded from its Content-Encoding (gzip, deflate…) a block at a time, up to
    ``max_bytes``: a small compressed body can inflate without end."""
    stream = record.content_stream()
    body = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if max_bytes is not None and len(body) > max_bytes:
        raise UnreadableInput(f"too large (more than {max_bytes / 1e6:g} MB once decompressed;"
                              " raise the limit with --max-bytes)", url)
    if (match := _CHARSET.search(content_type)) is not None:
        try:
            return body.decode(match[1])
        except (LookupError, UnicodeDecodeError):
            return body
    return body


class _Truncated(NewsprismError):
    """A record is cut short (becomes an UnreadableInput naming the file)."""

    code = "NP-E102"


class _BadHeader(NewsprismError):
    """A header line over the limit (becomes an UnreadableInput naming the file)."""

    code = "NP-E103"


def _bounded_readline(readline):
    """``readline`` that refuses a line over MAX_HEADER_LINE bytes instead of growing without end (counted
    over consecutive calls: a caller may ask for a long line piece by piece)."""
    pending = 0

    def bounded(length=None):
        nonlocal pending
        cap = MAX_HEADER_LINE if not length or length > MAX_HEADER_LINE else length
        line = readline(cap)
        pending = 0 if line.endswith(b"\n") or not line else pending + len(line)
        if pending >= MAX_HEADER_LINE:
            raise _BadHeader(f"a header line longer than {MAX_HEADER_LINE // 1024} KB")
        return line
    return bounded


def iter_warc_pages(stream: BinaryIO, *, max_bytes: int | None = None) -> Iterator[WarcPage | UnreadableInput]:
    """HTML pages of a WARC stream (already decompressed), then one error if the file ends early."""
    # deferred: heavy (warcio loads on the first WARC)
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = ArchiveIterator(stream, check_digests=False)
    iterator.reader.readline = _bounded_readline(iterator.reader.readline)
    good_end = 0
    consumed = 0
    last = None
    try:
        for record in iterator:
            last = record.rec_headers.get_header("WARC-Target-URI")
            try:
                page = _page(record, max_bytes)
            except UnreadableInput as exc:
                page = exc
            iterator.read_to_end()
            if getattr(record.raw_stream, "limit", 0):
                raise _Truncated(f"record for {last or 'an unknown URL'} is cut short")
            good_end = iterator.get_record_offset() + iterator.get_record_length()
            if page is not None:
                yield page
        consumed = _position(stream, good_end)
    except _Truncated as exc:
        yield UnreadableInput(f"truncated WARC file ({exc}; earlier records were read)")
        return
    except _BadHeader as exc:
        yield UnreadableInput(f"corrupt WARC file ({exc}) {_where(good_end)}")
        return
    except ArchiveLoadFailed as exc:
        yield UnreadableInput(_gzip_first(stream, f"corrupt WARC file ({_first_line(exc)}) {_where(good_end)}"))
        return
    except (MemoryError, RecursionError):  # pragma: no cover - the limits above should prevent these
        raise
    except Exception:  # noqa: BLE001 - warcio fails in many ways on a header cut off or garbled
        yield UnreadableInput(_gzip_first(stream, _cut_header(stream, good_end, last)))
        return
    if error := gzip_error(stream):
        yield UnreadableInput(f"{error}; records before the break were read")
    elif consumed - good_end > 4:
        yield UnreadableInput("truncated WARC file (the last record" + (f" after URL {last}" if last else "") + " is incomplete)")


def _where(good_end: int) -> str:
    return f"after {good_end} bytes; earlier records were read" if good_end else "from its first record"


def _gzip_first(stream: BinaryIO, reason: str) -> str:
    """A broken gzip layer explains a broken WARC record: say so first."""
    error = gzip_error(stream)
    return f"{error}; records before the break were read" if error else reason


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else "invalid WARC record")[:200]


def _cut_header(stream: BinaryIO, good_end: int, last: str | None) -> str:
    """Why warcio could not parse a record header: at the end of the data it was cut off, else garbled."""
    try:
        at_end = not stream.read(1)
    except (OSError, ValueError):
        at_end = False
    after = f" after the record for {last}" if last else ""
    if at_end:
        return f"truncated WARC file (the record header{after} is cut off; earlier records were read)"
    return f"corrupt WARC file (a bad record header{after}) {_where(good_end)}"


def _position(stream: BinaryIO, default: int) -> int:
    """Bytes read from ``stream`` so far (``default`` when it cannot tell)."""
    try:
        return stream.tell()
    except (OSError, ValueError, AttributeError):
        return default


def _page(record, max_bytes: int | None) -> WarcPage | UnreadableInput | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    length = int(headers.get_header("Content-Length") or 0)
    if max_bytes is not None and length > max_bytes:
        return UnreadableInput(f"too large ({length / 1e6:.1f} MB > {max_bytes / 1e6:g} MB limit)", url)
    return WarcPage(
        record_id=record_id_of(headers.get_header("WARC-Record-ID")) or url or "",
        url=url,
        fetched=headers.get_header("WARC-Date"),
        payload=_payload(record, content_type, max_bytes, url),
    )
