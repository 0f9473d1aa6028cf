"""Scoring HTML extraction: wrap known article texts in realistic news-page boilerplate, extract, compare.

We have no real pages with gold bodies, so we make them: each article text
(first line the headline, then paragraphs) is dressed in one of several page
templates with the boilerplate real news sites carry — cookie banners, menus,
breadcrumbs, share buttons, bylines and ``<time>``, in-body "read more" links
and ads, related stories, newsletter boxes, comments, footers. The score is the
bag-of-words F1 between the extracted text and the body (the paragraphs after
the headline). Used by ``bench/html_extraction.py`` and ``newsprism eval html``.
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsprism.ingest.errors import UnreadableInput
from newsprism.ingest.html import read_html

__all__ = ["GoldPage", "make_pages", "bow_f1", "score_extractors", "TEMPLATES", "read_articles", "EXTRACTORS"]

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class GoldPage:
    name: str
    template: str
    html: str
    body: str


def bow_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 (lower-cased word tokens, counted with multiplicity)."""
    p, g = Counter(_WORD.findall(predicted.lower())), Counter(_WORD.findall(gold.lower()))
    if not p or not g:
        return 1.0 if p == g else 0.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def read_articles(folder: Path, limit: int | None = None) -> Iterator[tuple[str, str, list[str]]]:
    """(name, headline, paragraphs) of each ``*.txt`` in ``folder``: first line headline, blank-line paragraphs."""
    for path in sorted(Path(folder).glob("*.txt"))[:limit]:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        blocks = [b.strip() for b in re.split(r"\n\s*\n|\n", text) if b.strip()]
        if len(blocks) >= 2:
            yield path.stem, blocks[0].rstrip("."), blocks[1:]


# -- boilerplate pieces (generic, invented) ------------------------------------------

_SECTIONS = ["Politics", "World", "Business", "Tech", "Science", "Health", "Sports", "Opinion", "Culture",
             "Travel", "Video", "Podcasts"]
_RELATED = ["Five things to watch in the week ahead", "Analysis: what the latest numbers really mean",
            "Photos: the week in pictures", "Opinion: the debate nobody wants to have",
            "Live updates: markets open lower", "How the new rules affect your taxes",
            "The quiet race that could decide the Senate", "Why voters in the suburbs are changing their minds"]
_COMMENTS = ["This is exactly what I expected from them. Nothing will change until people vote.",
             "Great reporting, thank you for covering this story in such detail.",
             "I disagree with the premise of this article, the numbers tell a different story.",
             "Who is paying for all of this? Certainly not the people making the decisions."]
_AUTHORS = ["Jordan Ellis", "Sam Okafor", "Riley Chen", "Morgan Blake", "Avery Novak"]


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _nav(rng: random.Random) -> str:
    items = rng.sample(_SECTIONS, 8)
    return "<nav class='main-nav'><ul>" + "".join(f"<li><a href='/{s.lower()}'>{s}</a></li>" for s in items) + \
           "</ul></nav>"


def _related(rng: random.Random, heading: str = "Related stories") -> str:
    links = "".join(f"<li><a href='/story/{i}'>{t}</a></li>" for i, t in enumerate(rng.sample(_RELATED, 4)))
    return f"<aside class='related'><h3>{heading}</h3><ul>{links}</ul></aside>"


def _comments(rng: random.Random) -> str:
    items = "".join(f"<div class='comment'><span class='user'>reader{rng.randint(10, 999)}</span><p>{c}</p>"
                    f"<a href='#'>Reply</a> <a href='#'>Like</a></div>" for c in rng.sample(_COMMENTS, 3))
    return f"<section id='comments' class='comments'><h3>{rng.randint(12, 480)} Comments</h3>{items}</section>"


_COOKIE = ("<div id='cookie-consent' class='cookie-banner'><p>We use cookies and similar technologies to improve "
           "your experience, measure audiences and show you personalised ads. By clicking Accept you agree to "
           "our use of cookies.</p><button>Accept all</button><button>Manage preferences</button></div>")
_SHARE = ("<div class='share-tools'><a href='#'>Share on Facebook</a> <a href='#'>Share on Twitter</a> "
          "<a href='#'>Email</a> <a href='#'>Print</a> <a href='#'>Save</a></div>")
_NEWSLETTER = ("<div class='newsletter-box'><h4>Sign up for our morning newsletter</h4><p>Get the day's top "
               "stories in your inbox every weekday.</p><input type='email' placeholder='Email address'>"
               "<button>Sign up</button></div>")
