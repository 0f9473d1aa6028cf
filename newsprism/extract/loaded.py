"""Loaded language: evaluative, emotive and distancing wording.

A lexicon (``data/loaded_terms.tsv``, written by hand, plus
``data/loaded_terms_basil.tsv``, learned from BASIL) and three rules:

* phrases are matched before single words, longest first ("what are said to be");
* an intensifier is marked together with the adjective, adverb or verb right
  after it ("deeply troubling");
* scare quotes are the statements of kind ``term`` found by the statements
  extractor, passed in as ``statements`` (category ``scare_quote``), except
  quoted names ("First Coastal Division": capitalised words outside a
  title-case headline, or named-entity words);
* words inside quotation marks are marked too (BASIL annotates loaded words
  in quotes as well); ``include_quoted=False`` leaves them out.

Words inside names (people, organisations, places, laws, titles of works) are
not marked: "Liberty" in "Liberty University" is not loaded wording.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsprism.data import read_tsv, word_list
from newsprism.errors import NewsprismError
from newsprism.records import LoadedSpan, Statement

__all__ = ["Lexicon", "LexiconError", "find_loaded", "is_quoted_name", "lexicon_matches", "load_lexicon", "looks_like_name",
           "quoted_regions", "CATEGORIES"]

#: Categories a span may carry (``learned`` = from BASIL; ``scare_quote`` = from statements).
CATEGORIES = ("distancing", "hedge", "assertive", "intensifier", "emotive", "pejorative", "evaluative", "learned",
              "scare_quote")

HAND_FILE = "loaded_terms.tsv"
LEARNED_FILE = "loaded_terms_basil.tsv"

#: Entity types whose words are names, not wording.
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
#: Parts of speech an intensifier must precede to be marked.
_INTENSIFIABLE = frozenset({"ADJ", "ADV", "VERB"})
_PIECES = re.compile(r"\w+|[^\w\s]")
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")
#: Words that stay lower case inside a name ("Bank of England", "Party for Freedom").
_NAME_GLUE = word_list("name_glue")


class LexiconError(NewsprismError, ValueError):
    """A loaded-terms file is malformed."""

    code = "NP-E201"


@dataclass(frozen=True)
class Lexicon:
    """Single words (by text or lemma) and phrases (token sequences), each with a category."""

    words: Mapping[str, str]
    phrases: Mapping[tuple[str, ...], str]

    @functools.cached_property
    def _by_first(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for pieces, category in sorted(self.phrases.items(), key=lambda kv: -len(kv[0])):
            index.setdefault(pieces[0], []).append((pieces, category))
        return index

    def with_terms(self, terms: Iterable[str], *, category: str) -> Lexicon:
        """A copy with more terms; terms already present keep their category."""
        words, phrases = dict(self.words), dict(self.phrases)
        for term in terms:
            _add(words, phrases, term, category)
        return Lexicon(words, phrases)

    def without(self, keys: Iterable[str]) -> Lexicon:
        """A copy without some terms (keys as :func:`lexicon_matches` reports them)."""
        keys = set(keys)
        return Lexicon({w: c for w, c in self.words.items() if w not in keys},
                       {p: c for p, c in self.phrases.items() if " ".join(p) not in keys})

    def category_of(self, key: str) -> str | None:
        """Category of a term key (a word, or a phrase with its pieces joined by spaces)."""
        return self.words.get(key) or self.phrases.get(tuple(key.split(" ")))

    def word_key(self, token: Token) -> str | None:
        """The entry a single token matches: its lower-cased text, else its lemma."""
        if token.lower_ in self.words:
            return token.lower_
        lemma = token.lemma_.lower()
        return lemma if lemma in self.words else None

    def phrase_at(self, doc: Doc, i: int) -> tuple[int, str] | None:
        """(end token index, category) of the longest phrase starting at token ``i``."""
        for pieces, category in self._by_first.get(doc[i].lower_, ()):
            end = i + len(pieces)
            if end <= len(doc) and all(doc[i + k].lower_ == p for k, p in enumerate(pieces)):
                return end, category
        return None

    def word_category(self, token: Token) -> str | None:
        key = self.word_key(token)
        return self.words[key] if key is not None else None


def _add(words: dict, phrases: dict, term: str, category: str) -> None:
    pieces = tuple(_PIECES.findall(term.lower()))
    if not pieces:
        return
    if len(pieces) == 1:
        words.setdefault(pieces[0], category)
    else:
        phrases.setdefault(pieces, category)


def _read_terms(name: str) -> Iterator[tuple[str, str]]:
    for row in read_tsv(name, error=LexiconError, missing_ok=True):
        term, category = row["term"], row["category"]
        if not term or (category not in CATEGORIES and category != "drop"):
            raise LexiconError(f"{row.where}: bad term or category {category!r}", value=row.where)
        yield term, category


@functools.lru_cache(maxsize=4)
def load_lexicon(*, learned: bool = True) -> Lexicon:
    """The packaged lexicon: hand-written terms, with the BASIL-learned changes unless ``learned=False``.

    The learned file adds words (category ``learned``) and drops hand terms
    that BASIL's annotators almost never marked (category ``drop``).
    """
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for term, category in _read_terms(HAND_FILE):
        _add(words, phrases, term, category)
    lexicon = Lexicon(words, phrases)
    if not learned:
        return lexicon
    rows = list(_read_terms(LEARNED_FILE))
    dropped = {term for term, category in rows if category == "drop"}
    return lexicon.without(dropped).with_terms((t for t, c in rows if c != "drop"), category="learned")


def looks_like_name(text: str) -> bool:
    """True when quoted words read as a name ("First Coastal Division"), not as distancing wording.

    Two or more words, every one capitalised except short glue words. A scare
    quote is ordinary wording ("moderate", "childish story"); a quoted name is
    not the outlet's judgement.
    """
    words = _WORDS.findall(text)
    content = [w for w in words if w.lower() not in _NAME_GLUE]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def _title_case_line(text: str, start: int) -> bool:
    """True when the line holding ``start`` is a headline in title case (most words capitalised)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    words = [w for w in _WORDS.findall(text[line_start: line_end if line_end >= 0 else len(text)])
             if w.lower() not in _NAME_GLUE]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def is_quoted_name(doc: Doc, start: int, end: int) -> bool:
    """True when the quoted span [start, end) is a name: named-entity words, or capitalised words
    outside a title-case headline."""
    span = doc.char_span(start, end, alignment_mode="expand")
    inner = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
    if inner and all(_is_name(t) for t in inner) and len(inner) >= 2:
        return True
    return looks_like_name(doc.text[start:end]) and not _title_case_line(doc.text, start)


