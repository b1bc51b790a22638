"""Audit parts that need no browser: discovery, sampling, cache keys, server mapping,
progress line, reporters, CLI usage errors."""

from __future__ import annotations

import io
import json
import shutil
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from audit_helpers import PAGES

from lint.audit import cli
from lint.audit.cache import AuditCache, asset_closure, page_references
from lint.audit.pages import discover_html_dir, discover_output
from lint.audit.progress import Progress, render_line
from lint.audit.report import AuditResult, render
from lint.audit.sampling import PagesSpecError, parse_spec, sample, select, spread_order
from lint.audit.server import StaticServer
from lint.model import Finding


def _site(tmp_path: Path, manifest: bool = False) -> Path:
    out = tmp_path / "output"
    s = out / "jiangnan"
    (s / "theme" / "css").mkdir(parents=True)
    (s / "theme" / "css" / "site.css").write_text("body{background:url(../img/bg.png)}", encoding="utf-8")
    (s / "theme" / "img").mkdir()
    (s / "theme" / "img" / "bg.png").write_bytes(b"png1")
    head = '<link rel="stylesheet" href="{p}theme/css/site.css">'
    (s / "index.html").write_text(f"<html><head>{head.format(p='')}</head><body>home</body></html>", encoding="utf-8")
    (s / "sitemap.html").write_text("<html><body>map</body></html>", encoding="utf-8")
    for col, n in (("zwdt", 6), ("zcwj", 3), ("hdjl", 1)):
        (s / col).mkdir()
        (s / col / "index.html").write_text(f"<html><head>{head.format(p='../')}</head><body>{col}</body></html>",
                                            encoding="utf-8")
        for i in range(n):
            (s / col / f"a{i}.html").write_text(
                f'<html><head><meta name="ArticleTitle" content="t{i}">{head.format(p="../")}</head>'
                f'<body><img src="../files/p{i}.png"></body></html>', encoding="utf-8")
    (s / "zwdt" / "page").mkdir()
    (s / "zwdt" / "page" / "2.html").write_text("<html><body>p2</body></html>", encoding="utf-8")
    (s / "archive" / "2026-01-01").mkdir(parents=True)
    (s / "archive" / "2026-01-01" / "index.html").write_text("snapshot", encoding="utf-8")
    (s / "archive" / "index.html").write_text("<html><body>归档</body></html>", encoding="utf-8")
    (s / "files").mkdir()
    (s / "files" / "x.html").write_text("attachment", encoding="utf-8")
    if manifest:
        m = out / ".jiyue" / "jiangnan"
        m.mkdir(parents=True)
        m.joinpath("pages.json").write_text(json.dumps({"site": "jiangnan", "pages": {
            "zwdt/a1.html": {"type": "content", "source": "zwdt/a1.md", "template": "article.html", "column": "zwdt"},
            "index.html": {"type": "home", "source": None, "template": "index.html", "column": None}}}),
            encoding="utf-8")
    return out


def test_discover_output_types_and_exclusions(tmp_path):
    out = _site(tmp_path)
    pages = {p.rel: p for p in discover_output(out)["jiangnan"]}
    assert "archive/2026-01-01/index.html" not in pages and "files/x.html" not in pages
    assert pages["index.html"].type == "home" and pages["sitemap.html"].type == "sitemap"
    assert pages["zwdt/a2.html"].type == "content" and pages["zwdt/a2.html"].column == "zwdt"
    assert pages["zwdt/index.html"].type == "column" and pages["zwdt/page/2.html"].type == "column"
    assert pages["archive/index.html"].type == "archive"
    assert pages["zwdt/a1.html"].url_path == "/jiangnan/zwdt/a1.html"


def test_manifest_gives_source_and_template(tmp_path):
    out = _site(tmp_path, manifest=True)
    pages = {p.rel: p for p in discover_output(out, "jiangnan")["jiangnan"]}
    assert pages["zwdt/a1.html"].source == "zwdt/a1.md" and pages["zwdt/a1.html"].file == "zwdt/a1.md"
    assert pages["index.html"].file == "index.html"  # the template when there is no Markdown
    assert pages["zwdt/a2.html"].source is None  # not in the manifest: inferred


