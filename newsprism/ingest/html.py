"""HTML pages: the article body with trafilatura (``favor_precision=True``) and the page's metadata."""

from __future__ import annotations

import logging

from newsprism.ingest.article import Found
from newsprism.ingest.errors import UnreadableInput

__all__ = ["read_html", "MIN_BODY_WORDS"]

#: A page whose extracted body has fewer words holds no article (a menu, a cookie banner).
MIN_BODY_WORDS = 5

# trafilatura logs every page it finds empty at WARNING; we report those ourselves.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _body_paragraphs(text: str, title: str | None) -> str:
    """One paragraph per extracted line, separated by a blank line; a leading copy of the title dropped."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if title and lines and _same(lines[0], title):
        lines = lines[1:]
    return "\n\n".join(lines)


def _extract(page: bytes | str, url: str | None):
    # deferred: heavy (trafilatura loads on the first HTML page)
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params

    try:
        return bare_extraction(page, url=url, favor_precision=True, with_metadata=True,
                               include_comments=False, include_tables=False,
                               # no "extensive" search: it turns a footer's "© 2025" into 2025-01-01
                               date_extraction_params=set_date_params(extensive=False))
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on broken markup
        raise UnreadableInput(f"HTML could not be parsed ({str(exc)[:200] or 'broken markup'})") from exc


def _has_body(doc) -> bool:
    return doc is not None and bool(doc.text) and len(doc.text.split()) >= MIN_BODY_WORDS


def read_html(page: bytes | str, *, url: str | None = None) -> Found:
    """Body text and metadata of one page; raise UnreadableInput when it holds no article body.

    Extraction favours precision, with no second try at lower precision: on
    crawls (CC-NEWS) a page it finds empty is nearly always an index, menu or
    consent page, and storing those as articles costs more than missing a rare
    odd layout.
    """
    doc = _extract(page, url)
    if not _has_body(doc):
        raise UnreadableInput("no article body found")
    title = doc.title or None
    text = _body_paragraphs(doc.text, title)
    if len(text.split()) < MIN_BODY_WORDS:
        raise UnreadableInput("no article body found")
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Found(text=text, title=title, url=doc.url or url, outlet=doc.sitename or None,
                 date=doc.date or None, authors=authors)