_AD = "<div class='ad-slot' data-ad='mid'><span>Advertisement</span><iframe src='/ads/300x250'></iframe></div>"
_FOOTER = ("<footer class='site-footer'><ul><li><a href='/about'>About us</a></li><li><a href='/contact'>Contact"
           "</a></li><li><a href='/privacy'>Privacy policy</a></li><li><a href='/terms'>Terms of use</a></li>"
           "<li><a href='/careers'>Careers</a></li></ul><p>© 2016 Example Media Group. All rights reserved.</p>"
           "</footer>")


def _paragraphs(paragraphs: list[str], rng: random.Random, *, inline_junk: bool) -> str:
    out = []
    for i, para in enumerate(paragraphs):
        out.append(f"<p>{_esc(para)}</p>")
        if inline_junk and i == 1 and len(paragraphs) > 3:
            out.append(f"<p class='read-more'><strong>Read more:</strong> <a href='/r'>{rng.choice(_RELATED)}</a></p>")
        if inline_junk and i == len(paragraphs) // 2 and len(paragraphs) > 4:
            out.append(_AD)
    return "\n".join(out)


def _head(title: str, site: str, rng: random.Random, *, meta: bool) -> str:
    extra = ""
    if meta:
        extra = (f"<meta property='og:site_name' content='{site}'><meta property='og:title' content='{_esc(title)}'>"
                 f"<meta name='author' content='{rng.choice(_AUTHORS)}'>"
                 "<meta property='article:published_time' content='2016-09-26T10:00:00Z'>")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_esc(title)} | {site}</title>"
            f"{extra}<link rel='stylesheet' href='/main.css'><script>window.dataLayer=[];</script></head>")


def _template_article(title, paragraphs, rng):
    site = "The Daily Ledger"
    return (_head(title, site, rng, meta=True) + "<body>" + _COOKIE +
            f"<header><a class='logo' href='/'>{site}</a>{_nav(rng)}</header><main>"
            "<div class='breadcrumbs'><a href='/'>Home</a> › <a href='/politics'>Politics</a></div>"
            f"<article><header><h1>{_esc(title)}</h1><p class='byline'>By <a href='/a'>{rng.choice(_AUTHORS)}</a>"
            "</p><time datetime='2016-09-26T10:00:00Z'>September 26, 2016</time></header>" + _SHARE +
            f"<div class='article-body'>{_paragraphs(paragraphs, rng, inline_junk=True)}</div></article>"
            + _related(rng) + _NEWSLETTER + _comments(rng) + "</main>" + _FOOTER + "</body></html>")


def _template_divs(title, paragraphs, rng):
    site = "Metro Courier"
    return (_head(title, site, rng, meta=False) + "<body><div id='wrapper'><div class='top-bar'>"
            "<a href='/login'>Sign in</a> | <a href='/subscribe'>Subscribe</a></div>"
            f"<div class='header'><div class='logo'>{site}</div>{_nav(rng)}</div>"
            "<div class='content'><div class='story'>"
            f"<h1 class='story-headline'>{_esc(title)}</h1>"
            f"<div class='story-meta'><span class='author'>{rng.choice(_AUTHORS)}</span>, Staff Writer · "
            "<span class='date'>Updated 4:31 p.m. ET Sept. 26, 2016</span></div>"
            f"<div class='story-text'>{_paragraphs(paragraphs, rng, inline_junk=False)}</div></div>"
            f"<div class='sidebar'>{_related(rng, 'Most popular')}{_AD}</div></div>"
            + _FOOTER + "</div></body></html>")


def _template_wire(title, paragraphs, rng):
    site = "Global Wire"
    body = "".join(f"<p>{_esc(p)}</p>" for p in paragraphs)
    return (_head(title, site, rng, meta=True) + "<body>" + _COOKIE + f"<header>{_nav(rng)}</header>"
            f"<main><section class='story'><h1>{_esc(title)}</h1>"
            f"<div class='dateline'><time>Sept. 26, 2016</time> · {rng.randint(2, 9)} min read</div>"
            f"<figure><img src='/img/1.jpg' alt='photo'><figcaption>A file photo. (Photo: Staff)</figcaption>"
            f"</figure><div itemprop='articleBody'>{body}</div>{_SHARE}"
            f"<div class='tags'>Tags: <a href='/t/1'>Election</a> <a href='/t/2'>Congress</a></div></section>"
            + _related(rng, "More from Global Wire") + "</main>" + _comments(rng) + _FOOTER + "</body></html>")


