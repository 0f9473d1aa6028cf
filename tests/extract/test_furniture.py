"""Page furniture lines, on fictional lines written for these tests."""

from __future__ import annotations

import pytest

from newsprism.extract.furniture import furniture_lines, is_furniture


@pytest.mark.parametrize("line, kind", [
    ("Read more: Harbour town votes on ferry fares", "teaser"),
    ("WATCH: Ferry crews rescue a stranded kayaker", "teaser"),
    ("RELATED | The ferry's long history", "teaser"),
    ("Article Continued Below", "continued"),
    ("Story continues below advertisement", "continued"),
    ("Media playback is not supported on this device", "player"),
    ("Sign up for the Harbour Gazette morning briefing", "signup"),
    ("Get the best of the Gazette delivered straight to your inbox.", "signup"),
    ("Click the image above to see the new route", "click"),
    ("Crews load the ferry at dawn on Monday. (Ann Lee/Harbour Gazette)", "caption"),
    ("Photo: Ann Lee", "caption"),
    ("© 2031 Harbour Gazette", "copyright"),
])
def test_furniture_lines(line, kind):
    assert is_furniture(line) == kind


@pytest.mark.parametrize("line", [
    "Reyes said the ferry would run on Monday.",
    "The council called the protesters “agitators” in its newsletter.",
    "“We will read more reports,” Reyes said.",
    "Voters subscribe to the idea that fares must stay low, the mayor said.",
    "The mayor, who read more books than anyone, said more.",
    "",
])
def test_article_text_is_no_furniture(line):
    assert is_furniture(line) is None


def test_furniture_lines_gives_character_spans():
    text = "Reyes said the ferry runs.\nRead more: Ferry fares\n“It runs,” she said."
    (span,) = furniture_lines(text)
    assert text[span[0]:span[1]] == "Read more: Ferry fares"


def test_statements_skip_furniture_lines():
    from newsprism.extract import analyze_article
    from newsprism.nlp import load_nlp
    from newsprism.records import Article

    text = ("Mayor Juno Reyes said the ferry would run on Monday.\n\n"
            "Read more: “Ferry fares will rise,” Ostrander says\n\n"
            "Article Continued Below\n\n"
            "“We have enough crew for the winter,” Reyes said.")
    result = analyze_article(Article(article_id="f1", text=text), load_nlp())
    texts = [s.text for s in result.statements if s.kind != "term"]
    assert not any("fares" in t for t in texts)
    assert any("enough crew" in t for t in texts)
    assert all(s.speaker == "Juno Reyes" for s in result.statements if s.kind != "term")
