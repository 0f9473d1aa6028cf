"""Coverage: which outlets carried which statements (through the links), and which omitted them.

Each carried version lists its link relations and, for a later quotation of earlier words, what it
changed (``alterations``: meaning, substituted, trimmed, cosmetic, excerpt, identical).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from newsprism.link.components import linked_components

__all__ = ["statement_groups", "coverage"]


def statement_groups(statements: Iterable[Mapping], links: Iterable[Mapping]) -> list[list[dict]]:
    """Statements joined by links into groups (one group = one statement as reported by several articles)."""
    statements = [s for s in statements if s.get("kind") != "term"]
    by_id = {s["quote_id"]: dict(s) for s in statements}
    return [[by_id[q] for q in group] for group in linked_components(list(by_id), links)]


def coverage(statements: Iterable[Mapping], links: Iterable[Mapping], outlet_of: Mapping[str, str],
             outlets: Iterable[str]) -> list[dict]:
    """One row per statement group: its words, speaker, who carried it (with how), who omitted it.

    Rows carried by most outlets come first, then in order of first appearance.
    """
    links = list(links)
    outlets = list(outlets)
    relation_of: dict[str, Counter] = defaultdict(Counter)
    alteration_of: dict[str, Counter] = defaultdict(Counter)
    for link in links:
        relation_of[link["quote_a"]][link["relation"]] += 1
        relation_of[link["quote_b"]][link["relation"]] += 1
        if link.get("alteration"):
            alteration_of[link["quote_b"]][link["alteration"]] += 1  # the later version changed the earlier
    rows = []
    for group in statement_groups(statements, links):
        representative = max(group, key=lambda s: (s.get("kind") == "direct", len(s.get("text") or "")))
        speakers = Counter(s.get("speaker") for s in group if s.get("speaker"))
        carried: dict[str, list[dict]] = defaultdict(list)
        for s in group:
            outlet = outlet_of.get(s["article_id"], s["article_id"])
            relations = sorted(relation_of.get(s["quote_id"], {}))
            carried[outlet].append({"quote_id": s["quote_id"], "kind": s.get("kind"), "cue": s.get("cue"),
                                    "relations": relations, "text": s.get("text"),
                                    "alterations": sorted(alteration_of.get(s["quote_id"], {}))})
        rows.append({
            "text": representative.get("text"),
            "speaker": speakers.most_common(1)[0][0] if speakers else None,
            "carried_by": dict(carried),
            "omitted_by": [o for o in outlets if o not in carried],
            "_first": min((s["article_id"], s["start"]) for s in group),
        })
    rows.sort(key=lambda r: (-len(r["carried_by"]), r["_first"]))
    for row in rows:
        del row["_first"]
    return rows
