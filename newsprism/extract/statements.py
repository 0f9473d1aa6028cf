"""Attributed statements: direct, mixed, indirect, block, Q&A and scare-quoted terms.

The steps, each in its own module: quote marks are paired (``quotes``), cue
tokens are scored by the shipped model (``cues``), each cue's content and
source come from the parse (``attribution``), interview transcripts are cut
into turns (``qa``). This module joins them: quotes are attached to the cue
that introduces them, each statement gets its kind, and the speaker mention is
resolved to the article's local entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc, Token

from newsprism.extract.attribution import (
    Attribution,
    attribute,
    colon_content,
    noun_phrase,
    source_token,
)
from newsprism.extract.boundaries import refine_content
from newsprism.extract.confidence import load_statement_model
from newsprism.extract.cues import find_cues
from newsprism.extract.furniture import furniture_lines
from newsprism.extract.qa import find_interviewer, find_turns
from newsprism.extract.quotes import QuoteSpan, find_quote_spans
from newsprism.extract.speakers import SpeakerResolver, resolve_in_context
from newsprism.ingest.text import headline_problem
from newsprism.records import (
    COLON_CUE,
    DASH_CUE,
    PATTERN_CUE_LEMMAS,
    PRESS_CUE,
    QA_CUE,
    LocalEntity,
    Mention,
    Statement,
)

__all__ = ["TERM_MAX_WORDS", "find_statements", "scored_statements"]

#: A quoted stretch this short, not introduced by a cue, is a label or scare quote (kind ``term``).
TERM_MAX_WORDS = 4
#: Farthest a cue may sit from a quote it introduces ("…,” he said" / "she said: “…").
QUOTE_CUE_GAP = 80
#: A dash line naming the speaker right after a quote ("“…” — Ann Lee"), looked for in this many characters.
DASH_ATTRIBUTION = re.compile(r"^\s*[—―–-]{1,2}\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})")
DASH_ATTRIBUTION_WINDOW = 80
#: Parse content shorter than this is only the frame around a quote (", he said", "said in English").
QUOTE_FRAME_MAX_CHARS = 40
#: Farthest (in characters after the cue) the second half of "“A,” he said. “B.”" may start.
FOLLOWING_QUOTE_GAP = 200
#: A quoted transcript line that opens with its speaker's name in capitals ("PENCE: And that's why …").
SPEAKER_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s+")
#: "Pressed by Isikoff, “…”": the speaker named by an agent phrase right before a quote.
AGENT_BEFORE_QUOTE = re.compile(r"\b(?:by|from)\s+((?:[A-Z][\w'’.-]+\s?){1,3}),?\s*$")
CharSpan = tuple[int, int]
#: Two cue drafts sharing this much of the longer content are one statement told twice ("said in a statement").
DEDUP_SHARE = 0.6
#: Unquoted characters (besides the attribution) a direct quote may carry: none — `“A” and “B”`
#: or `X “does Y”` is a mixed statement, whose content is the whole clause.
DIRECT_SLACK = 0


@dataclass
class _Draft:
    """A statement being assembled: content and quote parts before the kind is decided."""

    start: int
    end: int
    cue: CharSpan | None
    cue_lemma: str | None
    source: CharSpan | None
    addressee: CharSpan | None
    quotes: list[QuoteSpan]
    kind: str | None = None
    score: float = 1.0
    source_extent: CharSpan | None = None  # the source with its apposition ("X, an aide to Y,")


def find_statements(doc: Doc, entities: list[LocalEntity], mentions: list[Mention], *,
                    refine_boundaries: bool = True, keep_all: bool = False) -> list[Statement]:
    """Every statement (and scare-quoted term) in the article, in document order.

    ``refine_boundaries=False`` keeps the parse rules' content spans and ``keep_all=True``
    skips the statement-level filter (what the boundary and statement models are trained on).
    """
    scored = scored_statements(doc, entities, mentions, refine_boundaries=refine_boundaries)
    model = None if keep_all else load_statement_model()
    kept = [s for s, _ in scored] if model is None else model.keep(doc, scored)
    return resolve_in_context(doc, doc.text, kept, entities, mentions)


def scored_statements(doc: Doc, entities: list[LocalEntity], mentions: list[Mention], *,
                      refine_boundaries: bool = True) -> list[tuple[Statement, float]]:
    """Every candidate statement with its cue model probability (1.0 when no model cue made it)."""
    text = doc.text
    if not text.strip():
        return []
    quotes = find_quote_spans(text)
    # Transcripts, colon lead-ins and "Pressed by X" quotes first; cue drafts inside them are dropped.
    drafts = list(_headline_drafts(doc, text))
    drafts.extend(_transcript_drafts(text))
    drafts.extend(_lead_in_blocks(doc, text))
    drafts.extend(_prompted_quotes(text, quotes))
    taken = [(d.start, d.end) for d in drafts]
    drafts.extend(d for d in _cue_drafts(doc, text, quotes) if not _inside_any((d.start, d.end), taken))
    furniture = sorted(furniture_lines(text) + repeated_headline_lines(text))
    if furniture:
        drafts = [d for d in drafts if not _in_furniture(d, furniture)]
    drafts = _deduplicate(drafts)
    drafts.extend(d for d in _leftover_quote_drafts(doc, text, quotes, drafts)
                  if not furniture or not _in_furniture(d, furniture))
    if refine_boundaries:
        cache: dict = {}
        drafts = [_refined(doc, text, d, cache) for d in drafts]
    resolver = SpeakerResolver(doc, entities, mentions, text)
    finished = ((_finish(text, d, resolver), d.score) for d in sorted(drafts, key=lambda d: (d.start, d.end)))
    return [(s, score) for s, score in finished if s is not None]


def _in_furniture(draft: _Draft, furniture: list[CharSpan]) -> bool:
    """A draft whose cue, source or content middle lies on a furniture line ("Read more: …", a caption)."""
    points = [(draft.start + draft.end) // 2]
    points += [draft.cue[0]] if draft.cue else []
    points += [draft.source[0]] if draft.source else []
    return any(start <= p < end for p in points for start, end in furniture)


# -- drafts from cues -----------------------------------------------------------


def _quote_mask(doc: Doc, quotes: list[QuoteSpan]) -> list[bool]:
    mask = [False] * len(doc)
    for q in quotes:
        span = doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                mask[i] = True
    return mask


def _line_bounds(text: str, start: int, end: int) -> CharSpan:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _on_cue_line(text: str, token: Token, att: Attribution) -> Attribution:
    """Keep parse-based spans on the cue's own line: the parser often runs captions and datelines together."""
    line_start, line_end = _line_bounds(text, *att.cue)
    content, source = att.content, att.source
    if content and content[0] < line_end and content[1] > line_start:
        content = (max(content[0], line_start), min(content[1], line_end))
    if source and (source[0] < line_start or source[1] > line_end):
        clipped = (max(source[0], line_start), min(source[1], line_end))
        if clipped[0] < clipped[1] and any(ch.isalpha() for ch in text[clipped[0]:clipped[1]]):
            source = _trim(text, *clipped)  # "11:05 a.m.\n\nDonald Trump": keep the part on the line
        else:
            source = _nearest_source_on_line(token, line_start)
    return replace(att, content=content, source=source)


