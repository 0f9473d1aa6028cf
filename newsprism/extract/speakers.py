"""From a speaker mention span to the article's canonical speaker (name, entity key, type).

Uses the in-article coreference of ``extract.entities`` (``resolve_speaker``,
``speaker_type``) when it provides them; otherwise falls back to the mention's
own text and a small rule for its type.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from newsprism.records import LocalEntity, Mention, Statement

__all__ = ["ArticleContext", "Speaker", "SpeakerResolver", "fallback_type", "resolve_in_context"]

ANONYMOUS = re.compile(
    r"\b(?:sources?|officials?|aides?|people|someone|spokes(?:man|woman|person)|insiders?|analysts?|experts?|"
    r"critics?|observers?|residents?|witnesses?|diplomats?|advisers?|advisors?|one|many|some|others)\b",
    re.IGNORECASE)
ORGANISATION = re.compile(
    r"\b(?:ministry|government|agency|committee|campaign|party|council|department|office|administration|"
    r"kremlin|pentagon|white house|news|times|post|poll|survey|report|study|group|company|court|union|"
    r"organization|organisation|coalition|association|foundation|institute|commission)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    key: int | None
    type: str | None


def fallback_type(doc: Doc, start: int, end: int, text: str | None = None) -> str:
    """person, organisation or anonymous from the mention's words and entity labels."""
    text = text if text is not None else doc.text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    labels = {t.ent_type_ for t in span} if span is not None else set()
    if "PERSON" in labels:
        return "person"
    if labels & {"ORG", "GPE", "NORP"} or ORGANISATION.search(text):
        return "organisation"
    if ANONYMOUS.search(text):
        return "anonymous"
    return "person"


class SpeakerResolver:
    """Resolves speaker mention spans of one article, with the entities helper when present."""

    def __init__(self, doc: Doc, entities: list[LocalEntity], mentions: list[Mention],
                 text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt on every access
        self.entities = entities
        self.mentions = mentions
        try:
            from newsprism.extract import entities as entities_module
        except ImportError:  # pragma: no cover - the module is part of the package
            entities_module = None
        self._resolve = getattr(entities_module, "resolve_speaker", None)
        self._type = getattr(entities_module, "speaker_type", None)

    def resolve(self, span: tuple[int, int] | None) -> Speaker | None:
        if span is None:
            return None
        start, end = span
        members = _members_of(self.doc, start, end)
        if members is not None:  # "A handful of RNC insiders": the insiders speak
            (first, last), head = members
            entity = self._resolve(self.doc, *head, self.entities, self.mentions) if self._resolve else None
            phrase = self.text[first:last]
            if entity is not None and entity.type != "place":
                kind = self._type(entity, phrase) if self._type is not None else None
                return Speaker(entity.name, entity.key, kind or fallback_type(self.doc, first, last, phrase))
            return Speaker(phrase, None, "anonymous")
        text = self.text[start:end]
        entity = None
        if self._resolve is not None and self.mentions:
            entity = self._resolve(self.doc, start, end, self.entities, self.mentions)
        kind = self._type(entity, text) if self._type is not None else None
        kind = kind or fallback_type(self.doc, start, end, text)
        body = _collective(self.doc, start, end, self.text, entity)
        if body is not None:
            return body
        if entity is not None:
            return Speaker(entity.name, entity.key, kind)
        return Speaker(text, None, kind)


def _members_of(doc: Doc, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where the group is that a quantity mention speaks for: "A handful" (of "A handful of well-placed RNC
    insiders tell") → "well-placed RNC insiders" and its head noun, as character spans; None for other
    mentions ("Senators", "one of them")."""
    from newsprism.extract.entities_lexicon import load_entity_lexicon

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or span.root.lower_ not in load_entity_lexicon().quantity_heads:
        return None
    for prep in span.root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i >= span.start:
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects and (objects[0].tag_ in ("NNS", "NNPS") or objects[0].ent_type_ in ("ORG", "NORP")):
                noun = objects[0]
                first = noun.left_edge
                while first.i < noun.i and first.lower_ in ("the", "these", "those", "its", "their"):
                    first = doc[first.i + 1]
                return (first.idx, noun.idx + len(noun.text)), (noun.idx, noun.idx + len(noun.text))
    return None


#: Head nouns of a body that speaks for someone named only as its modifier ("McCallum's staff",
#: "Surrey staff", "the UN's climate panel"): the body is the speaker, not the person or place.
COLLECTIVE_HEADS = frozenset({"staff", "office", "team", "unit", "panel", "campaign", "administration",
                              "government", "family", "lawyers", "attorneys", "spokespeople", "camp",
                              "representatives", "officials", "aides", "advisers", "advisors", "caucus"})
_POSSESSIVE = {"his": "m", "her": "f", "their": None, "its": None}


def _collective(doc: Doc, start: int, end: int, text: str, entity: LocalEntity | None) -> Speaker | None:
    """A mention whose head is a body of people named after its owner: the mention itself, an organisation.

    Only when the owner is a modifier (possessive or compound) and the resolved entity does not hold the
    head ("the Trump administration" as an organisation entity stays that entity)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    if root.pos_ != "NOUN" or root.lower_ not in COLLECTIVE_HEADS:
        return None
    owners = [t for t in root.children if t.dep_ in ("poss", "compound") and t.i < root.i]
    if not owners or not any(t.pos_ == "PROPN" or t.lower_ in _POSSESSIVE for t in owners):
        return None
    if entity is not None and root.lower_ in entity.name.lower().split():
        return None
    begin = span[0].idx if span[0].lower_ != "the" or len(span) == 1 else span[1].idx
    owner = owners[0]
    if owner.lower_ in _POSSESSIVE and entity is not None and entity.aliases and entity.type == "person":
        # "his office" → "Jim Carr’s office": the owner the pronoun was tied to, so the speaker is citable
        return Speaker(f"{entity.name}’s {text[owner.idx + len(owner.text):end].strip()}", None, "organisation")
    return Speaker(text[begin:end], None, "organisation")


# -- the article as context: pronouns, descriptors and unattributed quotes -------------------------

#: How many paragraphs back (lines of the article) an antecedent of a speaker mention may be.
CONTEXT_PARAGRAPHS = 2
_HE_SHE = {"he": "m", "she": "f"}
_IT = frozenset({"it"})
_THEY = frozenset({"they"})
_GENDER_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "himself": "m",
                      "she": "f", "her": "f", "hers": "f", "herself": "f"}
#: Modifiers that make a name mention no subject of its own ("the Ford government", "Ford's office").
_MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})


