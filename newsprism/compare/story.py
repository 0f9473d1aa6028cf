"""The story view: one record of how a story was told, rendered by every screen.

:func:`story_view` reads a story through the store's query API (``newsprism.store.framing``)
once and computes, with the pure functions of ``newsprism.compare``, everything the explorer's
story page, the static report, ``newsprism compare`` and ``Corpus.compare()`` show: the
articles and their outlets (``newsprism.store.queries.outlet_of``, the one definition), the
linked statement groups aligned per article, actor labels, attribution verbs, loaded
language, claims verdicts and coverage. Nothing downstream recomputes a verdict: the
screens only lay out :meth:`StoryView.as_dict`.

>>> from newsprism.store.db import Store
>>> with Store("news.db", readonly=True) as store:      # doctest: +SKIP
...     view = story_view(store, "s000002")
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from newsprism.errors import NewsprismError
from newsprism.compare.alterations import annotate_links
from newsprism.compare.claims import compare_claims, with_context
from newsprism.compare.coverage import coverage
from newsprism.compare.labels import actor_labels
from newsprism.compare.loaded import loaded_profile, loaded_spans
from newsprism.compare.outlets import outlet_keys, outlet_order
from newsprism.compare.verbs import verb_profile
from newsprism.link.components import linked_components
from newsprism.store import framing
from newsprism.store.db import Store

__all__ = [
    "LABEL_KINDS",
    "StoryNotFound",
    "StoryView",
    "actors_by_article",
    "align_statements",
    "article_framing",
    "claims_by_article",
    "invert_diff",
    "story_view",
    "view_of_articles",
]

#: Mention kinds that are labels an outlet gives an actor (the framing table's "Labels" row).
LABEL_KINDS = ("title", "descriptor", "group")

#: Article fields a story view carries (no text, no local file path).
ARTICLE_FIELDS = ("article_id", "outlet", "title", "published", "url", "word_count")


class StoryNotFound(NewsprismError, LookupError):
    """No story with that id in the database."""

    code = "NP-E401"


@dataclass(frozen=True)
class StoryView:
    """How one story (or any set of articles) was told, outlet by outlet.

    ``articles`` in date order (undated last), each with ``outlet_key`` (= ``source``, the
    column name on every screen); ``outlets`` in order of first publication. ``rows``: the
    linked statement groups, one cell per article (an empty cell is an omission). ``labels``
    (per actor and outlet) and ``actors`` (the same, one cell per article); ``verbs`` and
    ``loaded`` per outlet; ``claims``: verdict rows of :mod:`newsprism.compare.claims` with
    the claims also laid out per article (``cells``); ``coverage``: who carried each
    statement; ``framing``: verbs, labels and loaded wording per article; ``links``: the
    story's statement links with their alteration class.
    """

    story: Mapping | None
    articles: tuple[Mapping, ...]
    outlets: tuple[str, ...]
    rows: tuple[Mapping, ...]
    links: tuple[Mapping, ...]
    labels: tuple[Mapping, ...]
    actors: tuple[Mapping, ...]
    verbs: Mapping[str, Mapping]
    loaded: Mapping[str, Mapping]
    claims: tuple[Mapping, ...]
    coverage: tuple[Mapping, ...]
    framing: tuple[Mapping, ...]

    def as_dict(self) -> dict:
        """The JSON-ready form every screen renders (lists, not tuples)."""
        return _plain(asdict(self))


def _plain(value):
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


# -- pure steps ------------------------------------------------------------------------


def invert_diff(diff: Iterable[Iterable[str]]) -> list[list[str]]:
    """The same word diff read from the other side: insertions become deletions and back."""
    swap = {"+": "-", "-": "+"}
    return [[swap.get(op, op), words] for op, words in diff]


def _oriented(link: Mapping, quote_id: str) -> dict:
    changed = {"alteration": link.get("alteration"), "reasons": list(link.get("reasons", []))}
    diff = [list(op) for op in link.get("diff") or []]
    if link["quote_b"] == quote_id:
        return {"relation": link["relation"], "compared_to": link["quote_a"], "diff": diff, **changed}
    return {"relation": link["relation"], "compared_to": link["quote_b"], "diff": invert_diff(diff), **changed}


def _relation_to(quote_id: str, anchor: str, links_of: Mapping[str, list[Mapping]]) -> dict | None:
    """The link from ``anchor`` to ``quote_id`` (diff read anchor → quote), else any link of the quote."""
    candidates = links_of.get(quote_id, [])
    for link in candidates:
        if {link["quote_a"], link["quote_b"]} == {anchor, quote_id}:
            return _oriented(link, quote_id)
    return _oriented(candidates[0], quote_id) if candidates else None


_CELL_FIELDS = ("quote_id", "article_id", "kind", "text", "speaker_name", "speaker_id", "speaker", "cue",
                "cue_lemma")


def align_statements(articles: Sequence[Mapping], statements: Iterable[Mapping],
                     links: Iterable[Mapping]) -> list[dict]:
    """Linked statement groups as rows, one cell per article (linked rows first, then text order).

    A cell with no statement is an omission: that article does not report it. Scare-quoted
    terms are words, not statements, and are left out. Each cell but the group's first
    carries its relation to the first and the word diff read from the first's side.
    """
    links = list(links)
    order = {a["article_id"]: i for i, a in enumerate(articles)}
    by_id = {s["quote_id"]: s for s in statements if s["kind"] != "term" and s["article_id"] in order}
    links_of: dict[str, list[Mapping]] = defaultdict(list)
    for link in links:
        links_of[link["quote_a"]].append(link)
        links_of[link["quote_b"]].append(link)
    rows = []
    for group in linked_components(list(by_id), links):
        group.sort(key=lambda q: (order[by_id[q]["article_id"]], by_id[q]["start"], q))
        anchor = group[0]
        cells: list[list[dict]] = [[] for _ in articles]
        for q in group:
            st = by_id[q]
            cell = {key: st.get(key) for key in _CELL_FIELDS}
            cell.update(relation=None, compared_to=None, diff=None, alteration=None, reasons=[])
            if q != anchor:
                cell.update(_relation_to(q, anchor, links_of) or {})
            cells[order[st["article_id"]]].append(cell)
        rows.append({"cells": cells, "n_sources": sum(1 for c in cells if c),
                     "altered": any(c["relation"] == "altered" for cell in cells for c in cell),
                     "speaker_name": by_id[anchor].get("speaker_name")})
    rows.sort(key=lambda r: (r["n_sources"] < 2, min(
        (order[c["article_id"]], by_id[c["quote_id"]]["start"], c["quote_id"])
        for cell in r["cells"] for c in cell)))
    return rows


def claims_by_article(articles: Sequence[Mapping], compared: Iterable[Mapping]) -> list[dict]:
    """The verdict rows of :func:`newsprism.compare.claims.compare_claims`, each with its claims laid
    out one cell per article (``cells``), ``differs`` (status "differing"), ``missing`` (some
    article gives no figure) and ``units`` (the units found, joined by "/")."""
    order = {a["article_id"]: i for i, a in enumerate(articles)}
    rows = []
    for row in compared:
        cells: list[list[Mapping]] = [[] for _ in articles]
        for found in row["by_outlet"].values():
            for claim in found:
                if claim["article_id"] in order:
                    cells[order[claim["article_id"]]].append(claim)
        units = sorted({c.get("unit") for cell in cells for c in cell if c.get("unit")})
        rows.append({**row, "units": "/".join(units) or None, "cells": cells,
                     "differs": row["status"] == "differing", "missing": any(not cell for cell in cells)})
    return rows


def actors_by_article(articles: Sequence[Mapping], labels: Iterable[Mapping], outlet_of: Mapping[str, str], *,
                      limit: int = 8) -> list[dict]:
    """Per-actor labels (:func:`newsprism.compare.labels.actor_labels`), one cell per article: the outlet's
    own-voice labels; ``quoted``: labels in the sources' quoted words. The ``limit`` actors named most."""
    return [{"entity": actor["entity"], "entity_id": actor["entity_id"],
             "cells": [actor["cells"].get(outlet_of[a["article_id"]], []) for a in articles],
             "quoted": [actor.get("quoted", {}).get(outlet_of[a["article_id"]], []) for a in articles]}
            for actor in list(labels)[:limit]]


