"""The 已归档 banner and the meta tags of archived pages (ARCHITECTURE.md,
"Page markup"; RULES.md ARC001).

Whole-site snapshots put the banner as the first child of ``<main>`` (else of
the element with id ``main-content`` / ``content``, else of ``<body>``) and add
``<meta name="robots" content="noindex">`` and ``<meta name="ArchiveDate">``.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .rewrite import Edit, Tag, attr_edit, encode_attr

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LIVE_LINK_TEXT = "访问现行网站"


def banner_html(date: str, reason: str | None, live_url: str | None) -> str:
    """The banner element (one line, no inline script or style)."""
    parts = [
        f'<div class="archive-banner" role="note" data-archived="{date}">',
        f'<strong>已归档</strong> 归档时间：<time datetime="{date}">{date}</time>',
        ' <span class="archive-note">本页为网站归档版本，仅供查阅，不再更新。</span>',
    ]
    if reason:
        parts.append(f' <span class="archive-reason">归档原因：{html.escape(reason, quote=False)}</span>')
    if live_url:
        parts.append(f' <a class="archive-live" href="{encode_attr(live_url)}">{LIVE_LINK_TEXT}</a>')
    parts.append("</div>")
    return "".join(parts)


def meta_html(date: str) -> str:
    return f'<meta name="robots" content="noindex"><meta name="ArchiveDate" content="{date}">'


# --- where the banner goes ---------------------------------------------------------------

def banner_container(tree: LexborHTMLParser) -> LexborNode | None:
    """The element whose first child the banner becomes."""
    for sel in ("main", "#main-content", "#content"):
        node = tree.css_first(sel)
        if node is not None:
            return node
    return tree.body


def _find_start_tag(tokens: list[Tag], node: LexborNode, tree: LexborHTMLParser) -> Tag | None:
    """The source start tag of a parsed element (None if the parser implied it)."""
    name = node.tag
    node_id = node.attributes.get("id")
    if node_id is not None:
        for t in tokens:
            if not t.end_tag and t.name == name and t.get("id") == node_id:
                return t
        return None
    same = [t for t in tokens if not t.end_tag and t.name == name]
    if name in ("body", "head", "html"):
        return same[0] if same else None
    # the k-th element of that name in document order ↔ the k-th such start tag
    nodes = tree.css(name)
    for k, other in enumerate(nodes):
        if other.mem_id == node.mem_id:
            return same[k] if k < len(same) else None
    return None


def injector(date: str, reason: str | None, live_url: str | None,
             charset_fix: bool = False) -> Callable[[str, list[Tag], LexborHTMLParser], list[Edit] | None]:
    """Edits that add the banner and the archive meta tags to one page.

    ``charset_fix``: the page is being re-saved as UTF-8 (legacy import): every
    charset declaration is changed to utf-8, and one is added if there is none.
    """
    banner = banner_html(date, reason, live_url)

    def inject(src: str, tokens: list[Tag], tree: LexborHTMLParser, attempt: int = 0) -> list[Edit] | None:
        """attempt 0: right after the container's start tag; attempt 1: right
        before the start tag of the container's first element child (for pages
        where the parser opened the container before its tag in the source)."""
        edits: list[Edit] = []
        container = banner_container(tree)
        if container is None:
            return None
        start = _find_start_tag(tokens, container, tree)
        head = next((t for t in tokens if not t.end_tag and t.name == "head"), None)
        if start is None or head is None:
            return None
        if head.start > start.start:
            return None
        at_banner = start.end
        if attempt == 1:
            first = container.child
            while first is not None and not first.is_element_node:
                first = first.next
            first_tag = _find_start_tag(tokens, first, tree) if first is not None else None
            if first_tag is None:
                return None
            at_banner = first_tag.start
        elif attempt > 1:
            return None

        metas = []
        robots_done = archive_done = False
        charset_tag: Tag | None = None
        for t in tokens:
            if t.end_tag or t.name != "meta":
                continue
            name = (t.get("name") or "").lower()
            content = t.attr("content")
            if name == "robots":
                if content is None or "noindex" not in content.value.lower():
                    edits.append(attr_edit(content, "noindex") if content is not None and content.value_start is not None
                                 else Edit(t.end - 1, t.end - 1, ' content="noindex"'))
                robots_done = True
            elif name == "archivedate":
                if content is not None and content.value_start is not None:
                    if content.value != date:
                        edits.append(attr_edit(content, date))
                else:
                    edits.append(Edit(t.end - 1, t.end - 1, f' content="{date}"'))
                archive_done = True
            if t.attr("charset") is not None:
                charset_tag = charset_tag or t
                if charset_fix and t.get("charset", "").lower() not in ("utf-8", "utf8"):
                    edits.append(attr_edit(t.attr("charset"), "utf-8"))
            elif (t.get("http-equiv") or "").lower() == "content-type" and content is not None:
                charset_tag = charset_tag or t
                if charset_fix and content.value_start is not None:
                    new = re.sub(r"charset\s*=\s*[\"']?[\w.:-]+[\"']?", "charset=utf-8", content.value, flags=re.I)
                    if "charset" not in new.lower():
                        new = new.rstrip("; ") + "; charset=utf-8"
                    if new != content.value:
                        edits.append(attr_edit(content, new))
        if not robots_done:
            metas.append('<meta name="robots" content="noindex">')
        if not archive_done:
            metas.append(f'<meta name="ArchiveDate" content="{date}">')
        if charset_fix and charset_tag is None:
            metas.insert(0, '<meta charset="utf-8">')
        if metas:
            at = head.end
            if charset_tag is not None and head.start < charset_tag.start < min(start.start, at_banner):
                at = charset_tag.end
            edits.append(Edit(at, at, "".join(metas)))
        edits.append(Edit(at_banner, at_banner, banner))
        return edits

    return inject


def validator(date: str) -> Callable[[str], bool]:
    """Accepts a page whose banner, noindex and ArchiveDate are where ARC001 wants them."""
    return lambda html_text: not check_archived_page(html_text, date)


# --- ARC001: is the banner there? -----------------------------------------------------------

def check_archived_page(src: str | LexborHTMLParser, date: str | None = None,
                        snapshot: bool = True) -> list[str]:
    """Problems (Simplified Chinese) of an archived page against ARC001; empty = fine.

    ``date``: the expected archive date (None = any valid date).
    ``snapshot``: also require noindex and the banner at the top of the content
    container (whole-site snapshots). Usable by the linter's ARC001 rule.
    """
    tree = src if isinstance(src, LexborHTMLParser) else LexborHTMLParser(src)
    problems: list[str] = []
    banner = tree.css_first(".archive-banner")
    if banner is None:
        return ["归档页面缺少“已归档”标识（.archive-banner）"]
    text = banner.text(deep=True)
    if "已归档" not in text:
        problems.append("归档标识中缺少“已归档”字样")
    when = banner.attributes.get("data-archived") or ""
    time = banner.css_first("time")
    shown = time.attributes.get("datetime") if time is not None else None
    if "归档时间" not in text or time is None:
        problems.append("归档标识中缺少“归档时间”")
    elif not shown or not DATE_RE.match(shown):
        problems.append(f"归档时间格式应为 YYYY-MM-DD，当前为 {shown!r}")
    if not DATE_RE.match(when):
        problems.append(f"归档标识 data-archived 应为 YYYY-MM-DD，当前为 {when!r}")
    if date is not None and (when != date or (shown and shown != date)):
        problems.append(f"归档时间应为 {date}，页面上为 {shown or when}")
    if snapshot:
        container = banner_container(tree)
        first = None
        if container is not None:
            child = container.child
            while child is not None and not child.is_element_node:
                child = child.next
            first = child
        if first is None or first.mem_id != banner.mem_id:
            problems.append("归档标识不在正文顶部（应为 <main> 的第一个子元素）")
        robots = [m.attributes.get("content") or "" for m in tree.css('meta[name="robots" i]')]
        if not any("noindex" in r.lower() for r in robots):
            problems.append('归档页面缺少 <meta name="robots" content="noindex">')
        meta = tree.css_first('meta[name="ArchiveDate"]')
        value = meta.attributes.get("content") if meta is not None else None
        if value is None:
            problems.append("归档页面缺少网页标签 ArchiveDate")
        elif date is not None and value != date:
            problems.append(f"网页标签 ArchiveDate 应为 {date}，当前为 {value}")
    return problems
