"""Building an Article from what a reader found: outlet and date fall back in a fixed order.

Outlet: metadata, else the URL's domain (without ``www.``), else None.
Published: metadata (``date_source="meta"``), else the WARC fetch date
(``"warc"``), else the first full date near the start of the text (``"text"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsprism.ingest.dates import find_text_date, normalise_date
from newsprism.ingest.errors import UnreadableInput
from newsprism.records import Article

__all__ = ["Found", "make_article", "domain_of", "IdRegistry"]


@dataclass
class Found:
    """Fields a reader found for one article, before fallbacks are applied."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None  # metadata date, any common format
    warc_date: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)


def domain_of(url: str | None) -> str | None:
    """'https://www.example.com/a' → 'example.com'; None when there is no host."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def _lone_surrogate(value: str) -> str | None:
    """The first lone surrogate in ``value`` as 'U+D800' (JSON's "\\ud800" decodes to one), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"U+{ord(value[exc.start]):04X}"
    return None


def check_unicode(article_id: str, found: Found) -> None:
    """Raise UnreadableInput when a field holds text that cannot be stored (a lone surrogate)."""
    fields = {"id": article_id, "text": found.text, "title": found.title, "url": found.url,
              "outlet": found.outlet, "date": found.date, "authors": "".join(found.authors)}
    for name, value in fields.items():
        if isinstance(value, str) and (bad := _lone_surrogate(value)):
            raise UnreadableInput(f"invalid Unicode in the {name} (lone surrogate {bad})")


def make_article(article_id: str, found: Found, *, source_path: str) -> Article:
    """The Article for ``found``, with outlet and publication date resolved by the fallback order.

    Raises UnreadableInput when a field holds text no store can hold (a lone surrogate).
    """
    check_unicode(article_id, found)
    published, date_source = normalise_date(found.date), "meta"
    if published is None:
        published, date_source = normalise_date(found.warc_date), "warc"
    if published is None:
        published, date_source = find_text_date(found.text), "text"
    url = _clean(found.url)
    return Article(
        article_id=article_id,
        text=found.text,
        source_path=source_path,
        url=url,
        outlet=_clean(found.outlet) or domain_of(url),
        title=_clean(found.title),
        published=published,
        date_source=date_source if published else None,
        authors=tuple(a for a in (_clean(x) for x in found.authors) if a),
    )


class IdRegistry:
    """Hands out article ids, unique within a run and stable across runs of the same inputs.

    Each input offers candidates in order of preference (file stem, then its
    path relative to the input folder); the first candidate no other input holds
    is taken; when all are held, ``~2``, ``~3``… is appended to the last.
    """

    def __init__(self) -> None:
        self._owner: dict[str, str] = {}

    def claim(self, candidates: Iterable[str], owner: str) -> str:
        return self.claim_passing(candidates, owner)[0]

    def claim_passing(self, candidates: Iterable[str], owner: str) -> tuple[str, list[tuple[str, str]]]:
        """The id ``owner`` gets, and the ids (with their holders) passed over on the way because another
        owner holds them: what a registry that starts with those ids needs to hand out the same id."""
        candidates = [c for c in candidates if c]
        passed: list[tuple[str, str]] = []
        for candidate in candidates:
            holder = self._owner.setdefault(candidate, owner)
            if holder == owner:
                return candidate, passed
            passed.append((candidate, holder))
        base, n = candidates[-1], 2
        while (holder := self._owner.get(f"{base}~{n}")) is not None:
            passed.append((f"{base}~{n}", holder))
            n += 1
        self._owner[f"{base}~{n}"] = owner
        return f"{base}~{n}", passed
