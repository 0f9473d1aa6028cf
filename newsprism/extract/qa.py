"""Interview transcripts: ``Q.``/``Q:``/``Question:`` turns and ``Name:`` answers.

A paragraph opening with a turn marker is one turn; the turn runs to the end of
its paragraph. Question turns belong to the interviewer, whom the article names
elsewhere ("Assad told Michael Isikoff of Yahoo!", "interviewed by …"); name
turns belong to the named speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Turn", "find_interviewer", "find_turns"]

QUESTION_MARKER = re.compile(r"(?m)^[ \t]*(?:Q|QUESTION|Question|INTERVIEWER|Interviewer)\s*[.:]\s+")
ANSWER_MARKER = re.compile(r"(?m)^[ \t]*(?:A|ANSWER|Answer)\s*[.:]\s+")
NAME_MARKER = re.compile(r"(?m)^[ \t]*((?:[A-Z][\w'’.-]*)(?: [A-Z][\w'’.-]*){0,2}):[ \t]+(?=\S)")
#: "Name:" paragraphs count as a transcript only beside Q turns or with this many turns of at least
#: two distinct names (a headline "X: Y", even repeated, does not).
MIN_NAME_TURNS = 2
#: "told NAME of", "interview with NAME", "asked by NAME", "NAME asked" — the interviewer named in prose.
INTERVIEWER_PATTERNS = (
    re.compile(r"\b(?:told|tells|telling)\s+((?:[A-Z][\w'’.-]+\s){1,3})(?:of|from)\b"),
    re.compile(r"\binterview(?:ed)?\s+(?:with|by)\s+((?:[A-Z][\w'’.-]+\s?){2,3})"),
    re.compile(r"\b(?:asked|pressed|questioned)\s+by\s+((?:[A-Z][\w'’.-]+\s?){1,3})"),
    re.compile(r"\b(?:Pressed|Asked|Questioned)\s+by\s+((?:[A-Z][\w'’.-]+\s?){1,3})"),
    re.compile(r"\b([A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,2})\s+(?:asked|pressed)\b"),
)
NOT_NAMES = {"The", "A", "An", "In", "On", "He", "She", "They", "News", "Yahoo", "Yahoo!", "BBC", "RT"}


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of a transcript: marker span, content span, and who speaks."""

    marker_start: int
    marker_end: int
    start: int
    end: int
    role: str  # "question", "answer" or "name"
    name: str | None = None  # the name before the colon for "name" turns


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_turns(text: str) -> list[Turn]:
    """Transcript turns in document order (empty when the article has no transcript)."""
    turns: list[Turn] = []
    for role, pattern in (("question", QUESTION_MARKER), ("answer", ANSWER_MARKER)):
        for m in pattern.finditer(text):
            end = _paragraph_end(text, m.end())
            if end > m.end():
                turns.append(Turn(m.start(), m.end(), m.end(), end, role))
    taken = {t.marker_start for t in turns}
    named = []
    for m in NAME_MARKER.finditer(text):
        if m.start() in taken or m.group(1) in NOT_NAMES or len(m.group(1)) < 2:
            continue
        end = _paragraph_end(text, m.end())
        if end > m.end():
            named.append(Turn(m.start(), m.start() + len(m.group(0).rstrip()), m.end(), end, "name",
                              name=m.group(1)))
    distinct = {t.name for t in named}
    if any(t.role == "question" for t in turns) or (len(named) >= MIN_NAME_TURNS and len(distinct) >= 2):
        turns.extend(named)
    turns.sort(key=lambda t: t.start)
    return turns


def find_interviewer(text: str, interviewee: str | None = None) -> tuple[int, int] | None:
    """Character span of the interviewer's name as the article states it, if any."""
    for pattern in INTERVIEWER_PATTERNS:
        for m in pattern.finditer(text):
            name = m.group(1).strip()
            words = name.split()
            while words and words[0] in NOT_NAMES:
                words = words[1:]
            if not words or (interviewee and interviewee.split()[-1] in words):
                continue
            name = " ".join(words)
            start = text.index(name, m.start(1))
            return start, start + len(name)
    return None


def iter_question_turns(turns: list[Turn]) -> Iterator[Turn]:
    return (t for t in turns if t.role == "question")
