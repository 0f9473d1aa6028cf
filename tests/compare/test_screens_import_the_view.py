"""The screens (web, report, CLI, Python API) reach a story through the story view only: none of them
imports link/ or compare/ internals, at module or function level (issue 14, acceptance 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "newsprism"

#: The views screens render: one story (StoryView), one speaker (SpeakerView), and attention over time
#: (binned counts by outlet). Everything else they read through the store's read API.
VIEWS = {"newsprism.compare.story", "newsprism.compare.timeline", "newsprism.compare.attention"}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any level (function bodies included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "newsprism":  # from newsprism import link
                found.update(f"newsprism.{alias.name}" for alias in node.names)
    return found


def screen_files() -> list[Path]:
    files = [*sorted((PACKAGE / "web").rglob("*.py")), *sorted((PACKAGE / "report").rglob("*.py")),
             *sorted((PACKAGE / "cli").rglob("*.py")), PACKAGE / "api.py"]
    return [f for f in files if f.name != "__pycache__"]


def forbidden(path: Path) -> list[str]:
    """The link/ and compare/ internals ``path`` imports (sorted)."""
    bad = []
    for module in imported_modules(path):
        inside = module.startswith(("newsprism.link", "newsprism.compare"))
        if inside and module not in VIEWS:
            bad.append(module)
    return sorted(bad)


@pytest.mark.parametrize("path", screen_files(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_screens_use_the_story_view_not_compare_or_link_internals(path):
    assert forbidden(path) == []


def test_the_check_catches_an_internal_import(tmp_path):
    probe = PACKAGE / "web" / "views.py"
    assert "newsprism.compare.story" in imported_modules(probe)
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from newsprism.compare.claims import compare_claims\n", encoding="utf-8")
    assert imported_modules(fake) == {"newsprism.compare.claims"}
    fake.write_text("from newsprism import link\nimport newsprism.link.stories\n", encoding="utf-8")
    assert imported_modules(fake) == {"newsprism", "newsprism.link", "newsprism.link.stories"}
    assert forbidden(fake) == ["newsprism.link", "newsprism.link.stories"]
