"""Transcript turns and interviewer resolution (fictional transcripts)."""

from __future__ import annotations

import pytest

from newsprism.extract.qa import find_interviewer, find_turns

TRANSCRIPT = ("Reyes told Pell Ostrander of the Harbour Gazette that the ferry would run.\n\n"
              "Q. Will it run all winter?\n\n"
              "Reyes: Every day, storms permitting.\n\n"
              "Question: And the bridge?\n\n"
              "A: It reopens in May.")


def test_turn_roles_and_spans():
    turns = find_turns(TRANSCRIPT)
    assert [(t.role, TRANSCRIPT[t.start:t.end]) for t in turns] == [
        ("question", "Will it run all winter?"),
        ("name", "Every day, storms permitting."),
        ("question", "And the bridge?"),
        ("answer", "It reopens in May."),
    ]
    assert turns[1].name == "Reyes"


@pytest.mark.parametrize(
    "text",
    [
        "Reyes: Ferry Will Run All Winter\n\nThe ferry ran on Monday.",  # a headline, not a transcript
        "Reyes: Ferry Will Run\n\nReyes: Ferry Will Run\n\nIt ran.",  # repeated headline, one name
        "The ferry ran at 10:30 on Monday.",
        "",
    ],
)
def test_no_transcript(text):
    assert find_turns(text) == []


def test_two_named_speakers_make_a_transcript():
    text = "Mayor Ostrander and Juno Reyes met.\n\nOSTRANDER: Will it run?\n\nREYES: It will."
    assert [t.name for t in find_turns(text)] == ["OSTRANDER", "REYES"]


def test_capital_labels_never_named_in_prose_are_no_transcript():
    assert find_turns("OSTRANDER: Will it run?\n\nREYES: It will.") == []


@pytest.mark.parametrize(
    "text, interviewer",
    [
        (TRANSCRIPT, "Pell Ostrander"),
        ("In an interview with Dana Whitfield, Reyes spoke of the ferry.", "Dana Whitfield"),
        ("Pressed by Whitfield, Reyes said nothing.", "Whitfield"),
        ("Reyes spoke about the ferry.", None),
    ],
)
def test_find_interviewer(text, interviewer):
    span = find_interviewer(text, "Reyes")
    assert (text[span[0]:span[1]] if span else None) == interviewer


@pytest.mark.parametrize("text", [
    "Markets rose on Monday.\n\nANALYSIS: Some traders expect more gains.\n\nOil fell.\n\n"
    "HARBOUR WATCH: The port reopened on Tuesday.",
    "Prices fell.\n\nFERRY TALK: Reyes said the ferry runs.\n\nThe river rose.\n\nTRADE DESK: Exports grew.",
    "Trade news.\n\nKEEPING SCORE: Shares rose.\n\nENERGY: Oil fell.\n\nCURRENCIES: The dollar rose.",
])
def test_digest_section_labels_are_no_transcript(text):
    assert find_turns(text) == []


@pytest.mark.parametrize("name, expected", [
    ("The Gazette News' Ann Lee", ["Ann", "Lee"]),
    ("BBC correspondent", ["correspondent"]),
    ("Harbour Times reporter Juno Reyes", ["reporter", "Juno", "Reyes"]),
    ("Juno Reyes", ["Juno", "Reyes"]),
])
def test_name_words_drop_outlets(name, expected):
    from newsprism.extract.qa import _name_words

    assert _name_words(name.split()) == expected
