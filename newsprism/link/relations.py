"""How two versions of a statement relate: identical, excerpt, altered or paraphrase, with a word diff.

Pure functions over word lists; ``links.py`` decides which pairs to compare.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from newsprism.link.text import fold_quotes, strip_accents

__all__ = ["Relation", "paraphrase_overlap", "surface_words", "text_relation", "word_diff"]

_SURFACE = re.compile(r"[^\W_]+(?:['.\-][^\W_]+)*", re.UNICODE)

#: Fewest words a shorter version must have to be linked at all ("we agree" links nothing).
MIN_WORDS = 4
#: Fewest words an altered version must keep word for word.
MIN_ALTERED_MATCH = 5
#: Longest run of shared words that makes two partly overlapping quotes excerpts of one statement.
MIN_SHARED_RUN = 8
#: "Altered": the shorter version's words mostly matched (this share) ...
ALTERED_MATCH_SHARE = 0.75
#: ... with at most this share of its length changed (at least ALTERED_MIN_CHANGES words allowed).
ALTERED_CHANGE_SHARE = 0.3
ALTERED_MIN_CHANGES = 3


class Relation(NamedTuple):
    relation: str
    diff: tuple[tuple[str, str], ...]


def surface_words(text: str) -> list[str]:
    """Words as written (case kept, quote marks and punctuation dropped)."""
    return _SURFACE.findall(fold_quotes(text))


def _key(words: list[str]) -> list[str]:
    return [strip_accents(w).lower().replace(".", "") for w in words]


def word_diff(a: list[str], b: list[str]) -> tuple[tuple[str, str], ...]:
    """Word-level diff from ``a`` to ``b``: ("=", words in both), ("-", only in a), ("+", only in b)."""
    ops: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, _key(a), _key(b), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return tuple(ops)


def _contains(long_: list[str], short: list[str]) -> bool:
    n = len(short)
    first = short[0]
    return any(long_[i] == first and long_[i:i + n] == short for i in range(len(long_) - n + 1))


def text_relation(a: list[str], b: list[str], *, min_words: int = MIN_WORDS) -> Relation | None:
    """identical, excerpt or altered when ``a`` and ``b`` (surface words) are versions of one quote; else None.

    ``altered``: the shorter side is matched word for word except a few words
    changed, added or dropped inside the stretch it covers in the longer one
    ("fight with the terrorists" / "fight the terrorists"); it may also be an
    excerpt of the longer one. Two quotes that share a long run of words but
    each go on differently are both excerpts of one statement.
    """
    ka, kb = _key(a), _key(b)
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if len(short) < min_words:
        return None
    if ka == kb:
        return Relation("identical", (("=", " ".join(a)),))
    if _contains(long_, short):
        return Relation("excerpt", word_diff(a, b))
    matcher = SequenceMatcher(None, short, long_, autojunk=False)
    blocks = [blk for blk in matcher.get_matching_blocks() if blk.size]
    if not blocks:
        return None
    matched = sum(blk.size for blk in blocks)
    window = blocks[-1].b + blocks[-1].size - blocks[0].b
    unmatched_short = len(short) - matched
    inserted = window - matched
    changes = unmatched_short + inserted
    if (matched >= MIN_ALTERED_MATCH and matched / len(short) >= ALTERED_MATCH_SHARE
            and changes <= max(ALTERED_MIN_CHANGES, round(ALTERED_CHANGE_SHARE * len(short)))):
        return Relation("altered", word_diff(a, b))
    if max(blk.size for blk in blocks) >= MIN_SHARED_RUN:
        return Relation("excerpt", word_diff(a, b))
    return None


def paraphrase_overlap(a_terms: set[str], b_terms: set[str]) -> float:
    """Share of the smaller side's content terms found in the other (0 when too few to judge)."""
    small = min(len(a_terms), len(b_terms))
    shared = len(a_terms & b_terms)
    return shared / small if small and shared >= 4 else 0.0
