"""The local engine: spaCy's ``nlp.pipe`` (batched, optionally multi-process) then ``analyze_doc``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from newsprism.extract import analyze_doc
from newsprism.nlp import load_nlp
from newsprism.records import Article, ArticleResult

DEFAULT_BATCH_SIZE = 32


Analyzer = Callable[[Article, Doc], ArticleResult]


def analyze_stream(articles: Iterable[Article], *, model: str | None = None, n_process: int = 1,
                   batch_size: int = DEFAULT_BATCH_SIZE,
                   analyzer: Analyzer = analyze_doc) -> Iterator[ArticleResult]:
    """Parse each article once and analyse it, in input order.

    ``analyzer`` is ``analyze_doc`` except in benchmarks that measure the parse alone.
    """
    nlp = load_nlp(model)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield analyzer(article, doc)
