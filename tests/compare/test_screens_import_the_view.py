"""The screens (web, report, CLI, Python API) reach a story through the story view only: none of them
imports link/ or compare/ internals, at module or function level (issue 14, acceptance 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "newsprism"

#: The views screens render: one story (StoryView), and attention over time (binned counts by outlet).
VIEWS = {"newsprism.compare.story", "newsprism.compare.attention"}

#: Imports of link/ outside the story view still made by screens, with the reason (see docs/architecture.md).
KNOWN = {
    ("cli/speaker.py", "newsprism.link.timeline"): "speaker timeline: not yet in the store's read API",
    ("api.py", "newsprism.link.timeline"): "Corpus.speaker_timeline/statement_versions/story: same",
    ("cli/load.py", "newsprism.link"): "the corpus phase itself (a write), not a read of a story",
    ("cli/eval_alterations.py", "newsprism.link.alterations"): "evaluation of the classifier",
}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any level (function bodies included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def screen_files() -> list[Path]:
    files = [*sorted((PACKAGE / "web").rglob("*.py")), *sorted((PACKAGE / "report").rglob("*.py")),
             *sorted((PACKAGE / "cli").rglob("*.py")), PACKAGE / "api.py"]
    return [f for f in files if f.name != "__pycache__"]


def forbidden(path: Path) -> list[str]:
    rel = path.relative_to(PACKAGE).as_posix()
    bad = []
    for module in imported_modules(path):
        inside = module.startswith(("newsprism.link", "newsprism.compare"))
        if inside and module not in VIEWS and (rel, module) not in KNOWN:
            bad.append(module)
    return bad


@pytest.mark.parametrize("path", screen_files(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_screens_use_the_story_view_not_compare_or_link_internals(path):
    assert forbidden(path) == []


def test_the_check_catches_an_internal_import(tmp_path):
    probe = PACKAGE / "web" / "views.py"
    assert "newsprism.compare.story" in imported_modules(probe)
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from newsprism.compare.claims import compare_claims\n", encoding="utf-8")
    assert imported_modules(fake) == {"newsprism.compare.claims"}
