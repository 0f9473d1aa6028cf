"""Named mentions: people, organisations and places from the NER, clustered by name, with their titles.

People cluster by surname and first name ("Assad" ↔ "Bashar al-Assad" ↔ "Bashar Al-Assad"; "Hafez
al-Assad" stays apart from "Bashar al-Assad"). Titles before a name ("Kremlin spokesman Dmitry Peskov")
and appositives ("Peskov, the Kremlin spokesman,") become roles of the person and mentions of their own.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import DEP, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newsprism.extract.entities_lexicon import EntityLexicon, country_of
from newsprism.extract.entities_state import ArticleState, Cluster, string_ids

__all__ = ["add_named_mentions", "name_keys", "np_bounds", "role_of", "ROLE_CLASSES"]

PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG"})
PLACE_LABELS = frozenset({"GPE", "FAC"})
#: Role classes that may stand before a name or in an appositive.
ROLE_CLASSES = frozenset({"honorific", "office", "descriptor"})
#: Role classes accepted before a name or in an appositive ("9/11 widow Terry Strada", "X, a teacher,").
TITLE_CLASSES = ROLE_CLASSES | {"person"}
#: Dependents of a noun that belong to its noun phrase on the left.
LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod"})
QUOTE_CHARS = frozenset('"“”‘’«»\'`')
#: Prepositions kept in a role: "spokesman for the State Department", "President of Syria".
ROLE_PREPS = frozenset({"of", "for", "at", "to"})
#: Words the NER sometimes glues to the front of a name ("Both Mr. King", "Many Democrats").
LEADING_POS = frozenset({"DET", "CCONJ", "ADV", "NUM", "ADP"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PARTICLES = frozenset({"al", "el", "ad", "bin", "ibn"})
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|ar)-", re.IGNORECASE)
_DASHES = "-–—‐"
MAX_TITLE_TOKENS = 6
MAX_NP_TOKENS = 12


def name_keys(words: list[str]) -> list[str]:
    """Normalised words of a person's name: lower case, no dots, no 'al-' particles or 'Jr.'."""
    keys = []
    for word in words:
        key = _PARTICLE_PREFIX.sub("", word.lower().strip(".,")).replace(".", "")
        if key and key not in PARTICLES and key not in NAME_SUFFIXES and key not in _DASHES:
            keys.append(key)
    return keys


def _lex_word(token: Token) -> str:
    """A token as roles.tsv spells it: lower case, a final dot dropped except in honorifics ('mr.')."""
    return token.lower_.rstrip(".") if token.lower_ not in ("mr.", "mrs.", "ms.", "dr.") else token.lower_


def role_of(token: Token, lexicon: EntityLexicon):
    """The lexicon role of a token (by lower form, then lemma), or None."""
    roles = lexicon.roles
    return roles.get(token.lower_) or roles.get(_lex_word(token)) or roles.get(token.lemma_.lower())


def np_bounds(token: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``token`` (short modifiers and one 'of/for' PP)."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in LEFT_DEPS:
            start = min(start, child.left_edge.i)
    start = max(start, token.i - MAX_NP_TOKENS // 2)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ROLE_PREPS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].right_edge.i - start < MAX_NP_TOKENS:
                end = objects[0].right_edge.i + 1
            break
        if child.dep_ not in ("compound", "amod"):
            break
    doc = token.doc
    for i in range(token.i + 1, end):
        if doc[i].text in ("(", "["):
            end = i  # "advisor to vice president (then-senator …" stops at the bracket
            break
    for i in range(start, token.i):
        if doc[i].text in QUOTE_CHARS or doc[i].text in _DASHES or doc[i].is_space:
            start = i + 1  # "First Coastal Division" rebel faction → rebel faction
    while start < token.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > token.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].pos_ == "CCONJ"):
        end -= 1
    return start, end