@dataclass(frozen=True, slots=True)
class _Event:
    """A place where a person or organisation is named (or speaks) before a speaker mention."""

    at: int
    paragraph: int
    key: int
    speaker: bool  # the canonical speaker of an earlier statement


#: A line that is a subheading or caption-like label, not a paragraph: short, with no sentence end.
_SUBHEAD = re.compile(r"[^\n]{1,80}(?<![.!?:;\"”’'])[^\S\n]*(?:\n|$)")


def _paragraph_starts(text: str) -> list[int]:
    """Where each paragraph starts: a line with text on it (blank lines between paragraphs are no paragraph,
    so "\n\n" and "\n" layouts count paragraphs alike); a subheading ("Rebuttal letter in works", a short
    line without a sentence end) is no paragraph either."""
    starts = [m.start() for m in re.finditer(r"(?<=\n)[^\S\n]*\S", text)]
    if STRATEGY.get("no_subheads", True):
        starts = [at for at in starts if not _SUBHEAD.match(text, at)]
    return [0] + starts


def _entity_gender(entity: LocalEntity, mentions: list[Mention], lexicon) -> str | None:
    """m, f or None: the first name, else a gendered role, else the pronouns coreference tied to it."""
    first = entity.name.split()[0].lower().strip(".,") if entity.name else ""
    if entity.aliases and first in lexicon.first_names:
        return lexicon.first_names[first]
    for role in entity.roles:
        words = role.lower().split()
        info = lexicon.roles.get(words[-1]) if words else None
        if info is not None and info.gender in ("m", "f"):
            return info.gender
    votes = [_GENDER_OF_PRONOUN[m.text.lower()] for m in mentions
             if m.entity_key == entity.key and m.kind == "pronoun" and m.text.lower() in _GENDER_OF_PRONOUN]
    if votes and len(set(votes)) == 1:
        return votes[0]
    return None


STRATEGY: dict = {}
#: Last words of organisation names that NER may label as a person ("McMillan LLP", "Hill High School").
ORGANISATION_SUFFIXES = frozenset({"llp", "llc", "inc", "ltd", "corp", "co", "plc", "gmbh", "ag", "sa", "group",
                                   "school", "academy", "college", "university", "institute", "hospital", "church",
                                   "bank", "society", "association", "foundation", "fund", "partners", "holdings",
                                   "media", "energy", "technologies", "systems", "capital", "airlines", "motors"})


def _only_after_town(text: str, name: str) -> bool:
    """Every occurrence of a one-word name is "Town, Name." (a region abbreviation NER took for a person)."""
    found = list(re.finditer(rf"\b{re.escape(name)}\b", text))
    return bool(found) and all(re.search(r"[A-Z][\w'’-]+,\s$", text[max(0, m.start() - 30):m.start()])
                               and text[m.end():m.end() + 1] == "." for m in found)


def org_named(name: str, lexicon) -> bool:
    """Whether a name is an organisation's by its last word."""
    words = name.lower().replace(".", "").split()
    return bool(words) and (words[-1] in ORGANISATION_SUFFIXES or words[-1] in lexicon.groups)


