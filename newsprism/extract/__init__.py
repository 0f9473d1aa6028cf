"""Per-article extraction: a pure function of one article and its parse.

``analyze_doc`` is the whole per-article phase after parsing. It touches no
database and no global state, so any engine (local processes, Dask) can run it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.extract.claims import find_claims
from newsprism.extract.entities import find_entities
from newsprism.extract.loaded import find_loaded
from newsprism.extract.statements import find_statements
from newsprism.records import Article, ArticleResult

__all__ = ["analyze_doc", "analyze_article"]


def analyze_doc(article: Article, doc: Doc) -> ArticleResult:
    """Statements, speakers, mentions, claims and loaded wording of one parsed article."""
    entities, mentions = find_entities(doc)
    statements = find_statements(doc, entities, mentions)
    return ArticleResult(
        article=article,
        statements=tuple(statements),
        entities=tuple(entities),
        mentions=tuple(mentions),
        claims=tuple(find_claims(doc)),
        loaded=tuple(find_loaded(doc, statements=statements)),
    )


def analyze_article(article: Article, nlp: Language) -> ArticleResult:
    """Parse and analyse one article (convenient; engines batch the parse instead)."""
    return analyze_doc(article, nlp(article.text))
