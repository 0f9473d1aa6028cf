"""One verdict for one story: `newsprism compare --json`, the Python API, the explorer's JSON and HTML,
and the static report all show the claims verdicts of ``newsprism.compare.claims`` (issue 16, acceptance 4).

Runs on the explorer's fictional sample store, where two outlets give the bridge's cost as 40 and
45 million dollars (differing) and other numbers appear in one outlet only.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner
from web.sample_store import IDS, fill_sample_store

from newsprism.store.db import Store


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("verdict")
    with Store(root / "sample.db") as store:
        fill_sample_store(store)
    return root


def _verdicts_of_compare(rows: list[dict]) -> set[tuple]:
    return {(r["about"], r["status"], tuple(sorted(c["article_id"] for cs in r["by_outlet"].values() for c in cs)))
            for r in rows}


def _verdicts_of_page(rows: list[dict]) -> set[tuple]:
    return {(r["about"], r["status"], tuple(sorted(c["article_id"] for cell in r["cells"] for c in cell)))
            for r in rows}


def test_cli_api_explorer_and_report_show_the_same_verdicts(sample):
    from fastapi.testclient import TestClient

    from newsprism.api import open_corpus
    from newsprism.cli import app
    from newsprism.report import build_report
    from newsprism.web.app import create_app

    db = sample / "sample.db"
    result = CliRunner().invoke(app, ["compare", IDS.story, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    cli = _verdicts_of_compare(json.loads(result.output)["claims"])
    assert ("cost", "differing") in {(a, s) for a, s, _ in cli}

    with open_corpus(db) as corpus:
        assert _verdicts_of_compare(corpus.compare(IDS.story)["claims"]) == cli

    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/story/{IDS.story}.json").json()
        html = client.get(f"/story/{IDS.story}").text
    assert _verdicts_of_page(page["claims"]) == cli

    with Store(db, readonly=True) as store:
        build_report(store, sample / "site")
    report = (sample / "site" / "story" / f"{IDS.story}.html").read_text(encoding="utf-8")
    for text in (html, report):
        shown = re.findall(r'<th>([^<·(]+?)(?: · [^<(]+)?(?: \([^)]*\))? <span class="badge claim-status status-(\w+)', text)
        assert {(about.strip(), status) for about, status in shown} == {(a, s) for a, s, _ in cli}
