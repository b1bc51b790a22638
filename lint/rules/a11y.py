"""A11Y: static accessibility checks (GB/T 37668-2019, mapped to WCAG 2.x).

GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》 takes its technical
requirements from WCAG 2.0 (可感知、可操作、可理解、兼容); each rule below names the WCAG success
criterion it checks so a finding can be traced to both. 2022年宿迁市政府网站工作要点 任务4
(seed 003) requires government sites to be retrofitted to this standard.

These checks read the HTML only (no CSS, no script): what needs computed styles — contrast,
target size, reflow — is measured in the browser by ``invoke audit`` (axe-core, ELD rules).
Elements hidden from everyone (``hidden``, ``aria-hidden="true"``, inline ``display:none``)
are skipped. A finding on an element inside the article body (``.article-body``) is reported
against the Markdown source, one on the theme against its template.
"""

from __future__ import annotations

import re

from lint.memo import per_text
from lint.model import ERROR, WARNING
from lint.registry import rule

GBT = "GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》"
SQ2022 = "2022年宿迁市政府网站工作要点 任务4"


def _src(wcag: str) -> str:
    return f"{GBT}（对应 WCAG 2.x {wcag}）; {SQ2022}"


ZH_LANG_RE = re.compile(r"^zh(-(cn|hans)(-cn)?)?$", re.I)
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
VAGUE = {"更多", "点击这里", "点击此处", "这里", "此处", "详情", "详细", "查看详情", "查看更多", "more", "clickhere",
         "here", "readmore", "点击", "链接"}
VAGUE_STRIP_RE = re.compile(r"[\s>»＞>+＋.…。·:：\[\]【】()（）<《》«\-_/|]+")
NO_LABEL_INPUT_TYPES = {"hidden", "submit", "reset", "button", "image"}
BUTTON_INPUT_TYPES = {"button", "submit", "reset"}
CONTROL_TAGS = {"input", "select", "textarea", "button"}
WS_RE = re.compile(r"\s+")
VIEWPORT_SPLIT_RE = re.compile(r"[,;]")
REFRESH_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:[;,]\s*(?:url\s*=\s*)?(\S.*))?$", re.I)


# ---------------------------------------------------------------------------------------------
# helpers

def _attr(node, name: str) -> str | None:
    value = node.attributes.get(name)
    return value if value is not None else None


def unique(nodes) -> list:
    """Nodes in document order, once each (lexbor returns an element once per selector of a
    selector list that it matches)."""
    seen, out = set(), []
    for n in nodes:
        if n.mem_id not in seen:
            seen.add(n.mem_id)
            out.append(n)
    return out


def _hidden(node, page=None) -> bool:
    """Hidden from everyone: the element or an ancestor has ``hidden``, aria-hidden="true" or
    an inline display:none / visibility:hidden. With ``page``, the answer for every element on
    the way up is remembered on the page, so elements with common ancestors share the walk."""
    memo = page.__dict__.setdefault("_a11y_hidden", {}) if page is not None else {}
    seen = []
    hidden = False
    cur = node
    while cur is not None and cur.tag not in ("html", "-document", None):
        known = memo.get(cur.mem_id)
        if known is not None:
            hidden = known
            break
        seen.append(cur.mem_id)
        attrs = cur.attributes
        if "hidden" in attrs or (attrs.get("aria-hidden") or "").strip().lower() == "true":
            hidden = True
            break
        style = attrs.get("style")
        if style and HIDDEN_STYLE_RE.search(style):
            hidden = True
            break
        if cur.tag == "template":
            hidden = True
            break
        cur = cur.parent
    for mem_id in seen:
        memo[mem_id] = hidden
    return hidden


def _ids(page) -> dict[str, object]:
    cached = getattr(page, "_a11y_ids", None)
    if cached is None:
        cached = {}
        for node, value in page.id_list:
            cached.setdefault(value, node)
        page._a11y_ids = cached
    return cached


