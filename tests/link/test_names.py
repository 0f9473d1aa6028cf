"""Name folding for cross-article entity resolution (fictional names)."""

import pytest

from newsprism.link.names import (
    display_name,
    first_names_compatible,
    looks_like_name,
    person_name,
)


@pytest.mark.parametrize("name, first, last", [
    ("Marta Olvena", "marta", "olvena"),
    ("President Marta Olvena", "marta", "olvena"),
    ("Valdorian President Marta al-Olvena", "marta", "olvena"),
    ("Marta Al-Olvena", "marta", "olvena"),
    ("Olvena", "", "olvena"),
    ("Olvena's", "", "olvena"),
    ("Mr. Olvena", "", "olvena"),
    ("José Pérez Jr.", "jose", "perez"),
    ("Former Secretary of State Ines Varga", "ines", "varga"),
])
def test_person_name(name, first, last):
    folded = person_name(name)
    assert (folded.first, folded.last) == (first, last)


@pytest.mark.parametrize("name", ["", "President", "the"])
def test_person_name_nothing_left(name):
    assert person_name(name) is None


@pytest.mark.parametrize("name, expected", [
    ("President Marta Al-Olvena", "Marta Al-Olvena"),
    ("Marta Olvena", "Marta Olvena"),
    ("Olvena", "Olvena"),
])
def test_display_name(name, expected):
    assert display_name(name) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("marta", "marta", True),
    ("", "marta", True),
    ("m", "marta", True),
    ("jon", "jonathan", True),
    ("marta", "pedro", False),
    ("p", "marta", False),
])
def test_first_names_compatible(a, b, expected):
    assert first_names_compatible(a, b) is expected


@pytest.mark.parametrize("name, expected", [
    ("Marta Olvena", True),
    ("the Syrian leader", False),
    ("the president", False),
    ("officials", False),
])
def test_looks_like_name(name, expected):
    assert looks_like_name(name) is expected


@pytest.mark.parametrize("name, expected", [
    ("U.N.", True), ("EU", True), ("NBC", True), ("U.S.", True),
    ("Juno Reyes", False), ("Reyes", False), ("Kim Jong Un", False), ("", False), ("A.B.C.D.E.F.G.", False),
])
def test_is_acronym(name, expected):
    from newsprism.link.names import is_acronym

    assert is_acronym(name) is expected


def test_acronym_alias_gives_no_person_key():
    from newsprism.link.entities import LocalRef, entity_keys

    ref = LocalRef(article_id="a", key=0, name="Kim Jong Un", type="person", aliases=["Kim Jong Un", "U.N."])
    keys, first, kind = entity_keys(ref)
    assert kind == "person" and first == "kim"
    assert keys == ["person:un", "person:un:kim"]
