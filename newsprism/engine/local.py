"""The local engine: spaCy's ``nlp.pipe`` (batched, optionally multi-process) then ``analyze_doc``.

Parsing memory grows with the length of the text parsed at once (measured: about
3.6 GB per million characters with the small English model), so a long document
is parsed in pieces of at most ``PIECE_CHARS`` characters, cut at paragraph
breaks (else line breaks, sentence ends, spaces), and the pieces are joined back
into one ``Doc`` over the whole text before ``analyze_doc`` sees it: statement
extraction, which may span paragraphs, still runs over the whole document, so
nothing is lost at the seams. Articles up to ``PIECE_CHARS`` are parsed whole,
as before. See docs/ingest.md ("Long documents").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator

import numpy
from spacy.tokens import Doc

from newsprism.extract import analyze_doc
from newsprism.nlp import load_nlp
from newsprism.records import Article, ArticleResult

__all__ = ["analyze_stream", "split_text", "parse_long", "PIECE_CHARS", "DEFAULT_BATCH_SIZE"]

DEFAULT_BATCH_SIZE = 32
#: Longest text parsed in one piece: about 200 MB of parser memory; news articles are far shorter.
PIECE_CHARS = 50_000

Analyzer = Callable[[Article, Doc], ArticleResult]

#: Where a piece may end, best first: after a blank line, a line break, a sentence end, any white space.
_SEAMS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)]*\s+"), re.compile(r"\s+"))


def split_text(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters whose concatenation is ``text``.

    Each cut is at the last paragraph break within the limit (else line break,
    sentence end, white space; a hard cut only for ``size`` characters without
    any), and the white space of the break stays with the piece before it.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for seam in _SEAMS:
            ends = [m.end() for m in seam.finditer(window) if m.end() < len(window) or m.start() > 0]
            ends = [e for e in ends if e > size // 4]
            if ends:
                cut = ends[-1]
                break
        cut = cut or size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_long(nlp, text: str, size: int = PIECE_CHARS) -> Doc:
    """One Doc over ``text``, parsed a piece at a time (see the module docstring)."""
    pieces = split_text(text, size)
    if len(pieces) == 1:
        return nlp(text)
    docs = []
    for piece in pieces:
        part = nlp(piece)
        part.tensor = numpy.zeros((0,), dtype="float32")  # tok2vec output: ~400 bytes a token, unused after parsing
        docs.append(part)
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    del docs
    if doc.text != text:  # pragma: no cover - the pieces concatenate to the text by construction
        raise ValueError("pieces of a long document do not join back into its text")
    return doc


def analyze_stream(articles: Iterable[Article], *, model: str | None = None, n_process: int = 1,
                   batch_size: int = DEFAULT_BATCH_SIZE, analyzer: Analyzer = analyze_doc,
                   on_error: Callable[[Article, BaseException], None] | None = None,
                   piece_chars: int = PIECE_CHARS) -> Iterator[ArticleResult]:
    """Parse each article once and analyse it, in input order.

    ``analyzer`` is ``analyze_doc`` except in benchmarks that measure the parse alone.
    With ``on_error``, an article whose analysis fails is handed to it and the
    stream goes on; without, the error propagates.
    """
    nlp = load_nlp(model)
    for long, group in itertools.groupby(articles, key=lambda a: len(a.text) > piece_chars):
        if long:
            for article in group:
                try:
                    doc = parse_long(nlp, article.text, piece_chars)
                except Exception as exc:
                    if on_error is None:
                        raise
                    on_error(article, exc)
                    continue
                yield from _analyzed(analyzer, article, doc, on_error)
        else:
            pairs = ((a.text, a) for a in group)
            for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
                yield from _analyzed(analyzer, article, doc, on_error)


def _analyzed(analyzer: Analyzer, article: Article, doc: Doc,
              on_error: Callable[[Article, BaseException], None] | None) -> Iterator[ArticleResult]:
    try:
        result = analyzer(article, doc)
    except Exception as exc:
        if on_error is None:
            raise
        on_error(article, exc)
        return
    yield result
