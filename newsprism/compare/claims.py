"""Numeric claims compared within a story: consistent, differing (values side by side), or one outlet only.

Claims are first grouped by what they count (``about``) and by kind of unit (a
count, a fraction, a percentage, an amount of money). Within a group, claims
whose magnitudes lie within a factor of ``SAME_QUANTITY_FACTOR`` of each other
are taken to be about the same quantity ("more than 300,000" and "hundreds of
thousands" killed are; "three soldiers" killed in another incident is not).
Two outlets agree when the intervals their words allow overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

__all__ = ["claim_interval", "claim_magnitude", "compare_claims", "SAME_QUANTITY_FACTOR", "POINT_TOLERANCE"]

#: Claims within this factor of each other may be about the same quantity.
SAME_QUANTITY_FACTOR = 3.0
#: A bare value ("about 1,000", "22 million") allows this relative slack either way.
POINT_TOLERANCE = 0.1


def claim_interval(claim: Mapping) -> tuple[float, float]:
    """The values a claim's words allow: exact ±10%, 'more than v' → [v, ∞), 'nearly v' → [0, v], ranges."""
    value, low, high = claim.get("value"), claim.get("value_low"), claim.get("value_high")
    if low is not None and high is not None:
        return float(low), float(high)
    if low is not None:
        return float(low), math.inf
    if high is not None:
        return 0.0, float(high)
    if value is not None:
        return float(value) * (1 - POINT_TOLERANCE), float(value) * (1 + POINT_TOLERANCE)
    return 0.0, math.inf


def claim_magnitude(claim: Mapping) -> float | None:
    """One number to place a claim on a scale: its value, or the geometric middle of its range."""
    value, low, high = claim.get("value"), claim.get("value_low"), claim.get("value_high")
    if value is not None:
        return float(value)
    if low is not None and high is not None and low > 0:
        return math.sqrt(float(low) * float(high))
    return float(low if low is not None else high) if (low is not None or high is not None) else None


def _unit_kind(unit: str | None) -> str:
    if unit in {"fraction", "percent"}:
        return unit
    if unit and unit != "people":
        return "money"
    return "count"


def _clusters(claims: list[dict]) -> list[list[dict]]:
    """Single-linkage clusters of claims whose magnitudes are within SAME_QUANTITY_FACTOR."""
    placed = sorted((c for c in claims if claim_magnitude(c)), key=claim_magnitude)
    clusters: list[list[dict]] = []
    for claim in placed:
        if clusters and claim_magnitude(claim) <= claim_magnitude(clusters[-1][-1]) * SAME_QUANTITY_FACTOR:
            clusters[-1].append(claim)
        else:
            clusters.append([claim])
    return clusters


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _public(claim: Mapping) -> dict:
    return {k: claim.get(k) for k in ("article_id", "text", "value", "value_low", "value_high", "unit")}


def compare_claims(claims: Iterable[Mapping], outlet_of: Mapping[str, str], outlets: Iterable[str]) -> list[dict]:
    """Every quantity the story's claims are about, with its status and each outlet's wording and values."""
    outlets = list(outlets)
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    seen = set()
    for claim in claims:
        if not claim.get("about"):
            continue
        outlet = outlet_of.get(claim["article_id"], claim["article_id"])
        dedupe = (outlet, claim["about"], claim.get("text", "").lower(), claim.get("value"),
                  claim.get("value_low"), claim.get("value_high"))
        if dedupe in seen:  # a caption repeated, the same figure twice in one article
            continue
        seen.add(dedupe)
        groups[(claim["about"], _unit_kind(claim.get("unit")))].append({**claim, "outlet": outlet})
    result = []
    for (about, unit_kind), members in sorted(groups.items()):
        for cluster in _clusters(members):
            by_outlet: dict[str, list[dict]] = defaultdict(list)
            for claim in cluster:
                by_outlet[claim["outlet"]].append(claim)
            result.append({
                "about": about,
                "unit": unit_kind,
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