class ArticleContext:
    """Who is named where in one article, for speaker mentions that only point back."""

    def __init__(self, doc: Doc, text: str, entities: list[LocalEntity], mentions: list[Mention]) -> None:
        from newsprism.extract.coref import quote_mask
        from newsprism.extract.entities_lexicon import load_entity_lexicon

        self.doc = doc
        self.text = text
        self.entities = {e.key: e for e in entities}
        self.mentions = mentions
        self.lexicon = load_entity_lexicon()
        self.starts = _paragraph_starts(text)
        self.gender = {e.key: _entity_gender(e, mentions, self.lexicon) for e in entities if e.type == "person"}
        quoted = quote_mask(doc, text)
        self.quoted = quoted
        self._synthetic: dict[str, LocalEntity] = {}
        self.events: list[_Event] = []
        #: Where each entity is mentioned outside quotation marks (any kind, pronouns too).
        self.mentioned: dict[int, list[int]] = {}
        for m in mentions:
            entity = self.entities.get(m.entity_key) if m.entity_key is not None else None
            if entity is None:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or not len(span) or quoted[span.root.i]:
                continue
            self.mentioned.setdefault(entity.key, []).append(m.start)
            if m.kind != "name" or not entity.aliases or span.root.dep_ in _MODIFIER_DEPS:
                continue
            self.events.append(_Event(m.start, self.paragraph(m.start), entity.key, False))
        #: Where each named entity is first named (outside quotes, not as a modifier).
        self.first_named: dict[int, int] = {}
        for event in self.events:
            self.first_named.setdefault(event.key, event.at)

    def head_word(self, start: int, end: int) -> str:
        """The syntactic head of a mention, lower case ("lawyer" in "the lawyer for the society")."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return ""
        root = span.root
        while root.dep_ == "compound" and root.head.i != root.i and span.start <= root.head.i < span.end:
            root = root.head
        return root.lower_.strip(".,'’\"“”")

    def paragraph(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at) - 1

    def add_speaker(self, statement: Statement) -> None:
        """An earlier statement's named speaker is an antecedent too ("“…,” he said" after it); a speaker
        named by a proper name the entity pass missed ("Poulter said") counts as an unlinked person."""
        entity = self.entities.get(statement.speaker_key) if statement.speaker_key is not None else None
        if entity is None and statement.speaker_start is not None and statement.speaker_key is None:
            entity = self._unlinked(statement)
        if entity is None or not entity.aliases or statement.speaker_start is None:
            return
        at = statement.speaker_start
        self.events.append(_Event(at, self.paragraph(at), entity.key, True))

    def _unlinked(self, statement: Statement) -> LocalEntity | None:
        """A person entity (negative key, never stored) for a speaker mention that is a bare proper name."""
        mention = self.text[statement.speaker_start:statement.speaker_end].strip()
        if statement.speaker_type != "person" or not proper_name(mention, self.lexicon):
            return None
        known = self._synthetic.get(mention)
        if known is None:
            known = LocalEntity(-1 - len(self._synthetic), mention, "person", (mention,))
            self._synthetic[mention] = known
            self.entities[known.key] = known
            first = mention.split()[0].lower()
            self.gender[known.key] = self.lexicon.first_names.get(first) if len(mention.split()) > 1 else None
        return known

    def is_person(self, entity: LocalEntity) -> bool:
        """A person entity whose name is no organisation's ("McMillan LLP", "Hill High School"), no acronym
        ("MAGA") and no abbreviated region after a town ("Oakville, Ont.")."""
        if entity.type != "person":
            return False
        if not entity.aliases:
            return True
        name = entity.name
        if org_named(name, self.lexicon) or (name.isupper() and len(name) > 1):
            return False
        return not (len(name.split()) == 1 and _only_after_town(self.text, name))

    def antecedent(self, before: int, skip: tuple[int, int], accept, speakers_only: bool = False,
                   window: int | None = CONTEXT_PARAGRAPHS) -> LocalEntity | None:
        """The most recent named entity before ``before`` that ``accept`` takes, outside ``skip``,
        at most ``window`` paragraphs back (None: anywhere before)."""
        best = self.antecedent_event(before, skip, accept, speakers_only, window)
        return self.entities[best.key] if best is not None else None

    def antecedent_event(self, before: int, skip: tuple[int, int], accept, speakers_only: bool = False,
                         window: int | None = CONTEXT_PARAGRAPHS) -> _Event | None:
        """Where ``antecedent`` finds its entity (the event), or None."""
        floor = -1 if window is None else self.paragraph(before) - window
        best: _Event | None = None
        for event in self.events:
            if event.at >= before or event.paragraph < floor or skip[0] <= event.at < skip[1]:
                continue
            if speakers_only and not event.speaker:
                continue
            entity = self.entities[event.key]
            if accept(entity) and (best is None or event.at > best.at):
                best = event
        return best


def resolve_in_context(doc: Doc, text: str, statements: list[Statement], entities: list[LocalEntity],
                       mentions: list[Mention]) -> list[Statement]:
    """Statements whose canonical speaker only points back ("he", "it", "the company", no mention at all)
    given the named entity it points to; the speaker mention span is left as it is.

    * he/she: the most recent person named (outside quotes, not as a modifier, not inside the
      statement's own content) or speaking in an earlier statement, within three paragraphs, whose
      gender (first name, gendered role, pronouns tied to it) does not conflict;
    * it: the most recent organisation named; "the company", "the agency": the most recent
      organisation, one whose name holds the head word first;
    * a definite role ("the prime minister", "the 26-year-old forward") left without a named
      entity: the most recent person named with that role, else the most recent person named;
    * a quotation without any speaker mention: the most recent speaker or person named.
    """
    if not statements or not entities:
        return statements
    context = ArticleContext(doc, text, entities, mentions)
    resolved: list[Statement] = []
    for statement in statements:
        new = _in_context(statement, text, context)
        new = (_first_person(new, text, statements, resolved) or _first_person_author(new, text, context)
               or _plural(new, text, resolved, context) or _they(new, text, context) or new)
        new = _relative(new, doc, text, entities, mentions) or new
        new = _previous_subject(new, doc, text, entities, mentions) or new
        resolved.append(new)
        if new.kind != "term":
            context.add_speaker(new)
    return resolved


_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_PLURAL = frozenset({"they", "them"})
_RELATIVE = frozenset({"who", "which", "that"})


def _bare(statement: Statement, text: str, words: frozenset[str]) -> bool:
    if statement.speaker_start is None or statement.speaker_key is not None:
        return False
    return text[statement.speaker_start:statement.speaker_end].strip().lower() in words


def _first_person(statement: Statement, text: str, statements: list[Statement],
                  resolved: list[Statement]) -> Statement | None:
    """"I"/"we" inside another statement's quotation, transcript turn or block quote: that statement's
    speaker ("“I think …,” Reyes said")."""
    if not _bare(statement, text, _FIRST_PERSON):
        return None
    at = statement.speaker_start
    for other in resolved + statements[len(resolved) + 1:]:
        if other is statement or other.kind == "term" or not other.speaker:
            continue
        inside = any(a <= at < b for a, b in other.quoted) or (
            other.kind in ("qa", "block") and other.start <= at < other.end)  # a transcript turn, a block quote
        if inside and other.speaker.lower() not in _FIRST_PERSON:
            return replace(statement, speaker=other.speaker, speaker_key=other.speaker_key,
                           speaker_type=other.speaker_type)
    return None


def _plural(statement: Statement, text: str, resolved: list[Statement], context: ArticleContext) -> Statement | None:
    """"they" after a group or organisation spoke in this or the previous paragraph ("Democrats said …. They")."""
    if not _bare(statement, text, _PLURAL):
        return None
    here = context.paragraph(statement.speaker_start)
    for other in reversed(resolved):
        if other.kind == "term" or other.speaker_start is None or not other.speaker:
            continue
        if context.paragraph(other.speaker_start) < here - 1:
            return None
        name = other.speaker.lower()
        if name in _PLURAL or name in _FIRST_PERSON or other.speaker_type == "person":
            continue
        return replace(statement, speaker=other.speaker, speaker_key=other.speaker_key,
                       speaker_type=other.speaker_type)
    return None


#: A line that is only a person's name, a letter's signature ("Kathryn Kates.", "— Ana Ruiz").
_SIGNATURE = re.compile(r"^[^\S\n]*(?:[—―–-][^\S\n]*)?((?:[A-Z][\w'’.-]+[^\S\n]+){1,3}[A-Z][\w'’-]+)\.?[^\S\n]*$", re.M)
#: An author's note closing an opinion piece ("Rudy Giuliani is the former mayor of New York City.").
_AUTHOR_NOTE = re.compile(r"((?:[A-Z][\w'’.-]+[^\S\n]+){1,3}[A-Z][\w'’-]+),?[^\S\n]+(?:is|was|has been|teaches|writes)\b[^\n]*$")
_SIGNING = frozenset({"i", "we"})


def _first_person_author(statement: Statement, text: str, context: ArticleContext) -> Statement | None:
    """"I"/"we" outside quotation marks in a letter or a first-person piece: the writer, named by the
    signature line that ends the letter ("Kathryn Kates.") or, for "I", by the author's note that ends the
    piece ("Charlotte Meehan is playwright-in-residence at …"). Nobody named so: left as it is."""
    if not _bare(statement, text, _SIGNING) or not STRATEGY.get("author", True):
        return None
    token = context.doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
    if token is None or not len(token) or context.quoted[token[0].i]:
        return None
    where = _signature_after(context, statement.speaker_end)
    if where is None and text[statement.speaker_start:statement.speaker_end].strip().lower() == "i":
        where = _author_note(context)
    if where is None:
        return None
    from newsprism.extract.entities import resolve_speaker

    entity = resolve_speaker(context.doc, *where, list(context.entities.values()), context.mentions)
    if entity is not None and entity.type == "person" and entity.key >= 0:
        return _with_entity(statement, entity)
    return replace(statement, speaker=text[where[0]:where[1]], speaker_key=None, speaker_type="person")


def _signature_after(context: ArticleContext, at: int) -> tuple[int, int] | None:
    """Where the first line after ``at`` that is only a person's name (first name known as such) names them."""
    for match in _SIGNATURE.finditer(context.text, at):
        name = match.group(1).strip()
        if name.split()[0].lower() in context.lexicon.first_names and proper_name(name, context.lexicon):
            return match.start(1), match.end(1)
    return None


def _author_note(context: ArticleContext) -> tuple[int, int] | None:
    """The author named by the note that ends the article, a person not named by that name before it."""
    text = context.text.rstrip()
    last = text[text.rfind("\n") + 1:]
    match = _AUTHOR_NOTE.match(last)
    if match is None:
        return None
    name = match.group(1)
    start = len(text) - len(last)
    if not proper_name(name, context.lexicon) or name in text[:start]:
        return None
    return start + match.start(1), start + match.end(1)


#: Plural or collective nouns "they" can point back to, by the entity type they become.
_THEY_TYPES = frozenset({"organisation", "anonymous", "other"})


def _they(statement: Statement, text: str, context: ArticleContext) -> Statement | None:
    """"they" left unresolved: the nearest plural group of people or organisation named in the sentence
    before (same paragraph), outside quotes: "… according to show insiders. They said" → show insiders;
    "… Politifact did a fact-check …. On Tuesday they published" → Politifact."""
    if not _bare(statement, text, _PLURAL) or not STRATEGY.get("they", True):
        return None
    doc = context.doc
    span = doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
    if span is None or not len(span) or context.quoted[span[0].i]:
        return None
    previous = _sentence_before(span, doc, text)
    if previous is None:
        return None
    candidates = [t for t in previous if not context.quoted[t.i] and t.pos_ in ("NOUN", "PROPN")
                  and t.dep_ not in _MODIFIER_DEPS]
    # a subject first ("Protestors said the government's plan …. They called it"), else the nearest
    for token in sorted(candidates, key=lambda t: (t.dep_ not in ("nsubj", "nsubjpass"), -t.i)):
        found = _group_at(context, token)
        if found is not None:
            return found(statement)
    return None


def _sentence_before(span, doc: Doc, text: str):
    """The sentence before ``span``'s sentence when both are in one paragraph; None at the start of the
    text or across a paragraph break."""
    sent = span[0].sent
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    if "\n" in text[previous.end_char:sent.start_char]:
        return None  # another paragraph
    return previous


def _group_at(context: ArticleContext, token):
    """A speaker maker for a token heading a plural group of people ("insiders", "crew members") or naming
    an organisation; None for anything else."""
    from newsprism.extract.entities import resolve_speaker

    while token.dep_ == "conj" and token.head.i < token.i and token.head.pos_ == token.pos_:
        token = token.head  # "members, editors and contestants": the first conjunct heads them
    entity = resolve_speaker(context.doc, token.idx, token.idx + len(token.text), list(context.entities.values()),
                             context.mentions)
    plural = token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)
    if entity is not None and entity.type in _THEY_TYPES and entity.key >= 0 and (plural or is_org(entity)):
        return lambda s: _with_entity(s, entity)  # a group of people, or an organisation ("Politifact … they")
    if entity is not None or not plural:
        return None
    lemma = token.lemma_.lower()
    if lemma not in context.lexicon.roles and lemma not in context.lexicon.groups:
        return None  # "shootings", "returns": not people
    start, end = token.left_edge.idx, token.idx + len(token.text)
    phrase = context.text[start:end]
    return lambda s: replace(s, speaker=phrase, speaker_key=None, speaker_type="anonymous")


