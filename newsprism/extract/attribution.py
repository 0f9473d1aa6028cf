"""From a cue token to its attribution: the content span, the source mention and the addressee.

Dependency rules over spaCy's parse: the content is the clausal complement of
the cue (``said that …``, ``…, he said``), its object (``denied the report``),
the rest of the sentence (``according to X, …``) or what follows a colon; the
source is the cue's subject, the object of "according to", a passive agent or
the noun a relative clause hangs on.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsprism.extract.cues import load_cue_lexicon, load_cue_model

__all__ = ["Attribution", "addressee_span", "attribute", "colon_content", "content_tokens", "noun_phrase", "source_token"]

CharSpan = tuple[int, int]

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
#: Prepositions whose object is what was said about ("spoke of X", "called for X", "warned against X").
CONTENT_PREPS = {"of", "about", "for", "on", "against", "to", "that", "as", "with", "over"}
#: Prepositions that name the addressee or venue after a cue ("told Yahoo News", "in an interview with the BBC").
VENUE_NOUNS = {"interview", "statement", "speech", "conference", "briefing", "post", "tweet", "op-ed",
               "letter", "email", "appearance", "address", "call", "rally", "debate", "hearing", "show"}
#: Verbs whose subject is part of what is judged, not who judges ("Melania seems to have vanished").
RAISING_VERBS = {"seem", "appear", "look", "sound"}
RAISING_COMPLEMENTS = {"xcomp", "acomp", "attr", "oprd", "ccomp"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One cue with what it attributes, as character spans into the text."""

    cue: CharSpan
    cue_lemma: str
    content: CharSpan | None
    source: CharSpan | None
    addressee: CharSpan | None = None


def _span_chars(tokens: list[Token]) -> CharSpan | None:
    tokens = [t for t in tokens if not (t.is_punct and not t.is_quote) and not t.is_space] or []
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def noun_phrase(token: Token) -> CharSpan:
    """The mention a head noun stands for: left edge to the head plus its flat names (no relative clause)."""
    start = token.left_edge.i
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod", "amod") or (child.dep_ == "appos" and child.pos_ == "PROPN"):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    doc = token.doc
    start_char = doc[start].idx
    while start < token.i and (doc[start].is_punct or doc[start].lower_ in ("and", "but")):
        start += 1
        start_char = doc[start].idx
    return start_char, doc[end - 1].idx + len(doc[end - 1].text)


def _objects_of(verb: Token, dep: str, word: str | None = None) -> list[Token]:
    """Objects of the verb's ``dep`` children (only those spelled ``word`` when given)."""
    return [obj for child in verb.children if child.dep_ == dep and (word is None or child.lower_ == word)
            for obj in child.children if obj.dep_ == "pobj"]


def _subject_of(verb: Token, depth: int = 0) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
    agents = _objects_of(verb, "agent")
    active = any(child.dep_ == "nsubj" for child in subjects) and not any(c.dep_ == "auxpass" for c in verb.children)
    if agents and active:
        agents = []  # "Roman … said by text message": an active subject, "by" names the medium
    if agents:
        return agents[0]  # "was criticised by X": the agent speaks, not the passive subject
    if subjects and all(child.dep_ == "nsubjpass" for child in subjects) and depth == 0:
        # "CALLED OUT BY FELLOW DOCTORS": an agent the parser (misled by capitals) left as a preposition.
        by_objects = _objects_of(verb, "prep", "by")
        return by_objects[0] if by_objects else None  # "the veto is expected …": no one is named
    if subjects:
        # "“My reaction, …,” the strategist said": the parser may also hang the quote's noun on the
        # verb; the subject nearest the verb is the speaker.
        return min(subjects, key=lambda child: abs(verb.i - child.i))
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.i != verb.head.i and depth < 3:
        return _subject_of(verb.head.head, depth + 1)  # "He began by telling them …", "After saying …, she"
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp") and verb.head.i != verb.i:
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head
        return _subject_of(verb.head, depth + 1)
    return None


