"""How each outlet told it: actor labels, attribution verbs, loaded language, claims and coverage per story.

Works on the dicts ``newsprism.store.framing`` returns; no SQL here. Every screen renders the one
:class:`~newsprism.compare.story.StoryView` that :func:`~newsprism.compare.story.story_view` builds.

>>> from newsprism.store.db import Store
>>> with Store("news.db", readonly=True) as store:      # doctest: +SKIP
...     table = compare_story(store, "s0001")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsprism.compare.story import StoryNotFound, StoryView, story_view, view_of_articles
from newsprism.store import framing
from newsprism.store.db import Store

__all__ = ["StoryNotFound", "StoryView", "compare_all", "compare_articles", "compare_story", "story_view"]


def compare_story(store: Store, story_id: str) -> dict:
    """The story view of one story as JSON-ready data (see :class:`newsprism.compare.story.StoryView`)."""
    return story_view(store, story_id).as_dict()


def compare_all(store: Store) -> Iterator[dict]:
    """The comparison of every story, one after the other (for export)."""
    for story_id in framing.all_story_ids(store):
        yield compare_story(store, story_id)


def compare_articles(store: Store, article_ids: Iterable[str], *, story: dict | None = None) -> dict:
    """Labels, verbs, loaded language, claims and coverage of a set of articles, per outlet.

    Outlets are the articles' outlet names; an article without one is its own "outlet" (its id).
    """
    return view_of_articles(store, article_ids, story=story).as_dict()