_IT_THEY = {"it": False, "they": True}
_PERSONAL = frozenset({"he", "she", "i", "we", "you", "it", "they", "who", "this", "that", "there"})


def _previous_subject(statement: Statement, doc: Doc, text: str, entities: list[LocalEntity],
                      mentions: list[Mention]) -> Statement | None:
    """"it"/"they" left unresolved: the subject of the sentence before, in the same paragraph, when it
    agrees in number and is no person ("Trump's campaign is defending … . It's denouncing …")."""
    if not _bare(statement, text, frozenset(_IT_THEY)):
        return None
    plural = _IT_THEY[text[statement.speaker_start:statement.speaker_end].strip().lower()]
    span = doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    previous = _sentence_before(span, doc, text)
    if previous is None:
        return None
    subjects = [t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == previous.root.i]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.lower_ in _PERSONAL or subject.ent_type_ == "PERSON" or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    if (subject.tag_ in ("NNS", "NNPS")) != plural:
        return None
    from newsprism.extract.entities import resolve_speaker

    start, end = subject.left_edge.idx, subject.idx + len(subject.text)
    entity = resolve_speaker(doc, start, end, entities, mentions)
    if entity is not None and entity.type != "person":
        return _with_entity(statement, entity)
    kind = "organisation" if subject.ent_type_ in ("ORG", "NORP", "GPE") else "anonymous"
    return replace(statement, speaker=text[start:end], speaker_key=None, speaker_type=kind)


