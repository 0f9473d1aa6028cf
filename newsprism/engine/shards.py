"""Map the per-article phase over input shards: plan shards, read one, analyse it into Parquet.

A shard is a unit of work small enough to retry: a group of small files, or a byte range
of a large WARC or JSONL file cut at record boundaries (found by seeking to the target
offset and resynchronising on the next record, so planning reads a few kilobytes per cut,
not the file). Shards are plain data, so any backend can ship them: the serial one (tests),
local processes, or Dask (``newsprism.engine.dask``). Every backend runs the same
:func:`process_shard`, which parses with the same ``analyze_stream`` and ``analyze_doc``
as the local engine.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import hashlib
import io
import itertools
import multiprocessing
import os
import resource
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import psutil

from newsprism.engine.local import analyze_stream
from newsprism.errors import NewsprismError
from newsprism.engine.parquet import (
    PLAN_FILE,
    PLAN_VERSION,
    ShardWriter,
    finished_shards,
    load_plan,
    write_json_atomic,
)
from newsprism.ingest import (
    DEFAULT_MAX_BYTES,
    claim_document_id,
    failure_detail,
    is_json_lines,
    read_sources,
    sniff_source,
)
from newsprism.ingest.article import IdRegistry
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.jsonrec import field_names
from newsprism.ingest.meta import Sidecar, load_sidecars
from newsprism.ingest.sources import STDIN, Source, expand_inputs, open_binary
from newsprism.nlp import load_nlp
from newsprism.pipeline import article_failed
from newsprism.records import Article, Skipped

__all__ = [
    "Shard",
    "ShardOptions",
    "ShardBackend",
    "SerialBackend",
    "ProcessBackend",
    "ShardPlanError",
    "RunSummary",
    "plan_shards",
    "read_shard",
    "process_shard",
    "run_shards",
    "DEFAULT_SHARD_BYTES",
]

#: Target size of a byte-range shard of a large WARC/JSONL file.
DEFAULT_SHARD_BYTES = 16 * 1024 * 1024
#: Small files (one article each, typically) grouped into one shard.
DEFAULT_FILES_PER_SHARD = 64

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_BLOCK = 1 << 20


class ShardPlanError(NewsprismError, ValueError):
    """The inputs cannot be cut into shards (standard input, or a dataset planned from other inputs)."""

    code = "NP-E501"


@dataclass(frozen=True)
class Shard:
    """One unit of work: whole files, or the records of one file that start in ``[start, end)``."""

    shard_id: str
    kind: str  # "files", "warc" or "jsonl"
    paths: tuple[str, ...]  # as ingest names them (source_path)
    rels: tuple[str, ...]  # relative names ingest uses for article ids
    abspaths: tuple[str, ...]  # for workers whose current folder differs
    start: int = 0
    end: int | None = None
    first_line: int = 1  # JSONL: number of the first line of the range
    #: Article ids that files before this shard hold, as (id, owner): the shard's id registry starts
    #: with them, so a file gets the same id as in a one-process run ("index" vs "2017/index").
    reserved: tuple[tuple[str, str], ...] = ()
    reason: str | None = None  # kind "skipped": why the input named in ``paths`` cannot be read

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Shard:
        def tupled(v):
            return tuple(tupled(x) for x in v) if isinstance(v, list) else v

        return cls(**{k: tupled(v) for k, v in data.items()})


@dataclass(frozen=True)
class ShardOptions:
    """What every shard task needs besides the shard (sent once per task; small)."""

    outdir: str
    fields: dict[str, str] | None = None
    meta: str | None = None
    model: str | None = None
    batch_size: int = 32
    max_bytes: int | None = DEFAULT_MAX_BYTES  # None: no limit


# -- planning -------------------------------------------------------------------


def _shard_id(kind: str, rel: str, start: int = 0, end: int | None = None) -> str:
    digest = hashlib.sha1(f"{kind}\0{rel}\0{start}\0{end}".encode()).hexdigest()[:16]
    return digest


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(3) == _GZIP_MAGIC


def _sniffed(source: Source) -> tuple[str, bool] | None:
    """(format, gzipped?) as ingest decides it for this file, or None when ingest will report it as skipped."""
    try:
        return sniff_source(source)
    except (OSError, UnreadableInput):
        return None  # ingest reports it when the shard reads it


def _splittable_kind(source: Source, sniffed: tuple[str, bool] | None) -> str | None:
    """'warc' or 'jsonl' when the file can be cut at record boundaries.

    The format is ingest's (by content first): a WARC is one whatever its name; JSON is cut by lines
    only when ingest reads it as JSON Lines and it is not gzipped (a gzip stream cannot be entered
    mid-way)."""
    if sniffed is None:
        return None
    kind, gzipped = sniffed
    if kind == "warc":
        return "warc"
    if kind == "json" and is_json_lines(source.name) and not gzipped:
        return "jsonl"
    return None


def _valid_gzip_warc_member(f, pos: int) -> bool:
    f.seek(pos)
    head = f.read(4096)
    try:
        out = zlib.decompressobj(31).decompress(head, 16)
    except zlib.error:
        return False
    return out.startswith(_WARC_MAGIC)


def _valid_plain_warc_record(f, pos: int) -> bool:
    if pos < 4:
        return pos == 0
    f.seek(pos - 4)
    head = f.read(4 + 4096)
    if head[:4] != b"\r\n\r\n" or not head[4:].startswith(_WARC_MAGIC):
        return False
    header = head[4:].split(b"\r\n\r\n", 1)[0].lower()
    return b"\r\nwarc-type:" in header and b"\r\ncontent-length:" in header


def next_warc_record(f, offset: int, *, gz: bool) -> int | None:
    """Offset of the first WARC record starting at or after ``offset``, or None at the end."""
    magic = _GZIP_MAGIC if gz else _WARC_MAGIC
    valid = _valid_gzip_warc_member if gz else _valid_plain_warc_record
    pos = offset
    while True:
        f.seek(pos)
        block = f.read(_SCAN_BLOCK + len(magic))
        if len(block) < len(magic):
            return None
        i = block.find(magic)
        while i != -1 and i < _SCAN_BLOCK:
            if valid(f, pos + i):
                return pos + i
            i = block.find(magic, i + 1)
        if len(block) < _SCAN_BLOCK + len(magic):
            return None
        pos += _SCAN_BLOCK


def next_line_start(f, offset: int) -> int | None:
    """Offset just after the first newline at or after ``offset - 1`` (a line start), or None at the end."""
    if offset <= 0:
        return 0
    f.seek(offset - 1)
    f.readline()
    pos = f.tell()
    return pos if f.read(1) else None


def _count_newlines(f, start: int, end: int) -> int:
    f.seek(start)
    count, left = 0, end - start
    while left > 0:
        block = f.read(min(_SCAN_BLOCK, left))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


def record_cuts(path: str, kind: str, shard_bytes: int) -> list[int]:
    """Start offsets of the byte ranges of one file: 0, then a record start every ~shard_bytes."""
    size = os.path.getsize(path)
    cuts = [0]
    gz = kind == "warc" and _is_gzip(path)
    with open(path, "rb") as f:
        while cuts[-1] + shard_bytes < size:
            target = cuts[-1] + shard_bytes
            pos = next_warc_record(f, target, gz=gz) if kind == "warc" else next_line_start(f, target)
            if pos is None or pos >= size:
                break
            cuts.append(pos)
    return cuts


def _expand(inputs: Sequence[str], meta: str | None):
    if STDIN in inputs:
        raise ShardPlanError("the shard engines read files: save standard input to a file first")
    return expand_inputs(inputs, exclude=[meta] if meta else [])


def _file_key(path: str) -> list[int]:
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns]


def _claim_id(ids: IdRegistry, source: Source, group_owners: set[str], reserved: dict[str, str]) -> None:
    """Claim a document's id in the plan-wide registry (ingest's rule, ``claim_document_id``) and reserve,
    for its shard, the ids it passed over that files outside the shard hold: the shard's own registry
    then hands out the same id as a one-process run ("index" vs "2017/index")."""
    _id, passed = claim_document_id(source, ids)
    for name, holder in passed:
        if holder not in group_owners:
            reserved.setdefault(name, holder)
    group_owners.add(source.path)


def plan_shards(inputs: Sequence[str], *, shard_bytes: int = DEFAULT_SHARD_BYTES,
                files_per_shard: int = DEFAULT_FILES_PER_SHARD, meta: str | None = None,
                previous: dict | None = None) -> tuple[list[Shard], dict[str, list[int]]]:
    """Shards for ``inputs`` in input order, and the size/mtime of every file they cover.

    Files already in ``previous`` (a saved plan) keep their shards, so a re-run (or a run
    with more inputs) never cuts a file differently and never writes a record twice; a
    file that changed since is an error.
    """
    old_files = (previous or {}).get("files", {})
    old_by_file: dict[str, list[Shard]] = {}
    for data in (previous or {}).get("shards", []):
        shard = Shard.from_json(data)
        for p in shard.abspaths:
            old_by_file.setdefault(p, []).append(shard)
    shards: list[Shard] = []
    files: dict[str, list[int]] = {}
    reused: set[str] = set()
    ids = IdRegistry()
    group: list = []
    group_owners: set[str] = set()
    reserved: dict[str, str] = {}

    def close_group() -> None:
        if group:
            abspaths = tuple(os.path.abspath(s.path) for s in group)
            shards.append(Shard(_shard_id("files", "\0".join(abspaths)), "files", tuple(s.path for s in group),
                                tuple(s.rel for s in group), abspaths, reserved=tuple(sorted(reserved.items()))))
        group.clear()
        group_owners.clear()
        reserved.clear()

    if meta:
        _sidecar, unreadable, _conflicts = load_sidecars([meta])
        shards.extend(_skipped_shard(item) for item in unreadable)
    for source in _expand(inputs, meta):
        if isinstance(source, Skipped):
            close_group()
            shards.append(_skipped_shard(source))
            continue
        if source.size is None:  # a pipe or FIFO: planning would read what the worker then cannot
            close_group()
            shards.append(_skipped_shard(Skipped(source.path, "a pipe or FIFO can be read only once: "
                                                                    "use --engine local or save it to a file")))
            continue
        abspath = os.path.abspath(source.path)
        sniffed = _sniffed(source)
        document = sniffed is not None and sniffed[0] in ("text", "html")
        if abspath in old_files:
            if old_files[abspath] != _file_key(abspath):
                raise ShardPlanError(f"{source.path} changed since this dataset was planned; "
                                     "write to a new --parquet folder")
            close_group()
            if document:
                _claim_id(ids, source, set(), {})
            for shard in old_by_file.get(abspath, []):
                if shard.shard_id not in reused:
                    reused.add(shard.shard_id)
                    shards.append(shard)
            continue
        files[abspath] = _file_key(abspath)
        kind = _splittable_kind(source, sniffed)
        if kind is None:
            if document:
                _claim_id(ids, source, group_owners, reserved)
            group.append(source)
            if len(group) >= files_per_shard:
                close_group()
            continue
        close_group()
        cuts = record_cuts(abspath, kind, shard_bytes) + [None]
        with open(abspath, "rb") as f:
            line = 1
            for start, end in itertools.pairwise(cuts):
                shards.append(Shard(_shard_id(kind, abspath, start, end), kind, (source.path,),
                                    (source.rel,), (abspath,), start, end, line))
                if kind == "jsonl" and end is not None:
                    line += _count_newlines(f, start, end)
    close_group()
    return shards, files


def _skipped_shard(item: Skipped) -> Shard:
    """An input that could not even be listed: a shard that only reports it."""
    return Shard(_shard_id("skipped", f"{item.source_path}\0{item.record}\0{item.reason}"), "skipped",
                 (item.source_path,), (item.record or "",), (item.source_path,), reason=item.reason)


# -- reading one shard ---------------------------------------------------------------


class RangeFile(io.RawIOBase):
    """A read-only view of ``[start, end)`` of a file, seen from offset 0 (what readers expect)."""

    def __init__(self, path: str, start: int, end: int | None) -> None:
        self._f = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._start = start
        self._end = end if end is not None else os.path.getsize(path)
        self._f.seek(start)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._f.tell() - self._start

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: self._start, io.SEEK_CUR: self._f.tell(), io.SEEK_END: self._end}[whence]
        target = min(max(base + offset, self._start), self._end)
        self._f.seek(target)
        return target - self._start

    def readinto(self, buffer) -> int:
        left = self._end - self._f.tell()
        if left <= 0:
            return 0
        view = memoryview(buffer)[:left]
        return self._f.readinto(view)

    def close(self) -> None:
        self._f.close()
        super().close()


class _Prefixed(io.RawIOBase):
    """``prefix`` then ``stream``: blank lines in front of a JSONL range keep ingest's line numbers true."""

    def __init__(self, prefix: bytes, stream) -> None:
        self._prefix = memoryview(prefix)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix.nbytes:
            n = min(len(buffer), self._prefix.nbytes)
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        return self._stream.readinto(buffer)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _local_name(shard: Shard, i: int) -> str:
    """The name ingest should see: as given when it reaches the same file here, else absolute."""
    name, abspath = shard.paths[i], shard.abspaths[i]
    try:
        if os.path.samefile(name, abspath):
            return name
    except OSError:
        pass
    return abspath


