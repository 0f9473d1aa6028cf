"""The corpus phase end to end on hand-made fictional records: stories, entities, links, timeline."""

from __future__ import annotations

import pytest

from newsprism.link import update_corpus
from newsprism.store.db import Store
from tests.link.builders import person, result

# -- a fictional world: President Marta Olvena of Valdoria gives two interviews two years apart --------

Q_FULL = ("We invited the northern towns, and they were honest about it. If the farmers are honest, of course "
          "they are welcome, like any other town that wants to defeat and to fight with the raiders.")
Q_CUT = ("If the farmers are honest, of course they are welcome, like any other town that wants to defeat "
         "and to fight the raiders.")
Q_SIC = "It must go through the Valdoria [sic] council"
Q_SIC_FULL = "If they want to start honestly, it must go through the Valdorian council"
Q_2029 = "We cannot be in an alliance with towns which flood our fields and burn our granaries"
PARA = "Olvena said the farmers were welcome to fight the raiders like any other town that wants to defeat them"

INTERVIEW = ("Valdoria's President Marta Olvena welcomed the farmers of the northern towns to the fight against "
             "the raiders in an interview with Valdoria Radio, as the granary dispute in Valdoria continues. ")


def story_a(published: bool = True):
    d = (lambda day: f"2031-02-{day:02d}") if published else (lambda day: None)
    gazette = result(
        "gazette-1",
        "Olvena welcomes northern farmers in raider fight\n\n" + INTERVIEW
        + f"Olvena told Valdoria Radio: \"{Q_FULL}\" The granary dispute has lasted six years.",
        published=d(10),
        entities=(person(0, "President Marta Olvena", "Marta Olvena", "Olvena", roles=("President",)),),
        quotes=((Q_FULL, 0, "direct", "Valdoria Radio"),))
    courier = result(
        "courier-2",
        "Olvena: northern farmers welcome in raider fight\n\n" + INTERVIEW
        + f"\"{Q_CUT}\" Olvena said. \"{Q_SIC_FULL},\" she added about the granary dispute.",
        published=d(11),
        entities=(person(0, "Marta Olvena", "Olvena"),),
        quotes=((Q_CUT, 0, "direct"), (Q_SIC_FULL, 0, "direct")))
    herald = result(
        "herald-3",
        "Valdoria president welcomes farmers against raiders\n\n" + INTERVIEW
        + f"\"{Q_SIC},\" Olvena said. {PARA}. The granary dispute in Valdoria goes on.",
        published=d(12),
        entities=(person(0, "Olvena"),),
        quotes=((Q_SIC, 0, "direct"), (PARA, 0, "indirect")))
    return gazette, courier, herald


def story_b(published: bool = True):
    return result(
        "tribune-4",
        "Olvena rules out alliance with flooding towns\n\n"
        "Valdoria's President Marta Olvena ruled out joining the river alliance of the southern towns in an "
        "interview with North Channel, accusing its members of flooding Valdorian fields on purpose. "
        f"\"{Q_2029},\" Olvena said. The river alliance was formed by the southern towns last spring.",
        published="2029-06-03" if published else None,
        entities=(person(0, "President Marta Olvena", "Olvena", roles=("President",)),),
        quotes=((Q_2029, 0, "direct", "North Channel"),))


def story_c(published: bool = True):
    return result(
        "ledger-5",
        "Bakery opens in Sarno harbour\n\n"
        "Pedro Olvena opened a bakery in Sarno harbour on Saturday, the first new shop on the quay in a decade. "
        "\"Bread is what this harbour has been missing for years,\" Pedro Olvena said. Fishermen queued for rolls.",
        published="2031-02-11" if published else None,
        entities=(person(0, "Pedro Olvena", "Olvena"),),
        quotes=(("Bread is what this harbour has been missing for years", 0, "direct"),))


def corpus(store: Store, published: bool = True) -> None:
    store.write_results([*story_a(published), story_b(published), story_c(published)])
    update_corpus(store)


def stories_by_article(store: Store) -> dict[str, str]:
    return {a: row["story_id"] for row in store.export_rows("stories") for a in row["article_ids"]}


@pytest.mark.parametrize("published", [True, False])
def test_one_story_per_event_even_with_same_speaker(published):
    with Store(":memory:") as store:
        corpus(store, published)
        story = stories_by_article(store)
    assert story["gazette-1"] == story["courier-2"] == story["herald-3"]
    assert len({story["gazette-1"], story["tribune-4"], story["ledger-5"]}) == 3


def test_story_title_and_dates():
    with Store(":memory:") as store:
        corpus(store)
        rows = {tuple(r["article_ids"]): r for r in store.export_rows("stories")}
    a = rows[("courier-2", "gazette-1", "herald-3")]
    assert (a["first_date"], a["last_date"]) == ("2031-02-10", "2031-02-12")
    assert "Olvena" in a["title"] and len(a["title"]) < 80


def test_pending_cleared_and_signatures_kept():
    with Store(":memory:") as store:
        corpus(store)
        assert store.pending_ids() == []
        assert store.count("signatures") == 5


def test_people_sharing_a_surname_stay_apart():
    with Store(":memory:") as store:
        corpus(store)
        speakers = {r["quote_id"].split(":")[0]: r["speaker_id"] for r in store.export_rows("quotes")}
        entities = {r["entity_id"]: r for r in store.export_rows("entities")}
    marta = speakers["gazette-1"]
    assert speakers["courier-2"] == speakers["herald-3"] == speakers["tribune-4"] == marta
    assert speakers["ledger-5"] != marta
    assert entities[marta]["name"] == "Marta Olvena"
    assert {"Marta Olvena", "Olvena"} <= set(entities[marta]["aliases"])


def links_by_articles(store: Store) -> dict[tuple[str, str], dict]:
    return {(r["quote_a"].split(":")[0], r["quote_b"].split(":")[0]): r for r in store.export_rows("links")}


def test_altered_versions_linked_with_diff():
    with Store(":memory:") as store:
        corpus(store)
        links = links_by_articles(store)
    fight = links[("gazette-1", "courier-2")]
    assert fight["relation"] == "altered"
    assert ["-", "with"] in fight["diff"]
    sic = links[("courier-2", "herald-3")]
    assert sic["relation"] == "altered"
    assert ["-", "Valdorian"] in sic["diff"] and ["+", "Valdoria [sic]"] in sic["diff"]  # verbatim (issue 16)


def test_same_speaker_and_topic_alone_never_link():
    with Store(":memory:") as store:
        corpus(store)
        links = links_by_articles(store)
    assert not [pair for pair in links if "tribune-4" in pair or "ledger-5" in pair]


def test_indirect_report_linked_as_paraphrase():
    with Store(":memory:") as store:
        corpus(store)
        relations = {(pair, r["relation"]) for pair, r in links_by_articles(store).items()}
    assert any(rel == "paraphrase" and "herald-3" in pair for pair, rel in relations)


def test_incremental_update_joins_existing_story_and_links():
    gazette, courier, herald = story_a()
    with Store(":memory:") as store:
        store.write_results([gazette, courier, story_b(), story_c()])
        update_corpus(store)
        before = stories_by_article(store)
        store.write_results([herald])
        assert store.pending_ids() == ["herald-3"]
        update = update_corpus(store)
        after = stories_by_article(store)
        links = links_by_articles(store)
    assert update.articles == 1
    assert after["herald-3"] == before["gazette-1"] == after["gazette-1"]
    assert {a: s for a, s in after.items() if a != "herald-3"} == before
    assert links[("courier-2", "herald-3")]["relation"] == "altered"