def _template_blog(title, paragraphs, rng):
    site = "Capitol Notes"
    return (_head(title, site, rng, meta=False) + "<body class='single-post'><div id='page'>"
            f"<div id='masthead'><h2 class='site-title'>{site}</h2>{_nav(rng)}</div>"
            "<div id='primary'><div class='post'>"
            f"<h1 class='entry-title'>{_esc(title)}</h1><div class='entry-meta'>Posted on "
            f"<time class='entry-date'>September 26, 2016</time> by {rng.choice(_AUTHORS)}</div>"
            f"<div class='entry-content'>{_paragraphs(paragraphs, rng, inline_junk=True)}{_SHARE}</div></div>"
            f"<div id='secondary'>{_NEWSLETTER}{_related(rng, 'Recent posts')}</div></div>"
            + _comments(rng) + _FOOTER + "</div></body></html>")


_TEASERS = ["The senator spent the weekend meeting donors in three states, according to people familiar with "
            "the schedule, and is expected to announce a decision next month.",
            "Local officials say the new road will cut commuting times in half, but residents remain skeptical "
            "after years of delays and cost overruns.",
            "A federal judge on Friday blocked the rule from taking effect, siding with a coalition of states "
            "that had argued it exceeded the agency's authority."]


def _template_magazine(title, paragraphs, rng):
    """Harder: paragraphs in <div>s, a captioned photo and a pull quote inside the body, teaser paragraphs."""
    site = "The Weekly Review"
    blocks = []
    for i, para in enumerate(paragraphs):
        blocks.append(f"<div class='paragraph'>{_esc(para)}</div>")
        if i == 0:
            blocks.append("<figure class='inline-photo'><img src='/p.jpg'><figcaption>Supporters gather outside "
                          "the venue before the event on Monday. Photo: Staff photographer</figcaption></figure>")
        if i == 2 and len(paragraphs) > 4:
            sentence = paragraphs[1].split(". ")[0]
            blocks.append(f"<blockquote class='pullquote'>{_esc(sentence)}</blockquote>")
    teasers = "".join(f"<div class='teaser'><h4><a href='/t{i}'>{t}</a></h4><p>{x}</p></div>" for i, (t, x) in
                      enumerate(zip(rng.sample(_RELATED, 3), _TEASERS)))
    return (_head(title, site, rng, meta=True) + "<body>" + _COOKIE + f"<div class='masthead'>{_nav(rng)}</div>"
            f"<div class='article-container'><h1>{_esc(title)}</h1><div class='byline'>Words by "
            f"{rng.choice(_AUTHORS)}</div><div class='body-copy'>{''.join(blocks)}</div></div>"
            f"<div class='recommended'><h3>Recommended for you</h3>{teasers}</div>" + _FOOTER + "</body></html>")


TEMPLATES: dict[str, Callable[[str, list[str], random.Random], str]] = {
    "article-tag": _template_article,
    "div-soup": _template_divs,
    "wire": _template_wire,
    "blog": _template_blog,
    "magazine": _template_magazine,
}


def make_pages(articles: Iterable[tuple[str, str, list[str]]], *, seed: int = 0) -> Iterator[GoldPage]:
    """One page per article, templates taken in turn, boilerplate drawn with a fixed seed."""
    rng = random.Random(seed)
    names = list(TEMPLATES)
    for i, (name, title, paragraphs) in enumerate(articles):
        template = names[i % len(names)]
        page = TEMPLATES[template](title, paragraphs, rng)
        yield GoldPage(name, template, page, "\n\n".join(paragraphs))


def score_extractors(pages: Iterable[GoldPage],
                     extractors: dict[str, Callable[[str], str]]) -> dict[str, dict[str, list[float]]]:
    """F1 per extractor and template: {extractor: {template: [f1, …]}}."""
    scores: dict[str, dict[str, list[float]]] = {name: {} for name in extractors}
    for page in pages:
        for name, extract in extractors.items():
            scores[name].setdefault(page.template, []).append(bow_f1(extract(page.html), page.body))
    return scores


def newsprism_extractor(page: str) -> str:
    """Our HTML reader's text ('' when it finds no body)."""
    try:
        return read_html(page).text
    except UnreadableInput:
        return ""


def trafilatura_default_extractor(page: str) -> str:
    """trafilatura.extract with its default settings, for comparison."""
    # deferred: heavy (trafilatura)
    from trafilatura import extract

    return extract(page) or ""


EXTRACTORS = {"newsprism": newsprism_extractor, "trafilatura-default": trafilatura_default_extractor}
