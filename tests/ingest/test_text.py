"""Plain text: decoding, newline normalisation, binary sniffing, the headline rule."""

from __future__ import annotations

import pytest

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text, headline_of, looks_binary, normalise_newlines


@pytest.mark.parametrize("data, text, encoding", [
    ("Café “quoted”".encode("utf-8"), "Café “quoted”", "utf-8"),
    (b"\xef\xbb\xbfBOM first", "\ufeffBOM first", "utf-8"),
    ("Café “quoted” — dash".encode("cp1252"), "Café “quoted” — dash", "cp1252"),
    ("naïve ½".encode("latin-1"), "naïve ½", "cp1252"),  # latin-1 letters read the same in cp1252
    (b"\x81\xe9", "\x81é", "latin-1"),  # 0x81 is undefined in cp1252
    ("utf16".encode("utf-16"), "utf16", "utf-16-le"),
])
def test_decode_text(data, text, encoding):
    decoded, used = decode_text(data)
    assert used == encoding
    assert decoded.lstrip("\ufeff") == text.lstrip("\ufeff")


def test_decode_text_rejects_a_lying_bom():
    with pytest.raises(UnreadableInput, match="byte-order mark"):
        decode_text(b"\xff\xfe\x00\xd8")  # a lone surrogate in UTF-16


@pytest.mark.parametrize("text, expected", [
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\n\n  b\t", "a\n\n  b\t"),  # nothing else changes
])
def test_normalise_newlines(text, expected):
    assert normalise_newlines(text) == expected


@pytest.mark.parametrize("head, binary", [
    (b"plain text\n", False),
    ("caf\u00e9".encode("cp1252"), False),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
    (bytes(range(256)), True),
    ("utf16".encode("utf-16"), False),
    (b"", False),
])
def test_looks_binary(head, binary):
    assert looks_binary(head) is binary


STANDFIRST = ("Valdoria’s President Marrow has urged Estrania to join talks on grain exports, as she continues "
              "to reject any limit on her country’s farmers or any blame for the collapse of the two-year "
              "negotiations.")


@pytest.mark.parametrize("text, title", [
    ("Assad Welcomes America to Cooperate\n\nBody text.", "Assad Welcomes America to Cooperate"),
    ("\n\n  Headline After Blank Lines  \nBody", "Headline After Blank Lines"),
    ("Virginian could make history. Again.\n\nBody", "Virginian could make history. Again."),
    ("Poll: Wealthy Voters Abandon Party.\n\nBody", "Poll: Wealthy Voters Abandon Party."),
    ("# Markdown Heading\n\nBody", "Markdown Heading"),
    ("“We will not sign,” says president\n\nBody", "“We will not sign,” says president"),
    # a one-sentence standfirst standing in for a missing headline (like seed 000): 37 words
    (STANDFIRST + "\n\nThe president told Yahoo…", STANDFIRST),
    # negative cases
    ("Only one paragraph and nothing after it.", None),
    ("By Jane Roe\n\nBody", None),
    ("2017-02-10\n\nBody", None),
    ("https://example.com/story\n\nBody", None),
    ("lower-case start is a sentence fragment\n\nBody", None),
    ("The minister spoke. She said many things about the budget, the pension fund, the army and the "
     "roads. Then she left the building.\n\nBody", None),
    (" ".join(["Word"] * 50) + "\n\nBody", None),
    ("", None),
])
def test_headline_of(text, title):
    assert headline_of(text) == title