def _nearest_source_on_line(cue: Token, line_start: int) -> CharSpan | None:
    doc = cue.doc
    for i in range(cue.i - 1, -1, -1):
        token = doc[i]
        if token.idx < line_start or token.pos_ == "VERB":
            return None
        if token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ("PERSON", "ORG"):
            start, end = noun_phrase(token)
            return max(start, line_start), end
    return None


def _cue_drafts(doc: Doc, text: str, quotes: list[QuoteSpan]) -> Iterator[_Draft]:
    mask = _quote_mask(doc, quotes)
    for token, probability in find_cues(doc, mask):
        attribution = _on_cue_line(text, token, attribute(token))
        draft = _attach_quotes(text, token, attribution, quotes)
        if draft is not None:
            draft.score = probability
            draft.source_extent = _with_apposition(doc, text, draft)
            yield draft


def _with_apposition(doc: Doc, text: str, draft: _Draft) -> CharSpan | None:
    """The source span widened over an apposition after its head, as PolNeAR marks sources."""
    if draft.source is None:
        return None
    span = doc.char_span(*draft.source, alignment_mode="expand")
    if span is None or not len(span):
        return draft.source
    head = span.root
    appositions = [c for c in head.rights if c.dep_ == "appos" and c.i >= span.end]
    if not appositions:
        return draft.source
    last = doc[appositions[-1].right_edge.i]
    while last.i > head.i and last.is_punct:
        last = doc[last.i - 1]
    end = last.idx + len(last.text)
    blocked = [draft.cue] + [(q.start, q.end) for q in draft.quotes]
    if "\n" in text[draft.source[1]:end] or any(_overlap((draft.source[0], end), b) for b in blocked if b):
        return draft.source
    return draft.source[0], end


