"""Ingest's own answers the shard engines ask for: which id a file gets (and which ids it passed over),
what format a file is, and the one read loop with the sidecar applied."""

from __future__ import annotations

import gzip

import pytest

from newsprism.ingest import claim_document_id, is_json_lines, read_sources, sniff_source
from newsprism.ingest.article import IdRegistry
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.meta import Sidecar
from newsprism.ingest.sources import Source, open_binary
from newsprism.records import Article, Skipped


def _source(path, rel: str) -> Source:
    return Source(str(path), rel, lambda p=str(path): open_binary(p), None)


@pytest.mark.parametrize("held, candidates, expected_id, expected_passed", [
    ({}, ["index", "2017/index"], "index", []),
    ({"index": "a.txt"}, ["index", "2017/index"], "2017/index", [("index", "a.txt")]),
    ({"index": "a.txt", "2017/index": "b.txt"}, ["index", "2017/index"], "2017/index~2",
     [("index", "a.txt"), ("2017/index", "b.txt")]),
    ({"x": "a", "x~2": "b", "x~3": "c"}, ["x"], "x~4", [("x", "a"), ("x~2", "b"), ("x~3", "c")]),
    ({"index": "me"}, ["index"], "index", []),  # an id the same owner holds is its own
    ({}, ["", "2017/index"], "2017/index", []),  # empty candidates are left out
])
def test_claim_passing(held, candidates, expected_id, expected_passed):
    ids = IdRegistry()
    for name, owner in held.items():
        ids.claim([name], owner)
    assert ids.claim_passing(candidates, "me") == (expected_id, expected_passed)


def test_a_registry_seeded_with_the_passed_ids_hands_out_the_same_id():
    full = IdRegistry()
    for owner, stem in [("a", "index"), ("b", "2017/index"), ("c", "other")]:
        full.claim([stem], owner)
    got, passed = full.claim_passing(["index", "2017/index"], "d")
    seeded = IdRegistry()
    for name, owner in passed:
        seeded.claim([name], owner)
    assert seeded.claim(["index", "2017/index"], "d") == got == "2017/index~2"


def test_document_id_is_stem_then_path_below_the_input(tmp_path):
    (tmp_path / "2017").mkdir()
    first, second = tmp_path / "index.txt", tmp_path / "2017" / "index.txt"
    ids = IdRegistry()
    assert claim_document_id(_source(first, "index.txt"), ids) == ("index", [])
    assert claim_document_id(_source(second, "2017/index.txt"), ids) == ("2017/index", [("index", str(first))])


@pytest.mark.parametrize("name, data, expected", [
    ("a.txt", b"Plain words.", ("text", False)),
    ("a.json", b"<html><body><p>x</p></body></html>", ("html", False)),  # content first
    ("a.bin", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n", ("warc", False)),
    ("a.jsonl.gz", gzip.compress(b'{"text": "x"}\n', mtime=0), ("json", True)),
    ("noext", b'{"text": "x"}', ("json", False)),
], ids=["text", "html-content-first", "warc-by-content", "gzipped-json", "json-by-content"])
def test_sniff_source(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    assert sniff_source(_source(path, name)) == expected


@pytest.mark.parametrize("name, data", [
    ("empty.txt", b""),
    ("meta.csv", b"article_id,outlet\nx,y\n"),
    ("blob.txt", b"\x00\x01\x02\x03" * 20),
], ids=["empty", "sidecar-like", "binary"])
def test_sniff_source_refuses_what_ingest_skips(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableInput):
        sniff_source(_source(path, name))


@pytest.mark.parametrize("name, expected", [
    ("feed.jsonl", True), ("feed.ndjson", True), ("feed.jsonl.gz", True), ("feed.json", False), ("jsonl", False),
])
def test_is_json_lines(name, expected):
    assert is_json_lines(name) is expected


def test_read_sources_applies_the_sidecar_and_passes_skips_through(tmp_path):
    (tmp_path / "a.txt").write_text("Mayor speaks.\n\nThe mayor said it.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    lost = Skipped(str(tmp_path / "gone"), "no such file")
    sidecar = Sidecar({"a": {"article_id": "a", "outlet": "Fictional Herald"}})
    items = list(read_sources([_source(tmp_path / "a.txt", "a.txt"), lost, _source(tmp_path / "b.txt", "b.txt")],
                              ids=IdRegistry(), names={}, max_bytes=None, sidecar=sidecar))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Skipped"]
    assert isinstance(items[0], Article) and items[0].outlet == "Fictional Herald"
    assert items[1] is lost
    assert items[2].reason == "empty file"
    plain = list(read_sources([_source(tmp_path / "a.txt", "a.txt")], ids=IdRegistry(), names={}, max_bytes=None,
                              sidecar=None))
    assert plain[0].outlet is None