def _is_name(token: Token) -> bool:
    return token.ent_type_ in _NAME_ENTS and token.ent_iob_ != "O"


def _in_name(token: Token, lexicon: Lexicon) -> bool:
    """True when the token is part of a real name: a name entity not made only of lexicon words
    ("Liberty University" is a name; "Takfiri" tagged as an organisation is a label)."""
    if not _is_name(token):
        return False
    start = token.i
    while start > 0 and _in_ent(token.doc[start]) and token.doc[start].ent_iob_ != "B":
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    words = [t for t in token.doc[start:end] if not (t.is_punct or t.is_space)]
    return not all(lexicon.word_key(t) is not None for t in words)


def _in_ent(token: Token) -> bool:
    return token.ent_iob_ in {"B", "I"}


def _lexicon_spans(doc: Doc, lexicon: Lexicon) -> Iterator[tuple[int, int, str, str]]:
    """(start token, end token, category, lexicon key) of matches, left to right, not overlapping."""
    i, n = 0, len(doc)
    while i < n:
        token = doc[i]
        phrase = lexicon.phrase_at(doc, i)
        if phrase is not None and not _in_name(token, lexicon):
            end, category = phrase
            yield i, end, category, " ".join(t.lower_ for t in doc[i:end])
            i = end
            continue
        key = None if (token.is_punct or token.is_space or _in_name(token, lexicon)) else lexicon.word_key(token)
        category = lexicon.words[key] if key is not None else None
        if category == "intensifier":
            if i + 1 < n and doc[i + 1].pos_ in _INTENSIFIABLE:
                yield i, i + 2, category, key
                i += 2
                continue
            category = None
        if category is not None:
            yield i, i + 1, category, key
        i += 1


def lexicon_matches(doc: Doc, lexicon: Lexicon) -> Iterator[tuple[int, int, str]]:
    """(start char, end char, lexicon key) of every lexicon match: what learning counts."""
    for a, b, _category, key in _lexicon_spans(doc, lexicon):
        yield doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), key


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks, paired within each paragraph."""
    regions = []
    offset = 0
    for paragraph in text.split("\n"):
        opened = None
        for i, char in enumerate(paragraph):
            if char == "“" or (char == '"' and opened is None):
                opened = offset + i
            elif (char == "”" or char == '"') and opened is not None:
                regions.append((opened, offset + i + 1))
                opened = None
        if opened is not None:  # a quote left open runs to the end of its paragraph
            regions.append((opened, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return regions


def find_loaded(doc: Doc, *, lexicon: Lexicon | None = None,
                statements: Iterable[Statement] = (), include_quoted: bool = True) -> Iterator[LoadedSpan]:
    """Yield loaded spans in document order.

    ``statements``: the article's statements; those of kind ``term`` (scare
    quotes) become spans of category ``scare_quote``. ``include_quoted=False``
    skips words inside quotation marks (the speaker's words, not the outlet's).
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    spans = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), category)
             for a, b, category, _key in _lexicon_spans(doc, lexicon)]
    if not include_quoted:
        quoted = quoted_regions(doc.text)
        spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in quoted)]
    terms = [(s.start, s.end) for s in statements if s.kind == "term" and not is_quoted_name(doc, s.start, s.end)]
    spans = [s for s in spans if not any(a < s[1] and s[0] < b for a, b in terms)]
    spans.extend((a, b, "scare_quote") for a, b in terms)
    text = doc.text
    for start, end, category in sorted(spans):
        yield LoadedSpan(start=start, end=end, text=text[start:end], category=category)
