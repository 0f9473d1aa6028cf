"""``newsprism compare STORY_ID``: how each outlet told one story, side by side."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from newsprism.cli.common import CliError, db_option, existing_db
from newsprism.compare.story import story_view
from newsprism.store import framing
from newsprism.store.db import Store

#: Rows shown per section in the table view (JSON has everything).
SHOW = {"labels": 6, "label_rows": 12, "coverage": 15, "claims": 20}


def _short(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _values(claim: dict) -> str:
    value, low, high = claim.get("value"), claim.get("value_low"), claim.get("value_high")
    unit = claim.get("unit") or ""

    def fmt(x: float) -> str:
        return f"{x:,.3g}" if unit == "fraction" else f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"

    if low is not None and high is not None:
        number = f"{fmt(low)}–{fmt(high)}"
    elif low is not None:
        number = f"≥{fmt(low)}"
    elif high is not None:
        number = f"≤{fmt(high)}"
    else:
        number = fmt(value) if value is not None else "?"
    return f"{number} {unit}".strip()


def render(table: dict, console: Console) -> None:
    """Print the comparison as rich tables: labels, verbs, loaded language, claims, coverage."""
    outlets = table["outlets"]
    story = table.get("story") or {}
    console.print(f"[bold]Story {story.get('story_id', '?')}[/bold]: {story.get('title') or ''}", highlight=False)
    for article in table["articles"]:
        console.print(f"  {article['outlet_key']}: {article['article_id']} · {article.get('published') or 'date ?'}"
                      f" · {_short(article.get('title'), 60)}", highlight=False)

    actors = Table(title="Labels per actor (outlet's own voice; † evaluative)", title_justify="left")
    actors.add_column("actor")
    for outlet in outlets:
        actors.add_column(outlet)
    for entity in table["labels"][: SHOW["labels"]]:
        cells = []
        for outlet in outlets:
            shown = [f"{x['label']}{' †' if x['evaluative'] else ''} ×{x['count']}"
                     for x in entity["cells"].get(outlet, [])[: SHOW["label_rows"]]]
            cells.append("\n".join(shown) or "—")
        actors.add_row(entity["entity"], *cells)
    console.print(actors)
    quoted = [(entity["entity"], outlet, x) for entity in table["labels"][: SHOW["labels"]]
              for outlet, xs in entity.get("quoted", {}).items() for x in xs]
    for name, outlet, x in quoted:
        console.print(f"  quoted in {outlet}: {x['speaker']} calls {name} “{x['label']}”"
                      f"{' †' if x['evaluative'] else ''} ×{x['count']}", highlight=False)

    verbs = Table(title="Attribution verbs", title_justify="left")
    for name in ("outlet", "statements", "neutral", "evaluative", "evaluative share", "evaluative verbs"):
        verbs.add_column(name)
    for outlet in outlets:
        v = table["verbs"].get(outlet)
        if not v:
            verbs.add_row(outlet, "0", "", "", "", "")
            continue
        evaluative = ", ".join(f"{lemma} ({x['count']})" for lemma, x in v["verbs"].items()
                               if x["class"] == "evaluative")
        share = "" if v["evaluative_share"] is None else f"{v['evaluative_share']:.0%}"
        verbs.add_row(outlet, str(v["statements"]), str(v["classes"].get("neutral", 0)),
                      str(v["classes"].get("evaluative", 0)), share, evaluative)
    console.print(verbs)

    loaded = Table(title="Loaded language (outlet's own voice; quoted words apart)", title_justify="left")
    for name in ("outlet", "own voice", "per 1,000 words", "categories", "examples", "in quotes (who)"):
        loaded.add_column(name)
    for outlet in outlets:
        x = table["loaded"].get(outlet, {})
        quoted = "; ".join(f"{speaker}: {', '.join(terms)}" for speaker, terms in x.get("quoted_terms", {}).items())
        loaded.add_row(outlet, str(x.get("own_voice", 0)), str(x.get("per_1000_words") or ""),
                       ", ".join(f"{k} {n}" for k, n in x.get("categories", {}).items()),
                       _short(", ".join(x.get("terms", {})), 50), _short(quoted, 60))
    console.print(loaded)

    claims = Table(title="Numeric claims", title_justify="left")
    claims.add_column("about")
    claims.add_column("status")
    for outlet in outlets:
        claims.add_column(outlet)
    for row in table["claims"][: SHOW["claims"]]:
        cells = ["\n".join(f"{_short(c['text'], 30)} = {_values(c)}" for c in row["by_outlet"].get(o, [])) or "—"
                 for o in outlets]
        claims.add_row(row["about"], row["status"].replace("_", " "), *cells)
    console.print(claims)

    cover = Table(title="Coverage: statements and who carried them", title_justify="left")
    cover.add_column("speaker")
    cover.add_column("statement")
    for outlet in outlets:
        cover.add_column(outlet)
    for row in table["coverage"][: SHOW["coverage"]]:
        cells = []
        for outlet in outlets:
            carried = row["carried_by"].get(outlet)
            if not carried:
                cells.append("omitted")
            else:
                relations = sorted({r for c in carried for r in c["relations"]})
                changed = sorted({a for c in carried for a in c.get("alterations", [])})
                cells.append(", ".join([carried[0]["kind"] or "?", *relations, *(f"[{a}]" for a in changed)]))
        cover.add_row(row["speaker"] or "?", _short(row["text"], 60), *cells)
    console.print(cover)
    if len(table["coverage"]) > SHOW["coverage"]:
        console.print(f"  … {len(table['coverage']) - SHOW['coverage']} more statements (use --json)", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command()
    def compare(
        story_id: str = typer.Argument(None, help="Story id (stories.jsonl of `newsprism export`, or the explorer)."),
        db: Path = db_option(),
        as_json: bool = typer.Option(False, "--json", help="Print the whole comparison as JSON."),
        every: bool = typer.Option(False, "--all", help="Every story, one JSON object per line (an export)."),
    ) -> None:
        """How each outlet told one story: actor labels, attribution verbs, loaded language, claims, coverage.

        `--all` writes every story as JSON Lines: newsprism compare --all --db news.db > framing.jsonl

        Example: newsprism compare s000002 --db news.db --json
        """
        if every:
            with Store(existing_db(db), readonly=True) as store:
                for one in framing.all_story_ids(store):
                    typer.echo(json.dumps(story_view(store, one).as_dict(), ensure_ascii=False))
            return
        if story_id is None:
            raise CliError("give a STORY_ID, or --all for every story")
        with Store(existing_db(db), readonly=True) as store:
            table = story_view(store, story_id).as_dict()
        if as_json:
            typer.echo(json.dumps(table, ensure_ascii=False, indent=2))
            return
        render(table, Console(width=200))
