"""Quotation-mark mask and pronoun resolution (fictional sentences written for these tests)."""

from __future__ import annotations

import pytest

from newsprism.extract.coref import quote_mask
from newsprism.extract.entities import find_entities


@pytest.mark.parametrize("text, inside, outside", [
    ("“We will win,” Davis said.", ["We", "win"], ["Davis", "said"]),
    ('"We will win," Davis said.', ["We", "win"], ["Davis", "said"]),
    ("« Nous gagnerons », dit Davis.", ["Nous"], ["Davis"]),
    # a never-closed mark stops at the end of its paragraph
    ("“We will win\n\nDavis said nothing.", ["We"], ["Davis"]),
    ("No quotes here at all.", [], ["No", "quotes"]),
])
def test_quote_mask(nlp, text, inside, outside):
    doc = nlp(text)
    mask = quote_mask(doc)
    assert len(mask) == len(doc)
    by_text = {t.text: bool(mask[t.i]) for t in doc}
    assert all(by_text[w] for w in inside)
    assert not any(by_text[w] for w in outside)


def _pronoun_targets(nlp, text):
    doc = nlp(text)
    entities, mentions = find_entities(doc)
    return [(m.text, entities[m.entity_key].name) for m in mentions if m.kind == "pronoun"]


@pytest.mark.parametrize("text, expected", [
    # same-sentence subject
    ("Peter Novak said he would run again.", [("he", "Peter Novak")]),
    # previous sentence subject, across a fully quoted sentence
    ("Peter Novak spoke on Monday. “The plan is dead. Nobody wants it.” He left soon after.",
     [("He", "Peter Novak")]),
    # gender from first names keeps he and she apart
    ("Peter Novak met Helen Ward. She thanked him.", [("She", "Helen Ward"), ("him", "Peter Novak")]),
    # a possessive in the same clause goes to the nearest person
    ("Reporters said Peter Novak and his sister Helen Ward travelled together.", [("his", "Peter Novak")]),
    # the main clause's subject beats a more recent embedded subject
    ("Mary Stone said Pat Quinn was wrong about the budget. She added that talks would continue.",
     [("She", "Mary Stone")]),
    # a person just introduced (not as a subject) is the likely speaker of the next quote
    ("Peter Novak spoke first. The plan worries Tom Reed, a farmer from Ohio. “It is a mess,” he said.",
     [("he", "Tom Reed")]),
    # negative: nobody to refer to
    ("He said the plan was dead.", []),
    # negative: they/it are not resolved
    ("Peter Novak met the voters. They cheered and it rained.", []),
])
def test_pronouns(nlp, text, expected):
    assert _pronoun_targets(nlp, text) == expected


def test_honorific_keeps_spouses_apart(nlp):
    doc = nlp("Mr. Fenwick said the court erred. Mrs. Fenwick, his wife, disagreed with him.")
    entities, mentions = find_entities(doc)
    people = [e for e in entities if e.type == "person"]
    assert len(people) == 2
    assert {r for e in people for r in e.roles} >= {"Mr.", "Mrs."}
