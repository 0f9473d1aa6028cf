"""Issue 3 acceptance on the shared seed articles: Assad's, his interviewer's and Kurtulmus's statements.

The seeds are read from ../shared (not copied); the snippets below are short
locators, and the assertions check kind and speaker of the statement found there.
"""

from __future__ import annotations

import pytest

from newsprism.extract.entities import find_entities
from newsprism.extract.statements import find_statements


@pytest.fixture(scope="module")
def seed_statements(nlp, seeds_dir):
    results = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        entities, mentions = find_entities(doc)
        results[path.name[:3]] = (doc.text, find_statements(doc, entities, mentions))
    return results


def _containing(statements, snippet):
    return [s for s in statements if snippet in s.text and s.kind != "term"]


@pytest.mark.parametrize(
    "seed, snippet, kinds, speaker",
    [
        # 000: two block quotes after colon lead-ins, then the Q&A transcript.
        ("000", "Safe zones for the Syrians could only happen", {"block"}, "Assad"),
        ("000", "Regarding the policies that I undertake", {"block"}, "Assad"),
        ("000", "Mass hangings.", {"qa"}, "Isikoff"),
        ("000", "Secret trials, no lawyers?", {"qa"}, "Isikoff"),
        ("000", "Is that legal, in your country?", {"qa"}, "Isikoff"),
        ("000", "Will you allow international monitors", {"qa"}, "Isikoff"),
        ("000", "First of all, execution is part of the Syrian law", {"qa"}, "Assad"),
        ("000", "Why do they need it, if they can make it legally?", {"qa"}, "Assad"),
        ("000", "It depends on the credibility of that organization", {"qa"}, "Assad"),
        ("000", "I’m not interviewing the King of Saudi Arabia", {"direct"}, "Isikoff"),
        ("000", "If the Americans are genuine", {"mixed", "direct"}, "Assad"),
        ("000", "against terrorists, and against terrorism", {"mixed", "direct"}, "Assad"),
        # 001
        ("001", "It must be through the Syria [sic] government", {"direct"}, "Assad"),
        ("001", "What we heard as statements by Trump", {"direct"}, "Assad"),
        ("001", "They haven’t been to Syria", {"direct", "mixed"}, "Assad"),
        # 002
        ("002", "faulty coordination", {"mixed"}, "Kurtulmus"),
        ("002", "We agree about this priority", {"direct"}, "Assad"),
        ("002", "If you want to start genuinely", {"direct"}, "Assad"),
        ("002", "All these factors would lead to trust", {"direct"}, "Assad"),
        ("002", "You don’t need a significant number to commit atrocities", {"direct", "mixed"}, "Assad"),
        # 003 and 004
        ("003", "The war in Syria was about capturing the hearts of the people", {"direct"}, "Assad"),
        ("004", "We’re prepared to work on our common interests", {"direct"}, "Assad"),
        ("004", "The war in Syria is not about me", {"direct"}, "Assad"),
    ],
)
def test_seed_statement_found_with_speaker(seed_statements, seed, snippet, kinds, speaker):
    text, statements = seed_statements[seed]
    found = _containing(statements, snippet)
    assert found, f"no statement containing {snippet!r}"
    best = min(found, key=lambda s: len(s.text))
    assert best.kind in kinds
    assert speaker in (best.speaker or ""), (best.speaker, best.text[:80])
    assert best.speaker_start is not None
    assert text[best.start:best.end] == best.text


@pytest.mark.parametrize(
    "seed, term",
    [("000", "terrorists"), ("001", "moderate"), ("002", "terrorists."), ("004", "ISIL targets"),
     ("004", "moderate")],
)
def test_seed_scare_quotes_are_terms(seed_statements, seed, term):
    text, statements = seed_statements[seed]
    terms = [text[a:b] for s in statements if s.kind == "term" for a, b in s.quoted]
    assert term.rstrip(".") in [t.rstrip(".") for t in terms]
    assert not any(s.kind != "term" and s.text.strip("“”‘’\"'.") == term.rstrip(".") for s in statements)


def test_seed_terms_have_no_speaker(seed_statements):
    for _, statements in seed_statements.values():
        assert all(s.speaker is None and s.speaker_start is None for s in statements if s.kind == "term")