def _attach_quotes(text: str, cue: Token, att: Attribution, quotes: list[QuoteSpan]) -> _Draft | None:
    """Widen the parse's content to the quotes it touches, or take the quote next to the cue."""
    content = att.content
    cue_start = att.cue[0]
    touched = [q for q in quotes if content and q.start < content[1] and content[0] < q.end
               and not (q.start <= cue_start < q.end)]
    if not touched:
        near = _quote_next_to_cue(text, cue, att, quotes)
        if near is not None and (content is None or _is_quote_frame(content)):
            touched = [near]
            content = None
    if touched:
        touched = _with_following(text, cue, touched, quotes)
        start = min([q.start for q in touched] + ([content[0]] if content else []))
        end = max([q.end for q in touched] + ([content[1]] if content else []))
        return _Draft(start, end, att.cue, att.cue_lemma, att.source, att.addressee, touched)
    if content is None:
        return None
    return _Draft(content[0], content[1], att.cue, att.cue_lemma, att.source, att.addressee, [])


def _is_quote_frame(content: CharSpan) -> bool:
    """The parse content is only the attribution frame around a quote (", he said" or "said in English")."""
    return content[1] - content[0] < QUOTE_FRAME_MAX_CHARS


def _quote_next_to_cue(text: str, cue: Token, att: Attribution, quotes: list[QuoteSpan]) -> QuoteSpan | None:
    cue_start, cue_end = att.cue
    frame_start = min(cue_start, att.source[0]) if att.source else cue_start
    frame_end = max(cue_end, att.source[1]) if att.source else cue_end
    before = [q for q in quotes if q.end <= frame_start and frame_start - q.end <= QUOTE_CUE_GAP
              and "\n" not in text[q.end:frame_start] and not _has_sentence_end(text[q.end:frame_start])]
    # The opening mark belongs to the gap check: "…, he continued. “B,” he speculated" is a new sentence.
    after = [q for q in quotes if q.start >= frame_end and q.start - frame_end <= QUOTE_CUE_GAP
             and "\n" not in text[frame_end:q.start] and not _has_sentence_end(text[frame_end:q.start + 1])]
    if before:
        return before[-1]
    if after:
        return after[0]
    return None


def _has_sentence_end(gap: str) -> bool:
    return bool(re.search(r"[.!?]\s+[A-Z“\"]", gap))


