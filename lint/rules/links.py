"""LNK: link availability (链接可用性) — links, images, attachments and #fragments.

One pass over the links every page left behind (``PageInfo.links``) serves the three
rules: each distinct (folder, URL) is resolved once (``ctx.resolve``) and looked up in
the set of published files (``ctx.files``), so checking costs a dictionary lookup per
link and no filesystem call. Only pages with a broken link are read again, to find the
line of the element.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lint.model import ERROR, WARNING
from lint.page import mask
from lint.registry import rule

SRC = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）附件1 可用性（链接可用性）"
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".zip", ".txt", ".ppt", ".pptx", ".wps", ".ofd",
                  ".rar", ".7z", ".et", ".dps")
PAGE_TAGS = ("a", "area")
HTML_EXT = (".html", ".htm")
_MISSING = object()


@dataclass
class Broken:
    rule: str
    page: str
    url: str
    origin: str
    message: str
    extra: dict


def _is_attachment(path: str) -> bool:
    return path.lower().endswith(ATTACHMENT_EXT)


def _fragment_ok(fragment: str, ids: set[str]) -> bool:
    if not fragment or fragment == "top" or fragment.startswith((":~:", "!", "/")):
        return True
    return fragment in ids or unquote(fragment) in ids


def _verdict(ctx, sid: str, ids: dict[str, set[str]], page: str, url: str, tag: str):
    """What is wrong with ``url`` (as found in ``<tag>`` on ``page``): None, or (rule, message, extra).
    Depends only on the page's folder (the page itself for ``?query`` URLs), the URL and the tag, so
    callers cache it."""
    target = ctx.resolve(page, url)
    if target is None:
        return None
    tsite, tpath, frag = target
    page_link = tag in PAGE_TAGS and not _is_attachment(tpath)
    rid = "LNK001" if page_link else "LNK002"
    if tpath.startswith("\x00outside:"):
        return rid, f"链接 {url} 指向站点目录之外", {"target": None}
    files = ctx.files.get(tsite)
    if not files:
        return None  # another site of the platform that is neither in this run nor published yet
    if tpath not in files:
        where = tpath if tsite == sid else f"站点 {tsite} 的 {tpath}"
        if page_link:
            msg = f"链接 {url} 的目标页面不存在（{where}）"
        elif tag in PAGE_TAGS:
            msg = f"附件 {url} 不存在（{where}）"
        elif tag == "img":
            msg = f"图片 {url} 不存在（{where}）"
        else:
            msg = f"<{tag}> 引用的文件 {url} 不存在（{where}）"
        return rid, msg, {"target": tpath, "target_site": tsite}
    if frag and tsite == sid and tpath in ids and not _fragment_ok(frag, ids[tpath]):
        return "LNK003", f"链接 {url} 的锚点 #{frag} 在目标页面 {tpath} 中不存在", {"target": tpath, "fragment": frag}
    return None


def _analyse(site, ctx) -> list[Broken]:
    cached = getattr(site, "_jiyue_links", None)
    if cached is not None:
        return cached
    sid = site.target.site_id
    ids = {p.path: p.ids for p in site.pages if p.path.lower().endswith(HTML_EXT)}
    verdicts: dict[tuple[str, str, str], tuple | None] = {}
    broken: list[Broken] = []
    for p in site.pages:
        folder = posixpath.dirname(p.path)
        for link in p.links:
            url = link.url
            if link.tag == "form":
                continue  # a form posts to a server endpoint, not to a published file
            if url[0] == "#":  # same page: only the fragment can be wrong
                if not _fragment_ok(url[1:], p.ids):
                    broken.append(Broken("LNK003", p.path, url, link.origin, f"页内锚点 {url} 在本页不存在",
                                         {"fragment": url[1:]}))
                continue
            key = (p.path if url[0] == "?" else folder, url, link.tag)  # "?q" targets the page itself
            try:
                verdict = verdicts[key]
            except KeyError:
                verdict = verdicts[key] = _verdict(ctx, sid, ids, p.path, url, link.tag)
            if verdict is not None:
                broken.append(Broken(verdict[0], p.path, url, link.origin, verdict[1], verdict[2]))
    site._jiyue_links = broken
    return broken


ATTR_VALUE_RE = re.compile(r"""=[ \t\r\n]{0,16}(?:"([^"<>]{0,4096})"|'([^'<>]{0,4096})'|([^\s"'<>=`]{1,4096}))""")


def _lines(site, page: str, urls: list[str]) -> list[int | None]:
    """The line of each link (in order of appearance for repeated URLs) in the page's HTML:
    one linear pass over every attribute value, then a dictionary lookup per link."""
    import bisect
    import html as htmllib

    try:
        raw = (site.target.out_dir / page).read_bytes()
    except OSError:
        return [None] * len(urls)
    text = mask(raw.decode("utf-8", errors="replace"), ("<!--",))
    positions: dict[str, list[int]] = {}
    for m in ATTR_VALUE_RE.finditer(text):
        group = 1 if m.group(1) is not None else (2 if m.group(2) is not None else 3)
        value, start = m.group(group), m.start(group)
        offset = 0
        for part in value.split(","):
            token = part.strip().split(" ")[0] if "," in value else part.strip()
            pos = start + offset + (len(part) - len(part.lstrip()))
            offset += len(part) + 1
            for key in {token, htmllib.unescape(token)}:
                if key:
                    positions.setdefault(key, []).append(pos)
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    used: dict[str, int] = {}
    out = []
    for url in urls:
        n = used.get(url, 0)
        used[url] = n + 1
        found = positions.get(url, [])
        pos = found[n] if n < len(found) else (found[-1] if found else None)
        out.append(bisect.bisect_right(line_starts, pos) if pos is not None else None)
    return out


