"""Per-article results as a partitioned Parquet dataset: one file per shard per table, plus a manifest.

Layout of a dataset folder::

    OUTDIR/_plan.json                   shards planned so far (kept across runs: resume and append)
    OUTDIR/_manifest/<shard_id>.json    one entry per finished shard (written last, atomically)
    OUTDIR/<table>/part-<shard_id>.parquet   articles, quotes, mentions, claims, loaded, skipped, results

The contract tables have exactly the columns and types of ``newsprism export --format
parquet`` (``EXPORT_COLUMNS``). ``results`` is the lossless form of each
``ArticleResult`` (JSON), which ``newsprism load`` turns back into records for the store;
the contract drops fields the store needs (local entities, speaker keys, quoted spans).
A shard counts as written only once its manifest entry exists; its files are written
under a temporary name and renamed into place, so a killed run leaves no partial file
under a final name, and a re-run rewrites a shard under the same names (no duplicates).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism.export import parquet_schema, write_parquet
from newsprism.errors import NewsprismError
from newsprism.records import (
    Article,
    ArticleResult,
    Claim,
    LoadedSpan,
    LocalEntity,
    Mention,
    Skipped,
    Statement,
)
from newsprism.pipeline import RunReport, fresh_results, record_skipped, store_batch
from newsprism.store.schema import EXPORT_COLUMNS

__all__ = [
    "SHARD_TABLES",
    "RESULTS_TABLE",
    "DatasetError",
    "ShardWriter",
    "result_rows",
    "skipped_row",
    "result_to_json",
    "result_from_json",
    "part_path",
    "manifest_path",
    "read_manifest",
    "finished_shards",
    "dataset_shard_ids",
    "load_plan",
    "write_json_atomic",
    "iter_dataset_results",
    "iter_dataset_skipped",
]

#: Export-contract tables the per-article phase fills (corpus tables come later, from the store).
CONTRACT_TABLES = ("articles", "quotes", "mentions", "claims", "loaded", "skipped")
#: Lossless per-article records for loading into the store.
RESULTS_TABLE = "results"
SHARD_TABLES = CONTRACT_TABLES + (RESULTS_TABLE,)
RESULTS_COLUMNS = ("article_id", "payload")
MANIFEST_DIR = "_manifest"
PLAN_FILE = "_plan.json"
PLAN_VERSION = 1


class DatasetError(NewsprismError, RuntimeError):
    """A Parquet dataset folder is missing, damaged or from other inputs."""

    code = "NP-E502"


# -- rows ---------------------------------------------------------------------


def _dedupe(rows: Iterable[dict], key) -> list[dict]:
    """First row per key wins, like the store's INSERT OR IGNORE."""
    seen: set = set()
    kept = []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            kept.append(row)
    return kept


def article_row(a: Article) -> dict:
    return {"article_id": a.article_id, "source_path": a.source_path, "url": a.url, "outlet": a.outlet,
            "title": a.title, "published": a.published, "date_source": a.date_source,
            "authors": list(a.authors), "text": a.text, "word_count": a.word_count, "language": a.language}


def result_rows(result: ArticleResult) -> dict[str, list[dict]]:
    """The export-contract rows of one article, as the store would export them before the corpus phase.

    Corpus-level columns (``quotes.speaker_id``, ``mentions.entity_id``) are null here:
    the corpus phase fills them in the store.
    """
    aid = result.article.article_id
    quotes = _dedupe(({
        "quote_id": s.quote_id(aid), "article_id": aid, "start": s.start, "end": s.end, "text": s.text,
        "kind": s.kind, "speaker": s.speaker, "speaker_id": None, "speaker_start": s.speaker_start,
        "speaker_end": s.speaker_end, "cue": s.cue, "cue_start": s.cue_start, "cue_end": s.cue_end,
        "speaker_type": s.speaker_type, "cue_lemma": s.cue_lemma, "addressee": s.addressee,
    } for s in result.statements), lambda r: r["quote_id"])
    mentions = _dedupe(({
        "article_id": aid, "entity_id": None, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
    } for m in result.mentions), lambda r: (r["start"], r["end"]))
    claims = _dedupe(({
        "claim_id": c.claim_id(aid), "article_id": aid, "start": c.start, "end": c.end, "text": c.text,
        "value": c.value, "value_low": c.value_low, "value_high": c.value_high, "unit": c.unit,
        "about": c.about,
    } for c in result.claims), lambda r: r["claim_id"])
    loaded = _dedupe(({
        "article_id": aid, "start": s.start, "end": s.end, "text": s.text, "category": s.category,
    } for s in result.loaded), lambda r: (r["start"], r["end"]))
    return {
        "articles": [article_row(result.article)],
        "quotes": sorted(quotes, key=lambda r: (r["start"], r["end"])),
        "mentions": sorted(mentions, key=lambda r: r["start"]),
        "claims": sorted(claims, key=lambda r: r["start"]),
        "loaded": sorted(loaded, key=lambda r: r["start"]),
        RESULTS_TABLE: [{"article_id": aid, "payload": result_to_json(result)}],
    }


