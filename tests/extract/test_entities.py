"""In-article entities and mentions: names, titles, descriptors, groups, anonymous sources, speakers.

The short texts below are fictional, written for these tests. Seed checks read the shared articles
at test time (nothing is copied).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.extract.entities import find_entities, resolve_speaker, speaker_type
from newsprism.records import MENTION_KINDS, LocalEntity


def _analyse(nlp, text):
    doc = nlp(text)
    entities, mentions = find_entities(doc)
    return doc, entities, mentions


def _entity_of(entities, mentions, text, kind=None):
    """The entity of the first mention with this exact text (and kind), or None when unlinked/missing."""
    for mention in mentions:
        if mention.text == text and (kind is None or mention.kind == kind):
            return entities[mention.entity_key] if mention.entity_key is not None else None
    return None


def _people(entities):
    return sorted(e.name for e in entities if e.type == "person")


# -- names, titles, roles ------------------------------------------------------

@pytest.mark.parametrize("text, people, name, roles", [
    ("Senator Maria Lopez criticised the bill on Monday. Lopez said the vote was rushed.",
     ["Maria Lopez"], "Maria Lopez", ("Senator",)),
    ("Farid al-Haddad spoke first at the summit. Later, Al-Haddad added details about the deal.",
     ["Farid al-Haddad"], "Farid al-Haddad", ()),
    ("Foreign Minister Elena Varga said the talks failed.", ["Elena Varga"], "Elena Varga", ("Foreign Minister",)),
    ("Tomas Berg, the Finance Ministry spokesman, said taxes would rise.",
     ["Tomas Berg"], "Tomas Berg", ("Finance Ministry spokesman",)),
    ("Kremlin spokesman Dmitry Volkov said the strike was an accident.",
     ["Dmitry Volkov"], "Dmitry Volkov", ("Kremlin spokesman",)),
    # negative: same surname, different first names stay apart
    ("John Miller, the mayor, met Sarah Miller, a local teacher, on Friday. John Miller said the plan works.",
     ["John Miller", "Sarah Miller"], "John Miller", ("mayor",)),
])
def test_people_names_and_roles(nlp, text, people, name, roles):
    _, entities, _ = _analyse(nlp, text)
    assert _people(entities) == people
    entity = next(e for e in entities if e.name == name)
    assert entity.roles == roles
    assert not any(word in entity.name.split() for word in ("Senator", "Minister", "Mr.", "President"))


@pytest.mark.parametrize("text, mention, kind, expected", [
    ("Senator Maria Lopez criticised the bill. Lopez said the vote was rushed.", "Senator", "title", "Maria Lopez"),
    ("Senator Maria Lopez criticised the bill. Lopez said the vote was rushed.", "Lopez", "name", "Maria Lopez"),
    ("Kremlin spokesman Dmitry Volkov said the strike was an accident. Later, the Kremlin spokesman added "
     "that talks would continue.", "the Kremlin spokesman", "descriptor", "Dmitry Volkov"),
    ("Anna Kowalski said she would resign. Her office declined to comment.", "she", "pronoun", "Anna Kowalski"),
    ("Anna Kowalski said she would resign. Her office declined to comment.", "Her office", "group", "Anna Kowalski"),
    ("Mark Davis met Linda Park on Tuesday. She said the meeting went well.", "She", "pronoun", "Linda Park"),
    ("President Omar Haddad spoke in Paris on Monday. Reporters asked the president about the visit.",
     "the president", "descriptor", "Omar Haddad"),
    ("Inspectors attacked the Brightwater Front militants. Later the Brightwater Front group withdrew.",
     "the Brightwater Front group", "group", "Brightwater Front"),
    # a party or country in a descriptor excludes people of another one
    ("Republican nominee Tom Reed met Democratic nominee Jane Cole in Ohio. Reporters later asked the Democratic "
     "nominee about taxes.", "the Democratic nominee", "descriptor", "Jane Cole"),
    # "vice" keeps the vice president apart from the president
    ("President Dan Kirk met Vice President Al Moss on Monday. Reporters later asked the vice president about "
     "taxes.", "the vice president", "descriptor", "Al Moss"),
])
def test_mentions_link_to_entities(nlp, text, mention, kind, expected):
    _, entities, mentions = _analyse(nlp, text)
    entity = _entity_of(entities, mentions, mention, kind)
    assert entity is not None and entity.name == expected


def test_bare_surname_goes_to_main_bearer(nlp):
    """Negative case for recency: 'Novak' is Ted (mentioned more), not Heidi (mentioned last)."""
    _, entities, mentions = _analyse(nlp, "Ted Novak spoke on Monday. Novak said the vote was rushed. "
                                          "His wife, Heidi Novak, sat nearby. Later Novak added that he would appeal.")
    novaks = [entities[m.entity_key].name for m in mentions if m.text == "Novak"]
    assert novaks == ["Ted Novak", "Ted Novak"]
    assert _people(entities) == ["Heidi Novak", "Ted Novak"]


@pytest.mark.parametrize("text, mention, wrong", [
    ("“He is a liar,” Davis said.", "He", None),  # pronouns inside quotes belong to the quoted speaker
    ("The dictator was never named in the report.", "The dictator", None),  # nobody to refer to
    ("Mark Davis met Linda Park on Tuesday. He said the meeting went well.", "He", "Linda Park"),  # he ≠ Linda
])
def test_no_mention_or_no_wrong_link(nlp, text, mention, wrong):
    """Negative cases: the mention is not linked at all (wrong=None) or not linked to ``wrong``."""
    _, entities, mentions = _analyse(nlp, text)
    targets = {entities[m.entity_key].name for m in mentions if m.text == mention and m.entity_key is not None}
    if wrong is None:
        assert not targets
    else:
        assert wrong not in targets


@pytest.mark.parametrize("text, mention, type_", [
    ("A senior official said the plan was dead.", "A senior official", "anonymous"),
    ("Officials said talks would resume next week.", "Officials", "anonymous"),
    ("The Chilean government rejected the plan on Monday.", "The Chilean government", "organisation"),
])
def test_anonymous_sources_and_groups(nlp, text, mention, type_):
    _, entities, mentions = _analyse(nlp, text)
    entity = _entity_of(entities, mentions, mention)
    assert entity is not None and entity.type == type_


def test_records_are_consistent(nlp):
    doc, entities, mentions = _analyse(nlp, "Mark Davis met Linda Park on Tuesday. She said the meeting went well, "
                                            "and Davis agreed with her.")
    assert [e.key for e in entities] == list(range(len(entities)))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert mention.kind in MENTION_KINDS
        assert doc.text[mention.start:mention.end] == mention.text
        assert mention.entity_key is None or 0 <= mention.entity_key < len(entities)
    for entity in entities:
        assert all(alias for alias in entity.aliases)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "“", "he he he", "THE PRESIDENT SAID NOTHING",
                                  "« Il a dit » que le président viendrait.", "Mr. Mr. Dr. the the his his"])
def test_degenerate_texts(nlp, text):
    entities, mentions = find_entities(nlp(text))
    assert all(m.entity_key is None or m.entity_key < len(entities) for m in mentions)


_WORDS = st.sampled_from(["he", "she", "his", "said", "President", "Mr.", "Anna", "Novak", "the", "regime",
                          "“", "”", '"', ",", ".", "\n\n", "officials", "Kremlin", "spokesman", "al-Assad", "who"])


@settings(max_examples=30, deadline=None)
@given(words=st.lists(_WORDS, max_size=40))
def test_random_word_salad_never_crashes(nlp, words):
    doc = nlp(" ".join(words))
    entities, mentions = find_entities(doc)
    for mention in mentions:
        assert doc.text[mention.start:mention.end] == mention.text
        assert mention.entity_key is None or entities[mention.entity_key].key == mention.entity_key
    if mentions:
        first = mentions[0]
        resolve_speaker(doc, first.start, first.end, entities, mentions)


# -- speakers ------------------------------------------------------------------

@pytest.mark.parametrize("text, span, expected", [
    ("Kremlin spokesman Dmitry Volkov said the strike was an accident.", "Kremlin spokesman Dmitry Volkov",
     "Dmitry Volkov"),
    ("Kremlin spokesman Dmitry Volkov said the strike was an accident.", "Kremlin spokesman", "Dmitry Volkov"),
    ("Anna Kowalski spoke on Monday. “I will resign,” she said.", "she", "Anna Kowalski"),
    ("A senior official said the plan was dead.", "A senior official", "A senior official"),
    ("Tomas Berg, who chairs the committee, said taxes would rise.", "who", "Tomas Berg"),
    ("Police said the road would reopen.", "Police", "Police"),
    ("The weather was cold on Monday, the report said.", "the report", None),  # negative: no entity there
])
def test_resolve_speaker(nlp, text, span, expected):
    doc, entities, mentions = _analyse(nlp, text)
    start = text.index(span)
    entity = resolve_speaker(doc, start, start + len(span), entities, mentions)
    assert (entity.name if entity is not None else None) == expected


PERSON = LocalEntity(0, "Linda Park", "person")
ORG = LocalEntity(1, "Finance Ministry", "organisation")
PLACE = LocalEntity(2, "Chile", "place")
ANON = LocalEntity(3, "a source", "anonymous")


@pytest.mark.parametrize("entity, span_text, expected", [
    (PERSON, "she", "person"),
    (PERSON, "the Park campaign", "organisation"),
    (ORG, "the ministry", "organisation"),
    (PLACE, "Chile", "organisation"),
    (ANON, "a source", "anonymous"),
    (None, "a source close to the talks", "anonymous"),
    (None, "officials", "anonymous"),
    (None, "he", "person"),
    (None, "the weather", None),
    (None, "", None),
])
def test_speaker_type(entity, span_text, expected):
    assert speaker_type(entity, span_text) == expected


# -- seeds (read from ../shared at test time) ----------------------------------

@pytest.fixture(scope="module")
def seed_docs(nlp, seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    docs = nlp.pipe(f.read_text(encoding="utf-8") for f in files)
    return {f.name[:3]: (doc, *find_entities(doc)) for f, doc in zip(files, docs)}


@pytest.mark.parametrize("seed, mention, kind, expected", [
    ("003", "the dictator", "descriptor", "Bashar al-Assad"),
    ("000", "his regime", "group", "Assad"),
    ("000", "The President", "title", "Assad"),
    ("001", "his regime", "group", "Bashar Al-Assad"),
    ("001", "The Syrian leader", "descriptor", "Bashar Al-Assad"),
    ("002", "the Syrian leader", "descriptor", "Bashar Assad"),
    ("002", "Kremlin spokesman", "title", "Dmitry Peskov"),
    ("002", "Peskov", "name", "Dmitry Peskov"),
    ("002", "Turkish Deputy Prime Minister", "title", "Numan Kurtulmus"),
    ("002", "the new U.S. president", "descriptor", "Donald Trump"),  # not the Syrian president
    ("004", "the Syrian president", "descriptor", "Bashar al-Assad"),
])
def test_seed_mentions(seed_docs, seed, mention, kind, expected):
    _, entities, mentions = seed_docs[seed]
    entity = _entity_of(entities, mentions, mention, kind)
    assert entity is not None and entity.name == expected


def test_seed_roles_and_groups(seed_docs):
    doc, entities, mentions = seed_docs["002"]
    peskov = next(e for e in entities if e.name == "Dmitry Peskov")
    assert peskov.type == "person" and "Kremlin spokesman" in peskov.roles
    kurtulmus = next(e for e in entities if e.name == "Numan Kurtulmus")
    assert kurtulmus.roles == ("Turkish Deputy Prime Minister",)
    start = doc.text.index("Peskov said that Erdogan")
    assert resolve_speaker(doc, start, start + len("Peskov"), entities, mentions) is peskov
    _, _, mentions4 = seed_docs["004"]
    assert any(m.text == "the Takfiri group" and m.kind == "group" and m.entity_key is not None for m in mentions4)


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_seed_dictator_only_in_003(seed_docs, seed):
    _, _, mentions = seed_docs[seed]
    assert not any("dictator" in m.text.lower() for m in mentions)


def test_seed_assad_is_one_entity(seed_docs):
    for seed, (_, entities, _) in seed_docs.items():
        assads = [e for e in entities if e.type == "person" and "Assad" in e.name]
        assert len(assads) == 1, (seed, assads)


def test_blank_pipeline_doc_has_no_entities_and_no_error():
    import spacy

    doc = spacy.blank("en")("Minister Ana Vela said he would go. She left.")
    assert find_entities(doc) == ([], [])


@pytest.mark.parametrize("fields, org_votes, expected", [
    # a single name tagged ORG at least as often as PERSON, with nothing that marks a person: an organisation
    (dict(last="harbourco", salience=1), 2, "organisation"),
    (dict(last="harbourco", salience=2), 2, "organisation"),
    # negatives: a first name, fewer ORG tags, a gender, a role, a known first name as the single name
    (dict(last="tolland", first="mira", salience=1), 3, "person"),
    (dict(last="harbourco", salience=3), 2, "person"),
    (dict(last="harbourco", salience=1, gender="f"), 2, "person"),
    (dict(last="harbourco", salience=1, roles=["mayor"]), 2, "person"),
    (dict(last="chloe", salience=1), 2, "person"),
    (dict(last="harbourco", salience=1), 0, "person"),
])
def test_single_name_tagged_as_organisation(fields, org_votes, expected):
    from newsprism.extract.entities_lexicon import load_entity_lexicon
    from newsprism.extract.entities_names import _retype_organisation
    from newsprism.extract.entities_state import Cluster

    cluster = Cluster("person", **fields)
    _retype_organisation(cluster, org_votes, load_entity_lexicon())
    assert cluster.type == expected