def _relative(statement: Statement, doc: Doc, text: str, entities: list[LocalEntity],
              mentions: list[Mention]) -> Statement | None:
    """"who"/"which"/"that" as the speaker: the noun the relative clause hangs on ("officials, who said")."""
    if not _bare(statement, text, _RELATIVE):
        return None
    span = doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return None
    verb = span[0].head
    if verb.dep_ != "relcl" or verb.head.i == verb.i:
        return None
    noun = verb.head
    from newsprism.extract.entities import resolve_speaker

    entity = resolve_speaker(doc, noun.idx, noun.idx + len(noun.text), entities, mentions)
    if entity is not None:
        return _with_entity(statement, entity)
    start, end = noun.left_edge.idx, noun.idx + len(noun.text)
    phrase = text[start:end]
    return replace(statement, speaker=phrase, speaker_type=statement.speaker_type or "anonymous")


def _with_entity(statement: Statement, entity: LocalEntity | None) -> Statement:
    if entity is None:
        return statement
    kind = _TYPE_OF_ENTITY.get(entity.type, statement.speaker_type)
    key = entity.key if entity.key >= 0 else None  # an unlinked name has no stored entity
    return replace(statement, speaker=entity.name, speaker_key=key, speaker_type=kind)


_NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")


def proper_name(mention: str, lexicon) -> bool:
    """One to three capitalised words that are no pronoun, role or organisation name ("Poulter", "Ian Poulter")."""
    words = mention.split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.match(w) for w in words):
        return False
    lower = [w.lower().strip(".") for w in words]
    if lower[0] in _ALL_PRONOUNS or any(w in lexicon.roles for w in lower) or org_named(mention, lexicon):
        return False
    return not (mention.isupper() and len(mention) > 1)


