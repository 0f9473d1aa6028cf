"""Ingest: turn inputs of any reasonable kind into Articles, reporting the ones that can't be read.

``iter_inputs`` is the single entry point. It never raises for a bad input: it
yields a :class:`~newsprism.records.Skipped` naming the file (and record) and
the reason, and goes on. The rules (formats, ids, dates, limits) are written up
for users in ``docs/ingest.md``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence

from newsprism.ingest.article import Found, IdRegistry, make_article
from newsprism.ingest.detect import (GZIP_MAGIC, HEAD_BYTES, detect_format, gzip_error, maybe_gunzip, read_head,
                                     read_limited)
from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.html import read_html
from newsprism.ingest.jsonrec import Record, field_names, found_from_record, iter_json_records, record_limit
from newsprism.ingest.meta import Sidecar, load_sidecars, sidecar_paths
from newsprism.ingest.sources import STDIN_PATH, Source, expand_inputs
from newsprism.ingest.text import decode_text, headline_of, normalise_newlines
from newsprism.ingest.warc import iter_warc_pages
from newsprism.records import Article, Skipped

__all__ = ["iter_inputs", "read_source", "read_sources", "sniff_source", "claim_document_id", "is_json_lines",
           "DEFAULT_MAX_BYTES", "UnreadableInput", "failure_detail", "unexpected"]

log = logging.getLogger(__name__)

#: Largest single document (a text or HTML file, a WARC record, a JSON text) read, in bytes.
#: Bigger ones are skipped with a reason: a 20 MB "article" is a dump, and parsing it would stall a run.
DEFAULT_MAX_BYTES = 10_000_000


def iter_inputs(inputs: Iterable[str], *, fields: dict[str, str] | None = None,
                meta: str | Sequence[str] | None = None,
                max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """Yield an Article or a Skipped for every input (files, directories, globs, '-').

    ``meta``: one sidecar file or several; they are merged with the sidecars found at the top of input
    folders (``meta.csv`` …), later files winning (``newsprism.ingest.meta``).
    """
    inputs = list(inputs)
    paths = sidecar_paths(inputs, meta)
    sidecar, unreadable, _conflicts = load_sidecars(paths)  # conflicts: reported by the caller (analyze)
    yield from unreadable
    yield from read_sources(expand_inputs(inputs, exclude=paths), ids=IdRegistry(), names=field_names(fields),
                            max_bytes=max_bytes, sidecar=sidecar)


def read_sources(sources: Iterable[Source | Skipped], *, ids: IdRegistry, names: dict, max_bytes: int | None,
                 sidecar: Sidecar | None) -> Iterator[Article | Skipped]:
    """Everything the sources hold, in order, with the sidecar's metadata applied to each article
    (inputs that could not even be listed pass through as they are). The shard engines call it too."""
    for item in sources:
        if isinstance(item, Skipped):
            yield item
            continue
        for result in read_source(item, ids=ids, names=names, max_bytes=max_bytes):
            if sidecar is not None and isinstance(result, Article):
                result = sidecar.apply(result)
            yield result


def sniff_source(source: Source) -> tuple[str, bool]:
    """(format, gzipped?) of a source, decided as :func:`read_source` decides it (by content first).

    Reads only the first bytes. Raises UnreadableInput or OSError where reading it would skip it."""
    with source.open() as raw:
        kind, compressed, _stream = _sniff(raw, source.name)
    return kind, compressed


def claim_document_id(source: Source, ids: IdRegistry) -> tuple[str, list[tuple[str, str]]]:
    """The id of a text or HTML file (its stem, else its path below the input folder, else ``~2``…),
    and the ids passed over because other inputs hold them (``IdRegistry.claim_passing``)."""
    return ids.claim_passing([source.stem, source.rel_stem], source.path)


def read_source(source: Source, *, ids: IdRegistry, names: dict, max_bytes: int | None) -> Iterator[Article | Skipped]:
    """Everything one file (or standard input) holds: articles, and a Skipped for each bad part.

    The source is opened and read once, front to back (a pipe or FIFO cannot be
    read twice); a failure in one record costs that record, a failure of the
    file itself the rest of the file, never the run.
    """
    try:
        with source.open() as raw:
            kind, compressed, stream = _sniff(raw, source.name)
            if kind == "warc":
                yield from _warc_articles(source, stream, ids, max_bytes)
            elif kind == "json":
                yield from _json_articles(source, stream, ids, names, max_bytes)
            else:
                yield _document_article(source, stream, kind, compressed, ids, max_bytes)
    except UnreadableInput as exc:
        yield Skipped(source.path, exc.reason, record=exc.record)
    except OSError as exc:
        yield Skipped(source.path, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug or a library surprise must not end the whole run
        yield Skipped(source.path, unexpected(exc, source.path))


def failure_detail(exc: BaseException) -> str:
    """What went wrong, for a failure no code foresaw, in words (not an internal exception name)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, MemoryError):
        return "too large to hold in memory"
    if isinstance(exc, UnicodeError):
        return "invalid Unicode text"
    return f"unexpected error: {str(exc)[:200] or 'no detail'}"


