"""The demo platform (site_src/) built with the real command: every page of every site
carries the page tags of its type with the values of its site.toml, the footer
identifiers, the header name; the 网站地图 lists exactly the columns; it lints clean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from jiyue.siteconfig import load_platform

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "site_src"
PLATFORM = load_platform(SRC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "output"
    res = subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(SRC), "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    return out


def pages(out: Path, site_id: str):
    manifest = json.loads((out / ".jiyue" / site_id / "pages.json").read_text(encoding="utf-8"))["pages"]
    for path, info in manifest.items():
        yield path, info, LexborHTMLParser((out / site_id / path).read_text(encoding="utf-8"))


def meta(tree, name):
    node = tree.css_first(f'meta[name="{name}"]')
    return node.attributes.get("content") if node is not None else None


def test_demo_has_portal_and_departments():
    kinds = [s.kind for s in PLATFORM.sites.values()]
    assert kinds.count("portal") == 1 and kinds.count("department") >= 2
    assert any(s.provides_services for s in PLATFORM.sites.values() if s.kind == "department")
    assert any(not s.provides_services for s in PLATFORM.sites.values() if s.kind == "department")
    n = sum(1 for _ in SRC.rglob("*.md"))
    assert n >= 80, n


@pytest.mark.parametrize("site_id", sorted(PLATFORM.sites))
def test_every_page_has_its_page_tags(demo, site_id):
    site = PLATFORM.sites[site_id]
    seen_types = set()
    for path, info, tree in pages(demo, site_id):
        seen_types.add(info["type"])
        assert meta(tree, "SiteName") == site.name, path
        assert meta(tree, "SiteDomain") == site.domain, path
        assert meta(tree, "SiteIDCode") == site.site_code, path
        if info["type"] in ("column", "content"):
            column = site.column(info["column"])
            assert meta(tree, "ColumnName") == column.name, path
            assert meta(tree, "ColumnDescription") == column.description, path
            assert meta(tree, "ColumnKeywords") == column.keywords, path
            assert meta(tree, "ColumnType") == column.type, path
        else:
            assert meta(tree, "ColumnName") is None, path
        if info["type"] == "content":
            h1 = tree.css_first("main h1")
            assert meta(tree, "ArticleTitle") == h1.text(strip=True), path
            pub = meta(tree, "PubDate")
            assert pub and len(pub) == 16 and pub[4] == "-" and pub[13] == ":", (path, pub)
            assert meta(tree, "ContentSource"), path
            assert tree.css_first(".article-meta time") is not None, path
        else:
            assert meta(tree, "ArticleTitle") is None, path
    assert {"home", "column", "content", "sitemap"} <= seen_types


@pytest.mark.parametrize("site_id", sorted(PLATFORM.sites))
def test_every_page_has_header_name_and_footer_identifiers(demo, site_id):
    site = PLATFORM.sites[site_id]
    for path, _info, tree in pages(demo, site_id):
        assert tree.css_first("html").attributes.get("lang") == "zh-CN", path
        assert tree.css_first("header .site-name").text(strip=True) == site.name, path
        footer = tree.css_first("footer.site-footer")
        text = footer.text(separator=" ")
        assert f"网站标识码" in text and site.site_code in text, path
        assert site.host_org in text and site.contact in text and site.chinese_domain in text, path
        icp = footer.css_first('[data-gov="icp"] a')
        assert icp.attributes["href"] == "https://beian.miit.gov.cn/" and icp.text(strip=True) == site.icp, path
        police = footer.css_first('[data-gov="police_record"] a')
        assert site.police_digits in police.attributes["href"] and police.css_first("img") is not None, path
        assert site.police_record in police.text(), path
        conac = footer.css_first('[data-gov="conac"] a')
        assert site.conac_id in conac.attributes["href"] and "bszs.conac.cn" in conac.attributes["href"], path
        jiucuo = footer.css_first('[data-gov="jiucuo"] a')
        assert f"site_code={site.site_code}" in jiucuo.attributes["href"], path
        assert "我为政府网站找错" in jiucuo.text(), path
        assert footer.css_first('[data-gov="sitemap"] a') is not None, path
        assert tree.css_first("[data-elder-toggle]") is not None, path
        assert tree.css_first('a.skip-link[href="#main-content"]') is not None and tree.css_first(
            "main#main-content") is not None, path
        own = {"", site.domain}  # the 404 page links the site by its absolute URL
        for script in tree.css("script[src]"):
            src = script.attributes["src"]
            assert urlsplit(src).netloc in own, f"{path}: external script {src}"
        assert not tree.css("script:not([src])"), f"{path}: inline script"
        for link in tree.css("link[href]"):
            assert urlsplit(link.attributes["href"]).netloc in own, f"{path}: external stylesheet or font"


@pytest.mark.parametrize("site_id", sorted(PLATFORM.sites))
def test_sitemap_lists_exactly_the_columns(demo, site_id):
    site = PLATFORM.sites[site_id]
    tree = LexborHTMLParser((demo / site_id / "sitemap.html").read_text(encoding="utf-8"))
    main = tree.css_first("main")
    linked = set()
    for a in main.css("a[href]"):
        href = unquote(a.attributes["href"])
        parts = href.rstrip("/").split("/")
        if href.endswith("index.html") and len(parts) >= 2:
            linked.add(parts[-2])
    assert linked == {c.id for c in site.columns}
    xml = (demo / site_id / "sitemap.xml").read_text(encoding="utf-8")
    for c in site.columns:
        assert f"https://{site.domain}/{c.id}/" in xml


def test_column_pages_list_items_with_dates(demo):
    for site_id in PLATFORM.sites:
        for path, info, tree in pages(demo, site_id):
            if info["type"] != "column":
                continue
            for li in tree.css("main .item-list li"):
                assert li.css_first("time") is not None, (site_id, path, li.html)


def test_demo_lints_clean(demo):
    res = subprocess.run([sys.executable, "-m", "lint", "--src", str(SRC), "--out", str(demo), "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    data = json.loads(res.stdout)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert res.returncode == 0 and not errors, json.dumps(errors[:20], ensure_ascii=False, indent=1)
    assert all(not s["veto"] for s in data["sites"])


def test_rebuild_is_byte_identical_except_build_stamp(demo, tmp_path):
    """Two builds of the same sources publish the same bytes (reproducible output)."""
    out2 = tmp_path / "output"
    res = subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(SRC), "--out", str(out2), "--no-lint"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ})
    assert res.returncode == 0, res.stderr
    for site_id in PLATFORM.sites:
        a = json.loads((demo / ".jiyue" / site_id / "manifest.json").read_text(encoding="utf-8"))["files"]
        b = json.loads((out2 / ".jiyue" / site_id / "manifest.json").read_text(encoding="utf-8"))["files"]
        assert a == b, site_id
