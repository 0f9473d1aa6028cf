"""Corpus phase: canonical entities, stories and statement links, updated incrementally."""

from __future__ import annotations

from newsprism.store.db import Store

__all__ = ["update_corpus"]


def update_corpus(store: Store) -> None:
    """Place the articles analysed since the last update into entities, stories and links.

    (Filled by the linking issue; until then articles stay pending.)
    """
