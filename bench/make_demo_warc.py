"""Write the demo corpus's WARC file (newsprism/data/demo/crawl.warc.gz) — FICTIONAL pages.

The two HTML pages below are invented (Valdoria, Estrania and these outlets do
not exist). The WARC also holds a request record and a 404 response, which
ingest passes over, so the demo shows that only HTTP 200 HTML responses count.
Record ids and dates are fixed, so re-running the script gives the same ids.

Example: python bench/make_demo_warc.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent.parent / "newsprism" / "data" / "demo" / "crawl.warc.gz"

PAGE_TEMPLATE = """<!DOCTYPE html>
<!-- FICTIONAL demo page for newsprism. -->
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">
</head><body>
<div class="cookie">This site uses cookies. <a href="/cookies">Learn more</a> <button>OK</button></div>
<header><a href="/">{outlet}</a><nav><a href="/news">News</a> <a href="/politics">Politics</a> <a href="/weather">Weather</a> <a href="/shop">Shop</a></nav></header>
<article><h1>{title}</h1><p class="byline">{byline}</p>
{paragraphs}
</article>
<aside><h3>Most read</h3><ol><li><a href="/1">Ten photos of the week</a></li><li><a href="/2">Quiz: how well do you know Corvana?</a></li></ol></aside>
<footer>&copy; 2025 {outlet} &middot; <a href="/privacy">Privacy</a> &middot; <a href="/terms">Terms</a></footer>
</body></html>
"""

PAGES = [
    {
        "record_id": "<urn:uuid:5d3c8a52-0f7e-4c1e-9a61-2b7d0c9e4a11>",
        "date": "2025-04-15T09:12:00Z",
        "url": "https://www.corvana-herald.example/2025/04/15/marren-dikes",
        "outlet": "The Corvana Herald",
        "title": "Hollin Residents Say Dikes Were Never Reinforced",
        "byline": "By Tessa Vorn",
        "paragraphs": [
            "Residents of Hollin, a village of 4,000 people behind the broken Marren dikes, said on Tuesday that no one had come to reinforce the dikes before they failed.",
            "\u201cWe saw nobody. Not one truck,\u201d said Jonas Mey, a farmer whose house was flooded to the roof. \u201cThey knew, and they did nothing.\u201d",
            "Interior Minister Tomas Brell claimed on Monday that sections 14 to 19 had been reinforced after a warning about heavy rain. His ministry did not answer questions about which work had been done.",
            "The minister said nearly 2 million people had been affected by the floods. Aid groups said the true number of people who had lost their homes was far higher than the official 300,000.",
            "Hydrologist Anja Reiss of Corvana University said the breach had been predicted. \u201cThe models showed a breach was likely by Sunday morning,\u201d she said.",
        ],
    },
    {
        "record_id": "<urn:uuid:9b41e6f0-7c2d-4d8a-b3f5-6e0a1c2d3b44>",
        "date": "2025-05-21T16:45:00Z",
        "url": "https://www.northernledger.example/world/estrania-envoy-vench",
        "outlet": "Northern Ledger",
        "title": "Vench Insists Estrania Has Moved \u201cA Long Way\u201d",
        "byline": "By Ivo Brandt",
        "paragraphs": [
            "Estrania's trade envoy Dario Vench insisted on Wednesday that his government had \u201cmoved a long way\u201d in talks with Valdoria, and blamed Corvana for the stalemate.",
            "\u201cWe have cut tariffs on Valdorian grain by 40 percent. What more does Corvana want?\u201d Vench said in an interview with the Northern Ledger.",
            "Valdorian officials said the cut covered fewer than a third of grain categories. President Ilse Marrow said on Tuesday that her country would not sign \u201cat any price.\u201d",
            "Vench said he expected the talks to resume in Lessa next month and that a deal was \u201cwithin reach if Corvana is serious.\u201d",
        ],
    },
]


def page_html(page: dict) -> bytes:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in page["paragraphs"])
    fields = {**page, "paragraphs": paragraphs}
    return PAGE_TEMPLATE.format(**fields).encode("utf-8")


def write_demo_warc(out: Path = OUT) -> Path:
    with open(out, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for page in PAGES:
            request = writer.create_warc_record(
                page["url"], "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {page['url']} HTTP/1.1", [("Host", page["url"].split("/")[2])],
                                              is_http_request=True),
                warc_headers_dict={"WARC-Date": page["date"],
                                   "WARC-Record-ID": page["record_id"].replace("-", "0", 1)},
            )
            writer.write_record(request)
            response = writer.create_warc_record(
                page["url"], "response", payload=io.BytesIO(page_html(page)),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                              protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": page["date"], "WARC-Record-ID": page["record_id"]},
            )
            writer.write_record(response)
        missing = writer.create_warc_record(
            "https://www.corvana-herald.example/missing", "response", payload=io.BytesIO(b"<html>Not found</html>"),
            http_headers=StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2025-04-15T09:13:00Z",
                               "WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-000000000404>"},
        )
        writer.write_record(missing)
    return out


if __name__ == "__main__":
    path = write_demo_warc(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {path}")
