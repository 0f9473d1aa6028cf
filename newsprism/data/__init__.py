"""Packaged data files: word lists, taxonomies, trained models' configs and the demo corpus."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return DATA_DIR / name


def demo_corpus_path() -> Path:
    """The bundled fictional demo corpus (several formats)."""
    return DATA_DIR / "demo"


def demo_outlets_path() -> Path:
    """Outlet metadata (country, owner, lean, …) of the demo's FICTIONAL outlets, loaded by ``newsprism demo``."""
    return DATA_DIR / "demo_outlets.csv"