def add_named_mentions(state: ArticleState) -> None:
    """Cluster the NER's people, organisations and places; add their name and title mentions."""
    doc, lexicon = state.doc, state.lexicon
    people: list[tuple[Span, int, int]] = []  # (ent, name start, name end)
    others: list[tuple[Span, int, int]] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in PERSON_LABELS and label not in ORG_LABELS and label not in PLACE_LABELS and label != "NORP":
            continue
        if label == "NORP" and not (_is_acronym_norp(ent) or _is_norp_noun(ent)):
            continue
        bounds = _clean_bounds(ent, label, lexicon)
        if bounds is None:
            continue
        person = label in PERSON_LABELS and not _apposed_to_organisation(doc, *bounds, lexicon)
        person = person or (label in ORG_LABELS and _titled_name(doc, *bounds, lexicon))
        (people if person else others).append((ent, *bounds))
    people.extend(_untagged_people(doc, lexicon, {start for _, start, _ in people}))
    by_surname = _cluster_people(state, people)
    _cluster_others(state, others, by_surname)
    _add_untagged_surnames(state, by_surname)
    _add_untagged_org_names(state)
    _add_appositive_roles(state)


#: A possessive the tagger may read as a closing quote ("Durning’s" → ``''``).
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})


def _clean_bounds(ent: Span, label: str, lexicon: EntityLexicon) -> tuple[int, int] | None:
    """Token bounds of the name inside an entity span: no 'the', no trailing 's, no 'Q.' of transcripts."""
    tokens = list(ent)
    text = ent.text
    if "/" in text or "\n" in text or not any(ch.isalpha() for ch in text):
        return None
    if tokens[0].text in ("Q.", "Q", "Q:") or (label in ORG_LABELS and any(t.tag_.startswith("VB") for t in tokens)):
        return None  # transcript turns ("Q. Secret trials") and headline fragments ("Assad Welcomes America")
    lo, hi = 0, len(tokens)
    while lo < hi and (tokens[lo].lower_ == "the" or tokens[lo].is_punct or tokens[lo].pos_ in LEADING_POS):
        lo += 1
    while hi > lo and (tokens[hi - 1].tag_ == "POS" or tokens[hi - 1].lower_ in _POSSESSIVE_MARKS
                       or tokens[hi - 1].is_punct or tokens[hi - 1].tag_.startswith("VB")):
        hi -= 1  # "Obama Says" in headlines
    if lo >= hi:
        return None
    if label in PERSON_LABELS:
        for k in range(hi - 2, lo - 1, -1):
            role = role_of(tokens[k], lexicon)
            if role is not None and role.cls in ROLE_CLASSES:
                lo = k + 1  # "President Obama", "Both Mr. King": the title is kept apart (_title_start)
                break
        while lo < hi and (role_of(tokens[lo], lexicon) or tokens[lo].lower_ in lexicon.modifiers):
            lo += 1
        if lo >= hi or tokens[lo].lower_ == "of" or not any(t.text[:1].isupper() for t in tokens[lo:hi]):
            return None
    return ent.start + lo, ent.start + hi


def _apposed_to_organisation(doc: Doc, start: int, end: int, lexicon: EntityLexicon) -> bool:
    """A name right after a noun naming a kind of organisation, in apposition ("the aid group Gatsby",
    "media buying company GroupM"): an organisation, whatever the NER's label."""
    if start == 0:
        return False
    noun = doc[start - 1]
    if noun.pos_ != "NOUN" or noun.lower_ not in lexicon.organisation_heads or noun.tag_ in ("NNS", "NNPS"):
        return False
    name = doc[start:end]
    return noun.head.i in range(start, end) or (name.root.head.i == noun.i and name.root.dep_ in ("appos", "compound"))


def _titled_name(doc: Doc, start: int, end: int, lexicon: EntityLexicon) -> bool:
    """A two- or three-word name the NER tagged an organisation right after a person's role noun that
    modifies it ("Strzok attorney Aitan Goelman", "spokesman Juan Ortiz"): a person."""
    if start == 0 or not 2 <= end - start <= 3:
        return False
    noun = doc[start - 1]
    role = lexicon.roles.get(noun.lower_)
    if role is None or role.cls not in ("office", "person") or noun.pos_ != "NOUN" or noun.head.i not in range(start, end):
        return False
    words = doc[start:end]
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() for t in words):
        return False
    last = words[-1].lower_.strip(".")
    return last not in lexicon.organisation_heads and last not in lexicon.groups


def _is_acronym_norp(ent: Span) -> bool:
    """NORP spans that are organisation acronyms ('ISIL'), which the small model tags as nationalities."""
    return ent.label_ == "NORP" and len(ent) == 1 and ent.text.isupper() and len(ent.text) >= 3


def _is_norp_noun(ent: Span) -> bool:
    """Nationalities and parties used as nouns ('Republicans said'): collective actors, type 'other'."""
    root = ent.root
    return ent.label_ == "NORP" and root.pos_ in ("NOUN", "PROPN") and root.dep_ not in ("amod", "compound")


