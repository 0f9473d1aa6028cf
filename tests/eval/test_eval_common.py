"""Direct tests of the helpers every evaluation shares (newsprism/eval/__init__.py)."""

from __future__ import annotations

import pytest

from newsprism.eval import f1_of, tsv_rows


@pytest.mark.parametrize("precision, recall, expected", [(1.0, 1.0, 1.0), (0.5, 1.0, 2 / 3), (0.0, 0.0, 0.0),
                                                         (0.0, 1.0, 0.0), (0.25, 0.75, 0.375)])
def test_f1_of(precision, recall, expected):
    assert f1_of(precision, recall) == pytest.approx(expected)


class FixtureError(ValueError):
    pass


def test_tsv_rows(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("id\ttext\na1\tsaid \"so\"\na2\t\n", encoding="utf-8")
    assert list(tsv_rows(path, FixtureError)) == [(2, {"id": "a1", "text": 'said "so"'}), (3, {"id": "a2", "text": ""})]
    with pytest.raises(FixtureError, match="missing.tsv: no such file"):
        list(tsv_rows(tmp_path / "missing.tsv", FixtureError))