def _labels_for(page) -> dict[str, list]:
    cached = getattr(page, "_a11y_labels", None)
    if cached is None:
        cached = {}
        for node in page.css("label[for]"):
            cached.setdefault((node.attributes.get("for") or "").strip(), []).append(node)
        page._a11y_labels = cached
    return cached


def _norm(text: str | None) -> str:
    if not text:
        return ""
    return WS_RE.sub(" ", text.replace("\u3000", " ")).strip()


def _subtree_text(node, *, skip_controls: bool = False) -> str:
    """Text an assistive technology reads from a subtree: text nodes, img/area alt,
    aria-label of descendants; hidden descendants skipped."""
    parts: list[str] = []

    def walk(n):
        for child in n.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
                continue
            if tag in ("-comment", "script", "style", "template", "noscript"):
                continue
            attrs = child.attributes
            if "hidden" in attrs or (attrs.get("aria-hidden") or "").strip().lower() == "true":
                continue
            style = attrs.get("style")
            if style and HIDDEN_STYLE_RE.search(style):
                continue
            if skip_controls and tag in CONTROL_TAGS:
                continue
            label = (attrs.get("aria-label") or "").strip()
            if label:
                parts.append(" " + label + " ")
                continue
            if tag in ("img", "area") or (tag == "input" and (attrs.get("type") or "").lower() == "image"):
                parts.append(" " + (attrs.get("alt") or "") + " ")
                continue
            if tag == "svg":
                title = child.css_first("title")
                if title is not None:
                    parts.append(" " + title.text() + " ")
                continue
            walk(child)

    walk(node)
    return _norm("".join(parts))


def _labelledby(page, node) -> str | None:
    """Text of the aria-labelledby targets; None when the attribute is absent."""
    value = node.attributes.get("aria-labelledby")
    if value is None:
        return None
    ids = _ids(page)
    texts = []
    for ref in value.split():
        target = ids.get(ref)
        if target is not None:
            texts.append(_subtree_text(target))
    return _norm(" ".join(texts))


def accessible_name(page, node) -> str:
    """A simplified accessible-name computation (accname 1.2 order): aria-labelledby,
    aria-label, the element's own alternative (alt, value), its content, then title."""
    name = _labelledby(page, node)
    if name:
        return name
    label = _norm(node.attributes.get("aria-label"))
    if label:
        return label
    tag = node.tag
    attrs = node.attributes
    if tag == "input":
        itype = (attrs.get("type") or "text").lower()
        if itype == "image":
            alt = _norm(attrs.get("alt"))
            if alt:
                return alt
        elif itype in BUTTON_INPUT_TYPES:
            value = attrs.get("value")
            if value is not None and _norm(value):
                return _norm(value)
            if itype == "submit" and value is None:
                return "提交"  # the browser's default label
            if itype == "reset" and value is None:
                return "重置"
    elif tag in ("img", "area"):
        alt = _norm(attrs.get("alt"))
        if alt:
            return alt
    else:
        text = _subtree_text(node)
        if text:
            return text
    if tag in ("button",) or (tag == "input" and (attrs.get("type") or "").lower() in BUTTON_INPUT_TYPES):
        text = _label_text(page, node)
        if text:
            return text
    return _norm(attrs.get("title"))


def _label_text(page, node) -> str:
    """Text of the control's <label for=id> (visible) or of the <label> around it."""
    cid = (node.attributes.get("id") or "").strip()
    if cid:
        for lab in _labels_for(page).get(cid, []):
            text = _subtree_text(lab, skip_controls=True)
            if text and not _hidden(lab, page):
                return text
    anc = _ancestor(node, "label")
    return _subtree_text(anc, skip_controls=True) if anc is not None else ""


def _ancestor(node, tag: str):
    cur = node.parent
    while cur is not None:
        if cur.tag == tag:
            return cur
        cur = cur.parent
    return None


def _anchor(node) -> str | None:
    """Something of the element likely to appear in the Markdown source (for the source line):
    a media element's file name, else the element's text, else its link target."""
    keys = ("src",) if node.tag in ("img", "area", "input", "video", "audio", "embed", "bgsound") else ()
    for key in keys:
        value = (node.attributes.get(key) or "").strip()
        if value:
            return value.rsplit("/", 1)[-1] or value
    text = node.text(strip=True)
    if text:
        return text[:40]
    value = (node.attributes.get("href") or "").strip()
    if value and not value.startswith("#"):
        return value.rsplit("/", 1)[-1] or value
    return None


