"""iter_inputs end to end (no parsing): every format, ids, fallbacks, sidecar and the ways inputs go wrong."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from newsprism.ingest import iter_inputs
from newsprism.records import Article, Skipped

from .helpers import BODY, html_page, warc_bytes, write


def ingest(*inputs, **options) -> tuple[list[Article], list[Skipped]]:
    items = list(iter_inputs([str(i) for i in inputs], **options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


# -- plain text ---------------------------------------------------------------

def test_text_keeps_the_file_text_and_reads_the_headline(tmp_path):
    raw = "Minister Quits Over Floods\r\n\r\nCORVANA, April 15, 2025 — The minister resigned.\r\n  Indented.\r\n"
    write(tmp_path / "story.txt", raw)
    (article,), skipped = ingest(tmp_path / "story.txt")
    assert not skipped
    assert article.article_id == "story"
    assert article.text == raw.replace("\r\n", "\n")
    assert article.title == "Minister Quits Over Floods"
    assert (article.published, article.date_source) == ("2025-04-15", "text")
    assert article.outlet is None and article.url is None


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_decoded_not_skipped(tmp_path, encoding):
    text = "Caf\u00e9 Owners Protest\n\nThe owner said the plan was na\u00efve.\n"
    write(tmp_path / "old.txt", text.encode(encoding))
    (article,), skipped = ingest(tmp_path)
    assert not skipped and article.text == text


def test_gzip_is_transparent_and_ids_drop_known_extensions(tmp_path):
    write(tmp_path / "a.txt.gz", "Headline Here\n\nBody text.", gz=True)
    write(tmp_path / "cnn.com-story.txt", "Other Headline\n\nOther body.")
    write(tmp_path / "page.html.gz", html_page("Page Headline"), gz=True)
    articles, skipped = ingest(tmp_path)
    assert not skipped
    assert [a.article_id for a in articles] == ["a", "cnn.com-story", "page"]
    assert articles[2].title == "Page Headline"


def test_same_stem_in_two_folders_gets_the_relative_path_and_is_stable(tmp_path):
    write(tmp_path / "2024" / "x.txt", "First Headline\n\nOne.")
    write(tmp_path / "2025" / "x.txt", "Second Headline\n\nTwo.")
    write(tmp_path / "2025" / "x.html", html_page("Third Headline"))
    ids = [a.article_id for a in ingest(tmp_path)[0]]
    assert ids == ["x", "2025/x", "2025/x~2"]
    assert [a.article_id for a in ingest(tmp_path)[0]] == ids


def test_folders_are_walked_sorted_and_skip_hidden_and_readme(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", ".hidden.txt", "README.md", ".git/x.txt"):
        write(tmp_path / name, f"Headline {name}\n\nBody of {name}.")
    assert [a.article_id for a in ingest(tmp_path)[0]] == ["a", "b", "c"]


def test_glob_and_missing_input(tmp_path):
    write(tmp_path / "one.txt", "One Headline\n\nBody.")
    write(tmp_path / "two.md", "Two Headline\n\nBody.")
    articles, skipped = ingest(tmp_path / "*.txt", tmp_path / "nothing-here")
    assert [a.article_id for a in articles] == ["one"]
    assert [(s.source_path, s.reason) for s in skipped] == [
        (str(tmp_path / "nothing-here"), "no such file, folder or matching glob")]


def test_the_same_file_reached_twice_is_read_once(tmp_path):
    write(tmp_path / "one.txt", "One Headline\n\nBody.")
    assert len(ingest(tmp_path, tmp_path / "one.txt", tmp_path / "*.txt")[0]) == 1


@pytest.mark.parametrize("data, title", [
    (b"Stdin Headline\n\nFrom a pipe.", "Stdin Headline"),
    (html_page("Piped Page").encode(), "Piped Page"),
])
def test_stdin_is_sniffed(monkeypatch, data, title):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,), _ = ingest("-")
    assert article.title == title
    assert article.source_path == "<stdin>"
    assert article.article_id.startswith("stdin-")


# -- HTML ------------------------------------------------------------------------

def test_html_metadata(tmp_path):
    head = ('<meta property="og:site_name" content="Valdoria Today"><meta name="author" content="Lena Sarko">'
            '<meta property="article:published_time" content="2025-03-06T18:40:00+01:00">'
            '<link rel="canonical" href="https://www.valdoriatoday.example/a">')
    write(tmp_path / "p.html", html_page("Parliament Backs Reform", extra_head=head))
    (article,), _ = ingest(tmp_path)
    assert (article.title, article.outlet, article.url) == (
        "Parliament Backs Reform", "Valdoria Today", "https://www.valdoriatoday.example/a")
    assert (article.published, article.date_source, article.authors) == ("2025-03-06", "meta", ("Lena Sarko",))
    assert article.text.startswith("The finance minister")  # the headline is not repeated in the body
    assert "Home" not in article.text and "©" not in article.text


def test_html_without_a_body_is_skipped(tmp_path):
    write(tmp_path / "menu.html", "<html><head><title>Shop</title></head><body><nav><a href='/'>Home</a>"
                                  "</nav><div class='cookie'>We use cookies.</div></body></html>")
    articles, (skip,) = ingest(tmp_path)
    assert not articles and skip.reason == "no article body found"


def test_outlet_falls_back_to_the_domain(tmp_path):
    write(tmp_path / "p.html", html_page("T", extra_head='<link rel="canonical" href="https://www.corvana.example/x">'))
    (article,), _ = ingest(tmp_path)
    assert article.outlet == "corvana.example"


# -- JSON --------------------------------------------------------------------------

def test_jsonl_fields_and_broken_lines(tmp_path):
    lines = [
        json.dumps({"id": "j1", "text": "First text.", "title": "One", "source_domain": "www.ledger.example",
                    "date_publish": "2025-03-04 08:00:00", "authors": ["Ivo Brandt", "Tessa Vorn"]}),
        "{broken",
        json.dumps({"maintext": "No id here.", "url": "https://www.herald.example/x", "published": "Feb 10, 2017"}),
        json.dumps({"id": "j3", "title": "no text"}),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "j4", "body": ["Para one.", "Para two."], "source": {"name": "Meridian Wire"}}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    articles, skipped = ingest(tmp_path)
    assert [a.article_id for a in articles] == ["j1", "feed-3", "j4"]
    first, second, third = articles
    assert (first.outlet, first.published, first.date_source, first.authors) == (
        "www.ledger.example", "2025-03-04", "meta", ("Ivo Brandt", "Tessa Vorn"))
    assert (second.outlet, second.published) == ("herald.example", "2017-02-10")
    assert (third.text, third.outlet) == ("Para one.\n\nPara two.", "Meridian Wire")
    assert [(s.record, s.reason.split(" (")[0]) for s in skipped] == [
        ("line 2", "invalid JSON"), ("line 4", "no text"), ("line 6", "not a JSON object")]


def test_field_mapping_overrides(tmp_path):
    write(tmp_path / "f.jsonl", json.dumps({"uid": "u1", "body_text": "Mapped.", "text": "Not this."}) + "\n")
    (article,), _ = ingest(tmp_path, fields={"text": "body_text", "id": "uid"})
    assert (article.article_id, article.text) == ("u1", "Mapped.")


def test_unknown_field_mapping_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="unknown field"):
        ingest(tmp_path, fields={"bodytext": "x"})


@pytest.mark.parametrize("content", [
    json.dumps([{"id": "a1", "text": "One."}, {"id": "a2", "text": "Two."}], indent=2),
    json.dumps([{"id": "a1", "text": "One."}, {"id": "a2", "text": "Two."}]),
])
def test_json_array(tmp_path, content):
    write(tmp_path / "dump.json.gz", content, gz=True)
    assert [a.article_id for a in ingest(tmp_path)[0]] == ["a1", "a2"]


def test_invalid_json_document_is_one_skip(tmp_path):
    write(tmp_path / "bad.json", '[\n  {"id": "a1",\n')
    articles, (skip,) = ingest(tmp_path)
    assert not articles and skip.reason.startswith("invalid JSON")


# -- WARC ------------------------------------------------------------------------

PAGES = [(f"https://www.valdoriatoday.example/{n}", html_page(f"Story {n}", BODY.replace("2031", str(2031 + n))))
         for n in range(3)]


@pytest.mark.parametrize("compress", [True, False])
def test_warc_reads_only_200_html_responses(tmp_path, compress):
    write(tmp_path / ("c.warc.gz" if compress else "c.warc"), warc_bytes(PAGES, compress=compress))
    articles, skipped = ingest(tmp_path)
    assert not skipped
    assert [a.article_id for a in articles] == [f"00000000-0000-4000-8000-00000000000{n}" for n in range(3)]
    assert [a.url for a in articles] == [url for url, _ in PAGES]
    assert [(a.published, a.date_source) for a in articles] == [(f"2025-03-0{n}", "warc") for n in (1, 2, 3)]
    assert {a.outlet for a in articles} == {"valdoriatoday.example"}


@pytest.mark.parametrize("compress, cut", [(True, 40), (True, 400), (False, 60)])
def test_truncated_warc_yields_good_records_then_one_skip(tmp_path, compress, cut):
    data = warc_bytes(PAGES, compress=compress, extra_records=False)
    write(tmp_path / "cut.warc.gz", data[:-cut])
    articles, skipped = ingest(tmp_path)
    assert len(articles) == 2
    assert len(skipped) == 1 and "truncated" in skipped[0].reason


# -- bad inputs and limits --------------------------------------------------------

def test_truncated_gzip_text_is_skipped(tmp_path):
    data = __import__("gzip").compress(("Headline\n\n" + "word " * 3000).encode())
    write(tmp_path / "cut.txt.gz", data[: len(data) // 2])
    articles, (skip,) = ingest(tmp_path)
    assert not articles and skip.reason.startswith("truncated gzip")


@pytest.mark.parametrize("gz", [False, True])
def test_size_limit(tmp_path, gz):
    write(tmp_path / "big.txt", "Big Headline\n\n" + "x" * 2000, gz=gz)
    articles, (skip,) = ingest(tmp_path, max_bytes=1000)
    assert not articles and skip.reason.startswith("too large")
    assert len(ingest(tmp_path, max_bytes=None)[0]) == 1


def test_unreadable_and_odd_files(tmp_path, monkeypatch):
    write(tmp_path / "locked.txt", "Locked Headline\n\nBody.")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "table.csv", "a,b\n")
    # Root reads files whatever their mode, so the permission error is simulated at the one place files open.
    import newsprism.ingest.sources as sources

    def refuse(path):
        if path.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return open(path, "rb")

    monkeypatch.setattr(sources, "open_binary", refuse)
    articles, skipped = ingest(tmp_path)
    assert not articles
    assert sorted((os.path.basename(s.source_path), s.reason) for s in skipped) == [
        ("broken.txt", "broken symbolic link"),
        ("locked.txt", "permission denied"),
        ("pipe.txt", "not a regular file (pipe, socket or device)"),
        ("table.csv", "unsupported format (.csv); if it holds metadata, pass it with --meta"),
    ]


# -- sidecar ------------------------------------------------------------------------

def test_meta_sidecar_merges_and_is_not_read_as_an_article(tmp_path):
    write(tmp_path / "a.txt", "Headline A\n\nOn March 1, 2020 it rained.")
    write(tmp_path / "b.txt", "Headline B\n\nBody.")
    sidecar = write(tmp_path / "meta.csv", "article_id,outlet,date,url,title\n"
                                           "a,Valdoria Today,2025-03-06,,Better Title\n"
                                           "b.txt,,,https://www.ledger.example/b,\n")
    articles, skipped = ingest(tmp_path, meta=str(sidecar))
    assert not skipped
    a, b = articles
    assert (a.outlet, a.published, a.date_source, a.title) == ("Valdoria Today", "2025-03-06", "meta", "Better Title")
    assert (b.outlet, b.url, b.title) == ("ledger.example", "https://www.ledger.example/b", "Headline B")


def test_unusable_sidecar_is_reported(tmp_path):
    write(tmp_path / "a.txt", "Headline A\n\nBody.")
    sidecar = write(tmp_path / "meta.csv", "name,outlet\nx,y\n")
    articles, (skip,) = ingest(tmp_path / "a.txt", meta=str(sidecar))
    assert len(articles) == 1 and "no article_id column" in skip.reason


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.json", "feed"])
def test_a_broken_first_line_loses_only_that_line(tmp_path, name):
    write(tmp_path / name, '{"id": "x", "text": "cut\n' + json.dumps({"id": "ok", "text": "Fine."}) + "\n")
    articles, (skip,) = ingest(tmp_path)
    assert [a.article_id for a in articles] == ["ok"]
    assert (skip.record, skip.reason.split(" (")[0]) == ("line 1", "invalid JSON")


def test_a_single_pretty_printed_object(tmp_path):
    write(tmp_path / "one.json", json.dumps({"id": "solo", "text": "Alone."}, indent=2))
    assert [a.article_id for a in ingest(tmp_path)[0]] == ["solo"]


def test_tsv_sidecar_with_other_column_names(tmp_path):
    write(tmp_path / "texts" / "ledger_2016-09-12_story.txt", "Headline\n\nBody.")
    sidecar = write(tmp_path / "metadata.tsv", "compartment\tfilename\tpublisher\tpublication_date\tauthor\ttitle\n"
                                               "dev\tledger_2016-09-12_story\tledger\t2016-09-12\tAna Roe\tA Title\n")
    (article,), skipped = ingest(tmp_path / "texts", meta=str(sidecar))
    assert not skipped
    assert (article.outlet, article.published, article.title, article.authors) == (
        "ledger", "2016-09-12", "A Title", ("Ana Roe",))


def test_a_reader_failure_is_a_skip_not_a_crash(tmp_path, monkeypatch):
    import newsprism.ingest as ingest_module

    write(tmp_path / "a.html", html_page("Fine Page"))
    write(tmp_path / "b.txt", "Plain Headline\n\nBody.")

    def explode(page, *, url=None):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(ingest_module, "read_html", explode)
    articles, (skip,) = ingest(tmp_path)
    assert [a.article_id for a in articles] == ["b"]
    assert skip.reason == "could not be read (unexpected error in the reader: parser bug)"
    assert "RuntimeError" not in skip.reason  # a reason names the input's problem, not our exception
