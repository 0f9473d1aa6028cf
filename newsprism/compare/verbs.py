"""Attribution verbs: neutral ("said") or evaluative ("claimed", "insisted") per outlet."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from newsprism.errors import NewsprismError
from newsprism.compare.voice import VoiceMap
from newsprism.data import read_tsv

__all__ = ["VerbClassError", "VERB_FILE", "verb_classes", "classify", "verb_profile"]

VERB_FILE = "verbs.tsv"


class VerbClassError(NewsprismError, ValueError):
    """The verb class file is malformed."""

    code = "NP-E205"


@functools.lru_cache(maxsize=1)
def verb_classes() -> dict[str, tuple[str, str]]:
    """lemma → (class, subclass) from ``data/verbs.tsv``."""
    classes = {}
    for row in read_tsv(VERB_FILE, error=VerbClassError):
        lemma, klass = row["lemma"].lower(), row["class"]
        if not lemma or klass not in {"neutral", "evaluative"}:
            raise VerbClassError(f"{row.where}: bad lemma or class {klass!r}", value=row.where)
        classes[lemma] = (klass, row["subclass"])
    return classes


def classify(lemma: str | None) -> tuple[str, str]:
    """(class, subclass) of a cue lemma; ("other", "") when it is not listed, ("none", "") without a cue."""
    if not lemma:
        return "none", ""
    return verb_classes().get(lemma.strip().lower(), ("other", ""))


def verb_profile(statements: Iterable[Mapping], outlet_of: Mapping[str, str]) -> dict[str, dict]:
    """Per outlet: statements, counts per class and subclass, share of evaluative verbs, and each verb.

    Scare-quoted terms (kind ``term``) are not statements; statements without a cue (Q&A turns,
    some block quotes) are counted under ``none`` and left out of the evaluative share. Only the
    attribution verbs of ``data/verbs.tsv`` are listed under ``verbs``; other cue words ("patrol",
    "release") are counted under ``other`` and named in ``other_cues``. A cue inside someone's quoted
    words is that speaker's voice, not the outlet's, and is left out (``quoted_cues`` counts them).
    """
    statements = list(statements)
    voices = VoiceMap.from_statements(statements)
    profile: dict[str, dict] = defaultdict(lambda: {"statements": 0, "classes": Counter(), "subclasses": Counter(),
                                                   "verbs": {}, "evaluative_examples": [], "other_cues": Counter(),
                                                   "quoted_cues": 0})
    for statement in statements:
        if statement.get("kind") == "term":
            continue
        outlet = outlet_of.get(statement["article_id"], statement["article_id"])
        entry = profile[outlet]
        cue_start, cue_end = statement.get("cue_start"), statement.get("cue_end")
        if cue_start is not None and cue_end is not None and voices.voice(statement["article_id"], cue_start, cue_end):
            entry["quoted_cues"] += 1
            continue
        entry["statements"] += 1
        klass, subclass = classify(statement.get("cue_lemma"))
        entry["classes"][klass] += 1
        if subclass:
            entry["subclasses"][subclass] += 1
        lemma = (statement.get("cue_lemma") or "").lower()
        if klass == "other":
            entry["other_cues"][lemma] += 1
        elif lemma:
            verb = entry["verbs"].setdefault(lemma, {"count": 0, "class": klass, "subclass": subclass,
                                                     "forms": Counter()})
            verb["count"] += 1
            verb["forms"][statement.get("cue") or lemma] += 1
        if klass == "evaluative":
            entry["evaluative_examples"].append({"article_id": statement["article_id"], "cue": statement.get("cue"),
                                                 "speaker": statement.get("speaker"),
                                                 "text": (statement.get("text") or "")[:160]})
    result = {}
    for outlet, entry in profile.items():
        classes = entry["classes"]
        with_cue = classes["neutral"] + classes["evaluative"] + classes["other"]
        verbs = {lemma: {**v, "forms": dict(v["forms"])}
                 for lemma, v in sorted(entry["verbs"].items(), key=lambda kv: (-kv[1]["count"], kv[0]))}
        result[outlet] = {
            "statements": entry["statements"],
            "classes": dict(classes),
            "subclasses": dict(entry["subclasses"]),
            "evaluative_share": round(classes["evaluative"] / with_cue, 3) if with_cue else None,
            "verbs": verbs,
            "evaluative_examples": entry["evaluative_examples"],
            "other_cues": dict(entry["other_cues"].most_common()),
            "quoted_cues": entry["quoted_cues"],
            "voice": "outlet",
        }
    return result
