"""已归档 (archived) pages and the site's 归档 page.

宿迁 第十一条; 宝鸡 第二十条. An article with ``Archived: YYYY-MM-DD`` keeps its
URL and shows the 已归档 banner (theme partial), leaves the current listings
(gov_columns) and is listed on ``archive/index.html`` together with every
whole-site snapshot already published under ``archive/<date>/``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

from jiyue import context, pagetags


def published_snapshots(published: Path) -> list[dict]:
    """Snapshots of the live site: ``archive/<date>/manifest.json``."""
    found = []
    base = published / "archive"
    if not base.is_dir():
        return found
    for manifest in sorted(base.glob("*/manifest.json"), reverse=True):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        date = manifest.parent.name
        found.append({"date": date, "reason": data.get("reason") or "", "url": f"archive/{date}/index.html"})
    return found


class ArchivePageGenerator:
    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings

    def generate_context(self):
        pass

    def generate_output(self, writer):
        site = context.site(self.settings)
        archived = sorted((a for a in self.context.get("articles", []) if getattr(a, "gov_archived", None)),
                          key=lambda a: a.gov_archived, reverse=True)
        published = Path(self.settings.get("GOV_PUBLISHED_DIR") or "")
        snapshots = published_snapshots(published) if str(published) not in ("", ".") else []
        template = self.context["gov_env"].get_template("archive_index.html")
        writer.write_file("archive/index.html", template, dict(self.context), relative_urls=True,
                          template_name="archive_index.html", page_template="archive_index.html", page_type="archive",
                          archived_items=archived, snapshots=snapshots,
                          page_tags=pagetags.page_tags(site))


def get_generators(pelican):
    if context.is_gov_build(pelican.settings):
        return ArchivePageGenerator


def register():
    signals.get_generators.connect(get_generators)