def test_discover_errors(tmp_path):
    from lint.audit.pages import DiscoveryError

    with pytest.raises(DiscoveryError):
        discover_output(tmp_path / "nothing")
    out = _site(tmp_path)
    with pytest.raises(DiscoveryError, match="没有站点 nosuch"):
        discover_output(out, "nosuch")


def test_html_dir_inference():
    pages = {p.rel: p for p in discover_html_dir(PAGES, "pages")["pages"]}
    assert pages["index.html"].type == "home" and pages["eld002-small-text.html"].type == "column"


def test_pages_spec():
    assert parse_spec("all") == ("all", None) and parse_spec("sample:5") == ("sample", 5)
    for bad in ("some", "sample:0", "sample:x", "sample:"):
        with pytest.raises(PagesSpecError):
            parse_spec(bad)


def test_sample_covers_types_then_columns(tmp_path):
    pages = discover_output(_site(tmp_path))["jiangnan"]
    s5 = sample(pages, 5)
    rels = [p.rel for p in s5]
    assert len(s5) == 5 and "index.html" in rels
    # every page type (template) first
    assert {p.type for p in s5} == {"home", "column", "content", "sitemap", "archive"}
    assert [p.rel for p in sample(pages, 5)] == rels  # deterministic
    # then round-robin over the columns: every column before any gets more
    s8 = sample(pages, 8)
    assert {p.column for p in s8 if p.column} == {"zwdt", "zcwj", "hdjl"}
    assert len(sample(pages, 100)) == len(pages)
    s12 = sample(pages, 12)
    assert sum(1 for p in s12 if p.column == "zwdt") > sum(1 for p in s12 if p.column == "hdjl")
    # articles of a column are spread over it, not the first ones
    zwdt = sorted(p.rel for p in s12 if p.column == "zwdt" and p.type == "content")
    assert zwdt != [f"zwdt/a{i}.html" for i in range(len(zwdt))]
    assert [p.rel for p in select({"j": pages}, "home")["j"]] == ["index.html"]


def test_spread_order():
    assert spread_order(list(range(8))) == [0, 4, 2, 6, 1, 5, 3, 7]
    for n in (0, 1, 2, 3, 7, 100):
        assert sorted(spread_order(list(range(n)))) == list(range(n))


def test_cache_key_follows_page_and_assets(tmp_path):
    out = _site(tmp_path)
    srv = StaticServer({"/": out})
    page = next(p for p in discover_output(out)["jiangnan"] if p.rel == "zwdt/a1.html")
    urls = [u for u, _ in asset_closure(page, srv.fs_path)]
    assert urls == ["/jiangnan/files/p1.png", "/jiangnan/theme/css/site.css", "/jiangnan/theme/img/bg.png"]
    cache = AuditCache(tmp_path / "c")
    salt = cache.salt("4.14.1", {"tags": ["wcag2a"]})
    k1 = cache.key(page, srv.fs_path, salt)
    assert cache.key(page, srv.fs_path, salt) == k1
    (out / "jiangnan" / "theme" / "img" / "bg.png").write_bytes(b"png2")  # asset of an asset
    k2 = cache.key(page, srv.fs_path, salt)
    assert k2 != k1
    assert cache.key(page, srv.fs_path, cache.salt("4.14.2", {"tags": ["wcag2a"]})) != k2
    assert cache.key(page, srv.fs_path, cache.salt("4.14.1", {"tags": ["wcag2aa"]})) != k2
    cache.put(k2, {"findings": [], "screens": {}})
    assert cache.get(k2) is not None and cache.get(k2, need_screens=True) is None
    assert AuditCache(tmp_path / "c", enabled=False).get(k2) is None


