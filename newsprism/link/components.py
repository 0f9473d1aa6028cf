"""Connected components over links: one group = one statement as several articles report it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def linked_components(ids: Iterable[str], links: Iterable[Mapping], *,
                      add_unknown: bool = False) -> list[list[str]]:
    """Group ``ids`` joined by ``links`` (rows with ``quote_a``/``quote_b``); singletons included.

    Groups keep the order in which ids first appear. Links naming an id outside
    ``ids`` are ignored, unless ``add_unknown`` adds that id to the groups.
    """
    parent = {q: q for q in ids}

    def find(q: str) -> str:
        while parent[q] != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    for link in links:
        a, b = link["quote_a"], link["quote_b"]
        if add_unknown:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for q in parent:
        groups.setdefault(find(q), []).append(q)
    return list(groups.values())
