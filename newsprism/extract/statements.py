"""Attributed statements: direct, mixed, indirect, block, Q&A and scare-quoted terms."""

from __future__ import annotations

from spacy.tokens import Doc

from newsprism.records import LocalEntity, Mention, Statement


def find_statements(doc: Doc, entities: list[LocalEntity], mentions: list[Mention]) -> list[Statement]:
    """Every statement in the article, in document order. (Filled by the statements issue.)"""
    return []