def source_token(cue: Token) -> Token | None:
    """The head token of the cue's source mention, or None."""
    lower = cue.lower_
    if lower in ("according", "per"):
        # the object of "to" itself, not one inside its modifiers ("former Bank of Canada governor David Dodge")
        direct = [obj for child in cue.children if child.lower_ == "to" for obj in child.children if obj.dep_ == "pobj"]
        if lower == "per":
            direct = [obj for obj in cue.children if obj.dep_ == "pobj"]
        if direct:
            return direct[0]
        for tok in cue.subtree:
            if tok.dep_ == "pobj":
                return tok
        return None
    if cue.pos_ in ("NOUN", "PROPN"):
        for child in cue.children:
            if child.dep_ in ("poss", "nsubj"):
                return child
        if any(c.dep_ in ("ccomp", "xcomp") for c in cue.children):
            # "Trump claims that …" parsed as a noun compound: the compound is the claimant.
            compounds = [c for c in cue.lefts if c.dep_ == "compound"]
            if compounds:
                return compounds[-1]
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        if cue.head.pos_ in ("VERB", "AUX") and cue.head.i != cue.i:
            return _subject_of(cue.head)
        return None
    if cue.text == ":":
        # "Caddell: …" — the noun phrase right before the colon.
        prev = cue.doc[cue.i - 1] if cue.i > 0 else None
        if prev is None or prev.is_punct:
            return None
        head = prev
        while head.head.i != head.i and head.head.i < cue.i and head.dep_ in ("compound", "flat", "amod"):
            head = head.head
        return head if head.pos_ in ("PROPN", "NOUN", "PRON") else None
    if cue.tag_ == "VBN" and cue.dep_ == "advcl" and not any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None  # "Asked about the bomb, Clinton said …": whoever asked is not named
    # A relative pronoun ("…, which has denied") is the nearest explicit mention; coreference
    # resolves it to the noun it hangs on.
    subject = _subject_of(cue)
    if (subject is not None and subject.lower_ == "it" and subject.head.i == cue.i
            and any(c.dep_ == "acomp" for c in cue.children)
            and any(c.dep_ in ("ccomp", "csubj") for c in cue.children)):
        return None  # "it was unclear whether …", "it is clear that …": an expletive, no one judges
    if subject is None:
        # Inverted order the parser reads as an object: "…,” pointed out Assad.
        for child in cue.rights:
            if child.dep_ in ("dobj", "npadvmod", "attr") and child.pos_ == "PROPN":
                return child
        return _name_right_before(cue)
    return subject


def _name_right_before(cue: Token) -> Token | None:
    """A person's or organisation's name right before a cue verb the parser gave no subject (“…” Lee says;
    "tenants advocate Josh Matlow told …" read as an object of "advocate")."""
    if cue.pos_ != "VERB" or cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    i = cue.i - 1
    if i >= 0 and cue.doc[i].pos_ == "ADV":
        i -= 1
    if i < 0 or cue.doc[i].is_sent_end or i < cue.sent.start:
        return None
    token = cue.doc[i]
    if token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG"):
        return token
    return None


def _sentence_rest(cue: Token, exclude: tuple[int, int]) -> list[Token]:
    """The larger side of the sentence outside ``exclude`` (the "according to X" phrase)."""
    sent = cue.sent
    before = [t for t in sent if t.i < exclude[0]]
    after = [t for t in sent if t.i >= exclude[1]]
    return after if len(after) >= len(before) else before


def colon_content(colon: Token) -> list[Token]:
    """What follows a colon: the rest of its paragraph, or the whole next paragraph."""
    doc = colon.doc
    i = colon.i + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc):
        return []
    newline_first = "\n" in colon.text_with_ws or any("\n" in doc[j].text for j in range(colon.i + 1, i))
    tokens = []
    for tok in doc[i:]:
        if tok.is_space and "\n" in tok.text and tokens:
            break
        tokens.append(tok)
        if "\n" in tok.whitespace_ and not newline_first:
            break
        if "\n" in tok.whitespace_:
            break
    return tokens


#: Right-hand dependents of a cue that belong to its content when there is no clausal complement.
ADDRESSEE_VERBS = {"tell", "inform", "assure", "remind", "ask", "warn", "urge", "brief", "advise", "notify"}
RIGHT_CONTENT_DEPS = {"dobj", "xcomp", "attr", "oprd", "acomp", "prep", "pcomp", "dative", "advcl", "npadvmod", "ccomp"}
#: Prepositions after a cue that give time, place or venue, not content.
FRAME_PREPS = {"in", "on", "at", "during", "after", "before", "since", "from", "by", "via", "through", "while", "into"}