def _untagged_people(doc: Doc, lexicon: EntityLexicon, known: set[int]):
    """'Mr. McKinley' where the NER saw no person: an honorific followed by capitalised proper nouns."""
    found = []
    for i in np.nonzero(np.isin(doc.to_array([LOWER]), lexicon.honorific_ids))[0].tolist():
        token = doc[i]
        role = role_of(token, lexicon)
        if role is None or role.cls != "honorific" or not token.text[:1].isupper():
            continue
        end = token.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and end - token.i <= 3:
            end += 1
        if end > token.i + 1 and not doc[token.i + 1].ent_type_ and token.i + 1 not in known:
            found.append((doc[token.i + 1:end], token.i + 1, end))
    return found + _apposed_people(doc, lexicon, known | {start for _, start, _ in found})


def _apposed_people(doc: Doc, lexicon: EntityLexicon, known: set[int]):
    """'Yuni, a resident of Lampung, …' where the NER saw no person: a capitalised proper noun with an
    indefinite role noun in apposition after a comma."""
    found = []
    for i in np.nonzero(doc.to_array([DEP]) == get_string_id("appos"))[0].tolist():
        noun = doc[i]
        if noun.pos_ != "NOUN" or noun.i < 3 or doc[noun.i - 1].lower_ not in ("a", "an"):
            continue
        name = noun.head
        if noun.lower_ not in lexicon.roles or name.pos_ != "PROPN" or name.ent_type_:
            continue
        if name.i != noun.i - 3 or doc[name.i + 1].text != "," or not name.text[:1].isupper():
            continue
        start = name.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_:
            start -= 1
        if start not in known and role_of(doc[start], lexicon) is None:
            found.append((doc[start:name.i + 1], start, name.i + 1))
    return found


def _cluster_people(state: ArticleState, people: list[tuple[Span, int, int]]) -> dict[str, list[Cluster]]:
    """Full names first (one cluster per first name + surname), then single names by surname or first name."""
    doc, lexicon = state.doc, state.lexicon
    by_surname: dict[str, list[Cluster]] = {}
    keyed = []
    for ent, start, end in people:
        keys = name_keys(state.span_text(start, end).split())
        if keys:
            keyed.append((ent, start, end, keys))
    assigned: dict[int, Cluster] = {}
    for ent, start, end, keys in keyed:
        if len(keys) < 2:
            continue
        first, last = keys[0], keys[-1]
        cluster = next((c for c in by_surname.get(last, ()) if _same_first(c.first, first)), None)
        if cluster is None:
            cluster = state.new_cluster("person", first=first, last=last, gender=lexicon.first_names.get(first))
            by_surname.setdefault(last, []).append(cluster)
        assigned[start] = cluster
    recent: dict[Cluster, int] = {}
    first_at: dict[int, int] = {}  # id(cluster) -> token where its full name first appears
    for start, cluster in assigned.items():
        first_at[id(cluster)] = min(start, first_at.get(id(cluster), start))
    lead_end = _lead_end(doc)
    for ent, start, end, keys in sorted(keyed, key=lambda item: item[1]):
        cluster = assigned.get(start)
        if cluster is None:
            gender = _honorific_gender(doc, start, lexicon)
            titles = _title_words(doc, start, lexicon)
            # news names a person in full first: past the headline and lead, a bare name is no one named
            # only later ("Durning" for the choreographer, before her father "Charles Durning" appears)
            later = set() if start < lead_end else {id(c) for c in assigned.values() if first_at[id(c)] > start}
            cluster = _single_name_cluster(state, keys[0], gender, titles, by_surname, recent, later)
        recent[cluster] = start
        _add_person_mention(state, cluster, start, end)
    return by_surname


def _same_first(known: str | None, first: str) -> bool:
    if known is None or known == first:
        return True
    return (len(known) == 1 and first.startswith(known)) or (len(first) == 1 and known.startswith(first))


def _honorific_gender(doc: Doc, start: int, lexicon: EntityLexicon) -> str | None:
    """'m' after Mr., 'f' after Mrs./Ms., else None."""
    if start == 0:
        return None
    role = role_of(doc[start - 1], lexicon)
    return role.gender if role is not None and role.cls == "honorific" else None


