"""Evaluations of the extractors on annotated data (PolNeAR, BASIL, …)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path


def f1_of(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0 (one definition for every evaluation)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def tsv_rows(path: str | Path, error: type[Exception]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a tab-separated fixture with a header; '#' lines are comments.

    A missing file raises ``error`` naming it (each evaluation passes its own error class).
    """
    path = Path(path)
    if not path.exists():
        raise error(f"{path}: no such file")
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        yield from enumerate(rows, start=2)
