"""Every package has direct unit tests of its functions (issue 14, acceptance 1): some test imports a
function of the package by name, not only through a command or a page. The modules the issue named
as lacking them (link/stories.py, link/links.py, store/corpus.py) are checked one by one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "newsprism"
PACKAGES = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and any(p.glob("*.py")))
NAMED_IN_THE_ISSUE = ("newsprism.link.stories", "newsprism.link.links", "newsprism.store.corpus")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def functions() -> dict[str, set[str]]:
    """module -> its top-level functions."""
    return {module_name(p): {n.name for n in ast.parse(p.read_text(encoding="utf-8")).body
                             if isinstance(n, ast.FunctionDef)} for p in PACKAGE.rglob("*.py")}


def imported_functions(tests: Path, defined: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(module, function) pairs the test files import by name."""
    found = set()
    for path in tests.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in defined:
                found.update((node.module, a.name) for a in node.names if a.name in defined[node.module])
    return found


DEFINED = functions()
IMPORTED = imported_functions(ROOT / "tests", DEFINED)


def test_the_packages_are_found():
    assert {"cli", "compare", "engine", "extract", "ingest", "link", "store", "web"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_has_direct_unit_tests(package):
    assert any(module.startswith(f"newsprism.{package}") for module, _ in IMPORTED), package


@pytest.mark.parametrize("module", NAMED_IN_THE_ISSUE)
def test_named_modules_have_direct_unit_tests(module):
    assert len({name for m, name in IMPORTED if m == module}) >= 3, module


def test_the_check_sees_imports(tmp_path):
    (tmp_path / "test_x.py").write_text("from newsprism.link.text import words, nothing\nimport newsprism.link\n",
                                        encoding="utf-8")
    assert imported_functions(tmp_path, DEFINED) == {("newsprism.link.text", "words")}