_TYPE_OF_ENTITY = {"person": "person", "organisation": "organisation", "place": "organisation",
                   "anonymous": "anonymous"}


#: Head nouns of a document or message that "says" something for its author ("a statement said").
DOCUMENT_HEADS = frozenset({
    "statement", "statements", "report", "reports", "study", "studies", "memo", "post", "tweet", "tweets", "message",
    "release", "findings", "documents", "document", "letter", "survey", "poll", "email", "filing", "data",
    "numbers", "figures", "records", "submission", "notice", "analysis", "review", "audit", "paper", "blog",
    "website", "note", "transcript", "complaint", "lawsuit", "suit", "petition", "estimates", "research"})


def _named_inside(context: ArticleContext, start: int, end: int) -> LocalEntity | None:
    """The last named person or organisation mentioned within [start, end)."""
    inside = [e for e in context.events if start <= e.at < end and not e.speaker]
    for event in sorted(inside, key=lambda e: -e.at):
        entity = context.entities[event.key]
        if entity.type in ("person", "organisation"):
            return entity
    return None


_ALL_PRONOUNS = frozenset({"he", "she", "it", "they", "i", "we", "you", "who", "which", "that", "the", "a", "an"})


def _by_name(context: ArticleContext, mention: str) -> LocalEntity | None:
    """The one named entity whose name or alias ends with the mention's last word."""
    last = mention.split()[-1].strip(".,:;'’")
    found = {e.key: e for e in context.entities.values()
             if e.aliases and e.type in ("person", "organisation")
             and any(a.split()[-1] == last for a in e.aliases)}
    return next(iter(found.values())) if len(found) == 1 else None


_APPOSITION = re.compile(r",[^\S\n]+(?:[A-Z][\w.'’-]*[^\S\n]+){0,3}")


def _apposed_person(context: ArticleContext, end: int) -> LocalEntity | None:
    """A person named in apposition right after a descriptor mention: ", Rep. Justin Amash of Michigan,"."""
    match = _APPOSITION.match(context.text, end)
    if match is None:
        return None
    close = context.text.find(",", match.end())
    if close < 0 or close - end > 80 or "\n" in context.text[end:close]:
        return None
    for event in context.events:  # the name right after the comma and its titles, not "including X"
        if end < event.at <= match.end() and event.at < close and not event.speaker:
            entity = context.entities[event.key]
            return entity if context.is_person(entity) else None
    return None


def is_org(entity: LocalEntity) -> bool:
    return entity.type == "organisation"


