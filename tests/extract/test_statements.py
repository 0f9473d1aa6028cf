"""Statement extraction on fictional sentences (written for these tests; no real quotes)."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.extract.entities import find_entities
from newsprism.extract.statements import find_statements
from newsprism.records import STATEMENT_KINDS


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def _statements(nlp, text):
    doc = nlp(text)
    # find_entities needs sentence boundaries; the blank pipeline has none.
    entities, mentions = find_entities(doc) if doc.has_annotation("DEP") else ([], [])
    return find_statements(doc, entities, mentions)


def _speaker_text(text, statement):
    if statement.speaker_start is None:
        return None
    return text[statement.speaker_start:statement.speaker_end]


def _check_offsets(text, statements):
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.kind in STATEMENT_KINDS
        for a, b in s.quoted:
            assert 0 <= a <= b <= len(text)
        if s.speaker_start is not None:
            assert 0 <= s.speaker_start < s.speaker_end <= len(text)


@pytest.mark.parametrize(
    "text, kind, content, speaker",
    [
        ("“The bridge will reopen in May,” Mayor Ines Calloway said on Tuesday.",
         "direct", "The bridge will reopen in May", "Calloway"),
        ("Mayor Ines Calloway said: “The bridge will reopen in May.”",
         "direct", "The bridge will reopen in May", "Calloway"),
        ("“The bridge will reopen,” said Calloway, “but not before May.”",
         "direct", "but not before May", "Calloway"),
        ("Mayor Ines Calloway said that the bridge would reopen in May.",
         "indirect", "the bridge would reopen in May", "Calloway"),
        ("The bridge will reopen in May, according to the city engineer.",
         "indirect", "The bridge will reopen in May", "engineer"),
        ("Calloway dismissed the report as rumours that “mean nothing at all.”",
         "mixed", "mean nothing at all", "Calloway"),
    ],
)
def test_finds_statement_kind_content_and_speaker(nlp, text, kind, content, speaker):
    statements = [s for s in _statements(nlp, text) if s.kind != "term"]
    _check_offsets(text, statements)
    match = [s for s in statements if content in s.text]
    assert match, statements
    assert match[0].kind == kind
    assert speaker in (_speaker_text(text, match[0]) or "")


def test_addressee_and_cue(nlp):
    text = "Calloway told the Harbour Gazette that the ferry would keep running."
    (statement,) = [s for s in _statements(nlp, text) if s.kind != "term"]
    assert statement.cue_lemma == "tell"
    assert text[statement.cue_start:statement.cue_end] == "told"
    assert statement.addressee == "the Harbour Gazette"
    assert statement.text == "the ferry would keep running"  # the complementizer is not content (PolNeAR)


def test_block_quote_after_colon_lead_in(nlp):
    text = ("Calloway rejected any blame for the flooding of the lower town:\n\n"
            "We warned everyone for years, and the council ignored every warning we gave them.\n\n"
            "The river fell on Sunday.")
    blocks = [s for s in _statements(nlp, text) if s.kind == "block"]
    assert len(blocks) == 1
    assert blocks[0].text.startswith("We warned everyone")
    assert "Calloway" in _speaker_text(text, blocks[0])


def test_transcript_turns(nlp):
    text = ("Calloway told Pell Ostrander of the Harbour Gazette that the ferry would run.\n\n"
            "Q. Will the ferry run all winter?\n\n"
            "Calloway: It will run every day, storms permitting.\n\n"
            "Q: And the bridge?\n\n"
            "Calloway: The bridge reopens in May.")
    turns = [s for s in _statements(nlp, text) if s.kind == "qa"]
    assert [t.text for t in turns] == ["Will the ferry run all winter?", "It will run every day, storms permitting.",
                                       "And the bridge?", "The bridge reopens in May."]
    assert "Ostrander" in (turns[0].speaker or "") and "Ostrander" in (turns[2].speaker or "")
    assert "Calloway" in (turns[1].speaker or "") and "Calloway" in (turns[3].speaker or "")
    # The nearest explicit mention of the questioner is the label; the canonical speaker is the interviewer.
    assert [_speaker_text(text, t) for t in turns] == ["Q", "Calloway", "Q", "Calloway"]


def test_unnamed_answer_turns_point_at_their_label(nlp):
    text = ("The harbour mayor answered readers' questions.\n\n"
            "Q: Will the ferry run all winter?\n\n"
            "A: It will run every day, storms permitting.")
    turns = [s for s in _statements(nlp, text) if s.kind == "qa"]
    assert [(t.text, _speaker_text(text, t)) for t in turns] == [
        ("Will the ferry run all winter?", "Q"), ("It will run every day, storms permitting.", "A")]
    assert all(t.speaker is None for t in turns)  # no name in the article: the label is not a person


@pytest.mark.parametrize(
    "text, speaker, quoted",
    [
        # An interruption with an apposition stays out of a direct quote's content.
        ("“The bridge will reopen,” said Ines Calloway, the harbour mayor. “But not before May.”",
         "Calloway", ["The bridge will reopen,", "But not before May."]),
        # A quoted transcript line names its speaker in capitals; the name is not content.
        ("The debate ran late.\n\n\"REYES: We will keep the ferry running all winter.\"",
         "REYES", ["We will keep the ferry running all winter."]),
    ],
)
def test_direct_quote_parts(nlp, text, speaker, quoted):
    statements = [s for s in _statements(nlp, text) if s.kind == "direct"]
    _check_offsets(text, statements)
    assert len(statements) == 1, statements
    assert speaker in (_speaker_text(text, statements[0]) or "")
    assert [text[a:b] for a, b in statements[0].quoted] == quoted


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # A passive cue without an agent names no source; with one, the agent speaks.
        ("The ferry is expected to resume service in May.", "The ferry is expected to resume service in May", None),
        ("The ferry plan was criticised by Mayor Ines Calloway as reckless.", None, "Calloway"),
        # "told aides to act": the person told belongs to the content (as PolNeAR marks it).
        ("Calloway told her aides to close the harbour gates.", "her aides to close the harbour gates", "Calloway"),
    ],
)
def test_passive_sources_and_told_to(nlp, text, content, speaker):
    statements = [s for s in _statements(nlp, text) if s.kind != "term"]
    _check_offsets(text, statements)
    assert statements, text
    if content is not None:
        assert statements[0].text == content
    if speaker is None:
        assert statements[0].speaker_start is None
    else:
        assert speaker in (_speaker_text(text, statements[0]) or "")


def test_dash_attribution(nlp):
    text = "“We will keep the ferry running through every storm this winter.”\n— Harbourmaster Juno Reyes"
    (statement,) = [s for s in _statements(nlp, text) if s.kind != "term"]
    assert statement.kind == "direct"
    assert "Reyes" in _speaker_text(text, statement)


@pytest.mark.parametrize(
    "text, term",
    [
        ("The council called the protesters “agitators” in its newsletter.", "agitators"),
        ("Rebels described as ‘moderate’ by the council held the bridge.", "moderate"),
    ],
)
def test_scare_quotes_are_terms(nlp, text, term):
    statements = _statements(nlp, text)
    terms = [s for s in statements if s.kind == "term"]
    assert [text[a:b] for s in terms for a, b in s.quoted] == [term]
    assert all(s.speaker is None for s in terms)


@pytest.mark.parametrize(
    "text",
    [
        "The ferry left the harbour at noon and returned at six.",
        "The old ferry sank in a storm last winter.",
        "",
    ],
)
def test_no_statements_in_plain_narration(nlp, text):
    assert [s for s in _statements(nlp, text) if s.kind != "term"] == []


@pytest.mark.parametrize(
    "text",
    [
        "He said “this quote never closes and runs on",
        "”Backwards marks“ and ”more“ of them” said the clerk.",
        "“" * 50,
        "Q. \n\nQ: \n\nA:",
        "NO PUNCTUATION AT ALL HE SAID THE FERRY WOULD RUN TOMORROW THEY SAID",
        "ALL CAPS: “THE FERRY WILL RUN,” SAID THE HARBOURMASTER.",
        "Le maire a déclaré : « Le pont rouvrira en mai. »",
        "市长说：“大桥将在五月重新开放。”",
        ":\n\n:\n\n:",
    ],
)
def test_odd_inputs_never_crash(nlp, text):
    _check_offsets(text, _statements(nlp, text))


def test_five_thousand_word_quote(blank):
    body = " ".join(f"word{i % 50}" for i in range(5000))
    text = f"The clerk said: “{body}.” Then he left."
    statements = _statements(blank, text)
    _check_offsets(text, statements)
    # Without a parse the statement filter has nothing to go on; the quote is found before it.
    found = find_statements(blank(text), [], [], keep_all=True)
    _check_offsets(text, found)
    assert any(len(s.text) > len(body) for s in found)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("abQ .,:;\n\"'“”‘’«»—")), max_size=200))
def test_random_text_blank_pipeline(blank, text):
    _check_offsets(text, _statements(blank, text))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Calloway", "said", "that", "“", "”", "\"", ":", ",", ".", "\n\n", "Q.",
                                 "the ferry", "would", "run", "according to", "told", "—"]), max_size=30))
def test_random_text_full_pipeline(nlp, words):
    text = " ".join(words)
    _check_offsets(text, _statements(nlp, text))


def test_quote_after_a_finished_sentence_takes_its_own_cue(nlp):
    """Fictional: the quote's own "she speculated" wins over "she continued" of the sentence before."""
    from newsprism.extract import analyze_doc
    from newsprism.records import Article

    text = ('This may even extend to the ports, she continued. "Even the ships if they say \'No\'. '
            'Like the old fleets, they will turn back," she speculated.')
    statements = analyze_doc(Article("t", text), nlp(text)).statements
    quote = next(s for s in statements if s.text.startswith('"Even the ships'))
    assert quote.cue == "speculated"


def test_source_running_across_a_line_break_is_clipped_to_the_cue_line(blank):
    from newsprism.extract.attribution import Attribution
    from newsprism.extract.statements import _on_cue_line

    # The parser ran a timestamp line into the subject: "11:05 a.m.\n\nThe mayor ... says ...".
    text = "11:05 a.m.\n\nThe mayor is at the harbour and says the ferry runs."
    doc = blank(text)
    cue = next(t for t in doc if t.text == "says")
    found = Attribution(cue=(cue.idx, cue.idx + 4), cue_lemma="say",
                        content=(text.index("the ferry"), len(text) - 1), source=(0, text.index(" is")))
    kept = _on_cue_line(text, cue, found)
    assert text[slice(*kept.source)] == "The mayor"
    assert kept.content == found.content
