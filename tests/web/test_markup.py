"""Highlights, diffs and snippets: every text piece escaped, tags only from the module."""

from __future__ import annotations

import pytest

from newsprism.store.queries import SNIPPET_CLOSE, SNIPPET_OPEN
from newsprism.web.markup import Mark, article_marks, highlight, render_diff, render_snippet, slug


@pytest.mark.parametrize("text, marks, expected", [
    ("plain text", [], "plain text"),
    ("a <b> c", [], "a &lt;b&gt; c"),
    ("say hello", [Mark(4, 9, ("statement",))], 'say <span class="statement">hello</span>'),
    ("abcdef", [Mark(0, 4, ("x",)), Mark(2, 6, ("y",))],
     '<span class="x">ab</span><span class="x y">cd</span><span class="y">ef</span>'),
    ("abc", [Mark(1, 2, ("x",), title='"t<"')], 'a<span class="x" title="&#34;t&lt;&#34;">b</span>c'),
    ("abc", [Mark(0, 1, ("x",), anchor="q-1")], '<span id="q-1"></span><span class="x">a</span>bc'),
    # stale or empty offsets are ignored rather than breaking the page
    ("abc", [Mark(2, 9, ("x",)), Mark(-1, 1, ("x",)), Mark(1, 1, ("x",))], "abc"),
    ("<i>", [Mark(0, 3, ('"><script>',))], '<span class="&#34;&gt;&lt;script&gt;">&lt;i&gt;</span>'),
])
def test_highlight(text, marks, expected):
    assert str(highlight(text, marks)) == expected


def test_article_marks_cover_every_kind_of_span():
    spans = {
        "statements": [{"quote_id": "a:0-5", "start": 0, "end": 5, "kind": "direct", "speaker_name": "X",
                        "speaker_start": 10, "speaker_end": 11, "cue_start": 12, "cue_end": 14,
                        "cue_lemma": "say", "cue": "said"}],
        "mentions": [{"start": 20, "end": 22, "kind": "title", "entity_name": "X"},
                     {"start": 23, "end": 24, "kind": "name", "entity_name": "X"}],
        "loaded": [{"start": 30, "end": 31, "category": "emotive"}],
        "claims": [{"start": 40, "end": 42, "about": "killed", "unit": "people"}],
    }
    classes = {c for m in article_marks(spans) for c in m.classes}
    assert {"statement", "speaker", "cue", "label", "loaded", "claim"} <= classes
    assert all("name" not in m.classes for m in article_marks(spans))  # plain names are not labels


@pytest.mark.parametrize("diff, expected", [
    ([["=", "fight"], ["+", "with"], ["=", "the terrorists"]], "fight <ins>with</ins> the terrorists"),
    ([["-", "<b>x</b>"]], "<del>&lt;b&gt;x&lt;/b&gt;</del>"),
    ([], ""),
])
def test_render_diff(diff, expected):
    assert str(render_diff(diff)) == expected


@pytest.mark.parametrize("snippet, expected", [
    (f"the {SNIPPET_OPEN}safe{SNIPPET_CLOSE} zone", "the <mark>safe</mark> zone"),
    (f"{SNIPPET_OPEN}<img>{SNIPPET_CLOSE}", "<mark>&lt;img&gt;</mark>"),
    (None, ""),
])
def test_render_snippet(snippet, expected):
    assert str(render_snippet(snippet)) == expected


@pytest.mark.parametrize("ref", ["story-1", "../../etc/passwd", "<script>", "a/b", "Bashar al-Assad", "é"])
def test_slug_is_a_safe_file_name(ref):
    name = slug(ref)
    assert name and all(ch.isalnum() or ch in "-_" for ch in name) and "/" not in name
    assert slug(ref) == name


def test_slug_keeps_distinct_ids_apart():
    assert len({slug(r) for r in ("a/b", "a b", "a-b", "a_b")}) == 4