def article_framing(articles: Sequence[Mapping], statements: Sequence[Mapping], mentions: Iterable[Mapping],
                    loaded: Iterable[Mapping]) -> list[dict]:
    """Per article: attribution verbs (with counts and class), labels given to entities (mentions of
    :data:`LABEL_KINDS`), loaded wording in the outlet's own voice and (``loaded_quoted``) inside the
    sources' quotes, with the speaker. Verbs and voices as :mod:`newsprism.compare.verbs` and
    :mod:`newsprism.compare.loaded` decide them."""
    verbs = verb_profile(statements, {a["article_id"]: a["article_id"] for a in articles})
    spans = loaded_spans(loaded, statements)
    labels_of: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.get("kind") in LABEL_KINDS:
            labels_of[m["article_id"]][(m["text"], m.get("entity_name") or m.get("local_name"))] += 1
    table = []
    for art in articles:
        aid = art["article_id"]
        own = Counter((x["text"], x["category"]) for x in spans if x["article_id"] == aid and x["voice"] is None)
        quoted = Counter((x["text"], x["category"], x["voice"]) for x in spans
                         if x["article_id"] == aid and x["voice"] is not None)
        table.append({
            "article_id": aid,
            "verbs": [{"verb": v, "n": x["count"], "class": x["class"]}
                      for v, x in verbs.get(aid, {}).get("verbs", {}).items()],
            "labels": [{"text": t, "entity": e, "n": n} for (t, e), n in labels_of[aid].most_common()],
            "loaded": [{"text": t, "category": c, "n": n} for (t, c), n in own.most_common()],
            "loaded_quoted": [{"text": t, "category": c, "speaker": v, "n": n}
                              for (t, c, v), n in quoted.most_common()],
        })
    return table


