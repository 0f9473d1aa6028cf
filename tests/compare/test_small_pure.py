"""Direct tests of compare/'s small pure helpers: voice labels, entity keys and the timeline's order."""

from __future__ import annotations

import pytest

from newsprism.compare.labels import entity_key
from newsprism.compare.timeline import StatementGroup, timeline_key
from newsprism.compare.voice import OUTLET, voice_label


@pytest.mark.parametrize("voice, expected", [(None, OUTLET), ("Marta Olvena", "Marta Olvena"), ("", "")])
def test_voice_label(voice, expected):
    assert voice_label(voice) == expected


@pytest.mark.parametrize("mention, expected", [
    ({"entity_id": "e1", "entity_name": "Marta Olvena", "local_name": "Olvena"}, ("e1", "Marta Olvena")),
    ({"entity_id": "e1", "entity_name": None, "local_name": "Olvena"}, ("e1", "Olvena")),
    ({"entity_id": "e1"}, ("e1", "e1")),
    ({"entity_id": None, "local_name": "Pedro Olvena"}, ("name:pedro olvena", "Pedro Olvena")),
    ({"entity_id": None, "local_name": None}, None),
])
def test_entity_key(mention, expected):
    assert entity_key(mention) == expected


def _group(quote_id, date):
    return StatementGroup(quote_ids=(quote_id,), earliest_quote=quote_id, text="t", kind="direct", cue=None,
                          date=date, venue=None, outlets=(), stories=(), story_titles=(), relations={})


def test_timeline_key_dates_then_as_written_undated_last():
    rows = {"b:5-9": {"article_id": "b", "start": 5}, "a:40-50": {"article_id": "a", "start": 40},
            "a:3-9": {"article_id": "a", "start": 3}, "c:0-1": {"article_id": "c", "start": 0}}
    groups = [_group("c:0-1", None), _group("b:5-9", "2030-01-01"), _group("a:40-50", "2030-01-01"),
              _group("a:3-9", "2030-01-01"), _group("z:0-1", "2029-12-31")]  # z: not among the rows
    ordered = sorted(groups, key=lambda g: timeline_key(g, rows))
    assert [g.earliest_quote for g in ordered] == ["z:0-1", "a:3-9", "a:40-50", "b:5-9", "c:0-1"]
