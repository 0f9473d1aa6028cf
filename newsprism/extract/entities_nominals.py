"""Nominal mentions: role nouns ("the Syrian leader", "the dictator"), anonymous sources ("a source",
"officials") and collective labels ("his regime", "the Assad regime", "the Syrian government").

A definite role noun refers to the best-matching named person: same role word (or any head-of-state
label for a head of state), no conflicting country, then the most salient. Indefinite and plural role
nouns that act as sources become anonymous entities. A collective label belongs to its possessor or
naming modifier (a person or an organisation) when it has one, else it is an organisation of its own.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Token

from newsprism.extract.entities_lexicon import Role, country_of
from newsprism.extract.entities_names import add_role_mention, np_bounds, role_of
from newsprism.extract.entities_state import SUBJECT_DEPS, ArticleState, Cluster

__all__ = ["add_nominal_mentions"]

DEFINITE = frozenset({"the", "this", "that"})
#: Distancing words left out of a group's key ("so-called moderate opposition" = "moderate opposition").
KEY_STOPWORDS = frozenset({"so", "-", "called", "so-called", "alleged", "self", "styled", "self-styled", "the"})
NOMINAL_POS = frozenset({"NOUN", "PROPN"})


def add_nominal_mentions(state: ArticleState) -> None:
    """Descriptor, title, anonymous and group mentions of the nouns not already inside a name or title."""
    lexicon = state.lexicon
    groups: dict[str, Cluster] = {}
    anonymous: dict[str, Cluster] = {}
    table = state.table
    wanted = (table.lower_in(lexicon.nominal_ids) | np.isin(table.lemma, lexicon.nominal_ids)) & ~state.quoted
    wanted &= table.pos_in(*NOMINAL_POS)  # inside quotes: the speaker's words, not the outlet's labels
    for i in np.nonzero(wanted)[0].tolist():
        if i in state.taken:
            continue
        token = state.doc[i]
        low = token.lower_
        group_class = lexicon.groups.get(low)
        role = None if group_class else role_of(token, lexicon)
        if role is None and group_class is None:
            group_class = lexicon.groups.get(token.lemma_.lower())
        if group_class is not None:
            _add_group(state, token, groups)
        elif role is not None and role.cls != "honorific":
            _add_role_noun(state, token, role, anonymous)
    _merge_bare_groups(groups)


def _modifiers(state: ArticleState, token: Token, start: int, end: int) -> tuple[list[Token], Token | None, str | None]:
    """Modifier tokens of a noun phrase, its determiner-or-possessor, and the determiner word."""
    mods, owner, det = [], None, None
    for other in state.doc[start:end]:
        if other.i == token.i:
            continue
        if other.dep_ == "det" and other.head.i == token.i:
            det = other.lower_
        elif other.dep_ == "poss" and other.head.i == token.i:
            owner = other
        elif other.tag_ != "POS" and not other.is_punct:
            mods.append(other)
    return mods, owner, det


def _countries(state: ArticleState, tokens: list[Token]) -> set[str]:
    found = set()
    for tok in tokens:
        cluster = state.org_tokens.get(tok.i)
        if cluster is not None and cluster.type == "place" and cluster.key_text:
            found.add(cluster.key_text)
        elif country := country_of(tok.text, state.lexicon):
            found.add(country)
    return found


def _add_group(state: ArticleState, token: Token, groups: dict[str, Cluster]) -> None:
    start, end = np_bounds(token)
    mods, owner, det = _modifiers(state, token, start, end)
    if owner is not None:
        owner_cluster = state.person_tokens.get(owner.i) or state.org_tokens.get(owner.i)
        if owner.lower_ in state.lexicon.pronouns:
            draft = state.add(start, end, "group", None, head_i=token.i)
            if draft is not None:
                state.pending_possessive[owner.i] = draft  # filled by the pronoun pass
            return
        if owner_cluster is not None and owner_cluster.type in ("person", "organisation"):
            state.add(start, end, "group", owner_cluster, head_i=token.i)  # "Assad's government"
            return
    for mod in reversed(mods):  # the nearest name wins: "the Takfiri ISIL terrorists" → ISIL
        named = state.person_tokens.get(mod.i) or state.org_tokens.get(mod.i)
        if named is not None and named.type in ("person", "organisation"):
            state.add(start, end, "group", named, head_i=token.i)  # "the Assad regime", "the Takfiri group"
            return
    if det not in DEFINITE and not mods and owner is None and not _is_source_position(token):
        return  # a bare plural ("rebels") is too generic to be an actor, unless it speaks ("Police said")
    if any(m.like_num for m in mods):
        return  # "about 1,000 troops", "the two groups": counts, not actors
    countries = sorted(_countries(state, mods + ([owner] if owner is not None else [])))
    words = [m.lower_ for m in mods if m.lower_ not in KEY_STOPWORDS and not country_of(m.text, state.lexicon)]
    key = " ".join(countries + sorted(words) + [token.lemma_.lower()])
    cluster = groups.get(key)
    if cluster is None:
        label_start = owner.right_edge.i + 1 if owner is not None else start
        if det is not None and state.doc[label_start].lower_ == det:
            label_start += 1
        cluster = state.new_cluster("organisation", key_text=key, label=state.doc[label_start:end].text)
        groups[key] = cluster
    state.add(start, end, "group", cluster, head_i=token.i)


def _merge_bare_groups(groups: dict[str, Cluster]) -> None:
    """'the government' is the article's one 'X government' when there is exactly one."""
    for key, cluster in groups.items():
        if " " in key:
            continue
        specific = [c for k, c in groups.items() if k.endswith(" " + key)]
        if len(specific) == 1:
            cluster.merged_into = specific[0]