def _date_order(articles: Iterable[Mapping]) -> list[Mapping]:
    return sorted(articles, key=lambda a: (a.get("published") is None, a.get("published") or "", a["article_id"]))


# -- the one builder ----------------------------------------------------------------


def view_of_articles(store: Store, article_ids: Iterable[str], *, story: Mapping | None = None) -> StoryView:
    """The story view of any set of articles (a story's, or one chosen by hand)."""
    info = framing.articles_info(store, list(article_ids))
    outlet_of = outlet_keys(info)
    articles = [{**{k: a.get(k) for k in ARTICLE_FIELDS}, "outlet_key": outlet_of[a["article_id"]],
                 "source": outlet_of[a["article_id"]]} for a in _date_order(info)]
    ids = [a["article_id"] for a in articles]
    outlets = outlet_order(articles)
    statements = framing.statements_in(store, ids)
    links = annotate_links(framing.links_among(store, [s["quote_id"] for s in statements]), statements)
    links.sort(key=lambda link: (link["quote_a"], link["quote_b"]))
    mentions = framing.mentions_in(store, ids)
    claims = with_context(framing.claims_in(store, ids), framing.article_texts(store, ids), mentions, statements)
    loaded = framing.loaded_in(store, ids)
    labels = actor_labels(mentions, outlet_of, statements=statements)
    return StoryView(
        story=dict(story) if story is not None else None,
        articles=tuple(articles),
        outlets=tuple(outlets),
        rows=tuple(align_statements(articles, statements, links)),
        links=tuple(links),
        labels=tuple(labels),
        actors=tuple(actors_by_article(articles, labels, outlet_of)),
        verbs=verb_profile(statements, outlet_of),
        loaded=loaded_profile(loaded, statements, articles, outlet_of),
        claims=tuple(claims_by_article(articles, compare_claims(claims, outlet_of, outlets))),
        coverage=tuple(coverage(statements, links, outlet_of, outlets)),
        framing=tuple(article_framing(articles, statements, mentions, loaded)),
    )


def story_view(store: Store, story_id: str) -> StoryView:
    """The story view of one story; StoryNotFound when the store has no such story."""
    story = framing.story_info(store, story_id)
    if story is None:
        raise StoryNotFound(f"no story {story_id!r}", value=story_id)
    return view_of_articles(store, framing.story_article_ids(store, story_id), story=story)