# ---------------------------------------------------------------------------------------------
# rules

@rule(id="A11Y001", title="<html lang> 为简体中文（zh、zh-CN、zh-Hans）", severity=ERROR, tags=("a11y", "wcag311"),
      source=_src("3.1.1 页面语言"))
def html_lang(page, ctx):
    """## What it does
    Checks that the ``<html>`` element declares the page language as Simplified Chinese:
    ``lang="zh"``, ``"zh-CN"`` or ``"zh-Hans"`` (case-insensitive; ``zh-Hans-CN`` too).

    ## Why it matters
    Screen readers pick the speech engine from ``lang``; a Chinese page marked ``en`` (a common
    template default) or not marked at all is read out letter by letter. GB/T 37668-2019 takes
    this requirement from WCAG 2.x success criterion 3.1.1 (页面语言, level A).

    ## Example
    ```html
    <html lang="en">
    ```
    Use instead: ``<html lang="zh-CN">``.
    """
    node = page.css_first("html")
    if node is None:
        return
    lang = node.attributes.get("lang")
    if lang is None or not lang.strip():
        yield page.hit(node, "<html> 缺少 lang 属性，应为 lang=\"zh-CN\"", problem="missing")
    elif not ZH_LANG_RE.match(lang.strip()):
        yield page.hit(node, f"<html lang=\"{lang}\"> 不是简体中文，应为 zh-CN", problem="wrong", lang=lang)


@rule(id="A11Y002", title="页面有非空 <title>，内容页的 <title> 含文章标题", severity=ERROR,
      tags=("a11y", "wcag242"), source=_src("2.4.2 网页标题"))
def page_title(page, ctx):
    """## What it does
    Checks that the page has a non-empty ``<title>``; on content pages the title must contain the
    article title (``ArticleTitle``, else the ``<h1>``), whitespace ignored.

    ## Why it matters
    The title is the first thing a screen reader announces and what browser tabs, bookmarks and
    search results show. A content page titled only with the site name cannot be told apart
    from the others (WCAG 2.x 2.4.2 网页标题, level A).

    ## Example
    ```html
    <title>江南市人民政府</title>   <!-- on the page of one notice -->
    ```
    Use instead: ``<title>关于…的通知 - 江南市人民政府</title>``.
    """
    node = page.css_first("title")
    text = _norm(node.text()) if node is not None else ""
    if node is None:
        yield page.hit(page.css_first("head") or page.css_first("html"), "页面缺少 <title>", problem="missing")
        return
    if not text:
        yield page.hit(node, "页面的 <title> 为空", problem="empty")
        return
    if page.type != "content":
        return
    article = page.meta("ArticleTitle")
    if not article:
        h1 = page.css_first("h1")
        article = h1.text() if h1 is not None else ""
    squeeze = lambda s: WS_RE.sub("", (s or "").replace("\u3000", ""))  # noqa: E731
    if squeeze(article) and squeeze(article) not in squeeze(text):
        yield page.hit(node, f"内容页的 <title>“{text}”不含文章标题“{_norm(article)}”", problem="no-article-title")


@rule(id="A11Y003", title="图片、图片按钮和图像映射区域有 alt 替代文本", severity=ERROR,
      tags=("a11y", "wcag111", "content"), source=_src("1.1.1 非文本内容"))
