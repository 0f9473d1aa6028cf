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


# -- issue 13, second round: each rule with a case it must not fire on -------------------------------

@pytest.mark.parametrize("text, snippet, speaker", [
    # paragraphs are lines with text: a blank line between paragraphs does not push the speaker out of reach
    ("Lawyer Ronda Pike said the fees were too high.\n\n“We need more help,” she said.\n\n"
     "Refugee Omar Haddad watches his daughters Lina and Dalia play in the yard.\n\n"
     "Meeting the language rules is nearly impossible, she said.", "nearly impossible", "Ronda Pike"),
    # a first name from the list decides: she is not the man named last …
    ("Priya Nandakumar said the clinic would close.\n\nGavin Holloway disagreed with the plan.\n\n"
     "“It has to close by June,” she said.", "close by June", "Priya Nandakumar"),
    # … and he is not the woman (negative case of the same rule)
    ("Priya Nandakumar said the clinic would close.\n\nGavin Holloway disagreed with the plan.\n\n"
     "“It can stay open,” he said.", "stay open", "Gavin Holloway"),
    # a possessive the tagger reads as a quote mark is no part of the name, so the surname finds her
    ("This week the Harbour Dance Company presents choreographer Mira Tolland’s This Shape, We Are In.\n\n"
     "The work runs an hour.\n\n"
     "Tolland said the dancers had rehearsed for a year.\n\nHer father, the actor Gus Tolland, said he was proud.",
     "rehearsed for a year", "Mira Tolland"),
])
def test_second_round_context_rules(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


@pytest.mark.parametrize("text, snippet, speaker, kind", [
    # a body named after its owner speaks, not the owner
    ("Mayor Ann Lindqvist cut the budget.\n\nLindqvist’s staff said the cuts were small.",
     "the cuts were small", "Lindqvist’s staff", "organisation"),
    ("Minister Jim Carrow approved the loan.\n\nHis office said the loan was legal.",
     "the loan was legal", "Jim Carrow’s office", "organisation"),
    # negative: a person in apposition to the owner's role is the speaker
    ("Mayor Ann Lindqvist cut the budget.\n\nLindqvist’s spokesman, Tom Baker, said the cuts were small.",
     "the cuts were small", "Tom Baker", "person"),
    # negative: a plain name stays the person
    ("Mayor Ann Lindqvist said the cuts were small.", "the cuts were small", "Ann Lindqvist", "person"),
])
def test_collective_speakers(analyse, text, snippet, speaker, kind):
    assert _speaker_of(analyse(text), snippet) == (speaker, kind)


@pytest.mark.parametrize("mention, expected", [
    ("Poulter", True),
    ("Ian Poulter", True),
    ("he", False),
    ("The Company", False),
    ("NATO", False),
    ("Harbour Bank", False),  # an organisation's last word
    ("Mayor", False),  # a role
    ("the tour organisers", False),
    ("Ann Lee Kim Park", False),  # too long for one name
])
def test_proper_name(mention, expected):
    from newsprism.extract.entities_lexicon import load_entity_lexicon
    from newsprism.extract.speakers import proper_name

    assert proper_name(mention, load_entity_lexicon()) is expected


@pytest.mark.parametrize("text, snippet, expected", [
    # a person named in apposition after a descriptor speaks
    ("Mayor Ann Lindqvist cut the budget.\n\nAnother councillor, Dana Whitfield of Ward 3, also said the cuts "
     "were too deep.", "too deep", "Dana Whitfield"),
    # negative: an apposition that names no one leaves the descriptor
    ("Mayor Ann Lindqvist cut the budget.\n\nA neighbour, who asked not to be named, said the cuts were too deep.",
     "too deep", None),
])
def test_apposed_person(analyse, text, snippet, expected):
    speaker, _ = _speaker_of(analyse(text), snippet)
    if expected is None:
        assert speaker not in ("Ann Lindqvist", "Dana Whitfield")
    else:
        assert speaker == expected


def test_group_with_an_example_stays_the_group(analyse):
    # "including X" is an example, not an apposition naming the speaker
    text = ("Mayor Ann Lindqvist cut the budget.\n\nSeveral councillors, including Dana Whitfield, said the cuts "
            "were too deep.")
    speaker, _ = _speaker_of(analyse(text), "too deep")
    assert speaker != "Dana Whitfield"


@pytest.mark.parametrize("text, snippet, speaker", [
    # a subheading line does not run into the next paragraph's subject
    ("Harbour plans\n\nREAD MORE: Ferry strike ends after talks\n\n"
     "Dana Whitfield, who chairs the ferry users' group, said the new timetable was a relief.",
     "the new timetable was a relief", "Dana Whitfield"),
    # "according to" names its own object, not a name inside its modifiers
    ("The timetable would cost more, according to former Bank of Tidewater governor Ira Lindqvist.",
     "The timetable would cost more", "Ira Lindqvist"),
    # an active subject speaks; "by text message" is the medium, not an agent
    ("Oskar, a resident of the harbour who runs boat tours, said by text message the sea had been calm.",
     "the sea had been calm", "Oskar"),
    # a party member described after being named is that person, not the party
    ("Senate leader Harold Brandvold blamed the weather for the delays.\n\n"
     "“Nobody could have sailed in that storm,” the Tidewater Republican said.",
     "Nobody could have sailed", "Harold Brandvold"),
    # a former role described after being named is that person
    ("Martin Kowalski, who later became harbourmaster, spent a decade at sea.\n\n"
     "The former skipper of the Tidewater ferry said Monday he is considering a run for mayor.",
     "he is considering a run", "Martin Kowalski"),
])
def test_third_round_context_rules(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


@pytest.mark.parametrize("text, snippet, not_speaker", [
    # a group of former skippers is no single person named before
    ("Martin Kowalski spent a decade at sea.\n\nThe former skippers said the pay had been poor.",
     "the pay had been poor", "Martin Kowalski"),
    # a party named as such stays the party
    ("Senate leader Harold Brandvold blamed the weather.\n\nThe Republicans said the delays were avoidable.",
     "the delays were avoidable", "Harold Brandvold"),
])
def test_third_round_negatives(analyse, text, snippet, not_speaker):
    statements = [s for s in analyse(text) if snippet in s.text]
    assert statements and all(s.speaker != not_speaker for s in statements)


def test_a_line_break_ends_a_sentence(nlp):
    doc = nlp("Ferry strike ends after talks\n\nDana Whitfield said the ferry would run.")
    starts = [s[0].text for s in doc.sents if not s[0].is_space]
    assert "Dana" in starts and "said" not in starts
    whole = nlp("Dana Whitfield said the ferry would run. It will.")
    assert [s[0].text for s in whole.sents] == ["Dana", "It"]
