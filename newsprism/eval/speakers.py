"""Speaker-resolution diagnostic on PolNeAR gold Source spans (no coreference gold exists there).

For each gold Source span, ``resolve_speaker`` is asked which article entity it refers to. Reported
per kind of span (he/she pronoun, other pronoun, named, nominal such as "officials"):

* linked: share of spans resolved to some entity;
* named: share resolved to an entity whose name appears in the article (a person, organisation or
  place with at least one name mention, not an anonymous or role-only entity);
* name agrees (named spans only): the resolved entity's aliases share a word with the span, i.e. the
  span was not linked to somebody else.

It measures coverage and consistency, not correctness of pronoun links: ``--show N`` prints random
pronoun links with their context for a human to judge.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsprism.eval.polnear import GoldArticle
from newsprism.extract.entities import find_entities, resolve_speaker
from newsprism.records import LocalEntity

__all__ = ["SpeakerCounts", "SpeakerLink", "classify_source", "speaker_links", "tally"]

HE_SHE = frozenset({"he", "she"})
OTHER_PRONOUNS = frozenset({"they", "it", "we", "i", "you", "him", "her", "them", "us"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


@dataclass(frozen=True, slots=True)
class SpeakerLink:
    """One gold Source span and what resolve_speaker made of it."""

    article: str
    kind: str  # he/she, pronoun, named, nominal
    start: int
    end: int
    text: str
    entity: LocalEntity | None


@dataclass
class SpeakerCounts:
    total: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    named: dict[str, int] = field(default_factory=dict)
    agrees: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        for kind in ("he/she", "pronoun", "named", "nominal"):
            n = self.total.get(kind, 0)
            if not n:
                continue
            line = (f"{kind:<8} n={n:<5} linked={self.linked.get(kind, 0) / n:.3f}"
                    f"  named entity={self.named.get(kind, 0) / n:.3f}")
            if kind == "named":
                line += f"  name agrees={self.agrees.get(kind, 0) / n:.3f}"
            out.append(line)
        return out


def classify_source(doc: Doc, start: int, end: int) -> str:
    """he/she, pronoun, named (an NER name inside) or nominal."""
    text = doc.text[start:end].strip().lower()
    if text in HE_SHE:
        return "he/she"
    if text in OTHER_PRONOUNS:
        return "pronoun"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and any(t.ent_type_ in NAMED_LABELS for t in span):
        return "named"
    return "nominal"


def speaker_links(articles: Iterable[GoldArticle], docs: Iterable[Doc]) -> Iterator[SpeakerLink]:
    """Every gold Source span (first segment) with the entity resolve_speaker returns."""
    for gold, doc in zip(articles, docs):
        entities, mentions = find_entities(doc)
        for attribution in gold.attributions:
            if not attribution.source:
                continue
            start, end = attribution.source[0]
            entity = resolve_speaker(doc, start, end, entities, mentions)
            yield SpeakerLink(gold.name, classify_source(doc, start, end), start, end, doc.text[start:end], entity)


def tally(links: Iterable[SpeakerLink]) -> SpeakerCounts:
    counts = SpeakerCounts()
    for link in links:
        kind = link.kind
        counts.total[kind] = counts.total.get(kind, 0) + 1
        if link.entity is None:
            continue
        counts.linked[kind] = counts.linked.get(kind, 0) + 1
        if link.entity.aliases:
            counts.named[kind] = counts.named.get(kind, 0) + 1
        words = {w.lower().strip(".,'’s") for alias in link.entity.aliases for w in alias.split()}
        if any(w.lower().strip(".,'’s") in words for w in link.text.split()):
            counts.agrees[kind] = counts.agrees.get(kind, 0) + 1
    return counts


def sample(links: list[SpeakerLink], kind: str, n: int, seed: int = 0) -> list[SpeakerLink]:
    """A reproducible random sample of links of one kind, for manual judgement."""
    pool = [link for link in links if link.kind == kind]
    return random.Random(seed).sample(pool, min(n, len(pool)))
