"""Safe HTML from stored text and offsets: highlights, word diffs, search snippets.

Every piece of text goes through :func:`markupsafe.escape` before any tag is put
around it; tags and attribute values come only from this module. Nothing here
decides what a statement or a loaded word is: it draws what the store holds.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from newsprism.store.queries import SNIPPET_CLOSE, SNIPPET_OPEN

__all__ = [
    "Mark",
    "article_marks",
    "highlight",
    "quote_anchor",
    "render_diff",
    "render_snippet",
    "slug",
]


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of text to draw: CSS classes, a tooltip, and an optional anchor id at its start."""

    start: int
    end: int
    classes: tuple[str, ...]
    title: str | None = None
    anchor: str | None = None


def _valid(mark: Mark, length: int) -> bool:
    return 0 <= mark.start < mark.end <= length


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """The text with every mark drawn as ``<span class=…>``; overlapping marks combine their classes.

    Marks outside the text or empty are ignored, so a stale offset cannot break a page.
    """
    marks = [m for m in marks if _valid(m, len(text))]
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    out: list[str] = []
    active: list[Mark] = []
    for left, right in pairwise(bounds):
        active = [m for m in active if m.end > left] + starts.get(left, [])
        for mark in starts.get(left, []):
            if mark.anchor:
                out.append(f'<span id="{escape(mark.anchor)}"></span>')
        piece = escape(text[left:right])
        if not active:
            out.append(str(piece))
            continue
        classes = " ".join(dict.fromkeys(c for m in active for c in m.classes))
        titles = "; ".join(dict.fromkeys(m.title for m in active if m.title))
        title_attr = f' title="{escape(titles)}"' if titles else ""
        out.append(f'<span class="{escape(classes)}"{title_attr}>{piece}</span>')
    return Markup("".join(out))


def _css_word(value: str | None) -> str:
    return re.sub(r"[^a-z0-9-]", "-", (value or "none").lower())


def quote_anchor(quote_id: str) -> str:
    return "q-" + slug(quote_id)


def article_marks(spans: dict[str, list[dict]]) -> list[Mark]:
    """Marks for an article page: statements, their speakers and cues, labels, loaded wording, claims."""
    marks: list[Mark] = []
    for st in spans.get("statements", []):
        who = st.get("speaker_name") or "unattributed"
        marks.append(Mark(st["start"], st["end"], ("statement", f"kind-{_css_word(st['kind'])}"),
                          f"{st['kind']} statement — {who}", quote_anchor(st["quote_id"])))
        if st.get("speaker_start") is not None and st.get("speaker_end") is not None:
            marks.append(Mark(st["speaker_start"], st["speaker_end"], ("speaker",), f"speaker: {who}"))
        if st.get("cue_start") is not None and st.get("cue_end") is not None:
            marks.append(Mark(st["cue_start"], st["cue_end"], ("cue",),
                              f"attribution verb: {st.get('cue_lemma') or st.get('cue') or ''}"))
    for m in spans.get("mentions", []):
        if m["kind"] in ("title", "descriptor", "group"):
            about = f" → {m['entity_name']}" if m.get("entity_name") else ""
            marks.append(Mark(m["start"], m["end"], ("label", f"label-{_css_word(m['kind'])}"),
                              f"label ({m['kind']}){about}"))
    for span in spans.get("loaded", []):
        marks.append(Mark(span["start"], span["end"], ("loaded",), f"loaded: {span['category']}"))
    for claim in spans.get("claims", []):
        what = " ".join(str(x) for x in (claim.get("about"), claim.get("unit")) if x)
        marks.append(Mark(claim["start"], claim["end"], ("claim",), f"claim: {what}".strip()))
    return marks


_DIFF_TAGS = {"+": "ins", "-": "del"}


def render_diff(diff: Iterable[Iterable[str]]) -> Markup:
    """A stored word diff as text with ``<ins>`` (words only in this version) and ``<del>`` (dropped)."""
    out = []
    for op, words in diff:
        piece = escape(words)
        tag = _DIFF_TAGS.get(op)
        out.append(f"<{tag}>{piece}</{tag}>" if tag else str(piece))
    return Markup(" ".join(out))


def render_snippet(snippet: str | None) -> Markup:
    """An FTS snippet with its match markers turned into ``<mark>`` after escaping."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(SNIPPET_OPEN, "<mark>").replace(SNIPPET_CLOSE, "</mark>"))


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@lru_cache(maxsize=8192)  # statement anchors are asked for on every results page
def slug(ref: str) -> str:
    """A file-name-safe, collision-free name for an id (used by the static report and anchors)."""
    readable = _UNSAFE.sub("-", ref).strip("-")[:60]
    if readable == ref:
        return ref
    digest = hashlib.sha1(ref.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}" if readable else digest