def _title_words(doc: Doc, start: int, lexicon: EntityLexicon) -> set[str]:
    """Role words of the title right before a name ('President' Obama → {'president'})."""
    title_start = _title_start(doc, start, lexicon)
    if title_start is None:
        return set()
    return {_lex_word(t) for t in doc[title_start:start] if role_of(t, lexicon)}


def _lead_end(doc: Doc) -> int:
    """First token after the article's first two non-blank lines (headline and lead)."""
    lines = 0
    for token in doc:
        if "\n" in token.text or "\n" in token.whitespace_:
            if token.text.strip() or lines == 0:
                lines += 1
            if lines >= 2:
                return token.i + 1
    return len(doc)


def _single_name_cluster(state: ArticleState, key: str, gender: str | None, titles: set[str],
                         by_surname: dict[str, list[Cluster]], recent: dict[Cluster, int],
                         later: set[int] | None = None) -> Cluster:
    """'Assad' → the Assad mentioned most often so far (then most recently); 'Hillary' → the only Hillary;
    'Mrs. Clinton' → the Clinton who is not known to be a man. Full names in ``later`` (ids of clusters
    first named after this mention) are no candidates."""
    later = later or set()
    candidates = [c for c in by_surname.get(key, ()) if id(c) not in later]
    if not candidates:
        candidates = [c for group in by_surname.values() for c in group if c.first == key and id(c) not in later]
    if gender is not None and candidates:
        candidates = [c for c in candidates if c.gender in (None, gender)]
    if titles and candidates:  # "President Obama" is the Obama known as president, not Michelle
        candidates = [c for c in candidates if c.role_heads & titles] or candidates
    if not candidates:
        cluster = state.new_cluster("person", last=key, gender=gender or state.lexicon.first_names.get(key))
        by_surname.setdefault(key, []).append(cluster)
        return cluster
    if len(candidates) == 1:
        return candidates[0]
    return max(candidates, key=lambda c: (c.salience, recent.get(c, -1)))  # the article's main Cruz, not Heidi


def _add_person_mention(state: ArticleState, cluster: Cluster, start: int, end: int) -> None:
    doc = state.doc
    name = state.span_text(start, end)
    if name not in cluster.names:
        cluster.names.append(name)
    cluster.salience += 1
    title_start = _title_start(doc, start, state.lexicon)
    if title_start is not None:
        _add_title(state, cluster, title_start, start)
    state.add(start, end, "name", cluster, head_i=end - 1)
    for i in range(start, end):
        state.person_tokens[i] = cluster
        state.taken.add(i)


def _title_start(doc: Doc, name_start: int, lexicon: EntityLexicon) -> int | None:
    """Start of the title right before a name ('Turkish Deputy Prime Minister' Numan Kurtulmus), if any."""
    i = name_start - 1
    start = None
    seen_role = False
    while i >= 0 and name_start - i <= MAX_TITLE_TOKENS:
        token = doc[i]
        role = role_of(token, lexicon)
        if role is not None and role.cls in TITLE_CLASSES:
            seen_role = True
        elif token.lower_ in lexicon.modifiers or (token.text in _DASHES and i + 1 < name_start):
            pass
        elif token.lower_ == "of" and i > 0 and role_of(doc[i - 1], lexicon) and doc[i - 1].is_title:
            pass  # "Secretary of State"
        elif token.tag_ == "POS" and i > 0 and doc[i - 1].ent_type_:
            pass  # "Russia's Foreign Minister"
        elif (token.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or (token.pos_ == "PROPN" and token.is_title)
              or (token.text[:1].isupper() and country_of(token.text, lexicon))):  # "Libertarian"
            if not seen_role:
                break  # capitalised words must sit left of a role word ("Syrian President")
        else:
            break
        start = i
        if token.is_sent_start:
            break
        i -= 1
    if start is None or not seen_role:
        return None
    while start < name_start and (doc[start].tag_ == "POS" or doc[start].lower_ == "of" or doc[start].text in _DASHES):
        start += 1
    return start if start < name_start else None


def _add_title(state: ArticleState, cluster: Cluster, start: int, end: int) -> None:
    """A title before a name: a role of the person and a 'title' mention."""
    doc, lexicon = state.doc, state.lexicon
    span = doc[start:end]
    head = next((t for t in reversed(span) if role_of(t, lexicon)), span[-1])
    role = role_of(head, lexicon)
    words = [t.lower_ for t in span]
    countries = {c for t in span if (c := country_of(t.text, lexicon))}
    text = span.text
    cluster.add_role(text, _lex_word(head), words, countries, bool(role and role.head_of_state),
                     role.gender if role else None)
    state.add(start, end, "title", cluster, head_i=head.i)
    state.taken.update(range(start, end))


