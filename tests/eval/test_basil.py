"""B-cubed scoring, the BASIL reader, and the story model on the BASIL half we have."""

from __future__ import annotations

import json

import pytest

from newsprism.eval.basil import BasilError, bcubed, evaluate_basil, load_basil
from tests.conftest import BASIL


@pytest.mark.parametrize("predicted, gold, precision, recall", [
    ({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"}, 1.0, 1.0),
    ({"a": 1, "b": 1, "c": 1}, {"a": "x", "b": "x", "c": "y"}, (2 / 3 * 2 + 1 / 3) / 3, 1.0),
    ({"a": 1, "b": 2, "c": 3}, {"a": "x", "b": "x", "c": "y"}, 1.0, (1 / 2 * 2 + 1) / 3),
    ({}, {"a": "x", "b": "x"}, 1.0, 0.5),  # unplaced items count as singletons
])
def test_bcubed(predicted, gold, precision, recall):
    score = bcubed({k: str(v) for k, v in predicted.items()}, gold)
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(2 * precision * recall / (precision + recall))


def _write(folder, year, name, triplet, title, paragraphs, date):
    path = folder / "articles" / year / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"source": "fox", "title": title, "date": date, "triplet-uuid": triplet,
                                "body-paragraphs": [[s] for s in paragraphs]}), encoding="utf-8")


def test_load_basil_builds_articles(tmp_path):
    # fictional records in BASIL's format
    _write(tmp_path, "2031", "1_fox", "t1", "Dam opens", ["The Valdoria dam opened.", "Farmers cheered."],
           "2031-02-10")
    [(article, triplet)] = load_basil(tmp_path)
    assert triplet == "t1" and article.published == "2031-02-10" and article.outlet == "fox"
    assert article.text == "Dam opens\n\nThe Valdoria dam opened.\n\nFarmers cheered."


def test_load_basil_rejects_other_folders(tmp_path):
    with pytest.raises(BasilError):
        load_basil(tmp_path)


@pytest.mark.parametrize("use_dates, minimum", [(True, 0.95), (False, 0.90)])
def test_story_clustering_on_basil(use_dates, minimum):
    score = evaluate_basil(BASIL, use_dates=use_dates)
    assert score.items >= 150
    assert score.f1 >= minimum, score
