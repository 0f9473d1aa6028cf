"""The HTML extraction benchmark's pieces: the F1, the generated pages, and our reader on them."""

from __future__ import annotations

import pytest

from newsprism.ingest.pagebench import TEMPLATES, bow_f1, make_pages, newsprism_extractor

ARTICLES = [  # FICTIONAL texts
    (f"story{i}", f"Valdoria Minister Faces Questions Over Plan {i}", [
        f"The finance minister of Valdoria, Petra Osk, defended plan number {i} in parliament on Tuesday.",
        "Opposition leader Henrik Falk said the plan would cost more than 3,000 jobs in the northern provinces.",
        "\u201cWe will not back down,\u201d Osk told reporters outside the chamber after the debate ended.",
        "Union leaders said they would meet on Thursday to decide whether to call a general strike.",
        "The vote is expected next week, and analysts say the outcome is far from certain.",
    ]) for i in range(8)
]


@pytest.mark.parametrize("predicted, gold, expected", [
    ("a b c", "a b c", 1.0),
    ("A, b! c", "a b c", 1.0),
    ("a b", "a b c d", 2 * 1 * 0.5 / 1.5),
    ("x y", "a b", 0.0),
    ("", "a", 0.0),
    ("", "", 1.0),
    ("a a b", "a b", 2 * (2 / 3) * 1 / (2 / 3 + 1)),
])
def test_bow_f1(predicted, gold, expected):
    assert bow_f1(predicted, gold) == pytest.approx(expected)


def test_pages_carry_boilerplate_and_every_template_is_used():
    pages = list(make_pages(ARTICLES))
    assert {p.template for p in pages} == set(TEMPLATES)
    for page in pages:
        assert "Privacy policy" in page.html and "<nav" in page.html
        assert bow_f1(page.html, page.body) < 0.8  # the raw page is far from the body


def test_reader_recovers_bodies():
    pages = list(make_pages(ARTICLES, seed=3))
    scores = [bow_f1(newsprism_extractor(p.html), p.body) for p in pages]
    assert sum(scores) / len(scores) >= 0.95


def test_eval_html_command(tmp_path):
    from typer.testing import CliRunner

    from newsprism.cli import app

    for name, title, paragraphs in ARTICLES[:4]:
        (tmp_path / f"{name}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "html", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "4 generated pages" in result.output
    ours = next(line for line in result.output.splitlines() if line.startswith("newsprism "))
    assert float(ours.split()[1]) >= 0.95
