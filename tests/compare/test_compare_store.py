"""compare_story over a small fictional database: the API, the CLI table and its JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsprism.api import Corpus
from newsprism.cli import app
from newsprism.compare import StoryNotFound, compare_story
from newsprism.records import Article, ArticleResult, Claim, Link, LoadedSpan, LocalEntity, Mention, Statement
from newsprism.store import corpus as corpus_sql
from newsprism.store.db import Store

# Fictional articles written for this test.
TEXT_A = ("President Vera Lind said the port would reopen. The strongwoman claimed that 300 ships were waiting, "
          "and the so-called reform went on.")
TEXT_B = ("Lind said the port would reopen, the Daily B reports. The president insisted that 120 ships "
          "were waiting.")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _result(article_id, outlet, text, mentions, statements, claims, loaded) -> ArticleResult:
    return ArticleResult(
        article=Article(article_id=article_id, text=text, outlet=outlet, published="2024-05-01", title=outlet),
        entities=(LocalEntity(0, "Vera Lind", "person", ("Vera Lind", "Lind")),),
        mentions=tuple(Mention(*_span(text, m), m, kind, 0) for m, kind in mentions),
        statements=tuple(statements),
        claims=tuple(claims),
        loaded=tuple(LoadedSpan(*_span(text, w), w, c) for w, c in loaded),
    )


def _statement(text, content, cue, lemma, kind="indirect"):
    start, end = _span(text, content)
    cue_start, cue_end = _span(text, cue)
    return Statement(start=start, end=end, text=content, kind=kind, speaker="Vera Lind", speaker_key=0,
                     cue=cue, cue_lemma=lemma, cue_start=cue_start, cue_end=cue_end)


@pytest.fixture
def story_db(db_path):
    a_said = _statement(TEXT_A, "the port would reopen", "said", "say")
    b_said = _statement(TEXT_B, "the port would reopen", "said", "say")
    results = [
        _result("a1", "Daily A", TEXT_A, [("President Vera Lind", "name"), ("The strongwoman", "descriptor")],
                [a_said, _statement(TEXT_A, "300 ships were waiting", "claimed", "claim")],
                [Claim(*_span(TEXT_A, "300 ships"), "300 ships", 300.0, unit=None, about="ship")],
                [("so-called", "distancing")]),
        _result("b1", "Daily B", TEXT_B, [("Lind", "name"), ("The president", "title")],
                [b_said, _statement(TEXT_B, "120 ships were waiting", "insisted", "insist")],
                [Claim(*_span(TEXT_B, "120 ships"), "120 ships", 120.0, unit=None, about="ship")], []),
    ]
    with Store(db_path) as store:
        store.write_results(results)
        with store.conn:
            corpus_sql.write_story(store, "s000001", "Port to reopen", "2024-05-01", "2024-05-01")
            for aid in ("a1", "b1"):
                corpus_sql.place_in_story(store, aid, "s000001")
            corpus_sql.write_entity(store, "e000001", "Vera Lind", "person", ["Lind"], ["President"])
            corpus_sql.set_local_entity_ids(store, [("a1", 0, "e000001"), ("b1", 0, "e000001")])
            corpus_sql.write_links(store, [Link(a_said.quote_id("a1"), b_said.quote_id("b1"), "identical")])
    return db_path


def test_compare_story_per_outlet(story_db):
    with Store(story_db, readonly=True) as store:
        table = compare_story(store, "s000001")
    assert table["outlets"] == ["Daily A", "Daily B"]
    (lind,) = table["labels"]
    labels = {row["label"]: row for row in lind["labels"]}
    assert labels["strongwoman"]["only"] == "Daily A"
    assert table["verbs"]["Daily A"]["verbs"]["claim"]["class"] == "evaluative"
    assert table["verbs"]["Daily B"]["verbs"]["insist"]["class"] == "evaluative"
    assert table["loaded"]["Daily A"]["categories"] == {"distancing": 1} and table["loaded"]["Daily B"]["total"] == 0
    (ships,) = table["claims"]
    assert ships["status"] == "differing"
    assert ships["by_outlet"]["Daily A"][0]["value"] == 300 and ships["by_outlet"]["Daily B"][0]["value"] == 120
    shared = table["coverage"][0]
    assert set(shared["carried_by"]) == {"Daily A", "Daily B"} and shared["omitted_by"] == []
    json.dumps(table)  # JSON-ready


def test_unknown_story(story_db):
    with Store(story_db, readonly=True) as store, pytest.raises(StoryNotFound):
        compare_story(store, "s999999")


def test_api_compare(story_db):
    with Corpus(story_db, readonly=True) as corpus:
        assert corpus.compare("s000001")["outlets"] == ["Daily A", "Daily B"]


def test_cli_compare_table_and_json(story_db):
    runner = CliRunner()
    shown = runner.invoke(app, ["compare", "s000001", "--db", str(story_db)])
    assert shown.exit_code == 0, shown.output
    for text in ("strongwoman", "claim (1)", "insist (1)", "differing", "300 ships"):
        assert text in shown.output
    as_json = runner.invoke(app, ["compare", "s000001", "--db", str(story_db), "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)["story"]["story_id"] == "s000001"


def test_cli_compare_unknown_story_fails_cleanly(story_db):
    result = CliRunner().invoke(app, ["compare", "nope", "--db", str(story_db)])
    assert result.exit_code != 0


def test_cli_compare_all_writes_one_line_per_story(story_db):
    result = CliRunner().invoke(app, ["compare", "--all", "--db", str(story_db)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert [t["story"]["story_id"] for t in lines] == ["s000001"]
