"""Docs are tested: every command has help with an example, and docs/cli.md is generated from the code."""

from __future__ import annotations

import importlib.util

import pytest
import typer

from newsprism.cli import app
from tests_support import ROOT

_spec = importlib.util.spec_from_file_location("make_cli_docs", ROOT / "scripts" / "make_cli_docs.py")
make_cli_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_cli_docs)

COMMANDS = list(make_cli_docs.iter_commands(typer.main.get_command(app), "newsprism"))


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name, command):
    assert command.help and command.help.strip(), name
    assert "Example: newsprism" in command.help, f"{name}: help should end with an example"


def test_cli_reference_is_up_to_date():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == make_cli_docs.render(), (
        "docs/cli.md is stale: run python scripts/make_cli_docs.py")


@pytest.mark.parametrize("page", ["architecture.md", "schema.md", "cli.md", "explorer.md", "statements.md", "linking.md",
                                  "framing.md", "scale.md", "ingest.md"])
def test_documentation_pages_exist(page):
    assert (ROOT / "docs" / page).stat().st_size > 500


def test_readme_names_every_top_level_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _ in COMMANDS:
        top = name.split()[1]
        assert f"newsprism {top}" in readme, f"README does not mention `newsprism {top}`"