def _with_following(text: str, cue: Token, touched: list[QuoteSpan], quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """Add paragraph continuations and the quote right after a mid-sentence attribution ("“A,” he said. “B.”")."""
    parts = list(touched)
    last = parts[-1]
    index = quotes.index(last) if last in quotes else -1
    if 0 <= index < len(quotes) - 1 and last.end <= cue.idx:
        nxt = quotes[index + 1]
        sent_end = cue.sent.end_char
        gap = text[cue.idx:nxt.start]
        right_after = nxt.start < sent_end or not text[sent_end:nxt.start].strip()
        if (nxt.start >= cue.idx and right_after and "\n" not in gap and len(gap) <= FOLLOWING_QUOTE_GAP
                and not nxt.single and not _own_clause_before(cue, nxt.start)):
            parts.append(nxt)
            index += 1
    while 0 <= index < len(quotes) - 1 and not quotes[index].closed and quotes[index + 1].continues:
        parts.append(quotes[index + 1])
        index += 1
    return parts


def _own_clause_before(cue: Token, char: int) -> bool:
    """A clause of the cue's own before ``char`` ("…,” he said, adding that …, “B”) owns the next quote."""
    return any(child.dep_ in ("advcl", "conj", "ccomp", "xcomp") and child.pos_ in ("VERB", "AUX")
               and cue.i < child.i and child.idx < char for child in cue.children)


# -- "Pressed by X, “…”" --------------------------------------------------------------

PROMPTED_BY = re.compile(r"(?:^|[.!?:]\s+)(?:Pressed|Asked|Questioned|Challenged|Interrupted|Prompted)\s+by\s+"
                         r"((?:[A-Z][\w'’.-]+\s?){1,3}),?\s*$")


def _prompted_quotes(text: str, quotes: list[QuoteSpan]) -> Iterator[_Draft]:
    """A quote right after "Pressed by Isikoff," is the presser's words (the interviewer's)."""
    for q in quotes:
        line_start = text.rfind("\n", 0, q.start) + 1
        m = PROMPTED_BY.search(text[line_start:q.start])
        if m:
            s = line_start + m.start(1)
            cue = line_start + m.start(0) + (len(m.group(0)) - len(m.group(0).lstrip(".!?: ")))
            yield _Draft(q.start, q.end, (cue, cue + len(m.group(0).lstrip(".!?: ").split()[0])), PRESS_CUE,
                         (s, s + len(m.group(1).strip())), None, [q])


# -- block quotes ------------------------------------------------------------------

LEAD_IN_END = re.compile(r":[ \t]*\n")


def _lead_in_blocks(doc: Doc, text: str) -> Iterator[_Draft]:
    """A paragraph ending with a colon that names a speaker, then an unquoted paragraph: a block quote."""
    for m in LEAD_IN_END.finditer(text):
        following = text[m.end():].lstrip()
        if not following or following[0] in "\"“„«‘'" or re.match(r"(?:Q|Question|A|Answer)\s*[.:]", following):
            continue
        colon = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        if colon is None or not doc.has_annotation("DEP"):
            continue
        token = colon[0]
        line_start = text.rfind("\n", 0, m.start()) + 1
        first = doc.char_span(line_start, m.start() + 1, alignment_mode="expand")
        verbs = [t for t in (first if first is not None else []) if t.pos_ in ("VERB", "AUX")]
        with_source = [(v, source_token(v)) for v in verbs]
        with_source = [(v, src) for v, src in with_source
                       if src is not None and line_start <= src.idx < m.start() and src.pos_ != "PRON" or
                       src is not None and src.pos_ == "PRON" and line_start <= src.idx < m.start()]
        tokens = colon_content(token)
        if not with_source or not tokens:
            continue
        verb, source = with_source[0]
        yield _Draft(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), (verb.idx, verb.idx + len(verb.text)),
                     (verb.lemma_ or verb.text).lower(), noun_phrase(source), None, [], kind="block")


# -- headline quotes ----------------------------------------------------------------

#: A headline that gives a speaker's words after a colon: "Mayor Reyes: Ferry Will Run All Winter".
HEADLINE_QUOTE = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}): +(\S.{8,})")
#: Longest line read as a headline.
HEADLINE_MAX_CHARS = 200


def _headline_drafts(doc: Doc, text: str) -> Iterator[_Draft]:
    """The headline (the first line) "Name: words" is a quote of Name (kind headline).

    The name must be a person's or organisation's (NER), not a label ("Analysis: …", "Review: …").
    A line repeating the headline (scraped pages often print it again above the body) is the same
    headline, not a second statement: it is read once.
    """
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).strip()
    if not first or len(first) > HEADLINE_MAX_CHARS:
        return
    match = HEADLINE_QUOTE.fullmatch(first)
    if match is None:
        return
    if not _names_someone(doc, match.group(1), match.start(1), match.end(1)):
        return
    offset = len(text) - len(text.lstrip())
    name = (offset + match.start(1), offset + match.end(1))
    colon = offset + match.end(1)
    yield _Draft(offset + match.start(2), offset + match.end(2), (colon, colon + 1), COLON_CUE, name, None, [],
                 kind="headline")