def test_page_references():
    html = b"""<html><head><link rel=stylesheet href="a.css"><link rel=canonical href="x.html">
    <script src="j.js"></script><script src="https://cdn.example/x.js"></script><style>@import "i.css";</style></head>
    <body style="background:url('b.png')"><img src="i.png" srcset="i2.png 2x, i3.png 3x"><iframe src="f.html"></iframe>
    <img src="data:image/png;base64,AAAA"></body></html>"""
    want = ["a.css", "j.js", "i.css", "b.png", "i.png", "i2.png", "i3.png", "f.html"]
    assert sorted(page_references(html)) == sorted(want)


def test_server_maps_and_refuses_traversal(tmp_path):
    out = _site(tmp_path)
    with StaticServer({"/": out}, virtual={"/__jiyue__/axe.js": (b"//axe", "text/javascript")}) as srv:
        assert srv.host == "127.0.0.1" and srv.port > 0
        body = urllib.request.urlopen(srv.url("/jiangnan/zwdt/")).read().decode()
        assert "zwdt" in body
        assert urllib.request.urlopen(srv.url("/__jiyue__/axe.js")).read() == b"//axe"
        r = urllib.request.urlopen(srv.url("/jiangnan/zwdt"))  # redirected to the folder
        assert r.geturl().endswith("/jiangnan/zwdt/")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(srv.url("/jiangnan/nope.html"))
    escaped = srv.fs_path("/../../etc/passwd")
    assert escaped is None or str(escaped).startswith(str(out.resolve()))
    mounted = StaticServer({"/pages/": PAGES})
    assert mounted.fs_path("/pages/css/site.css") == (PAGES / "css" / "site.css").resolve()
    assert mounted.fs_path("/other/x.html") is None


def test_progress_line():
    line = render_line(done=10, total=40, cached=2, elapsed=4.0)
    assert "10/40" in line and "2.00 页/秒" in line and "剩余 0:15" in line and "缓存 2" in line
    assert "剩余 --:--" in render_line(0, 10, 0, 0.0)
    buf = io.StringIO()
    p = Progress(3, stream=buf)  # not a tty: quiet
    p.update()
    p.close()
    assert buf.getvalue() == ""
    buf = io.StringIO()
    p = Progress(3, stream=buf, enabled=True)
    for _ in range(3):
        p.update()
    p.close()
    assert "3/3" in buf.getvalue()


def _result() -> AuditResult:
    fs = [Finding(rule="axe:image-alt", severity="error", message="图像必须有替代文本（影响：致命，1 处）",
                  source="GB/T 37668-2019 对应 WCAG 2.x 1.1.1（axe-core image-alt）", site="s", page="a.html",
                  extra={"impact": "critical", "tags": ["wcag2a", "wcag111"], "selectors": ["img"],
                         "help": "图像必须有替代文本", "helpUrl": "https://dequeuniversity.com/rules/axe/4.14/image-alt"}),
          Finding(rule="ELD006", severity="warning", message="小 & <目标>", source="适老化", site="s", page="b.html",
                  extra={"selectors": ["a.x"]})]
    from lint.audit import elderly
    site = {"id": "s", "name": "江南市人民政府", "pages": 2, "site_pages": 9, "cached": 0}
    return AuditResult(today="2026-11-24", sites=[site],
                       findings=fs, rules=dict(elderly.RULES), axe={"version": "4.14.1", "origin": "node_modules"},
                       tags=["wcag2a"])


