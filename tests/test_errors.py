"""One exception hierarchy with codes (issue 14, item 6): every error class derives from NewsprismError,
has its own documented code, keeps its builtin base, and reaches the user as one line with its code."""

from __future__ import annotations

import ast
import importlib
import pickle
import re
import sqlite3

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.errors import CODES, NewsprismError, describe, markdown
from tests_support import ROOT

runner = CliRunner()

def _all_exception_classes() -> dict[str, type]:
    """'module.Class' (under newsprism) -> class, for every exception class the package defines."""
    found = {}
    package = ROOT / "newsprism"
    for path in sorted(package.rglob("*.py")):  # every file: some packages have no __init__.py
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == name:
                found[f"{name.removeprefix('newsprism.')}.{value.__qualname__}"] = value
    found["errors.NewsprismError"] = NewsprismError
    return found


CLASSES = _all_exception_classes()
CODED = CLASSES


def test_the_package_defines_the_exception_classes_it_did():
    assert len(CLASSES) >= 36 and "store.db.StoreError" in CLASSES and "ingest.errors.UnreadableInput" in CLASSES


@pytest.mark.parametrize("name", sorted(CODED))
def test_every_error_class_derives_from_the_base_and_has_its_own_documented_code(name):
    cls = CODED[name]
    assert issubclass(cls, NewsprismError), f"{name} must derive from newsprism.errors.NewsprismError"
    assert "code" in vars(cls), f"{name} must name its own code, not inherit its parent's"
    assert cls.code in CODES, f"{name}: {cls.code} is not in the table of newsprism/errors.py"
    assert CODES[cls.code].raised_as == name


def test_codes_are_unique_well_formed_and_every_row_is_raised():
    rows = list(CODES.values())
    assert len({row.code for row in rows}) == len(rows) == len({row.raised_as for row in rows})
    for row in rows:
        assert re.fullmatch(r"NP-E\d{3}", row.code), row.code
        assert row.http_status in {300, 400, 404, 409, 500, 503}, row
        assert row.meaning and "\n" not in row.meaning and "|" not in row.meaning
        assert row.raised_as in CLASSES, f"{row.code}: no class {row.raised_as}"
    from newsprism import errors

    assert len(errors._ROWS) == len(CODES)  # no code written twice (the dict would hide one)


def test_docs_list_every_code_and_are_up_to_date():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert text == markdown(), "docs/errors.md is stale: run python scripts/make_error_docs.py"
    for code in CODES:
        assert f"| {code} |" in text


def test_errors_module_imports_nothing_from_newsprism():
    tree = ast.parse((ROOT / "newsprism" / "errors.py").read_text(encoding="utf-8"))
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in names if name.startswith("newsprism")]


#: The builtin base each class had before the hierarchy: callers' ``except ValueError`` etc. still catch them.
BUILTIN_BASES = {
    "extract.loaded.LexiconError": ValueError, "extract.linear.ModelFileError": ValueError,
    "extract.claims.TaxonomyError": ValueError, "extract.entities_lexicon.LexiconFormatError": ValueError,
    "extract.furniture.FurnitureFormatError": ValueError, "web.pages.BadRequest": ValueError,
    "web.views.NotFound": LookupError, "compare.timeline.AmbiguousSpeaker": LookupError, "engine.parquet.DatasetError": RuntimeError,
    "engine.corpus.DaskCorpusError": RuntimeError, "engine.shards.ShardPlanError": ValueError,
    "engine.dask.DaskEngineError": RuntimeError, "nlp.ModelNotFound": RuntimeError,
    "compare.story.StoryNotFound": LookupError, "compare.verbs.VerbClassError": ValueError,
    "compare.labels.LabelListError": ValueError, "link.alterations.AlterationWordsError": ValueError,
    "compare.timeline.SpeakerNotFound": LookupError, "eval.basil.BasilError": ValueError,
    "eval.claims.ClaimsEvalError": ValueError, "eval.basil_lex.BasilLexError": ValueError,
    "eval.alterations.AlterationsEvalError": ValueError, "eval.polnear.PolnearFormatError": ValueError,
    "eval.ggt.GgtFormatError": ValueError, "encoder.EncoderLoadError": RuntimeError,
    "store.db.StoreError": RuntimeError, "store.db.StoreLocked": RuntimeError, "store.queries.QueryTimeout": RuntimeError,
    "store.queries.SqlError": RuntimeError, "store.corrections.CorrectionError": RuntimeError,
    "store.search_syntax.SearchSyntaxError": ValueError,
}


