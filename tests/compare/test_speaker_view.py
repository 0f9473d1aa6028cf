"""The speaker view (newsprism.compare.timeline): its pure grouping step, table-driven, and the view
on the fictional Valdoria corpus (tests/link/test_corpus.py)."""

from __future__ import annotations

import dataclasses

import pytest

from newsprism.compare.timeline import (AmbiguousSpeaker, SpeakerNotFound, resolve_speaker, speaker_view,
                                        statement_group, statement_groups)
from newsprism.link import update_corpus
from newsprism.store.db import Store
from tests.link.test_corpus import Q_2029, Q_CUT, Q_FULL, corpus, story_a, story_b


def row(quote_id, published, *, outlet="gazette", story=None, title=None, first=None, addressee=None,
        kind="direct", start=0, article=None):
    return {"quote_id": quote_id, "article_id": article or quote_id.split(":")[0], "start": start,
            "text": f"text of {quote_id}", "kind": kind, "cue": "said", "addressee": addressee,
            "outlet": outlet, "published": published, "story_id": story, "story_title": title,
            "story_first_date": first}


def link(a, b, relation="identical"):
    return {"quote_a": a, "quote_b": b, "relation": relation, "diff": []}


# (rows, links, expected groups as (quote_ids, date, venue, outlets, relations)) — in timeline order
CASES = {
    "single statements, by date": (
        [row("b:1", "2030-01-02"), row("a:1", "2030-01-01")], [],
        [(("a:1",), "2030-01-01", None, ("gazette",), {}), (("b:1",), "2030-01-02", None, ("gazette",), {})]),
    "a link joins two versions; the earliest report first; venue of any version": (
        [row("late:1", "2030-01-05", outlet="herald", addressee="North Radio"),
         row("early:1", "2030-01-03", outlet="courier")],
        [link("early:1", "late:1", "altered")],
        [(("early:1", "late:1"), "2030-01-03", "North Radio", ("courier", "herald"), {"altered": 1})]),
    "undated: dated by the story's first date, else last": (
        [row("u:1", None, story="s1", title="Fight", first="2029-05-05"), row("v:1", None),
         row("d:1", "2031-01-01")], [],
        [(("u:1",), "2029-05-05", None, ("gazette",), {}), (("d:1",), "2031-01-01", None, ("gazette",), {}),
         (("v:1",), None, None, ("gazette",), {})]),
    "unknown outlet: the article's own id (queries.outlet_of)": (
        [row("x:1", "2030-01-01", outlet=None), row("y:1", "2030-01-01", outlet="  ")],
        [link("x:1", "y:1")], [(("x:1", "y:1"), "2030-01-01", None, ("x", "y"), {"identical": 1})]),
    "a link to a statement outside the rows is ignored": (
        [row("a:1", "2030-01-01")], [link("a:1", "gone:9")],
        [(("a:1",), "2030-01-01", None, ("gazette",), {})]),
    "same day: in the order written (article, then place)": (
        [row("a:2", "2030-01-01", start=50, article="a"), row("a:1", "2030-01-01", start=90, article="a")], [],
        [(("a:2",), "2030-01-01", None, ("gazette",), {}), (("a:1",), "2030-01-01", None, ("gazette",), {})]),
}


@pytest.mark.parametrize("name", CASES)
def test_statement_groups(name):
    rows, links, expected = CASES[name]
    groups = statement_groups({r["quote_id"]: r for r in rows}, links)
    assert [(g.quote_ids, g.date, g.venue, g.outlets, dict(g.relations)) for g in groups] == expected
    for group in groups:
        first = next(r for r in rows if r["quote_id"] == group.earliest_quote)
        assert group.text == first["text"] and group.kind == first["kind"] and group.cue == first["cue"]


def test_statement_groups_story_titles_fall_back_to_ids():
    rows = {"a:1": row("a:1", "2030-01-01", story="s2", title=None), "b:1": row("b:1", "2030-01-02", story="s1",
                                                                                title="Granaries")}
    (group,) = statement_groups(rows, [link("a:1", "b:1")])
    assert group.stories == ("s1", "s2") and group.story_titles == ("Granaries", "s2")
    assert statement_groups({}, [link("a:1", "b:1")]) == []


def test_speaker_timeline_orders_by_date_with_venue():
    with Store(":memory:") as store:
        corpus(store)
        view = speaker_view(store, "Marta Olvena")
    assert view.speaker["name"] == "Marta Olvena"
    groups = view.groups
    assert [g.date for g in groups] == sorted(g.date for g in groups)
    assert groups[0].text == Q_2029 and groups[0].venue == "North Channel"
    fight = next(g for g in groups if Q_FULL in g.text)
    assert fight.venue == "Valdoria Radio" and fight.date == "2031-02-10"
    assert fight.outlets == ("courier", "gazette", "herald")
    # the statements are the speaker's own, every one in a group or of an unlinked kind
    assert {s["speaker_id"] for s in view.statements} == {view.speaker["ref"]}
    grouped = {q for g in groups for q in g.quote_ids}
    assert all(s["quote_id"] in grouped or s["kind"] == "headline" for s in view.statements)


def test_statement_group_earliest_report():
    with Store(":memory:") as store:
        corpus(store)
        later = next(r["quote_id"] for r in store.export_rows("quotes") if r["text"] == Q_CUT)
        group = statement_group(store, later)
        assert statement_group(store, "nope:1") is None
    assert group.earliest_quote.startswith("gazette-1:") and later in group.quote_ids


def test_unknown_and_ambiguous_speaker():
    with Store(":memory:") as store:
        corpus(store)
        with pytest.raises(SpeakerNotFound):
            speaker_view(store, "Nobody Atall")
        entity_id = resolve_speaker(store, "Marta Olvena")["ref"]
        assert resolve_speaker(store, entity_id)["name"] == "Marta Olvena"
        assert resolve_speaker(store, "marta olv")["ref"] == entity_id  # a part of one name
        with pytest.raises(AmbiguousSpeaker) as caught:
            resolve_speaker(store, "olvena")  # Marta and Pedro Olvena
    assert [m["name"] for m in caught.value.matches] == ["Marta Olvena", "Pedro Olvena"]  # most quoted first


def test_undated_statements_come_last():
    gazette = story_a()[0]
    with Store(":memory:") as store:
        store.write_results([gazette, dataclasses.replace(
            story_b(), article=dataclasses.replace(story_b().article, published=None))])
        update_corpus(store)
        groups = speaker_view(store, "Olvena").groups
    assert [g.date is None for g in groups] == [False, True]
