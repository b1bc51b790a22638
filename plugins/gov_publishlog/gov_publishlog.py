"""The 三审 publish log: who edited, reviewed and approved each published article, what
was published and when, from which source commit (宿迁 第十三条; 苏政办发〔2017〕96号:
logs kept ≥ 6 months).

One JSON line per published article, sorted by URL, in
``GOV_META_DIR/publish-log.jsonl`` — i.e. ``output/.jiyue/<site>/publish-log.jsonl``,
staged and swapped with the site by ``jiyue.build`` and never inside the published
site folder: the reviewers' names are internal records, not page content::

    {"site": "jiangnan", "url": "zwdt/a1.html", "source": "zwdt/a1.md", "title": "…",
     "date": "2026-11-20 09:00", "editor": "张敏", "reviewer": "李强", "approver": "王磊",
     "built_at": "2026-11-24T08:00:00+08:00", "source_commit": "3f2c…" | null}

``source_commit`` is ``git rev-parse HEAD`` of the repository holding the site sources
(null when they are not in a git repository). ``built_at`` honours SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timedelta, timezone

from pelican import signals

from jiyue import context
from jiyue.publish import write_atomic

BEIJING = timezone(timedelta(hours=8))
LOG_NAME = "publish-log.jsonl"

_articles: list = []


def reset(pelican):
    _articles.clear()


def collect(generator):
    if not context.is_gov_build(generator.settings):
        return
    _articles[:] = list(generator.articles)  # published only: drafts and held future articles are not


def source_commit(path: str) -> str | None:
    try:
        res = subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    value = res.stdout.strip()
    return value if res.returncode == 0 and len(value) in (40, 64) else None


def built_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        now = datetime.fromtimestamp(int(epoch), BEIJING)
    else:
        now = datetime.now(BEIJING)
    return now.replace(microsecond=0).isoformat()


def _meta(article, key: str) -> str | None:
    value = article.metadata.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def entries(articles, site_id: str, commit: str | None, stamp: str) -> list[dict]:
    rows = []
    for a in articles:
        rows.append({
            "site": site_id,
            "url": a.url,
            "source": getattr(a, "gov_source_file", None) or a.relative_source_path,
            "title": a.title,
            "date": getattr(a, "gov_pubdate", None) or a.date.strftime("%Y-%m-%d %H:%M"),
            "editor": _meta(a, "editor"),
            "reviewer": _meta(a, "reviewer"),
            "approver": _meta(a, "approver"),
            "built_at": stamp,
            "source_commit": commit,
        })
    return sorted(rows, key=lambda r: r["url"])


def write(pelican):
    settings = pelican.settings
    meta_dir = settings.get("GOV_META_DIR")
    if not context.is_gov_build(settings) or not meta_dir:
        return
    os.makedirs(meta_dir, exist_ok=True)
    src = str(settings.get("GOV_SRC") or settings.get("PATH") or ".")
    rows = entries(_articles, settings["GOV_SITE_ID"], source_commit(src), built_at())
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)
    write_atomic(os.path.join(meta_dir, LOG_NAME), text.encode("utf-8"), fsync=False)


def register():
    signals.initialized.connect(reset)
    signals.article_generator_finalized.connect(collect)
    signals.finalized.connect(write)
