"""Actor labels: how each outlet refers to each entity ("President", "the dictator", "his regime")."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

__all__ = ["label_key", "entity_key", "actor_labels"]

#: Words dropped from the front of a label: "the dictator" and "a dictator" are one label.
_LEADING = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPACE = re.compile(r"\s+")


def label_key(text: str, kind: str) -> str:
    """A mention's label: white space folded, leading determiners and a trailing possessive dropped;
    lower case except for names."""
    words = _SPACE.sub(" ", text).strip().split(" ")
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
                 skip_kinds: tuple[str, ...] = ("pronoun",)) -> list[dict]:
    """Per entity: every label with its count per outlet, and the labels only one outlet uses.

    Entities are listed by number of mentions; labels by count.
    """
    counts: dict[str, Counter] = defaultdict(Counter)  # entity -> (label, kind, outlet) -> n
    names: dict[str, str] = {}
    for mention in mentions:
        if mention.get("kind") in skip_kinds:
            continue
        key = entity_key(mention)
        if key is None:
            continue
        names[key[0]] = key[1]
        outlet = outlet_of.get(mention["article_id"], mention["article_id"])
        counts[key[0]][(label_key(mention["text"], mention["kind"]), mention["kind"], outlet)] += 1
    entities = []
    for key, counter in counts.items():
        by_label: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for (label, kind, outlet), n in counter.items():
            by_label[(label, kind)][outlet] += n
        outlets = sorted({o for (_, _, o) in counter})
        labels = []
        for (label, kind), per_outlet in sorted(by_label.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            only = next(iter(per_outlet)) if len(per_outlet) == 1 and len(outlets) > 1 else None
            labels.append({"label": label, "kind": kind, "by_outlet": dict(per_outlet), "only": only})
        entities.append({"entity_id": key if not key.startswith("name:") else None, "entity": names[key],
                         "mentions": sum(counter.values()), "outlets": outlets, "labels": labels})
    entities.sort(key=lambda e: (-e["mentions"], e["entity"]))
    return entities