def unexpected(exc: BaseException, where: str) -> str:
    """The reason for a failure no reader foresaw: what went wrong, never an internal exception name."""
    log.debug("reading %s failed", where, exc_info=exc)
    return f"could not be read ({failure_detail(exc).replace('unexpected error', 'unexpected error in the reader')})"


def _sniff(raw, name: str):
    """(format, gzipped?, the stream to read it from): the first bytes are read once and handed out again."""
    try:
        head, stream = read_head(raw, HEAD_BYTES)
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}") from exc
    compressed = head.startswith(GZIP_MAGIC)
    if compressed:
        unzipped = maybe_gunzip(stream, GZIP_MAGIC)
        head, stream = read_head(unzipped, HEAD_BYTES)
        if not head and (error := gzip_error(stream)):
            raise UnreadableInput(error)
    return detect_format(name, head), compressed, stream


def _too_large(size: int, max_bytes: int) -> UnreadableInput:
    return UnreadableInput(f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:g} MB limit;"
                           " raise it with --max-bytes)")


def _document_article(source: Source, stream, kind: str, compressed: bool, ids: IdRegistry,
                      max_bytes: int | None) -> Article:
    """A text or HTML file: one article."""
    if max_bytes is not None and source.size is not None and source.size > max_bytes and not compressed:
        raise _too_large(source.size, max_bytes)
    data = read_limited(stream, max_bytes)
    if kind == "html":
        found = read_html(data)
    else:
        text = normalise_newlines(decode_text(data)[0])
        found = Found(text=text, title=headline_of(text))
    if not found.text.strip():
        raise UnreadableInput("empty file")
    if source.path == STDIN_PATH:
        article_id = "stdin-" + hashlib.sha1(found.text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    else:
        article_id, _passed = claim_document_id(source, ids)
    return make_article(article_id, found, source_path=source.path)


def _warc_articles(source: Source, stream, ids: IdRegistry,
                   max_bytes: int | None) -> Iterator[Article | Skipped]:
    for page in iter_warc_pages(stream, max_bytes=max_bytes):
        if isinstance(page, UnreadableInput):
            yield Skipped(source.path, page.reason, record=page.record)
            continue
        record = page.url or page.record_id
        try:
            found = read_html(page.payload, url=page.url)
            found.url = found.url or page.url
            found.warc_date = page.fetched
            article_id = ids.claim([page.record_id], f"{source.path}#{page.record_id}")
            yield make_article(article_id, found, source_path=source.path)
        except UnreadableInput as exc:
            yield Skipped(source.path, exc.reason, record=record)
        except Exception as exc:  # one odd page must not cost the rest of the crawl
            yield Skipped(source.path, unexpected(exc, f"{source.path} {record}"), record=record)


def _json_articles(source: Source, stream, ids: IdRegistry, names: dict,
                   max_bytes: int | None) -> Iterator[Article | Skipped]:
    for record in iter_json_records(stream, lines=is_json_lines(source.name), limit=record_limit(max_bytes)):
        if isinstance(record, UnreadableInput):
            yield Skipped(source.path, record.reason, record=record.record)
            continue
        try:
            yield _json_article(source, record, ids, names, max_bytes)
        except UnreadableInput as exc:
            yield Skipped(source.path, exc.reason, record=exc.record or record.where)
        except Exception as exc:  # one odd record must not cost the rest of the file
            yield Skipped(source.path, unexpected(exc, f"{source.path} {record.where}"), record=record.where)
    if error := gzip_error(stream):
        yield Skipped(source.path, f"{error}; records before the break were read")


def is_json_lines(name: str) -> bool:
    """Whether a JSON file is read line by line (JSON Lines: named ``.jsonl`` or ``.ndjson``)."""
    return any(part in ("jsonl", "ndjson") for part in name.lower().split(".")[1:])


def _json_article(source: Source, record: Record, ids: IdRegistry, names: dict,
                  max_bytes: int | None) -> Article:
    own_id, found = found_from_record(record, names)
    if max_bytes is not None and len(found.text) > max_bytes:
        raise UnreadableInput(f"too large ({len(found.text) / 1e6:.1f} MB of text > {max_bytes / 1e6:g} MB limit)",
                              record.where)
    owner = f"{source.path}#{record.number}"
    if own_id:
        article_id = ids.claim([own_id], owner)
    else:
        article_id = ids.claim([f"{source.stem}-{record.number}", f"{source.rel_stem}-{record.number}"], owner)
    return make_article(article_id, found, source_path=source.path)