def _continues_content(verb: Token) -> bool:
    """A conjoined verb without its own subject that is no cue itself carries on the content."""
    if any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        return False
    return (verb.lemma_ or verb.text).lower() not in (load_cue_model().vocabulary or load_cue_lexicon())


def _right_content(cue: Token) -> list[Token]:
    """Everything after the cue in its clause, from the first object or complement on.

    Skips the addressee and framing phrases before it ("told reporters on Monday …"), and
    stops at a conjoined verb or a trailing "saying …" clause, which carry their own content.
    """
    doc = cue.doc
    first: int | None = None
    last: int | None = None
    for child in cue.rights:
        if child.dep_ in ("cc", "conj", "agent", "nsubj", "nsubjpass", "expl", "mark"):
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                if first is not None and _continues_content(child):
                    last = child.right_edge.i  # "wants to triple X, grow Y and create Z"
                    continue
                break
            if child.dep_ == "cc" and first is None:
                break
            continue
        if child.dep_ == "punct":
            if child.text in ".;!?" or (child.text == ":" and first is None):
                break
            continue
        if first is None:
            told_to_do = child.dep_ == "dobj" and any(c.dep_ == "xcomp" and c.i > child.i for c in cue.children)
            if child.dep_ == "dative" or (child.dep_ in ("dobj", "npadvmod") and not told_to_do and (
                    cue.lemma_ in ADDRESSEE_VERBS or child.dep_ == "npadvmod")):
                continue  # "told reporters that …" names the addressee; "told aides to act" is content
            if child.dep_ == "prep" and child.lower_ in FRAME_PREPS and child.lower_ not in CONTENT_PREPS:
                continue
            if child.dep_ == "advcl" and child.lemma_ in ("say", "add", "note", "write"):
                break
            if child.dep_ not in RIGHT_CONTENT_DEPS:
                continue
            first = child.left_edge.i
        elif child.dep_ == "advcl" and child.lemma_ in ("say", "add", "note", "write", "accord"):
            break
        last = child.right_edge.i
    if first is None or last is None:
        return []
    return list(doc[first:last + 1])


def content_tokens(cue: Token) -> list[Token]:
    """Tokens of the content the cue introduces (may be empty)."""
    doc = cue.doc
    nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if cue.text == ":":
        return colon_content(cue)
    if cue.lower_ in ("according", "per"):
        start, end = _subtree_range(cue)
        return [t for t in _sentence_rest(cue, (start, end)) if not t.is_space]
    if nxt is not None and nxt.text == ":" and nxt.head.i == cue.i:
        return colon_content(nxt)
    for child in cue.children:
        if child.dep_ == "punct" and child.text == ":" and child.i > cue.i:
            after_colon = colon_content(child)
            comps = [c for c in cue.children if c.dep_ == "ccomp" and cue.i < c.i < child.i]
            if comps and after_colon:
                # "said she has one quality: “Steadiness.”": the clause before the colon is content too.
                return list(doc[comps[0].left_edge.i:after_colon[-1].i + 1])
            return after_colon
    tokens: list[Token] = []
    comps = [c for c in cue.children if c.dep_ in ("ccomp", "csubj")]
    if comps:
        for comp in comps:
            if comp.i < cue.i and comp.right_edge.i < cue.i:
                # "…, he said": the content runs from the sentence start to the attribution.
                subject = source_token(cue)
                frame = min(cue.left_edge.i if cue.left_edge.i > comp.right_edge.i else cue.i,
                            subject.left_edge.i if subject is not None and subject.i < cue.i else cue.i)
                tokens.extend(doc[min(comp.left_edge.i, cue.sent.start):max(frame, comp.right_edge.i + 1)])
                continue
            end = comp.right_edge.i + 1
            for conj in comp.conjuncts:
                end = max(end, conj.right_edge.i + 1)
            tokens.extend(doc[comp.left_edge.i:end])
    elif cue.dep_ == "parataxis" and cue.head.i != cue.i:
        head = cue.head
        skip = set(range(cue.left_edge.i, cue.right_edge.i + 1))
        tokens = [t for t in doc[head.left_edge.i:head.right_edge.i + 1] if t.i not in skip]
    else:
        passive_subject = [c for c in cue.children if c.dep_ in ("nsubjpass",)]
        for subj in passive_subject:
            tokens.extend(doc[subj.left_edge.i:subj.right_edge.i + 1])
        tokens.extend(_right_content(cue))
        if not tokens and cue.pos_ == "NOUN":
            for child in cue.children:
                if child.dep_ in ("acl", "ccomp", "relcl", "prep") and child.i > cue.i:
                    tokens.extend(doc[child.left_edge.i:child.right_edge.i + 1])
    tokens = sorted({t.i: t for t in tokens if not t.is_space}.values(), key=lambda t: t.i)
    if tokens and tokens[0].i < cue.i < tokens[-1].i:
        tokens = [t for t in tokens if t.i not in _attribution_range(cue)]
    # PolNeAR content starts after a governing preposition or a joining conjunction ("about his taxes").
    while tokens and ((tokens[0].dep_ == "prep" and tokens[0].head.i == cue.i) or tokens[0].dep_ == "cc"
                      or (tokens[0].is_punct and not tokens[0].is_quote)):
        tokens = tokens[1:]
    return tokens