def _retype_organisation(cluster: Cluster, org_votes: int, lexicon: EntityLexicon, place_votes: int = 0) -> None:
    """A single name NER tags as an organisation (or a place) at least as often as a person, with no first
    name, title or gender ("Facebook says …" once PERSON, twice ORG; "Sumatra" once PERSON, thrice GPE), is
    an organisation (a place)."""
    votes = max(org_votes, place_votes)
    if (cluster.type != "person" or cluster.first is not None or not votes or votes < cluster.salience
            or cluster.roles or cluster.gender is not None or (cluster.last or "") in lexicon.first_names):
        return
    cluster.type = "place" if place_votes > org_votes else "organisation"
    cluster.key_text = cluster.last


def _cluster_others(state: ArticleState, others: list[tuple[Span, int, int]],
                    by_surname: dict[str, list[Cluster]]) -> None:
    """Organisations and places by normalised name, acronym or first word; NER slips back to people."""
    lexicon = state.lexicon
    full_names = {" ".join(name_keys(n.split())): c for group in by_surname.values() for c in group for n in c.names}
    by_key: dict[str, Cluster] = {}
    ordered = sorted(others, key=lambda item: -(item[2] - item[1]))  # longer names first, for acronyms
    resolved: dict[int, tuple[Cluster, str]] = {}
    org_votes: dict[int, int] = {}  # id(person cluster) -> its single name tagged as an organisation
    place_votes: dict[int, int] = {}  # … as a place
    for ent, start, end in ordered:
        words = state.span_text(start, end).split()
        keys = name_keys(words)
        joined = " ".join(keys)
        person = full_names.get(joined) or (by_surname.get(joined, [None])[0] if len(keys) == 1 else None)
        if person is not None:
            resolved[start] = (person, "name", end)
            if len(keys) == 1 and ent.label_ in ORG_LABELS:
                org_votes[id(person)] = org_votes.get(id(person), 0) + 1
            elif len(keys) == 1 and ent.label_ in PLACE_LABELS:
                place_votes[id(person)] = place_votes.get(id(person), 0) + 1
            continue
        if len(keys) >= 3 and keys[0] in by_surname and len(words) == end - start:
            resolved[start] = (by_surname[keys[0]][0], "name", start + 1)  # "Assad Dismisses War Crimes…"
            continue
        if len(keys) >= 2 and keys[-1] in lexicon.groups:
            owner = full_names.get(" ".join(keys[:-1]))
            if owner is None and len(keys) == 2:
                owner = by_surname.get(keys[-2], [None])[0]
            if owner is not None:
                resolved[start] = (owner, "group", end)  # "the Trump Administration"
                continue
        is_place = ent.label_ in PLACE_LABELS
        collective = ent.label_ == "NORP" and not _is_acronym_norp(ent)
        type_ = "place" if is_place else "other" if collective else "organisation"
        key = (country_of(" ".join(words), lexicon) if is_place else None) or joined.replace("’s", "")
        if type_ == "other":
            key = "group:" + (key[:-1] if key.endswith("s") else key)  # "Democrats" = "Democrat"
        cluster = by_key.get(key) or _match_org(key, words, by_key)
        if cluster is None:
            cluster = state.new_cluster(type_, key_text=key)
            by_key[key] = cluster
            for alias in _acronyms(keys, words):
                by_key.setdefault(alias, cluster)
        resolved[start] = (cluster, "name", end)
    for group in by_surname.values():
        for cluster in group:
            _retype_organisation(cluster, org_votes.get(id(cluster), 0), lexicon, place_votes.get(id(cluster), 0))
    for ent, start, _ in others:
        cluster, kind, end = resolved[start]
        name = state.span_text(start, end)
        if kind == "name" and name not in cluster.names:
            cluster.names.append(name)
        if kind == "name":
            cluster.salience += 1
        state.add(start, end, kind, cluster, head_i=end - 1)
        table = state.person_tokens if cluster.type == "person" else state.org_tokens
        for i in range(start, end):
            table[i] = cluster
            state.taken.add(i)