def skipped_row(item: Skipped) -> dict:
    return {"source_path": item.source_path, "record": item.record or "", "reason": item.reason}


# -- lossless records ------------------------------------------------------------

_PARTS = (("statements", Statement), ("entities", LocalEntity), ("mentions", Mention),
          ("claims", Claim), ("loaded", LoadedSpan))


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _tupled(value):
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    return value


def result_to_json(result: ArticleResult) -> str:
    """Everything but the article itself (stored in ``articles``), losslessly."""
    payload = {}
    for name, _cls in _PARTS:
        payload[name] = [{f.name: _plain(getattr(item, f.name)) for f in dataclasses.fields(item)}
                         for item in getattr(result, name)]
    return json.dumps(payload, ensure_ascii=False)


def result_from_json(article: Article, payload: str) -> ArticleResult:
    data = json.loads(payload)
    parts = {name: tuple(cls(**{k: _tupled(v) for k, v in item.items()}) for item in data.get(name, ()))
             for name, cls in _PARTS}
    return ArticleResult(article=article, **parts)


def article_from_row(row: dict) -> Article:
    return Article(article_id=row["article_id"], text=row["text"], source_path=row["source_path"],
                   url=row["url"], outlet=row["outlet"], title=row["title"], published=row["published"],
                   date_source=row["date_source"], authors=tuple(row["authors"] or ()),
                   language=row["language"])


# -- files --------------------------------------------------------------------------


def table_columns(table: str) -> tuple[str, ...]:
    return RESULTS_COLUMNS if table == RESULTS_TABLE else EXPORT_COLUMNS[table]


def arrow_schema(table: str):
    if table == RESULTS_TABLE:
        return pa.schema([("article_id", pa.string()), ("payload", pa.string())])
    return parquet_schema(table)


def part_path(outdir: Path, table: str, shard_id: str) -> Path:
    return Path(outdir) / table / f"part-{shard_id}.parquet"


def manifest_path(outdir: Path, shard_id: str) -> Path:
    return Path(outdir) / MANIFEST_DIR / f"{shard_id}.json"


