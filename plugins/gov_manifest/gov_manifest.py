"""The build manifest: which page is which type, from which source and template.

Written to ``GOV_META_DIR/pages.json`` (outside the published site) so the
linter can name the Markdown file or theme template behind a finding.
"""

from __future__ import annotations

import json
import os

from pelican import signals

from jiyue import context

_pages: dict[str, dict] = {}


def reset(pelican):
    _pages.clear()


def record(path, context):
    out = context.get("OUTPUT_PATH") or ""
    if out and path.startswith(out + os.sep) and os.path.normpath(path) == path:
        rel = path[len(out) + 1:].replace(os.sep, "/")  # what relpath gives, without its cost
    else:
        rel = os.path.relpath(path, out).replace(os.sep, "/") if out else os.path.basename(path)
    article = context.get("article")
    if article is not None:
        column = getattr(article, "gov_column", None)
        _pages[rel] = {"type": "content", "source": getattr(article, "gov_source_file", None),
                       "template": f"{article.template}.html", "column": column.id if column else None}
    else:
        column = context.get("column")
        _pages[rel] = {"type": context.get("page_type") or "other", "source": None,
                       "template": context.get("page_template"), "column": column.id if column else None}


def write(pelican):
    settings = pelican.settings
    if not context.is_gov_build(settings) or not settings.get("GOV_META_DIR"):
        return
    os.makedirs(settings["GOV_META_DIR"], exist_ok=True)
    data = {"site": settings["GOV_SITE_ID"], 
            "pages": dict(sorted(_pages.items()))}
    with open(os.path.join(settings["GOV_META_DIR"], "pages.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def register():
    signals.initialized.connect(reset)
    signals.content_written.connect(record)
    signals.finalized.connect(write)