def image_alt(page, ctx):
    """## What it does
    Reports ``<img>`` without an ``alt`` attribute (an ARIA label or ``role="presentation"``/``none``
    counts), ``<input type="image">`` and ``<area href>`` without a non-empty ``alt``, and — inside
    the article content (``.article-body``, i.e. what the editor wrote in Markdown) — an image
    whose ``alt`` is empty: content images carry information and are never decoration;
    decorative images belong to the theme, where ``alt=""`` is right. Hidden images and 1×1
    tracking pixels are skipped.

    ## Why it matters
    Blind visitors hear nothing (or the file name) for an image without alternative text; for an
    image button they cannot tell what it does. WCAG 2.x 1.1.1 非文本内容 (level A), adopted by
    GB/T 37668-2019.

    ## Example
    ```markdown
    ![](../files/gzf-tujie.svg)
    ```
    Use instead: ``![图解：保障性租赁住房申请流程](../files/gzf-tujie.svg)``.
    """
    for node in page.css("img, input, area"):
        tag = node.tag
        attrs = node.attributes
        if tag == "input" and (attrs.get("type") or "").strip().lower() != "image":
            continue
        if tag == "area" and "href" not in attrs:
            continue
        alt = attrs.get("alt")
        if alt and alt.strip():
            continue  # the common case: a real alternative text, nothing to report
        if _hidden(node, page):
            continue
        aria = _norm(attrs.get("aria-label")) or _labelledby(page, node)
        role = (attrs.get("role") or "").strip().lower()
        in_content = page.in_content(node)
        anchor = _anchor(node)
        if tag == "img":
            if attrs.get("width") in ("0", "1") and attrs.get("height") in ("0", "1"):
                continue  # tracking pixel
            if alt is None:
                if aria or _norm(attrs.get("title")):
                    continue
                if role in ("presentation", "none") and not in_content:
                    continue
                where = "正文图片" if in_content else "图片"
                yield page.hit(node, f"{where}缺少 alt 替代文本：{attrs.get('src') or ''}".rstrip("："),
                               problem="missing", anchor=anchor)
            elif not alt.strip() and in_content and not aria:
                yield page.hit(node, f"正文图片的 alt 为空：正文中的图片承载信息，不是装饰，应写明图片内容"
                                     f"（{attrs.get('src') or ''}）", problem="empty", anchor=anchor)
            elif alt and not alt.strip() and not aria:
                yield page.hit(node, f"图片的 alt 只有空白：装饰图片用 alt=\"\"，否则写明图片内容"
                                     f"（{attrs.get('src') or ''}）", problem="blank", anchor=anchor)
        else:
            if (alt and alt.strip()) or aria or _norm(attrs.get("title")):
                continue
            if tag == "input" and _label_text(page, node):
                continue
            what = "图片按钮 <input type=\"image\">" if tag == "input" else "图像映射区域 <area>"
            yield page.hit(node, f"{what}缺少 alt 替代文本", problem="missing" if alt is None else "empty",
                           anchor=anchor)


# Markup of links found named (not vaguely) on earlier pages. The name of an element that is not
# a <button> or <input> (whose name may come from a <label> elsewhere) and has no aria-labelledby
# comes from its own markup alone: the same markup is named wherever it appears (menus, footers).
_NAMED: set[str] = set()


@rule(id="A11Y004", title="链接和按钮有可访问名称；不用孤立的“更多”“点击这里”", severity=ERROR,
      tags=("a11y", "wcag244", "wcag412", "content"), source=_src("2.4.4 链接目的、4.1.2 名称、角色和值"))
