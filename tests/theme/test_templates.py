"""Render every govsite template with fake contexts and check the markup contract.

The contract is docs/ARCHITECTURE.md ("Page markup the plugins, theme, linter, archive
and audit agree on"); the rules are ../shared/spec/RULES.md (GOV, A11Y, ELD families).
Contexts come from conftest.py (SimpleNamespace objects, no Pelican needed).
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib

import html5lib
import pytest
from selectolax.lexbor import LexborHTMLParser

from .conftest import (
    FOOTER_KEYS,
    STATIC,
    TEMPLATES,
    archive_ctx,
    archived_ctx,
    article_ctx,
    col_by_id,
    column_ctx,
    demo_pages,
    department_site,
    error_ctx,
    home_ctx,
    interpretation_ctx,
    message_ctx,
    portal_site,
    render,
    repealed_ctx,
    sitemap_ctx,
)

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
CONTENT_TAGS = ("ArticleTitle", "PubDate", "ContentSource")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def metas(doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in doc.css("head meta[name]"):
        out.setdefault(m.attributes["name"], []).append(m.attributes.get("content") or "")
    return out


def text(node) -> str:
    return re.sub(r"\s+", " ", node.text(deep=True, separator="")).strip() if node else ""


# ------------------------------------------------------------------ the cases


def _cases():
    portal = portal_site()
    dept = department_site()
    dept_orphan = department_site(parent_url=None)
    long_org = portal_site(host_org="江南市人民政府办公室（江南市人民政府外事办公室、江南市人民政府港澳事务办公室、"
                                    "江南市人民政府台湾事务办公室、江南市大数据管理中心、江南市政务服务管理办公室）")
    return {
        # name: (template, output name, context, page type)
        "home-portal": ("index.html", "index.html", home_ctx(portal), "home"),
        "home-department": ("index.html", "index.html", home_ctx(dept), "home"),
        "home-department-no-parent-url": ("index.html", "index.html", home_ctx(dept_orphan), "home"),
        "home-long-host-org": ("index.html", "index.html", home_ctx(long_org), "home"),
        "home-empty": ("index.html", "index.html",
                       {**home_ctx(portal, with_dept_news=False), "home_news": [], "home_sections": []}, "home"),
        "column": ("column.html", "zwdt/page/2.html", column_ctx(portal), "column"),
        "column-first-page": ("column.html", "zwdt/index.html", column_ctx(portal, number=1), "column"),
        "column-empty": ("column.html", "zcjd/index.html",
                         column_ctx(dept, "zcjd", items=[], number=1, total=1, subcolumns=False), "column"),
        "column-subcolumn": ("column.html", "bmdt/index.html",
                             column_ctx(portal, "bmdt", number=1, total=1), "column"),
        "article-policy": ("article.html", "zcwj/jzf-2026-3.html", article_ctx(portal), "content"),
        "article-repealed": ("article.html", "zcwj/jzf-2021-9.html", repealed_ctx(portal), "content"),
        "article-archived": ("article.html", "zcwj/jzbf-2019-4.html", archived_ctx(portal), "content"),
        "article-interpretation": ("article.html", "zcjd/jd-yyhj.html", interpretation_ctx(portal), "content"),
        "article-message": ("article.html", "hdjl/ly-1123.html", message_ctx(portal), "content"),
        "article-message-unanswered": ("article.html", "hdjl/ly-1123.html", message_ctx(portal, answered=False),
                                       "content"),
        "article-department-no-parent-url": ("article.html", "zcwj/p1.html", article_ctx(dept_orphan), "content"),
        "sitemap": ("sitemap.html", "sitemap.html", sitemap_ctx(portal), "sitemap"),
        "sitemap-department": ("sitemap.html", "sitemap.html", sitemap_ctx(dept), "sitemap"),
        "archive": ("archive_index.html", "archive/index.html", archive_ctx(portal), "archive"),
        "archive-empty": ("archive_index.html", "archive/index.html",
                          {**archive_ctx(dept, snapshots=False), "archived_items": []}, "archive"),
        "404": ("404.html", "404.html", error_ctx(portal), "error"),
    }


CASES = _cases()


_RENDERED: dict[str, str] = {}


@pytest.fixture(params=sorted(CASES), ids=str)
def case(request):
    template, name, ctx, ptype = CASES[request.param]
    if request.param not in _RENDERED:
        _RENDERED[request.param] = render(template, ctx, name)
    html = _RENDERED[request.param]
    return request.param, html, parse(html), ctx, ptype, name


# ------------------------------------------------------- every page, every case


def test_lang_title_and_single_h1(case):
    _, html, doc, ctx, ptype, _ = case
    assert doc.css_first("html").attributes.get("lang") == "zh-CN"
    assert text(doc.css_first("head title"))
    assert len(doc.css("h1")) == 1
    if ptype == "content":
        h1 = text(doc.css_first("h1"))
        assert h1 == ctx["article"].title
        assert ctx["article"].title in text(doc.css_first("title"))
        assert metas(doc)["ArticleTitle"] == [h1]  # GOV105


def test_headings_do_not_skip_levels(case):
    doc = case[2]
    levels = [int(h.tag[1]) for h in doc.css("h1, h2, h3, h4, h5, h6")]
    for prev, cur in zip(levels, levels[1:]):
        assert cur <= prev + 1, levels


def test_skip_link_and_landmarks(case):
    doc = case[2]
    first = doc.css_first("body").css_first("a, button, input, select, textarea")
    assert first is not None and "skip-link" in first.attributes.get("class", "")
    assert first.attributes["href"] == "#main-content"
    assert text(first) == "跳到主要内容"
    assert len(doc.css("main#main-content")) == 1
    assert doc.css_first("header.site-header") is not None
    assert doc.css_first("nav") is not None
    assert len(doc.css("footer.site-footer")) == 1
    for nav in doc.css("nav"):
        assert nav.attributes.get("aria-label"), "several navs: each needs a name"


def test_header_site_name_and_elder_toggle(case):
    _, _, doc, ctx, _, name = case
    site = ctx["gov_site"]
    sn = doc.css(".site-name")
    assert len(sn) == 1 and text(sn[0]) == site.name  # GOV210
    assert sn[0].attributes["href"].endswith("/index.html")
    buttons = doc.css("header button.elder-toggle[data-elder-toggle]")
    assert len(buttons) == 1  # ELD001
    b = buttons[0]
    assert b.attributes["type"] == "button"
    assert b.attributes["aria-pressed"] == "false"
    assert text(b) == "关怀版"


def test_parent_portal_link(case):
    _, _, doc, ctx, _, _ = case
    site = ctx["gov_site"]
    link = doc.css_first("header a.parent-link")
    if site.kind == "department" and site.parent_url:
        assert link is not None
        assert link.attributes["href"] == site.parent_url
        assert text(link) == site.parent_name
    else:
        assert link is None
    if site.kind == "department" and not site.parent_url:
        assert text(doc.css_first("header .parent-name")) == site.parent_name


def test_footer_identifiers_in_order(case):
    _, _, doc, ctx, _, _ = case
    footer = doc.css_first("footer.site-footer")
    keys = [n.attributes["data-gov"] for n in footer.css("[data-gov]")]
    assert keys == [item["key"] for item in ctx["gov_footer"]]
    assert set(FOOTER_KEYS) <= set(keys)
    site = ctx["gov_site"]
    by = {n.attributes["data-gov"]: n for n in footer.css("[data-gov]")}
    assert text(by["host_org"]) == f"主办单位：{site.host_org}"  # GOV206, never cut
    assert text(by["contact"]) == f"联系方式：{site.contact}"
    assert text(by["site_code"]) == f"网站标识码：{site.site_code}"  # GOV201
    assert text(by["chinese_domain"]) == f"中文域名：{site.chinese_domain}"
    icp = by["icp"].css_first("a")
    assert icp.attributes["href"] == "https://beian.miit.gov.cn/" and text(icp) == site.icp
    police = by["police_record"].css_first("a")
    digits = re.sub(r"\D", "", site.police_record)
    assert police.attributes["href"].endswith(f"code={digits}")
    img = police.css_first("img")
    assert img.attributes["alt"] == "公安备案图标"
    assert img.attributes["src"].endswith("/theme/img/gongan.png")
    assert text(police) == site.police_record
    conac = by["conac"].css_first("a")
    assert conac.attributes["href"].startswith("https://bszs.conac.cn/sitename?method=show&id=")
    assert conac.css_first("img").attributes["alt"] == "党政机关网站标识"
    jiucuo = by["jiucuo"].css_first("a")
    assert f"site_code={site.site_code}" in jiucuo.attributes["href"]
    assert text(jiucuo) == "我为政府网站找错"
    smap = by["sitemap"].css_first("a")
    assert smap.attributes["href"].endswith("/sitemap.html") and text(smap) == "网站地图"


def test_page_tags(case):
    _, _, doc, ctx, ptype, _ = case
    site = ctx["gov_site"]
    m = metas(doc)
    for name, values in m.items():
        assert len(values) == 1, f"meta {name} rendered twice"
    assert m["SiteName"] == [site.name]
    assert m["SiteDomain"] == [site.domain]
    assert m["SiteIDCode"] == [site.site_code]
    if ptype in ("column", "content"):
        for tag in COLUMN_TAGS:
            assert m[tag][0] and m[tag][0] != "null"
    if ptype == "content":
        art = ctx["article"]
        assert dict(art.gov_page_tags) == {k: v[0] for k, v in m.items() if k in dict(art.gov_page_tags)}
        for tag in CONTENT_TAGS:
            assert m[tag][0]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", m["PubDate"][0])
        if art.gov_archived:
            assert m["ArchiveDate"] == [art.gov_archived]
    else:
        assert "ArticleTitle" not in m
    assert doc.css_first('head meta[name="viewport"]').attributes["content"] == \
        "width=device-width, initial-scale=1"  # A11Y007: zoom stays enabled


def test_csp_no_inline_script_or_style(case):
    html, doc = case[1], case[2]
    for s in doc.css("script"):
        assert s.attributes.get("src"), "inline <script> is forbidden by the CSP"
        assert (s.text() or "").strip() == ""
    assert doc.css("style") == []
    assert doc.css("[style]") == []
    for node in doc.css("*"):
        for attr in node.attributes:
            assert not attr.lower().startswith("on"), f"inline handler {attr}"
    assert "javascript:" not in html.lower()
    assert "//" not in "".join(s.attributes["src"].split(":", 1)[0] for s in doc.css("script"))


def test_head_assets(case):
    _, _, doc, _, _, name = case
    prefix = "." if "/" not in name else "/".join([".."] * name.count("/"))
    css = [l.attributes["href"] for l in doc.css('head link[rel="stylesheet"]')]
    assert css == [f"{prefix}/theme/css/main.css", f"{prefix}/theme/css/elder.css"]
    scripts = doc.css("head script")
    assert [s.attributes["src"] for s in scripts] == [f"{prefix}/theme/js/elder.js"]
    assert "defer" not in scripts[0].attributes and "async" not in scripts[0].attributes
    # nothing from outside: no external stylesheet, font or script
    for node in doc.css("link[href], script[src]"):
        url = node.attributes.get("href") or node.attributes.get("src")
        assert not re.match(r"^(https?:)?//", url), url


def test_links_are_relative_inside_the_site(case):
    _, _, doc, _, _, name = case
    prefix = "." if "/" not in name else "/".join([".."] * name.count("/"))
    for a in doc.css("a[href]"):
        href = a.attributes["href"]
        assert href, "empty href"
        assert text(a) or a.css_first("img[alt]"), f"link without a name: {a.html}"
        if href.startswith(("https://", "#")):
            continue
        assert href.startswith(prefix + "/"), href
        assert "//" not in href.removeprefix(prefix + "/"), href


def test_no_duplicate_ids(case):
    doc = case[2]
    ids = [n.attributes["id"] for n in doc.css("[id]")]
    assert len(ids) == len(set(ids))
    for n in doc.css("[aria-labelledby]"):
        assert n.attributes["aria-labelledby"] in ids


def test_images_have_alt(case):
    for img in case[2].css("img"):
        assert "alt" in img.attributes


def test_html5_parses_without_errors(case):
    html = case[1]
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(html)  # raises ParseError on malformed markup


def test_list_items_show_dates(case):
    doc = case[2]
    for li in doc.css("ul.item-list > li"):
        times = li.css("time")
        assert times, li.html
        t = times[-1]
        assert DATE.match(t.attributes["datetime"]) and text(t) == t.attributes["datetime"]
        assert li.css_first("a[href]") is not None


def test_ui_text_is_chinese(case):
    doc = case[2]
    english_ui = re.compile(r"\b(Skip|Home|Next|Previous|Page|Search|Menu|Archive|Sitemap|Contact|Posted|"
                            r"Read more|More|Footer|Navigation)\b")
    for node in doc.css("header, nav, footer, .breadcrumb, .pagination, .article-meta, .more-link"):
        assert not english_ui.search(text(node)), text(node)


# ---------------------------------------------------------------- per template


def _render(name, **kw):
    template, out, ctx, _ = CASES[name]
    ctx = {**ctx, **kw}
    return parse(render(template, ctx, out))


def test_nav_marks_current_column():
    doc = _render("home-portal")
    cur = doc.css("nav.site-nav a[aria-current]")
    assert [text(a) for a in cur] == ["首页"]
    doc = _render("column")
    cur = doc.css("nav.site-nav a[aria-current=page]")
    assert [text(a) for a in cur] == ["政务动态"]
    # a sub-column page marks its top-level column
    doc = _render("column-subcolumn")
    assert [text(a) for a in doc.css("nav.site-nav a[aria-current=page]")] == ["政务动态"]
    # a content page marks its column
    doc = _render("article-policy")
    assert [text(a) for a in doc.css("nav.site-nav a[aria-current=page]")] == ["政策文件"]
    # every top-level column is in the nav, in order
    names = [text(a) for a in doc.css("nav.site-nav a")][1:]
    assert names == [c.name for c in portal_site().column_tree]


def test_breadcrumb():
    def squash(node):
        return re.sub(r"\s+", "", text(node))

    doc = _render("column-subcolumn")
    bc = doc.css_first("nav.breadcrumb")
    assert bc.attributes["aria-label"] == "当前位置"
    assert squash(bc) == "当前位置：首页›政务动态›部门动态"
    assert bc.css_first("li[aria-current=page]") is not None
    links = [a.attributes["href"] for a in bc.css("a")]
    assert links == ["../index.html", "../zwdt/index.html"]
    doc = _render("article-policy")
    assert squash(doc.css_first("nav.breadcrumb")) == "当前位置：首页›政策文件›正文"
    doc = _render("sitemap")
    assert squash(doc.css_first("nav.breadcrumb")) == "当前位置：首页›网站地图"
    assert _render("home-portal").css_first("nav.breadcrumb") is None


def test_home_portal_blocks():
    doc = _render("home-portal")
    titles = [text(h) for h in doc.css("main h2")]
    assert titles[:2] == ["最新信息", "部门动态"]
    assert titles[2:] == ["通知公告", "政策文件", "政策解读", "数据发布"]
    dept = doc.css_first(".home-dept-news")
    for li in dept.css("li"):
        assert li.css_first("a").attributes["href"].startswith("https://")
        assert li.css_first(".item-tag-site") is not None
    # "更多" links carry the column name (A11Y004)
    for a in doc.css(".more-link a"):
        assert text(a).startswith("更多") and len(text(a)) > 3
    # repealed policy is tagged in the list
    assert "已废止" in text(doc.css_first('[aria-labelledby="home-sec-zcwj"]'))


def test_home_department_has_no_dept_news_and_handles_empty_section():
    doc = _render("home-department")
    assert doc.css_first(".home-dept-news") is None
    assert "本栏目暂无信息" in text(doc.css_first('[aria-labelledby="home-sec-zcjd"]'))
    doc = _render("home-empty")
    assert text(doc.css_first(".home-news .empty-note")) == "暂无最新信息。"


def test_column_page_and_pagination():
    doc = _render("column")
    assert text(doc.css_first("h1")) == "政务动态"
    assert text(doc.css_first(".lead")) == "江南市政务动态"
    assert "（第2页）" in text(doc.css_first("title"))
    sub = [a.attributes["href"] for a in doc.css("nav.subcolumns a")]
    assert sub == ["../../bmdt/index.html", "../../xqdt/index.html"]
    pg = doc.css_first("nav.pagination")
    assert pg.attributes["aria-label"] == "分页"
    assert text(pg.css_first(".pagination-status")) == "第 2 页，共 3 页"
    assert pg.css_first("a[rel=prev]").attributes["href"] == "../../zwdt/index.html"
    assert pg.css_first("a[rel=next]").attributes["href"] == "../../zwdt/page/3.html"
    cur = pg.css("a[aria-current=page]")
    assert len(cur) == 1 and text(cur[0]) == "第2页"
    assert len(doc.css("ul.item-list > li")) == 12
    first = _render("column-first-page").css_first("nav.pagination")
    assert first.css_first("a[rel=prev]") is None and first.css_first("a[rel=next]") is not None


def test_column_empty():
    doc = _render("column-empty")
    assert doc.css_first("ul.item-list") is None
    assert text(doc.css_first(".empty-note")) == "本栏目暂无信息。"
    assert doc.css_first("nav.pagination") is None
    assert doc.css_first("nav.subcolumns") is None


def test_article_meta():
    doc = _render("article-policy")
    meta = doc.css_first("article .article-meta")
    t = meta.css_first("time")
    assert t.attributes["datetime"] == "2026-11-02 09:30" and text(t) == "2026-11-02 09:30"
    assert "发布时间：2026-11-02 09:30" in text(meta)
    assert "来源：江南市人民政府办公室" in text(meta)
    assert "文号：江政发〔2026〕3号" in text(meta)
    assert doc.css_first(".archive-banner") is None
    assert doc.css_first(".validity-label") is None
    # the content is rendered as HTML
    assert doc.css_first(".article-body table th") is not None


def test_article_archived_banner_first_child():
    doc = _render("article-archived")
    art = doc.css_first("main article")
    first = next(c for c in art.iter() if c.tag != "-text")
    assert "archive-banner" in first.attributes["class"]
    assert first.attributes["role"] == "note"
    assert first.attributes["data-archived"] == "2024-12-31"
    assert text(first.css_first("strong")) == "已归档"
    t = first.css_first("time")
    assert t.attributes["datetime"] == "2024-12-31" and text(t) == "2024-12-31"
    assert "归档时间：2024-12-31" in text(first)
    html = art.html
    assert html.index("archive-banner") < html.index("<h1")


def test_article_repealed_label_before_title():
    doc = _render("article-repealed")
    label = doc.css_first("article .validity-label")
    assert label is not None
    assert "【已废止】" in text(label)  # POL006
    link = label.css_first("a")
    assert link.attributes["href"] == "../zcwj/jzf-2026-2.html"
    assert "江政发〔2026〕2号" in text(label)
    html = doc.css_first("main article").html
    assert html.index("validity-label") < html.index("<h1")
    # the same label without a replacement
    ctx = repealed_ctx()
    ctx["article"].gov_superseded_by = None
    ctx["article"].gov_validity = "已失效"
    doc = parse(render("article.html", ctx, "zcwj/x.html"))
    assert re.sub(r"\s+", "", text(doc.css_first(".validity-label"))) == "【已失效】本文件已失效。"


def test_policy_links_both_ways():
    doc = _render("article-policy")
    block = doc.css_first("section.policy-links")
    assert [text(h) for h in block.css("h2")] == ["相关解读"]
    hrefs = [a.attributes["href"] for a in block.css("a")]
    assert hrefs == ["../zcjd/jd-yyhj.html", "../zcjd/jd-fbh.html"]
    assert "图解" in text(block)
    doc = _render("article-interpretation")
    block = doc.css_first("section.policy-links")
    assert [text(h) for h in block.css("h2")] == ["原文件"]
    a = block.css_first("a")
    assert a.attributes["href"] == "../zcwj/jzf-2026-3.html"
    assert "江政发〔2026〕3号" in text(block)
    assert "解读形式：图解" in text(doc.css_first(".article-meta"))
    # policy links come after the content, inside the article
    html = doc.css_first("main article").html
    assert html.index("article-body") < html.index("policy-links")
    # absolute (cross-site) urls are kept as they are
    ctx = interpretation_ctx()
    ctx["article"].gov_policies[0] = {**ctx["article"].gov_policies[0],
                                      "url": "https://www.jiangnan.gov.cn/zcwj/jzf-2026-3.html"}
    doc = parse(render("article.html", ctx, "zcjd/x.html"))
    assert doc.css_first("section.policy-links a").attributes["href"] == \
        "https://www.jiangnan.gov.cn/zcwj/jzf-2026-3.html"
    assert _render("article-archived").css_first("section.policy-links") is None


def test_message_dates():
    doc = _render("article-message")
    dl = doc.css_first("dl.message-meta")
    pairs = {text(d.css_first("dt")): text(d.css_first("dd")) for d in dl.css("div")}
    assert pairs == {"留言时间": "2026-11-16", "答复时间": "2026-11-19", "答复单位": "江南市住房和城乡建设局"}
    doc = _render("article-message-unanswered")
    pairs = {text(d.css_first("dt")): text(d.css_first("dd")) for d in doc.css("dl.message-meta div")}
    assert pairs == {"留言时间": "2026-11-16", "答复时间": "尚未答复"}


def test_sitemap_lists_every_column_nested():
    site = portal_site()
    doc = _render("sitemap")
    tree = doc.css_first("main ul.sitemap-tree")
    links = {text(a): a.attributes["href"] for a in tree.css("a")}
    assert links == {c.name: f"./{c.url}" for c in site.columns}  # COL009: all, and nothing else
    zwdt = next(li for li in tree.css("li") if text(li.css_first("a")) == "政务动态")
    assert [text(a) for a in zwdt.css_first("ul").css("a")] == ["部门动态", "区县动态"]


def test_archive_index():
    doc = _render("archive")
    snaps = doc.css_first("ul.snapshot-list")
    assert [a.attributes["href"] for a in snaps.css("a")] == [
        "../archive/2025-12-31/index.html", "../archive/2024-12-31/index.html"]
    assert "年度归档" in text(snaps)
    assert doc.css_first("main ul.item-list a").attributes["href"] == "../zcwj/jzbf-2019-4.html"
    doc = _render("archive-empty")
    snaps = doc.css_first("ul.snapshot-list")
    assert snaps is not None and snaps.css("li") == []
    assert "暂无网站归档版本" in text(doc.css_first("main"))
    assert "暂无已归档信息" in text(doc.css_first("main"))


def test_404():
    doc = _render("404")
    assert text(doc.css_first("h1")) == "页面不存在"
    hrefs = [a.attributes["href"] for a in doc.css("main a")]
    assert "./index.html" in hrefs and "./sitemap.html" in hrefs


def test_department_without_parent_url():
    doc = _render("home-department-no-parent-url")
    assert doc.css_first("a.parent-link") is None
    assert text(doc.css_first(".parent-name")) == "江南市人民政府"
    for a in doc.css("a[href]"):
        assert a.attributes["href"] not in ("None", "", "#")


def test_long_host_org_is_never_cut():
    site = CASES["home-long-host-org"][2]["gov_site"]
    doc = _render("home-long-host-org")
    assert text(doc.css_first('[data-gov="host_org"]')) == f"主办单位：{site.host_org}"


def test_user_text_is_escaped():
    """Pelican renders without autoescape: the theme escapes every value it prints."""
    title = '关于"<script>alert(1)</script>"的通知 & 说明'
    ctx = article_ctx(title=title)
    ctx["article"].gov_source = "<b>办公室</b>"
    html = render("article.html", ctx, "zcwj/x.html")
    doc = parse(html)
    assert "<script>alert" not in html
    assert text(doc.css_first("h1")) == title
    assert metas(doc)["ArticleTitle"] == [title]
    assert doc.css("script") and all(s.attributes.get("src") for s in doc.css("script"))
    assert "来源：<b>办公室</b>" in text(doc.css_first(".article-meta"))
    site = portal_site(name='江南市"人民"政府<i>')
    doc = parse(render("index.html", home_ctx(site), "index.html"))
    assert text(doc.css_first(".site-name")) == site.name
    assert doc.css_first(".site-name i") is None


def test_article_uses_its_own_page_tags_not_page_tags():
    ctx = article_ctx()
    ctx["page_tags"] = [("SiteName", "错误的名称")]
    m = metas(parse(render("article.html", ctx, "zcwj/x.html")))
    assert m["SiteName"] == ["江南市人民政府"]
    assert "ArticleTitle" in m


def test_footer_partial_only_loops_over_data():
    """Identifier text is data: whatever items come, each is rendered once, in order."""
    ctx = home_ctx()
    ctx["gov_footer"] = [
        {"key": "x_custom", "label": "", "text": "自定义信息", "href": None, "img": None, "img_alt": None},
        {"key": "site_code", "label": "网站标识码", "text": "网站标识码：3299000001"},
    ]
    doc = parse(render("index.html", ctx))
    items = doc.css("footer [data-gov]")
    assert [i.attributes["data-gov"] for i in items] == ["x_custom", "site_code"]
    assert text(items[1]) == "网站标识码：3299000001"  # label not repeated


def test_every_demo_context_renders_with_strict_undefined():
    """StrictUndefined: an attribute name the theme misspells fails loudly."""
    for _site, name, template, ctx in demo_pages():
        render(template, ctx, name, strict=True)


def test_pelican_fallback_page_template():
    ctx = error_ctx()
    from types import SimpleNamespace

    ctx["page"] = SimpleNamespace(title="关于本站", content="<p>本站由江南市人民政府办公室主办。</p>")
    doc = parse(render("page.html", ctx, "about.html"))
    assert text(doc.css_first("h1")) == "关于本站"


# ---------------------------------------------------------------------- static


def test_template_sources_have_no_inline_script_or_style():
    for path in TEMPLATES.rglob("*.html"):
        src = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", src), path
        assert "style=" not in src and "<style" not in src, path
        assert not re.search(r"\son[a-z]+=", src), path


def test_required_partials_exist():
    names = {p.name for p in (TEMPLATES / "partials").iterdir()}
    for n in ("_meta_tags.html", "_skip_link.html", "_header.html", "_nav.html", "_breadcrumb.html",
              "_footer.html", "_archive_banner.html", "_policy_links.html", "_pagination.html",
              "_item_list.html"):
        assert n in names
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    for block in ("html_lang", "title", "meta", "head", "skip_link", "header", "before_content",
                  "content", "after_content", "footer", "body_end"):
        assert f"{{% block {block} %}}" in base, block


def _css_rules(css: str):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth, start, sel = 0, 0, []
    for m in re.finditer(r"[{}]", css):
        if m.group() == "{":
            head = css[start:m.start()].strip()
            if not head.startswith("@"):
                sel.append((head, m.end()))
            depth += 1
        else:
            depth -= 1
        start = m.end()
    return css, sel


def test_css_is_self_contained_and_keeps_focus():
    for name in ("main.css", "elder.css"):
        css = (STATIC / "css" / name).read_text(encoding="utf-8")
        assert "@import" not in css and "@font-face" not in css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
        assert not re.search(r"outline\s*:\s*(none|0)\b", css), "ELD007: never remove the focus outline"
        assert not re.search(r"position\s*:\s*(fixed|sticky)", css), "ELD005: nothing floats"
        assert "user-scalable" not in css
    main = (STATIC / "css" / "main.css").read_text(encoding="utf-8")
    assert ":focus-visible" in main
    body = re.search(r"\nbody\s*\{([^}]*)\}", main).group(1)
    assert re.search(r"font-size:\s*1rem", body)
    assert '"PingFang SC"' in main and '"Noto Sans CJK SC"' in main and '"Microsoft YaHei"' in main


def test_elder_css_hangs_off_html_elder():
    css = (STATIC / "css" / "elder.css").read_text(encoding="utf-8")
    _, rules = _css_rules(css)
    assert rules
    for selector, _ in rules:
        for part in selector.split(","):
            assert part.strip().startswith("html.elder"), part
    body = re.search(r"html\.elder body\s*\{([^}]*)\}", css).group(1)
    assert re.search(r"line-height:\s*1\.[6-9]", body)
    assert re.search(r"html\.elder\s*\{[^}]*font-size:\s*125%", css)  # 20px body text


def test_elder_js():
    js = (STATIC / "js" / "elder.js").read_text(encoding="utf-8")
    assert '"jiyue-elder"' in js
    assert "document.documentElement" in js
    assert "DOMContentLoaded" in js
    assert "[data-elder-toggle]" in js
    assert "aria-pressed" in js and "关怀版" in js and "标准版" in js
    # before DOMContentLoaded only <html> is touched
    top = js.split("function init", 1)[0]
    assert "document.body" not in top and "querySelector(" not in top.split("function render", 1)[0]
    assert "eval(" not in js and "innerHTML" not in js


def test_gongan_png_is_a_20px_icon():
    data = (STATIC / "img" / "gongan.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (20, 20)
    # chunks are well formed (CRC) and the image decompresses
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        tag, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(tag + body)
        if tag == b"IDAT":
            idat += body
        pos += 12 + length
    assert len(zlib.decompress(idat)) == height * (1 + width * 4)


def test_conac_badge_svg():
    root = ET.parse(STATIC / "img" / "conac.svg").getroot()
    assert root.tag.endswith("svg")
    texts = "".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert texts == "党政机关"
    assert "#b0181d" in (STATIC / "img" / "conac.svg").read_text(encoding="utf-8")


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_palette_contrast_in_every_state():
    """axe cannot see :visited and :hover; the pairs the CSS uses are checked here (≥ 4.5:1)."""
    main = (STATIC / "css" / "main.css").read_text(encoding="utf-8")
    v = dict(re.findall(r"(--c-[a-z-]+):\s*(#[0-9a-fA-F]{3,6})", main))
    white = "#ffffff"
    pairs = {
        "text": (v["--c-text"], v["--c-bg"]),
        "muted": (v["--c-muted"], v["--c-bg"]),
        "muted on soft": (v["--c-muted"], v["--c-soft"]),
        "link": (v["--c-link"], v["--c-bg"]),
        "link on soft": (v["--c-link"], v["--c-soft"]),
        "visited": (v["--c-link-visited"], v["--c-bg"]),
        "visited on soft": (v["--c-link-visited"], v["--c-soft"]),
        "hover": (v["--c-link-hover"], v["--c-bg"]),
        "hover on soft": (v["--c-link-hover"], v["--c-soft"]),
        "site name": (v["--c-red-dark"], v["--c-bg"]),
        "on red": (white, v["--c-red"]),
        "nav": (white, v["--c-nav"]),
        "nav hover": (white, v["--c-nav-hover"]),
        "nav current": (white, v["--c-nav-current"]),
        "button pressed/hover": (white, v["--c-link"]),
        "footer text": (v["--c-footer-text"], v["--c-footer"]),
        "footer link (all states)": (white, v["--c-footer"]),
        "focus": (v["--c-focus-text"], v["--c-focus"]),
        "validity label": ("#7a0c10", "#fdecea"),
        "archive banner": (v["--c-text"], "#fff4cc"),
        "archive banner strong": ("#7a0c10", "#fff4cc"),
        "elder list link": ("#002f6c", white),
        "elder visited": ("#4a1f70", white),
        "elder footer": (white, "#101820"),
    }
    for colour in ("#7a0c10", "#fdecea", "#fff4cc", "#002f6c", "#4a1f70", "#101820"):
        assert colour in main or colour in (STATIC / "css" / "elder.css").read_text(encoding="utf-8"), colour
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 7}
    assert low == {}, f"below 7:1 (AAA): {low}"