@pytest.mark.parametrize("use_linter", [False, True], ids=["own", "lint.reporters"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "html"])
def test_reporters_render(fmt, use_linter):
    if use_linter:
        pytest.importorskip("lint.reporters")
    r = _result()
    text = render(fmt, r, use_linter=use_linter)
    if fmt == "json":
        d = json.loads(text)
        assert d["version"] == 1 and d["today"] == "2026-11-24" and d["axe"]["version"] == "4.14.1"
        assert d["sites"][0]["id"] == "s" and d["summary"]["error"] == 1
        assert d["findings"][0]["rule"] == "axe:image-alt" and d["findings"][0]["impact"] == "critical"
        assert set(d["findings"][0]) >= {"rule", "severity", "site", "page", "line", "file", "message", "source"}
    elif fmt == "sarif":
        d = json.loads(text)
        assert d["version"] == "2.1.0" and len(d["runs"][0]["results"]) == 2
    elif fmt == "junit":
        root = ET.fromstring(text)
        assert root.tag == "testsuites" and root.get("failures") == "1"
        assert "axe:image-alt" in text
    elif fmt == "html":
        assert "小 &amp; &lt;目标&gt;" in text and "<script" not in text
    else:
        assert "axe:image-alt" in text and "ELD006" in text and "s" in text
    assert r.exit_code == 1


def test_linter_formats_available_through_the_audit():
    pytest.importorskip("lint.reporters")
    r = _result()
    assert "::error" in render("github", r) and json.loads(render("gitlab", r))


def test_cli_usage_errors(tmp_path, capsys):
    assert cli.main(["--html-dir", str(PAGES), "--pages", "some"]) == 2
    assert "--pages" in capsys.readouterr().err
    assert cli.main(["--out", str(tmp_path / "none")]) == 2
    assert "找不到输出目录" in capsys.readouterr().err
    assert cli.main(["--html-dir", str(PAGES), "--workers", "0"]) == 2
    assert cli.main(["--html-dir", str(PAGES), "--format", "xml"]) == 2
    assert "参数 --format 的取值 'xml' 无效" in capsys.readouterr().err
    assert cli.main(["--html-dir", str(PAGES), "--workers", "two"]) == 2
    assert "参数 --workers 应为整数，而不是 'two'" in capsys.readouterr().err
    assert cli.main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法：python -m lint.audit") and "\n选项:\n" in shown
    assert "显示本帮助并退出" in shown and "usage:" not in shown and "options:" not in shown


def test_cli_all_cached_needs_no_browser(tmp_path, monkeypatch):
    """With every page in the cache, no browser is started (and none is needed)."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy2(PAGES / "index.html", site / "index.html")
    from lint.audit import cli as c
    from lint.audit.axe import load_axe
    from lint.audit.pages import discover_html_dir
    from lint.audit.runner import AuditOptions

    axe = load_axe()
    page = discover_html_dir(site, "s")["s"][0]
    cache = AuditCache(tmp_path / "cache")
    srv = StaticServer({"/s/": site})
    key = cache.key(page, srv.fs_path, cache.salt(axe.version, AuditOptions().cache_options()))
    cache.put(key, {"findings": [], "screens": {}, "elder": {"status": "on"}, "seconds": 1.0})
    monkeypatch.setenv("JIYUE_CHROMEDRIVER", str(tmp_path / "missing"))
    rc = c.main(["--html-dir", str(site), "--site", "s", "--cache-dir", str(tmp_path / "cache"),
                 "--format", "json", "--report", str(tmp_path / "r.json")])
    data = json.loads((tmp_path / "r.json").read_text())
    assert rc == 0 and data["stats"]["cached"] == 1 and data["stats"]["audited"] == 0


def test_axe_from_node_modules_else_bundled_with_a_warning(monkeypatch, tmp_path):
    from lint.audit import axe as axem

    pkg = json.loads((Path(axem.REPO_ROOT) / "package.json").read_text())
    if axem.NODE_AXE.is_file():
        a = axem.load_axe()
        assert a.origin == "node_modules" and a.version == pkg["dependencies"]["axe-core"]
        assert a.locale and "axe.configure" in a.full_source  # Chinese help texts
    monkeypatch.setattr(axem, "NODE_AXE", tmp_path / "missing" / "axe.min.js")
    monkeypatch.setattr(axem, "_cached", None)
    warnings = []
    b = axem.load_axe(warn=warnings.append)
    assert b.origin == "axe-selenium-python" and b.version == "4.10.2"
    assert len(warnings) == 1 and "npm ci" in warnings[0]
    monkeypatch.setattr(axem, "_cached", None)
