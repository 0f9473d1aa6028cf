"""A headline printed again above the body is one headline: nothing in the copy is a second statement.
FICTIONAL texts (Valdoria and its people are invented)."""

from __future__ import annotations

import pytest

from newsprism.extract import analyze_article
from newsprism.extract.statements import repeated_headline_lines
from newsprism.records import Article

BODY = "Valdorian President Ana Marrow said on Friday that the talks with Estrania would go on."
LEDE = ("Valdorian President Ana Marrow said on Friday that the talks with Estrania would go on, and that her "
        "ministers would meet in Corvana.")  # 23 words ending with a full stop: a sentence


@pytest.mark.parametrize("text, copies", [
    ("Marrow: Estrania Troops Welcome in Corvana to End Dispute\n\nMarrow: Estrania Troops Welcome in Corvana to "
     "End Dispute\n" + BODY, 1),
    ("Talks Go On\n\nTalks Go On\n\nTalks Go On\n" + BODY, 2),
    ("Talks Go On\n\n" + BODY + "\n" + BODY + "\n" + BODY + "\n\nTalks Go On", 0),  # far down: text, not a copy
    # a first line that is a sentence, not a headline, repeated as text is never taken for a headline copy
    (LEDE + "\n\n" + LEDE + "\n", 0),
    ("  Talks Go On  \n" + BODY, 0),
    ("Go On\n\nGo On\n" + BODY, 0),  # too short to tell a headline from a repeated word or two
    ("Talks Go On\n\nTalks Go On today, said Marrow.\n", 0),  # not the whole line
])
def test_repeated_headline_lines(text, copies):
    spans = repeated_headline_lines(text)
    assert len(spans) == copies
    first = text.strip().split("\n", 1)[0].strip()
    assert all(text[a:b].strip() == first and a > text.index(first) for a, b in spans)


@pytest.fixture(scope="module")
def statements_of(nlp):
    def run(text: str):
        return [s for s in analyze_article(Article(article_id="t", text=text), nlp).statements if s.kind != "term"]
    return run


@pytest.mark.parametrize("headline", [
    "Marrow: Estrania Troops Welcome in Corvana to End Dispute",
    "Marrow Says Estrania Troops Are Welcome in Corvana",
])
def test_nothing_is_extracted_twice_from_a_repeated_headline(statements_of, headline):
    text = f"{headline}\n\n{headline}\n{BODY}"
    copy_start = text.index(headline, 1)
    found = statements_of(text)
    assert not [s for s in found if copy_start <= s.start < copy_start + len(headline)]
    assert sum(s.kind == "headline" for s in found) <= 1
    assert any("talks with Estrania would go on" in s.text for s in found)  # the body is read as before
