"""The Jinja2 environment shared by the explorer and the static report (autoescape always on)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from markupsafe import Markup

from newsprism.web.markup import article_marks, highlight, quote_anchor, render_diff, render_snippet
from newsprism.web.urls import search_here

__all__ = ["API_DOCS_FILES", "GZIPPED", "STATIC_FILES", "api_docs_bytes", "static_gzipped", "is_web_url", "json_script", "make_env",
           "static_bytes"]

#: The only files the explorer serves under /static: name -> media type. URLs never reach the disk.
STATIC_FILES = {
    "style.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "plotly.min.js": "text/javascript; charset=utf-8",
}

#: The API docs' files (Swagger UI, ReDoc), served under /docs-static from the installed fastapi-offline.
API_DOCS_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_script(value) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``: no ``</script>`` can close it."""
    return Markup(json.dumps(value, ensure_ascii=False, default=str).translate(_JSON_ESCAPES))


def is_web_url(url: str | None) -> bool:
    """Only http(s) addresses become links; ``javascript:`` and the like stay text."""
    return bool(url) and url.strip().lower().startswith(("http://", "https://"))


@cache
def static_bytes(name: str) -> bytes:
    """One of STATIC_FILES by name (plotly.js comes from the installed plotly package)."""
    if name not in STATIC_FILES:
        raise KeyError(name)
    if name == "plotly.min.js":
        from plotly.offline import get_plotlyjs

        return get_plotlyjs().encode("utf-8")
    return resources.files("newsprism.web").joinpath("static", name).read_bytes()


#: Static files large enough to send compressed (when the browser accepts gzip).
GZIPPED = frozenset({"plotly.min.js"})


@cache
def static_gzipped(name: str) -> bytes:
    """One of STATIC_FILES, gzip-compressed once."""
    import gzip

    return gzip.compress(static_bytes(name), compresslevel=6, mtime=0)


@cache
def api_docs_bytes(name: str) -> bytes:
    """One of API_DOCS_FILES by name, from the fastapi-offline package (so /docs needs no CDN)."""
    if name not in API_DOCS_FILES:
        raise KeyError(name)
    return resources.files("fastapi_offline").joinpath("static", name).read_bytes()


#: Names a dict answers as attributes (its methods): ``d.items`` stays the method in templates.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    """Jinja with a shorter way to ``row.field`` when ``row`` is a plain dict (every page's data is):
    Jinja tries the attribute first, and a dict's failing attribute lookup (an exception per field,
    thousands per results page) cost more than the rest of the lookup. The answer is the same: a dict
    has no attribute of that name, so Jinja would have read the item next."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_env(*, report: bool = False) -> Environment:
    """Templates from ``web/templates`` (the report's own ``report/templates`` first when ``report``)."""
    loaders = [PackageLoader("newsprism.web", "templates")]
    if report:
        loaders.insert(0, FileSystemLoader(str(resources.files("newsprism.report").joinpath("templates"))))
    env = PageEnvironment(loader=ChoiceLoader(loaders), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["json_script"] = json_script
    env.filters["is_web_url"] = is_web_url
    env.globals.update(highlight=highlight, article_marks=article_marks, render_diff=render_diff,
                       render_snippet=render_snippet, quote_anchor=quote_anchor,
                       search_here=search_here)
    return env
