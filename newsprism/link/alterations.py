"""What an alteration changed: two versions of one quote, aligned, diffed verbatim and classified.

Pure functions over text; nothing here reads the store.

1. **Verbatim tokens.** Words, punctuation, ``[sic]`` and ellipses are tokens;
   case and punctuation are kept for the diff shown to the reader.
2. **Sentences first.** Words are aligned on their folded form (case, quote
   marks and apostrophes ignored); a run of words one side lacks that is one or
   more whole sentences of that side is a longer or shorter *excerpt*, not an
   alteration.
3. **Classes** of what is left, the first that applies:

   * ``meaning`` — a negation flipped ("will"/"will not", "never", "nobody"), a
     number changed, a named entity replaced by another, or a modal changed
     ("may" → "will", "possible" → "certain"); words dropped that carry one of
     those count too;
   * ``substituted`` — words replaced or added (synonyms, a bracketed
     clarification, "we" → "they");
   * ``trimmed`` — words dropped inside a sentence without an ellipsis;
   * ``cosmetic`` — only punctuation, case, ``[sic]``, quote marks, or words
     dropped where the reporter put an ellipsis;
   * ``excerpt`` — whole sentences left out or added, nothing else;
   * ``identical``.

Word lists (negations, modals, number words) live in ``data/alteration_words.tsv``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from newsprism.data import read_tsv
from newsprism.errors import NewsprismError
from newsprism.link.text import fold_quotes, strip_accents

__all__ = ["ALTERATION_CLASSES", "Alteration", "AlterationWordsError", "classify_alteration", "quoted_text",
           "tokens", "verbatim_diff"]

#: Classes from the most to the least serious (an alteration's class is the first that applies).
ALTERATION_CLASSES = ("meaning", "substituted", "trimmed", "cosmetic", "excerpt", "identical")
WORDS_FILE = "alteration_words.tsv"

_TOKEN = re.compile(r"\[sic\]|\.\.\.|…|[^\W_]+(?:['’.\-][^\W_]+)*['’]?|[^\w\s]", re.IGNORECASE | re.UNICODE)
#: Between two quoted pieces that are separate sentences (never shown; a sentence end for alignment).
PIECE_BREAK = "\ue000"
_SENTENCE_END = frozenset({".", "!", "?", PIECE_BREAK})
_ELLIPSIS = frozenset({"...", "…"})
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}”’»…") | {"...", "'s", "’s"}
_NO_SPACE_AFTER = frozenset("([{“‘«")
_DIGIT = re.compile(r"\d")


class AlterationWordsError(NewsprismError, ValueError):
    """The alteration word list is malformed."""

    code = "NP-E207"


@dataclass(frozen=True)
class Alteration:
    """The class of a difference between two versions of a quote, why, and the verbatim diff."""

    cls: str
    reasons: tuple[str, ...]
    diff: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    """kind → words: negation, modal, number (and ``modal_phrase`` entries "going to=will")."""
    kinds: dict[str, set[str]] = {}
    for row in read_tsv(WORDS_FILE, error=AlterationWordsError):
        word, kind = row["word"].lower(), row["kind"]
        if not word or kind not in {"negation", "modal", "number", "modal_phrase"}:
            raise AlterationWordsError(f"{row.where}: bad word or kind {kind!r}", value=row.where)
        kinds.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


def quoted_text(statement: Mapping) -> str:
    """The words a statement puts in quotation marks (its text when none are recorded)."""
    text, start = statement.get("text") or "", statement.get("start") or 0
    pieces = [text[max(a - start, 0):max(b - start, 0)] for a, b in statement.get("quoted") or []]
    pieces = [p.strip() for p in pieces if p.strip()]
    if not pieces:
        return text
    joined = pieces[0]
    for piece in pieces[1:]:  # a piece opening with a capital starts a new sentence ("…government," Assad said. "We …")
        joined += f" {PIECE_BREAK} " if piece[:1].isupper() else " "
        joined += piece
    return joined


def tokens(text: str) -> list[str]:
    """Verbatim tokens: words (case kept), punctuation, ``[sic]``, ellipses."""
    return _TOKEN.findall(text)


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if out and part not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += part
    return out


def verbatim_diff(a: str, b: str) -> tuple[tuple[str, str], ...]:
    """Token diff from ``a`` to ``b`` with punctuation and case kept: ("=", …), ("-", only in a), ("+", only in b)."""
    ta, tb = [t for t in tokens(a) if t != PIECE_BREAK], [t for t in tokens(b) if t != PIECE_BREAK]
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", _join(ta[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", _join(ta[i1:i2])))
        if j2 > j1:
            ops.append(("+", _join(tb[j1:j2])))
    return tuple(ops)


class _Word(NamedTuple):
    key: str          # folded: lower case, no accents, apostrophes and quote marks dropped
    text: str         # as written
    index: int        # position in the token list
    starts: bool      # first word of a sentence
    ends: bool        # last word of a sentence


def _is_word(token: str) -> bool:
    return token.lower() != "[sic]" and token not in _ELLIPSIS and any(c.isalnum() for c in token)


_SMALL_NUMBERS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_CONTRACTION = re.compile(r"^(.*?)n['’]t$", re.IGNORECASE)
_IRREGULAR = {"wo": "will", "ca": "can", "sha": "shall"}


@functools.lru_cache(maxsize=65536)
def _keys(token: str) -> tuple[str, ...]:
    """Folded keys of a word: case, accents, quote marks and apostrophes dropped; "didn't" → did + not,
    "cannot" → can + not; "three" → 3; "an" → a (its form follows the next word)."""
    lowered = strip_accents(fold_quotes(token)).lower()
    contracted = _CONTRACTION.match(lowered)
    if contracted and contracted.group(1):
        stem = contracted.group(1)
        return _IRREGULAR.get(stem, stem), "not"
    if lowered == "cannot":
        return "can", "not"
    key = lowered.replace("'", "")
    return (_SMALL_NUMBERS.get(key, "a" if key == "an" else key),)


def _words(toks: list[str]) -> list[_Word]:
    """The words of a token list with their folded keys and sentence boundaries (one pass)."""
    found: list[list] = []  # key, text, index, starts, ends
    new_sentence = True
    for i, token in enumerate(toks):
        if token in _SENTENCE_END:
            new_sentence = True
            if found:
                found[-1][4] = True
            continue
        if not _is_word(token):
            continue
        keys = _keys(token)
        for k, key in enumerate(keys):
            found.append([key, token, i, new_sentence and k == 0, False])
        new_sentence = False
    if found:
        found[-1][4] = True
    return [_Word(*row) for row in found]


def _modals(words: list[_Word]) -> list[str]:
    """Modal words of a run, with "going to" read as "will", "have to" as "must" (``modal_phrase``)."""
    lex = _lexicon()
    keys = [w.key for w in words]
    phrases = {}
    for entry in lex.get("modal_phrase", ()):
        phrase, _, modal = entry.partition("=")
        phrases[tuple(phrase.split())] = modal
    found, i = [], 0
    while i < len(keys):
        for phrase, modal in phrases.items():
            if tuple(keys[i:i + len(phrase)]) == phrase:
                found.append(modal)
                i += len(phrase)
                break
        else:
            if keys[i] in lex["modal"]:
                found.append(keys[i])
            i += 1
    return sorted(found)


def _negations(words: list[_Word]) -> int:
    lex = _lexicon()["negation"]
    return sum(1 for w in words if w.key in lex)


def _numbers(words: list[_Word]) -> list[str]:
    lex = _lexicon()["number"]
    return sorted(w.key for w in words if _DIGIT.search(w.key) or w.key in lex)


def _names(words: list[_Word]) -> list[str]:
    """Capitalised words that do not open a sentence: names, days, months."""
    return sorted(w.key for w in words if w.text[:1].isupper() and not w.starts and w.key not in _lexicon()["modal"])


def _same_names(a: list[str], b: list[str]) -> bool:
    """Names that differ only in their ending are one name ("Syria" / "Syrian", "Kremlin" / "Kremlin's")."""
    def stem(name: str) -> str:
        return name[:5] if len(name) >= 5 else name
    return sorted(map(stem, a)) == sorted(map(stem, b))


def _meaning_reasons(gone: list[_Word], added: list[_Word]) -> list[str]:
    reasons = []
    if _negations(gone) != _negations(added):
        reasons.append("negation")
    if _numbers(gone) != _numbers(added):
        reasons.append("number")
    if _modals(gone) != _modals(added):
        reasons.append("modal")
    names_gone, names_added = _names(gone), _names(added)
    if names_gone and names_added and not _same_names(names_gone, names_added):
        reasons.append("named entity")
    return reasons


def _whole_sentences(words: list[_Word], i1: int, i2: int) -> bool:
    return i2 > i1 and words[i1].starts and words[i2 - 1].ends


def _whole_sentences_shifted(words: list[_Word], i1: int, i2: int) -> bool:
    """Whole sentences, allowing for the aligner's choice among equal runs: a gap [i1, i2) can slide
    while the word leaving it equals the word entering it ("ready. The army is ready. The" …)."""
    if _whole_sentences(words, i1, i2):
        return True
    a, b = i1, i2
    while a > 0 and words[a - 1].key == words[b - 1].key:
        a, b = a - 1, b - 1
        if _whole_sentences(words, a, b):
            return True
    a, b = i1, i2
    while b < len(words) and words[a].key == words[b].key:
        a, b = a + 1, b + 1
        if _whole_sentences(words, a, b):
            return True
    return False


def _ellipsis_near(toks_b: list[str], wa: list[_Word], wb: list[_Word], i1: int, i2: int, j: int) -> bool:
    """An ellipsis where the words [i1, i2) of the original were cut, at any position the cut could slide to."""
    if _ellipsis_at(toks_b, wb, j):
        return True
    a, b, k = i1, i2, j
    while a > 0 and k > 0 and wa[a - 1].key == wa[b - 1].key:
        a, b, k = a - 1, b - 1, k - 1
        if _ellipsis_at(toks_b, wb, k):
            return True
    a, b, k = i1, i2, j
    while b < len(wa) and k < len(wb) and wa[a].key == wa[b].key:
        a, b, k = a + 1, b + 1, k + 1
        if _ellipsis_at(toks_b, wb, k):
            return True
    return False


def _ellipsis_at(toks: list[str], words: list[_Word], j: int) -> bool:
    """True when the reporter's text has an ellipsis where words were cut (between words j-1 and j)."""
    lo = words[j - 1].index + 1 if j > 0 else 0
    hi = words[j].index if j < len(words) else len(toks)
    return any(t in _ELLIPSIS for t in toks[lo:hi])


