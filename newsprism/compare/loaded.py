"""Loaded language per outlet, in the outlet's own voice, with quoted wording shown apart.

An outlet is answerable for its narration, not for the words of the people it
quotes: ``own_voice``, ``per_1000_words``, ``categories`` and ``terms`` count only
spans in the outlet's voice (see :mod:`newsprism.compare.voice`); loaded words
inside quotation marks are listed under ``quoted_terms`` by speaker, as what the
outlet chose to quote. Scare quotes are the outlet's voice unless the quoted
words are a speaker's partial quote or a name ("First Coastal Division").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from newsprism.compare.voice import VoiceMap, voice_label
from newsprism.extract.loaded import looks_like_name

__all__ = ["loaded_profile", "loaded_spans"]


def loaded_spans(loaded: Iterable[Mapping], statements: Iterable[Mapping]) -> list[dict]:
    """Every loaded span (scare-quote statements included, once) with ``voice``: None = the outlet.

    Terms the loaded table lacks are added unless they read as a quoted name ("First Coastal Division").
    """
    statements = list(statements)
    voices = VoiceMap.from_statements(statements)
    spans: dict[tuple[str, int, int], dict] = {}
    for row in loaded:
        spans[(row["article_id"], row["start"], row["end"])] = dict(row)
    for s in statements:  # terms the loaded table lacks (the extractor checked those it kept against the parse)
        if s.get("kind") != "term":
            continue
        key = (s["article_id"], s["start"], s["end"])
        if key not in spans and not looks_like_name(s.get("text") or ""):
            spans[key] = {"article_id": s["article_id"], "start": s["start"], "end": s["end"],
                          "text": s["text"], "category": "scare_quote"}
    result = []
    for (article_id, start, end), row in sorted(spans.items()):
        result.append({**row, "voice": voices.voice(article_id, start, end)})
    return result


def _empty() -> dict:
    return {"total": 0, "categories": Counter(), "own_voice": 0, "in_quotes": 0, "terms": Counter(),
            "quoted": defaultdict(Counter)}


def loaded_profile(loaded: Iterable[Mapping], statements: Iterable[Mapping], articles: Iterable[Mapping],
                   outlet_of: Mapping[str, str], *, top: int = 15) -> dict[str, dict]:
    """Per outlet: loaded spans in its own voice (by category, per 1,000 words, top terms) and,
    apart, the loaded words of the sources it quotes (``quoted_terms``: speaker → term → count)."""
    words: Counter[str] = Counter()
    for article in articles:
        words[outlet_of.get(article["article_id"], article["article_id"])] += article.get("word_count") or 0
    profile: dict[str, dict] = {o: _empty() for o in words}
    for row in loaded_spans(loaded, statements):
        outlet = outlet_of.get(row["article_id"], row["article_id"])
        entry = profile.setdefault(outlet, _empty())
        entry["total"] += 1
        term = (row["text"] or "").lower()
        if row["voice"] is None:
            entry["own_voice"] += 1
            entry["categories"][row["category"]] += 1
            entry["terms"][term] += 1
        else:
            entry["in_quotes"] += 1
            entry["quoted"][voice_label(row["voice"])][term] += 1
    result = {}
    for outlet, entry in profile.items():
        n_words = words.get(outlet, 0)
        result[outlet] = {
            "total": entry["total"],
            "words": n_words,
            "own_voice": entry["own_voice"],
            "per_1000_words": round(1000 * entry["own_voice"] / n_words, 2) if n_words else None,
            "in_quotes": entry["in_quotes"],
            "categories": dict(entry["categories"]),
            "terms": dict(entry["terms"].most_common(top)),
            "quoted_terms": {speaker: dict(terms.most_common(top))
                             for speaker, terms in sorted(entry["quoted"].items(), key=lambda kv: -sum(kv[1].values()))},
        }
    return result
