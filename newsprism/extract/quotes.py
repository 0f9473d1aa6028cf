"""Quote-mark pairing: where quoted text starts and ends, robust to unbalanced marks.

Marks are paired by character scanning, never by counting, so an odd number of
marks, a never-closed quote or a 5,000-word quote degrade to a shorter span
instead of an error. A quote still open at a paragraph break ends there; when
the next paragraph reopens with a mark, the two parts are chained (the news
convention for a quote running over several paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

__all__ = ["DOUBLE_CLOSE", "DOUBLE_OPEN", "QuoteSpan", "find_quote_spans"]

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT_SINGLE = "'"
#: Longest single-quoted stretch taken as a quote (longer ones are apostrophes gone astray).
MAX_SINGLE_QUOTE_CHARS = 400


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted stretch: ``start:end`` includes the marks, ``inner_start:inner_end`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True  # False when the quote ran to a paragraph end unclosed
    continues: bool = False  # True when this part reopens a quote left open by the previous paragraph
    single: bool = False  # single quote marks (‘…’, '…')

    @property
    def length(self) -> int:
        return self.inner_end - self.inner_start


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens when it follows a space, a line start or an opening bracket/dash."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:;" or i == 0:
        return not after.isspace() or after == "\n"
    return False


def _strip_inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_DOUBLE_EVENTS = re.compile(r'["“”„«»]|\n')
_SINGLE_EVENTS = re.compile(r"[‘’'‹›]|\n")


def _double_quotes(text: str) -> Iterator[QuoteSpan]:
    open_at: int | None = None
    reopened = False
    skip_to = -1
    n = len(text)
    for m in _DOUBLE_EVENTS.finditer(text):
        i = m.start()
        if i < skip_to:
            continue
        ch = text[i]
        if ch == "\n":
            if open_at is None:
                continue
            # Paragraph break inside a quote: end this part here; chain it when the next paragraph reopens.
            s, e = _strip_inner(text, open_at + 1, i)
            if e > s:
                yield QuoteSpan(open_at, e, s, e, closed=False, continues=reopened)
            j = i
            while j < n and text[j] in " \t\r\n":
                j += 1
            open_at, reopened = None, False
            if j < n and (text[j] in DOUBLE_OPEN or text[j] == STRAIGHT_DOUBLE):
                open_at, reopened = j, True
                skip_to = j + 1
            continue
        if ch in DOUBLE_OPEN or (ch == STRAIGHT_DOUBLE and open_at is None and _is_opening_straight(text, i)):
            if open_at is None:
                open_at, reopened = i, False
            elif ch in DOUBLE_OPEN:
                # Two openers in a row: the first was never closed; restart at the second.
                s, e = _strip_inner(text, open_at + 1, i)
                if e > s:
                    yield QuoteSpan(open_at, e, s, e, closed=False, continues=reopened)
                open_at, reopened = i, False
        elif open_at is not None:
            s, e = _strip_inner(text, open_at + 1, i)
            if e > s:
                yield QuoteSpan(open_at, i + 1, s, e, closed=True, continues=reopened)
            open_at, reopened = None, False
    if open_at is not None:
        s, e = _strip_inner(text, open_at + 1, n)
        if e > s:
            yield QuoteSpan(open_at, e, s, e, closed=False, continues=reopened)


def _single_quotes(text: str, blocked: list[tuple[int, int]]) -> Iterator[QuoteSpan]:
    """‘…’ and '…' outside double quotes; an apostrophe never opens, a closer must end a word."""
    open_at: int | None = None
    block_idx = 0
    for m in _SINGLE_EVENTS.finditer(text):
        i = m.start()
        ch = text[i]
        while block_idx < len(blocked) and blocked[block_idx][1] <= i:
            block_idx += 1
        inside_double = block_idx < len(blocked) and blocked[block_idx][0] <= i
        if inside_double or ch == "\n":
            open_at = None
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in SINGLE_OPEN or (ch == STRAIGHT_SINGLE and not before.isalnum() and after.isalnum()):
            if not before.isalnum():
                open_at = i
            continue
        if open_at is not None and (ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE) and not after.isalnum():
            if i - open_at > MAX_SINGLE_QUOTE_CHARS:
                open_at = None
                continue
            if before.isalpha() and text[i - 1:i].lower() == "s" and after.isspace() and i - open_at > 60:
                continue  # plural possessive ("the voters’ choice") far from its opener
            s, e = _strip_inner(text, open_at + 1, i)
            if e > s:
                yield QuoteSpan(open_at, i + 1, s, e, closed=True, single=True)
            open_at = None


#: Two apostrophes stand for a double quote mark in some archives (''Like this,'' he said).
DOUBLED_APOSTROPHES = "''"


def _with_doubled_apostrophes_as_quotes(text: str) -> str:
    """The same-length text with each '' read as one double mark plus a filler character."""
    return text.replace(DOUBLED_APOSTROPHES, '"\x00')


def _widen_doubled(text: str, q: QuoteSpan) -> QuoteSpan:
    start, end, inner_start = q.start, q.end, q.inner_start
    if text.startswith(DOUBLED_APOSTROPHES, start):
        inner_start = max(inner_start, start + 2)
    if q.closed and text.startswith(DOUBLED_APOSTROPHES, end - 1):
        end += 1
    return replace(q, end=end, inner_start=min(inner_start, q.inner_end))


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted stretch in ``text``, in document order (double and top-level single quotes)."""
    marked = _with_doubled_apostrophes_as_quotes(text) if DOUBLED_APOSTROPHES in text else text
    doubles = list(_double_quotes(marked))
    if marked is not text:
        doubles = [_widen_doubled(text, q) for q in doubles]
    singles = list(_single_quotes(marked, [(q.start, q.end) for q in doubles]))
    return sorted(doubles + singles, key=lambda q: q.start)
