"""PolNeAR reading and scoring, on fictional annotations written for these tests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsprism.eval.polnear import (
    GoldAttribution,
    PolnearFormatError,
    iter_split,
    normalise_content,
    read_ann,
    score_article,
)
from newsprism.records import Statement

TEXT = "Calloway said the ferry would run. “It will,” Reyes added. The river rose."
ANN = (
    "T1\tSource 0 8\tCalloway\n"
    "T2\tCue 9 13\tsaid\n"
    "T3\tContent 14 33\tthe ferry would run\n"
    "T4\tAttribution 9 13\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tContent 35 45\t“It will,”\n"
    "T6\tCue 52 57\tadded\n"
    "T7\tAttribution 52 57\tadded\n"
    "E2\tAttribution:T7 Cue:T6 Content:T5\n"
    "T8\tDiscard 59 74\tThe river rose.\n"
    "line that continues a span text\n"
)


def test_read_ann_keeps_relations_with_content():
    golds = read_ann(ANN)
    assert golds == (
        GoldAttribution(content=((14, 33),), cue=((9, 13),), source=((0, 8),)),
        GoldAttribution(content=((35, 45),), cue=((52, 57),), source=()),
    )


def test_read_ann_discontinuous_spans():
    ann = "T1\tContent 0 4;10 14\tabcd efgh\nT2\tCue 5 9\tsaid\nE1\tAttribution:T2 Cue:T2 Content:T1\n"
    assert read_ann(ann)[0].content == ((0, 4), (10, 14))


def test_read_ann_puts_fragments_in_document_order():
    # Some PolNeAR files list fragments backwards; the compared text reads as in the article.
    ann = "T1\tContent 10 14;0 4\tefgh abcd\nT2\tCue 5 9\tsaid\nE1\tAttribution:T2 Cue:T2 Content:T1\n"
    assert read_ann(ann)[0].content == ((0, 4), (10, 14))


def test_read_ann_rejects_bad_offsets():
    with pytest.raises(PolnearFormatError):
        read_ann("T1\tContent 0 x\tabc\n")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“It will,”", "it will"),
        ("that the ferry would run.", "the ferry would run"),
        ("  the ferry’s route ", "the ferry’s route"),
        ("", ""),
    ],
)
def test_normalise_content(text, expected):
    assert normalise_content(text) == expected


def _st(start, end, speaker=None, kind="indirect", quoted=()):
    return Statement(start, end, TEXT[start:end], kind, speaker_start=speaker and speaker[0],
                     speaker_end=speaker and speaker[1], quoted=quoted)


@pytest.mark.parametrize(
    "statements, overlap, exact, source",
    [
        ([_st(14, 33, (0, 8)), _st(35, 45, None, "direct", ((36, 43),))], 2, 2, 2),
        ([_st(9, 33, (0, 8))], 1, 0, 1),  # covers the content, not exactly
        ([_st(14, 20, (0, 8))], 0, 0, 0),  # less than half of the gold characters
        ([_st(14, 33, (46, 51))], 1, 1, 0),  # wrong source mention
        ([_st(35, 45, (46, 51), "direct", ((36, 43),))], 1, 1, 0),  # gold has no Source
        ([_st(59, 74)], 0, 0, 0),
        ([_st(14, 33, (0, 8), kind="term")], 0, 0, 0),  # terms are not statements
        ([], 0, 0, 0),
    ],
)
def test_score_article(statements, overlap, exact, source):
    scores = score_article(TEXT, read_ann(ANN), statements)
    assert scores.overlap.true_positives == overlap
    assert scores.exact.true_positives == exact
    assert scores.source.true_positives == source
    assert scores.overlap.gold == 2
    assert scores.overlap.predicted == sum(1 for s in statements if s.kind != "term")


def test_one_to_one_matching():
    statements = [_st(14, 33, (0, 8)), _st(14, 33, (0, 8))]
    scores = score_article(TEXT, read_ann(ANN), statements)
    assert scores.overlap.true_positives == 1
    assert scores.overlap.precision == 0.5


@pytest.fixture
def split_dir(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "harbour_1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "harbour_1_ab12.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "harbour_1_zz99.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_iter_split_takes_first_annotator(split_dir):
    (article,) = list(iter_split(split_dir))
    assert article.name == "harbour_1" and len(article.attributions) == 2


def test_iter_split_rejects_other_folders(tmp_path):
    with pytest.raises(PolnearFormatError):
        list(iter_split(tmp_path))


def test_cli_prints_three_scores(split_dir):
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["eval", "polnear", str(split_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line[:15] for line in lines[1:]] == ["content overlap", "content exact  ", "content+source "]
    assert all("P=" in line and "R=" in line and "F1=" in line for line in lines[1:])


def test_cli_error_on_bad_folder(tmp_path):
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path)])
    assert result.exit_code != 0
