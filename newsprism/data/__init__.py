"""Packaged data files: word lists, taxonomies, trained models' configs and the demo corpus."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsprism.errors import NewsprismError

__all__ = ["DATA_DIR", "DataFileError", "TsvRow", "data_path", "read_tsv", "word_list", "WORD_LISTS_FILE",
           "demo_corpus_path", "demo_outlets_path"]

DATA_DIR = Path(__file__).parent
#: Small word lists used by code (``list<TAB>word``), each named and described in the file.
WORD_LISTS_FILE = "word_lists.tsv"


class DataFileError(NewsprismError, ValueError):
    """A packaged data file is malformed; the message names the file and the line."""

    code = "NP-E208"


@dataclass(frozen=True)
class TsvRow:
    """One data row of a packaged TSV file: its cells (stripped) and where it is (``path:line``)."""

    where: str
    values: tuple[str, ...]
    columns: tuple[str, ...]

    def __getitem__(self, column: str) -> str:
        """The cell under ``column`` ('' when the row stops before it)."""
        i = self.columns.index(column)
        return self.values[i] if i < len(self.values) else ""

    def __len__(self) -> int:
        return len(self.values)


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return DATA_DIR / name


def demo_corpus_path() -> Path:
    """The bundled fictional demo corpus (several formats)."""
    return DATA_DIR / "demo"


def demo_outlets_path() -> Path:
    """Outlet metadata (country, owner, lean, …) of the demo's FICTIONAL outlets, loaded by ``newsprism demo``."""
    return DATA_DIR / "demo_outlets.csv"


def read_tsv(name: str | Path, *, error: type[Exception] = DataFileError,
             missing_ok: bool = False) -> Iterator[TsvRow]:
    """The data rows of ``data/NAME`` (or of the file at a Path), a tab-separated word list: blank lines
    and lines starting with ``#`` are comments, the first other line names the columns. A row with more
    cells than the header raises ``error`` naming the file and line; a missing file yields nothing when
    ``missing_ok``.

    The one reader of the packaged word lists: loaders check the values and raise their own errors
    with ``row.where``.
    """
    path = name if isinstance(name, Path) else data_path(name)
    if missing_ok and not path.exists():
        return
    columns: tuple[str, ...] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        values = tuple(cell.strip() for cell in line.split("\t"))
        if columns is None:
            columns = values
            continue
        if len(values) > len(columns):
            message = f"{path}:{number}: expected {len(columns)} columns ({', '.join(columns)}), got {len(values)}"
            raise error(message, value=f"{path}:{number}") if issubclass(error, NewsprismError) else error(message)
        yield TsvRow(f"{path}:{number}", values, columns)


@functools.lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    for row in read_tsv(WORD_LISTS_FILE):
        if not row["list"] or not row["word"]:
            raise DataFileError(f"{row.where}: expected a list name and a word", value=row.where)
        lists.setdefault(row["list"], set()).add(row["word"])
    return {name: frozenset(words) for name, words in lists.items()}


def word_list(name: str) -> frozenset[str]:
    """The words of list ``name`` in ``data/word_lists.tsv`` (case kept); DataFileError when there is none."""
    lists = _word_lists()
    if name not in lists:
        raise DataFileError(f"{data_path(WORD_LISTS_FILE)} has no list {name!r} (lists: {', '.join(sorted(lists))})",
                            value=name)
    return lists[name]
