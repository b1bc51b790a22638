"""ARC: archived pages (已归档) and archive snapshots (归档版本)."""

from __future__ import annotations

import re

from jiyue.archive import check_archived_page
from lint.model import ERROR
from lint.registry import declare, rule

SRC = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十一条; 宝鸡市政府网站管理办法 第二十条"
SNAPSHOT_RE = re.compile(r"^archive/(\d{4}-\d{2}-\d{2})/")


@rule(id="ARC001", title="归档页面在正文顶部醒目标注“已归档”和归档时间", severity=ERROR, tags=("archive",),
      source=SRC)
def archived_label(page, ctx):
    """## What it does
    On every archived page — a page of a whole-site snapshot (``archive/<YYYY-MM-DD>/…``), an
    article with ``Archived:`` metadata, or any page carrying an ``ArchiveDate`` tag or an
    ``.archive-banner`` — checks that the 已归档 label and the 归档时间 (YYYY-MM-DD) are shown at the
    top of the content: in a snapshot as the first child of ``<main>`` together with
    ``<meta name="robots" content="noindex">``; on a live archived article before its title.

    ## Why it matters
    宿迁 第十一条 and 宝鸡 第二十条 require archived information to stay accessible and to say
    clearly that it is archived and when, so nobody mistakes an old notice for a current one.

    ## Example
    ```html
    <main><h1>关于2025年春节放假的通知</h1> …</main>   <!-- archived, but no 已归档 label -->
    ```
    Use instead: ``<div class="archive-banner" data-archived="2026-06-30"><strong>已归档</strong>
    归档时间：<time datetime="2026-06-30">2026-06-30</time></div>`` before the title.
    """
    m = SNAPSHOT_RE.match(page.path)
    if m:
        for problem in check_archived_page(page.tree, m.group(1), snapshot=True):
            yield page.hit(page.css_first(".archive-banner") or page.css_first("main") or page.body, problem)
        return
    record = page.record
    archived = (record.archived if record is not None else "") or page.meta("ArchiveDate") or ""
    banner = page.css_first(".archive-banner")
    if not archived and banner is None:
        return
    problems = check_archived_page(page.tree, archived or None, snapshot=False)
    if not problems and banner is not None:
        h1 = page.css_first("main h1")
        if h1 is not None and page.line_of(h1) is not None and page.line_of(banner) is not None and \
                page.html.find('class="archive-banner"') > page.html.find("<h1"):
            problems.append("“已归档”标识应在正文顶部（标题之前）")
    for problem in problems:
        yield page.hit(banner or page.css_first("main") or page.body, problem)


declare(id="ARC002", title="归档版本与其清单一致（无文件被修改、增加或丢失）", severity=ERROR, tags=("archive",),
        source="宿迁市政府网站管理办法 第十一条（归档后页面应能正常访问）", doc="""
    ## What it does
    ``invoke archive --verify`` re-hashes every file of every snapshot under
    ``output/<site>/archive/<date>/`` and compares it with the snapshot's ``manifest.json``
    (SHA-256 and size): a changed, missing or extra file is reported, naming the file.

    ## Why it matters
    An archive is evidence of what was published: it must be provably unchanged (DA/T 80-2019),
    and 宿迁 第十一条 requires archived pages to remain accessible.

    ## Example
    ```text
    ARC002 jiangnan archive/2026-06-30/zwdt/a.html: 内容与清单不一致（SHA-256 不同）
    ```
    """)

declare(id="ARC003", title="归档版本内的链接都能打开", severity=ERROR, tags=("archive",),
        source="宿迁市政府网站管理办法 第十一条（归档后页面应能正常访问）", doc="""
    ## What it does
    ``invoke archive --verify`` follows every link and asset reference inside each snapshot and
    reports those that lead to a file missing from the snapshot or out of it (other than the
    banner's link to the live site). Links that were already broken in the source when the
    snapshot was made are recorded in the manifest and reported as warnings.

    ## Why it matters
    Archived pages must stay reachable and complete (宿迁 第十一条): a snapshot with broken links
    is not a usable record.

    ## Example
    ```text
    ARC003 jiangnan archive/2026-06-30/index.html: 链接 zwdt/a.html 指向的文件不存在
    ```
    """)