def _in_context(statement: Statement, text: str, context: ArticleContext) -> Statement:
    if statement.kind == "term":
        return statement
    skip = (statement.start, statement.end)
    entities = context.entities
    current = entities.get(statement.speaker_key) if statement.speaker_key is not None else None
    if statement.speaker_start is None or statement.speaker_end is None:
        if statement.speaker is None and statement.quoted:
            speaks = lambda e: e.type in ("person", "organisation")  # noqa: E731
            return _with_entity(statement, context.antecedent(statement.start, skip, speaks, speakers_only=True)
                                or context.antecedent(statement.start, skip, speaks))
        return statement
    mention = text[statement.speaker_start:statement.speaker_end]
    words = mention.lower().split()
    before = statement.speaker_start
    if len(words) == 1 and words[0] in _HE_SHE:
        gender = _HE_SHE[words[0]]

        def compatible(e: LocalEntity) -> bool:
            return context.is_person(e) and context.gender.get(e.key) in (None, gender)

        if current is not None and current.aliases and compatible(current) and STRATEGY.get("coref_first"):
            return statement
        def agrees(e: LocalEntity) -> bool:
            return context.is_person(e) and context.gender.get(e.key) == gender

        # the last speaker known to be of this gender, else the last speaker of unknown gender
        event = (context.antecedent_event(before, skip, agrees, speakers_only=True)
                 or context.antecedent_event(before, skip, compatible, speakers_only=True))
        last = context.entities[event.key] if event is not None else None
        newer = _introduced_since(context, event, before, compatible) if event is not None else None
        if newer is not None and current is not None and newer.key == current.key:
            return statement  # coreference agrees: the person just introduced, not the earlier speaker
        if last is None and current is not None and current.aliases and compatible(current):
            if not STRATEGY.get("named_over_coref", True):
                return statement
            # coreference's choice, unless a person is named after its last mention, nearer the pronoun
            named = context.antecedent_event(before, skip, compatible)
            latest = max((e.at for e in context.events if e.key == current.key and e.at < before), default=-1)
            if named is None or named.key == current.key or named.at < latest:
                return statement
            last = context.entities[named.key]
        found = last or context.antecedent(before, skip, compatible)
        if found is None and not (current is not None and current.aliases and compatible(current)):
            # nobody in the last paragraphs: the last speaker, else person, named anywhere before
            found = (context.antecedent(before, skip, compatible, speakers_only=True, window=None)
                     or context.antecedent(before, skip, compatible, window=None))
        return _with_entity(statement, found)
    if ", " in mention:  # "the mayor's agent, Danny Fritz": the person in apposition speaks
        comma = statement.speaker_start + mention.index(", ")
        if _named_inside(context, statement.speaker_start, comma) is None:
            after = mention.find(", ", comma - statement.speaker_start + 2)
            end = statement.speaker_end if after < 0 else statement.speaker_start + after
            named = _named_inside(context, comma + 2, end)
            if named is not None and named.type == "person":
                return _with_entity(statement, named)
    if current is None or not current.aliases or current.type != "person":
        named = _apposed_person(context, statement.speaker_end)
        if named is not None:  # "Another Republican, Rep. Justin Amash of Michigan, also tweeted"
            return _with_entity(statement, named)
    last_word = words[-1].strip(".,'’\"“”") if words else ""
    root = context.head_word(statement.speaker_start, statement.speaker_end)
    head = last_word if last_word in DOCUMENT_HEADS else root
    if head in DOCUMENT_HEADS and (current is None or not current.aliases):
        # "a study by Civic Action", "numbers from Statistics Canada", else the last speaker
        cue = statement.cue_start if statement.cue_start is not None else statement.speaker_end
        tail = cue if statement.speaker_end <= cue <= statement.speaker_end + 80 else statement.speaker_end
        author = _named_inside(context, statement.speaker_start, tail)
        speaks = lambda e: e.type in ("person", "organisation")  # noqa: E731
        # else the last speaker, else who is named before it in its paragraph ("X sent a letter saying")
        return _with_entity(statement, author or context.antecedent(before, skip, speaks, speakers_only=True)
                            or context.antecedent(before, skip, speaks, window=0))
    if current is not None and current.type != "person" and len(words) == 1 and mention[:1].isupper():
        family = _family_name_first(context, mention.strip())
        if family is not None:  # "Wang said" after "Vice-President Wang Qishan": not an organisation "Wang"
            return _with_entity(statement, family)
    if current is not None and current.aliases and not (
            current.type != "person" and words and words[0] == "the"
            and _person_descriptor(context, statement.speaker_start, statement.speaker_end, root)):
        return statement  # already a named entity (not "the Kentucky Republican" taken for the party)
    if current is None and mention[:1].isupper() and words and words[0] not in _ALL_PRONOUNS:
        named = _by_name(context, mention)
        if named is not None:  # "Reyes" in a headline, before the article names "Mayor Juno Reyes"
            return _with_entity(statement, named)
    if len(words) == 1 and words[0] in _IT:
        return _with_entity(statement, context.antecedent(before, skip, is_org, speakers_only=True)
                            or context.antecedent(before, skip, is_org, window=2))
    if words and words[0] == "the" and (len(words) <= 6 or root != last_word):
        head = last_word if len(words) <= 6 and root == last_word else root
        if head in context.lexicon.organisation_heads:
            named = context.antecedent(before, skip, lambda e: is_org(e)
                                       and any(head in a.lower().split() for a in e.aliases), window=None)
            plain = len(words) == 2 or (len(words) == 3 and STRATEGY.get("plain_org", True)
                                        and mention.split()[1][:1].islower())
            if named is None and plain:  # "the company", "the security firm", not "the Canadian government"
                # the last organisation that spoke, unless one is named after it in this paragraph
                # ("… a study by TransLink. The agency told CTV News")
                spoke = context.antecedent_event(before, skip, is_org, speakers_only=True)
                here = context.antecedent_event(before, skip, is_org, window=0) if STRATEGY.get(
                    "org_named_here", True) else None
                event = here if here is not None and (spoke is None or here.at > spoke.at) else spoke
                named = (context.entities[event.key] if event is not None
                         else context.antecedent(before, skip, is_org))
            return _with_entity(statement, named)
        role = context.lexicon.roles.get(head)
        if ((role is not None and role.cls in ("office", "descriptor", "person")) or any("year-old" in w for w in words)
                or _person_descriptor(context, statement.speaker_start, statement.speaker_end, head)):
            with_role = context.antecedent(before, skip, lambda e: context.is_person(e)
                                           and any(head in r.lower() for r in e.roles), window=None)
            return _with_entity(statement, with_role or context.antecedent(before, skip, context.is_person))
    return statement


