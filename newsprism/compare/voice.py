"""Whose voice a span of an article is: the outlet's narration, or a quoted speaker's words.

A span is a source's words when it lies inside the quoted part of an attributed
statement: the quotation marks of a direct or mixed statement, or the whole of a
block quote or Q&A turn. Everything else is the outlet's own voice, including
scare quotes (statements of kind ``term`` that no speaker is given for) and the
attribution verbs themselves.

>>> voices = VoiceMap.from_statements([{"article_id": "a", "start": 0, "end": 30, "kind": "mixed",
...     "speaker": "Jo Bloggs", "quoted": [[10, 20]]}])
>>> voices.voice("a", 12, 18), voices.voice("a", 2, 8)
('Jo Bloggs', None)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsprism.records import VERBATIM_KINDS

__all__ = ["OUTLET", "UNNAMED", "VoiceMap", "voice_label"]

#: How the outlet's own voice is shown.
OUTLET = "outlet"
#: A quoted source the statements extractor could not name.
UNNAMED = "unnamed source"
#: Statement kinds that are wholly a source's words when no quotation marks are recorded.
_WHOLE_KINDS = frozenset(VERBATIM_KINDS)


def voice_label(voice: str | None) -> str:
    """The display form of a voice: ``outlet`` for the narration, else the speaker."""
    return OUTLET if voice is None else voice


@dataclass(frozen=True)
class VoiceMap:
    """Per article, the character ranges that are quoted speech, each with its speaker."""

    ranges: Mapping[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)

    @classmethod
    def from_statements(cls, statements: Iterable[Mapping]) -> VoiceMap:
        ranges: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for s in statements:
            kind = s.get("kind")
            if kind == "term" or kind is None:
                continue
            speaker = s.get("speaker_name") or s.get("speaker") or UNNAMED
            quoted = [tuple(q) for q in s.get("quoted") or []]
            if quoted:
                ranges[s["article_id"]].extend((int(a), int(b), speaker) for a, b in quoted)
            elif kind in _WHOLE_KINDS and s.get("start") is not None and s.get("end") is not None:
                ranges[s["article_id"]].append((int(s["start"]), int(s["end"]), speaker))
        return cls({a: tuple(sorted(r)) for a, r in ranges.items()})

    def voice(self, article_id: str, start: int, end: int) -> str | None:
        """The speaker whose quoted words hold [start, end), or None for the outlet's own voice.

        A span counts as quoted when it lies inside a quoted range, or when it is a
        quoted range itself with its quotation marks (a scare-quote candidate that is
        really a speaker's partial quote: ``“participation”``).
        """
        best: tuple[int, str] | None = None
        for a, b, speaker in self.ranges.get(article_id, ()):
            if a > end:
                break
            if a - 1 <= start and end <= b + 1:
                width = b - a
                if best is None or width < best[0]:
                    best = (width, speaker)
        return best[1] if best else None

    def is_quoted(self, article_id: str, start: int, end: int) -> bool:
        return self.voice(article_id, start, end) is not None
