"""Where pages live: the explorer's routes, or the static report's relative file names.

Templates ask an ``Urls`` object for every link, so one set of templates serves
both; ids are percent-encoded (live) or turned into safe file names (report).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from newsprism.web.markup import quote_anchor, slug

__all__ = ["LiveUrls", "ReportUrls", "search_here"]


@lru_cache(maxsize=8192)  # a results page links the same speakers, stories and articles many times
def _page(kind: str, ident: str, suffix: str) -> str:
    """``/kind/ID`` + suffix; an HTML page whose id itself ends in .json or .csv gets a trailing slash,
    so it is not taken for the JSON or CSV twin of a shorter id."""
    path = f"/{kind}/{quote(ident, safe='')}"
    if not suffix and ident.endswith((".json", ".csv")):
        return path + "/"
    return path + suffix


def _listing(path: str, suffix: str, params: dict) -> str:
    """``path`` + suffix + the query string of the filters given (empty ones left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}{suffix}" + (f"?{query}" if query else "")


class LiveUrls:
    """Links for the FastAPI explorer."""

    live = True

    def index(self) -> str:
        return "/"

    def story(self, story_id: str, suffix: str = "") -> str:
        return _page("story", story_id, suffix)

    def speaker(self, ref: str, suffix: str = "") -> str:
        return _page("speaker", ref, suffix)

    def article(self, article_id: str, suffix: str = "") -> str:
        return _page("article", article_id, suffix)

    def speakers(self, suffix: str = "", **params) -> str:
        return _listing("/speakers", suffix, params)

    def sql(self, suffix: str = "", **params) -> str:
        return _listing("/sql", suffix, params)

    def statement(self, article_id: str, quote_id: str) -> str:
        return f"{self.article(article_id)}#{quote_anchor(quote_id)}"

    def corrections(self, suffix: str = "") -> str:
        return f"/corrections{suffix}"

    def outlet(self, name: str, suffix: str = "") -> str:
        return _page("outlet", name, suffix)

    def outlets(self, suffix: str = "", **params) -> str:
        return _listing("/outlets", suffix, params)

    def attention(self, suffix: str = "", **params) -> str:
        return _listing("/attention", suffix, params)

    def search(self, suffix: str = "", **params) -> str:
        return _listing("/search", suffix, params)

    def static(self, name: str) -> str:
        return f"/static/{name}"


class ReportUrls:
    """Relative links between the static report's files; ``root`` leads back to its top folder."""

    live = False

    def __init__(self, root: str = "") -> None:
        self.root = root

    def index(self) -> str:
        return f"{self.root}index.html"

    def story(self, story_id: str, suffix: str = "") -> str:
        return f"{self.root}story/{slug(story_id)}.html"

    def speaker(self, ref: str, suffix: str = "") -> str:
        return f"{self.root}speaker/{slug(ref)}.html"

    def article(self, article_id: str, suffix: str = "") -> str:
        return f"{self.root}article/{slug(article_id)}.html"

    def statement(self, article_id: str, quote_id: str) -> str:
        return f"{self.article(article_id)}#{quote_anchor(quote_id)}"

    def search(self, suffix: str = "", **params) -> str:
        return self.index()

    def outlet(self, name: str, suffix: str = "") -> str:
        return self.index()

    def outlets(self, suffix: str = "", **params) -> str:
        return self.index()

    def attention(self, suffix: str = "", **params) -> str:
        return self.index()

    def speakers(self, suffix: str = "", **params) -> str:
        return self.index()

    def sql(self, suffix: str = "", **params) -> str:
        return self.index()

    def corrections(self, suffix: str = "") -> str:
        return self.index()

    def static(self, name: str) -> str:
        return f"{self.root}static/{name}"


def search_here(urls, page: dict, suffix: str = "", **changes) -> str:
    """The address of the search ``page`` shows (its words, order and filters) with ``changes``
    made: the search page's facet, pager and download links, built in Python (a Jinja macro per
    link cost a results page several milliseconds)."""
    return urls.search(suffix, q=page.get("q"), sort=page.get("sort"), **{**(page.get("filters") or {}), **changes})
