"""Export the store as one file per table: JSON Lines, CSV or Parquet, plus ``manifest.json``.

An export is consistent and never half-written under its final names:

- every table is read inside one read transaction (one snapshot of the database), so rows
  written meanwhile by ``analyze`` are in none of the files or in all of them;
- files are written into a staging folder inside ``OUTDIR`` and renamed into place when all
  are complete; ``manifest.json`` (format, tables, row counts, sizes, SHA-256) is removed
  first and written last, so a folder whose manifest is missing holds no finished export
  (run the same command again) and the manifest always describes the files beside it;
- files of an earlier export into the same folder that the new one does not write (another
  format) are removed, so one folder never mixes two exports;
- rows are streamed; Parquet is written in row groups of ``batch_rows`` rows, so memory
  stays bounded whatever the size of the store.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism.store.db import Store
from newsprism.store.schema import EXPORT_COLUMNS, SCHEMA_VERSION

__all__ = ["FORMATS", "MANIFEST", "export_store", "parquet_schema", "read_manifest", "write_parquet"]

FORMATS = ("jsonl", "csv", "parquet")
#: Name of the manifest written last into an export folder.
MANIFEST = "manifest.json"
#: Rows per Parquet row group (and per batch held in memory).
BATCH_ROWS = 4096
_STAGING_PREFIX = ".newsprism-export-"


def export_store(store: Store, outdir: str | Path, fmt: str = "jsonl", *,
                 batch_rows: int = BATCH_ROWS) -> dict[str, Path]:
    """Write every export table to ``outdir`` from one snapshot, then the manifest; returns {table: path}."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(outdir)
    staging = outdir / f"{_STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        tables: dict[str, dict] = {}
        with store.snapshot():
            for table, columns in EXPORT_COLUMNS.items():
                name = f"{table}.{fmt}"
                rows = _WRITERS[fmt](staging / name, table, columns, store.export_rows(table), batch_rows)
                tables[table] = {"file": name, "rows": rows}
        for info in tables.values():
            path = staging / info["file"]
            info["bytes"] = path.stat().st_size
            info["sha256"] = _sha256(path)
            _fsync(path)
        previous = read_manifest(outdir)
        (outdir / MANIFEST).unlink(missing_ok=True)  # from here until the new one: no finished export
        for info in tables.values():
            os.replace(staging / info["file"], outdir / info["file"])
        for old in (previous or {}).get("tables", {}).values():
            if isinstance(old, dict) and old.get("file") not in {i["file"] for i in tables.values()}:
                _remove_listed(outdir, old.get("file"))
        manifest = {"format": fmt, "schema_version": SCHEMA_VERSION, "tables": tables}
        _write_atomic(outdir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {table: outdir / info["file"] for table, info in tables.items()}


def read_manifest(outdir: str | Path) -> dict | None:
    """The manifest of an export folder, ``None`` when there is none (or it is unreadable)."""
    try:
        return json.loads((Path(outdir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _remove_listed(outdir: Path, name) -> None:
    """Remove a file an earlier manifest listed, only when it is a plain name in this folder."""
    if isinstance(name, str) and name and Path(name).name == name and not name.startswith("."):
        (outdir / name).unlink(missing_ok=True)


def _remove_stale_staging(outdir: Path) -> None:
    """Staging folders of exports that were killed (their process is gone)."""
    for path in outdir.glob(_STAGING_PREFIX + "*"):
        pid = path.name[len(_STAGING_PREFIX):]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _write_jsonl(path: Path, table: str, columns, rows: Iterable[dict], batch_rows: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
            count += 1
    return count


def _cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_csv(path: Path, table: str, columns, rows: Iterable[dict], batch_rows: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            count += 1
    return count


def _write_parquet(path: Path, table: str, columns, rows: Iterable[dict], batch_rows: int) -> int:
    return write_parquet(path, _schema(columns, table), rows, batch_rows=batch_rows)


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(path: str | Path, schema, rows: Iterable[dict], *, batch_rows: int = BATCH_ROWS) -> int:
    """Stream ``rows`` into one Parquet file, ``batch_rows`` rows per row group; returns the row count.

    Lists and objects go into text columns as JSON (``links.diff``), as the other formats write them.
    """
    text_columns = {f.name for f in schema if pa.types.is_string(f.type)}
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, batch_rows):
            data = {f.name: [_cell(row.get(f.name)) if f.name in text_columns else row.get(f.name)
                             for row in batch] for f in schema}
            writer.write_table(pa.table(data, schema=schema))
            count += len(batch)
    return count


def _schema(columns, table: str | None = None):
    return pa.schema([(c, _PARQUET_TYPES.get((table, c), _PARQUET_TYPES.get(c, pa.string()))) for c in columns])


def parquet_schema(table: str):
    """The Arrow schema of one export table (shared with the Dask engine's Parquet dataset)."""
    return _schema(EXPORT_COLUMNS[table], table)


def _parquet_types():
    ints = ("start", "end", "word_count", "speaker_start", "speaker_end", "cue_start", "cue_end", "id", "undone_by")
    floats = ("value", "value_low", "value_high")
    types = {c: pa.int64() for c in ints}
    types.update({c: pa.float64() for c in floats})
    types["authors"] = pa.list_(pa.string())
    types["aliases"] = pa.list_(pa.string())
    types["roles"] = pa.list_(pa.string())
    types["article_ids"] = pa.list_(pa.string())
    types[("corrections", "value")] = pa.string()  # a speaker ref, not a number as in claims
    return types


_PARQUET_TYPES = _parquet_types()
_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}
