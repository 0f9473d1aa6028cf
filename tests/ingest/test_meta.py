"""Metadata sidecars: several are merged (the later file wins, differences reported), and a meta.csv at the top
of an input folder is read as metadata. All inputs are FICTIONAL (Valdoria and its outlets are invented)."""

from __future__ import annotations

import pytest

from newsprism.ingest import iter_inputs
from newsprism.ingest.meta import Sidecar, merge_sidecars, sidecar_paths
from newsprism.records import Article, MetaConflict, Skipped

from .helpers import write


def ingest(*inputs, **options) -> tuple[list[Article], list[Skipped]]:
    items = list(iter_inputs([str(i) for i in inputs], **options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def rows(**by_key: dict) -> Sidecar:
    return Sidecar({key: {"article_id": key, **row} for key, row in by_key.items()})


@pytest.mark.parametrize("first, second, merged, conflicts", [
    # different fields of one article: both kept, no conflict
    ({"a": {"outlet": "Valdoria Today"}}, {"a": {"date": "2025-03-06"}},
     {"a": {"outlet": "Valdoria Today", "date": "2025-03-06"}}, []),
    # different articles: both kept
    ({"a": {"outlet": "Valdoria Today"}}, {"b": {"outlet": "Corvana Herald"}},
     {"a": {"outlet": "Valdoria Today"}, "b": {"outlet": "Corvana Herald"}}, []),
    # an empty cell in the later file does not erase the earlier value
    ({"a": {"date": "2025-03-06"}}, {"a": {"date": "", "url": "https://ledger.example/a"}},
     {"a": {"date": "2025-03-06", "url": "https://ledger.example/a"}}, []),
    # the same date written another way, the same outlet in other case: no conflict
    ({"a": {"date": "2025-03-06", "outlet": "Valdoria Today"}}, {"a": {"date": "March 6, 2025", "outlet": "valdoria  today"}},
     {"a": {"date": "March 6, 2025", "outlet": "valdoria  today"}}, []),
    # a real difference: the later file wins, and the conflict names both files and values
    ({"a": {"date": "2025-03-06"}}, {"a": {"date": "2025-03-07"}},
     {"a": {"date": "2025-03-07"}}, [MetaConflict("a", "date", "2025-03-07", "two.csv", "2025-03-06", "one.csv")]),
])
def test_merge_sidecars(first, second, merged, conflicts):
    result, found = merge_sidecars([("one.csv", rows(**first)), ("two.csv", rows(**second))])
    assert {k: {f: v for f, v in r.items() if f != "article_id"} for k, r in result.rows.items()} == merged
    assert found == conflicts


def test_conflict_message_names_both_files():
    conflict = MetaConflict("a", "date", "2025-03-07", "two.csv", "2025-03-06", "one.csv")
    message = conflict.message()
    assert "one.csv" in message and "two.csv" in message and "2025-03-06" in message and "2025-03-07" in message


def test_two_meta_files_are_both_applied(tmp_path):
    write(tmp_path / "texts" / "a.txt", "Headline A\n\nBody.")
    write(tmp_path / "texts" / "b.txt", "Headline B\n\nBody.")
    dates = write(tmp_path / "dates.csv", "article_id,date\na,2025-03-06\nb,2025-03-07\n")
    outlets = write(tmp_path / "outlets.csv", "article_id,outlet\na,Valdoria Today\n")
    articles, skipped = ingest(tmp_path / "texts", meta=[str(dates), str(outlets)])
    assert not skipped
    got = {a.article_id: (a.outlet, a.published) for a in articles}
    assert got == {"a": ("Valdoria Today", "2025-03-06"), "b": (None, "2025-03-07")}


@pytest.mark.parametrize("order, outlet", [(("one", "two"), "Corvana Herald"), (("two", "one"), "Valdoria Today")])
def test_the_later_meta_file_wins(tmp_path, order, outlet):
    write(tmp_path / "texts" / "a.txt", "Headline A\n\nBody.")
    files = {"one": write(tmp_path / "one.csv", "article_id,outlet\na,Valdoria Today\n"),
             "two": write(tmp_path / "two.csv", "article_id,outlet\na,Corvana Herald\n")}
    (article,), _ = ingest(tmp_path / "texts", meta=[str(files[name]) for name in order])
    assert article.outlet == outlet


@pytest.mark.parametrize("name", ["meta.csv", "META.CSV", "metadata.tsv"])
def test_meta_file_in_the_input_folder_is_metadata_not_an_article(tmp_path, name):
    write(tmp_path / "a.txt", "Headline A\n\nBody.")
    sep = "\t" if name.endswith("tsv") else ","
    write(tmp_path / name, f"article_id{sep}outlet{sep}date\na{sep}Valdoria Today{sep}2025-03-06\n")
    (article,), skipped = ingest(tmp_path)
    assert not skipped
    assert (article.outlet, article.published, article.date_source) == ("Valdoria Today", "2025-03-06", "meta")


def test_explicit_meta_wins_over_the_folder_sidecar(tmp_path):
    write(tmp_path / "corpus" / "a.txt", "Headline A\n\nBody.")
    folder = write(tmp_path / "corpus" / "meta.csv", "article_id,outlet\na,Valdoria Today\n")
    given = write(tmp_path / "fix.csv", "article_id,outlet\na,Corvana Herald\n")
    assert sidecar_paths([str(tmp_path / "corpus")], [str(given)]) == [str(folder), str(given)]
    (article,), skipped = ingest(tmp_path / "corpus", meta=[str(given)])
    assert not skipped and article.outlet == "Corvana Herald"


def test_other_tables_in_a_folder_are_still_reported(tmp_path):
    write(tmp_path / "a.txt", "Headline A\n\nBody.")
    write(tmp_path / "figures.csv", "year,value\n2024,3\n")
    _, (skip,) = ingest(tmp_path)
    assert skip.source_path.endswith("figures.csv") and "--meta" in skip.reason


def test_a_folder_sidecar_without_ids_is_reported(tmp_path):
    write(tmp_path / "a.txt", "Headline A\n\nBody.")
    write(tmp_path / "meta.csv", "name,outlet\nx,y\n")
    articles, (skip,) = ingest(tmp_path)
    assert len(articles) == 1 and skip.source_path.endswith("meta.csv") and "no article_id column" in skip.reason
