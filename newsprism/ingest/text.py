"""Plain text (.txt, .md): decode, normalise newlines, and read the headline off the first line.

The article text is the file's text as decoded, with newlines normalised to
``\\n`` and nothing else changed, so offsets are offsets into the file as read.
"""

from __future__ import annotations

import re

from newsprism.ingest.errors import UnreadableInput

__all__ = ["decode_text", "normalise_newlines", "headline_of", "headline_problem", "looks_binary", "ENCODINGS"]

#: Tried in order; the first strict decode wins. latin-1 never fails, so it closes the list.
ENCODINGS = ("utf-8", "cp1252", "latin-1")

#: A headline has at most this many words; a longer first line is a lede or a paragraph.
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 250
#: A first line ending like a sentence (". ") or holding two sentences reads as a headline only up to this many
#: words (many outlets end headlines with a full stop); longer, it is a lede or standfirst, not a title.
SENTENCE_HEADLINE_WORDS = 20
#: Share of the longer words capitalised that makes a line Title Case (a sentence capitalises only names).
TITLE_CASE_SHARE = 0.75

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROL = bytes([*range(0, 9), 11, *range(14, 32), 127])
# A sentence ends inside the line: ". The" — but not after a short abbreviation ("Sen. Cruz", "U.S. Army").
_INNER_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])[.!?][\"”’']?\s+[\"“‘']?[A-Z]")
_NOT_HEADLINE = re.compile(
    r"^(?:by\s|posted\b|updated\b|published\b|https?://|www\.|\W*$|[\d/.:\- ]+$)", re.IGNORECASE
)


def looks_binary(head: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes, many control bytes)."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > 0.05


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: a BOM if present, else strict UTF-8, cp1252, then latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"not valid {encoding} despite its byte-order mark ({exc.reason})") from exc
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_paragraph(text: str) -> tuple[str, bool]:
    """The first non-empty line, and whether anything follows it."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            rest = "\n".join(lines[i + 1:])
            return line.strip(), bool(rest.strip())
    return "", False


def headline_of(text: str) -> str | None:
    """The first non-empty line when it reads like a headline, else None (``headline_problem`` says why not)."""
    line, more = _first_paragraph(text)
    if not more:
        return None
    line = line.lstrip("#").strip() or line  # Markdown heading marks
    return None if headline_problem(line) else line


def headline_problem(line: str) -> str | None:
    """Why a first line does not read like a headline, or None when it does.

    A headline is short (at most ``MAX_HEADLINE_WORDS`` words), starts with a capital, a digit or a
    quote mark, is not a byline, date or link, does not end like a lead-in ("," or ":"), and does not
    read as a sentence: a line of more than ``SENTENCE_HEADLINE_WORDS`` words that ends with a full stop
    or holds several sentences, and is not in Title Case, is a lede or standfirst, not a title.
    """
    words = line.split()
    if not words:
        return "empty"
    if len(line) > MAX_HEADLINE_CHARS or len(words) > MAX_HEADLINE_WORDS:
        return "too long"
    if _NOT_HEADLINE.match(line):
        return "byline, date or link"
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'"):
        return "starts in lower case"
    end = line.rstrip("\"”’' ")
    if end.endswith((",", ":")):
        return "ends like a lead-in"
    if (len(words) > SENTENCE_HEADLINE_WORDS and not _title_case(words)
            and (end.endswith(".") or _INNER_SENTENCE_END.search(end.rstrip(".!?")))):
        return "a sentence"
    return None


def _title_case(words: list[str]) -> bool:
    """Most longer words capitalised, as in a Title Case headline (a sentence capitalises only names)."""
    longer = [w.strip("\"“”‘’'()[],.;:!?") for w in words]
    longer = [w for w in longer if len(w) > 3 and w[:1].isalpha()]
    return bool(longer) and sum(w[0].isupper() for w in longer) >= TITLE_CASE_SHARE * len(longer)
