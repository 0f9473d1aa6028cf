"""Export the store as one file per table: JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from newsprism.store.db import Store
from newsprism.store.schema import EXPORT_COLUMNS

__all__ = ["FORMATS", "export_store", "parquet_schema"]

FORMATS = ("jsonl", "csv", "parquet")


def export_store(store: Store, outdir: str | Path, fmt: str = "jsonl") -> dict[str, Path]:
    """Write every export table to ``outdir`` and return {table: path}."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, columns in EXPORT_COLUMNS.items():
        path = outdir / f"{table}.{fmt}"
        _WRITERS[fmt](path, columns, store.export_rows(table))
        written[table] = path
    return written


def _write_jsonl(path: Path, columns, rows) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")


def _cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_csv(path: Path, columns, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def _write_parquet(path: Path, columns, rows) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {c: [] for c in columns}
    for row in rows:
        for c in columns:
            data[c].append(_cell(row.get(c)) if c in _JSON_TEXT_COLUMNS else row.get(c))
    pq.write_table(pa.table(data, schema=_schema(columns)), path)


def _schema(columns):
    import pyarrow as pa

    return pa.schema([(c, _PARQUET_TYPES.get(c, pa.string())) for c in columns])


def parquet_schema(table: str):
    """The Arrow schema of one export table (shared with the Dask engine's Parquet dataset)."""
    return _schema(EXPORT_COLUMNS[table])


def _parquet_types():
    import pyarrow as pa

    ints = ("start", "end", "word_count", "speaker_start", "speaker_end", "cue_start", "cue_end")
    floats = ("value", "value_low", "value_high")
    types = {c: pa.int64() for c in ints}
    types.update({c: pa.float64() for c in floats})
    types["authors"] = pa.list_(pa.string())
    types["aliases"] = pa.list_(pa.string())
    types["roles"] = pa.list_(pa.string())
    types["article_ids"] = pa.list_(pa.string())
    return types


_JSON_TEXT_COLUMNS = ("diff",)
_PARQUET_TYPES = _parquet_types()
_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}