#: A copy of the headline is looked for among this many non-empty lines after it (scraped pages print it
#: again just above the body); a line repeated further down is text, not a copy of the headline.
HEADLINE_COPY_LINES = 3


def repeated_headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines just after the headline that repeat it word for word.

    Scraped pages often print the headline again above the body; the copy is the same headline,
    so nothing in it is a second statement (the first line itself is read as the headline). The
    first line must read like a headline (``newsprism.ingest.text.headline_problem``).
    """
    spans: list[tuple[int, int]] = []
    first: str | None = None
    seen = 0
    position = 0
    for line in text.split("\n"):
        start, position = position, position + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        if first is None:
            first = stripped
            if len(first.split()) < 3 or len(first) > HEADLINE_MAX_CHARS or headline_problem(first):
                return []
            continue
        seen += 1
        if seen > HEADLINE_COPY_LINES:
            break
        if stripped == first:
            spans.append((start, start + len(line)))
    return spans


_NAMED = ("PERSON", "ORG", "NORP", "GPE")


def _names_someone(doc: Doc, name: str, start: int, end: int) -> bool:
    """The name is tagged as a person or organisation here, or is part of one named in the article."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and any(t.ent_type_ in _NAMED for t in span):
        return True
    last = name.split()[-1]
    return any(ent.label_ in _NAMED and last in ent.text.split() for ent in doc.ents)


# -- transcripts ------------------------------------------------------------------


def _transcript_drafts(text: str) -> Iterator[_Draft]:
    turns = find_turns(text)
    if not turns:
        return
    names = [t.name for t in turns if t.role == "name" and t.name]
    interviewee = names[0] if names else None
    interviewer = find_interviewer(text, interviewee)
    for turn in turns:
        if turn.role == "name":
            source = (turn.marker_start, turn.marker_start + len(turn.name or ""))
        else:
            source = interviewer if turn.role == "question" else None
        draft = _Draft(turn.start, turn.end, (turn.marker_start, turn.marker_end), QA_CUE, source, None, [], kind="qa")
        if turn.role != "name":
            # The nearest explicit mention of who speaks is the label itself ("Q", "A"); the
            # canonical speaker still comes from ``source`` (the interviewer named in the article).
            draft.source_extent = _trim_label(text, turn.marker_start, turn.marker_end)
        yield draft


def _trim_label(text: str, start: int, end: int) -> CharSpan:
    """A turn marker without its punctuation and spaces: "Q." → "Q"."""
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


# -- leftovers: quotes no cue claimed ---------------------------------------------


def _is_term(doc: Doc, text: str, q: QuoteSpan) -> bool:
    """A short quoted label without a verb or sentence end: “terrorists”, ‘moderate’, ‘ISIL targets’."""
    inner = text[q.inner_start:q.inner_end].rstrip("”\"’'")
    words = len(inner.split())
    if words > TERM_MAX_WORDS or inner.endswith(("!", "?")) or (inner.endswith(".") and words > 2):
        return False
    span = doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
    if span is None or not doc.has_annotation("TAG"):
        return True
    return not any(t.pos_ in ("VERB", "AUX") for t in span)