def _attribution_range(cue: Token) -> set[int]:
    subject = source_token(cue)
    indices = {cue.i}
    if subject is not None:
        indices |= {t.i for t in subject.subtree}
    return indices


def addressee_span(cue: Token) -> CharSpan | None:
    """Who was told or the venue ("told Yahoo News", "in an interview with the BBC")."""
    if cue.lower_ in ("according", "per"):
        return None
    for child in cue.children:
        is_told = child.dep_ == "dative" or (child.dep_ == "dobj" and cue.lemma_ in ("tell", "inform", "assure"))
        if is_told and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return noun_phrase(child)
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "during", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in VENUE_NOUNS:
                    for prep in obj.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on"):
                            for target in prep.children:
                                if target.dep_ == "pobj":
                                    return noun_phrase(target)
                elif obj.dep_ == "pobj" and child.lower_ == "to" and obj.pos_ in ("PROPN", "PRON", "NOUN"):
                    return noun_phrase(obj)
    return None


def attribute(cue: Token) -> Attribution:
    """The attribution a cue token introduces."""
    doc: Doc = cue.doc
    cue_end = cue.idx + len(cue.text)
    lemma = (cue.lemma_ or cue.text).lower()
    if cue.lower_ == "according" and cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "to":
        cue_end = doc[cue.i + 1].idx + len(doc[cue.i + 1].text)
        lemma = "according to"
    if _is_raising(cue):
        return _raising_attribution(cue, cue_end, lemma)
    content = _span_chars(content_tokens(cue))
    src_tok = source_token(cue)
    source = noun_phrase(src_tok) if src_tok is not None else None
    return Attribution(cue=(cue.idx, cue_end), cue_lemma=lemma, content=content, source=source,
                       addressee=addressee_span(cue))


def _is_raising(cue: Token) -> bool:
    return (cue.lemma_.lower() in RAISING_VERBS and cue.pos_ in ("VERB", "AUX")
            and any(c.dep_ in RAISING_COMPLEMENTS and c.i > cue.i for c in cue.children)
            and _reported_verb(cue) is None)


def _reported_verb(cue: Token) -> Token | None:
    """The speech or thought verb a raising verb hedges ("he appeared to suggest that …"), if any.

    There the subject is the speaker after all: it is the hedge, not the judgement, that seems.
    """
    lexicon = load_cue_lexicon()
    for child in cue.children:
        if child.dep_ == "xcomp" and child.i > cue.i and child.pos_ == "VERB" and child.lemma_.lower() in lexicon:
            return child
    return None


def _raising_attribution(cue: Token, cue_end: int, lemma: str) -> Attribution:
    """"X seems to Y": nobody is named as the judge; X and "to Y" together are the content."""
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    tokens = [t for c in subjects for t in c.subtree] + content_tokens(cue)
    content = _span_chars(sorted(tokens, key=lambda t: t.i))
    return Attribution(cue=(cue.idx, cue_end), cue_lemma=lemma, content=content, source=None)
