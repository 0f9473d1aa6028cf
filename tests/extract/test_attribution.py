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