def classify_alteration(original: str, reported: str) -> Alteration:
    """The class of the difference between an original quote and a reported version of it."""
    ta, tb = tokens(original), tokens(reported)
    wa, wb = _words(ta), _words(tb)
    diff = verbatim_diff(original, reported)
    matcher = SequenceMatcher(None, [w.key for w in wa], [w.key for w in wb], autojunk=False)
    classes: set[str] = set()
    reasons: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        gone, added = wa[i1:i2], wb[j1:j2]
        if tag == "delete" and _whole_sentences_shifted(wa, i1, i2) \
                or tag == "insert" and _whole_sentences_shifted(wb, j1, j2):
            classes.add("excerpt")
            continue
        meaning = _meaning_reasons(gone, added)
        if meaning:
            classes.add("meaning")
            reasons.extend(f"{r}: {_join([w.text for w in gone]) or '∅'} → {_join([w.text for w in added]) or '∅'}"
                           for r in meaning)
        elif tag == "delete":
            classes.add("cosmetic" if _ellipsis_near(tb, wa, wb, i1, i2, j1) else "trimmed")
        else:
            classes.add("substituted")
    if not classes and [t for t in ta if t != PIECE_BREAK] != [t for t in tb if t != PIECE_BREAK]:
        classes.add("cosmetic")
    cls = next((c for c in ALTERATION_CLASSES if c in classes), "identical")
    return Alteration(cls, tuple(dict.fromkeys(reasons)), diff)
