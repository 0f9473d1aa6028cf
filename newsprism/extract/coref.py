"""Pronoun resolution and quotation marks for in-article coreference.

he/she/his/her go to the most recent compatible person, preferring subjects: in the same sentence
first, then the two sentences before. Pronouns inside quotation marks are left alone (they belong
to the quoted speaker's world: "he's a puppet"), and so are they/we/it (too often generic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX
from spacy.tokens import Doc

from newsprism.extract.entities_state import SUBJECT_DEPS, ArticleState, Cluster

__all__ = ["quote_mask", "resolve_pronouns"]

OPENING = frozenset({"“", "«", "„", "``"})
CLOSING = frozenset({"”", "»", "''"})
_QUOTE_EVENT = re.compile(r"``|''|[“”«»„\"\n]")
#: How many sentences back an antecedent may be.
WINDOW_SENTENCES = 2
NON_BINDING_DEPS = frozenset({"dobj", "dative", "pobj", "iobj"})


def quote_mask(doc: Doc, text: str | None = None) -> np.ndarray:
    """Per token: inside quotation marks (curly, guillemets, straight); reset at each line break.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it from every token on each access).
    """
    text = doc.text if text is None else text
    intervals = []
    opened = None
    for match in _QUOTE_EVENT.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n" or mark in CLOSING:
            if opened is not None:
                intervals.append((opened, at + len(mark) if mark != "\n" else at))
            opened = None
        elif mark in OPENING:
            opened = at if opened is None else opened
        elif opened is None:  # straight marks toggle
            opened = at
        else:
            intervals.append((opened, at + len(mark)))
            opened = None
    if opened is not None:
        intervals.append((opened, len(text)))
    mask = np.zeros(len(doc), dtype=bool)
    if intervals:
        starts = doc.to_array([IDX]).astype(np.int64)
        for begin, stop in intervals:
            mask[np.searchsorted(starts, begin):np.searchsorted(starts, stop)] = True
    return mask


@dataclass(slots=True)
class _Event:
    """A mention of a person the pronoun pass can refer back to."""

    i: int
    sent: int
    subject: bool
    cluster: Cluster
    main_subject: bool = False
    intro: bool = False  # the person's first mention in the article ("…, said Henry Crespo, president of …")


def _sentence_index(doc: Doc, quoted: np.ndarray, punct: np.ndarray) -> list[int]:
    """Per token, the number of narrative sentences before it: fully quoted sentences do not count,
    so "“…three quoted sentences…,” he said" still reaches the speaker named before the quote."""
    index = np.zeros(len(doc), dtype=np.int64)
    quoted_or_punct = quoted | punct
    number = -1
    for sent in doc.sents:
        if number < 0 or not quoted_or_punct[sent.start:sent.end].all():
            number += 1
        index[sent.start:sent.end] = number
    return index.tolist()


def resolve_pronouns(state: ArticleState) -> None:
    """Add pronoun mentions and fill 'his regime' groups with the person 'his' refers to."""
    doc, pronouns, table = state.doc, state.lexicon.pronouns, state.table
    if not len(doc):
        return
    sent_of = _sentence_index(doc, state.quoted, table.punct)
    events = sorted((d for d in state.drafts if d.cluster is not None and d.cluster.type == "person"),
                    key=lambda d: d.head_i)
    candidates = np.nonzero(table.lower_in(state.lexicon.pronoun_ids) & ~state.quoted)[0].tolist()
    history: list[_Event] = []
    next_event = 0
    for i in candidates:
        while next_event < len(events) and events[next_event].head_i < i:
            draft = events[next_event]
            if not draft.quoted:
                history.append(_Event(draft.head_i, sent_of[draft.head_i], draft.subject, draft.cluster,
                                      draft.main_subject, draft.start == draft.cluster.first_char))
            next_event += 1
        token = doc[i]
        gender = pronouns.get(token.lower_)
        if gender is None or token.pos_ != "PRON":
            continue
        cluster = _antecedent(token, gender, sent_of[i], history)
        pending = state.pending_possessive.pop(i, None)
        if cluster is None:
            if pending is not None:
                state.drafts.remove(pending)
            continue
        if cluster.gender is None:
            cluster.gender = gender
        if pending is not None:
            pending.cluster = cluster
        draft = state.add(i, i + 1, "pronoun", cluster, head_i=i)
        if draft is not None:
            history.append(_Event(i, sent_of[i], draft.subject, cluster, draft.main_subject))
    for draft in state.pending_possessive.values():  # possessors the loop never reached
        if draft in state.drafts and draft.cluster is None:
            state.drafts.remove(draft)


def _antecedent(token, gender: str, sent: int, history: list[_Event]) -> Cluster | None:
    """Best earlier person for one pronoun (see the module docstring for the order of preference)."""
    same_subject = same_any = prev_subject = prev_any = same_any_event = prev_main = None
    nearest_sent = nearest_any_sent = prev_intro = None
    binder = token.head.i if token.dep_ in NON_BINDING_DEPS else None
    doc = token.doc
    for event in reversed(history):
        if event.sent < sent - WINDOW_SENTENCES:
            break
        cluster = event.cluster
        if cluster.gender is not None and cluster.gender != gender:
            continue
        if binder is not None and event.subject and doc[event.i].head.i == binder:
            continue  # "Trump praised him": him is not Trump
        if event.sent == sent:
            if event.subject and same_subject is None:
                same_subject = cluster
            if same_any is None:
                same_any, same_any_event = cluster, event
        else:
            if nearest_any_sent is None:
                nearest_any_sent = event.sent
            if event.intro and prev_intro is None and event.sent == nearest_any_sent:
                prev_intro = cluster
            if event.subject and prev_subject is None:
                prev_subject, nearest_sent = cluster, event.sent
            if event.main_subject and prev_main is None and event.sent == nearest_sent:
                prev_main = cluster  # "McLenney said Clinton …. She": the main subject of that sentence
            if prev_any is None:
                prev_any = cluster
    if prev_intro is not None and nearest_sent != nearest_any_sent:
        prev_subject = prev_intro  # a person just introduced, in a sentence without a person subject
    else:
        prev_subject = prev_main or prev_subject
    if token.dep_ in SUBJECT_DEPS:
        return same_subject or prev_subject or same_any or prev_any
    if same_any_event is not None and _clause(token) == _clause(doc[same_any_event.i]):
        return same_any  # "Putin and his Turkish counterpart": a possessor in the same clause
    return same_subject or same_any or prev_subject or prev_any


def _clause(token) -> int:
    """Index of the verb (or root) that governs a token: tokens of one clause share it."""
    steps = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and steps < 20:
        token = token.head
        steps += 1
    return token.i