def _leftover_quote_drafts(doc: Doc, text: str, quotes: list[QuoteSpan], drafts: list[_Draft]) -> Iterator[_Draft]:
    """Terms for short quoted labels; quotes no cue claimed become direct statements of a nearby speaker."""
    claimed = [(d.start, d.end) for d in drafts]
    previous: _Draft | None = None
    by_start = sorted(drafts, key=lambda d: d.start)
    for q in quotes:
        if _is_term(doc, text, q):
            yield _Draft(q.start, q.end, None, None, None, None, [q], kind="term")
            continue
        if _inside_any((q.start, q.end), claimed, 0.5):
            continue
        if len(text[q.inner_start:q.inner_end].split()) <= TERM_MAX_WORDS and re.search(r"\w", text[q.end:q.end + 2]):
            continue  # a short fragment inside running text ("the “lock her up” chant") is neither
        speaker_label = SPEAKER_LABEL.match(text, q.inner_start, q.inner_end)
        if speaker_label:
            s = speaker_label.start(1)
            said = replace(q, inner_start=speaker_label.end())
            yield _Draft(said.inner_start, q.end, (speaker_label.end(1), speaker_label.end(1) + 1), COLON_CUE,
                         (s, speaker_label.end(1)), None, [said])
            continue
        dash = DASH_ATTRIBUTION.match(text[q.end:q.end + DASH_ATTRIBUTION_WINDOW])
        if dash:
            s = q.end + dash.start(1)
            yield _Draft(q.start, q.end, (q.end + dash.start(), s), DASH_CUE, (s, s + len(dash.group(1))), None, [q])
            continue
        line_start = text.rfind("\n", 0, q.start) + 1
        by_agent = AGENT_BEFORE_QUOTE.search(text[line_start:q.start])
        if by_agent:
            s = line_start + by_agent.start(1)
            yield _Draft(q.start, q.end, None, None, (s, s + len(by_agent.group(1).strip())), None, [q])
            continue
        previous = next((d for d in reversed(by_start) if d.end <= q.start and d.kind != "term"), None)
        if previous is not None and _continues_direct_quote(text, previous, q):
            # "“A,” Obama said after the meeting. He did not threaten. “B.”": one statement, two parts.
            previous.quotes.append(q)
            previous.end, previous.kind = q.end, "direct"
            claimed.append((q.start, q.end))
            continue
        same_story = previous is not None and text.count("\n\n", previous.end, q.start) <= 1
        source = previous.source if same_story and previous is not None else None
        yield _Draft(q.start, q.end, None, None, source, None, [q])


#: Farthest an uncued quote may follow a direct quote of the same paragraph to continue it.
CONTINUATION_GAP = 200


def _continues_direct_quote(text: str, previous: _Draft, q: QuoteSpan) -> bool:
    gap = text[previous.end:q.start]
    return (bool(previous.quotes) and previous.cue is not None and "\n" not in gap
            and len(gap) <= CONTINUATION_GAP and _kind(text, previous) == "direct")


# -- content edges -------------------------------------------------------------------

#: Cue drafts whose content comes from the parse (not a transcript turn, a label or a dash line).
PARSE_CUE_LEMMAS_EXCLUDED = PATTERN_CUE_LEMMAS - {QA_CUE}  # a turn's draft has its kind already


def _refined(doc: Doc, text: str, draft: _Draft, cache: dict) -> _Draft:
    """Indirect and mixed content with its edges placed by the boundary model."""
    if draft.kind is not None or draft.cue is None or draft.cue_lemma in PARSE_CUE_LEMMAS_EXCLUDED:
        return draft
    start, end = _trim(text, draft.start, draft.end)
    if end <= start or _kind(text, replace(draft, start=start, end=end)) not in ("indirect", "mixed"):
        return draft
    cue_span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    if cue_span is None or not len(cue_span):
        return draft
    keep = [(q.start, q.end) for q in draft.quotes]
    start, end = refine_content(doc, (start, end), cue_span[0], keep, cache=cache, text=text)
    quotes = [q for q in draft.quotes if q.start < end and start < q.end]
    return replace(draft, start=start, end=end, quotes=quotes)


# -- assembling ---------------------------------------------------------------------


def _overlap(a: CharSpan, b: CharSpan) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _inside_any(span: CharSpan, others: list[CharSpan], share: float = 0.8) -> bool:
    length = max(span[1] - span[0], 1)
    return any(_overlap(span, o) >= share * length for o in others)


def _deduplicate(drafts: list[_Draft]) -> list[_Draft]:
    """Two cues for one content ("said in a statement"): keep the likelier one."""
    kept: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: -d.score):
        span = (draft.start, draft.end)
        clash = next((k for k in kept if _overlap(span, (k.start, k.end))
                      >= DEDUP_SHARE * max(draft.end - draft.start, k.end - k.start)), None)
        if clash is None:
            kept.append(draft)
    return kept


