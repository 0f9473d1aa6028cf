"""Numeric-claim extraction scored on hand-labelled sentences (``tests/fixtures/claims_labelled.tsv``),
and the story comparison's same-quantity rule on hand-written pairs (``tests/fixtures/claims_pairs.tsv``).

A predicted claim is correct when its span covers a gold anchor (the number
words) of the same sentence, one-to-one. Precision and recall count claims;
for the matched ones the normalised value (value / value_low / value_high) and
``about`` are checked too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.compare.claims import claim_context, compare_claims
from newsprism.errors import NewsprismError
from newsprism.eval import f1_of, tsv_rows
from newsprism.extract.claims import find_claims
from newsprism.records import Claim

__all__ = ["ClaimsEvalError", "GoldClaim", "LabelledSentence", "ClaimScores", "default_fixture",
           "load_labelled", "evaluate_claims", "ClaimPair", "PairScores", "default_pairs_fixture", "load_pairs",
           "score_pair", "evaluate_pairs"]


class ClaimsEvalError(NewsprismError, ValueError):
    """The labelled file cannot be read."""

    code = "NP-E603"


@dataclass(frozen=True)
class GoldClaim:
    anchor: str
    start: int
    end: int
    value: float | None
    value_low: float | None
    value_high: float | None
    about: str
    unit: str | None = None


@dataclass(frozen=True)
class LabelledSentence:
    sentence_id: str
    text: str
    claims: tuple[GoldClaim, ...]


@dataclass
class ClaimScores:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    value_right: int = 0
    about_right: int = 0
    unit_checked: int = 0
    unit_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    def as_dict(self) -> dict:
        return {
            "sentences": None, "predicted": self.predicted, "gold": self.gold, "matched": self.matched,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "value_accuracy": round(self.value_right / self.matched, 4) if self.matched else 0.0,
            "about_accuracy": round(self.about_right / self.matched, 4) if self.matched else 0.0,
            "unit_accuracy": round(self.unit_right / self.unit_checked, 4) if self.unit_checked else 0.0,
        }


def default_fixture() -> Path:
    """The labelled set shipped with the repository's tests."""
    return Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "claims_labelled.tsv"


def _parse_value(spec: str) -> tuple[float | None, float | None, float | None]:
    """'=5' → (5, None, None); '>5' → (5, 5, None); '<5' → (5, None, 5); '2..3' → (None, 2, 3)."""
    spec = spec.strip()
    if ".." in spec:
        low, high = spec.split("..", 1)
        return None, float(low), float(high)
    number = float(spec[1:])
    if spec[0] == "=":
        return number, None, None
    if spec[0] == ">":
        return number, number, None
    if spec[0] == "<":
        return number, None, number
    raise ClaimsEvalError(f"bad value {spec!r}")


def load_labelled(path: str | Path) -> list[LabelledSentence]:
    path = Path(path)
    sentences = []
    for _, row in tsv_rows(path, ClaimsEvalError):
        text = row["sentence"]
        claims = []
        for item in filter(None, (part.strip() for part in (row.get("claims") or "").split(" ; "))):
            fields = item.split("|")
            if len(fields) < 3:
                raise ClaimsEvalError(f"{path}: {row['id']}: bad item {item!r}")
            anchor = fields[0]
            start = text.find(anchor)
            if start < 0:
                raise ClaimsEvalError(f"{path}: {row['id']}: anchor {anchor!r} not in the sentence")
            value, low, high = _parse_value(fields[1])
            claims.append(GoldClaim(anchor, start, start + len(anchor), value, low, high, fields[2],
                                    fields[3] if len(fields) > 3 and fields[3] else None))
        sentences.append(LabelledSentence(row["id"], text, tuple(claims)))
    return sentences


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-3)


def _value_right(pred: Claim, gold: GoldClaim) -> bool:
    if gold.value is None:  # a range: the bounds must agree
        return _close(pred.value_low, gold.value_low) and _close(pred.value_high, gold.value_high)
    return _close(pred.value, gold.value) and _close(pred.value_low, gold.value_low) \
        and _close(pred.value_high, gold.value_high)


def score_sentence(sentence: LabelledSentence, predicted: Sequence[Claim], scores: ClaimScores) -> None:
    scores.predicted += len(predicted)
    scores.gold += len(sentence.claims)
    free = list(sentence.claims)
    for claim in predicted:
        match = next((g for g in free if claim.start <= g.start and g.end <= claim.end), None)
        if match is None:
            scores.errors.append(f"{sentence.sentence_id} FP {claim.text!r} ({claim.about})")
            continue
        free.remove(match)
        scores.matched += 1
        if _value_right(claim, match):
            scores.value_right += 1
        else:
            scores.errors.append(f"{sentence.sentence_id} VALUE {claim.text!r}: "
                                 f"{claim.value}/{claim.value_low}/{claim.value_high} "
                                 f"≠ {match.value}/{match.value_low}/{match.value_high}")
        if claim.about == match.about:
            scores.about_right += 1
        else:
            scores.errors.append(f"{sentence.sentence_id} ABOUT {claim.text!r}: {claim.about} ≠ {match.about}")
        if match.unit is not None:
            scores.unit_checked += 1
            scores.unit_right += claim.unit == match.unit
    for gold in free:
        scores.errors.append(f"{sentence.sentence_id} FN {gold.anchor!r} ({gold.about})")


