"""Pronoun resolution and quotation marks for in-article coreference.

he/she/his/her go to the most recent compatible person, preferring subjects: in the same sentence
first, then the two sentences before. Pronouns inside quotation marks are left alone (they belong
to the quoted speaker's world: "he's a puppet"), and so are they/we/it (too often generic).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from newsprism.extract.entities_state import SUBJECT_DEPS, ArticleState, Cluster

__all__ = ["quote_mask", "resolve_pronouns"]

OPENING = frozenset({"“", "«", "„"})
CLOSING = frozenset({"”", "»"})
STRAIGHT = frozenset({'"', "''", "``"})
#: How many sentences back an antecedent may be.
WINDOW_SENTENCES = 2
NON_BINDING_DEPS = frozenset({"dobj", "dative", "pobj", "iobj"})


def quote_mask(doc: Doc) -> list[bool]:
    """Per token: inside quotation marks (curly, guillemets, straight); reset at each paragraph."""
    mask = [False] * len(doc)
    inside = False
    for token in doc:
        text = token.text
        if "\n" in token.whitespace_ or (token.is_space and "\n" in text):
            mask[token.i] = inside
            inside = False
            continue
        if text in OPENING:
            inside = True
        elif text in CLOSING:
            mask[token.i] = True
            inside = False
            continue
        elif text in STRAIGHT:
            inside = not inside
            mask[token.i] = True
            continue
        mask[token.i] = inside
    return mask


@dataclass(slots=True)
class _Event:
    """A mention of a person the pronoun pass can refer back to."""

    i: int
    sent: int
    subject: bool
    cluster: Cluster


def _sentence_index(doc: Doc, quoted: list[bool]) -> list[int]:
    """Per token, the number of narrative sentences before it: fully quoted sentences do not count,
    so "“…three quoted sentences…,” he said" still reaches the speaker named before the quote."""
    index = [0] * len(doc)
    number = -1
    for sent in doc.sents:
        if number < 0 or not all(quoted[i] or doc[i].is_punct or doc[i].is_space for i in range(sent.start, sent.end)):
            number += 1
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def resolve_pronouns(state: ArticleState) -> None:
    """Add pronoun mentions and fill 'his regime' groups with the person 'his' refers to."""
    doc, pronouns = state.doc, state.lexicon.pronouns
    if not len(doc):
        return
    sent_of = _sentence_index(doc, state.quoted)
    events = sorted((d for d in state.drafts if d.cluster is not None and d.cluster.type == "person"),
                    key=lambda d: d.head_i)
    history: list[_Event] = []
    next_event = 0
    for token in doc:
        i = token.i
        while next_event < len(events) and events[next_event].head_i < i:
            draft = events[next_event]
            if not draft.quoted:
                history.append(_Event(draft.head_i, sent_of[draft.head_i], draft.subject, draft.cluster))
            next_event += 1
        gender = pronouns.get(token.lower_)
        if gender is None or state.quoted[i] or token.pos_ != "PRON":
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
            history.append(_Event(i, sent_of[i], token.dep_ in SUBJECT_DEPS, cluster))
    for draft in state.pending_possessive.values():  # possessors the loop never reached
        if draft in state.drafts and draft.cluster is None:
            state.drafts.remove(draft)


def _antecedent(token, gender: str, sent: int, history: list[_Event]) -> Cluster | None:
    """Best earlier person for one pronoun (see the module docstring for the order of preference)."""
    same_subject = same_any = prev_subject = prev_any = same_any_event = None
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
            if event.subject and prev_subject is None:
                prev_subject = cluster
            if prev_any is None:
                prev_any = cluster
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