def _kind(text: str, draft: _Draft) -> str:
    if draft.kind:
        return draft.kind
    if not draft.quotes:
        return "block" if _is_block(text, draft) else "indirect"
    content_chars = sum(1 for c in text[draft.start:draft.end] if not c.isspace())
    quoted_chars = sum(1 for q in draft.quotes for c in text[q.start:q.end] if not c.isspace())
    outside = content_chars - quoted_chars
    if draft.cue and draft.start <= draft.cue[0] < draft.end:
        gap = _frame_gap(draft)
        if gap is not None:
            outside -= sum(1 for c in text[gap[0]:gap[1]] if not c.isspace())
        else:
            outside -= draft.cue[1] - draft.cue[0] + (draft.source[1] - draft.source[0] if draft.source else 0)
    return "direct" if outside <= DIRECT_SLACK else "mixed"


def _frame_gap(draft: _Draft) -> CharSpan | None:
    """The stretch between two quotes that holds the attribution ("“A,” said X, an aide. “B.”")."""
    parts = sorted(draft.quotes, key=lambda q: q.start)
    for before, after in pairwise(parts):
        if before.end <= draft.cue[0] and draft.cue[1] <= after.start:
            return before.end, after.start
    return None


def _is_block(text: str, draft: _Draft) -> bool:
    """Content is a whole paragraph after a lead-in that ends with a colon."""
    before = text[:draft.start].rstrip()
    cue_before = draft.cue is not None and draft.cue[1] <= len(before)
    return cue_before and before.endswith(":") and "\n" in text[len(before):draft.start]


#: A dateline opening a paragraph: "SAN JOSE, Dec 31 (Reuters) - ", "WASHINGTON — ", "BEIRUT (AP) — ".
DATELINE = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3},?(?: [A-Z][\w.]*\.? \d{1,2},?)?"
                      r"(?: \([\w .&-]{1,40}\))? ?[—–-]{1,2} ")


#: Content that is only a time ("Thursday", "on Monday", "last week", "earlier this month").
ONLY_TIME = re.compile(
    r"(?i)(?:on |last |this |next |earlier |late |early |later )*(?:this |last |next )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|tomorrow|week|month|"
    r"year|morning|afternoon|evening|night|weekend)(?: (?:morning|afternoon|evening|night))?\.?")


def _finish(text: str, draft: _Draft, resolver: SpeakerResolver) -> Statement | None:
    start, end = _trim(text, draft.start, draft.end)
    dateline = DATELINE.match(text, start, end) if draft.kind not in ("qa", "headline") else None
    if dateline and (start == 0 or text[start - 1] == "\n"):
        start = dateline.end()  # the dateline is the outlet's, not the speaker's
    if end <= start or (not draft.quotes and ONLY_TIME.fullmatch(text[start:end])):
        return None  # "announced on Thursday": a time is no content
    kind = _kind(text, replace(draft, start=start, end=end))
    quoted = tuple(sorted((q.inner_start, q.inner_end) for q in draft.quotes))  # document order
    speaker = resolver.resolve(draft.source) if kind != "term" else None
    source = draft.source_extent or draft.source
    cue_text = text[draft.cue[0]:draft.cue[1]] if draft.cue else None
    addressee = text[draft.addressee[0]:draft.addressee[1]] if draft.addressee else None
    return Statement(
        start=start, end=end, text=text[start:end], kind=kind,
        speaker=speaker.name if speaker else None,
        speaker_key=speaker.key if speaker else None,
        speaker_type=speaker.type if speaker else None,
        speaker_start=source[0] if source and kind != "term" else None,
        speaker_end=source[1] if source and kind != "term" else None,
        cue=cue_text, cue_lemma=draft.cue_lemma if cue_text else None,
        cue_start=draft.cue[0] if draft.cue else None, cue_end=draft.cue[1] if draft.cue else None,
        addressee=addressee, quoted=quoted,
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end

