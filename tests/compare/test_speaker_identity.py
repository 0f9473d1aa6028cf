"""One speaker view on every screen (issue 14, acceptance 1).

For every speaker of the explorer's fictional sample store, the seeds and the bundled demo, the
explorer's speaker JSON, ``newsprism speaker --json`` and ``Corpus.speaker_timeline()`` must be
identical after :func:`normalise`, which strips what only the explorer shows (its chart and two
counts derived from the statements).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from newsprism.store.db import Store

#: Keys of the explorer's speaker page that only it shows (derived from ``statements``).
PRESENTATION_KEYS = ("figure", "n_stories", "sources")

ROOT = Path(__file__).resolve().parents[2]
SEEDS_META = ROOT / "tests" / "fixtures" / "seeds_meta.csv"


def normalise(page: dict) -> dict:
    return json.loads(json.dumps({k: v for k, v in page.items() if k not in PRESENTATION_KEYS}))


def test_normalise_strips_only_presentation():
    page = {"speaker": {"ref": "e1"}, "groups": [{"text": "x"}], "figure": {"data": []}, "sources": ["a"]}
    assert normalise(page) == {"speaker": {"ref": "e1"}, "groups": [{"text": "x"}]}
    assert normalise({**page, "groups": []}) != normalise(page)


def assert_one_view_per_speaker(db: Path, *, most: int | None = None) -> list[dict]:
    """Check the speakers of ``db`` (the ``most`` quoted, else all); return the views."""
    from fastapi.testclient import TestClient

    from newsprism.api import open_corpus
    from newsprism.cli import app
    from newsprism.web.app import create_app

    with Store(db, readonly=True) as store:
        refs = [r["ref"] for r in store.query(
            "SELECT coalesce(speaker_id, speaker) AS ref, count(*) AS n FROM quotes"
            " WHERE kind != 'term' AND coalesce(speaker_id, speaker) IS NOT NULL"
            " GROUP BY ref ORDER BY n DESC, ref")][:most]
    assert refs, f"no speakers in {db}"
    runner, views = CliRunner(), []
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client, open_corpus(db) as corpus:
        for ref in refs:
            explorer = client.get(f"/speaker/{quote(ref, safe='')}.json")
            assert explorer.status_code == 200, explorer.text
            done = runner.invoke(app, ["speaker", ref, "--db", str(db), "--json"])
            assert done.exit_code == 0, done.output
            screens = {"explorer": normalise(explorer.json()), "cli": normalise(json.loads(done.stdout)),
                       "api": normalise(corpus.speaker_timeline(ref))}
            for name, page in screens.items():
                assert page == screens["api"], f"speaker {ref}: {name} differs from Corpus.speaker_timeline()"
            assert screens["api"]["speaker"]["ref"] == ref
            views.append(screens["api"])
    return views


def _not_empty(views: list[dict]) -> None:
    assert any(view["groups"] for view in views)
    for view in views:
        assert len(view["statements"]) >= len(view["groups"])


def test_sample_store_one_view(tmp_path):
    from web.sample_store import fill_sample_store

    db = tmp_path / "sample.db"
    with Store(db) as store:
        fill_sample_store(store)
    _not_empty(assert_one_view_per_speaker(db))


@pytest.mark.slow
def test_demo_one_view(tmp_path):
    from newsprism.cli import app

    db = tmp_path / "demo.db"
    done = CliRunner().invoke(app, ["demo", "--db", str(db), "--quiet"])
    assert done.exit_code == 0, done.output
    views = assert_one_view_per_speaker(db, most=40)
    _not_empty(views)
    assert any(len(g["quote_ids"]) > 1 for view in views for g in view["groups"])  # versions were linked


@pytest.mark.slow
def test_seed_speakers_one_view(tmp_path, seeds_dir):
    from newsprism.pipeline import run_analysis

    db = tmp_path / "seeds.db"
    with Store(db) as store:
        run_analysis([str(seeds_dir)], store, meta=str(SEEDS_META))
    _not_empty(assert_one_view_per_speaker(db))
