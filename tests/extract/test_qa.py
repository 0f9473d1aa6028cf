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
    text = "OSTRANDER: Will it run?\n\nREYES: It will."
    assert [t.name for t in find_turns(text)] == ["OSTRANDER", "REYES"]


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