def _introduced_since(context: ArticleContext, last_speaker: _Event, before: int, compatible) -> LocalEntity | None:
    """The one person first named by full name after the last speaker of that gender spoke, in this or the
    previous paragraph, when the last speaker is not mentioned again since ("“…,” Ms. Ng said. … I asked
    barber Rob Kale, who …. “…,” he explains"): when coreference chose that person too, he/she is that
    newly introduced person, not the earlier speaker."""
    if not STRATEGY.get("introduced_since", True):
        return None
    floor = context.paragraph(before) - 1
    found = [key for key, at in context.first_named.items()
             if last_speaker.at < at < before and context.paragraph(at) >= floor and key != last_speaker.key]
    found = [key for key in found if _introducible(context, context.entities[key], compatible)]
    if len(found) != 1:
        return None
    since = context.first_named[found[0]]
    if any(since < at < before for at in context.mentioned.get(last_speaker.key, ())):
        return None
    surname = context.entities[last_speaker.key].name.split()[-1]
    if re.search(rf"\b{re.escape(surname)}\b", context.text[since:before]):
        return None  # named again (a name the entity pass missed has no mentions to look at)
    return context.entities[found[0]]


def _introducible(context: ArticleContext, entity: LocalEntity, compatible) -> bool:
    """A person named by a full proper name (not "Yellowhead MP", not "McMillan LLP") of a compatible gender."""
    return (compatible(entity) and context.is_person(entity) and len(entity.name.split()) >= 2
            and proper_name(entity.name, context.lexicon))


#: Modifiers that make a definite description a person's past or present role ("the former sergeant-at-arms").
_PERSON_MODIFIERS = frozenset({"former", "ex", "late", "retired", "veteran", "longtime", "long-time"})


def _person_descriptor(context: ArticleContext, start: int, end: int, head: str) -> bool:
    """A definite description of one person the role list does not hold: a party member or nationality
    ("the Kentucky Republican", a singular NORP head) or a former role ("the former sergeant-at-arms")."""
    if head in context.lexicon.organisation_heads or head in DOCUMENT_HEADS or head in COLLECTIVE_HEADS:
        return False
    span = context.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.tag_ in ("NNS", "NNPS") and not (root.i > 0 and root.doc[root.i - 1].text == "-"):
        return False  # a group ("the former ministers"), not "the former sergeant-at-arms"
    if root.ent_type_ == "NORP" and root.pos_ in ("PROPN", "NOUN", "ADJ"):
        return True
    return any(t.lower_ in _PERSON_MODIFIERS for t in span if t.i < root.i) and root.pos_ == "NOUN"


def _family_name_first(context: ArticleContext, word: str) -> LocalEntity | None:
    """The one person whose full name starts with ``word`` and has no first name known as such (family name
    first, "Wang Qishan"), for a one-word mention the entity pass took for an organisation."""
    found = [e for e in context.entities.values() if e.type == "person" and e.aliases and len(e.name.split()) >= 2
             and e.name.split()[0] == word and word.lower() not in context.lexicon.first_names]
    return found[0] if len(found) == 1 else None
