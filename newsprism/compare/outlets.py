"""Who told it: the key each article is compared under (its outlet, or the article itself when unknown)."""

from __future__ import annotations

from collections.abc import Iterable

from newsprism.store.queries import outlet_of

__all__ = ["outlet_keys", "outlet_order"]


def outlet_keys(articles: Iterable[dict]) -> dict[str, str]:
    """article_id → outlet key. Articles without an outlet are compared one by one, under their id."""
    return {a["article_id"]: outlet_of(a) for a in articles}


def outlet_order(articles: Iterable[dict]) -> list[str]:
    """Outlet keys in the order of first publication (unknown dates last), then by name."""
    first: dict[str, tuple[str, str]] = {}
    keys = outlet_keys(articles := list(articles))
    for article in articles:
        key = keys[article["article_id"]]
        stamp = (article.get("published") or "9999", article["article_id"])
        if key not in first or stamp < first[key]:
            first[key] = stamp
    return sorted(first, key=lambda k: (first[k], k))
