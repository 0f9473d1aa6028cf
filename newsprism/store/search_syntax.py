"""What a user types into the search box, turned into a safe FTS5 query.

Syntax (explained on the search page, ``SYNTAX_HELP``):

- ``bridge fine``: both words (AND); each word also finds its plural and common
  inflections (``terrorist`` finds ``terrorists``, ``cities`` finds ``city``);
- ``"bridge fine"``: the exact phrase, word for word;
- ``terror*``: any word starting with ``terror`` (at least two letters before ``*``);
- ``bridge OR tunnel``: either (OR binds tighter than the implied AND);
- ``-toll`` or ``NOT toll``: leave out what contains it.

Every word reaches SQLite inside double quotes, so no FTS5 operator, column
filter or bad syntax typed by the user can raise an error or widen the search:
what cannot be read is reported as a :class:`SearchSyntaxError` saying why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsprism.errors import NewsprismError

__all__ = ["SYNTAX_HELP", "ParsedSearch", "SearchSyntaxError", "fold", "parse_search", "stem", "word_forms"]

SYNTAX_HELP = (
    ("bridge fine", "statements with both words; plurals and -ed/-ing forms count (terrorist finds terrorists)"),
    ('"bridge fine"', "the exact phrase"),
    ("terror*", "words starting with terror (terrorist, terrorism…)"),
    ("bridge OR tunnel", "either word"),
    ("bridge -toll", "leave out statements with toll (NOT toll works too)"),
)

#: At most this many terms in one search (each word expands to a few forms).
MAX_TERMS = 16

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchSyntaxError(NewsprismError, ValueError):
    """The search text cannot be read; the message says why, in the user's terms."""

    code = "NP-E305"


@dataclass(frozen=True)
class ParsedSearch:
    """An FTS5 MATCH expression and how to recognise matched words in a snippet."""

    match: str
    words: frozenset[str]       # folded word forms to highlight
    prefixes: tuple[str, ...]   # folded prefixes to highlight (from ``word*``)

    def hits(self, token: str) -> bool:
        folded = fold(token)
        return folded in self.words or (bool(self.prefixes) and folded.startswith(self.prefixes))


def fold(word: str) -> str:
    """A word as FTS5's unicode61 tokenizer compares it: case and diacritics folded."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_VOWELS = set("aeiou")


def _short_cvc(stem: str) -> bool:
    """consonant-vowel-consonant ending in a one-syllable stem (hop, stop): doubles before -ed/-ing."""
    return (len(stem) >= 3 and stem[-1] not in _VOWELS | {"w", "x", "y"} and stem[-2] in _VOWELS
            and stem[-3] not in _VOWELS and sum(ch in _VOWELS for ch in stem) == 1)


def stem(word: str) -> str:
    """The base form of a folded English word (Porter's step 1, lightly): cities → city, hoping → hope."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if not word.endswith(suffix) or len(base) < 2 or not any(ch in _VOWELS | {"y"} for ch in base):
            continue
        if suffix == "ed" and base.endswith("i") and len(base) > 2:
            return base[:-1] + "y"
        if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in _VOWELS | {"l", "s", "z"}:
            return base[:-1]
        if base.endswith(("at", "bl", "iz")) or _short_cvc(base) and len(base) <= 3:
            return base + "e"
        return base
    return word


def word_forms(word: str) -> set[str]:
    """The folded word, its stem and the stem's regular inflections: what one typed word finds."""
    word = fold(word)
    base = stem(word)
    forms = {word, base}
    if len(base) < 3 or not base.isalpha():
        return forms
    if base.endswith("y") and base[-2] not in _VOWELS:
        forms.update({base[:-1] + "ies", base[:-1] + "ied", base + "ing"})
    elif base.endswith("e"):
        forms.update({base + "s", base + "d", base[:-1] + "ing"})
    else:
        forms.update({base + "s", base + "ed", base + "ing"})
        if base.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(base + "es")
        if _short_cvc(base):
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return forms


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def _term(phrase: str | None, word: str) -> tuple[str, set[str], str | None]:
    """One term as FTS5 text, its highlight words and its prefix (if any)."""
    if phrase is not None:
        words = _WORD.findall(phrase)
        if not words:
            raise SearchSyntaxError("an empty phrase \"\": put words between the double quotes")
        return _quoted(" ".join(words)), {fold(w) for w in words}, None
    if word.endswith("*"):
        stem = word.rstrip("*")
        words = _WORD.findall(stem)
        if len(words) != 1 or words[0] != stem:
            raise SearchSyntaxError(f"{word!r}: a * goes right after the start of one word, as in terror*")
        if len(stem) < 2:
            raise SearchSyntaxError(f"{word!r}: give at least two letters before the *")
        return _quoted(stem) + " *", set(), fold(stem)
    words = _WORD.findall(word)
    if not words:
        return "", set(), None
    if len(words) > 1:  # "U.S." or "well-known": the words next to each other
        return _quoted(" ".join(words)), {fold(w) for w in words}, None
    forms = sorted(word_forms(words[0]))
    if len(forms) == 1:
        return _quoted(forms[0]), set(forms), None
    return "(" + " OR ".join(_quoted(f) for f in forms) + ")", set(forms), None


def parse_search(text: str) -> ParsedSearch | None:
    """The FTS5 query for ``text``, or None when it holds no word; SearchSyntaxError when unreadable."""
    if text.count('"') % 2:
        raise SearchSyntaxError('a double quote is not closed: phrases go between two " marks')
    groups: list[list[str]] = []     # AND of ORs
    excluded: list[str] = []
    words: set[str] = set()
    prefixes: list[str] = []
    pending_or = negate_next = False
    n_terms = 0
    for negated, phrase, bare in _TOKEN.findall(text):
        if bare == "OR":
            if not groups or pending_or or negate_next:
                raise SearchSyntaxError("OR needs a word on each side, as in bridge OR tunnel")
            pending_or = True
            continue
        if bare in ("NOT", "AND"):
            if bare == "NOT":
                negate_next = True
            continue
        if bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        fts, highlight, prefix = _term(phrase if not bare else None, bare)
        if not fts:
            continue
        n_terms += 1
        if n_terms > MAX_TERMS:
            raise SearchSyntaxError(f"too many words: at most {MAX_TERMS} in one search")
        if negated or negate_next:
            if pending_or:
                raise SearchSyntaxError("OR cannot join a left-out word (-word or NOT word)")
            excluded.append(fts)
            negate_next = False
            continue
        words |= highlight
        if prefix:
            prefixes.append(prefix)
        if pending_or:
            groups[-1].append(fts)
            pending_or = False
        else:
            groups.append([fts])
    if pending_or:
        raise SearchSyntaxError("OR needs a word on each side, as in bridge OR tunnel")
    if negate_next:
        raise SearchSyntaxError("NOT needs a word after it, as in bridge NOT toll")
    if not groups:
        if excluded:
            raise SearchSyntaxError("only left-out words: say what to look for too, as in bridge -toll")
        return None
    match = " AND ".join("(" + " OR ".join(group) + ")" if len(group) > 1 else group[0] for group in groups)
    if excluded:
        match = f"({match}) NOT ({' OR '.join(excluded)})"
    return ParsedSearch(match=match, words=frozenset(words), prefixes=tuple(prefixes))