@functools.lru_cache(maxsize=4)
def _sidecar(meta: str) -> Sidecar | None:
    """The sidecar, read once per worker; None when unreadable (reported once, by the plan's "skipped" shard)."""
    return load_sidecars([meta])[0]


def _range_opener(name: str, shard: Shard):
    def open_range():
        raw = RangeFile(name, shard.start, shard.end)
        if shard.kind == "jsonl" and shard.first_line > 1:
            raw = _Prefixed(b"\n" * (shard.first_line - 1), raw)
        return io.BufferedReader(raw, buffer_size=1 << 16)

    return open_range


def read_shard(shard: Shard, *, fields: dict[str, str] | None = None, meta: str | None = None,
               max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """Articles and skipped inputs of one shard, streamed, as ``iter_inputs`` yields them for these records
    (the same ``read_sources`` loop, over the shard's files or byte range)."""
    if shard.kind == "skipped":
        yield Skipped(shard.paths[0], shard.reason or "unreadable", record=shard.rels[0] or None)
        return
    ids = IdRegistry()
    for name, owner in shard.reserved:
        ids.claim([name], owner)
    yield from read_sources(_shard_sources(shard), ids=ids, names=field_names(fields), max_bytes=max_bytes,
                            sidecar=_sidecar(os.path.abspath(meta)) if meta else None)


def _shard_sources(shard: Shard) -> Iterator[Source]:
    for i, rel in enumerate(shard.rels):
        name = _local_name(shard, i)
        if shard.kind == "files":
            yield Source(name, rel, lambda p=name: open_binary(p), _size(name))
        else:
            yield Source(name, rel, _range_opener(name, shard), None)


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


# -- the task --------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (what a worker has needed at most)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory of this process now."""
    return psutil.Process().memory_info().rss / 2**20


def _articles_only(items: Iterable[Article | Skipped], writer: ShardWriter) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Skipped):
            writer.add_skipped(item)
        else:
            yield item


