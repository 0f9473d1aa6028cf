"""``newsprism speaker NAME``: one speaker's statements across stories, ordered by date."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from newsprism.cli.common import CliError, db_option, existing_db


def register(app: typer.Typer) -> None:
    @app.command()
    def speaker(
        name: str = typer.Argument(..., help="A speaker's name or part of it (\"Assad\")."),
        db: Path = db_option(),
        as_json: bool = typer.Option(False, "--json", help="Print JSON lines instead of text."),
    ) -> None:
        """Timeline of what one canonical speaker said: each statement once, with its date, story,
        outlets, original venue and how many versions were linked.

        Example: newsprism speaker "Assad" --db news.db
        """
        from newsprism.link.timeline import SpeakerNotFound, speaker_timeline
        from newsprism.store.db import Store

        with Store(existing_db(db), readonly=True) as store:
            try:
                entity, groups = speaker_timeline(store, name)
            except SpeakerNotFound as exc:
                raise CliError(str(exc)) from exc
        if as_json:
            typer.echo(json.dumps({"entity": entity}, ensure_ascii=False))
            for group in groups:
                typer.echo(json.dumps(group.as_dict(), ensure_ascii=False))
            return
        aliases = ", ".join(a for a in entity["aliases"] if a != entity["name"])
        typer.echo(f"{entity['name']} ({entity['entity_id']}){'  aka ' + aliases if aliases else ''}")
        for group in groups:
            venue = f"  [to {group.venue}]" if group.venue else ""
            versions = f"  ({len(group.quote_ids)} versions)" if len(group.quote_ids) > 1 else ""
            typer.echo(f"\n{group.date or 'undated':10}  {'; '.join(group.story_titles) or 'no story'}{venue}")
            typer.echo(f"            {', '.join(group.outlets)}{versions}")
            text = " ".join(group.text.split())
            quoted = text[:1] in "\"“‘'"
            typer.echo(f"            {text if quoted else '“' + text + '”'}")
