"""Write the explorer's pages as a static site: index, stories, speakers, articles.

Links are relative and plotly.js is copied once into ``static/``, so the folder
opens from ``file://`` with no network. File names come from :func:`slug`, never
from raw ids, so no id can write outside the output folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsprism.store import queries
from newsprism.store.db import Store
from newsprism.web import views
from newsprism.web.markup import slug
from newsprism.web.render import STATIC_FILES, make_env, static_bytes
from newsprism.web.urls import ReportUrls

__all__ = ["ReportSummary", "build_report", "story_data"]


@dataclass
class ReportSummary:
    """How many pages of each kind were written, and where."""

    outdir: Path
    stories: int = 0
    speakers: int = 0
    articles: int = 0

    @property
    def pages(self) -> int:
        return 1 + self.stories + self.speakers + self.articles


def story_data(store: Store, story_id: str) -> dict:
    """The data of a story's report page: the explorer's story page (the story view and the texts)."""
    return views.story_page(store, story_id)


def build_report(store: Store, outdir: str | Path, *,
                 on_page: Callable[[str], None] = lambda name: None) -> ReportSummary:
    """Render every page of ``store`` into ``outdir`` (created; existing pages overwritten)."""
    outdir = Path(outdir)
    for folder in ("static", "story", "speaker", "article"):
        (outdir / folder).mkdir(parents=True, exist_ok=True)
    for name in STATIC_FILES:
        (outdir / "static" / name).write_bytes(static_bytes(name))
    env = make_env(report=True)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    summary = ReportSummary(outdir)

    def write(path: Path, template: str, page: dict, root: str) -> None:
        html = env.get_template(template).render(page=page, urls=ReportUrls(root), generated=generated)
        path.write_text(html, encoding="utf-8")
        on_page(str(path))

    with queries.snapshot(store):
        total = queries.story_total(store)
        index = views.index_page(store, limit=max(total, 1), offset=0, speakers=50, unplaced=1000)
        write(outdir / "index.html", "index.html", index, "")
        for row in index["stories"]:
            page = story_data(store, row["story_id"])
            write(outdir / "story" / f"{slug(row['story_id'])}.html", "story.html", page, "../")
            summary.stories += 1
        for ref in queries.speaker_refs(store):
            page = views.speaker_page(store, ref)
            write(outdir / "speaker" / f"{slug(ref)}.html", "speaker.html", page, "../")
            summary.speakers += 1
        for article_id in queries.article_ids(store):
            page = views.article_page(store, article_id)
            write(outdir / "article" / f"{slug(article_id)}.html", "article.html", page, "../")
            summary.articles += 1
    return summary