def _add_untagged_surnames(state: ArticleState, by_surname: dict[str, list[Cluster]]) -> None:
    """A known person's surname the NER missed ('Lynch speaks…' after 'Loretta E. Lynch')."""
    doc, table = state.doc, state.table
    surnames = string_ids(by_surname)
    wanted = table.lower_in(surnames) & (table.ent_type == 0) & table.pos_in("PROPN")
    for i in np.nonzero(wanted)[0].tolist():
        token = doc[i]
        if i in state.taken or not token.text[:1].isupper():
            continue
        keys = name_keys([token.text])
        candidates = by_surname.get(keys[0]) if keys else None
        if candidates and len(candidates) == 1 and candidates[0].names:
            cluster = candidates[0]
            cluster.salience += 1
            state.add(token.i, token.i + 1, "name", cluster, head_i=token.i)
            state.person_tokens[token.i] = cluster
            state.taken.add(token.i)


def _add_untagged_org_names(state: ArticleState) -> None:
    """A one-word organisation name the NER tagged elsewhere in the article but missed here ("… by TransLink.
    The agency said"): the same organisation, when the word is written exactly so (case included)."""
    doc, table = state.doc, state.table
    by_name: dict[str, Cluster] = {}
    for cluster in state.clusters:
        if cluster.type == "organisation" and cluster.merged_into is None:
            for name in cluster.names:
                if " " not in name and len(name) >= 3 and name[:1].isupper():
                    by_name.setdefault(name, cluster)
    if not by_name:
        return
    wanted = table.lower_in(string_ids(n.lower() for n in by_name)) & (table.ent_type == 0) & table.pos_in("PROPN")
    wanted &= ~state.quoted
    for i in np.nonzero(wanted)[0].tolist():
        token = doc[i]
        cluster = by_name.get(token.text)
        if cluster is None or i in state.taken or i in state.org_tokens or i in state.person_tokens:
            continue
        state.add(i, i + 1, "name", cluster, head_i=i)
        state.org_tokens[i] = cluster
        state.taken.add(i)


def _acronyms(keys: list[str], words: list[str]) -> list[str]:
    """Acronym keys of a multi-word name: 'Syrian Democratic Forces' → 'sdf'."""
    if len(keys) < 2:
        return []
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return [initials.lower()] if len(initials) >= 2 else []


def _match_org(key: str, words: list[str], by_key: dict[str, Cluster]) -> Cluster | None:
    """A one-word organisation name that starts a longer known name: 'Amnesty' → 'Amnesty International'."""
    if " " in key or not words or not words[0][:1].isupper():
        return None
    for known, cluster in by_key.items():
        if cluster.type == "organisation" and known.startswith(key + " "):
            return cluster
    return None


def _add_appositive_roles(state: ArticleState) -> None:
    """'Peskov, the Kremlin spokesman,' and 'his Turkish counterpart, Recep Tayyip Erdogan': roles + descriptors."""
    doc, lexicon = state.doc, state.lexicon
    for draft in list(state.drafts):
        cluster = draft.cluster
        if draft.kind != "name" or cluster is None or cluster.type != "person":
            continue
        head = doc[draft.head_i]
        while head.dep_ in ("compound", "flat") and head.head.i in state.person_tokens and head.head.i != head.i:
            head = head.head
        candidates = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            candidates.append(head.head)
        for noun in candidates:
            role = role_of(noun, lexicon)
            if role is None or role.cls not in TITLE_CLASSES or noun.i in state.taken:
                continue
            add_role_mention(state, cluster, noun, "descriptor")


def add_role_mention(state: ArticleState, cluster: Cluster, noun: Token, kind: str) -> None:
    """Record the noun phrase headed by a role noun as a role of ``cluster`` and as a mention of it."""
    doc, lexicon = state.doc, state.lexicon
    start, end = np_bounds(noun)
    role_start = start
    for token in doc[start:noun.i]:
        if token.dep_ in ("det", "poss") or token.tag_ == "POS" or token.head.dep_ == "poss":
            role_start = token.i + 1
    role = role_of(noun, lexicon)
    span = doc[role_start:end]
    countries = {c for t in span if (c := country_of(t.text, lexicon))}
    cluster.add_role(span.text, _lex_word(noun), [t.lower_ for t in span], countries,
                     bool(role and role.head_of_state), role.gender if role else None)
    state.add(start, end, kind, cluster, head_i=noun.i)
    state.taken.update(range(start, end))
