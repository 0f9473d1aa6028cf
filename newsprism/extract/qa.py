"""Interview transcripts: ``Q.``/``Q:``/``Question:`` turns and ``Name:`` answers.

A paragraph opening with a turn marker is one turn; the turn runs to the end of
its paragraph. Question turns belong to the interviewer, whom the article names
elsewhere ("Assad told Michael Isikoff of Yahoo!", "interviewed by …"); name
turns belong to the named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.data import word_list

__all__ = ["Turn", "find_interviewer", "find_turns"]

QUESTION_MARKER = re.compile(r"(?m)^[ \t]*(?:Q|QUESTION|Question|INTERVIEWER|Interviewer)\s*[.:]\s+")
ANSWER_MARKER = re.compile(r"(?m)^[ \t]*(?:A|ANSWER|Answer)\s*[.:]\s+")
NAME_MARKER = re.compile(r"(?m)^[ \t]*((?:[A-Z][\w'’.-]*)(?: [A-Z][\w'’.-]*){0,2}):[ \t]+(?=\S)")
#: "Name:" paragraphs count as a transcript only beside Q turns or with this many turns of at least
#: two distinct names that take turns (a headline "X: Y", even repeated, does not; nor digest labels).
MIN_NAME_TURNS = 2
#: A name this close after a turn marker (in characters) is the marker's own label, not the name in prose.
MARKER_NAME_REACH = 40
#: "told NAME of", "interview with NAME", "asked by NAME", "NAME asked" — the interviewer named in prose.
INTERVIEWER_PATTERNS = (
    re.compile(r"\b(?:told|tells|telling)\s+((?:[A-Z][\w'’.-]+\s){1,3})(?:of|from)\b"),
    re.compile(r"\binterview(?:ed)?\s+(?:with|by)\s+((?:[A-Z][\w'’.-]+\s?){2,3})"),
    re.compile(r"\b(?:asked|pressed|questioned)\s+by\s+((?:[A-Z][\w'’.-]+\s?){1,3})"),
    re.compile(r"\b(?:Pressed|Asked|Questioned)\s+by\s+((?:[A-Z][\w'’.-]+\s?){1,3})"),
    re.compile(r"\b([A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,2})\s+(?:asked|pressed)\b"),
)
#: Words that open a capitalised run without being part of a name ("The", "In", "He").
FUNCTION_WORDS = word_list("capitalised_function_words")
#: Words that make a capitalised run a news outlet's name ("Gazette News", "The Daily Times").
OUTLET_WORDS = word_list("outlet_name_words")


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
        if m.start() in taken or m.group(1) in FUNCTION_WORDS or len(m.group(1)) < 2:
            continue
        end = _paragraph_end(text, m.end())
        if end > m.end():
            named.append(Turn(m.start(), m.start() + len(m.group(0).rstrip()), m.end(), end, "name",
                              name=m.group(1)))
    distinct = {t.name for t in named}
    # A transcript's speakers take turns: some name speaks twice, or two turns follow each other.
    # Section labels of a news digest ("ANALYSIS:", "MARKET WATCH:") each open one paragraph among others.
    repeated = len(named) > len(distinct) or any(
        not text[a.end:b.marker_start].strip() for a, b in zip(named, named[1:]))
    # And a speaker is named in the prose too ("Mayor Ostrander and Reyes debated"); a label is not.
    in_prose = sum(1 for name in distinct if _named_in_prose(text, name, named))
    if any(t.role == "question" for t in turns) or (len(named) >= MIN_NAME_TURNS and len(distinct) >= 2 and repeated
                                                      and 2 * in_prose >= len(distinct)):
        turns.extend(named)
    turns.sort(key=lambda t: t.start)
    return turns


def find_interviewer(text: str, interviewee: str | None = None) -> tuple[int, int] | None:
    """Character span of the interviewer's name as the article states it, if any."""
    for pattern in INTERVIEWER_PATTERNS:
        for m in pattern.finditer(text):
            name = m.group(1).strip()
            words = _name_words(name.split())
            if not words or (interviewee and interviewee.split()[-1] in words):
                continue
            name = " ".join(words)
            start = text.index(name, m.start(1))
            return start, start + len(name)
    return None


def _named_in_prose(text: str, name: str, turns: list[Turn]) -> bool:
    """Whether a label's name appears in the article outside the turn markers (in any case but capitals)."""
    if name[:1].isupper() and not name.isupper():
        return True  # "Reyes:" is written as a name already
    last = name.split()[-1]
    markers = {t.marker_start for t in turns}
    for m in re.finditer(rf"\b{re.escape(last)}\b", text, re.IGNORECASE):
        if m.group() != last and m.group()[:1].isupper() and not any(0 <= m.start() - k < MARKER_NAME_REACH
                                                                     for k in markers):
            return True
    return False


def _name_words(words: list[str]) -> list[str]:
    """A capitalised run without leading function words and outlet names ("Gazette News' Ann Lee" → Ann Lee).

    An outlet name is a run that an outlet word ends, an acronym (all capitals) or a name with "!".
    """
    while words and words[0] in FUNCTION_WORDS:
        words = words[1:]
    for i, word in enumerate(words):
        if re.sub(r"['’]s?$", "", word) in OUTLET_WORDS:
            return _name_words(words[i + 1:])
    while words and (words[0].isupper() and len(words[0]) > 1 or words[0].endswith("!")):
        words = words[1:]
    return words
