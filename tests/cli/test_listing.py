"""CLI of issue 17: listings, speaker names, honest help; serve's port and IPv6; escaped console output."""

from __future__ import annotations

import json
import socket
import sys

import pytest
import typer
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store.db import Store

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from web.sample_store import IDS, fill_sample_store  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "sample.db"
    with Store(path) as store:
        fill_sample_store(store)
    return path


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_stories_lists_ids_for_compare(sample):
    result = runner.invoke(app, ["stories", "--db", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    rows = _json_lines(result.stdout)
    assert {r["story_id"] for r in rows} == {IDS.story, IDS.other_story, IDS.xss_story}
    bridge = next(r for r in rows if r["story_id"] == IDS.story)
    assert bridge["n_articles"] == 3 and bridge["n_statements"] == 4
    table = runner.invoke(app, ["stories", "--db", str(sample), "--limit", "1"])
    assert table.exit_code == 0 and IDS.story in table.stdout and "2 more" in table.stdout


def test_outlets_counts_articles_and_statements(sample):
    rows = _json_lines(runner.invoke(app, ["outlets", "--db", str(sample), "--json"]).stdout)
    by_outlet = {r["outlet"]: r for r in rows}
    assert by_outlet["Riverside Gazette"]["n_articles"] == 2 and by_outlet["Riverside Gazette"]["n_statements"] == 2
    assert by_outlet["blog-1"]["n_articles"] == 1  # the blog: no outlet known, its own outlet (queries.outlet_of)
    assert None not in by_outlet and "blog-1" in runner.invoke(app, ["outlets", "--db", str(sample)]).stdout


@pytest.mark.parametrize("args, expected", [
    ([], {IDS.quill, IDS.fenn_name, "Eve <b>Marlow</b>"}),
    (["quill"], {IDS.quill}),
    (["FENN"], {IDS.fenn_name}),
    (["--type", "no-such-type"], set()),
    (["nobody"], set()),
])
def test_speakers_lists_and_filters(sample, args, expected):
    result = runner.invoke(app, ["speakers", *args, "--db", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    assert {r["ref"] for r in _json_lines(result.stdout)} == expected


def test_speakers_table_prints_markup_as_text(sample):
    result = runner.invoke(app, ["speakers", "--db", str(sample)])
    assert "Eve <b>Marlow</b>" in result.stdout


def test_speaker_with_an_ambiguous_name_lists_the_candidates(tmp_path):
    db = tmp_path / "two.db"
    with Store(db) as store:
        fill_sample_store(store)
        with store.conn:  # a second entity whose alias also contains "quill" (FICTIONAL)
            store.conn.execute("INSERT INTO entities(entity_id, name, type, aliases) VALUES"
                               " ('ent-fenn', 'Tom Fenn', 'person', '[\"Fenn\", \"Tom Quillby\"]')")
            store.conn.execute("UPDATE quotes SET speaker_id = 'ent-fenn' WHERE speaker = 'Tom Fenn'")
    result = runner.invoke(app, ["speaker", "quill", "--db", str(db)])
    assert result.exit_code == 0 and "Ada Quill" in result.output  # an alias in full: that one
    result = runner.invoke(app, ["speaker", "uil", "--db", str(db)])
    assert result.exit_code == 1
    message = result.stderr
    assert "2 speakers match 'uil'" in message and IDS.quill in message and "ent-fenn" in message


@pytest.mark.parametrize("text, kind, cue, expected", [
    ("the bridge would close", "indirect", "claimed", "the bridge would close  [indirect; claimed]"),
    ("We will rebuild it.", "direct", "said", "“We will rebuild it.”  [direct; said]"),
    ("“Already quoted.”", "direct", None, "“Already quoted.”  [direct]"),
    ("a “loose” cannon", "term", None, "a “loose” cannon  [term]"),
])
def test_speaker_lines_mark_only_verbatim_words_as_quotes(text, kind, cue, expected):
    from newsprism.cli.speaker import statement_line

    assert statement_line(text, kind, cue) == expected


READ_ONLY = ("serve", "report", "speaker", "stories", "outlets", "speakers")


@pytest.mark.parametrize("name", READ_ONLY + ("analyze", "load"))
def test_db_help_says_whether_the_database_is_created(name):
    command = typer.main.get_command(app).commands[name]
    db = next(p for p in command.params if p.name == "db")
    if name in READ_ONLY:
        assert "must exist" in db.help and "created" not in db.help
    else:
        assert "created when missing" in db.help


@pytest.mark.parametrize("name", ["serve", "speaker", "stories", "analyze", "load"])
def test_flags_show_no_bool_type(name):
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "<bool>" not in result.output and "BOOLEAN" not in result.output


@pytest.mark.parametrize("host, shown", [("127.0.0.1", "127.0.0.1"), ("::1", "[::1]"), ("[::1]", "[::1]"),
                                         ("localhost", "localhost")])
def test_serve_url_brackets_ipv6(host, shown):
    from newsprism.cli.serve import url_host

    assert url_host(host) == shown


def test_serve_on_a_taken_port_says_so_before_serving(sample):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(sample), "--port", str(port)])
    assert result.exit_code == 1
    message = result.stderr
    assert f"port {port}" in message and "taken" in message and "--port" in message
    assert "serving" not in result.output


def test_skipped_paths_with_brackets_print_as_text(capsys):
    from newsprism.cli.common import console
    from newsprism.cli.load import _print_skipped
    from newsprism.records import Skipped

    with console.capture() as captured:
        _print_skipped(Skipped("in[1]/a[/b].json", "bad [red]json[/red]", record="[line 2]"))
    assert "skipped in[1]/a[/b].json [[line 2]]: bad [red]json[/red]" in captured.get()


@pytest.mark.parametrize("query, code, expected", [
    ("SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY outlet", 0,
     "Northern Ledger,1\nRiverside Gazette,2\n"),
    ("SELECT count(*) AS n FROM quotes;", 0, "n\n11\n"),
    ("DELETE FROM articles", 1, "not authorized"),
    ("SELECT 1; DELETE FROM articles", 1, "one statement at a time"),
    ("ATTACH 'other.db' AS other", 1, "not authorized"),
    ("PRAGMA journal_mode=DELETE", 1, "not authorized"),
    ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", 1, "longer than"),
    ("SELEC nothing", 1, "syntax error"),
])
def test_sql_reads_only(sample, query, code, expected):
    result = runner.invoke(app, ["sql", query, "--db", str(sample), "--seconds", "0.5"])
    assert result.exit_code == code
    shown = result.stdout if code == 0 else result.stderr
    assert expected in shown.replace("\r\n", "\n")
    with Store(sample, readonly=True) as store:
        assert store.count("articles") == 5  # nothing was written


def test_sql_caps_rows(sample):
    result = runner.invoke(app, ["sql", "SELECT quote_id FROM quotes", "--db", str(sample), "--max-rows", "3",
                                 "--json"])
    assert result.exit_code == 0 and len(_json_lines(result.stdout)) == 3 and "stopped at 3 rows" in result.output
