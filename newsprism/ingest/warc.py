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


def _payload(record, content_type: str) -> bytes | str:
    body = record.content_stream().read()
    if (match := _CHARSET.search(content_type)) is not None:
        try:
            return body.decode(match[1])
        except (LookupError, UnicodeDecodeError):
            return body
    return body


class _Truncated(Exception):
    pass


def iter_warc_pages(stream: BinaryIO, *, max_bytes: int | None = None) -> Iterator[WarcPage | UnreadableInput]:
    """HTML pages of a WARC stream (already decompressed), then one error if the file ends early."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    iterator = ArchiveIterator(stream, check_digests=False)
    good_end = 0
    consumed = 0
    last = None
    try:
        for record in iterator:
            last = record.rec_headers.get_header("WARC-Target-URI")
            page = _page(record, max_bytes)
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
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield UnreadableInput(f"corrupt WARC file after {good_end} bytes ({type(exc).__name__}: {exc})")
        return
    if error := gzip_error(stream):
        yield UnreadableInput(f"{error}; records before the break were read")
    elif consumed - good_end > 4:
        yield UnreadableInput(f"truncated WARC file (the last record after URL {last} is incomplete)")


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
        payload=_payload(record, content_type),
    )
