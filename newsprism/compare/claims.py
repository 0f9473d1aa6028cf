"""Numeric claims compared within a story, by one rule used by every view.

**Same quantity.** Two claims are compared only when they measure the same thing:

* the same ``about`` (killed, displaced, refugees…) and the same kind of unit
  (a count, a fraction, a percentage, an amount of money);
* the same counted noun ("300,000 people" and "three Turkish soldiers" are not
  the same quantity; a bare "hundreds of thousands" fits any noun; "people" fits
  only people), and no clash of the capitalised words qualifying it
  ("Turkish soldiers" vs "Russian soldiers");
* the same place and time as far as the sentences say: when both sentences name
  places (or years) and they share none, the claims are about different events
  ("4,000 people in Kafr Nabl" vs "nearly 2 million in Idlib province");
* magnitudes within a factor of ``SAME_QUANTITY_FACTOR`` (a last guard against
  two quantities the words above could not tell apart).

Claims are grouped so that every member of a group is comparable with every
other (complete linkage, in order of magnitude).

**One verdict.** Hedges become intervals ("more than v" → [v, ∞), "nearly v" →
[0.8v, v], "about v" ±10%, a bare figure ± a quarter of its last significant
digit, ranges as given). Two outlets *differ* only when
no claim of one overlaps any claim of the other; otherwise the group is
*consistent*; a group carried by one outlet is *one_outlet*.

**Who gives the number.** Each claim carries ``given_by``: ``outlet`` (the
narration) or the speaker whose statement holds it (quoted or reported).

The CLI (``newsprism compare``), the API, the explorer and the report all call
:func:`compare_claims`; none recomputes a verdict.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from newsprism.compare.voice import UNNAMED
from newsprism.data import word_list

__all__ = ["claim_interval", "claim_magnitude", "claim_context", "counted_noun", "same_quantity",
           "compare_claims", "with_context", "SAME_QUANTITY_FACTOR", "POINT_TOLERANCE", "NEARLY_SLACK"]

#: Comparable claims lie within this factor of each other.
SAME_QUANTITY_FACTOR = 10.0
#: An approximate value ("about 1,000", "some 60 percent") allows this relative slack either way.
POINT_TOLERANCE = 0.1
#: A bare value allows this share of its last significant digit either way: "40 million" → 37.5–42.5
#: million (the figure a writer would round to 40 million), "310" → 307.5–312.5.
ROUNDING_SHARE = 0.25
_ABOUT = re.compile(r"\b(?:about|around|approximately|roughly|some|an estimated|estimated|circa|or so|"
                    r"approx\.?|almost|nearly)\b", re.IGNORECASE)
#: "nearly v", "almost v", "close to v" allow values down to (1 - NEARLY_SLACK) × v; "up to v",
#: "less than v" any value below v.
NEARLY_SLACK = 0.2
_NEARLY = re.compile(r"\b(?:nearly|almost|close to|just under|approaching|not quite)\b", re.IGNORECASE)

#: Counted nouns that fit any count of people.
GENERIC_NOUNS = word_list("generic_person_nouns")
_NUMBER_WORDS = word_list("claim_number_words")
_TOKEN = re.compile(r"[^\W_][\w'’.-]*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n+")


def claim_interval(claim: Mapping) -> tuple[float, float]:
    """The values a claim's words allow: a bare figure ± a quarter of its last significant digit, 'about v'
    ±10%, 'more than v' → [v, ∞), 'nearly v' → [0.8v, v], 'up to v' / 'less than v' → [0, v], ranges as given."""
    value, low, high = claim.get("value"), claim.get("value_low"), claim.get("value_high")
    if low is not None and high is not None:
        return float(low), float(high)
    if low is not None:
        return float(low), math.inf
    if high is not None:
        near = _NEARLY.search(claim.get("text") or "") is not None
        return (float(high) * (1 - NEARLY_SLACK) if near else 0.0), float(high)
    if value is not None:
        value = float(value)
        slack = ROUNDING_SHARE * _rounding_unit(value)
        if _ABOUT.search(claim.get("text") or ""):
            slack = max(slack, abs(value) * POINT_TOLERANCE)
        return value - slack, value + slack
    return 0.0, math.inf


def _rounding_unit(value: float) -> float:
    """The place of a figure's last significant digit: 40 million → 10 million, 4.8 billion → 100 million,
    310 → 10, 0.5 → 0.1."""
    if value == 0:
        return 0.0
    mantissa, _, exponent = f"{abs(value):.6g}".partition("e")
    exp = int(exponent) if exponent else 0
    if "." in mantissa:
        return 10.0 ** (exp - len(mantissa.split(".")[1]))
    digits = mantissa.rstrip("0")
    return 10.0 ** (exp + len(mantissa) - len(digits))


def claim_magnitude(claim: Mapping) -> float | None:
    """One number to place a claim on a scale: its value, or the geometric middle of its range."""
    value, low, high = claim.get("value"), claim.get("value_low"), claim.get("value_high")
    if value is not None:
        return float(value)
    if low is not None and high is not None and low > 0:
        return math.sqrt(float(low) * float(high))
    return float(low if low is not None else high) if (low is not None or high is not None) else None


def _singular(word: str) -> str:
    if word in {"people", "police", "personnel"}:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def counted_noun(text: str) -> tuple[str | None, frozenset[str]]:
    """(counted noun, capitalised qualifiers) of a claim's words.

    "three Turkish soldiers" → ("soldier", {"turkish"}); "more than 300,000 people" → ("people", {});
    "hundreds of thousands" → (None, {}).
    """
    words = [w.rstrip(".") for w in _TOKEN.findall(text)]
    content = [w for w in words if w.lower() not in _NUMBER_WORDS and not any(c.isdigit() for c in w)]
    if not content:
        return None, frozenset()
    noun = _singular(content[-1].lower().replace("’", "'").removesuffix("'s"))
    qualifiers = frozenset(w.lower() for w in content[:-1] if w[:1].isupper())
    return noun, qualifiers


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    return begin, stop.start() if stop else len(text)


def claim_context(claim: Mapping, text: str | None, places: Iterable[tuple[int, int, str]] = (),
                  given_by: str | None = None) -> dict:
    """A claim with what the comparison needs from its article: the counted noun and qualifiers,
    the places and years its sentence names, and who gives the number.

    ``places``: (start, end, name) of place mentions in the article (any order).
    """
    noun, qualifiers = counted_noun(claim.get("text") or "")
    enriched = {**claim, "noun": noun, "qualifiers": sorted(qualifiers), "given_by": given_by or "outlet"}
    if text is None or claim.get("start") is None:
        return {**enriched, "places": [], "years": []}
    start, end = int(claim["start"]), int(claim["end"])
    begin, stop = _sentence_around(text, start, end)
    sentence_places = sorted({name.lower() for a, b, name in places if begin <= a and b <= stop
                              and not (start <= a and b <= end)})
    years = sorted(set(_YEAR.findall(text[begin:start] + " " + text[end:stop])))
    return {**enriched, "places": sentence_places, "years": years}


def with_context(claims: Iterable[Mapping], texts: Mapping[str, str], mentions: Iterable[Mapping],
                 statements: Iterable[Mapping]) -> list[dict]:
    """:func:`claim_context` for claims read from the store (place mentions and statements per article)."""
    places: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for m in mentions:
        if m.get("entity_type") == "place" and m.get("start") is not None:
            places[m["article_id"]].append((m["start"], m["end"], m.get("text") or ""))
    holders: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for s in statements:
        if s.get("kind") not in (None, "term") and s.get("start") is not None:
            holders[s["article_id"]].append((s["start"], s["end"], s.get("speaker_name") or s.get("speaker")
                                             or UNNAMED))
    result = []
    for claim in claims:
        aid = claim["article_id"]
        giver = next((who for a, b, who in sorted(holders.get(aid, []), key=lambda h: h[1] - h[0])
                      if claim.get("start") is not None and a <= claim["start"] and claim["end"] <= b), None)
        result.append(claim_context(claim, texts.get(aid), places.get(aid, ()), giver))
    return result


def _unit_kind(unit: str | None) -> str:
    if unit in {"fraction", "percent"}:
        return unit
    if unit and unit != "people":
        return "money"
    return "count"


def _nouns_fit(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    if a in GENERIC_NOUNS or b in GENERIC_NOUNS:
        return a in GENERIC_NOUNS and b in GENERIC_NOUNS
    return a == b


def _disjoint(a: Iterable[str] | None, b: Iterable[str] | None) -> bool:
    a, b = set(a or ()), set(b or ())
    return bool(a) and bool(b) and not (a & b)


def same_quantity(a: Mapping, b: Mapping) -> bool:
    """True when two claims measure the same thing (the rule in the module docstring)."""
    if a.get("about") != b.get("about") or _unit_kind(a.get("unit")) != _unit_kind(b.get("unit")):
        return False
    noun_a = a["noun"] if "noun" in a else counted_noun(a.get("text") or "")[0]
    noun_b = b["noun"] if "noun" in b else counted_noun(b.get("text") or "")[0]
    if not _nouns_fit(noun_a, noun_b):
        return False
    qual_a = a["qualifiers"] if "qualifiers" in a else counted_noun(a.get("text") or "")[1]
    qual_b = b["qualifiers"] if "qualifiers" in b else counted_noun(b.get("text") or "")[1]
    if _disjoint(qual_a, qual_b) or _disjoint(a.get("places"), b.get("places")) \
            or _disjoint(a.get("years"), b.get("years")):
        return False
    ma, mb = claim_magnitude(a), claim_magnitude(b)
    if not ma or not mb:
        return ma == mb
    return max(ma, mb) <= min(ma, mb) * SAME_QUANTITY_FACTOR


def _groups(claims: list[dict]) -> list[list[dict]]:
    """Claims in groups whose members are pairwise the same quantity (in order of magnitude)."""
    groups: list[list[dict]] = []
    for claim in sorted(claims, key=lambda c: (claim_magnitude(c) or 0.0, c["article_id"], c.get("start") or 0)):
        home = next((g for g in groups if all(same_quantity(claim, other) for other in g)), None)
        if home is None:
            groups.append([claim])
        else:
            home.append(claim)
    return groups


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


_PUBLIC = ("article_id", "start", "end", "text", "value", "value_low", "value_high", "unit", "given_by", "noun")


def _public(claim: Mapping) -> dict:
    low, high = claim_interval(claim)
    return {**{k: claim.get(k) for k in _PUBLIC}, "given_by": claim.get("given_by") or "outlet",
            "interval": [low, None if math.isinf(high) else high]}


def compare_claims(claims: Iterable[Mapping], outlet_of: Mapping[str, str], outlets: Iterable[str]) -> list[dict]:
    """Every quantity the story's claims are about, with its status and each outlet's wording and values.

    Rows: ``about``, ``unit`` (kind), ``noun``, ``status`` (differing / consistent / one_outlet),
    ``by_outlet`` (outlet → claims with ``given_by`` and ``interval``), ``not_reported_by``.
    """
    outlets = list(outlets)
    by_about: dict[tuple[str, str], list[dict]] = defaultdict(list)
    seen = set()
    for claim in claims:
        if not claim.get("about"):
            continue
        outlet = outlet_of.get(claim["article_id"], claim["article_id"])
        dedupe = (outlet, claim["about"], (claim.get("text") or "").lower(), claim.get("value"),
                  claim.get("value_low"), claim.get("value_high"))
        if dedupe in seen:  # a caption repeated, the same figure twice in one article
            continue
        seen.add(dedupe)
        by_about[(claim["about"], _unit_kind(claim.get("unit")))].append({**claim, "outlet": outlet})
    result = []
    for (about, unit_kind), members in sorted(by_about.items()):
        for group in _groups(members):
            by_outlet: dict[str, list[dict]] = defaultdict(list)
            for claim in group:
                by_outlet[claim["outlet"]].append(claim)
            nouns = sorted({c.get("noun") or counted_noun(c.get("text") or "")[0] for c in group} - {None})
            result.append({
                "about": about,
                "unit": unit_kind,
                "noun": nouns[0] if len(nouns) == 1 else ("/".join(nouns) or None),
                "status": _status(by_outlet),
                "by_outlet": {o: [_public(c) for c in cs] for o, cs in by_outlet.items()},
                "not_reported_by": [o for o in outlets if o not in by_outlet],
            })
    order = {"differing": 0, "consistent": 1, "one_outlet": 2}
    result.sort(key=lambda r: (order[r["status"]], r["about"], -len(r["by_outlet"])))
    return result


def _status(by_outlet: Mapping[str, list[dict]]) -> str:
    if len(by_outlet) < 2:
        return "one_outlet"
    outlets = list(by_outlet)
    for i, a in enumerate(outlets):
        for b in outlets[i + 1:]:
            if not any(_overlap(claim_interval(x), claim_interval(y)) for x in by_outlet[a] for y in by_outlet[b]):
                return "differing"
    return "consistent"
