"""How each outlet told it: actor labels, attribution verbs, loaded language, claims and coverage per story.

Works on the dicts ``newsprism.store.framing`` returns; no SQL here.

>>> from newsprism.store.db import Store
>>> with Store("news.db", readonly=True) as store:      # doctest: +SKIP
...     table = compare_story(store, "s0001")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsprism.compare.alterations import annotate_links
from newsprism.compare.claims import compare_claims, with_context
from newsprism.compare.coverage import coverage
from newsprism.compare.labels import actor_labels
from newsprism.compare.loaded import loaded_profile
from newsprism.compare.outlets import outlet_keys, outlet_order
from newsprism.compare.verbs import verb_profile
from newsprism.store import framing
from newsprism.store.db import Store

__all__ = ["StoryNotFound", "compare_story", "compare_articles", "compare_all"]


class StoryNotFound(LookupError):
    """No story with that id in the database."""


def compare_story(store: Store, story_id: str) -> dict:
    """The comparison table of one story (see :func:`compare_articles`)."""
    story = framing.story_info(store, story_id)
    if story is None:
        raise StoryNotFound(f"no story {story_id!r}")
    return compare_articles(store, framing.story_article_ids(store, story_id), story=story)


def compare_all(store: Store) -> Iterator[dict]:
    """The comparison of every story, one after the other (for export)."""
    for story_id in framing.all_story_ids(store):
        yield compare_story(store, story_id)


def compare_articles(store: Store, article_ids: Iterable[str], *, story: dict | None = None) -> dict:
    """Labels, verbs, loaded language, claims and coverage of a set of articles, per outlet.

    Outlets are the articles' outlet names; an article without one is its own "outlet" (its id).
    """
    articles = framing.articles_info(store, list(article_ids))
    ids = [a["article_id"] for a in articles]
    outlet_of = outlet_keys(articles)
    outlets = outlet_order(articles)
    statements = framing.statements_in(store, ids)
    links = annotate_links(framing.links_among(store, [s["quote_id"] for s in statements]), statements)
    mentions = framing.mentions_in(store, ids)
    claims = with_context(framing.claims_in(store, ids), framing.article_texts(store, ids), mentions, statements)
    return {
        "story": story,
        "outlets": outlets,
        "articles": [{**a, "outlet_key": outlet_of[a["article_id"]]} for a in articles],
        "labels": actor_labels(mentions, outlet_of, statements=statements),
        "verbs": verb_profile(statements, outlet_of),
        "loaded": loaded_profile(framing.loaded_in(store, ids), statements, articles, outlet_of),
        "claims": compare_claims(claims, outlet_of, outlets),
        "coverage": coverage(statements, links, outlet_of, outlets),
    }
