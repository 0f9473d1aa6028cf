"""Relations between two versions of a statement (fictional quotes)."""

import pytest

from newsprism.link.relations import surface_words, text_relation, word_diff

LONG = ("We asked the neighbours first, and they were honest about it. If the farmers are honest, of course "
        "they are welcome to use the dam, like any other town that wants to work with the council.")


@pytest.mark.parametrize("a, b, relation", [
    ("We will open the dam before the harvest.", "“We will open the dam before the harvest”", "identical"),
    ("we will OPEN the dam   before the harvest", "We will open the dam before the harvest.", "identical"),
    ("of course they are welcome to use the dam", LONG, "excerpt"),
    (("If the farmers are honest, of course they are welcome to use the dam, like any other town that wants to "
      "work the council."), LONG, "altered"),
    ("It must go through the Valdoria [sic] council", "If you want it, it must go through the Valdorian council",
     "altered"),
    # two outlets quoting overlapping halves of one long statement
    ("We asked the neighbours first, and they were honest about it. If the farmers are honest",
     "and they were honest about it. If the farmers are honest, of course they are welcome", "excerpt"),
])
def test_relation(a, b, relation):
    found = text_relation(surface_words(a), surface_words(b))
    assert found is not None and found.relation == relation


@pytest.mark.parametrize("a, b", [
    # same speaker and topic, different statements
    ("We cannot be in an alliance with towns which flood our fields.",
     "Of course they are welcome, like any other town that wants to work with us."),
    ("We agree.", "We agree."),  # too short to link
    ("The dam will be opened next spring for everyone.", "The school will be closed next winter for repairs."),
])
def test_no_relation(a, b):
    assert text_relation(surface_words(a), surface_words(b)) is None


def test_altered_diff_shows_changed_words():
    diff = text_relation(surface_words("to defeat and to fight with the raiders of the north"),
                         surface_words("to defeat and to fight the raiders of the north")).diff
    assert diff == (("=", "to defeat and to fight"), ("-", "with"), ("=", "the raiders of the north"))


def test_word_diff_keeps_each_sides_words():
    assert word_diff(["the", "Valdoria", "sic", "council"], ["the", "Valdorian", "council"]) == (
        ("=", "the"), ("-", "Valdoria sic"), ("+", "Valdorian"), ("=", "council"))
