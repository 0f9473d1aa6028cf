"""Loaded language: lexicon phrases and words, intensifiers, names left alone, scare quotes from statements.

Sentences are fictional, written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.extract.loaded import CATEGORIES, find_loaded, load_lexicon, quoted_regions
from newsprism.records import Statement

CASES = [
    ("The so-called moderate rebels met in the capital.", [("so-called", "distancing")]),
    ("Jets struck what are said to be militia positions.", [("what are said to be", "distancing")]),
    ("The alleged attack was reported by police.", [("alleged", "distancing")]),
    ("A self-styled prophet led the group.", [("self-styled", "distancing")]),
    ("The senator slammed the proposal on Monday.", [("slammed", "evaluative")]),
    ("The dictator addressed the crowd.", [("dictator", "pejorative")]),
    ("It was a brutal crackdown.", [("brutal", "emotive"), ("crackdown", "evaluative")]),
    ("The decision was deeply troubling to residents.", [("deeply troubling", "intensifier")]),
    ("The committee met on Tuesday to discuss the budget.", []),
    ("She spoke deeply.", []),  # an intensifier with nothing to intensify is not marked
    ("Forces fought the Takfiri groups near the border.", [("Takfiri", "pejorative")]),  # a label tagged as a name
    ("He spoke to the state-funded broadcaster on Sunday.", [("state-funded", "distancing")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_loaded_spans(nlp, text, expected):
    spans = list(find_loaded(nlp(text), lexicon=load_lexicon(learned=False)))
    assert [(s.text, s.category) for s in spans] == expected
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_words_inside_names_are_not_marked(nlp):
    doc = nlp("Liberty University hosted the Brutal Truth Foundation.")
    assert [s.text for s in find_loaded(doc, lexicon=load_lexicon(learned=False)) if s.text == "Brutal"] == []


def test_scare_quotes_come_from_term_statements(nlp):
    text = "Jets hit ‘moderate’ targets, the brutal war went on."
    start = text.index("‘")
    term = Statement(start=start, end=start + len("‘moderate’"), text="‘moderate’", kind="term")
    spans = list(find_loaded(nlp(text), statements=[term]))
    assert ("‘moderate’", "scare_quote") in [(s.text, s.category) for s in spans]
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_quoted_words_can_be_left_out(nlp):
    doc = nlp('He called the plan "a brutal betrayal" and left. The brutal winter came.')
    lexicon = load_lexicon(learned=False)
    assert len([s for s in find_loaded(doc, lexicon=lexicon) if s.text == "brutal"]) == 2
    assert len([s for s in find_loaded(doc, lexicon=lexicon, include_quoted=False) if s.text == "brutal"]) == 1


def test_quoted_regions_pair_marks_per_paragraph():
    text = 'A "b c" d\n“e f'
    assert quoted_regions(text) == [(2, 7), (10, 14)]


def test_lexicons_load_with_known_categories():
    hand, full = load_lexicon(learned=False), load_lexicon()
    assert set(hand.words.values()) | set(hand.phrases.values()) <= set(CATEGORIES)
    assert ("so", "-", "called") in hand.phrases
    assert "alleged" in full.words  # distancing devices are never dropped by learning


def test_lexicon_with_and_without_terms():
    lexicon = load_lexicon(learned=False)
    assert "flibbertigibbet" not in lexicon.words
    more = lexicon.with_terms(["flibbertigibbet", "rank hypocrisy"], category="learned")
    assert more.words["flibbertigibbet"] == "learned"
    assert more.phrases[("rank", "hypocrisy")] == "learned"
    assert "dictator" not in lexicon.without(["dictator"]).words


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([" so", "-", "called", " deeply", " brutal", " “", "”", '"', "'", " regime", " Liberty",
                                 " what are said to be", " x", ".", "\n", " SLAMMED"]), max_size=25).map("".join))
def test_never_crashes_and_spans_are_ordered(nlp, text):
    spans = list(find_loaded(nlp(text)))
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(text[s.start:s.end] == s.text and s.category in CATEGORIES for s in spans)


@pytest.mark.parametrize("text, term, kept", [
    ('The "Northern Valley Brigade" freed six hostages on Monday.', '"Northern Valley Brigade"', False),
    ("The ministry called the plan a “temporary measure” on Monday.", "“temporary measure”", True),
    ("Minister Says Plan Is a ‘Temporary Measure’ for the Town\nThe plan was announced.", "‘Temporary Measure’", True),
])
def test_quoted_names_are_not_scare_quotes(nlp, text, term, kept):
    start = text.index(term)
    term_statement = Statement(start=start, end=start + len(term), text=term, kind="term")
    spans = list(find_loaded(nlp(text), lexicon=load_lexicon(learned=False), statements=[term_statement]))
    assert any(s.category == "scare_quote" and s.text == term for s in spans) == kept
