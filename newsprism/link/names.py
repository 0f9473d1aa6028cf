"""Person and organisation names folded into comparable keys.

"President Bashar Al-Assad", "Bashar al-Assad" and "Bashar Assad" all become
first name "bashar", surname "assad": titles (from ``data/roles.tsv``), particles
and suffixes (``data/name_particles.tsv``), case and diacritics do not tell
people apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsprism.data import read_tsv
from newsprism.link.text import fold_quotes, strip_accents

__all__ = ["PersonName", "display_name", "first_names_compatible", "looks_like_name", "org_key", "person_name"]

_TOKEN = re.compile(r"[^\W\d_]+\.?", re.UNICODE)


@dataclass(frozen=True)
class PersonName:
    """A person's name reduced to what identifies them: first name (may be empty) and surname."""

    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}".strip()


def _tsv(name: str) -> list[tuple[str, ...]]:
    return [row.values for row in read_tsv(name)]


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Honorifics, offices and their modifiers: never part of a name."""
    return frozenset(row[0].rstrip(".") for row in _tsv("roles.tsv")
                     if len(row) > 1 and row[1] in ("honorific", "office", "modifier"))


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    forms = set()
    for row in _tsv("demonyms.tsv"):
        forms.add(row[0])
        if len(row) > 1:
            forms.update(f.strip() for f in row[1].split(","))
    return frozenset(f for f in forms if " " not in f)


def _after_titles(tokens: list[str], key=lambda t: t) -> list[str]:
    """Drop everything up to the last title word when a name follows it ("Syrian President Bashar al-Assad")."""
    titles = title_words()
    last = max((i for i, t in enumerate(tokens) if key(t) in titles), default=-1)
    return tokens[last + 1:] if 0 <= last < len(tokens) - 1 else tokens


@lru_cache(maxsize=1)
def _particles() -> dict[str, str]:
    return {row[0]: row[1] for row in _tsv("name_particles.tsv") if len(row) > 1}


def _tokens(name: str) -> list[str]:
    text = strip_accents(fold_quotes(name)).replace("'s ", " ")
    text = re.sub(r"'s$", "", text.strip())
    return [t.rstrip(".").lower() for t in _TOKEN.findall(text.replace("-", " "))]


@lru_cache(maxsize=65536)
def person_name(name: str) -> PersonName | None:
    """First name and surname of a person's name, or None when nothing name-like is left."""
    tokens = _tokens(name)
    titles, particles = title_words(), _particles()
    tokens = _after_titles(tokens)
    while tokens and (tokens[0] in titles or particles.get(tokens[0]) == "article"):
        tokens.pop(0)
    tokens = [t for t in tokens if particles.get(t) not in ("particle", "suffix", "article")]
    if not tokens:
        return None
    if len(tokens) == 1:
        return PersonName("", tokens[0])
    return PersonName(tokens[0], tokens[-1])


def org_key(name: str) -> str | None:
    """An organisation's name as a key: lower case, no diacritics, no leading "the"."""
    tokens = _tokens(name)
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens) or None


def display_name(name: str) -> str:
    """A name without leading titles, as written ("President Bashar Al-Assad" → "Bashar Al-Assad")."""
    parts = _after_titles(name.split(), key=lambda t: t.rstrip(".").lower())
    titles = title_words()
    while len(parts) > 1 and parts[0].rstrip(".").lower() in titles:
        parts.pop(0)
    if len(parts) > 1 and parts[0].lower() == "the":
        parts.pop(0)
    return " ".join(parts)


def first_names_compatible(a: str, b: str) -> bool:
    """Same person possible: a side unknown, equal, an initial of the other, or one a short form of the other."""
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    return title_words() | _demonyms() | {"the"}


@lru_cache(maxsize=65536)
def looks_like_name(name: str) -> bool:
    """At least one capitalised word that is not a title: "the Syrian leader" is not a name."""
    skip = _not_name_words()
    return any(word[:1].isupper() and word.rstrip(".").lower() not in skip
               for word in fold_quotes(name).replace("-", " ").split())


@lru_cache(maxsize=65536)
def is_acronym(name: str) -> bool:
    """An acronym or initials only ("U.N.", "EU", "NBC"): never a person's name, never a surname key."""
    letters = name.replace(".", "").replace(" ", "").replace("’", "").replace("'", "")
    return bool(letters) and letters.isalpha() and letters.isupper() and len(letters) <= 6