def link_button_name(page, ctx):
    """## What it does
    Computes the accessible name of every link (``<a href>``, ``role="link"``) and button
    (``<button>``, ``<input type="button|submit|reset">``, ``role="button"``) from its text,
    ``aria-label``, ``aria-labelledby``, the ``alt`` of an image inside it, its ``value`` and its
    ``title``. An element without a name is an error. A name that is only 更多、点击这里、点击此处、
    详情、more (ignoring arrows like ``>>``) is a warning unless a ``title`` or ``aria-label`` says
    more.

    ## Why it matters
    Screen-reader users move from link to link; an icon link without a name is read as its URL,
    and ten links called 更多 are indistinguishable. WCAG 2.x 2.4.4 链接目的 and 4.1.2 名称、角色和值
    (level A), adopted by GB/T 37668-2019.

    ## Example
    ```html
    <a href="zwdt/index.html"><i class="icon-more"></i></a>
    <a href="tzgg/index.html">更多&gt;&gt;</a>
    ```
    Use instead: ``<a href="tzgg/index.html" aria-label="更多通知公告">更多&gt;&gt;</a>``.
    """
    seen = set()  # lexbor lists an element once per selector it matches: look at it once
    for node in page.css("a[href], button, input, [role=button], [role=link]"):
        markup = node.html
        if markup in _NAMED:
            continue
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        tag = node.tag
        attrs = node.attributes
        if tag == "input" and (attrs.get("type") or "").strip().lower() not in BUTTON_INPUT_TYPES:
            continue
        role = (attrs.get("role") or "").strip().lower()
        if tag == "button" and "disabled" in attrs and role in ("presentation", "none"):
            continue
        kind = "按钮" if tag in ("button", "input") or role == "button" else "链接"
        name = accessible_name(page, node)
        if name and VAGUE_STRIP_RE.sub("", name).lower() not in VAGUE:
            # only the theme's links repeat from page to page: an article's own are not kept
            if tag not in ("button", "input") and "aria-labelledby" not in attrs and len(markup) <= 2000 \
                    and not page.in_content(node):
                if len(_NAMED) >= 5000:
                    _NAMED.clear()
                _NAMED.add(markup)
            continue  # the common case: named; hidden or not, nothing to report
        if _hidden(node, page):
            continue
        anchor = _anchor(node)
        if not name:
            href = attrs.get("href")
            detail = f"（{href}）" if href else ""
            yield page.hit(node, f"{kind}没有可访问名称{detail}：请写明文字、aria-label 或图片 alt",
                           problem="no-name", anchor=anchor)
            continue
        bare = VAGUE_STRIP_RE.sub("", name).lower()
        if bare in VAGUE:
            extra = _norm(attrs.get("title")) or _norm(attrs.get("aria-label")) or _labelledby(page, node)
            if extra and VAGUE_STRIP_RE.sub("", extra).lower() not in VAGUE:
                continue
            h = page.hit(node, f"{kind}名称“{name}”不能说明目的：请写明“更多×××”或加 aria-label",
                         problem="vague", anchor=anchor)
            h.severity = WARNING
            yield h


@rule(id="A11Y005", title="表单控件有标签", severity=ERROR, tags=("a11y", "wcag131", "wcag332", "form"),
      source=_src("1.3.1 信息和关系、3.3.2 标签或说明"))
def form_labels(page, ctx):
    """## What it does
    Checks that every visible form control — ``<input>`` (except hidden, button, submit, reset,
    image), ``<select>``, ``<textarea>`` — has a label: a ``<label for=id>`` or an enclosing
    ``<label>`` with text, ``aria-label``, ``aria-labelledby``, ``title`` or ``placeholder``.

    ## Why it matters
    A search box or 留言 form field without a label is announced only as "编辑文本"; the visitor
    cannot know what to enter. WCAG 2.x 1.3.1 信息和关系 and 3.3.2 标签或说明 (level A), adopted
    by GB/T 37668-2019.

    ## Example
    ```html
    <input type="text" name="q"> <button>搜索</button>
    ```
    Use instead: ``<label for="q">站内搜索</label><input id="q" type="text" name="q">``.
    """
    for node in page.css("input, select, textarea"):
        attrs = node.attributes
        if node.tag == "input" and (attrs.get("type") or "text").strip().lower() in NO_LABEL_INPUT_TYPES:
            continue
        role = (attrs.get("role") or "").strip().lower()
        if role in ("presentation", "none") and "disabled" in attrs:
            continue
        if _hidden(node, page):
            continue
        if _labelledby(page, node) or _norm(attrs.get("aria-label")):
            continue
        if _label_text(page, node):
            continue
        if _norm(attrs.get("title")) or _norm(attrs.get("placeholder")):
            continue
        what = {"select": "下拉框 <select>", "textarea": "文本框 <textarea>"}.get(
            node.tag, f"输入框 <input type=\"{(attrs.get('type') or 'text').lower()}\">")
        nm = attrs.get("name")
        yield page.hit(node, f"{what}{f'（name={nm}）' if nm else ''}没有标签：请用 <label for> 或 aria-label",
                       problem="no-label", anchor=nm)


