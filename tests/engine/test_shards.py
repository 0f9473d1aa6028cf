"""Shard planning and reading: cuts at record boundaries, and the same records as ingest (no parsing here)."""

from __future__ import annotations

import io
import os

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsprism.engine.shards import (
    RangeFile,
    ShardPlanError,
    plan_shards,
    read_shard,
    record_cuts,
)
from newsprism.engine.synthetic import fake_articles, write_jsonl, write_texts, write_warc
from newsprism.ingest import iter_inputs


def _warc_records(path, start, end) -> list[str]:
    stream = io.BufferedReader(RangeFile(str(path), start, end))
    return [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("shard_bytes", [1, 3000, 20_000, 10_000_000])
def test_warc_cuts_cover_every_record_once(tmp_path, gzip, shard_bytes):
    path = tmp_path / ("a.warc.gz" if gzip else "a.warc")
    write_warc(path, fake_articles(60, prefix="w"), gzip=gzip)
    cuts = record_cuts(str(path), "warc", shard_bytes)
    ranges = list(zip(cuts, cuts[1:] + [None]))
    urls = [u for start, end in ranges for u in _warc_records(path, start, end)]
    assert urls == _warc_records(path, 0, None)
    assert len(urls) == 60
    if shard_bytes == 10_000_000:
        assert cuts == [0]
    elif shard_bytes == 1:
        assert len(cuts) == 60  # one record per range


@pytest.mark.parametrize("shard_bytes", [1, 500, 4000, 10_000_000])
def test_jsonl_cuts_fall_on_line_starts(tmp_path, shard_bytes):
    path = tmp_path / "a.jsonl"
    write_jsonl(path, fake_articles(40, prefix="j"))
    data = path.read_bytes()
    cuts = record_cuts(str(path), "jsonl", shard_bytes)
    assert all(c == 0 or data[c - 1:c] == b"\n" for c in cuts)
    pieces = [data[a:b] for a, b in zip(cuts, cuts[1:] + [len(data)])]
    assert b"".join(pieces) == data
    assert all(p.endswith(b"\n") for p in pieces)


def test_whole_gzip_stream_is_not_cut(tmp_path):
    """A WARC gzipped as one stream (not per record) has no member boundaries to cut at."""
    import gzip

    plain = tmp_path / "a.warc"
    write_warc(plain, fake_articles(30), gzip=False)
    whole = tmp_path / "b.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert record_cuts(str(whole), "warc", 500) == [0]


@pytest.fixture
def mixed_inputs(tmp_path):
    """A folder like a real one: WARC, JSONL, text files (same stem in two folders), a bad line, a missing input."""
    root = tmp_path / "in"
    write_warc(root / "crawl.warc.gz", fake_articles(50, seed=3, prefix="w"))
    write_jsonl(root / "feed.jsonl", fake_articles(50, seed=4, prefix="j"))
    with open(root / "feed.jsonl", "a", encoding="utf-8") as out:
        out.write('{"id": "broken", "text": \n')
        out.write('{"text": "Mara Velsen said the harbour fire was out. No id on this line."}\n')
    write_texts(root / "a", fake_articles(5, seed=5, prefix="t"))
    write_texts(root / "b", fake_articles(5, seed=6, prefix="t"))  # same file names as in a/
    return [str(root), str(tmp_path / "missing.txt")]


@pytest.mark.parametrize("shard_bytes, files_per_shard", [(1500, 2), (10_000, 3), (10_000_000, 64)])
def test_shards_yield_what_ingest_yields(mixed_inputs, shard_bytes, files_per_shard):
    shards, _ = plan_shards(mixed_inputs, shard_bytes=shard_bytes, files_per_shard=files_per_shard)
    sharded = [item for shard in shards for item in read_shard(shard)]
    assert sharded == list(iter_inputs(mixed_inputs))
    if shard_bytes == 1500:
        assert sum(s.kind == "warc" for s in shards) > 3
        assert sum(s.kind == "jsonl" for s in shards) > 3


def test_plan_is_kept_and_changed_files_refused(mixed_inputs, tmp_path):
    shards, files = plan_shards(mixed_inputs, shard_bytes=3000)
    saved = {"files": files, "shards": [s.to_json() for s in shards]}
    again, _ = plan_shards(mixed_inputs, shard_bytes=999_999, previous=saved)
    assert [s.shard_id for s in again] == [s.shard_id for s in shards]  # old cuts win
    feed = os.path.join(mixed_inputs[0], "feed.jsonl")
    with open(feed, "a", encoding="utf-8") as out:
        out.write('{"id": "late", "text": "Added after planning."}\n')
    with pytest.raises(ShardPlanError, match="changed since"):
        plan_shards(mixed_inputs, previous=saved)


@pytest.mark.parametrize("inputs", [["-"], ["a.txt", "-"]])
def test_standard_input_cannot_be_sharded(inputs):
    with pytest.raises(ShardPlanError, match="standard input"):
        plan_shards(inputs)


def test_a_fifo_is_reported_not_planned(tmp_path):
    """Planning sniffs files; a FIFO sniffed there would reach the worker without its start (issue 12, item 6)."""
    import os

    from newsprism.engine.shards import plan_shards, read_shard

    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    shards, _ = plan_shards([str(fifo)])
    assert [s.kind for s in shards] == ["skipped"]
    (item,) = list(read_shard(shards[0]))
    assert item.reason.startswith("a pipe or FIFO can be read only once")