def _hits(site, ctx, rule_id: str):
    broken = _analyse(site, ctx)
    by_page: dict[str, list[Broken]] = getattr(site, "_jiyue_links_by_page", None)
    if by_page is None:
        by_page = {}
        for b in broken:
            by_page.setdefault(b.page, []).append(b)
        site._jiyue_links_by_page = by_page
        site._jiyue_links_lines = {}
    line_cache: dict[int, int | None] = site._jiyue_links_lines
    for page, items in by_page.items():
        if not any(b.rule == rule_id for b in items):
            continue
        if id(items[0]) not in line_cache:
            line_cache.update(zip(map(id, items), _lines(site, page, [b.url for b in items])))
        for b in items:
            if b.rule == rule_id:
                anchor = _anchor(site, page, b.url) if b.origin == "content" else b.url
                yield site.hit(b.message, page=page, line=line_cache.get(id(b)), origin=b.origin, anchor=anchor,
                               url=b.url, **b.extra)


def _anchor(site, page: str, url: str) -> str:
    """The text by which the engine finds the link's line in the Markdown source: the URL as written,
    else (Pelican's ``{static}``/``{filename}`` forms, encoded names) its path without the leading
    ``../``, decoded, or its file name."""
    info = site.target.manifest.get(page) or {}
    if site.target.src_dir is None or not info.get("source"):
        return url
    texts = site.__dict__.setdefault("_jiyue_md_texts", {})
    if info["source"] not in texts:
        try:
            texts[info["source"]] = (site.target.src_dir / info["source"]).read_text(encoding="utf-8", errors="replace")
        except OSError:
            texts[info["source"]] = ""
    text = texts[info["source"]]
    bare = url.split("#", 1)[0].split("?", 1)[0]
    tail = re.sub(r"^(?:\.\./|\./|/)+", "", bare)
    for candidate in (url, bare, unquote(bare), tail, unquote(tail), posixpath.basename(tail),
                      unquote(posixpath.basename(tail))):
        if candidate and candidate in text:
            return candidate
    return url


@rule(id="LNK001", title="站内链接可以访问", severity=ERROR, tags=("lnk", "links"), source=SRC, scope="site")
def internal_links(site, ctx):
    """## What it does
    Checks every ``<a href>`` and ``<area href>`` that stays inside the platform — a relative URL, a
    site-absolute ``/path``, or an ``https://`` URL on the domain of any site of the platform — against the
    published files: the target page must exist (``folder/`` means ``folder/index.html``; percent-encoded
    paths are decoded; the query is ignored). A relative link that climbs out of the site (``../../x``) is
    broken too. Links to attachments are LNK002's, ``#fragments`` LNK003's; external hosts, ``mailto:``,
    ``tel:`` and ``javascript:`` are not followed. A link to another site of the platform is checked when that
    site is part of the run (or published beside it). The finding is on the link's line; a link written in
    Markdown names the Markdown file.

    ## Why it matters
    宿迁 附件1 (可用性) deducts points for every link of the home page and other pages that cannot be opened;
    broken links are the first thing the national monitoring robots count.

    ## Example
    ```html
    <a href="../zwdt/2026-11-01-hy.html">会议报道</a>   <!-- the article was renamed → LNK001 -->
    ```
    """
    yield from _hits(site, ctx, "LNK001")


@rule(id="LNK002", title="图片和附件可以访问", severity=ERROR, tags=("lnk", "links", "attachments"), source=SRC,
      scope="site")
def resources(site, ctx):
    """## What it does
    Checks every resource a page loads or offers inside the platform — ``img`` (and ``srcset``), ``link href``,
    ``script src``, ``iframe``, ``source``, ``video``, ``audio``, ``embed``, ``object data`` — and every ``<a>``
    to an attachment (.pdf .doc .docx .xls .xlsx .csv .zip .txt .ppt .pptx .wps .ofd .rar .7z .et .dps): the
    file must be published. Paths are resolved as LNK001 does (percent-encoding decoded, ``../../x`` out of the
    site is broken).

    ## Why it matters
    宿迁 附件1 (可用性) counts unavailable downloads and images; 19号文 (服务不实用) counts 办事表格 and attachments
    that cannot be downloaded.

    ## Example
    ```markdown
    [申请表](../files/申请表.docx)   <!-- files/申请表.docx was never added → LNK002 -->
    ```
    """
    yield from _hits(site, ctx, "LNK002")


@rule(id="LNK003", title="链接锚点存在", severity=WARNING, tags=("lnk", "links"), source=SRC, scope="site")
def fragments(site, ctx):
    """## What it does
    Checks that the ``#fragment`` of a link names an element of its target page (an ``id``, or an ``<a
    name>``): on the same page (``#sec2``) or on another page of the site (``../zcwj/a.html#art3``). ``#``,
    ``#top``, text fragments (``#:~:text=``) and router-style fragments (``#/…``, ``#!…``) are accepted; the
    fragments of attachments and of other sites are not checked.

    ## Why it matters
    A fragment that no longer exists drops the reader at the top of a long document instead of the article
    or paragraph cited (宿迁 附件1 可用性).

    ## Example
    ```html
    <a href="../zcwj/a.html#art3">第三条</a>   <!-- zcwj/a.html has no id="art3" → LNK003 -->
    ```
    """
    yield from _hits(site, ctx, "LNK003")
