"""Long documents are parsed in bounded pieces and analysed as one document (issue 12, item 8).

Parser memory grows with the text parsed at once (about 3.6 GB per million characters, measured), so
``analyze_stream`` parses a text longer than ``PIECE_CHARS`` a piece at a time, cut at paragraph
breaks, and joins the pieces into one Doc: the statements must be those of a whole parse, including
a quotation that runs across a seam. Texts are FICTIONAL.
"""

from __future__ import annotations

import pytest

from newsprism.engine.local import analyze_stream, split_text
from newsprism.records import Article

PARAGRAPHS = [
    '"We will not accept this budget," the finance minister of Valdoria said on Tuesday.',
    # a quotation that runs on over a paragraph break: its speaker is named in another paragraph
    '"The harbour will reopen in spring. The ships will return and the quays will be rebuilt.',
    '"And the fishermen will be paid before the summer," the mayor, Ines Tallo, told reporters.',
    "Union leaders in Corvana rejected the claim. Mara Osk, who leads the dockworkers, said the fund "
    "would last until 2040.",
    "The council met again on Friday, a spokesman for the mayor said.",
]


@pytest.mark.parametrize("text, size, pieces", [
    ("a\n\nb\n\nc", 100, ["a\n\nb\n\nc"]),                       # short: one piece
    ("aaaa\n\nbbbb\n\ncccc", 8, ["aaaa\n\n", "bbbb\n\n", "cccc"]),  # paragraph breaks first
    ("aaaa bbbb\ncccc dddd", 12, ["aaaa bbbb\n", "cccc dddd"]),     # else a line break
    ("Aaa bb. Ccc dd. Eee ff.", 10, ["Aaa bb. ", "Ccc dd. ", "Eee ff."]),  # else a sentence end
    ("aaa bbb ccc ddd", 9, ["aaa bbb ", "ccc ddd"]),                # else any space
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),                      # a hard cut only without any
])
def test_split_text(text, size, pieces):
    assert split_text(text, size) == pieces
    assert "".join(pieces) == text and all(len(p) <= size for p in pieces)


def _statements(text: str, piece_chars: int):
    (result,) = analyze_stream([Article(article_id="long", text=text)], piece_chars=piece_chars)
    return [(s.start, s.end, s.text, s.speaker, s.kind, s.cue) for s in result.statements]


def test_pieces_give_the_statements_of_a_whole_parse():
    text = "\n\n".join(PARAGRAPHS * 12)
    whole = _statements(text, len(text) + 1)
    assert len(whole) >= 24
    for size in (300, 700, 1500):
        pieces = split_text(text, size)
        assert len(pieces) > 2 and max(len(p) for p in pieces) <= size
        assert _statements(text, size) == whole, size
    run_on = [s for s in whole if "ships will return" in s[2]]
    assert len(run_on) == 12 and all(s[3] for s in run_on)  # attributed from outside its own paragraph


def test_long_and_short_articles_keep_their_order():
    long_text = "\n\n".join(PARAGRAPHS * 6)
    articles = [Article(article_id=f"a{i}", text=long_text if i % 2 else PARAGRAPHS[0]) for i in range(5)]
    results = list(analyze_stream(articles, piece_chars=500))
    assert [r.article.article_id for r in results] == [a.article_id for a in articles]
