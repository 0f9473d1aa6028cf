"""Numeric claims: numbers with what they count, normalised.

Only numeric tokens start work (digits, number words, "hundreds", "half"…), so
the cost grows with the numbers in a text, not its length. For each number:

1. the number phrase is read and its value normalised ("five million" →
   5,000,000; "hundreds of thousands" → [200000, 999999]; "$2.5 billion" →
   2.5e9 usd; "45%" → 45 percent; "half" → 0.5 fraction);
2. a bound before it sets value_low / value_high ("more than", "nearly");
3. what it counts is found in the parse — the counted noun, the verb or noun
   that governs it — and named from ``data/claims_taxonomy.tsv``;
4. numbers that are dates, years, times, ordinals, ages, phone numbers,
   scores, addresses, labels ("Article 5") or that count nothing are dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsprism.data import read_tsv, word_list
from newsprism.errors import NewsprismError
from newsprism.records import Claim

__all__ = ["find_claims", "Taxonomy", "TaxonomyError", "load_taxonomy", "parse_value"]

TAXONOMY_FILE = "claims_taxonomy.tsv"

_UNITS = {
    "ones": {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
             "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
             "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
             "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1},
    "scales": {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "dozen": 12, "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12},
}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
              "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1}
_CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr", "₽": "rub"}
_PERCENT = {"%", "percent", "pct"}
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn)$", re.I)
_SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL"})
_DEFINITE = word_list("claim_definite_words")
_DIRECT = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd", "appos", "agent", "pobj"})
_CHANGE_VERBS = word_list("claim_change_verbs")
_INVARIANT = word_list("claim_invariant_nouns")


class TaxonomyError(NewsprismError, ValueError):
    """The claims taxonomy file is malformed."""

    code = "NP-E202"


@dataclass(frozen=True)
class Taxonomy:
    """The parts of ``claims_taxonomy.tsv`` the extractor uses."""

    counted: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)  # lemma -> (about, unit, kind)
    bounds: dict[tuple[str, ...], str] = field(default_factory=dict)  # words -> low|high|approx
    vague: dict[str, float] = field(default_factory=dict)
    time: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """Read the packaged taxonomy once per process."""
    tax = Taxonomy()
    time, labels = set(), set()
    for row in read_tsv(TAXONOMY_FILE, error=TaxonomyError):
        kind, term = row["kind"], row["term"].lower()
        about, unit = row["about"], row["unit"] or None
        if kind in {"counted", "event", "action", "generic"} and about:
            tax.counted[term] = (about, unit, kind)
        elif kind == "bound" and unit in {"low", "high", "approx"}:
            tax.bounds[tuple(term.split())] = unit
        elif kind == "vague" and about:
            tax.vague[term] = float(about)
        elif kind == "time":
            time.add(term)
        elif kind == "label":
            labels.add(term)
        else:
            raise TaxonomyError(f"{row.where}: cannot read {row.values!r}", value=row.where)
    return Taxonomy(tax.counted, tax.bounds, tax.vague, frozenset(time), frozenset(labels))


# -- values ------------------------------------------------------------------------


def _word_value(word: str) -> float | None:
    word = word.lower()
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    if word in _UNITS["ones"]:
        return float(_UNITS["ones"][word])
    return None


def parse_value(words: list[str]) -> float | None:
    """The value of a plain number phrase: ["five", "million"] → 5e6, ["2.5", "bn"] → 2.5e9.

    Returns None when the words are not one number.
    """
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        word = raw.lower()
        if word in {"-", "and"}:
            continue
        suffixed = _SUFFIXED.match(word)
        if suffixed:
            current += float(suffixed.group(1))
            word = suffixed.group(2).lower()
            seen = True
        value = _word_value(word)
        if value is not None:
            current += value
            seen = True
        elif word in _UNITS["scales"]:
            scale = _UNITS["scales"][word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


# -- the number phrase -------------------------------------------------------------


def _is_numeric(token: Token, tax: Taxonomy) -> bool:
    low = token.lower_
    if token.like_num:
        return not any(c in token.text for c in ":/")
    return low in tax.vague or low in _FRACTIONS or bool(_SUFFIXED.match(low))


def _part_of_number(token: Token, tax: Taxonomy) -> bool:
    low = token.lower_
    return (token.like_num and not any(c in token.text for c in ":/")) or low in _UNITS["scales"] \
        or bool(_SUFFIXED.match(low))


@dataclass
class _Number:
    start: int  # token indices of the phrase (bounds and currency included)
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    fraction: bool = False
    rejected: bool = False  # a phone number or a score read as a range
    core: list[Token] = field(default_factory=list)  # the number tokens themselves


def _read_number(doc: Doc, i: int, tax: Taxonomy) -> _Number | None:
    """Read the number phrase that starts at token ``i`` (None when it is not a quantity)."""
    first = doc[i]
    low = first.lower_
    n = len(doc)
    if low in _FRACTIONS:
        return _read_fraction(doc, i, None, tax)
    if low in tax.vague:
        return _read_vague(doc, i, tax)
    j = i
    words = []
    while j < n:
        tok = doc[j]
        if _part_of_number(tok, tax):
            words.append(tok.text)
            j += 1
        elif tok.text in {"-", "and"} and j + 1 < n and doc[j + 1].lower_ in _UNITS["ones"] \
                and doc[j + 1].lower_ not in {"a", "an"} and words and not _DIGITS.match(words[-1]) \
                and (_word_value(words[-1]) is not None or words[-1].lower() in _UNITS["scales"]):
            words.append(tok.text)  # twenty-five, two hundred and fifty
            j += 1
        else:
            break
    if not words:
        return None
    # "one in five", "two-thirds", "two out of three"
    if j < n and doc[j].lower_ in _FRACTIONS and doc[j].lower_ != "half":
        numerator = parse_value(words)
        if numerator is not None:
            return _read_fraction(doc, j, numerator, tax, start=i)
    if j + 1 < n and doc[j].text == "-" and doc[j + 1].lower_ in _FRACTIONS:
        numerator = parse_value(words)
        if numerator is not None:
            return _read_fraction(doc, j + 1, numerator, tax, start=i)
    ratio = _read_ratio(doc, i, j, words)
    if ratio is not None:
        return ratio
    value = parse_value(words)
    if value is None:
        return None
    number = _Number(i, j, value=value, core=list(doc[i:j]))
    _read_unit_after(doc, number)
    return number


def _read_ratio(doc: Doc, i: int, j: int, words: list[str]) -> _Number | None:
    """'one in five', 'two out of three' → a fraction."""
    n = len(doc)
    k = j + 1 if j < n and doc[j].lower_ == "in" else j + 2 if j + 1 < n and doc[j].lower_ == "out" \
        and doc[j + 1].lower_ == "of" else None
    if k is None or k >= n:
        return None
    numerator, denominator = parse_value(words), _word_value(doc[k].lower_)
    if numerator is None or denominator is None or doc[k].lower_ in {"a", "an"}:
        return None
    if not (0 < numerator < denominator <= 100 and numerator <= 10):
        return None
    return _Number(i, k + 1, value=numerator / denominator, unit="fraction", fraction=True, core=list(doc[i:k + 1]))


def _read_vague(doc: Doc, i: int, tax: Taxonomy) -> _Number | None:
    """'hundreds', 'hundreds of thousands', 'tens of millions' → a range."""
    n = len(doc)
    product, j = tax.vague[doc[i].lower_], i + 1
    while j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in tax.vague:
        product *= tax.vague[doc[j + 1].lower_]
        j += 2
    head = doc[i].lower_
    if j == i + 1 and head in {"tens", "scores"}:
        return None  # "tens" and "scores" alone are not counts
    if head == "dozens":
        low, high = 24.0, 119.0
        if product != 12:
            low, high = 2 * product, 10 * product - 1
    else:
        low, high = 2 * product, 10 * product - 1
    return _Number(i, j, low=low, high=high, core=list(doc[i:j]))


def _read_fraction(doc: Doc, k: int, numerator: float | None, tax: Taxonomy,
                   start: int | None = None) -> _Number | None:
    """'half', 'a third', 'two-thirds', 'half a million'."""
    n = len(doc)
    word = doc[k].lower_
    base = _FRACTIONS[word]
    start = k if start is None else start
    if numerator is None:
        prev = doc[k - 1].lower_ if k > 0 else ""
        if word != "half" and prev not in {"a", "one"}:
            return None  # "the third", "a fifth" needs "a"/"one"
        numerator = 1.0
        if prev in {"a", "one"} and word != "half":
            start = k - 1
        if word == "half" and prev == "a" and k + 1 < n and doc[k + 1].lower_ in _PERCENT:
            return None
    # "half a million"
    if k + 2 < n and doc[k + 1].lower_ in {"a", "an"} and doc[k + 2].lower_ in _UNITS["scales"]:
        value = numerator * base * _UNITS["scales"][doc[k + 2].lower_]
        number = _Number(start, k + 3, value=value, core=list(doc[start:k + 3]))
        return number
    if k > 0 and doc[k - 1].lower_ in {"first", "second", "last", "other", "latter", "former", "third"}:
        return None  # "the second half"
    return _Number(start, k + 1, value=numerator * base, unit="fraction", fraction=True, core=list(doc[start:k + 1]))


def _read_unit_after(doc: Doc, number: _Number) -> None:
    """'%', 'percent', 'per cent' after a number."""
    j = number.end
    if j < len(doc) and doc[j].lower_ in _PERCENT:
        number.unit, number.end = "percent", j + 1
    elif j + 1 < len(doc) and doc[j].lower_ == "per" and doc[j + 1].lower_ == "cent":
        number.unit, number.end = "percent", j + 2


def _read_range(doc: Doc, number: _Number, tax: Taxonomy) -> None:
    """'200 to 300', '200-300', 'between 2 and 3 million' → value_low, value_high."""
    j, n = number.end, len(doc)
    if number.value is None or j + 1 >= n or doc[j].lower_ not in {"to", "-", "–", "and"}:
        return
    k = number.start - 1 if number.start > 0 and doc[number.start - 1].lower_ in _CURRENCY else number.start
    between = k > 0 and doc[k - 1].lower_ == "between"
    if doc[j].lower_ == "and" and not between:
        return
    m = j + 2 if doc[j + 1].lower_ in _CURRENCY and j + 2 < n else j + 1  # "$10,000 to $20,000"
    if not _part_of_number(doc[m], tax):
        return
    second = _read_number(doc, m, tax)
    if second is None or second.value is None or second.fraction:
        return
    if j + 2 < n and second.end < n and doc[second.end].text in {"-", "–"} and doc[second.end + 1:second.end + 2] \
            and doc[second.end + 1].like_num:
        number.rejected = True  # 202-555-0143: a phone number, not a range
        return
    low, high = number.value, second.value
    # "between 2 and 3 million": the scale of the second applies to the first
    first_words = [t.lower_ for t in number.core]
    if high > low and not any(w in _UNITS["scales"] for w in first_words):
        for scale_word in (t.lower_ for t in second.core):
            if scale_word in _UNITS["scales"] and low * _UNITS["scales"][scale_word] <= high:
                low *= _UNITS["scales"][scale_word]
                break
    if high < low:
        number.rejected = True  # "3-2", "24 to 17": a score or a vote, not a range
        return
    number.low, number.high, number.value = low, high, None
    number.end = second.end
    number.unit = number.unit or second.unit
    number.core = number.core + second.core


def _read_before(doc: Doc, number: _Number, tax: Taxonomy) -> None:
    """A currency sign and a bound ('more than', 'nearly') before the number."""
    i = number.start
    if i > 0 and doc[i - 1].lower_ in _CURRENCY:
        number.unit = _CURRENCY[doc[i - 1].lower_]
        i -= 1
        if i > 0 and doc[i - 1].lower_ == "us":
            i -= 1
    if i > 0 and doc[i - 1].lower_ == "between" and number.low is not None and number.high is not None:
        i -= 1
    if i > 0 and doc[i - 1].lower_ in {"several", "few"} and number.value is not None \
            and len(number.core) == 1 and number.core[0].lower_ in _UNITS["scales"]:
        scale = number.value
        number.value, number.low, number.high = None, 2 * scale, 10 * scale - 1
        i -= 1
        if i > 0 and doc[i - 1].lower_ == "a" and doc[i].lower_ == "few":
            i -= 1
    for words, bound in sorted(tax.bounds.items(), key=lambda kv: -len(kv[0])):
        k = len(words)
        if i - k >= 0 and tuple(t.lower_ for t in doc[i - k:i]) == words:
            _apply_bound(number, bound)
            i -= k
            break
    number.start = i


def _apply_bound(number: _Number, bound: str) -> None:
    if number.value is None:  # a vague range: "more than hundreds of thousands" keeps its range
        return
    if bound == "low":
        number.low = number.value
    elif bound == "high":
        number.high = number.value


# -- what is counted -------------------------------------------------------------------


def _phrase_head(number: _Number) -> Token:
    core_ids = {t.i for t in number.core}
    for token in number.core:
        if token.head.i not in core_ids or token.head.i == token.i:
            return token
    return number.core[-1]


def _counted_noun(doc: Doc, number: _Number, head: Token) -> Token | None:
    """The noun the number counts: '300,000 people', 'thousands of people', 'half the population'."""
    core_ids = {t.i for t in number.core}
    if head.dep_ in {"nummod", "quantmod", "compound", "amod", "predet", "nmod", "det"} \
            and head.head.pos_ in {"NOUN", "PROPN"} and head.head.i >= number.end - 1 and head.head.i not in core_ids:
        return head.head
    for token in number.core:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i >= number.end - 1:
                objects = [c for c in child.children if c.dep_ == "pobj" and c.i not in core_ids]
                if objects and objects[0].pos_ in {"NOUN", "PROPN", "PRON"}:
                    return objects[0]
    # a shallow parse error: the noun right after the number ("55 women and children detainees")
    j = number.end
    while j < len(doc) and j < number.end + 3:
        token = doc[j]
        if token.pos_ == "NOUN":
            return token
        if token.pos_ not in {"ADJ", "PROPN"} or token.ent_type_ not in {"", "NORP"}:
            break
        j += 1
    return None


def _category(token: Token | None, tax: Taxonomy, kinds: set[str], *, kind: bool = False) -> tuple | None:
    """(about, unit) of a taxonomy word of one of ``kinds`` (with the kind when ``kind``)."""
    if token is None:
        return None
    for key in (token.lemma_.lower(), token.lower_):
        entry = tax.counted.get(key)
        if entry and entry[2] in kinds:
            return entry if kind else entry[:2]
    return None


def _governor(target: Token) -> Token | None:
    """The verb or noun that governs the counted noun (through 'of' and conjunctions)."""
    while target.dep_ == "conj" and target.head.i != target.i:
        target = target.head
    if target.dep_ == "pobj":
        prep = target.head
        if prep.lower_ == "of" and prep.head.i != prep.i:
            return prep.head
        if prep.lower_ in {"to", "at", "by"} and prep.head.pos_ in {"VERB", "AUX"}:
            return prep.head
        return None
    if target.dep_ in _DIRECT or target.dep_ in {"npadvmod", "nummod", "dep"}:
        return target.head if target.head.i != target.i else None
    return None


def _governor_target(number: _Number, noun: Token | None, head: Token) -> tuple[Token, Token | None]:
    """(token whose governor tells what is counted, the base noun of a fraction or 'X of Y')."""
    if noun is None:
        return head, None
    core_ids = {t.i for t in number.core}
    if noun.head.lower_ == "of" and noun.head.head.i in core_ids:
        return head, noun  # "thousands of detainees", "half of the population": the phrase is governed
    if number.fraction:
        base = noun.head if noun.dep_ == "poss" and noun.head.pos_ == "NOUN" else noun
        return (base if head.dep_ in {"predet", "nummod", "det", "quantmod"} else head), base
    return noun, None


def _about(doc: Doc, number: _Number, noun: Token | None, head: Token, tax: Taxonomy) -> tuple[str, str | None] | None:
    target, base = _governor_target(number, noun, head)
    gov = _governor(target)
    money = _category(noun, tax, {"counted"})
    if money and money[0] == "money":  # "millions of dollars … have gone missing" counts money
        return money
    # 1. an event governing the counted, attached to it ("people killed", "who died") or
    #    predicated of it ("left 12 people dead", "remain displaced")
    attached = [c for c in (noun or target).children if c.dep_ in {"acl", "relcl", "amod"}]
    if gov is not None and gov.pos_ in {"VERB", "AUX"}:
        attached += [c for c in gov.children if c.dep_ in {"oprd", "acomp", "xcomp"}]
    events = [found for word in [gov, *attached] for found in [_category(word, tax, {"event", "action"}, kind=True)]
              if found]
    strong = next((f for f in events if f[2] == "event"), None)
    if strong:
        return strong[:2]
    if gov is not None and gov.lemma_ in _CHANGE_VERBS:
        for child in gov.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                found = _category(child, tax, {"event", "counted"}) or _compound_category(child, tax)
                if found:
                    return found
    if number.fraction:
        if events:  # "displaced half the population"
            return events[0][:2]
        if base is None:
            return None
        return _category(base, tax, {"counted", "event"}) or _category(base, tax, {"generic"}) or (
            ("territory", "fraction") if base.ent_type_ in {"GPE", "LOC"} else None)
    # 2. the counted noun itself, or a compound before it ("asylum seekers", "death toll")
    if noun is not None:
        found = _category(noun, tax, {"counted", "event"}) or _compound_category(noun, tax)
        if found:
            return found
    # 3. a counted noun governing the number ("a population of 22 million", "a force of 2,000")
    if noun is None and gov is not None and gov.pos_ == "NOUN":
        found = _category(gov, tax, {"counted", "event"})
        if found:
            return found
    # 4. an action on the counted ("fled", "were deployed") when nothing more specific is counted
    if events:
        return events[0][:2]
    if number.unit == "percent":
        return "percent", "percent"
    if number.unit is not None:
        return "money", number.unit
    if noun is not None:
        found = _category(noun, tax, {"generic"})
        if found:
            return found
        if noun.ent_type_ == "NORP":
            return "people", "people"
        if number.value is not None and number.value < 10:
            return None  # "two brothers", "seven countries": small counts of unlisted things are not claims
        return noun.lemma_.lower(), None
    return None


def _compound_category(noun: Token, tax: Taxonomy) -> tuple[str, str | None] | None:
    for child in noun.children:
        if child.dep_ in {"compound", "amod"}:
            found = _category(child, tax, {"counted", "event"})
            if found:
                return found
    return None


# -- filters --------------------------------------------------------------------------


def _not_a_claim(doc: Doc, number: _Number, noun: Token | None, tax: Taxonomy) -> bool:
    """Dates, years, ages, phone numbers, labels, durations, one-offs: numbers that are not claims."""
    core = number.core
    first = core[0]
    if number.rejected:
        return True
    before = doc[number.start - 1] if number.start > 0 else None
    after = doc[number.end] if number.end < len(doc) else None
    after2 = doc[number.end + 1] if number.end + 1 < len(doc) else None
    fraction_of = number.fraction and after is not None and after.lower_ == "of"
    if any(t.ent_type_ in _SKIP_ENTS for t in core) and number.unit not in {"percent"} and not fraction_of \
            and not (number.low is not None and number.high is not None and number.value is None
                     and first.lower_ in tax.vague):
        return True
    # labels and indexes: "Article 5", "Group of 20", "F-16"; ages: "aged 45"
    if before is not None:
        if before.lower_ in tax.labels or (before.text in {"-", "#"} and number.start > 1
                                           and doc[number.start - 2].lower_ in tax.labels):
            return True
        if before.lower_ == "of" and number.start > 1 and doc[number.start - 2].lower_ in tax.labels:
            return True
        if before.text in {"-", "/", "+", "#", "("} and number.unit is None and not number.fraction:
            return True
        if before.pos_ == "PROPN" and before.ent_type_ not in {"NORP", "GPE"} and noun is None:
            return True
    # compound adjectives "six-year", "45-minute", "10-point"; ages "45 years old"; telephone parts
    if after is not None and after.text in {"-", "–", "/", ":", ")"} and after2 is not None \
            and not after2.like_num and number.unit is None and not number.fraction:
        return True
    if after is not None and after.text in {"-", "/", ":"} and after2 is not None and after2.like_num:
        return True
    if noun is not None and noun.lemma_.lower() in tax.time:
        return True
    if after is not None and after.lower_ in tax.time:
        return True
    # years: 1000-2100 written without a comma
    if len(core) == 1 and re.fullmatch(r"\d{4}", first.text) and 1000 <= float(first.text) <= 2100 \
            and number.unit is None:
        return True
    if any(len(t.text) > 1 and t.text.startswith("0") and t.text.isdigit() for t in core):
        return True  # 0143: part of a code or a phone number
    # "one" and small definite numbers: "one of them", "the two sides"
    if number.value is not None and number.unit is None and not number.fraction:
        plain = len(core) == 1 or all(t.lower_ not in _UNITS["scales"] for t in core)
        if plain and number.value <= 1:
            return True
        if plain and number.value < 10 and before is not None and before.lower_ in _DEFINITE:
            return True
    if noun is not None and noun.pos_ == "PROPN" and noun.ent_type_ not in {"NORP"} and not number.fraction:
        return True
    return False


def _plural_enough(number: _Number, noun: Token | None, tax: Taxonomy) -> bool:
    """A count above one should count a plural noun: '3 soldiers', not 'a 3-2 win' or 'a 2014 blitz'."""
    if noun is None or number.unit is not None or number.fraction:
        return True
    if noun.tag_ in {"NNS", "NNPS"} or noun.ent_type_ == "NORP" \
            or noun.lower_ in _INVARIANT or noun.lemma_.lower() in _INVARIANT:
        return True
    if noun.i < number.start:
        return True  # the noun governs the number: "a population of 22 million"
    return noun.lower_ in tax.counted and tax.counted[noun.lower_][2] in {"event", "action"}


def find_claims(doc: Doc) -> Iterator[Claim]:
    """Yield claims in document order."""
    tax = load_taxonomy()
    text = doc.text
    i, n = 0, len(doc)
    while i < n:
        token = doc[i]
        if not _is_numeric(token, tax):
            i += 1
            continue
        number = _read_number(doc, i, tax)
        if number is None:
            i += 1
            continue
        _read_range(doc, number, tax)
        _read_before(doc, number, tax)
        i = max(number.end, i + 1)
        claim = _claim(doc, text, number, tax)
        if claim is not None:
            yield claim


def _claim(doc: Doc, text: str, number: _Number, tax: Taxonomy) -> Claim | None:
    head = _phrase_head(number)
    noun = _counted_noun(doc, number, head)
    if _not_a_claim(doc, number, noun, tax) or not _plural_enough(number, noun, tax):
        return None
    found = _about(doc, number, noun, head, tax)
    if found is None:
        return None
    about, unit = found
    if number.unit in {"percent", "fraction"} or (number.unit and about == "money"):
        unit = number.unit
    elif number.unit and number.unit not in {"percent", "fraction"}:
        unit, about = number.unit, "money"
    end_token = number.end
    last = _governor_target(number, noun, head)[1] or noun
    if last is not None and number.end <= last.i <= number.end + 4:
        end_token = last.i + 1
    span: Span = doc[number.start:end_token]
    start, end = span.start_char, span.end_char
    return Claim(start=start, end=end, text=text[start:end], value=number.value,
                 value_low=number.low, value_high=number.high, unit=unit, about=about)