def _is_source_position(token: Token) -> bool:
    """Subjects and 'according to X' objects: where an anonymous source can speak."""
    if token.dep_ in SUBJECT_DEPS:
        return True
    head = token.head
    if token.dep_ != "pobj":
        return False
    return head.lower_ == "by" or (head.lower_ == "to" and head.head.lower_ == "according")


def _add_role_noun(state: ArticleState, token: Token, role: Role, anonymous: dict[str, Cluster]) -> None:
    if token.dep_ in ("attr", "compound") or token.head.i in state.person_tokens and token.dep_ == "appos":
        return
    start, end = np_bounds(token)
    mods, owner, det = _modifiers(state, token, start, end)
    plural = token.tag_ in ("NNS", "NNPS")
    definite = (det in DEFINITE or owner is not None) and not plural
    if definite and role.cls != "anonymous":
        person = _best_person(state, token, role, mods)
        if person is not None:
            capitalised = token.is_title and all(m.is_title or m.is_upper for m in mods)
            state.add(start, end, "title" if capitalised else "descriptor", person, head_i=token.i)
            return
        specific = _countries(state, mods) or any(m.is_title for m in mods)
        if (role.cls == "office" and specific) or (role.cls == "person" and det in DEFINITE):
            key = " ".join(m.lower_ for m in mods) + " " + token.lemma_.lower()
            person = anonymous.get(key)
            if person is None:  # "the King of Saudi Arabia": a person known only by role
                person = state.new_cluster("person", label=state.doc[start + (det is not None):end].text)
                anonymous[key] = person
                add_role_mention(state, person, token, "descriptor")
                return
            state.add(start, end, "descriptor", person, head_i=token.i)
            return
    if role.cls == "descriptor" or not _is_source_position(token):
        return
    key = " ".join([m.lower_ for m in mods if m.pos_ != "NUM"] + [token.lemma_.lower()])
    cluster = anonymous.get(key)
    if cluster is None:
        cluster = state.new_cluster("anonymous", key_text=key, label=state.doc[start:end].text)
        anonymous[key] = cluster
    state.add(start, end, "descriptor", cluster, head_i=token.i)


def _best_person(state: ArticleState, token: Token, role: Role, mods: list[Token]) -> Cluster | None:
    """The person a definite role noun refers to: same role, compatible country, most salient."""
    head = token.lower_.rstrip(".")
    lemma = token.lemma_.lower()
    countries = _countries(state, mods)
    words = {m.lower_ for m in mods}
    best, best_key = None, None
    for cluster in state.clusters:
        if cluster.type != "person" or (not cluster.names and not cluster.roles):
            continue
        if head in cluster.role_heads or lemma in cluster.role_heads:
            score = 3
        elif role.head_of_state and cluster.head_of_state:
            score = 2
        else:
            continue
        if countries:
            if countries & cluster.countries:
                score += 2
            elif {_affiliation_kind(c) for c in cluster.countries} & {_affiliation_kind(c) for c in countries}:
                continue  # "the Democratic nominee" is not the Republican one
        if (cluster.role_words & state.lexicon.lower_rank) != (words & state.lexicon.lower_rank):
            continue  # "the presidential nominee" is not the vice-presidential one, nor the other way round
        score += len(words & cluster.role_words)
        before = max((start for start in cluster.starts if start < token.idx), default=-1)
        score += before >= 0
        key = (score, cluster.salience, before)  # then the most salient, then the most recent
        if best_key is None or key > best_key:
            best, best_key = cluster, key
    return best


def _affiliation_kind(affiliation: str) -> str:
    """'country' or the prefix of a 'party:…' affiliation from demonyms.tsv."""
    return affiliation.split(":", 1)[0] if ":" in affiliation else "country"
