"""CLI: analyze, export, --version — exit codes and output, errors included."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def test_version_names_the_model():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("newsprism ")
    assert "spaCy model: en_core_web_sm" in result.output


def test_analyze_then_export_jsonl(seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "5 stored" in result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5


def test_export_needs_an_existing_database(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db"), str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "no such database" in str(result.exception) or "no such database" in result.output


def test_export_rejects_unknown_format(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "x.db"), "--format", "xml", str(tmp_path)])
    assert result.exit_code == 2
    assert "xml" in result.output


def test_analyze_field_mapping_must_be_name_equals_field(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(tmp_path / "x.db"), "--field", "oops"])
    assert result.exit_code != 0
