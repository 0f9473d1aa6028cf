"""``newsprism speaker NAME``: one speaker's statements across stories, ordered by date."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from newsprism.cli.common import CliError, db_option, existing_db
from newsprism.records import VERBATIM_KINDS



def statement_line(text: str, kind: str | None, cue: str | None) -> str:
    """A statement as the CLI prints it: verbatim words in quotation marks, paraphrase without,
    then its kind and attribution verb."""
    text = " ".join(text.split())
    if kind in VERBATIM_KINDS:
        quoted = text[:1] in "\"“‘'" and text[-1:] in "\"”’'"
        text = text if quoted else f"“{text}”"
    return f"{text}  [{kind or 'statement'}{'; ' + cue if cue else ''}]"


def choose_speaker(store, name: str) -> dict:
    """The one speaker ``name`` means (the speaker view's resolution); CliError listing the
    candidates when it fits several."""
    from newsprism.compare.timeline import AmbiguousSpeaker, SpeakerNotFound, resolve_speaker

    try:
        chosen = resolve_speaker(store, name)
    except SpeakerNotFound as exc:
        raise CliError(f"{exc} (list them with `newsprism speakers`)") from exc
    except AmbiguousSpeaker as exc:
        matches = exc.matches
        listing = "\n".join(f"  {m['ref']:10} {m['name']}  ({m['n_statements']} statements)" for m in matches[:20])
        more = f"\n  … {len(matches) - 20} more" if len(matches) > 20 else ""
        raise CliError(f"{len(matches)} speakers match {name!r}; give a fuller name or an id:\n{listing}{more}") \
            from exc
    return _after_merges(store, chosen)


def _after_merges(store, chosen: dict) -> dict:
    """The speaker a merge by hand (``newsprism fix merge-speakers``) moved ``chosen``'s statements to, if any."""
    from newsprism.cli.common import console
    from newsprism.store.corrections import merged_speakers, speaker_of

    merged, seen = merged_speakers(store), set()
    while chosen["ref"] in merged and chosen["ref"] not in seen:
        seen.add(chosen["ref"])
        merge = merged[chosen["ref"]]
        into = speaker_of(store, merge.value)
        if into is None:
            break
        console.print(f"{chosen['name']} ({chosen['ref']}) was merged into {into['name']} ({into['ref']}) "
                      f"by correction {merge.id}", highlight=False, markup=False)
        chosen = {**chosen, "ref": into["ref"], "name": into["name"]}
    return chosen


def register(app: typer.Typer) -> None:
    @app.command()
    def speaker(
        name: str = typer.Argument(..., help="A speaker's name, alias, part of a name (\"Assad\") or entity id."),
        db: Path = db_option(reads=True),
        as_json: bool = typer.Option(False, "--json",
                                     help="Print the speaker view as one JSON object (speaker, statements, groups)."),
    ) -> None:
        """Timeline of what one canonical speaker said: each statement once, with its date, story,
        outlets, kind, attribution verb, original venue and how many versions were linked.

        A name that fits several speakers lists them instead. Verbatim words are shown in
        quotation marks; paraphrase (indirect speech) is not.

        Example: newsprism speaker "Assad" --db news.db
        """
        from newsprism.compare.timeline import speaker_view
        from newsprism.store.db import Store

        with Store(existing_db(db), readonly=True) as store:
            view = speaker_view(store, choose_speaker(store, name)["ref"])
        if as_json:
            typer.echo(json.dumps(view.as_dict(), ensure_ascii=False))
            return
        speaker = view.speaker
        aliases = ", ".join(a for a in speaker["aliases"] if a != speaker["name"])
        typer.echo(f"{speaker['name']} ({speaker['ref']}){'  aka ' + aliases if aliases else ''}")
        for group in view.groups:
            venue = f"  [to {group.venue}]" if group.venue else ""
            versions = f"  ({len(group.quote_ids)} versions)" if len(group.quote_ids) > 1 else ""
            typer.echo(f"\n{group.date or 'undated':10}  {'; '.join(group.story_titles) or 'no story'}{venue}")
            typer.echo(f"            {', '.join(group.outlets)}{versions}")
            typer.echo(f"            {statement_line(group.text, group.kind, group.cue)}")
