"""The Python API and the ``speaker`` command over a corpus of fictional records."""

import pytest
from typer.testing import CliRunner

from newsprism.api import Corpus
from newsprism.cli import app
from newsprism.store.db import Store
from tests.link.test_corpus import Q_2029, Q_CUT, corpus


def test_api_timeline_story_and_versions(db_path):
    with Store(db_path) as store:
        corpus(store)
    with Corpus(db_path, readonly=True) as c:
        timeline = c.speaker_timeline("Marta Olvena")
        assert timeline["groups"][0]["text"] == Q_2029 and timeline["speaker"]["name"] == "Marta Olvena"
        story_id = next(s["story_id"] for s in c.stories() if "gazette-1" in s["article_ids"])
        story = c.story(story_id)
        assert [a["article_id"] for a in story["articles"]] == ["gazette-1", "courier-2", "herald-3"]
        quote = next(q["quote_id"] for q in c.quotes() if q["text"] == Q_CUT)
        versions = c.statement_versions(quote)
        assert versions["venue"] == "Valdoria Radio" and len(versions["quote_ids"]) >= 2
        assert c.story("s999999") is None


def test_cli_speaker(db_path):
    with Store(db_path) as store:
        corpus(store)
    out = CliRunner().invoke(app, ["speaker", "Marta Olvena", "--db", str(db_path)])
    assert out.exit_code == 0, out.output
    assert "Marta Olvena" in out.output and Q_2029 in out.output
    assert out.output.index("2029-06-03") < out.output.index("2031-02-10")


@pytest.mark.parametrize("name, says", [("Nobody Atall", "no speaker matching"),
                                        ("Olvena", "2 speakers match 'Olvena'")])
def test_cli_speaker_unknown_or_ambiguous(db_path, name, says):
    with Store(db_path) as store:
        corpus(store)
    out = CliRunner().invoke(app, ["speaker", name, "--db", str(db_path)])
    assert out.exit_code != 0 and says in out.output + str(out.exception)
