"""From a speaker mention span to the article's canonical speaker (name, entity key, type).

Uses the in-article coreference of ``extract.entities`` (``resolve_speaker``,
``speaker_type``) when it provides them; otherwise falls back to the mention's
own text and a small rule for its type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsprism.records import LocalEntity, Mention

__all__ = ["Speaker", "SpeakerResolver", "fallback_type"]

ANONYMOUS = re.compile(
    r"\b(?:sources?|officials?|aides?|people|someone|spokes(?:man|woman|person)|insiders?|analysts?|experts?|"
    r"critics?|observers?|residents?|witnesses?|diplomats?|advisers?|advisors?|one|many|some|others)\b",
    re.IGNORECASE)
ORGANISATION = re.compile(
    r"\b(?:ministry|government|agency|committee|campaign|party|council|department|office|administration|"
    r"kremlin|pentagon|white house|news|times|post|poll|survey|report|study|group|company|court|union|"
    r"organization|organisation|coalition|association|foundation|institute|commission)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    key: int | None
    type: str | None


def fallback_type(doc: Doc, start: int, end: int, text: str | None = None) -> str:
    """person, organisation or anonymous from the mention's words and entity labels."""
    text = text if text is not None else doc.text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    labels = {t.ent_type_ for t in span} if span is not None else set()
    if "PERSON" in labels:
        return "person"
    if labels & {"ORG", "GPE", "NORP"} or ORGANISATION.search(text):
        return "organisation"
    if ANONYMOUS.search(text):
        return "anonymous"
    return "person"


class SpeakerResolver:
    """Resolves speaker mention spans of one article, with the entities helper when present."""

    def __init__(self, doc: Doc, entities: list[LocalEntity], mentions: list[Mention],
                 text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt on every access
        self.entities = entities
        self.mentions = mentions
        try:
            from newsprism.extract import entities as entities_module
        except ImportError:  # pragma: no cover - the module is part of the package
            entities_module = None
        self._resolve = getattr(entities_module, "resolve_speaker", None)
        self._type = getattr(entities_module, "speaker_type", None)

    def resolve(self, span: tuple[int, int] | None) -> Speaker | None:
        if span is None:
            return None
        start, end = span
        text = self.text[start:end]
        entity = None
        if self._resolve is not None and self.mentions:
            entity = self._resolve(self.doc, start, end, self.entities, self.mentions)
        kind = self._type(entity, text) if self._type is not None else None
        kind = kind or fallback_type(self.doc, start, end, text)
        if entity is not None:
            return Speaker(entity.name, entity.key, kind)
        return Speaker(text, None, kind)
