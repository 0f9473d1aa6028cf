"""Paths for tests that are not fixtures (importable from test modules)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