@pytest.mark.parametrize("name, base", sorted(BUILTIN_BASES.items()))
def test_builtin_bases_are_kept(name, base):
    assert issubclass(CLASSES[name], base)
    assert not issubclass(CLASSES[name], OSError) or base is FileNotFoundError


def _instance(name: str) -> NewsprismError:
    """One instance of the class ``name``, with a message naming a file and record, as the raisers do."""
    cls = CODED[name]
    short = name.rsplit(".", 1)[1]
    if short == "StoreLocked":
        return cls("news.db", "4242")
    if short in ("Ambiguous", "AmbiguousSpeaker"):
        return cls("quill", [{"ref": "ent-1"}, {"ref": "ent-2"}])
    if short == "CorrectionError":
        return cls("unknown-speaker", "no speaker 'Nobody Ever'", "Nobody Ever")
    if short == "ModelFileError":
        return cls("model-missing", Path("models/cue_model.json"), "no cue model file", value="cue")
    if short == "UnreadableInput":
        return cls("feed.jsonl: not JSON", record="line 7")
    return cls("words.tsv: row 3: a bad row", value="words.tsv:3")


@pytest.mark.parametrize("name", sorted(CODED))
def test_errors_survive_pickling_with_code_value_and_message(name):
    error = _instance(name)
    error.__cause__ = None
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and back.value == error.value
    assert back.code == error.code and vars(back) == vars(error)


@pytest.mark.parametrize("name", sorted(CODED))
def test_every_error_reaches_the_cli_user_as_one_line_with_its_code(name, tmp_path, monkeypatch):
    from newsprism.cli import app
    from newsprism.store import queries
    from newsprism.store.db import Store

    db = tmp_path / "e.db"
    Store(db).close()
    error = _instance(name)

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(queries, "run_sql", failing)
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {describe(error)}\n"
    assert result.stderr.startswith(f"Error: [{error.code}] {error}")
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_command_that_succeeds_prints_no_error(tmp_path):
    from newsprism.cli import app
    from newsprism.store.db import Store

    Store(tmp_path / "e.db").close()
    result = runner.invoke(app, ["sql", "SELECT 1 AS one", "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 0 and "Error" not in result.output and "one" in result.stdout


#: Real CLI invocations that each trigger one error class: (arguments, the code shown, words of the message).
#: {tmp}: a scratch folder; {db}: an empty database in it; {empty}: an empty folder.
TRIGGERS = [
    (["report", "--db", "{tmp}/none.db", "{tmp}/out"], "NP-E001", "none.db: no such database"),
    (["speaker", "nobody", "--db", "{db}"], "NP-E001", "no speaker matching 'nobody'"),
    (["compare", "nostory", "--db", "{db}"], "NP-E401", "no story 'nostory'"),
    (["sql", "DELETE FROM articles", "--db", "{db}"], "NP-E304", "not authorized"),
    (["sql", "SELECT * FROM articles", "--db", "{tmp}/garbage.db"], "NP-E304", "file is not a database"),
    (["fix", "reject", "nosuch:1-2", "--why", "test", "--db", "{db}"], "NP-E306",
     "no statement 'nosuch:1-2' (ids look like ARTICLE_ID:START-END) [unknown-statement]"),
    (["outlets", "--db", "{db}", "--meta", "{tmp}/empty.csv"], "NP-E101", "empty.csv: empty file"),
    (["eval", "ggt", "{empty}"], "NP-E606", "has no gold.jsonl"),
    (["eval", "polnear", "{empty}"], "NP-E605", "has no text/ and attributions/ folders"),
    (["eval", "basil", "{empty}"], "NP-E601", "no BASIL article files"),
    (["eval", "basil-lex", "{empty}"], "NP-E602", "no BASIL articles"),
    (["load", "{empty}", "--db", "{tmp}/x.db", "--quiet"], "NP-E502", "not a newsprism Parquet dataset"),
    (["analyze", "{tmp}/a.txt", "--db", "{tmp}/garbage.db", "--quiet"], "NP-E301", "garbage.db: file is not a database"),
]


@pytest.mark.parametrize("args, code, says", TRIGGERS, ids=[f"{a[0]}-{c}" for a, c, _ in TRIGGERS])
def test_cli_errors_name_their_code_and_input(args, code, says, tmp_path):
    from newsprism.cli import app
    from newsprism.store.db import Store

    (tmp_path / "empty").mkdir()
    Store(tmp_path / "e.db").close()
    (tmp_path / "garbage.db").write_text("not a database, just words\n" * 200, encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A Headline\n\nA body of words that says nothing at all.\n", encoding="utf-8")
    filled = [a.format(tmp=tmp_path, db=tmp_path / "e.db", empty=tmp_path / "empty") for a in args]
    result = runner.invoke(app, filled)
    assert result.exit_code == 1, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"Error: [{code}] ") and says in line, result.stderr
    assert "Traceback" not in result.output and not isinstance(result.exception, NewsprismError)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name, status", [
    ("errors.NewsprismError", 500), ("store.db.StoreError", 500), ("web.views.NotFound", 404),
    ("compare.story.StoryNotFound", 404), ("compare.timeline.SpeakerNotFound", 404), ("compare.timeline.AmbiguousSpeaker", 300),
    ("store.queries.QueryTimeout", 503), ("store.db.StoreLocked", 409), ("store.search_syntax.SearchSyntaxError", 400),
    ("web.pages.BadRequest", 400), ("store.queries.SqlError", 400), ("store.corrections.CorrectionError", 400),
    ("engine.dask.DaskEngineError", 503), ("nlp.ModelNotFound", 500),
])
def test_http_status_for_the_web_edge(name, status):
    assert _instance(name).http_status == status


