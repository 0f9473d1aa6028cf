"""``newsprism eval …``: every extractor's evaluation command lives under this group."""

from __future__ import annotations

import importlib

import typer

eval_app = typer.Typer(help="Evaluate extractors on annotated data and print scores.", no_args_is_help=True)

#: Modules that add subcommands to ``eval_app`` (each defines ``register(eval_app)``).
EVAL_MODULES: tuple[str, ...] = (
    "newsprism.cli.eval_basil",
    "newsprism.cli.eval_speakers",
    "newsprism.cli.eval_polnear",
    "newsprism.cli.eval_ggt",
    "newsprism.cli.eval_html",
    "newsprism.cli.eval_basil_lex",
    "newsprism.cli.eval_claims",
    "newsprism.cli.eval_alterations",
)


def register(app: typer.Typer) -> None:
    for name in EVAL_MODULES:
        importlib.import_module(name).register(eval_app)
    app.add_typer(eval_app, name="eval")
