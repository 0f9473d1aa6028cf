"""Evaluations of the extractors on annotated data (PolNeAR, BASIL, …)."""


def f1_of(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0 (one definition for every evaluation)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
