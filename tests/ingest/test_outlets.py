"""Outlet metadata files: known columns, other columns kept as they are, nothing invented (FICTIONAL outlets)."""

from __future__ import annotations

import pytest

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.outlets import load_outlet_meta
from newsprism.records import OutletMeta

from .helpers import write


@pytest.mark.parametrize("content, expected", [
    ("outlet,country,owner,lean\nValdoria Today,Valdoria,Marrow Holdings,centre-right\n",
     [OutletMeta("Valdoria Today", "Valdoria", "Marrow Holdings", "centre-right")]),
    # other names for the columns; a TSV
    ("Publisher\tBias\tOwnership\nMeridian Wire\tcentre\tCoop\n",
     [OutletMeta("Meridian Wire", None, "Coop", "centre")]),
    # extra columns kept, in file order, as given; empty known cells stay unknown (None), never filled in
    ("outlet,founded,lean,format\nNorthern Ledger,1954,,regional daily\n",
     [OutletMeta("Northern Ledger", None, None, None, (("founded", "1954"), ("format", "regional daily")))]),
    # a short row: missing cells are unknown
    ("outlet,country,lean\nCorvana Herald\n", [OutletMeta("Corvana Herald")]),
    # blank lines are passed over
    ("outlet,lean\n\nA,left\n\n", [OutletMeta("A", lean="left")]),
])
def test_load_outlet_meta(tmp_path, content, expected):
    path = write(tmp_path / "outlets.csv", content)
    records, warnings = load_outlet_meta(path)
    assert [r.__class__(**{**{f: getattr(r, f) for f in r.__slots__}, "source": None}) for r in records] == expected
    assert all(r.source == "outlets.csv" for r in records) and warnings == []


def test_rows_without_outlet_and_repeated_outlets_are_reported(tmp_path):
    path = write(tmp_path / "outlets.csv", "outlet,lean\nA,left\n,right\nA,centre\n")
    records, warnings = load_outlet_meta(path)
    assert [(r.outlet, r.lean) for r in records] == [("A", "centre")]  # the later row is used
    assert any("line 3" in w and "no outlet" in w for w in warnings)
    assert any("line 4" in w and "again" in w for w in warnings)


@pytest.mark.parametrize("content, reason", [
    ("country,lean\nValdoria,left\n", "no outlet column"),
    ("", "empty file"),
])
def test_unusable_outlet_files_are_refused(tmp_path, content, reason):
    with pytest.raises(UnreadableInput, match=reason):
        load_outlet_meta(write(tmp_path / "outlets.csv", content))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(UnreadableInput, match="cannot be read"):
        load_outlet_meta(tmp_path / "none.csv")
