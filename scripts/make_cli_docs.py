"""Write docs/cli.md from the CLI itself, so the reference can't drift from the code.

    python scripts/make_cli_docs.py          # rewrite docs/cli.md
    python scripts/make_cli_docs.py --check  # exit 1 when docs/cli.md is stale (the test suite runs this)
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from the code by `python scripts/make_cli_docs.py`; the test suite fails when it is stale.
Every command also answers `--help`.
"""


def iter_commands(group, prefix: str):
    """(full name, command) for every leaf command, in help order."""
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        full = f"{prefix} {name}"
        if hasattr(command, "list_commands"):
            yield from iter_commands(command, full)
        else:
            yield full, command


def _param_row(param) -> str:
    if param.param_type_name == "argument":
        name = (param.metavar or param.name).upper()
        kind = "argument" + (" (repeatable)" if param.nargs == -1 else "")
        return f"| `{name}` | {kind} | {getattr(param, 'help', '') or ''} |"
    names = ", ".join(f"`{opt}`" for opt in param.opts + param.secondary_opts)
    default = ""
    if not getattr(param, "is_flag", False) and param.default not in (None, (), []):
        default = f" (default: `{param.default}`)"
    help_text = (getattr(param, "help", "") or "").replace("|", "\\|")
    return f"| {names} | option | {help_text}{default} |"


def render() -> str:
    from newsprism.cli import app

    root = typer.main.get_command(app)
    parts = [HEADER]
    for full, command in iter_commands(root, "newsprism"):
        parts.append(f"## `{full}`\n")
        parts.append((command.help or "").strip().replace("\b\n", "") + "\n")
        params = [p for p in command.params if p.name != "help"]
        if params:
            parts.append("| name | kind | meaning |\n|---|---|---|")
            parts.extend(_param_row(p) for p in params)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def write_or_check(doc: Path, text: str, argv: list[str], script: str) -> int:
    """Write ``text`` to ``doc``; with ``--check`` only say (exit 1) when ``doc`` differs. Shared by the doc scripts."""
    if "--check" in argv:
        if not doc.exists() or doc.read_text(encoding="utf-8") != text:
            print(f"{doc} is stale: run python scripts/{script}", file=sys.stderr)
            return 1
        return 0
    doc.write_text(text, encoding="utf-8")
    print(f"wrote {doc}")
    return 0


def main(argv: list[str]) -> int:
    return write_or_check(DOC, render(), argv, "make_cli_docs.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