@rule(id="A11Y006", title="页面有且只有一个 h1，标题层级不跳级", severity=WARNING,
      tags=("a11y", "wcag131", "content"), source=_src("1.3.1 信息和关系"))
def headings(page, ctx):
    """## What it does
    Checks the heading outline: exactly one visible ``<h1>`` per page, and no heading more than
    one level below the heading before it (``h2`` → ``h4`` skips ``h3``). Going back up any
    number of levels is fine.

    ## Why it matters
    Screen-reader users navigate by headings; a missing ``h1`` or a jump from 一级 to 三级 breaks
    the outline they rely on. In Markdown, ``###`` right after the page title is the usual cause.
    WCAG 2.x 1.3.1 信息和关系, adopted by GB/T 37668-2019.

    ## Example
    ```markdown
    Title: 关于…的通知

    ### 一、总体要求
    ```
    Use instead: ``## 一、总体要求`` (the page title is the ``h1``).
    """
    nodes = [n for n in page.css("h1, h2, h3, h4, h5, h6") if not _hidden(n, page)]
    h1s = [n for n in nodes if n.tag == "h1"]
    if not h1s:
        yield page.hit(page.body or page.css_first("html"), "页面没有一级标题 <h1>", problem="no-h1")
    for extra in h1s[1:]:
        yield page.hit(extra, f"页面有 {len(h1s)} 个一级标题 <h1>，应只有一个", problem="many-h1",
                       anchor=extra.text(strip=True)[:40] or None)
    prev = None
    for node in nodes:
        level = int(node.tag[1])
        if prev is not None and level > prev + 1:
            text = _norm(node.text())
            yield page.hit(node, f"标题层级跳级：h{prev} 之后是 h{level}（“{text[:30]}”），应为 h{prev + 1}",
                           problem="skip", anchor=text[:40] or None)
        prev = level


@per_text(maxsize=256)
def _viewport_problems(content: str) -> tuple[str, ...]:
    props = {}
    for part in VIEWPORT_SPLIT_RE.split(content or ""):
        if "=" in part:
            key, value = part.split("=", 1)
            props[key.strip().lower()] = value.strip().strip("'\"").lower()
    found = []
    if props.get("user-scalable") in ("no", "0"):
        found.append(f"user-scalable={props['user-scalable']}")
    if "maximum-scale" in props:
        try:
            if float(props["maximum-scale"]) < 2:
                found.append(f"maximum-scale={props['maximum-scale']}")
        except ValueError:
            pass
    return tuple(found)


@rule(id="A11Y007", title="viewport 不禁止缩放", severity=ERROR, tags=("a11y", "wcag144", "elderly"),
      source=_src("1.4.4 调整文字大小") + "; 《互联网网站适老化通用设计规范》")
def viewport_zoom(page, ctx):
    """## What it does
    Reads ``<meta name="viewport">`` and reports ``user-scalable=no`` (or ``0``) and a
    ``maximum-scale`` below 2.

    ## Why it matters
    Older and low-vision visitors enlarge pages with pinch-zoom; a viewport that forbids it
    locks them out on phones. WCAG 2.x 1.4.4 调整文字大小 requires 200% zoom; the 适老化 design
    specification asks for the same.

    ## Example
    ```html
    <meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
    ```
    Use instead: ``<meta name="viewport" content="width=device-width, initial-scale=1">``.
    """
    for node, attrs in page.elements("meta"):
        if "name" not in attrs or (attrs["name"] or "").strip().lower() != "viewport":
            continue
        problems = _viewport_problems(attrs.get("content") or "")
        if problems:
            yield page.hit(node, f"viewport 禁止或限制了缩放（{'，'.join(problems)}），应允许至少 200% 缩放",
                           problem="zoom")


