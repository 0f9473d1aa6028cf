"""What each linked version changed: the class of a link's difference, with a verbatim diff.

Links between quotes (identical, excerpt, altered) get ``alteration`` (a class of
:mod:`newsprism.link.alterations`: meaning, substituted, trimmed, cosmetic,
excerpt, identical) and ``reasons`` (why a change is meaning-changing); the
stored ``diff`` is kept (the linker stores it verbatim: punctuation and case).
Paraphrase links (an indirect report of a quote) are left as they are: their
wording is the outlet's, not the source's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsprism.link.alterations import classify_alteration, quoted_text

__all__ = ["QUOTE_RELATIONS", "quoted_text", "link_alteration", "annotate_links"]

#: Link relations between two quotations of the same words.
QUOTE_RELATIONS = frozenset({"identical", "excerpt", "altered"})


def link_alteration(original: Mapping, reported: Mapping) -> dict:
    """class and reasons of the change from the earlier version to the later one."""
    found = classify_alteration(quoted_text(original), quoted_text(reported))
    return {"alteration": found.cls, "reasons": list(found.reasons)}


def annotate_links(links: Iterable[Mapping], statements: Iterable[Mapping]) -> list[dict]:
    """Links with ``alteration`` and ``reasons`` where both ends are quotes (None and [] otherwise)."""
    by_id = {s["quote_id"]: s for s in statements}
    result = []
    for link in links:
        a, b = by_id.get(link["quote_a"]), by_id.get(link["quote_b"])
        if link.get("relation") in QUOTE_RELATIONS and a is not None and b is not None:
            result.append({**link, **link_alteration(a, b)})
        else:
            result.append({**link, "alteration": None, "reasons": []})
    return result
