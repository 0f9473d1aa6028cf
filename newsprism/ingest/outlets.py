"""Outlet metadata from a CSV or TSV file the user supplies: outlet, country, owner, lean, and any other columns.

Nothing here is inferred: a value is what the file says, an empty cell is unknown. Columns other than the
four known ones are kept as they are (name and value, in the file's order). ``outlet`` must match the
outlet names the articles carry (``newsprism outlets`` lists them); other names are kept too and reported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.text import decode_text
from newsprism.records import OutletMeta

__all__ = ["OUTLET_COLUMNS", "load_outlet_meta"]

#: Our field ← the column names accepted for it (case-insensitive), in order of preference.
OUTLET_COLUMNS = {
    "outlet": ("outlet", "name", "source", "publisher", "site_name", "domain"),
    "country": ("country",),
    "owner": ("owner", "ownership"),
    "lean": ("lean", "leaning", "bias"),
}


def _dialect(first_line: str):
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",\t;")
    except csv.Error:
        return csv.excel


def load_outlet_meta(path: str | Path) -> tuple[list[OutletMeta], list[str]]:
    """The file's outlets (one record each) and warnings (a row without outlet, an outlet given twice: the
    later row wins). Raises UnreadableInput when the file cannot be read or has no outlet column."""
    try:
        text, _ = decode_text(Path(path).read_bytes())
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text.split("\n", 1)[0]))
    header = next(reader, None)
    if not header:
        raise UnreadableInput(f"{path}: empty file")
    names = [h.strip() for h in header]
    lowered = [n.lower() for n in names]
    index: dict[str, int] = {}
    for field, accepted in OUTLET_COLUMNS.items():
        found = next((lowered.index(a) for a in accepted if a in lowered), None)
        if found is not None:
            index[field] = found
    if "outlet" not in index:
        raise UnreadableInput(f"{path}: no outlet column (columns: {', '.join(names) or 'none'})")
    known = set(index.values())
    records: dict[str, OutletMeta] = {}
    warnings: list[str] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cell = lambda i: (cells[i].strip() if i < len(cells) else "") or None  # noqa: E731
        outlet = cell(index["outlet"])
        if outlet is None:
            warnings.append(f"{path}: line {line}: no outlet; row left out")
            continue
        if outlet in records:
            warnings.append(f"{path}: line {line}: {outlet!r} given again; this later row is used")
        extra = tuple((names[i], cell(i) or "") for i in range(len(names)) if i not in known and names[i])
        records[outlet] = OutletMeta(outlet=outlet, country=cell(index["country"]) if "country" in index else None,
                                     owner=cell(index["owner"]) if "owner" in index else None,
                                     lean=cell(index["lean"]) if "lean" in index else None,
                                     extra=extra, source=Path(path).name)
    return list(records.values()), warnings
