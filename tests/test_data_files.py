"""The one reader of packaged word lists (newsprism.data.read_tsv, word_list) and the lists themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.data import DATA_DIR, DataFileError, read_tsv, word_list


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.tsv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, expected", [
    ("word\tkind\nnot\tnegation\n", [("not", "negation")]),
    ("# a comment\n\nword\tkind\n# inside\nmay\tmodal\n\n", [("may", "modal")]),
    ("word\tkind\n  can \t modal \n", [("can", "modal")]),  # cells are stripped
    ("word\tkind\nalone\n", [("alone", "")]),  # a row may stop early: missing cells are ''
    ("word\tkind\n", []),  # a header only
    ("# only comments\n", []),
])
def test_rows_by_column(tmp_path, text, expected):
    rows = list(read_tsv(_write(tmp_path, text)))
    assert [(row["word"], row["kind"]) for row in rows] == expected


def test_row_says_where_it_is(tmp_path):
    path = _write(tmp_path, "# c\nword\tkind\n\nnot\tnegation\n")
    (row,) = read_tsv(path)
    assert row.where == f"{path}:4"


class ListError(ValueError):
    pass


@pytest.mark.parametrize("text, line", [
    ("word\tkind\nnot\tnegation\textra\n", 2),
    ("# c\nword\tkind\nok\tfine\n\nbad\tone\ttwo\n", 5),
])
def test_too_many_cells_name_file_and_line(tmp_path, text, line):
    path = _write(tmp_path, text)
    with pytest.raises(ListError, match=rf"{path}:{line}: expected 2 columns \(word, kind\), got 3"):
        list(read_tsv(path, error=ListError))


def test_missing_file(tmp_path):
    assert list(read_tsv(tmp_path / "none.tsv", missing_ok=True)) == []
    with pytest.raises(FileNotFoundError):
        list(read_tsv(tmp_path / "none.tsv"))


@pytest.mark.parametrize("name, member, outsider", [
    ("capitalised_function_words", "The", "the"),  # case kept
    ("outlet_name_words", "Gazette", "Senator"),
    ("name_glue", "of", "bank"),
    ("claim_change_verbs", "rise", "say"),
    ("generic_person_nouns", "people", "troops"),
    ("label_leading_words", "the", "dictator"),
])
def test_word_list(name, member, outsider):
    words = word_list(name)
    assert member in words
    assert outsider not in words


def test_unknown_word_list():
    with pytest.raises(DataFileError, match="no list 'nonesuch'"):
        word_list("nonesuch")


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.tsv")), ids=lambda p: p.name)
def test_every_packaged_list_reads(path):
    rows = list(read_tsv(path))
    assert rows, f"{path.name} has no rows"
    assert all(row.values[0] for row in rows), f"{path.name} has a row without a first cell"
