"""Acceptance on the five seed articles: labels, attribution verbs and claims per article.

The seeds have no outlet metadata, so every article is its own "outlet" (its id).
Needs the statements and entities extractors as well as this package's.
"""

from __future__ import annotations

import math

import pytest

from newsprism.compare import compare_articles
from newsprism.pipeline import run_analysis
from newsprism.store import framing
from newsprism.store.db import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir):
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(path) as store:
        run_analysis([str(seeds_dir)], store)
    return path


@pytest.fixture(scope="module")
def table(seeds_db):
    with Store(seeds_db, readonly=True) as store:
        ids = [a["article_id"] for a in store.export_rows("articles")]
        return compare_articles(store, ids)


@pytest.fixture(scope="module")
def claims(seeds_db):
    with Store(seeds_db, readonly=True) as store:
        ids = [a["article_id"] for a in store.export_rows("articles")]
        return framing.claims_in(store, ids)


def _article(table: dict, prefix: str) -> str:
    (found,) = [a["article_id"] for a in table["articles"] if a["article_id"].startswith(prefix)]
    return found


def _close(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6))


@pytest.mark.parametrize("prefix, words, about, value, low, high", [
    ("002", "300,000", "killed", 300000, 300000, None),
    ("001", "five million refugees", "refugees", 5e6, None, 5e6),
    ("000", "22 million", "population", 22e6, None, None),
    ("004", "1,000 troops", "troops", 1000, None, None),
])
def test_seed_claims_are_normalised(claims, prefix, words, about, value, low, high):
    found = [c for c in claims if c["article_id"].startswith(prefix) and words in c["text"]]
    assert len(found) == 1, [c["text"] for c in claims if c["article_id"].startswith(prefix)]
    claim = found[0]
    assert claim["about"] == about
    assert _close(claim["value"], value) and _close(claim["value_low"], low) and _close(claim["value_high"], high)


def _assad(table: dict) -> dict:
    candidates = [e for e in table["labels"] if "assad" in e["entity"].lower()]
    assert candidates, "no entity named Assad"
    return max(candidates, key=lambda e: e["mentions"])


def _outlets_with(entity: dict, word: str) -> set[str]:
    """Outlets whose own-voice cell for the actor holds a label with that word."""
    return {o for o, cell in entity["cells"].items() for x in cell if word in x["label"].lower().split()}


def test_dictator_only_in_003_and_regime_in_000_and_001(table):
    assad = _assad(table)
    assert _outlets_with(assad, "dictator") == {_article(table, "003")}
    assert _outlets_with(assad, "regime") == {_article(table, "000"), _article(table, "001")}


def test_assad_is_president_in_several_outlets_and_evaluative_labels_are_marked(table):
    assad = _assad(table)
    assert len(_outlets_with(assad, "president")) >= 3
    marks = {x["label"].lower(): x["evaluative"] for cell in assad["cells"].values() for x in cell}
    assert marks["dictator"] == "negative" and marks["regime"] == "negative"
    assert marks["president"] is None and marks["syrian president"] is None


def test_ap_loaded_count_in_own_voice_leaves_out_assads_quoted_words(table):
    ap = table["loaded"][_article(table, "002")]
    own = set(ap["terms"])
    for quoted_word in ("definitely", "significant", "participation", "atrocities", "first coastal division"):
        assert not any(quoted_word in term for term in own), own
    assert ap["own_voice"] < ap["total"] and ap["in_quotes"] >= 5
    assert any("assad" in speaker.lower() for speaker in ap["quoted_terms"])


@pytest.mark.parametrize("prefix, lemma, klass", [
    ("003", "claim", "evaluative"),
    ("003", "speculate", "evaluative"),
    ("000", "insist", "evaluative"),
    ("002", "say", "neutral"),
    ("004", "say", "neutral"),
])
def test_attribution_verbs_per_article(table, prefix, lemma, klass):
    verbs = table["verbs"][_article(table, prefix)]["verbs"]
    assert lemma in verbs, sorted(verbs)
    assert verbs[lemma]["class"] == klass


def test_evaluative_share_higher_in_003_than_in_002(table):
    verbs = table["verbs"]
    assert verbs[_article(table, "003")]["evaluative_share"] > verbs[_article(table, "002")]["evaluative_share"]


def test_killed_claims_of_002_and_003_are_compared(table):
    killed = [row for row in table["claims"] if row["about"] == "killed" and len(row["by_outlet"]) > 1]
    assert any({_article(table, "002"), _article(table, "003")} <= set(row["by_outlet"]) for row in killed)
    assert all(row["status"] == "consistent" for row in killed)
