"""Per-actor labels: how each outlet refers to each main actor ("President", "the dictator", "his regime").

Rows are the story's main actors (canonical entities: people and organisations),
columns are outlets, cells are the expressions each outlet used for that actor in
its own voice, with counts; evaluative labels (``data/evaluative_labels.tsv``:
dictator, regime, strongman, terrorist, …) are marked. Expressions inside a
source's quoted words are that source's labels, not the outlet's: they are
counted apart (``quoted``), with the speaker.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from newsprism.errors import NewsprismError
from newsprism.compare.voice import VoiceMap, voice_label
from newsprism.data import read_tsv, word_list

__all__ = ["LabelListError", "LABEL_FILE", "ACTOR_TYPES", "label_key", "entity_key", "evaluative_labels",
           "label_polarity", "actor_labels"]

LABEL_FILE = "evaluative_labels.tsv"
#: Entity types that are actors (places are where things happen, not who does them).
ACTOR_TYPES = frozenset({"person", "organisation", "anonymous"})

#: Words dropped from the front of a label: "the dictator" and "a dictator" are one label.
_LEADING = word_list("label_leading_words")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPACE = re.compile(r"\s+")
#: A dateline glued to the first words of an article: "BEIRUT—Syrian President".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’]{2,}\s*[—–-]+\s*(?=\S)")
_WORD = re.compile(r"[\w'’-]+")
_POLARITIES = frozenset({"negative", "positive", "distancing"})


class LabelListError(NewsprismError, ValueError):
    """The evaluative label file is malformed."""

    code = "NP-E206"


@functools.lru_cache(maxsize=1)
def evaluative_labels() -> dict[str, str]:
    """term (lower case; one word or a phrase) → polarity, from ``data/evaluative_labels.tsv``."""
    terms: dict[str, str] = {}
    for row in read_tsv(LABEL_FILE, error=LabelListError):
        term, polarity = row["term"].lower(), row["polarity"]
        if not term or polarity not in _POLARITIES:
            raise LabelListError(f"{row.where}: bad term or polarity {polarity!r}", value=row.where)
        terms[term] = polarity
    return terms


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def label_polarity(label: str) -> str | None:
    """negative / positive / distancing when the label holds a listed word or phrase, else None."""
    terms = evaluative_labels()
    lowered = label.lower()
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(lowered)]
    for word in words:
        for form in (word, _singular(word)):
            if form in terms:
                return terms[form]
    padded = " " + " ".join(_singular(w) for w in words) + " "
    for term, polarity in terms.items():
        if " " in term and f" {term} " in padded:
            return polarity
    return None


def label_key(text: str, kind: str) -> str:
    """A mention's label: white space folded, a dateline, leading determiners and a trailing possessive
    dropped; lower case except for names."""
    text = _DATELINE.sub("", _SPACE.sub(" ", text).strip())
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    label = _POSSESSIVE.sub("", " ".join(words)).strip()
    return label if kind == "name" else label.lower()


def entity_key(mention: Mapping) -> tuple[str, str] | None:
    """(key, display name) of the entity a mention belongs to: the canonical entity when linked,
    else the article's local name (so one name in several articles still lines up)."""
    if mention.get("entity_id"):
        return mention["entity_id"], mention.get("entity_name") or mention.get("local_name") or mention["entity_id"]
    if mention.get("local_name"):
        return "name:" + mention["local_name"].lower(), mention["local_name"]
    return None


