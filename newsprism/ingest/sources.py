"""Inputs → sources: files, folders (recursive, sorted), globs and ``-`` (standard input).

A source is something to open as bytes; reading and format detection happen
later. Expansion is deterministic: folders are walked in sorted order, globs
are sorted, and a file reached twice is read once.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from newsprism.ingest.errors import UnreadableInput
from newsprism.records import Skipped

__all__ = ["Source", "expand_inputs", "open_binary", "strip_extensions", "KNOWN_EXTENSIONS", "IGNORED_NAMES"]

STDIN = "-"
STDIN_PATH = "<stdin>"

#: Extensions stripped from file names to make article ids ("a.html.gz" → "a"); others are part of the name.
KNOWN_EXTENSIONS = frozenset({
    "gz", "txt", "text", "md", "markdown", "html", "htm", "xhtml", "shtml", "json", "jsonl", "ndjson",
    "warc", "arc",
})
#: File names (without extensions, case-insensitive) that document a corpus folder and are not articles.
IGNORED_NAMES = frozenset({"readme", "license", "licence", "changelog"})


def open_binary(path: str) -> BinaryIO:
    """Open a file for reading bytes (one seam, so tests can simulate an unreadable file)."""
    return open(path, "rb")  # noqa: SIM115 - caller closes


@dataclass(frozen=True)
class Source:
    """One file (or standard input) to read."""

    path: str  # as shown to the user and stored as source_path
    rel: str  # path relative to the input it came from, for disambiguating ids
    opener: Callable[[], BinaryIO]
    size: int | None = None  # bytes on disk when known

    @property
    def name(self) -> str:
        return PurePosixPath(self.rel).name

    @property
    def stem(self) -> str:
        return strip_extensions(self.name)

    @property
    def rel_stem(self) -> str:
        parent = PurePosixPath(self.rel).parent
        return self.stem if str(parent) == "." else f"{parent.as_posix()}/{self.stem}"

    def open(self) -> BinaryIO:
        try:
            return self.opener()
        except PermissionError as exc:
            raise UnreadableInput("permission denied") from exc
        except FileNotFoundError as exc:
            raise UnreadableInput("no such file (a broken link?)") from exc
        except IsADirectoryError as exc:  # pragma: no cover - folders are expanded earlier
            raise UnreadableInput("is a directory") from exc
        except OSError as exc:
            raise UnreadableInput(f"cannot open: {exc.strerror or exc}") from exc


def strip_extensions(name: str) -> str:
    """File name without its known extensions: 'a.html.gz' → 'a', 'cnn.com-story.html' → 'cnn.com-story'."""
    stem = name
    while "." in stem:
        base, ext = stem.rsplit(".", 1)
        if not base or ext.lower() not in KNOWN_EXTENSIONS:
            break
        stem = base
    return stem


def _stdin_source() -> Source:
    data = sys.stdin.buffer.read()
    return Source(STDIN_PATH, "stdin", lambda: io.BytesIO(data), len(data))


def _file_source(path: Path, rel: str) -> Source | Skipped:
    try:
        info = path.stat()
    except FileNotFoundError:
        return Skipped(str(path), "no such file (a broken link?)")
    except OSError as exc:
        return Skipped(str(path), f"cannot read: {exc.strerror or exc}")
    mode = info.st_mode
    if stat.S_ISDIR(mode):  # pragma: no cover - callers expand folders first
        return Skipped(str(path), "is a directory")
    size = info.st_size if stat.S_ISREG(mode) else None
    return Source(str(path), rel, lambda p=str(path): open_binary(p), size)


def _ignored(name: str) -> bool:
    return name.startswith(".") or strip_extensions(name).lower() in IGNORED_NAMES


def _walk(root: Path) -> Iterator[Source | Skipped]:
    """Every file under ``root`` in sorted order; hidden entries and README/LICENSE files are left out."""
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if _ignored(name):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            try:
                mode = path.stat().st_mode
            except FileNotFoundError:
                yield Skipped(str(path), "broken symbolic link")
                continue
            except OSError as exc:
                yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
                continue
            if not stat.S_ISREG(mode):
                yield Skipped(str(path), "not a regular file (pipe, socket or device)")
                continue
            yield _file_source(path, rel)


def _expand_one(name: str) -> Iterator[Source | Skipped]:
    if name == STDIN:
        yield _stdin_source()
        return
    path = Path(name)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or path.is_symlink():
        yield _file_source(path, path.as_posix())
    elif matches := sorted(glob.glob(name, recursive=True)):
        for match in matches:
            matched = Path(match)
            if matched.is_dir():
                yield from _walk(matched)
            else:
                yield _file_source(matched, matched.as_posix())
    else:
        yield Skipped(name, "no such file, folder or matching glob")


def expand_inputs(inputs: Iterable[str], *, exclude: Iterable[str] = ()) -> Iterator[Source | Skipped]:
    """Sources for all inputs, in order, each file once; ``exclude`` names files to leave out (the --meta sidecar)."""
    seen = {os.path.realpath(p) for p in exclude}
    for name in inputs:
        for item in _expand_one(name):
            if isinstance(item, Source) and item.path != STDIN_PATH:
                key = os.path.realpath(item.path)
                if key in seen:
                    continue
                seen.add(key)
            yield item
