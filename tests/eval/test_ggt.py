"""GGT reading and scoring, on a fictional article and gold written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsprism.eval.ggt import (
    GgtFormatError,
    GgtQuote,
    is_person_name,
    iter_split,
    locate,
    score_article,
    speaker_matches,
)
from newsprism.records import Statement

TEXT = ("Harbourmaster Juno Reyes said the ferry would run on Monday.\n\n"
        "“We will keep  it going,” she said.\n\n"
        "The Tidewater Ferry Company said fares would not rise.")


def _gold(quote: str, reference: str, speaker: str = "") -> dict:
    return {"quote": quote, "speaker": speaker, "reference": reference}


@pytest.fixture
def split(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    line = {"article_id": "a1", "outlet": "Gazette", "quotes": [
        _gold("the ferry would run on Monday", "Juno Reyes", "Reyes"),
        _gold("\"We will keep it going,\"", "Juno Reyes", "she"),  # straight marks, one space: located loosely
        _gold("fares would not rise", "The Tidewater Ferry Company", "The Tidewater Ferry Company"),
        _gold("the bridge is closed", "Juno Reyes", "Reyes"),  # not in the text
    ]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    return tmp_path


def _statement(text: str, part: str, speaker: str | None, kind: str = "indirect") -> Statement:
    start = text.index(part)
    return Statement(start=start, end=start + len(part), text=part, kind=kind, speaker=speaker)


def test_iter_split_locates_quotes_exactly_and_loosely(split):
    (article,) = list(iter_split(split))
    spans = [(q.start, q.end) for q in article.quotes]
    assert TEXT[spans[0][0]:spans[0][1]] == "the ferry would run on Monday"
    assert TEXT[spans[1][0]:spans[1][1]] == "“We will keep  it going,”"
    assert spans[3] == (None, None)


@pytest.mark.parametrize("text, quote, after, expected", [
    ("a b a b", "a b", 0, (0, 3)),
    ("a b a b", "a b", 1, (4, 7)),  # the first occurrence after the previous quote
    ("a b", "a b", 2, (0, 3)),  # else anywhere
    ("x “said  so” y", "\"said so\"", 0, (2, 12)),
    ("nothing here", "absent", 0, None),
    ("text", "  ", 0, None),
])
def test_locate(text, quote, after, expected):
    assert locate(text, quote, after) == expected


@pytest.mark.parametrize("reference, predicted, expected", [
    ("Juno Reyes", "Juno Reyes", True),
    ("Juno Reyes", "Reyes", True),  # the last name is enough for a person
    ("Juno Reyes", "Harbourmaster Reyes", True),
    ("Juno Reyes", "Juno", False),
    ("Juno Reyes", "she", False),
    ("Juno Reyes", None, False),
    ("The Tidewater Ferry Company", "Tidewater Ferry Company", True),
    ("The Tidewater Ferry Company", "the company", False),  # organisations need the whole name
    ("sources familiar with the talks", "sources", True),  # a descriptor's head phrase
    ("a harbour official", "harbour officials", True),
    ("a harbour official", "officials", False),
    ("the EU", "EU", True),
    ("Anna Lee-Moss", "Lee Moss", True),
])
def test_speaker_matches(reference, predicted, expected):
    assert speaker_matches(reference, predicted) is expected


@pytest.mark.parametrize("reference, expected", [
    ("Juno Reyes", True), ("Ben van der Berg", True), ("Reyes", False), ("a harbour official", False),
    ("the union", False),
])
def test_is_person_name(reference, expected):
    assert is_person_name(reference) is expected


def test_score_article_counts_found_right_and_precision(split):
    (article,) = list(iter_split(split))
    statements = [
        _statement(TEXT, "the ferry would run on Monday", "Juno Reyes"),
        _statement(TEXT, "“We will keep  it going,”", "she", kind="direct"),  # found, pronoun left: wrong
        _statement(TEXT, "fares would", "Tidewater Ferry Company"),  # 11 of 20 chars: found
        _statement(TEXT, "Harbourmaster", None),  # on no gold quote
        _statement(TEXT, "the ferry would run", None, kind="term"),  # terms are ignored
    ]
    scores = score_article("a1", article.quotes, statements)
    assert (scores.quotes, scores.unlocated, scores.found, scores.speaker_right) == (4, 1, 3, 2)
    assert (scores.statements, scores.statements_on_gold) == (4, 3)
    assert [r.found for r in scores.results] == [True, True, True, False]
    assert scores.recall == 0.75 and round(scores.speaker_share, 3) == 0.667


def test_small_cover_is_not_found():
    quote = GgtQuote("the ferry would run on Monday", "", "Juno Reyes", 0, 29)
    text = "the ferry would run on Monday"
    scores = score_article("a", [quote], [_statement(text, "the fe", "Juno Reyes")])  # 6/29 < 30 %
    assert scores.found == 0 and scores.speaker_right == 0


@pytest.mark.parametrize("content, message", [
    ("not json\n", "gold.jsonl:1"),
    (json.dumps({"article_id": "a1"}) + "\n", "gold.jsonl:1"),
    (json.dumps({"article_id": "zz", "quotes": []}) + "\n", "no text file"),
])
def test_bad_gold_names_file_and_line(split, content, message):
    (split / "gold.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(GgtFormatError, match=message):
        list(iter_split(split))


def test_missing_folder_is_a_format_error(tmp_path):
    with pytest.raises(GgtFormatError):
        list(iter_split(tmp_path))


@pytest.mark.slow
def test_cli_prints_scores(split):
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["eval", "ggt", str(split)])
    assert result.exit_code == 0, result.output
    assert "quote recall" in result.output and "4 quotes" in result.output
    bad = CliRunner().invoke(app, ["eval", "ggt", str(split / "text")])
    assert bad.exit_code != 0
