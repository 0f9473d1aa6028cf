"""Word-level text normalisation shared by story features and statement links.

Outlets differ in quote marks, dashes, case and spacing; none of that makes two
versions of a statement different, so all comparisons go through these helpers.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

__all__ = ["content_terms", "fold_quotes", "shingles", "stable_hash", "words"]

_QUOTE_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
})
#: A word: letters/digits with inner apostrophes, hyphens or dots ("don't", "U.S.", "six-year").
_WORD = re.compile(r"[^\W_]+(?:['.\-][^\W_]+)*", re.UNICODE)


def fold_quotes(text: str) -> str:
    """Typographic quote marks and dashes folded to ASCII."""
    return text.translate(_QUOTE_MARKS)


def strip_accents(text: str) -> str:
    """"Pérez" → "Perez": outlets drop diacritics inconsistently."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased words with quote marks, punctuation and spacing removed."""
    return [w.replace(".", "") if w.count(".") and len(w) <= 6 else w
            for w in _WORD.findall(fold_quotes(strip_accents(text)).lower())]


def content_terms(text: str, stop_words: frozenset[str]) -> list[str]:
    """Words that carry topic: no stop words, numbers or one/two-letter tokens; possessives and plurals folded."""
    terms = []
    for word in words(text):
        word = word.removesuffix("'s")
        if len(word) < 3 or word in stop_words or not word[0].isalpha():
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.append(word)
    return terms


def shingles(tokens: list[str], n: int) -> set[str]:
    """Word n-grams (the whole sequence when shorter than ``n``)."""
    if len(tokens) <= n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def stable_hash(value: str) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted); two C-speed CRCs."""
    data = value.encode("utf-8")
    return ((zlib.crc32(data) & 0x7FFFFFFF) << 32) | zlib.crc32(data, 0x9E3779B9)
