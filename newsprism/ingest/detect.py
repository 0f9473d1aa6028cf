"""Format detection by content as well as name, and transparent gzip.

Content wins where it is unambiguous (a WARC header, gzip magic, binary bytes,
an HTML document start); otherwise the extension decides; without a known
extension (or on standard input) the content is sniffed.
"""

from __future__ import annotations

import gzip
import re
import zlib
from typing import BinaryIO

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import looks_binary

__all__ = ["detect_format", "maybe_gunzip", "read_limited", "HEAD_BYTES", "FORMATS"]

HEAD_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"
FORMATS = ("text", "html", "json", "warc")

_EXTENSION_FORMATS = {
    "txt": "text", "text": "text", "md": "text", "markdown": "text",
    "html": "html", "htm": "html", "xhtml": "html", "shtml": "html",
    "json": "json", "jsonl": "json", "ndjson": "json",
    "warc": "warc",
}
#: Extensions of files that are not articles in any format we read.
_UNSUPPORTED = {"csv", "tsv", "xml", "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "zip", "tar", "7z",
                "bz2", "xz", "zst", "png", "jpg", "jpeg", "gif", "webp", "svg", "mp3", "mp4", "parquet", "db",
                "sqlite"}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|article|div|p)\b[^>]*>", re.IGNORECASE)


def _extensions(name: str) -> list[str]:
    parts = name.lower().split(".")[1:]
    return [p for p in parts if p != "gz"]


def detect_format(name: str, head: bytes) -> str:
    """One of FORMATS for a file called ``name`` starting with ``head`` (decompressed), or raise."""
    if head.startswith(b"WARC/"):
        return "warc"
    if not head.strip():
        raise UnreadableInput("empty file")
    extensions = _extensions(name)
    ext = extensions[-1] if extensions else ""
    if looks_binary(head):
        raise UnreadableInput(f"binary file{f' (.{ext})' if ext else ''}, not text, HTML, JSON or WARC")
    if _HTML_START.match(head):
        return "html"
    if ext in _EXTENSION_FORMATS:
        return _EXTENSION_FORMATS[ext]
    if ext in _UNSUPPORTED:
        raise UnreadableInput(f"unsupported format (.{ext})")
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"["):
        return "json"
    if _HTML_ANYWHERE.search(head):
        return "html"
    return "text"


def maybe_gunzip(stream: BinaryIO, head: bytes) -> BinaryIO:
    """The stream itself, or a decompressing view when its first bytes are gzip magic."""
    return gzip.GzipFile(fileobj=stream, mode="rb") if head.startswith(GZIP_MAGIC) else stream


def read_limited(stream: BinaryIO, max_bytes: int | None) -> bytes:
    """All bytes of ``stream`` (decompressed), refusing more than ``max_bytes``."""
    try:
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    except EOFError as exc:
        raise UnreadableInput("truncated gzip file (compressed data ends early)") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise UnreadableInput(f"corrupt gzip file ({exc})") from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableInput(f"too large (more than {max_bytes / 1e6:g} MB once decompressed;"
                              " raise the limit with --max-bytes)")
    return data
