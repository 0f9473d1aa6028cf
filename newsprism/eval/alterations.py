"""The alteration classifier scored on hand-written fictional pairs (``tests/fixtures/alterations.tsv``).

Each row: an original quote, the version another outlet printed, and the class of the difference
(see :mod:`newsprism.link.alterations`). Scores: accuracy, per-class precision and recall, and the
confusion table. Rows whose id starts with "a" were written before the classifier, "b" after it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.eval import tsv_rows

from newsprism.link.alterations import ALTERATION_CLASSES, classify_alteration

__all__ = ["AlterationPair", "AlterationScores", "AlterationsEvalError", "default_fixture", "evaluate_alterations",
           "load_pairs"]


class AlterationsEvalError(NewsprismError, ValueError):
    """The pairs file cannot be read."""

    code = "NP-E604"


@dataclass(frozen=True)
class AlterationPair:
    pair_id: str
    original: str
    reported: str
    cls: str


@dataclass
class AlterationScores:
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> n
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.confusion.values())

    @property
    def accuracy(self) -> float:
        right = sum(n for (g, p), n in self.confusion.items() if g == p)
        return right / self.total if self.total else 0.0

    def precision(self, cls: str) -> float:
        predicted = sum(n for (_, p), n in self.confusion.items() if p == cls)
        return self.confusion[(cls, cls)] / predicted if predicted else 0.0

    def recall(self, cls: str) -> float:
        gold = sum(n for (g, _), n in self.confusion.items() if g == cls)
        return self.confusion[(cls, cls)] / gold if gold else 0.0

    def support(self, cls: str) -> int:
        return sum(n for (g, _), n in self.confusion.items() if g == cls)

    def classes(self) -> list[str]:
        """The classes with a gold pair or a prediction, in the classifier's order (``ALTERATION_CLASSES``)."""
        seen = {cls for pair in self.confusion for cls in pair}
        return [cls for cls in ALTERATION_CLASSES if cls in seen]


def default_fixture() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "alterations.tsv"


def load_pairs(path: str | Path) -> list[AlterationPair]:
    path = Path(path)
    pairs = []
    for n, row in tsv_rows(path, AlterationsEvalError):
        cls = (row.get("class") or "").strip()
        if cls not in ALTERATION_CLASSES or not row.get("original") or not row.get("reported"):
            raise AlterationsEvalError(f"{path}: row {n} ({row.get('id')}): bad class {cls!r} or empty text")
        pairs.append(AlterationPair(row["id"], row["original"], row["reported"], cls))
    return pairs


def evaluate_alterations(pairs: Iterable[AlterationPair]) -> dict[str, AlterationScores]:
    """Scores for all pairs and per id prefix (a = written before the classifier, b = after)."""
    groups: dict[str, AlterationScores] = {"all": AlterationScores()}
    for pair in pairs:
        found = classify_alteration(pair.original, pair.reported)
        for name in ("all", pair.pair_id[:1]):
            scores = groups.setdefault(name, AlterationScores())
            scores.confusion[(pair.cls, found.cls)] += 1
            if found.cls != pair.cls:
                scores.errors.append(f"{pair.pair_id} {pair.cls} → {found.cls} {list(found.reasons)}: "
                                     f"{pair.original!r} / {pair.reported!r}")
    return groups