def _failed(writer: ShardWriter):
    """on_error for analyze_stream: an article whose analysis fails is a skipped row, not a failed shard."""
    def failed(article: Article, exc: BaseException) -> None:
        writer.add_skipped(article_failed(article, f"could not be analysed ({failure_detail(exc)})"))
    return failed


def process_shard(shard: Shard, options: ShardOptions) -> dict:
    """Read, parse and analyse one shard and write it to the dataset; returns its manifest entry.

    Runs on a worker. The spaCy pipeline is loaded once per process (``load_nlp`` is cached),
    so only the first shard on each worker pays for it.
    """
    started = time.perf_counter()
    writer = ShardWriter(options.outdir, shard.shard_id)
    try:
        items = read_shard(shard, fields=options.fields, meta=options.meta, max_bytes=options.max_bytes)
        # Strings and lexemes spaCy adds for this shard's texts are freed when the zone closes:
        # results are plain records by then, and a long-lived worker's vocabulary stays bounded.
        with load_nlp(options.model).memory_zone():
            for result in analyze_stream(_articles_only(items, writer), model=options.model,
                                         batch_size=options.batch_size, on_error=_failed(writer)):
                writer.add_result(result)
        return writer.commit({
            "shard": shard.to_json(),
            "seconds": round(time.perf_counter() - started, 3),
            "worker": f"{socket.gethostname()}:{os.getpid()}",
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "rss_mb": round(rss_mb(), 1),
            "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        })
    except BaseException:
        writer.abort()
        raise


# -- backends ----------------------------------------------------------------------------


class ShardBackend(Protocol):
    """Where shards run. ``map_unordered`` yields (shard, manifest entry or None, error or None)."""

    name: str

    def map_unordered(self, fn: Callable[[Shard], dict],
                      shards: Sequence[Shard]) -> Iterator[tuple[Shard, dict | None, BaseException | None]]:
        ...

    def close(self) -> None:
        ...


class SerialBackend:
    """Everything in this process, in order (tests, debugging)."""

    name = "serial"

    def map_unordered(self, fn, shards):
        for shard in shards:
            try:
                yield shard, fn(shard), None
            except Exception as exc:  # noqa: BLE001 - reported per shard; the run goes on
                yield shard, None, exc

    def close(self) -> None:
        pass


def _warm_up(model: str | None) -> None:
    load_nlp(model)


class ProcessBackend:
    """A pool of local processes, each loading spaCy once (no Dask needed)."""

    name = "processes"

    def __init__(self, workers: int = 2, *, model: str | None = None) -> None:
        self.workers = workers
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up, initargs=(model,))

    def map_unordered(self, fn, shards):
        futures = {self._pool.submit(fn, shard): shard for shard in shards}
        for future in concurrent.futures.as_completed(futures):
            shard = futures[future]
            error = future.exception()
            yield shard, (None if error else future.result()), error

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


# -- a whole run ---------------------------------------------------------------------------


@dataclass
class RunSummary:
    """What one run over a dataset did."""

    outdir: str
    shards: int = 0
    already_done: int = 0
    written: list[dict] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (shard id, error)
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(e["rows"]["articles"] for e in self.written)

    @property
    def skipped(self) -> int:
        return sum(e["rows"]["skipped"] for e in self.written)


def plan_dataset(inputs: Sequence[str], options: ShardOptions, *, shard_bytes: int = DEFAULT_SHARD_BYTES,
                 files_per_shard: int = DEFAULT_FILES_PER_SHARD) -> list[Shard]:
    """Plan (or extend the saved plan of) the dataset in ``options.outdir`` and save it."""
    outdir = Path(options.outdir)
    previous = load_plan(outdir)

    settings = {"fields": options.fields or {}, "meta": os.path.abspath(options.meta) if options.meta else None,
                "model": options.model,
                "max_bytes": options.max_bytes}
    if previous is not None:
        if previous.get("settings") != settings:
            raise ShardPlanError(f"{outdir} was written with other settings {previous.get('settings')}; "
                                 "use a new --parquet folder")
        shard_bytes = previous.get("shard_bytes", shard_bytes)
        files_per_shard = previous.get("files_per_shard", files_per_shard)
    shards, files = plan_shards(inputs, shard_bytes=shard_bytes, files_per_shard=files_per_shard,
                                meta=options.meta, previous=previous)
    if previous is not None:  # keep shards of files not named this time: they stay in the dataset
        named = {s.shard_id for s in shards}
        kept = [Shard.from_json(d) for d in previous["shards"] if d["shard_id"] not in named]
        shards = kept + shards
        files = {**previous["files"], **files}
    write_json_atomic(outdir / PLAN_FILE, {
        "version": PLAN_VERSION, "shard_bytes": shard_bytes, "files_per_shard": files_per_shard,
        "settings": settings, "files": files, "shards": [s.to_json() for s in shards],
    })
    return shards


def remove_stale_temporaries(outdir: str | Path) -> int:
    """Delete half-written files a killed run left (one run per dataset folder at a time)."""
    removed = 0
    for path in Path(outdir).glob("*/.part-*.parquet.tmp-*"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def run_shards(inputs: Sequence[str], options: ShardOptions, backend: ShardBackend, *,
               shard_bytes: int = DEFAULT_SHARD_BYTES, files_per_shard: int = DEFAULT_FILES_PER_SHARD,
               on_planned: Callable[[int, int], None] = lambda total, done: None,
               on_shard: Callable[[dict | None, BaseException | None], None] = lambda e, err: None,
               ) -> RunSummary:
    """Analyse every shard not yet written into the dataset at ``options.outdir``."""
    started = time.perf_counter()
    Path(options.outdir).mkdir(parents=True, exist_ok=True)
    shards = plan_dataset(inputs, options, shard_bytes=shard_bytes, files_per_shard=files_per_shard)
    done = finished_shards(options.outdir, [s.shard_id for s in shards])
    todo = [s for s in shards if s.shard_id not in done]
    remove_stale_temporaries(options.outdir)
    summary = RunSummary(outdir=str(options.outdir), shards=len(shards), already_done=len(done))
    on_planned(len(shards), len(done))
    task = _ShardTask(options)
    for shard, entry, error in backend.map_unordered(task, todo):
        if error is None:
            summary.written.append(entry)
        else:
            summary.failed.append((shard.shard_id, f"{type(error).__name__}: {error}"))
        on_shard(entry, error)
    summary.seconds = time.perf_counter() - started
    return summary


class _ShardTask:
    """``process_shard`` with its options bound (picklable, unlike a lambda)."""

    def __init__(self, options: ShardOptions) -> None:
        self.options = options

    def __call__(self, shard: Shard) -> dict:
        return process_shard(shard, self.options)