@rule(id="A11Y008", title="无自动播放且无控件的音视频、无滚动字幕和闪烁、无 meta 自动刷新", severity=ERROR,
      tags=("a11y", "wcag142", "wcag221", "wcag222", "content"), source=_src("1.4.2 音频控制、2.2.1 时间可调、2.2.2 暂停、停止、隐藏"))
def no_moving_or_auto(page, ctx):
    """## What it does
    Reports ``<video autoplay>`` / ``<audio autoplay>`` without ``controls``, background music
    (``<bgsound>``, ``<embed autostart="true">``), ``<marquee>`` and ``<blink>`` (scrolling
    notices and flashing text), and ``<meta http-equiv="refresh">`` with a delay (an immediate
    redirect, delay 0 with a URL, is allowed).

    ## Why it matters
    Sound that starts by itself drowns the screen reader; scrolling 通知公告 cannot be read by
    visitors who read slowly and cannot be paused; a page that reloads itself loses their place.
    WCAG 2.x 1.4.2 音频控制, 2.2.1 时间可调 and 2.2.2 暂停、停止、隐藏 (level A).

    ## Example
    ```html
    <marquee direction="up">关于…的通知</marquee>
    <meta http-equiv="refresh" content="300">
    ```
    Use instead: a static list of the latest notices; no automatic refresh.
    """
    for node in page.css("video[autoplay], audio[autoplay]"):
        if "controls" not in node.attributes:
            yield page.hit(node, f"<{node.tag}> 自动播放且没有播放控件（controls），访问者无法暂停或静音",
                           problem="autoplay", anchor=_anchor(node))
    for node in page.css("bgsound, embed"):
        if node.tag == "embed" and (node.attributes.get("autostart") or node.attributes.get("autoplay") or "") \
                .strip().lower() not in ("true", "1", "yes"):
            continue
        yield page.hit(node, f"<{node.tag}> 自动播放背景声音，访问者无法关闭", problem="autoplay",
                       anchor=_anchor(node))
    for node in page.css("marquee, blink"):
        what = "滚动字幕 <marquee>" if node.tag == "marquee" else "闪烁文字 <blink>"
        yield page.hit(node, f"{what}无法暂停或停止，请改为静态内容", problem=node.tag,
                       anchor=_norm(node.text())[:40] or None)
    for node in page.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        content = (node.attributes.get("content") or "").strip()
        m = REFRESH_RE.match(content)
        delay = float(m.group(1)) if m else None
        has_url = bool(m and m.group(2))
        if delay == 0 and has_url:
            continue  # an immediate redirect
        yield page.hit(node, f"<meta http-equiv=\"refresh\" content=\"{content}\"> 会定时刷新或跳转页面",
                       problem="refresh")


@rule(id="A11Y009", title="有跳到主要内容的链接和 main 主体区域", severity=WARNING, tags=("a11y", "wcag241"),
      source=_src("2.4.1 绕过块"))
def bypass_blocks(page, ctx):
    """## What it does
    Checks that the page has a main landmark (``<main>`` or ``role="main"``) and, among its first
    links, a skip link (``<a href="#…">``) whose target is the main content (the main landmark,
    inside it or around it).

    ## Why it matters
    Government pages open with long headers and navigation; keyboard and screen-reader users must
    be able to jump past them on every page. WCAG 2.x 2.4.1 绕过块 (level A).

    ## Example
    ```html
    <body><div class="top">…80 个导航链接…</div><div class="content">正文</div>
    ```
    Use instead: ``<a class="skip-link" href="#main-content">跳到主要内容</a>`` … ``<main id="main-content">``.
    """
    body = page.body
    if body is None:
        return
    main = page.css_first("main, [role=main]")
    if main is None:
        yield page.hit(body, "页面没有主要内容区域（<main> 或 role=\"main\"）", problem="no-main")
    ids = _ids(page)
    links = page.css("a[href]")[:5]  # = body.css("a[href]"): every link of a page is in its body
    for link in links:
        href = (link.attributes.get("href") or "").strip()
        if not href.startswith("#") or len(href) < 2:
            continue
        target = ids.get(href[1:])
        if target is None:
            named = page.css(f'a[name="{href[1:]}"]') if re.fullmatch(r"[\w\-.:]+", href[1:]) else []
            target = named[0] if named else None
        if target is None:
            continue
        if main is None or _related(target, main):
            return
    yield page.hit(body, "页面开头没有“跳到主要内容”链接（指向 <main> 的页内链接）", problem="no-skip-link")


