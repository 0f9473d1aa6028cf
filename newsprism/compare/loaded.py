"""Loaded language per outlet: counts by category, per 1,000 words, in the outlet's voice or in quotes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

__all__ = ["loaded_profile", "quoted_ranges"]

#: Statement kinds whose whole span is someone else's words.
_QUOTED_KINDS = frozenset({"direct", "block", "qa"})


def quoted_ranges(statements: Iterable[Mapping]) -> dict[str, list[tuple[int, int]]]:
    """article_id → character ranges that are a source's words (direct quotes, quoted parts of mixed ones)."""
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in statements:
        if s.get("kind") in _QUOTED_KINDS:
            ranges[s["article_id"]].append((s["start"], s["end"]))
        elif s.get("kind") == "mixed":
            ranges[s["article_id"]].extend((a, b) for a, b in s.get("quoted") or [])
    return ranges


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def loaded_profile(loaded: Iterable[Mapping], statements: Iterable[Mapping], articles: Iterable[Mapping],
                   outlet_of: Mapping[str, str], *, top: int = 15) -> dict[str, dict]:
    """Per outlet: loaded spans by category, per 1,000 words, how many are the outlet's own words, top terms.

    Scare quotes are the statements of kind ``term`` (category ``scare_quote``), counted once even
    when the loaded table already holds them.
    """
    statements = list(statements)
    quoted = quoted_ranges(statements)
    spans: dict[tuple[str, int, int], dict] = {}
    for row in loaded:
        spans[(row["article_id"], row["start"], row["end"])] = dict(row)
    for s in statements:
        if s.get("kind") == "term":
            spans.setdefault((s["article_id"], s["start"], s["end"]),
                             {"article_id": s["article_id"], "start": s["start"], "end": s["end"],
                              "text": s["text"], "category": "scare_quote"})
    words: Counter[str] = Counter()
    for article in articles:
        words[outlet_of.get(article["article_id"], article["article_id"])] += article.get("word_count") or 0
    profile: dict[str, dict] = {o: {"total": 0, "categories": Counter(), "own_voice": 0, "in_quotes": 0,
                                    "terms": Counter()} for o in words}
    for (article_id, start, end), row in sorted(spans.items()):
        outlet = outlet_of.get(article_id, article_id)
        entry = profile.setdefault(outlet, {"total": 0, "categories": Counter(), "own_voice": 0, "in_quotes": 0,
                                            "terms": Counter()})
        entry["total"] += 1
        entry["categories"][row["category"]] += 1
        in_quotes = row["category"] != "scare_quote" and _inside(start, end, quoted.get(article_id, []))
        entry["in_quotes" if in_quotes else "own_voice"] += 1
        entry["terms"][(row["text"] or "").lower()] += 1
    result = {}
    for outlet, entry in profile.items():
        n_words = words.get(outlet, 0)
        result[outlet] = {
            "total": entry["total"],
            "words": n_words,
            "per_1000_words": round(1000 * entry["total"] / n_words, 2) if n_words else None,
            "own_voice": entry["own_voice"],
            "in_quotes": entry["in_quotes"],
            "categories": dict(entry["categories"]),
            "terms": dict(entry["terms"].most_common(top)),
        }
    return result
