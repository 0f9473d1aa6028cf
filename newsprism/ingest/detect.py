"""Format detection by content as well as name, and transparent gzip.

Content wins where it is unambiguous (a WARC header, gzip magic, binary bytes,
an HTML document start); otherwise the extension decides; without a known
extension (or on standard input) the content is sniffed.
"""

from __future__ import annotations

import io
import re
import zlib
from typing import BinaryIO

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import looks_binary

__all__ = ["detect_format", "maybe_gunzip", "gzip_error", "read_limited", "read_head", "GunzipReader", "Rewound",
           "HEAD_BYTES", "FORMATS"]

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
#: Tables next to article files are usually metadata for them.
_SIDECAR_LIKE = {"csv", "tsv"}
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
    if ext in _SIDECAR_LIKE:
        raise UnreadableInput(f"unsupported format (.{ext}); if it holds metadata, pass it with --meta")
    if ext in _UNSUPPORTED:
        raise UnreadableInput(f"unsupported format (.{ext})")
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"["):
        return "json"
    if _HTML_ANYWHERE.search(head):
        return "html"
    return "text"


class GunzipReader(io.RawIOBase):
    """Streaming gzip decompression (multi-member) that stops cleanly at a premature end.

    Python's ``gzip`` raises on a truncated file and drops the data it has
    already decompressed; this reader hands out every byte it could recover
    and then sets ``error``, so a truncated WARC or JSON Lines file still
    yields its complete records before being reported.
    """

    CHUNK = 1 << 16

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self.error: str | None = None
        self._inflater = zlib.decompressobj(wbits=31)
        self._in_member = False
        self._buffer = b""
        self._pos = 0
        self._done = False
        self._delivered = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Decompressed bytes handed out so far."""
        return self._delivered

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()

    def readinto(self, target) -> int:
        while self._pos >= len(self._buffer) and not self._done:
            self._buffer, self._pos = self._inflate(), 0
        n = min(len(target), len(self._buffer) - self._pos)
        target[:n] = self._buffer[self._pos:self._pos + n]
        self._pos += n
        self._delivered += n
        return n

    def _inflate(self) -> bytes:
        data = self.raw.read(self.CHUNK)
        if not data:
            self._done = True
            if self._in_member:
                self.error = "truncated gzip file (compressed data ends early)"
            return b""
        out = []
        try:
            while data:
                self._in_member = True
                out.append(self._inflater.decompress(data))
                if not self._inflater.eof:
                    break
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=31)
                self._in_member = False
                if not data.strip(b"\x00"):  # padding after the last member
                    break
        except zlib.error as exc:
            self._done = True
            self.error = f"corrupt gzip data ({exc})"
        return b"".join(out)


class Rewound(io.RawIOBase):
    """``head`` (bytes already read from ``stream``) and then the rest of ``stream``.

    Sniffing a format reads the first bytes; a pipe, a FIFO or standard input
    cannot be reopened or rewound, so the bytes read are handed out again from
    here and the source is read exactly once.
    """

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self.inner = stream
        self._delivered = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Bytes handed out so far (the head included)."""
        return self._delivered

    def readinto(self, target) -> int:
        if self._head.nbytes:
            n = min(len(target), self._head.nbytes)
            target[:n] = self._head[:n]
            self._head = self._head[n:]
        else:
            n = self.inner.readinto(target) or 0
        self._delivered += n
        return n

    def close(self) -> None:
        if not self.closed:
            self.inner.close()
        super().close()


def read_head(stream: BinaryIO, size: int = HEAD_BYTES) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes of ``stream`` (fewer at its end) and a stream that starts with them again."""
    parts, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    head = b"".join(parts)
    return head, io.BufferedReader(Rewound(head, stream), buffer_size=1 << 16)


def maybe_gunzip(stream: BinaryIO, head: bytes) -> BinaryIO:
    """The stream itself, or a decompressing view when its first bytes are gzip magic."""
    if not head.startswith(GZIP_MAGIC):
        return stream
    return io.BufferedReader(GunzipReader(stream))


def gzip_error(stream: BinaryIO) -> str | None:
    """Why decompression stopped early, for a stream made by :func:`maybe_gunzip` (None when it did not)."""
    seen = 0
    while stream is not None and seen < 8:  # through the buffered and rewound layers
        if isinstance(stream, GunzipReader):
            return stream.error
        stream = getattr(stream, "raw", None) or getattr(stream, "inner", None)
        seen += 1
    return None


def read_limited(stream: BinaryIO, max_bytes: int | None) -> bytes:
    """All bytes of ``stream`` (decompressed), refusing more than ``max_bytes`` and truncated gzip."""
    data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if error := gzip_error(stream):
        raise UnreadableInput(error)
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableInput(f"too large (more than {max_bytes / 1e6:g} MB once decompressed;"
                              " raise the limit with --max-bytes)")
    return data