def actor_labels(mentions: Iterable[Mapping], outlet_of: Mapping[str, str], *,
                 statements: Iterable[Mapping] = (), skip_kinds: tuple[str, ...] = ("pronoun",),
                 actor_types: frozenset[str] | None = ACTOR_TYPES) -> list[dict]:
    """Per actor: every label with its count per outlet in the outlet's own voice, evaluative ones marked.

    Each actor has ``labels`` (one row per label: ``by_outlet`` own-voice counts, ``quoted_by_outlet``
    counts inside quoted speech, ``kinds``, ``evaluative`` polarity or None, ``only`` the one outlet
    using it) and ``cells`` (outlet → own-voice labels with counts, the table's cells) and ``quoted``
    (outlet → labels used by the sources it quotes, with the speaker). Entities whose type is not in
    ``actor_types`` (places) are left out unless ``actor_types`` is None. Actors are listed by number
    of outlets naming them, then mentions.
    """
    voices = VoiceMap.from_statements(statements)
    counts: dict[str, Counter] = defaultdict(Counter)  # entity -> (label, kind, outlet, voice) -> n
    surface: dict[str, Counter] = defaultdict(Counter)  # label -> surface forms
    names: dict[str, str] = {}
    for mention in mentions:
        if mention.get("kind") in skip_kinds:
            continue
        entity_type = mention.get("entity_type")
        if actor_types is not None and entity_type is not None and entity_type not in actor_types:
            continue
        key = entity_key(mention)
        if key is None:
            continue
        names[key[0]] = key[1]
        outlet = outlet_of.get(mention["article_id"], mention["article_id"])
        voice = None
        if mention.get("start") is not None and mention.get("end") is not None:
            voice = voices.voice(mention["article_id"], mention["start"], mention["end"])
        label = label_key(mention["text"], mention["kind"])
        surface[label.lower()][label if mention["kind"] == "name" else _display(mention["text"], label)] += 1
        counts[key[0]][(label.lower(), mention["kind"], outlet, voice)] += 1
    entities = [_entity(key, names[key], counter, surface) for key, counter in counts.items()]
    entities.sort(key=lambda e: (-len(e["outlets"]), -e["mentions"], e["entity"]))
    return entities


def _display(text: str, label: str) -> str:
    """The label in the case the article wrote it ("Syrian President"), determiners dropped."""
    cleaned = _DATELINE.sub("", _SPACE.sub(" ", text).strip())
    at = cleaned.lower().find(label)
    return cleaned[at: at + len(label)] if at >= 0 else label


def _entity(key: str, name: str, counter: Counter, surface: Mapping[str, Counter]) -> dict:
    by_label: dict[str, dict] = {}
    for (label, kind, outlet, voice), n in counter.items():
        row = by_label.setdefault(label, {"by_outlet": Counter(), "quoted_by_outlet": Counter(), "kinds": set(),
                                          "speakers": defaultdict(Counter)})
        row["kinds"].add(kind)
        if voice is None:
            row["by_outlet"][outlet] += n
        else:
            row["quoted_by_outlet"][outlet] += n
            row["speakers"][outlet][voice_label(voice)] += n
    outlets = sorted({o for (_, _, o, v) in counter if v is None})
    labels, cells, quoted = [], defaultdict(list), defaultdict(list)
    for label, row in sorted(by_label.items(), key=lambda kv: (-sum(kv[1]["by_outlet"].values()),
                                                               -sum(kv[1]["quoted_by_outlet"].values()), kv[0])):
        shown = surface[label].most_common(1)[0][0] if surface.get(label) else label
        polarity = None if row["kinds"] == {"name"} else label_polarity(label)
        per_outlet = dict(row["by_outlet"])
        only = next(iter(per_outlet)) if len(per_outlet) == 1 and len(outlets) > 1 else None
        labels.append({"label": shown, "kinds": sorted(row["kinds"]), "kind": sorted(row["kinds"])[0],
                       "by_outlet": per_outlet, "quoted_by_outlet": dict(row["quoted_by_outlet"]),
                       "evaluative": polarity, "only": only})
        for outlet, n in per_outlet.items():
            cells[outlet].append({"label": shown, "count": n, "evaluative": polarity})
        for outlet, speakers in (row["speakers"].items() if polarity or row["kinds"] != {"name"} else ()):
            for speaker, n in speakers.items():
                quoted[outlet].append({"label": shown, "count": n, "evaluative": polarity, "speaker": speaker})
    return {"entity_id": key if not key.startswith("name:") else None, "entity": name,
            "mentions": sum(counter.values()), "outlets": outlets, "labels": labels,
            "cells": dict(cells), "quoted": dict(quoted)}
