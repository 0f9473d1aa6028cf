"""Inputs → sources: files, folders (recursive, sorted), globs and ``-`` (standard input).

A source is something to open as bytes; reading and format detection happen
later. Expansion is deterministic: folders are walked in sorted order, globs
are sorted, and a file reached twice is read once.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import io
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from newsprism.ingest.errors import UnreadableInput
from newsprism.records import Skipped

__all__ = ["Source", "expand_inputs", "open_binary", "shown", "strip_extensions", "KNOWN_EXTENSIONS", "IGNORED_NAMES"]

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


class _Borrowed(io.RawIOBase):
    """A stream we read but do not own (standard input): closing it leaves the stream open."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        data = self._stream.read(len(target))
        target[:len(data)] = data
        return len(data)


def _stdin_source() -> Source:
    """Standard input, streamed once (it may be a pipe carrying more than fits in memory)."""
    return Source(STDIN_PATH, "stdin", lambda: io.BufferedReader(_Borrowed(sys.stdin.buffer)), None)


def shown(path: str | os.PathLike) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 become ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _file_source(path: Path, rel: str) -> Source | Skipped:
    try:
        info = path.stat()
    except FileNotFoundError:
        return Skipped(shown(path), "no such file (a broken link?)")
    except OSError as exc:
        return Skipped(shown(path), f"cannot read: {exc.strerror or exc}")
    mode = info.st_mode
    if stat.S_ISDIR(mode):  # pragma: no cover - callers expand folders first
        return Skipped(shown(path), "is a directory")
    size = info.st_size if stat.S_ISREG(mode) else None
    return Source(shown(path), shown(rel), lambda p=str(path): open_binary(p), size)


def _ignored(name: str) -> bool:
    return name.startswith(".") or strip_extensions(name).lower() in IGNORED_NAMES


def _folders(root: Path) -> Iterator[tuple[Path, list[str]] | Skipped]:
    """(folder, sorted file names) for ``root`` and every folder below it, links followed, each real folder
    once; a link back to a folder already read (a loop, or a second way to the same folder) and a folder
    that cannot be listed are reported instead."""
    seen: dict[tuple[int, int], Path] = {}
    errors: list[OSError] = []
    try:
        info = root.stat()
    except OSError as exc:
        yield Skipped(shown(root), f"cannot read folder: {exc.strerror or exc}")
        return
    seen[(info.st_dev, info.st_ino)] = root
    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        while errors:
            error = errors.pop()
            yield Skipped(shown(error.filename or folder), f"cannot read folder: {error.strerror or error}")
        folder_path = Path(folder)
        keep = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            path = folder_path / name
            try:
                info = path.stat()
            except OSError as exc:
                yield Skipped(shown(path), f"cannot read folder: {exc.strerror or exc}")
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                first = seen[key]
                kind = ("symbolic link loop (leads back to" if first in (folder_path, *folder_path.parents)
                        else "same folder as")
                yield Skipped(shown(path), f"{kind} {shown(first)}; read once")
                continue
            seen[key] = path
            keep.append(name)
        dirnames[:] = keep
        yield folder_path, sorted(filenames)
    while errors:
        error = errors.pop()
        yield Skipped(shown(error.filename or root), f"cannot read folder: {error.strerror or error}")


def _file_in_folder(path: Path, root: Path | None) -> Source | Skipped:
    """A file found in a walk; its id-relative name is its path below ``root`` (the whole path without one)."""
    rel = path.relative_to(root).as_posix() if root is not None else path.as_posix()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Skipped(shown(path), "broken symbolic link")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(shown(path), "symbolic link loop")
        return Skipped(shown(path), f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(mode):
        return Skipped(shown(path), "not a regular file (pipe, socket or device)")
    return _file_source(path, rel)


def _walk(root: Path) -> Iterator[Source | Skipped]:
    """Every file under ``root`` in sorted order; hidden entries and README/LICENSE files are left out.
    Linked folders are followed; each real folder is read once and loops are reported."""
    for item in _folders(root):
        if isinstance(item, Skipped):
            yield item
            continue
        folder, filenames = item
        for name in filenames:
            if not _ignored(name):
                yield _file_in_folder(folder / name, root)


def _match(parts: list[str], patterns: list[str]) -> bool:
    """Whether path ``parts`` match glob ``patterns`` ('**' = any number of folders; '*' never matches a
    leading dot), as ``glob.glob(recursive=True)`` decides."""
    if not patterns:
        return not parts
    head, rest = patterns[0], patterns[1:]
    if head == "**":
        for i in range(len(parts) + 1):
            if i and parts[i - 1].startswith("."):
                break
            if _match(parts[i:], rest):
                return True
        return False
    if not parts or not fnmatch.fnmatchcase(parts[0], head):
        return False
    if parts[0].startswith(".") and not head.startswith("."):
        return False
    return _match(parts[1:], rest)


def _recursive_glob(pattern: str) -> Iterator[Source | Skipped]:
    """Files a pattern with '**' names, found by one walk that reads each real folder once (glob.glob
    follows linked folders round a loop without end). A folder the pattern matches is read whole, as a
    folder named on the command line is."""
    parts = pattern.split("/")
    fixed = list(itertools.takewhile(lambda part: not glob.has_magic(part), parts))
    root = Path("/".join(fixed) or ".") if fixed != [""] else Path("/")
    patterns = parts[len(fixed):]
    if not root.is_dir():
        return
    whole: list[Path] = []  # matched folders: everything below them is read
    for item in _folders(root):
        if isinstance(item, Skipped):
            yield item
            continue
        folder, filenames = item
        base = [] if folder == root else list(folder.relative_to(root).parts)
        inside = next((w for w in whole if w == folder or w in folder.parents), None)
        if inside is None and base and _match(base, patterns):
            whole.append(folder)
            inside = folder
        for name in filenames:
            if inside is not None and (not _ignored(name) or _match(base + [name], patterns)):
                yield _file_in_folder(folder / name, inside)
            elif inside is None and _match(base + [name], patterns):
                yield _file_in_folder(folder / name, None)


def _glob(name: str) -> list[Source | Skipped]:
    """Sources a glob names, sorted by path (reports after them)."""
    if "**" in name:
        found = list(_recursive_glob(name))
        return (sorted((f for f in found if isinstance(f, Source)), key=lambda f: f.path)
                + [f for f in found if isinstance(f, Skipped)])
    found = []
    for match in sorted(glob.glob(name)):
        path = Path(match)
        found.extend(_walk(path) if path.is_dir() else [_file_source(path, path.as_posix())])
    return found


def _expand_one(name: str) -> Iterator[Source | Skipped]:
    if name == STDIN:
        yield _stdin_source()
        return
    path = Path(name)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or path.is_symlink():
        yield _file_source(path, path.as_posix())
    elif matches := _glob(name):
        yield from matches
    else:
        yield Skipped(shown(name), "no such file, folder or matching glob")


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
