"""People and organisations in one article, with every mention of each (in-article coreference).

Passes, each a small rule module over the spaCy parse and NER:
  1. names (``entities_names``): people, organisations and places clustered by name; titles before
     names and appositives become roles and mentions;
  2. nominals (``entities_nominals``): role nouns, anonymous sources and collective labels;
  3. pronouns (``coref``): he/she/his/her, and the possessor of "his regime".
``resolve_speaker`` and ``speaker_type`` let the statements extractor map a speaker span to an entity.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from newsprism.extract.coref import quote_mask, resolve_pronouns
from newsprism.extract.entities_lexicon import load_entity_lexicon
from newsprism.extract.entities_names import add_named_mentions
from newsprism.extract.entities_nominals import add_nominal_mentions
from newsprism.extract.entities_state import (
    MAX_MENTION_CHARS,
    ArticleState,
    Cluster,
    Draft,
    TokenTable,
)
from newsprism.records import LocalEntity, Mention

__all__ = ["find_entities", "resolve_speaker", "speaker_type", "SPEAKER_TYPES"]

SPEAKER_TYPES = ("person", "organisation", "anonymous")
#: Which mention of a speaker span wins when several overlap it.
KIND_RANK = {"name": 0, "title": 1, "descriptor": 2, "group": 3, "pronoun": 4}
_TYPE_TO_SPEAKER = {"person": "person", "organisation": "organisation", "place": "organisation",
                    "anonymous": "anonymous"}
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
#: Words that end the head noun phrase of a speaker span ("officials at the ministry", "a source who …").
_HEAD_ENDERS = frozenset({"of", "for", "at", "to", "in", "from", "with", "close", "familiar", "who", "which",
                          "that", "on", "said", "says"})


def find_entities(doc: Doc) -> tuple[list[LocalEntity], list[Mention]]:
    """Cluster the article's mentions into local entities; mentions come back in document order.

    A doc without sentence boundaries or entity annotation (a blank pipeline) has
    nothing to cluster: it yields no entities rather than an error.
    """
    if not (doc.has_annotation("SENT_START") and doc.has_annotation("ENT_IOB")):
        return [], []
    text = doc.text  # built from every token on each access: once is enough
    state = ArticleState(doc=doc, text=text, lexicon=load_entity_lexicon(), quoted=quote_mask(doc, text),
                         table=TokenTable(doc))
    add_named_mentions(state)
    add_nominal_mentions(state)
    resolve_pronouns(state)
    return _records(state, text)


def _records(state: ArticleState, text: str) -> tuple[list[LocalEntity], list[Mention]]:
    """Freeze clusters into LocalEntity (keys 0..n in order of first mention) and drafts into Mention."""
    drafts: list[tuple[Draft, Cluster | None]] = [(d, d.cluster.final() if d.cluster else None) for d in state.drafts]
    used = {id(c): c for _, c in drafts if c is not None}
    ordered = sorted(used.values(), key=lambda c: c.first_char)
    keys = {id(c): key for key, c in enumerate(ordered)}
    entities = [_entity(key, cluster) for key, cluster in enumerate(ordered)]
    mentions: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for draft, cluster in sorted(drafts, key=lambda item: (item[0].start, item[0].end)):
        span = (draft.start, draft.end)
        if span in seen:
            continue
        seen.add(span)
        key = keys[id(cluster)] if cluster is not None else None
        mentions.append(Mention(draft.start, draft.end, text[draft.start:draft.end], draft.kind, key))
    return entities, mentions


def _entity(key: int, cluster: Cluster) -> LocalEntity:
    names = cluster.names
    if names:
        name = max(names, key=lambda n: (len(n.split()), len(n), -names.index(n)))
    else:
        name = cluster.label or cluster.key_text or ""
    return LocalEntity(key=key, name=name, type=cluster.type, aliases=tuple(names), roles=tuple(cluster.roles))


def resolve_speaker(doc: Doc, start_char: int, end_char: int, entities: list[LocalEntity],
                    mentions: list[Mention]) -> LocalEntity | None:
    """The entity a speaker span refers to: the mention over the span's head, else the best overlapping one.

    ``mentions`` must be in document order (as ``find_entities`` returns them); the look-up bisects.
    """
    if not mentions or end_char <= start_char:
        return None
    overlapping = _overlapping(mentions, start_char, end_char)
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if not overlapping and span is not None and len(span) == 1 and span[0].lower_ in _RELATIVE_PRONOUNS:
        noun = _relative_antecedent(span[0])  # "Smith, who said …" → Smith
        if noun is not None:
            overlapping = _overlapping(mentions, noun.idx, noun.idx + len(noun.text))
            start_char, end_char, span = noun.idx, noun.idx + len(noun.text), doc[noun.i:noun.i + 1]
    if not overlapping:
        return None
    head_char = _head(span).idx if span is not None and len(span) else None

    def rank(mention: Mention) -> tuple[int, int, int]:
        over_head = head_char is not None and mention.start <= head_char < mention.end
        overlap = min(end_char, mention.end) - max(start_char, mention.start)
        return (0 if over_head else 1, KIND_RANK.get(mention.kind, 9), -overlap)

    best = min(overlapping, key=rank)
    key = best.entity_key
    if 0 <= key < len(entities) and entities[key].key == key:
        return entities[key]
    return next((e for e in entities if e.key == key), None)


def _head(span):
    """The span's head token; a name in apposition at its end stands for it ("the aid group Gatsby": Gatsby)."""
    root = span.root
    last = span[-1]
    while last.is_punct and last.i > span.start:
        last = last.doc[last.i - 1]
    if last.i != root.i and last.pos_ == "PROPN" and last.dep_ in ("appos", "flat") and last.head.i == root.i:
        return last
    return root


def _overlapping(mentions: list[Mention], start_char: int, end_char: int) -> list[Mention]:
    """Linked mentions overlapping [start_char, end_char), found by bisecting the sorted mentions."""
    low = bisect.bisect_left(mentions, start_char - MAX_MENTION_CHARS, key=lambda m: m.start)
    found = []
    for mention in mentions[low:]:
        if mention.start >= end_char:
            break
        if mention.end > start_char and mention.entity_key is not None:
            found.append(mention)
    return found


def _relative_antecedent(token):
    """The noun a relative clause hangs on ('Smith' in 'Smith, who said'), or None."""
    verb = token.head
    if verb.dep_ == "relcl" and verb.head.i != verb.i:
        return verb.head
    return None


def speaker_type(entity: LocalEntity | None, span_text: str) -> str | None:
    """person, organisation or anonymous for a speaker; None when neither entity nor wording tells."""
    lexicon = load_entity_lexicon()
    words = []
    for word in span_text.lower().split():
        word = word.strip(".,;:’'\"“”")
        if word in _HEAD_ENDERS:
            break  # "a source close to the talks": the head comes before the modifier
        words.append(word)
    head = words[-1] if words else ""
    if head in lexicon.groups or (head.endswith("s") and head[:-1] in lexicon.groups):
        if entity is None or entity.type in ("person", "organisation", "place"):
            return "organisation"  # "the Clinton campaign said": an organisation speaks
    if entity is not None:
        return _TYPE_TO_SPEAKER.get(entity.type)
    if head in _PERSON_PRONOUNS:
        return "person"
    role = lexicon.roles.get(head) or lexicon.roles.get(head.rstrip("s"))
    if role is not None and role.cls in ("anonymous", "office"):
        return "anonymous"
    return None
