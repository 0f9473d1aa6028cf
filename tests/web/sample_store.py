"""A small hand-made store for the web and report tests. FICTIONAL: every outlet, person and
quote below is invented for these tests.

One story told by three sources (one without an outlet), a linked ``altered`` quote with
its word diff, a number that differs between outlets, loaded wording and labels; a second
story of one article; and an XSS probe story whose every field carries hostile markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from newsprism.records import Article, ArticleResult, Claim, LoadedSpan, LocalEntity, Mention, Statement
from newsprism.store.db import Store

#: Markup that must always render as text. Each, if it ran or became an element, would be seen
#: by the tests: a dialog, or an element matching XSS_SELECTORS.
XSS_PROBES = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1) class=xss-img>",
    '<a href="javascript:alert(1)" class=xss-link>click</a>',
    '"><svg onload=alert(1) class=xss-svg>',
    "</script><script>alert(2)</script>",
    "</textarea><iframe src=javascript:alert(3) class=xss-frame></iframe>",
)
XSS_SELECTORS = ("script:not([src]):not([type])", "img.xss-img", "img[onerror]", "a.xss-link",
                 "a[href^='javascript']", "svg.xss-svg", "iframe")


def span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def statement(text: str, quote: str, *, kind: str, speaker: str, speaker_text: str, cue: str,
              cue_lemma: str, addressee: str | None = None) -> Statement:
    start, end = span(text, quote)
    s_start, s_end = span(text, speaker_text)
    c_start, c_end = span(text, cue)
    return Statement(start=start, end=end, text=quote, kind=kind, speaker=speaker, speaker_key=0,
                     speaker_type="person", speaker_start=s_start, speaker_end=s_end, cue=cue,
                     cue_lemma=cue_lemma, cue_start=c_start, cue_end=c_end, addressee=addressee)


GAZETTE = (
    "Bridge to close for a year\n\n"
    "Mayor Ada Quill said on Monday that \u201cthe old bridge will close for repairs with no delay at all.\u201d\n\n"
    "The reckless plan will cost 40 million dollars, the city said. Critics called the mayor a spendthrift."
)
LEDGER = (
    "Quill shuts the bridge\n\n"
    "\u201cThe old bridge will close for repairs with no delay,\u201d Mayor Ada Quill told the Ledger.\n\n"
    "The repairs will cost 45 million dollars. The embattled mayor also said \u201ctraffic will move to the ferry.\u201d"
)
BLOG = (
    "A year without the bridge\n\n"
    "Ada Quill, the mayor, claimed that the bridge would close for a year.\n\n"
    "Residents were not asked."
)
OTHER = (
    "Library opens late\n\n"
    "Librarian Tom Fenn said \u201cthe doors open at noon from now on.\u201d"
)


def xss_text() -> str:
    lines = ["XSS probe " + XSS_PROBES[0], ""]
    for probe in XSS_PROBES:
        lines.append(f"Spokesperson Eve Marlow said \u201c{probe} is fine.\u201d")
    return "\n".join(lines)


@dataclass(frozen=True)
class SampleIds:
    story: str = "story-bridge"
    other_story: str = "story-library"
    xss_story: str = "story-<script>alert(1)</script>"
    gazette: str = "gazette-1"
    ledger: str = "ledger-1"
    blog: str = "blog-1"
    other: str = "gazette-2"
    xss: str = "xss-<img src=x onerror=alert(1)>"
    quill: str = "ent-quill"
    fenn_name: str = "Tom Fenn"


IDS = SampleIds()


def _results() -> list[ArticleResult]:
    quill = LocalEntity(0, "Ada Quill", "person", ("Quill", "the mayor"), ("Mayor",))
    gazette = ArticleResult(
        article=Article(IDS.gazette, GAZETTE, outlet="Riverside Gazette", title="Bridge to close for a year",
                        published="2031-03-03", url="https://gazette.example/bridge"),
        statements=(statement(GAZETTE, "the old bridge will close for repairs with no delay at all.",
                              kind="direct", speaker="Ada Quill", speaker_text="Ada Quill", cue="said",
                              cue_lemma="say"),),
        entities=(quill,),
        mentions=(Mention(*span(GAZETTE, "Ada Quill"), "Ada Quill", "name", 0),
                  Mention(*span(GAZETTE, "a spendthrift"), "a spendthrift", "descriptor", 0)),
        claims=(Claim(*span(GAZETTE, "40 million dollars"), "40 million dollars", 40e6, unit="usd",
                      about="cost"),),
        loaded=(LoadedSpan(*span(GAZETTE, "reckless"), "reckless", "evaluative"),),
    )
    ledger = ArticleResult(
        article=Article(IDS.ledger, LEDGER, outlet="Northern Ledger", title="Quill shuts the bridge",
                        published="2031-03-04", url="javascript:alert(1)"),
        statements=(
            statement(LEDGER, "The old bridge will close for repairs with no delay,", kind="direct",
                      speaker="Ada Quill", speaker_text="Ada Quill", cue="told", cue_lemma="tell",
                      addressee="the Ledger"),
            Statement(*span(LEDGER, "traffic will move to the ferry."), "traffic will move to the ferry.",
                      "direct", speaker="Ada Quill", speaker_key=0, speaker_type="person",
                      cue="said", cue_lemma="say", cue_start=span(LEDGER, "said")[0],
                      cue_end=span(LEDGER, "said")[1]),
        ),
        entities=(quill,),
        mentions=(Mention(*span(LEDGER, "The embattled mayor"), "The embattled mayor", "descriptor", 0),),
        claims=(Claim(*span(LEDGER, "45 million dollars"), "45 million dollars", 45e6, unit="usd",
                      about="cost"),),
        loaded=(LoadedSpan(*span(LEDGER, "embattled"), "embattled", "emotive"),),
    )
    blog = ArticleResult(
        article=Article(IDS.blog, BLOG, outlet=None, title="A year without the bridge", published="2031-03-05"),
        statements=(statement(BLOG, "the bridge would close for a year", kind="indirect", speaker="Ada Quill",
                              speaker_text="Ada Quill", cue="claimed", cue_lemma="claim"),),
        entities=(quill,),
    )
    other = ArticleResult(
        article=Article(IDS.other, OTHER, outlet="Riverside Gazette", title="Library opens late",
                        published="2030-11-20"),
        statements=(statement(OTHER, "the doors open at noon from now on.", kind="direct", speaker="Tom Fenn",
                              speaker_text="Tom Fenn", cue="said", cue_lemma="say"),),
    )
    text = xss_text()
    probes = tuple(
        Statement(*span(text, f"{p} is fine."), f"{p} is fine.", "direct", speaker="Eve <b>Marlow</b>",
                  speaker_type="person", cue="said", cue_lemma="say<script>alert(4)</script>")
        for p in XSS_PROBES)
    xss = ArticleResult(
        article=Article(IDS.xss, text, outlet="<script>alert(5)</script>Outlet", title=XSS_PROBES[1],
                        published="2031-01-01", url="javascript:alert(1)", authors=(XSS_PROBES[0],)),
        statements=probes,
        loaded=(LoadedSpan(*span(text, XSS_PROBES[0]), XSS_PROBES[0], XSS_PROBES[1]),),
        claims=(Claim(*span(text, "1"), "1", 1.0, unit="<b>u</b>", about=XSS_PROBES[2]),),
    )
    return [gazette, ledger, blog, other, xss]


def fill_sample_store(store: Store) -> SampleIds:
    """Write the sample records, then what the corpus phase would add (entities, stories, links)."""
    store.write_results(_results())
    conn = store.conn
    q_gazette = f"{IDS.gazette}:{span(GAZETTE, 'the old bridge')[0]}-{span(GAZETTE, 'at all.')[1]}"
    q_ledger = f"{IDS.ledger}:{span(LEDGER, 'The old bridge')[0]}-{span(LEDGER, 'no delay,')[1]}"
    q_blog = f"{IDS.blog}:{span(BLOG, 'the bridge would')[0]}-{span(BLOG, 'for a year')[1]}"
    xss_quotes = [r[0] for r in conn.execute("SELECT quote_id FROM quotes WHERE article_id = ? ORDER BY start",
                                             (IDS.xss,))]
    with conn:
        conn.execute("INSERT INTO entities(entity_id, name, type, aliases) VALUES (?,?,?,?)", (IDS.quill, "Ada Quill", "person",
                                                               json.dumps(["Quill"])))
        conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker = 'Ada Quill'", (IDS.quill,))
        conn.execute("UPDATE local_entities SET entity_id = ? WHERE name = 'Ada Quill'", (IDS.quill,))
        stories = [(IDS.story, "Bridge to close", "2031-03-03", "2031-03-05", [IDS.gazette, IDS.ledger, IDS.blog]),
                   (IDS.other_story, "Library opens late", "2030-11-20", "2030-11-20", [IDS.other]),
                   (IDS.xss_story, "XSS " + XSS_PROBES[1], "2031-01-01", "2031-01-01", [IDS.xss])]
        for story_id, title, first, last, members in stories:
            conn.execute("INSERT INTO stories(story_id, title, first_date, last_date) VALUES (?,?,?,?)", (story_id, title, first, last))
            conn.executemany("INSERT INTO story_articles(article_id, story_id) VALUES (?,?)", [(a, story_id) for a in members])
        diff = [["=", "the old bridge will close for repairs with no delay"], ["-", "at all."]]
        conn.execute("INSERT INTO links(quote_a, quote_b, relation, diff) VALUES (?,?,?,?)", (q_gazette, q_ledger, "altered", json.dumps(diff)))
        conn.execute("INSERT INTO links(quote_a, quote_b, relation, diff) VALUES (?,?,?,?)", (q_gazette, q_blog, "paraphrase", None))
        conn.execute("INSERT INTO links(quote_a, quote_b, relation, diff) VALUES (?,?,?,?)",
                     (xss_quotes[0], xss_quotes[1], "altered",
                      json.dumps([["=", XSS_PROBES[1]], ["+", "<script>alert(6)</script>"], ["-", XSS_PROBES[3]]])))
        conn.execute("DELETE FROM pending")
    return IDS


def quote_ids() -> dict[str, str]:
    """The ids of the bridge quotes, as the sample store holds them."""
    return {
        "gazette": f"{IDS.gazette}:{span(GAZETTE, 'the old bridge')[0]}-{span(GAZETTE, 'at all.')[1]}",
        "ledger": f"{IDS.ledger}:{span(LEDGER, 'The old bridge')[0]}-{span(LEDGER, 'no delay,')[1]}",
    }
