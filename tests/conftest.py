"""Shared fixtures: the spaCy pipeline (loaded once), paths to shared data, temporary databases."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
POLNEAR = SHARED / "data" / "polnear"
BASIL = SHARED / "data" / "basil"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    from newsprism.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.exists():
        pytest.fail(f"shared seeds not found at {SEEDS} (CI keeps ../shared beside the clone)")
    return SEEDS


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"
