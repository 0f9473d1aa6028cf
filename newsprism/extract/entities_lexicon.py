"""Word lists for in-article entities, read once from documented files under ``newsprism/data``.

Roles, collective labels, pronouns, first names and country words live in data files so that
editors can extend them without touching the rules in ``entities.py`` and ``coref.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from spacy.strings import get_string_id

from newsprism.data import read_tsv
from newsprism.errors import NewsprismError

__all__ = ["Role", "EntityLexicon", "load_entity_lexicon", "country_of"]


class LexiconFormatError(NewsprismError, ValueError):
    """A data file row has the wrong number of columns."""

    code = "NP-E203"


@dataclass(frozen=True, slots=True)
class Role:
    """One role word: its class (honorific, office, descriptor, anonymous, modifier), gender and rank."""

    word: str
    cls: str
    gender: str | None
    head_of_state: bool


def _ids(words) -> np.ndarray:
    """spaCy string ids of words in lower, Title and UPPER case (lemmas keep a proper noun's case)."""
    forms = {form for w in words for form in (w, w.capitalize(), w.upper())}
    return np.array(sorted(get_string_id(f) for f in forms), dtype=np.uint64)


@dataclass(frozen=True, eq=False)
class EntityLexicon:
    """Everything the entity rules look up, as plain dicts and sets (fast membership tests)."""

    roles: dict[str, Role]  # head words (honorific, office, descriptor, anonymous)
    modifiers: frozenset[str]  # words that only extend a title leftwards
    lower_rank: frozenset[str]  # modifiers that make a lesser office ("vice", "deputy")
    groups: dict[str, str]  # group head lemma -> class (state, group)
    pronouns: dict[str, str]  # pronoun -> gender
    first_names: dict[str, str]  # first name -> gender
    countries: dict[str, str]  # form -> country
    organisation_heads: frozenset[str] = frozenset()  # "company", "agency": nouns naming a kind of organisation
    all_pronouns: frozenset[str] = frozenset()  # every pronoun of pronouns.tsv (personal, relative, demonstrative)
    quantity_heads: frozenset[str] = frozenset()  # "handful", "majority": a quantity of the group after "of"

    @functools.cached_property
    def honorific_ids(self) -> np.ndarray:
        return _ids(w for w, r in self.roles.items() if r.cls == "honorific")

    @functools.cached_property
    def pronoun_ids(self) -> np.ndarray:
        return _ids(self.pronouns)

    @functools.cached_property
    def nominal_ids(self) -> np.ndarray:
        """Role and group words: the only nouns the nominal pass looks at."""
        return _ids(list(self.roles) + list(self.groups))


def _table(name: str, columns: int) -> list[list[str]]:
    """The data rows of a lexicon file, each exactly ``columns`` cells."""
    rows = []
    for row in read_tsv(name, error=LexiconFormatError):
        if len(row) != columns:
            raise LexiconFormatError(f"{row.where}: expected {columns} columns, got {len(row)}", value=row.where)
        rows.append(list(row.values))
    return rows


@functools.lru_cache(maxsize=1)
def load_entity_lexicon() -> EntityLexicon:
    """Read roles.tsv, groups.tsv, pronouns.tsv, first_names.tsv, demonyms.tsv and the head lists (once)."""
    roles: dict[str, Role] = {}
    modifiers: set[str] = set()
    lower_rank: set[str] = set()
    for word, cls, gender, rank in _table("roles.tsv", 4):
        if cls == "modifier":
            modifiers.add(word)
            if rank == "lower":
                lower_rank.add(word)
        else:
            roles.setdefault(word, Role(word, cls, None if gender == "-" else gender, rank == "head"))
    pronoun_rows = _table("pronouns.tsv", 4)
    countries: dict[str, str] = {}
    for country, forms in _table("demonyms.tsv", 2):
        countries[country] = country
        for form in forms.split(","):
            countries.setdefault(form.strip(), country)
    return EntityLexicon(
        roles=roles,
        modifiers=frozenset(modifiers),
        lower_rank=frozenset(lower_rank),
        groups={word: cls for word, cls in _table("groups.tsv", 2)},
        pronouns={word: gender for word, gender, _case, _kind in pronoun_rows if gender in ("m", "f")},
        all_pronouns=frozenset(word for word, *_ in pronoun_rows),
        organisation_heads=frozenset(word for word, in _table("organisation_heads.tsv", 1)),
        quantity_heads=frozenset(word for word, in _table("quantity_heads.tsv", 1)),
        first_names={name: gender for name, gender in _table("first_names.tsv", 2)},
        countries=countries,
    )


def country_of(text: str, lexicon: EntityLexicon) -> str | None:
    """The country a word or name stands for ('Syrian', 'U.S.', 'Kremlin'), if the lexicon knows it."""
    key = text.lower().replace(".", "").strip()
    if key.startswith("the "):
        key = key[4:]
    return lexicon.countries.get(key)
