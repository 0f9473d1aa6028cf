"""Issue 13's speaker rules (extract.speakers, extract.entities_names), each with a negative case, on fictional text."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from newsprism.extract.entities import find_entities
from newsprism.extract.entities_lexicon import load_entity_lexicon
from tests.extract.test_speaker_context import _speaker_of, analyse  # noqa: F401  (the shared fixture)


@pytest.mark.parametrize("text, snippet, speaker", [
    # a man introduced after the last male speaker, whom coreference ties "he" to, speaks
    ("“The season was long,” said coach Dan Ruiz.\n\n"
     "I asked barber Robert Kalman, who owns a shop in Halifax, about the trend.\n\n"
     "“Beards are over,” he explains.", "Beards are over", "Robert Kalman"),
    # negative: the last speaker is named again after the newcomer, so he is still the one speaking
    ("“The season was long,” said coach Dan Ruiz.\n\n"
     "Ruiz hired barber Robert Kalman, who owns a shop in Halifax, and Ruiz liked him.\n\n"
     "“Beards are over,” he said.", "Beards are over", "Dan Ruiz"),
    # "the agency": the organisation named in its paragraph after the last organisation that spoke
    ("Harbour Ferries said fares would rise.\n\n"
     "The mayor cited a study by Tidewater Transit Authority. The agency said no such study exists.",
     "no such study exists", "Tidewater Transit Authority"),
    # negative: no organisation named in the paragraph, so the last one that spoke
    ("Harbour Ferries said fares would rise.\n\nThe mayor disagreed. The company said fares must rise.",
     "fares must rise", "Harbour Ferries"),
    # a name in apposition to an organisation noun is the organisation that speaks
    ("The aid group Hopewell said its director was safe.", "its director was safe", "Hopewell"),
    # negative: a person after a role noun stays the person
    ("The group's leader, Anna Berg, said the director was safe.", "the director was safe", "Anna Berg"),
])
def test_issue13_context_rules(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


@pytest.mark.parametrize("text, snippet, speaker", [
    # a letter: "I" is the writer named by the signature line after it
    ("Letters.\n\nI think the ferry should run all winter.\n\nKathryn Kates.\n\nNew York.",
     "the ferry should run", "Kathryn Kates"),
    # an opinion piece: "I" is the author the closing note names
    ("I grew up near the harbour. I know that the ferry matters to every family here.\n\n"
     "Charlotte Meehan is a playwright in Boston.", "the ferry matters", "Charlotte Meehan"),
    # negative: no signature and no closing note, so nobody to name
    ("I grew up near the harbour. I know that the ferry matters to every family here.\n\n"
     "The council meets on Monday.", "the ferry matters", "I"),
    # negative: a closing note about someone the piece already named is no author's note
    ("Mayor Ann Berg cut the ferry. I know that the ferry matters to every family here.\n\n"
     "Ann Berg is the mayor of Halifax.", "the ferry matters", "I"),
])
def test_first_person_writer(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


@pytest.mark.parametrize("text, snippet, speaker", [
    # "they": the group of people named in the sentence before (not the one reporter)
    ("A reporter interviewed former crew members on Monday. They said the host rated contestants by looks.",
     "rated contestants by looks", "former crew members"),
    # negative: the sentence before names no people, so "they" stays
    ("The shootings rose sharply in July. They said the city was safe.", "the city was safe", "They"),
])
def test_they(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


@pytest.mark.parametrize("text, snippet, speaker", [
    # a quantity of a group speaks for the group after "of"
    ("A handful of well-placed party insiders tell reporters they expect the chair to resign.",
     "expect the chair to resign", "well-placed party insiders"),
    ("Most of the protesters said the march would go on.", "the march would go on", "protesters"),
    # negative: "one of" names a single member, and a plain group is itself
    ("One of the senators said the plan is dead.", "the plan is dead", "One"),
    ("Senators said the plan is dead.", "the plan is dead", "Senators"),
])
def test_quantity_speaks_for_its_group(analyse, text, snippet, speaker):
    assert _speaker_of(analyse(text), snippet)[0] == speaker


def _with_ents(nlp, text: str, ents: list[tuple[str, int, str]]):
    """The parse of ``text`` with exactly these entities: (word, occurrence, label)."""
    doc = nlp(text)
    spans = []
    for word, occurrence, label in ents:
        at = -1
        for _ in range(occurrence + 1):
            at = text.index(word, at + 1)
        span = doc.char_span(at, at + len(word), label=label)
        spans.append(Span(doc, span.start, span.end, label=label))
    doc.set_ents(spans, default="outside")
    return doc


def _entity_named(entities, name):
    return next((e for e in entities if e.name == name), None)


@pytest.mark.parametrize("text, ents, name, kind, mentions", [
    # a one-word name tagged a place more often than a person is a place
    ("Ships left Sumatra. Ships reached Sumatra. Aid went to Sumatra.",
     [("Sumatra", 0, "PERSON"), ("Sumatra", 1, "GPE"), ("Sumatra", 2, "GPE")], "Sumatra", "place", 3),
    # negative: tagged a person at least as often, it stays a person
    ("Ruiz left Sumatra. Ruiz reached port. Ruiz rested.",
     [("Ruiz", 0, "PERSON"), ("Ruiz", 1, "PERSON"), ("Ruiz", 2, "GPE")], "Ruiz", "person", 3),
    # a one-word organisation name the NER missed once is still a mention of it
    ("Metrolinx ran the trains. Riders praised Metrolinx on Monday.",
     [("Metrolinx", 0, "ORG")], "Metrolinx", "organisation", 2),
    # negative: written otherwise (lower case) it is no mention
    ("Metrolinx ran the trains. Riders praised the metrolinx plan.",
     [("Metrolinx", 0, "ORG")], "Metrolinx", "organisation", 1),
    # a name tagged an organisation right after a person's role noun is a person
    ("Ruiz attorney Aitan Goelman said the firing was unfair.",
     [("Ruiz", 0, "PERSON"), ("Aitan Goelman", 0, "ORG")], "Aitan Goelman", "person", 1),
    # negative: without the role noun, the NER's organisation stays
    ("Aitan Goelman said the firing was unfair.", [("Aitan Goelman", 0, "ORG")], "Aitan Goelman", "organisation", 1),
    # negative: an organisation's last word keeps it an organisation after a role noun too
    ("The spokesman Harbour Group said nothing.", [("Harbour Group", 0, "ORG")], "Harbour Group", "organisation", 1),
    # an untagged proper noun with "a <role>" in apposition is a person
    ("Yuni, a resident of the village, heard the water coming.", [], "Yuni", "person", 1),
])
def test_entity_hygiene(nlp, text, ents, name, kind, mentions):
    doc = _with_ents(nlp, text, ents)
    entities, found = find_entities(doc)
    entity = _entity_named(entities, name)
    assert entity is not None and entity.type == kind
    assert sum(1 for m in found if m.entity_key == entity.key and m.kind == "name") == mentions


def test_untagged_apposition_needs_a_role(nlp):
    # negative: "a province" is no role, so the place is not made a person
    entities, _ = find_entities(_with_ents(nlp, "Lampung, a province of the island, was flooded.", []))
    assert _entity_named(entities, "Lampung") is None


@pytest.mark.parametrize("word, listed", [("he", True), ("they", True), ("which", True), ("those", True),
                                         ("the", False), ("ferry", False)])
def test_one_pronoun_list(word, listed):
    lexicon = load_entity_lexicon()
    assert (word in lexicon.all_pronouns) == listed
    assert set(lexicon.pronouns) <= lexicon.all_pronouns  # the gendered ones are a part of it
    assert "they" not in lexicon.pronouns  # coreference resolves only he/she forms
