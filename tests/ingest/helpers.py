"""Builders for small FICTIONAL ingest inputs (Valdoria and its outlets are invented)."""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BODY = ("The finance minister of Valdoria said on Tuesday that the pension fund would run dry by 2031. "
        "Union leaders rejected the claim and promised further protests in Corvana.")


def html_page(title: str, body: str = BODY, *, extra_head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{extra_head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>{body.replace('Tuesday', 'Wednesday')}</p></article>"
            "<footer>© Valdoria Today</footer></body></html>")


def warc_bytes(pages: list[tuple[str, str]], *, compress: bool = True, extra_records: bool = True) -> bytes:
    """A WARC holding one 200 HTML response per (url, html), plus a request, a 404 and an image response."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for n, (url, html) in enumerate(pages):
        if extra_records:
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True)))
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": f"2025-03-0{n + 1}T10:00:00Z",
                               "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-00000000000{n}>"}))
    if extra_records:
        for status, ctype in (("404 Not Found", "text/html"), ("200 OK", "image/png")):
            writer.write_record(writer.create_warc_record(
                "https://valdoriatoday.example/other", "response", payload=io.BytesIO(b"<html>no</html>"),
                http_headers=StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")))
    return buf.getvalue()


def write(path: Path, data: str | bytes, *, gz: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(gzip.compress(raw) if gz else raw)
    return path


def gzip_bomb(path: Path, prefix: bytes, size: int, *, fill: bytes = b"a", suffix: bytes = b"") -> Path:
    """A gzip file of ``prefix`` + ``size`` bytes of ``fill`` + ``suffix``, a few MB on disk for GBs inside.

    The same fully flushed deflate block (1 MiB of ``fill``) is repeated, so
    making a 4 GB bomb takes about a second (the CRC of the trailer is computed, so a
    reader that gets to the end sees a valid file).
    """
    chunk = 1 << 20

    def deflated(data: bytes, *, final: bool = False) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    plain = fill * (chunk // len(fill))
    block = deflated(plain)
    crc = zlib.crc32(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")  # gzip header, no name
        out.write(deflated(prefix))
        for _ in range(size // chunk):
            out.write(block)
            crc = zlib.crc32(plain, crc)
        out.write(deflated(suffix, final=True))
        crc = zlib.crc32(suffix, crc)
        out.write(struct.pack("<II", crc, (len(prefix) + size // chunk * chunk + len(suffix)) & 0xFFFFFFFF))
    return path

