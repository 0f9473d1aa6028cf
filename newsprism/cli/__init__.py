"""The ``newsprism`` command line: a friendly face over the store.

Each command group lives in its own module and registers itself on ``app``;
library exceptions (every :class:`~newsprism.errors.NewsprismError`) become one clean error line
with their code here, at the edge (:class:`Commands`), so no command catches its own list.
"""

from __future__ import annotations

import importlib

import typer
import typer.core

from newsprism import __version__
from newsprism.nlp import model_description
from newsprism.cli.common import show_error
from newsprism.errors import NewsprismError


def _flag_type_hidden(display):
    """On/off flags take no value, so their help shows no type (typer would print ``<bool>``)."""

    def display_type_rich(self, ctx):
        if getattr(self, "is_flag", False) and not getattr(self, "count", False):
            return None
        return display(self, ctx)

    return display_type_rich


if not getattr(typer.core.TyperOption.display_type_rich, "_newsprism", False):
    typer.core.TyperOption.display_type_rich = _flag_type_hidden(typer.core.TyperOption.display_type_rich)
    typer.core.TyperOption.display_type_rich._newsprism = True



class Commands(typer.core.TyperGroup):
    """The root command group: a NewsprismError raised by any command (or sub-command) is shown as
    ``Error: [CODE] message`` and ends the run with status 1, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NewsprismError as error:
            raise typer.Exit(show_error(error)) from None


app = typer.Typer(
    cls=Commands,
    name="newsprism",
    help="Who said what, when, to whom — and how each outlet told it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

#: Modules that add commands to ``app`` (each defines ``register(app)``).
COMMAND_MODULES = (
    "newsprism.cli.listing",
    "newsprism.cli.sql",
    "newsprism.cli.speaker",
    "newsprism.cli.analyze",
    "newsprism.cli.export",
    "newsprism.cli.eval",
    "newsprism.cli.load",
    "newsprism.cli.serve",
    "newsprism.cli.report",
    "newsprism.cli.compare",
    "newsprism.cli.fix",
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"newsprism {__version__}")
        typer.echo(f"spaCy model: {model_description()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version_callback, is_eager=True,
                                 help="Show the version and the spaCy model in use, then exit."),
) -> None:
    """Who said what, when, to whom — and how each outlet told it."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Console-script entry point (errors are shown by :class:`Commands`)."""
    app()
