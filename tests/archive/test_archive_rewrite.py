"""Unit tests of the HTML/CSS rewriting and the banner placement."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from jiyue.archive.banner import check_archived_page, injector, validator
from jiyue.archive.charset import decode_css, decode_html
from jiyue.archive.rewrite import (LinkMapper, decode_attr, extract_refs, iter_tokens, rewrite_srcset,
                                   transform_html)

FILES = ["index.html", "a/index.html", "a/b.html", "img/x.png", "img/y.png", "css/s.css", "files/通知.pdf",
         "Images/Logo.GIF"]
D = "2026-11-20"


def mapper(**kw):
    return LinkMapper(FILES, ["www.x.gov.cn"], **kw)


def rewrite(src, page="a/b.html", **kw):
    return transform_html(src, page, mapper(**kw)).html


@pytest.mark.parametrize("url, expect", [
    ("/img/x.png", "../img/x.png"),
    ("https://www.x.gov.cn/img/x.png", "../img/x.png"),
    ("//WWW.X.GOV.CN:443/a/", "index.html"),
    ("http://www.x.gov.cn", "../index.html"),
    ("../a/", "../a/index.html"),
    ("../img/x.png", "../img/x.png"),  # already fine: untouched
    ("b.html?x=1&y=2#f", "b.html?x=1&y=2#f"),
    ("/a/b.html#", "b.html#"),
    ("/files/%E9%80%9A%E7%9F%A5.pdf", "../files/%E9%80%9A%E7%9F%A5.pdf"),
    ("/files/通知.pdf", "../files/通知.pdf"),
    ("https://tjj.x.gov.cn/", "https://tjj.x.gov.cn/"),
    ("/missing.html", "/missing.html"),  # left as it is, reported
    ("mailto:a@x.gov.cn", "mailto:a@x.gov.cn"),
    ("javascript:void(0)", "javascript:void(0)"),
    ("#top", "#top"),
    ("../../../up.html", "../../../up.html"),
])
def test_link_mapping(url, expect):
    assert mapper().map(url, "a/b.html").url == expect


def test_case_insensitive_lookup_for_legacy_sites():
    assert mapper(case_insensitive=True).map("/images/logo.gif", "index.html").url == "Images/Logo.GIF"
    assert mapper().map("/images/logo.gif", "index.html").status == "missing"


def test_only_real_attributes_are_rewritten():
    src = """<!DOCTYPE html><html><head><title>t</title></head><body>