def evaluate_claims(sentences: Iterable[LabelledSentence], nlp,
                    extract: Callable | None = None) -> ClaimScores:
    """Parse each sentence, extract claims and score them."""
    extract = extract or find_claims
    sentences = list(sentences)
    scores = ClaimScores()
    for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
        score_sentence(sentence, list(extract(doc)), scores)
    return scores


# -- pairs: must two claims be compared, and do they agree? ----------------------------------------

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class ClaimPair:
    pair_id: str
    a: str
    b: str
    expect: str  # same | different
    verdict: str | None  # consistent | differing | None


@dataclass
class PairScores:
    pairs: int = 0
    decision_right: int = 0
    same_gold: int = 0
    same_found: int = 0
    verdict_checked: int = 0
    verdict_right: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "pairs": self.pairs,
            "decision_accuracy": round(self.decision_right / self.pairs, 4) if self.pairs else 0.0,
            "must_compare_found": f"{self.same_found}/{self.same_gold}",
            "verdict_accuracy": round(self.verdict_right / self.verdict_checked, 4) if self.verdict_checked else 0.0,
        }


def default_pairs_fixture() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "claims_pairs.tsv"


def load_pairs(path: str | Path) -> list[ClaimPair]:
    path = Path(path)
    pairs = []
    for n, row in tsv_rows(path, ClaimsEvalError):
        expect, verdict = (row.get("expect") or "").strip(), (row.get("verdict") or "").strip()
        if expect not in {"same", "different"} or verdict not in {"consistent", "differing", "-"} \
                or (expect == "same") == (verdict == "-") or not row.get("a") or not row.get("b"):
            raise ClaimsEvalError(f"{path}: row {n} ({row.get('id')}): bad expect/verdict or empty sentence")
        pairs.append(ClaimPair(row["id"], row["a"], row["b"], expect, None if verdict == "-" else verdict))
    return pairs


def _doc_claims(doc, article_id: str, extract: Callable) -> list[dict]:
    places = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in _PLACE_LABELS]
    rows = []
    for claim in extract(doc):
        row = {"article_id": article_id, "start": claim.start, "end": claim.end, "text": claim.text,
               "value": claim.value, "value_low": claim.value_low, "value_high": claim.value_high,
               "unit": claim.unit, "about": claim.about}
        rows.append(claim_context(row, doc.text, places))
    return rows


def score_pair(pair: ClaimPair, doc_a, doc_b, scores: PairScores, extract: Callable | None = None) -> None:
    """Run the story comparison (:func:`newsprism.compare.claims.compare_claims`) on the two sentences."""
    extract = extract or find_claims
    claims = _doc_claims(doc_a, "A", extract) + _doc_claims(doc_b, "B", extract)
    rows = compare_claims(claims, {"A": "A", "B": "B"}, ["A", "B"])
    joint = [r for r in rows if {"A", "B"} <= set(r["by_outlet"])]
    scores.pairs += 1
    compared = bool(joint)
    if pair.expect == "same":
        scores.same_gold += 1
        scores.same_found += compared
    if compared == (pair.expect == "same"):
        scores.decision_right += 1
    else:
        texts = [c["text"] + "/" + str(c["about"]) for c in claims]
        scores.errors.append(f"{pair.pair_id} {'NOT COMPARED' if not compared else 'WRONGLY COMPARED'}: {texts}")
    if pair.verdict is not None and compared:
        scores.verdict_checked += 1
        if joint[0]["status"] == pair.verdict:
            scores.verdict_right += 1
        else:
            scores.errors.append(f"{pair.pair_id} VERDICT {joint[0]['status']} ≠ {pair.verdict}")


def evaluate_pairs(pairs: Iterable[ClaimPair], nlp, extract: Callable | None = None) -> dict[str, PairScores]:
    """Scores for all pairs and per id prefix (p = written before the rule, q = after)."""
    pairs = list(pairs)
    docs = list(nlp.pipe([p.a for p in pairs] + [p.b for p in pairs]))
    groups: dict[str, PairScores] = {"all": PairScores()}
    for i, pair in enumerate(pairs):
        for name in ("all", pair.pair_id[:1]):
            score_pair(pair, docs[i], docs[len(pairs) + i], groups.setdefault(name, PairScores()), extract)
    return groups
