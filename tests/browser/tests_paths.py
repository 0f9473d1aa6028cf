"""Paths the browser tests share (kept apart from conftest so test modules can import them)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
ARTIFACTS = ROOT / "test-artifacts"
DOC_SCREENSHOT = ROOT / "docs" / "img" / "story.png"
SEEDS_META = ROOT / "tests" / "fixtures" / "seeds_meta.csv"
DOC_IMG = ROOT / "docs" / "img"