def _related(a, b) -> bool:
    """a is b, inside b, or contains b."""
    for x, y in ((a, b), (b, a)):
        cur = x
        while cur is not None:
            if cur.mem_id == y.mem_id:
                return True
            cur = cur.parent
    return False


@rule(id="A11Y010", title="id 不重复", severity=WARNING, tags=("a11y", "wcag411"), source=_src("4.1.1 解析"))
def duplicate_ids(page, ctx):
    """## What it does
    Reports every ``id`` value used by more than one element, once, at its second occurrence.

    ## Why it matters
    ``<label for>``, ``aria-labelledby``, skip links and scripts find elements by id; with two
    elements of the same id they reach the wrong one, so labels and names silently disappear.
    WCAG 2.0/2.1 4.1.1 解析, as adopted by GB/T 37668-2019.

    ## Example
    ```html
    <div id="news">…</div> … <ul id="news">…</ul>
    ```
    """
    seen: dict[str, int] = {}
    reported = set()
    nodes = page.id_list
    counts: dict[str, int] = {}
    for node, value in nodes:
        if value.strip():
            counts[value] = counts.get(value, 0) + 1
    for node, value in nodes:
        if not value.strip() or counts[value] < 2:
            continue
        seen[value] = seen.get(value, 0) + 1
        if seen[value] == 2 and value not in reported:
            reported.add(value)
            yield page.hit(node, f"id“{value}”在页面中出现 {counts[value]} 次，应唯一", problem="duplicate", id=value)


@rule(id="A11Y011", title="数据表格有表头单元格", severity=WARNING, tags=("a11y", "wcag131", "content"),
      source=_src("1.3.1 信息和关系"))
def table_headers(page, ctx):
    """## What it does
    A table with more than one row and more than one column, not marked ``role="presentation"``
    or ``role="none"``, is treated as a data table and must have header cells (``<th>``, or cells
    with ``role="columnheader"``/``"rowheader"``). Rows of nested tables count for the nested
    table only.

    ## Why it matters
    信息公开 pages are full of tables; without header cells a screen reader reads a grid of
    numbers with no idea which column is which. Layout tables must say so with
    ``role="presentation"``. WCAG 2.x 1.3.1 信息和关系, adopted by GB/T 37668-2019.

    ## Example
    ```html
    <table><tr><td>事项</td><td>时限</td></tr><tr><td>申请</td><td>5 个工作日</td></tr></table>
    ```
    Use instead: ``<tr><th scope="col">事项</th><th scope="col">时限</th></tr>`` (in Markdown: a
    table with a header row).
    """
    for table in page.css("table"):
        role = (table.attributes.get("role") or "").strip().lower()
        if role in ("presentation", "none") or _hidden(table, page):
            continue
        rows = [tr for tr in table.css("tr") if _ancestor(tr, "table") is not None
                and _ancestor(tr, "table").mem_id == table.mem_id]
        if len(rows) < 2:
            continue
        width = 0
        has_header = False
        for tr in rows:
            cells = [c for c in tr.iter() if c.tag in ("td", "th")]
            span = 0
            for c in cells:
                try:
                    span += max(1, int(c.attributes.get("colspan") or 1))
                except ValueError:
                    span += 1
                if c.tag == "th" or (c.attributes.get("role") or "").strip().lower() in ("columnheader", "rowheader"):
                    has_header = True
            width = max(width, span)
        if width < 2 or has_header:
            continue
        first = _norm(rows[0].text())[:40]
        yield page.hit(table, f"数据表格（{len(rows)} 行 × {width} 列）没有表头单元格 <th>"
                              f"{f'（首行：{first}）' if first else ''}；排版用的表格请加 role=\"presentation\"",
                       problem="no-th", anchor=first or None)
