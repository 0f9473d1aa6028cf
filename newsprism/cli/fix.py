"""``newsprism fix …``: corrections by hand (merge or split speakers, reassign or reject a statement, undo).

Every correction is kept in the ``corrections`` table with who, when and why, applied in
every view and export, and again after every ``analyze``/``load`` (store/corrections.py).
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict
from pathlib import Path

import typer

from newsprism.cli.common import console, db_option, existing_db, writing
from newsprism.records import Correction
from newsprism.store.corrections import CorrectionError, add_correction, list_corrections, resolve_speaker, speaker_of
from newsprism.store.db import Store

fix_app = typer.Typer(
    name="fix",
    help="Correct the analysis by hand: merge or split speakers, reassign or reject statements, undo. "
         "Kept across reruns; `fix list` shows them.",
    no_args_is_help=True,
)

WHY = "Why: kept with the correction (required)."
WHO = "Who makes it (default: your user name)."
DB_FIX = typer.Option("newsprism.db", "--db", help="SQLite database file to correct (it must exist).", dir_okay=False)


def default_who() -> str:
    """The OS user's name, or 'unknown' where none can be found."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


def describe(c: Correction) -> str:
    """One line saying what a correction does: 'correction 3: merge e000002 (Tomas Brell) into …'."""
    def speaker(ref, name):
        return f"{ref} ({name})" if name and name != ref else str(ref)

    if c.action == "merge":
        what = f"merge speaker {speaker(c.target, c.target_name)} into {speaker(c.value, c.value_name)}"
    elif c.action in ("split", "reassign"):
        what = f"{c.action} statement {c.target} to speaker {speaker(c.value, c.value_name)}"
    elif c.action == "reject":
        what = f"reject statement {c.target}"
    else:
        what = f"undo correction {c.target}"
    counted = f" ({c.applied} statement{'s' if c.applied != 1 else ''})" if c.action != "undo" else ""
    return f"correction {c.id}: {what}{counted} — {c.status}"


def correction_json(c: Correction) -> dict:
    return {**asdict(c), "status": c.status}


def _write(db: Path, make) -> Correction:
    """Run ``make(store)`` under the writer lock; a refused correction is one error line."""
    existing_db(db)
    with writing(db):
        with Store(db) as store:
            made = make(store)
    typer.echo(describe(made))
    return made


def _who(who: str | None) -> str:
    return who or default_who()


@fix_app.command("merge-speakers")
def merge_speakers(
    source: str = typer.Argument(..., help="Speaker whose statements move: entity id or name."),
    into: str = typer.Argument(..., help="Speaker they move to: entity id or name."),
    why: str = typer.Option(..., "--why", help=WHY),
    who: str = typer.Option(None, "--who", help=WHO),
    db: Path = DB_FIX,
) -> None:
    """Merge speaker SOURCE into speaker INTO (one person the analysis took for two).

    Example: newsprism fix merge-speakers "T. Brell" "Tomas Brell" --why "same minister" --db news.db
    """
    _write(db, lambda s: add_correction(s, "merge", resolve_speaker(s, source), resolve_speaker(s, into),
                                        who=_who(who), why=why))


@fix_app.command("split-speaker")
def split_speaker(
    speaker: str = typer.Argument(..., help="The speaker the statements have now: entity id or name."),
    statements: list[str] = typer.Argument(..., help="Statement ids (ARTICLE_ID:START-END) to take from it."),
    to: str = typer.Option(..., "--to", help="The speaker they go to: an entity id, or a name (a new speaker)."),
    why: str = typer.Option(..., "--why", help=WHY),
    who: str = typer.Option(None, "--who", help=WHO),
    db: Path = DB_FIX,
) -> None:
    """Split a speaker: give some of its statements another (or a new) speaker, one correction each.

    Example: newsprism fix split-speaker e000002 "art1:120-188" --to "Ana Brell" --why "his daughter" --db news.db
    """
    def make(store):
        ref = resolve_speaker(store, speaker)
        target = to.strip()
        if speaker_of(store, target) is None:
            try:
                target = resolve_speaker(store, target)
            except CorrectionError:  # no such speaker: the name of a new one
                pass
        made = None
        for number, statement in enumerate(statements, 1):
            made = add_correction(store, "split", statement, target, who=_who(who), why=why, speaker=ref)
            if number < len(statements):  # the last one is shown by _write
                typer.echo(describe(made))
        return made

    _write(db, make)


@fix_app.command("reassign")
def reassign(
    statement: str = typer.Argument(..., help="Statement id (ARTICLE_ID:START-END; the explorer shows it)."),
    speaker: str = typer.Argument(..., help="The speaker who said it: entity id or name."),
    why: str = typer.Option(..., "--why", help=WHY),
    who: str = typer.Option(None, "--who", help=WHO),
    db: Path = DB_FIX,
) -> None:
    """Give one statement another speaker.

    Example: newsprism fix reassign "art1:120-188" "Petra Osk" --why "the next paragraph names her" --db news.db
    """
    _write(db, lambda s: add_correction(s, "reassign", statement, resolve_speaker(s, speaker), who=_who(who),
                                        why=why))


@fix_app.command("reject")
def reject(
    statement: str = typer.Argument(..., help="Statement id (ARTICLE_ID:START-END)."),
    why: str = typer.Option(..., "--why", help=WHY),
    who: str = typer.Option(None, "--who", help=WHO),
    db: Path = DB_FIX,
) -> None:
    """Mark a statement wrong: it leaves every page, count and export (the correction keeps its text).

    Example: newsprism fix reject "art1:120-188" --why "a headline, not a statement" --db news.db
    """
    _write(db, lambda s: add_correction(s, "reject", statement, who=_who(who), why=why))


@fix_app.command("undo")
def undo(
    number: int = typer.Argument(..., help="The correction to withdraw (`fix list` numbers them)."),
    why: str = typer.Option(..., "--why", help=WHY),
    who: str = typer.Option(None, "--who", help=WHO),
    db: Path = DB_FIX,
) -> None:
    """Withdraw a correction (recorded as a correction of its own; nothing is deleted).

    Example: newsprism fix undo 3 --why "they are two people" --db news.db
    """
    _write(db, lambda s: add_correction(s, "undo", str(number), who=_who(who), why=why))


@fix_app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="JSON Lines on stdout, one correction a line."),
    db: Path = db_option(reads=True),
) -> None:
    """Every correction made by hand, in order, with who, when, why and whether it applies now.

    Example: newsprism fix list --db news.db
    """
    with Store(existing_db(db), readonly=True) as store:
        corrections = list_corrections(store)
    if as_json:
        for c in corrections:
            typer.echo(json.dumps(correction_json(c), ensure_ascii=False))
        return
    if not corrections:
        console.print("no corrections yet (`newsprism fix --help`)", highlight=False)
        return
    for c in corrections:
        typer.echo(describe(c))
        typer.echo(f"    by {c.who} at {c.at}: {c.why}")


def register(app: typer.Typer) -> None:
    app.add_typer(fix_app, name="fix")


__all__ = ["correction_json", "default_who", "describe", "fix_app", "register"]
