"""Dependency rules from a cue to its content and source, on hand-built parses (fictional words)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newsprism.extract.attribution import attribute, source_token


def _doc(nlp, words, pos, deps, heads, lemmas=None):
    """A Doc with exactly the given parse, so the rule is tested and not the parser."""
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",") for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads,
               lemmas=lemmas or [w.lower() for w in words])


def test_noun_compound_misparse_names_the_claimant(nlp):
    # "Calloway claims that she is right." with "claims" read as a noun and "Calloway" as its compound.
    doc = _doc(nlp, ["Calloway", "claims", "that", "she", "is", "right", "."],
               ["PROPN", "NOUN", "SCONJ", "PRON", "AUX", "ADJ", "PUNCT"],
               ["compound", "ROOT", "mark", "nsubj", "ccomp", "acomp", "punct"],
               [1, 1, 4, 4, 1, 4, 1], ["calloway", "claim", "that", "she", "be", "right", "."])
    assert source_token(doc[1]).text == "Calloway"


def test_plain_noun_without_clause_has_no_compound_source(nlp):
    doc = _doc(nlp, ["The", "ferry", "claims", "office", "closed", "."],
               ["DET", "NOUN", "NOUN", "NOUN", "VERB", "PUNCT"],
               ["det", "compound", "compound", "nsubj", "ROOT", "punct"],
               [3, 2, 3, 4, 4, 4], ["the", "ferry", "claim", "office", "close", "."])
    assert source_token(doc[2]) is None


@pytest.mark.parametrize("verb, lemma", [("seems", "seem"), ("appears", "appear")])
def test_raising_verb_has_no_source_and_keeps_its_subject_in_the_content(nlp, verb, lemma):
    # "The mayor seems to have left the harbour."
    words = ["The", "mayor", verb, "to", "have", "left", "the", "harbour", "."]
    doc = _doc(nlp, words, ["DET", "NOUN", "VERB", "PART", "AUX", "VERB", "DET", "NOUN", "PUNCT"],
               ["det", "nsubj", "ROOT", "aux", "aux", "xcomp", "det", "dobj", "punct"],
               [1, 2, 2, 5, 5, 2, 7, 5, 2], ["the", "mayor", lemma, "to", "have", "leave", "the", "harbour", "."])
    attribution = attribute(doc[2])
    assert attribution.source is None
    start, end = attribution.content
    assert doc.text[start:end] == f"The mayor {verb} to have left the harbour"


def test_ordinary_verb_keeps_its_subject_as_source(nlp):
    doc = _doc(nlp, ["The", "mayor", "said", "the", "ferry", "runs", "."],
               ["DET", "NOUN", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
               ["det", "nsubj", "ROOT", "det", "nsubj", "ccomp", "punct"],
               [1, 2, 2, 4, 5, 2, 2], ["the", "mayor", "say", "the", "ferry", "run", "."])
    attribution = attribute(doc[2])
    assert doc.text[slice(*attribution.source)] == "The mayor"
    assert doc.text[slice(*attribution.content)] == "the ferry runs"


def test_raising_verb_that_hedges_a_reported_verb_keeps_the_speaker(nlp):
    # "The mayor appeared to suggest that the ferry runs."
    doc = _doc(nlp, ["The", "mayor", "appeared", "to", "suggest", "that", "the", "ferry", "runs", "."],
               ["DET", "NOUN", "VERB", "PART", "VERB", "SCONJ", "DET", "NOUN", "VERB", "PUNCT"],
               ["det", "nsubj", "ROOT", "aux", "xcomp", "mark", "det", "nsubj", "ccomp", "punct"],
               [1, 2, 2, 4, 2, 8, 7, 8, 4, 2],
               ["the", "mayor", "appear", "to", "suggest", "that", "the", "ferry", "run", "."])
    assert doc.text[slice(*attribute(doc[2]).source)] == "The mayor"


def test_participle_after_a_preposition_takes_the_governing_subject(nlp):
    # "The mayor began by saying the ferry runs."
    doc = _doc(nlp, ["The", "mayor", "began", "by", "saying", "the", "ferry", "runs", "."],
               ["DET", "NOUN", "VERB", "ADP", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
               ["det", "nsubj", "ROOT", "prep", "pcomp", "det", "nsubj", "ccomp", "punct"],
               [1, 2, 2, 2, 3, 6, 7, 4, 2], ["the", "mayor", "begin", "by", "say", "the", "ferry", "run", "."])
    assert source_token(doc[4]).text == "mayor"


def test_capitalised_passive_with_by_names_the_agent(nlp):
    # "HE WAS CALLED OUT BY RIVALS" with "BY" left as a plain preposition.
    doc = _doc(nlp, ["HE", "WAS", "CALLED", "OUT", "BY", "RIVALS"],
               ["PRON", "AUX", "VERB", "ADP", "ADP", "NOUN"],
               ["nsubjpass", "auxpass", "ROOT", "prt", "prep", "pobj"],
               [2, 2, 2, 2, 2, 4], ["he", "be", "call", "out", "by", "rival"])
    assert source_token(doc[2]).text == "RIVALS"


def test_passive_without_agent_still_names_no_one(nlp):
    # "The veto is expected to pass."
    doc = _doc(nlp, ["The", "veto", "is", "expected", "to", "pass", "."],
               ["DET", "NOUN", "AUX", "VERB", "PART", "VERB", "PUNCT"],
               ["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "punct"],
               [1, 3, 3, 3, 5, 3, 3], ["the", "veto", "be", "expect", "to", "pass", "."])
    assert source_token(doc[3]) is None


def test_expletive_it_is_not_a_source(nlp):
    # "It was unclear whether the ferry runs."
    doc = _doc(nlp, ["It", "was", "unclear", "whether", "the", "ferry", "runs", "."],
               ["PRON", "AUX", "ADJ", "SCONJ", "DET", "NOUN", "VERB", "PUNCT"],
               ["nsubj", "ROOT", "acomp", "mark", "det", "nsubj", "ccomp", "punct"],
               [1, 1, 1, 6, 5, 6, 1, 1], ["it", "be", "unclear", "whether", "the", "ferry", "run", "."])
    assert source_token(doc[1]) is None


def test_it_as_a_real_subject_stays_the_source(nlp):
    # "It said the ferry runs." (a company just named)
    doc = _doc(nlp, ["It", "said", "the", "ferry", "runs", "."],
               ["PRON", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
               ["nsubj", "ROOT", "det", "nsubj", "ccomp", "punct"],
               [1, 1, 3, 4, 1, 1], ["it", "say", "the", "ferry", "run", "."])
    assert source_token(doc[1]).text == "It"


def test_unnamed_asker_of_a_participle_is_not_the_main_subject(nlp):
    # "Asked about the ferry, the mayor said it runs."
    words = ["Asked", "about", "the", "ferry", ",", "the", "mayor", "said", "it", "runs", "."]
    doc = _doc(nlp, words, ["VERB", "ADP", "DET", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PRON", "VERB", "PUNCT"],
               ["advcl", "prep", "det", "pobj", "punct", "det", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
               [7, 0, 3, 1, 7, 6, 7, 7, 9, 7, 7],
               ["ask", "about", "the", "ferry", ",", "the", "mayor", "say", "it", "run", "."])
    doc[0].tag_ = "VBN"
    assert source_token(doc[0]) is None
    assert source_token(doc[7]).text == "mayor"
