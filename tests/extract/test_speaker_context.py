"""The article as context for speakers (extract.speakers.resolve_in_context), on fictional articles."""

from __future__ import annotations

import pytest

from newsprism.extract import analyze_article
from newsprism.records import Article


@pytest.fixture(scope="module")
def analyse(nlp):
    def run(text: str):
        result = analyze_article(Article(article_id="t", text=text), nlp)
        return [s for s in result.statements if s.kind != "term"]

    return run


def _speaker_of(statements, snippet):
    (statement,) = [s for s in statements if snippet in s.text]
    return statement.speaker, statement.speaker_type


@pytest.mark.parametrize("text, snippet, speaker", [
    # "he said" after a quote: the last named speaker, not a man named inside the content
    ("Harbourmaster Juno Reyes said the ferry would run all winter.\n\n"
     "Ben Ostrander and his crew hid below deck during the storm, she said.",
     "hid below deck", "Juno Reyes"),
    # gender: she is not the man named last
    ("Mayor Anna Lindqvist said the bridge would reopen.\n\nHer deputy, Tom Baker, disagreed with the plan.\n\n"
     "“We will finish it in May,” she said.", "finish it in May", "Anna Lindqvist"),
    # "the company" is the organisation named before
    ("Tidewater Ferries Inc. cut its winter timetable on Monday.\n\n"
     "The company said fares would not rise this year.", "fares would not rise", "Tidewater Ferries Inc."),
    # first person inside another statement's quote
    ("“I think the ferry will run,” said Juno Reyes, the harbourmaster.", "the ferry will run", "Juno Reyes"),
])
def test_speakers_resolved_in_context(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


def test_anonymous_source_stays_anonymous(analyse):
    text = "A person familiar with the negotiations said the deal was close."
    name, kind = _speaker_of(analyse(text), "the deal was close")
    assert kind == "anonymous" and "Reyes" not in (name or "")


def test_no_antecedent_leaves_the_pronoun(analyse):
    # nobody is named before: "he" cannot be resolved and is not invented
    name, _ = _speaker_of(analyse("He said the ferry would run all winter."), "the ferry would run")
    assert name in (None, "He", "he")


@pytest.mark.parametrize("text, speaker", [
    ("Reyes: Ferry Will Run All Winter\n\nHarbourmaster Juno Reyes said the ferry would run.", "Juno Reyes"),
    # a scraped page that prints its headline again above the body: one headline statement, not two
    ("Reyes: Ferry Will Run All Winter\n\nReyes: Ferry Will Run All Winter\nHarbourmaster Juno Reyes said the "
     "ferry would run.", "Juno Reyes"),
])
def test_headline_quote_names_its_speaker(analyse, text, speaker):
    statements = analyse(text)
    headline = [s for s in statements if s.kind == "headline"]
    assert [s.text for s in headline] == ["Ferry Will Run All Winter"]
    assert headline[0].speaker == speaker
    assert not any(s.kind != "headline" and "Ferry Will Run" in s.text for s in statements)


@pytest.mark.parametrize("text", [
    "Analysis: The ferry will run again this winter\n\nThe harbour froze.",
    "Review: A Ferry Opera Sinks Without Trace\n\nThe harbour froze.",
])
def test_label_headlines_are_no_quote(analyse, text):
    assert not any(s.kind == "headline" for s in analyse(text))


@pytest.mark.parametrize("text", [
    "HARBOUR TOWN, Dec 31 (Gazette Wire) - The ferry will run all winter, Mayor Juno Reyes said.",
    "HARBOUR TOWN — The ferry will run all winter, Mayor Juno Reyes said.",
    "HARBOUR TOWN (GW) -- The ferry will run all winter, Mayor Juno Reyes said.",
])
def test_dateline_is_not_content(analyse, text):
    (statement,) = analyse(text)
    assert statement.text == "The ferry will run all winter" and statement.speaker == "Juno Reyes"


@pytest.mark.parametrize("content", ["Thursday", "on Thursday", "last week", "earlier this month", "Monday morning"])
def test_a_time_alone_is_no_content(content):
    from newsprism.extract.statements import ONLY_TIME

    assert ONLY_TIME.fullmatch(content)


@pytest.mark.parametrize("content", ["the ferry runs on Thursday", "Thursday's vote was fair", "a week of talks"])
def test_content_with_a_time_is_content(content):
    from newsprism.extract.statements import ONLY_TIME

    assert not ONLY_TIME.fullmatch(content)