def test_value_and_message_name_what_was_at_fault():
    from newsprism.ingest.errors import UnreadableInput
    from newsprism.store.corrections import CorrectionError
    from newsprism.store.db import StoreLocked

    assert UnreadableInput("bad JSON", record="line 3").value == "line 3"
    locked = StoreLocked("news.db", "17")
    assert locked.value == "news.db" and "news.db" in str(locked) and locked.describe().startswith("[NP-E302] news.db")
    refused = CorrectionError("same-speaker", "'x' cannot be merged into itself", "x")
    assert (refused.rule, refused.value, refused.code) == ("same-speaker", "x", "NP-E306")
    assert describe(refused) == "[NP-E306] 'x' cannot be merged into itself [same-speaker]"
    assert describe(ValueError("plain")) == "plain"


def test_a_malformed_data_file_error_names_file_and_row(tmp_path, monkeypatch):
    """A real raiser: the verb class file with a bad row (the durability rule: say which file and row)."""
    from newsprism.compare import verbs

    bad = tmp_path / "verbs.tsv"
    bad.write_text("lemma\tclass\tsubclass\nsay\tneutral\tx\nclaim\tnonsense\tx\n", encoding="utf-8")
    monkeypatch.setattr(verbs, "VERB_FILE", bad)
    verbs.verb_classes.cache_clear()
    try:
        with pytest.raises(ValueError) as caught:  # still a ValueError for old callers
            verbs.verb_classes()
    finally:
        verbs.verb_classes.cache_clear()
    assert caught.value.code == "NP-E205" and f"{bad}:3" in str(caught.value)
    assert caught.value.value == f"{bad}:3"


def test_lookups_carry_the_id_asked_for(tmp_path):
    from newsprism.compare.story import StoryNotFound, story_view
    from newsprism.compare.timeline import SpeakerNotFound, speaker_view
    from newsprism.store.db import Store

    with Store(tmp_path / "e.db") as store:
        with pytest.raises(StoryNotFound) as story:
            story_view(store, "st-none")
        with pytest.raises(SpeakerNotFound) as speaker:
            speaker_view(store, "Nobody Ever")
    assert (story.value.value, story.value.http_status) == ("st-none", 404)
    assert (speaker.value.value, speaker.value.code) == ("Nobody Ever", "NP-E402")


def test_sqlite_errors_from_a_corrupt_file_are_store_errors(tmp_path):
    from newsprism.store.db import Store, StoreError

    garbage = tmp_path / "g.db"
    garbage.write_text("not a database\n" * 300, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store(garbage)
    assert caught.value.code == "NP-E301" and "g.db" in str(caught.value)
    assert not isinstance(caught.value, sqlite3.Error)