def write_json_atomic(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


class ShardWriter:
    """Streams one shard's rows into temporary Parquet files; ``commit`` renames them into place.

    Rows are buffered up to ``row_group`` articles, so memory stays bounded whatever the
    shard's size.
    """

    def __init__(self, outdir: str | Path, shard_id: str, *, row_group: int = 256) -> None:
        self.outdir = Path(outdir)
        self.shard_id = shard_id
        self.row_group = row_group
        self.counts = dict.fromkeys(SHARD_TABLES, 0)
        self._buffers: dict[str, list[dict]] = {t: [] for t in SHARD_TABLES}
        self._pending_articles = 0
        self._tmp: dict[str, Path] = {}
        self._writers = {}
        for table in SHARD_TABLES:
            final = part_path(self.outdir, table, shard_id)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
            self._tmp[table] = tmp
            self._writers[table] = pq.ParquetWriter(tmp, arrow_schema(table))

    def add_result(self, result: ArticleResult) -> None:
        for table, rows in result_rows(result).items():
            self._buffers[table].extend(rows)
        self._pending_articles += 1
        if self._pending_articles >= self.row_group:
            self.flush()

    def add_skipped(self, item: Skipped) -> None:
        self._buffers["skipped"].append(skipped_row(item))

    def flush(self) -> None:
        for table, rows in self._buffers.items():
            if not rows:
                continue
            columns = table_columns(table)
            data = {c: [row.get(c) for row in rows] for c in columns}
            self._writers[table].write_table(pa.table(data, schema=arrow_schema(table)))
            self.counts[table] += len(rows)
            rows.clear()
        self._pending_articles = 0

    def commit(self, entry: dict) -> dict:
        """Close the files, rename them into place, then write the manifest entry (last)."""
        self.flush()
        for writer in self._writers.values():
            writer.close()
        for table, tmp in self._tmp.items():
            os.replace(tmp, part_path(self.outdir, table, self.shard_id))
        entry = dict(entry, shard_id=self.shard_id, rows=dict(self.counts))
        write_json_atomic(manifest_path(self.outdir, self.shard_id), entry)
        return entry

    def abort(self) -> None:
        for writer in self._writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - best effort clean-up after another error
                pass
        for tmp in self._tmp.values():
            tmp.unlink(missing_ok=True)


def read_manifest(outdir: str | Path, shard_id: str) -> dict | None:
    path = manifest_path(Path(outdir), shard_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: unreadable manifest entry ({exc})") from exc


def finished_shards(outdir: str | Path, shard_ids: Iterable[str]) -> dict[str, dict]:
    """Manifest entries of the shards that are completely written (entry and every file present)."""
    done = {}
    for sid in shard_ids:
        entry = read_manifest(outdir, sid)
        if entry is not None and all(part_path(Path(outdir), t, sid).exists() for t in SHARD_TABLES):
            done[sid] = entry
    return done


def load_plan(outdir: Path) -> dict | None:
    """The dataset's saved shard plan (``None`` when there is none)."""
    path = Path(outdir) / PLAN_FILE
    if not path.exists():
        return None
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: unreadable plan ({exc})") from exc
    if plan.get("version") != PLAN_VERSION:
        raise DatasetError(f"{path}: plan version {plan.get('version')} is not {PLAN_VERSION}")
    return plan


def dataset_shard_ids(outdir: str | Path) -> list[str]:
    """Finished shards of a dataset, in plan order (= input order)."""
    plan = load_plan(Path(outdir))
    if plan is None:
        raise DatasetError(f"{outdir}: not a newsprism Parquet dataset (no {PLAN_FILE})")
    ids = [d["shard_id"] for d in plan["shards"]]
    done = finished_shards(outdir, ids)
    return [i for i in ids if i in done]



# -- reading back -------------------------------------------------------------------


def _iter_rows(path: Path, columns=None, batch_rows: int = 512) -> Iterator[dict]:
    with pq.ParquetFile(path) as pf:
        for batch in pf.iter_batches(batch_size=batch_rows, columns=columns):
            yield from batch.to_pylist()


def iter_dataset_results(outdir: str | Path, shard_ids: Iterable[str]) -> Iterator[ArticleResult]:
    """ArticleResults of the given shards in order, streamed (one row batch in memory at a time)."""
    outdir = Path(outdir)
    for sid in shard_ids:
        articles = _iter_rows(part_path(outdir, "articles", sid))
        results = _iter_rows(part_path(outdir, RESULTS_TABLE, sid))
        for arow, rrow in zip(articles, results, strict=True):
            if arow["article_id"] != rrow["article_id"]:
                raise DatasetError(f"shard {sid}: articles and results out of step at {arow['article_id']}")
            yield result_from_json(article_from_row(arow), rrow["payload"])


def iter_dataset_skipped(outdir: str | Path, shard_ids: Iterable[str]) -> Iterator[Skipped]:
    outdir = Path(outdir)
    for sid in shard_ids:
        for row in _iter_rows(part_path(outdir, "skipped", sid)):
            yield Skipped(row["source_path"], row["reason"], record=row["record"] or None)


# -- into the store -------------------------------------------------------------------


def load_dataset(outdir: str | Path, store, *, batch_size: int = 256, replace: bool = False,
                 on_skip=lambda item: None, on_article=lambda result: None, after_batch=lambda report: None,
                 on_clash=lambda clash: None):
    """Stream a dataset's finished shards into the store, in plan (= input) order; returns a RunReport.

    Same rules as ``newsprism analyze``: texts already stored are left as they are,
    duplicates are reported as skipped, and every stored article is marked pending for
    the corpus phase. Loading twice changes nothing. ``after_batch`` runs after each
    commit (the CLI runs the corpus phase there every N articles, to bound its memory).
    """
    report = RunReport()
    for sid in dataset_shard_ids(outdir):
        skipped = list(iter_dataset_skipped(outdir, [sid]))
        if skipped:
            record_skipped(store, report, on_skip, skipped)
        results = iter_dataset_results(outdir, [sid])
        while batch := list(itertools.islice(results, batch_size)):
            fresh = fresh_results(batch, store, report, on_skip, replace=replace, on_clash=on_clash)
            for result in store_batch(store, fresh, report, on_skip):
                on_article(result)
            after_batch(report)
    return report


#: Corpus-phase tables written back beside the per-article dataset after ``newsprism load``.
CORPUS_TABLES = ("entities", "stories", "links", "mentions", "quotes")


def write_corpus_tables(store, outdir: str | Path, tables: Iterable[str] = CORPUS_TABLES) -> dict[str, Path]:
    """Export corpus-phase results from the store to ``OUTDIR/corpus/<table>.parquet``.

    ``mentions`` and ``quotes`` are included because the corpus phase fills their
    ``entity_id`` and ``speaker_id``. All tables come from one read snapshot, are written in
    row groups (bounded memory) under a temporary name and renamed into place.
    """
    folder = Path(outdir) / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    with store.snapshot():
        for table in tables:
            path = folder / f"{table}.parquet"
            tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            write_parquet(tmp, arrow_schema(table), store.export_rows(table))
            os.replace(tmp, path)
            written[table] = path
    return written


def write_results_dataset(outdir: str | Path, results: Iterable[ArticleResult], *, per_shard: int = 500) -> list[str]:
    """A dataset of already analysed records (benches and tests: the corpus phase without spaCy), one shard per
    ``per_shard`` articles; returns the shard ids in plan order."""
    outdir = Path(outdir)
    ids: list[str] = []
    iterator = iter(results)
    while chunk := list(itertools.islice(iterator, per_shard)):
        shard_id = f"records-{len(ids):05d}"
        writer = ShardWriter(outdir, shard_id)
        for result in chunk:
            writer.add_result(result)
        writer.commit({"articles": len(chunk)})
        ids.append(shard_id)
    write_json_atomic(outdir / PLAN_FILE, {"version": PLAN_VERSION, "settings": {}, "files": {},
                                           "shards": [{"shard_id": sid} for sid in ids]})
    return ids
