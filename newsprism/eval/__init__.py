"""Evaluations of the extractors on annotated data (PolNeAR, BASIL, …)."""
