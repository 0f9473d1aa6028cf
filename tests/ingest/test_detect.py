"""Format detection: content first where it is unambiguous, then the extension, then sniffing."""

from __future__ import annotations

import pytest

from newsprism.ingest.detect import detect_format
from newsprism.ingest.errors import UnreadableInput


@pytest.mark.parametrize("name, head, expected", [
    ("a.txt", b"Headline\n\nBody", "text"),
    ("a.md", b"# Headline\n\nBody", "text"),
    ("a.txt", b"<!DOCTYPE html><html><body>", "html"),  # content beats a wrong extension
    ("a.html", b"<div>fragment</div>", "html"),
    ("a.htm.gz", b"<html>", "html"),
    ("page", b"  <!-- c --><html lang=en>", "html"),
    ("feed.jsonl", b'{"text": "x"}\n', "json"),
    ("dump.json", b'[{"text": "x"}]', "json"),
    ("noext", b'{"text": "x"}', "json"),
    ("stdin", b"Just words here.", "text"),
    ("noext", b"<p>some <b>html</b></p>", "html"),
    ("crawl.warc.gz", b"WARC/1.0\r\n", "warc"),
    ("misnamed.txt", b"WARC/1.1\r\n", "warc"),
    ("a.txt", b"[Updated] Headline\n\nBody", "text"),  # the extension keeps a bracket from meaning JSON
])
def test_detect_format(name, head, expected):
    assert detect_format(name, head) == expected


@pytest.mark.parametrize("name, head, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\n ", "empty file"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("noext", bytes(range(256)), "binary file"),
    ("table.csv", b"a,b\n1,2\n", "unsupported format (.csv)"),
])
def test_detect_format_refuses(name, head, reason):
    with pytest.raises(UnreadableInput, match=reason.replace("(", r"\(").replace(")", r"\)")):
        detect_format(name, head)