<!-- <a href="/img/x.png">comment</a> -->
<script>var s = '<img src="/img/x.png">';</script>
<textarea><a href="/img/x.png"></a></textarea>
<a href=/img/x.png title='/img/x.png'>unquoted</a>
<a HREF="/img/y.png" href="/img/x.png">duplicate</a>
<img src='/img/x.png' alt="x">
<a href="/img/x.png?a=1&amp;b=2&copy=3">entities</a>
</body></html>"""
    out = rewrite(src, "index.html")
    assert '<!-- <a href="/img/x.png">comment</a> -->' in out
    assert "var s = '<img src=\"/img/x.png\">';" in out
    assert '<textarea><a href="/img/x.png"></a></textarea>' in out
    assert "<a href=\"img/x.png\" title='/img/x.png'>unquoted</a>" in out
    assert '<a HREF="img/y.png" href="/img/x.png">duplicate</a>' in out  # the parser keeps the first
    assert "<img src='img/x.png' alt=\"x\">" in out
    assert '<a href="img/x.png?a=1&amp;b=2&amp;copy=3">' in out


def test_decode_attr_follows_html5():
    assert decode_attr("a?x=1&amp;y=2") == "a?x=1&y=2"
    assert decode_attr("a?x=1&copy=2") == "a?x=1&copy=2"  # legacy name followed by "="
    assert decode_attr("&copy 2026") == "\u00a9 2026"
    assert decode_attr("&#x4e2d;&#25991;") == "中文"
    tree = LexborHTMLParser('<a href="?a=1&copy=2&amp;b&lt=3&notit;">x</a>')
    assert decode_attr("?a=1&copy=2&amp;b&lt=3&notit;") == tree.css_first("a").attributes["href"]


def test_srcset_and_style():
    assert rewrite_srcset("/img/x.png 1x, /img/y.png 2x", lambda u: u.lstrip("/")) == "img/x.png 1x, img/y.png 2x"
    # HTML5: a URL runs to the next whitespace, so this is one candidate (trailing commas end it)
    assert rewrite_srcset("/img/x.png,/img/y.png 2x", lambda u: "Z") == "Z 2x"
    assert rewrite_srcset("/img/x.png, /img/y.png 2x", lambda u: "Z") == "Z, Z 2x"
    src = ('<html><head><style>body{background:url("/img/x.png")}</style></head><body>'
           '<div style="background:url(/img/y.png)"></div>'
           '<img srcset="/img/x.png 1x, https://www.x.gov.cn/img/y.png 2x"></body></html>')
    out = rewrite(src)
    assert 'url("../img/x.png")' in out and 'style="background:url(../img/y.png)"' in out
    assert 'srcset="../img/x.png 1x, ../img/y.png 2x"' in out


def test_base_href_is_honoured_and_neutralized():
    src = '<html><head><base href="https://www.x.gov.cn/a/"></head><body><a href="b.html">b</a><img src="../img/x.png"></body></html>'
    out = rewrite(src, "index.html")
    assert 'data-archive-href="https://www.x.gov.cn/a/"' in out and "<base " in out
    assert '<a href="a/b.html">' in out and '<img src="img/x.png">' in out
    ext = '<html><head><base href="https://cdn.example.org/"></head><body><a href="b.html">b</a></body></html>'
    assert rewrite(ext, "index.html") == ext


def test_excluded_targets_are_unlinked():
    m = LinkMapper(["archive/index.html"], [], excluded=lambda p: p.startswith("archive/2025-01-01"))
    src = '<html><head></head><body><a href="2025-01-01/index.html">旧快照</a></body></html>'
    out = transform_html(src, "archive/index.html", m).html
    assert '<a data-archive-href="2025-01-01/index.html">旧快照</a>' in out


def test_banner_goes_first_in_main_and_metas_after_charset():
    src = ('<!doctype html><html><head><meta charset="utf-8"><title>t</title><meta name="robots" content="index,follow">'
           '</head><body><header>h</header><main id="main-content" class="x">\n<h1>标题</h1></main></body></html>')
    out = transform_html(src, "index.html", None, injector(D, "原因<b>", "https://www.x.gov.cn/"), validator(D)).html
    assert check_archived_page(out, D) == []
    assert '<meta charset="utf-8"><meta name="ArchiveDate" content="2026-11-20">' in out
    assert '<meta name="robots" content="noindex">' in out and "index,follow" not in out
    assert '<main id="main-content" class="x"><div class="archive-banner"' in out
    assert "归档原因：原因&lt;b&gt;" in out


@pytest.mark.parametrize("src, container", [
    ('<html><head></head><body><div id="content"><p>正文</p></div></body></html>', "div"),
    ('<html><head></head><body><div id="main-content"><p>x</p></div><main>m</main></body></html>', "main"),
    ('<html><head></head><body class="b">\n<p>x</p></body></html>', "body"),
    # an <input> in <head> (browser extension) opens the body before its tag: placed before the input
    ('<html><head><title>t</title><input type="hidden" id="w"><link rel="stylesheet" href="s.css"></head>'
     '<body><p>x</p></body></html>', "body"),
    # no <head>/<body> tags at all: the parser's normalized form is edited
    ("<title>t</title><p>x</p>", "body"),
])
def test_banner_placement_follows_the_parser(src, container):
    res = transform_html(src, "index.html", None, injector(D, None, None), validator(D))
    tree = LexborHTMLParser(res.html)
    banner = tree.css_first(".archive-banner")
    assert banner.parent.tag == container
    assert check_archived_page(tree, D) == []


def test_charset_fix_for_reencoded_pages():
    for head in ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '<meta charset="GBK">', ""):
        src = f"<html><head>{head}<title>标题</title></head><body><p>正文</p></body></html>"
        data = src.encode("gb18030")
        text, enc = decode_html(data)
        assert "标题" in text and enc in ("gb18030", "utf-8")
        out = transform_html(text, "x.html", None, injector(D, None, None, charset_fix=True), validator(D)).html
        assert decode_html(out.encode("utf-8"))[1] == "utf-8"
        tree = LexborHTMLParser(out)
        declared = [m.attributes.get("charset") or m.attributes.get("content") for m in tree.css("meta")
                    if "charset" in (m.attributes.get("charset") or "") + (m.attributes.get("content") or "")
                    or m.attributes.get("charset")]
        assert declared and all("utf-8" in d.lower() for d in declared)


def test_decode_undeclared_gbk_and_css_round_trip():
    data = "<html><head><title>江南市</title></head></html>".encode("gbk")
    assert decode_html(data) == ("<html><head><title>江南市</title></head></html>", "gb18030")
    css = '@charset "gbk";\n.a{background:url(/img/x.png)} /* 注释 */'.encode("gbk")
    text, enc = decode_css(css)
    assert text.encode(enc) == css


def test_tokenizer_offsets():
    src = '<a href="x" data-x=\'1\'>t</a><!-- c --><img src=y>'
    tags = [t for t in iter_tokens(src) if not t.end_tag]
    assert [t.name for t in tags] == ["a", "img"]
    a = tags[0].attr("href")
    assert src[a.value_start:a.value_end] == "x"
    assert src[tags[1].start:tags[1].end] == "<img src=y>"


def test_extract_refs_marks_the_banner_link():
    html = ('<main><div class="archive-banner"><a class="archive-live" href="https://www.x.gov.cn/">现行</a></div>'
            '<a href="https://www.x.gov.cn/">首页</a></main>')
    refs = extract_refs(html, "index.html")
    assert [(r.url, r.in_banner) for r in refs] == [("https://www.x.gov.cn/", True), ("https://www.x.gov.cn/", False)]
