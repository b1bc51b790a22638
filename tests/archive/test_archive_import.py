"""Migration of a legacy site's HTML folder (issue part 5), with real pages of
邯郸市政府信息公开平台 from ../shared/corpus/real-gov-pages/ laid out as on
their site, one of them re-encoded as GB2312 the way old TRS sites served it."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest
from conftest import CORPUS, crawl, html_files, run_cli
from selectolax.lexbor import LexborHTMLParser
from warcio.archiveiterator import ArchiveIterator

from jiyue.archive import check_archived_page, verify

DATE = "2026-11-19"
LEGACY = "hdzfxxgk.hd.gov.cn"
ARTICLE = "gszbm/auto23716/202008/t20200802_1352104.html"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus ../shared/corpus/real-gov-pages missing")


@pytest.fixture
def legacy(platform):
    d = platform / "legacy-hdzfxxgk"
    (d / "zfwj/jinqixxgk").mkdir(parents=True)
    (d / "zfxxgkzn").mkdir(parents=True)
    (d / "gszbm/auto23716/202008").mkdir(parents=True)
    shutil.copy(CORPUS / "handan-gov-xxgk-list.html", d / "zfwj/jinqixxgk/index.html")
    shutil.copy(CORPUS / "handan-gov-xxgk-guide.html", d / "zfxxgkzn/index.html")
    text = (CORPUS / "handan-gov-xxgk-article.html").read_text(encoding="utf-8")
    text = re.sub("charset=UTF-8", "charset=gb2312", text, flags=re.I)
    (d / ARTICLE).write_bytes(text.encode("gb18030"))
    # one asset the pages reference by root-absolute and relative paths
    (d / "images").mkdir()
    (d / "images/red.png").write_bytes(b"\x89PNG\r\n\x1a\nred")
    return d


@pytest.fixture
def imported(legacy, platform):
    assert run_cli("--import", str(legacy), "--site", "jiangnan", "--date", DATE,
                   "--domain", LEGACY, "--reason", "邯郸信息公开平台并入") == 0
    return platform / "output/jiangnan/archive" / DATE


def test_import_gives_a_verified_snapshot(imported, capsys):
    capsys.readouterr()
    assert run_cli("--verify") == 0
    out = capsys.readouterr().out
    assert "校验通过" in out
    # links the legacy capture lacked were left as they are and are reported
    assert "[ARC003] 警告" in out and "归档时即已缺失" in out
    findings, _n = verify("output", "jiangnan")
    assert findings and {f.severity for f in findings} == {"warning"}
    assert {f.rule for f in findings} == {"ARC003"}


def test_every_imported_page_has_banner_noindex_and_utf8(imported, legacy):
    pages = html_files(imported)
    assert pages == {"index.html", "zfwj/jinqixxgk/index.html", "zfxxgkzn/index.html", ARTICLE}
    for rel in pages:
        raw = (imported / rel).read_bytes()
        text = raw.decode("utf-8")  # everything is UTF-8 now
        assert check_archived_page(text, DATE) == [], rel
        tree = LexborHTMLParser(text)
        assert "https://www.jiangnan.gov.cn/" == tree.css_first(".archive-banner a.archive-live").attributes["href"]
    article = (imported / ARTICLE).read_text(encoding="utf-8")
    assert 'content="text/html; charset=utf-8"' in article and "gb2312" not in article.lower()
    original = (legacy / ARTICLE).read_bytes().decode("gb18030")
    title = LexborHTMLParser(original).css_first("title").text()
    assert title and LexborHTMLParser(article).css_first("title").text() == title


def test_import_keeps_legacy_markup_and_rewrites_own_links(imported, legacy):
    guide = (imported / "zfxxgkzn/index.html").read_text(encoding="utf-8")
    before = (legacy / "zfxxgkzn/index.html").read_text(encoding="utf-8")
    # own-domain links that reach an imported page became relative
    assert 'href="http://hdzfxxgk.hd.gov.cn/zfxxgkzn/"' in before
    assert 'href="http://hdzfxxgk.hd.gov.cn/zfxxgkzn/"' not in guide
    assert '<a href="index.html"><em class="zwxxgk_bnt1"></em>' in guide
    # links to pages the folder does not have stay as they were
    assert 'href="http://hdzfxxgk.hd.gov.cn/zfwj/yjgl/"' in guide
    # other hosts untouched
    assert 'href="http://www.hd.gov.cn/qcrx/"' in guide
    # the rest of the markup is the legacy page's, line for line, except the edited lines
    a, b = before.splitlines(), guide.splitlines()
    assert len(a) == len(b)
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert len(changed) < 40
    article = (imported / ARTICLE).read_text(encoding="utf-8")
    assert 'src="../../../images/red.png"' in article or 'src="../images/red.png"' in article


def test_import_is_browsable_from_its_index(imported):
    reached, leaving, broken = crawl(imported)
    assert html_files(imported) <= reached
    for page, _tag, url, in_banner in leaving:
        assert not url.startswith("https://www.jiangnan.gov.cn") or in_banner
    # what is broken is exactly what the manifest recorded as missing at import time
    manifest = json.loads((imported / "manifest.json").read_text(encoding="utf-8"))
    known = {(u["page"], u["url"]) for u in manifest["unresolved_links"]}
    assert set(broken) <= known


def test_import_manifest_and_warc(imported):
    manifest = json.loads((imported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "import" and manifest["domain"] == LEGACY
    assert manifest["source"] == "legacy-hdzfxxgk" and manifest["source_commit"] is None
    by_url = {f["url"]: f for f in manifest["files"]}
    assert f"https://{LEGACY}/{ARTICLE}" in by_url
    n = 0
    with open(imported / "snapshot.warc.gz", "rb") as fh:
        for rec in ArchiveIterator(fh, check_digests=True):
            if rec.rec_type == "response":
                entry = by_url[rec.rec_headers.get_header("WARC-Target-URI")]
                assert hashlib.sha256(rec.content_stream().read()).hexdigest() == entry["sha256"]
                n += 1
    assert n == len(manifest["files"])


def test_import_is_listed_and_immutable(imported, legacy, platform, capsys):
    live = (platform / "output/jiangnan/archive/index.html").read_text(encoding="utf-8")
    assert f'href="{DATE}/index.html"' in live and "邯郸信息公开平台并入" in live
    assert run_cli("--import", str(legacy), "--site", "jiangnan", "--date", DATE, "--domain", LEGACY) == 2
    assert "已存在" in capsys.readouterr().err


def test_import_usage_errors(platform, legacy, capsys):
    assert run_cli("--import", str(legacy), "--site", "jiangnan") == 2
    assert "--date" in capsys.readouterr().err
    assert run_cli("--import", str(platform / "nope"), "--site", "jiangnan", "--date", DATE) == 2
    assert "不存在" in capsys.readouterr().err
    empty = platform / "empty"
    empty.mkdir()
    (empty / "a.txt").write_text("x")
    assert run_cli("--import", str(empty), "--site", "jiangnan", "--date", DATE) == 2
    assert "没有 HTML 页面" in capsys.readouterr().err


def test_domain_is_guessed_when_not_given(platform):
    d = platform / "wanzai"
    d.mkdir()
    shutil.copy(CORPUS / "wanzai-gov-article-tjgb2022.html", d / "tjgb2022.html")
    shutil.copy(CORPUS / "yichun-gov-home.html", d / "index.html")
    assert run_cli("--import", str(d), "--site", "jiangnan", "--date", DATE) == 0
    m = json.loads((platform / "output/jiangnan/archive" / DATE / "manifest.json").read_text(encoding="utf-8"))
    assert m["domain"] in ("www.wanzai.gov.cn", "www.yichun.gov.cn")
    assert {"www.wanzai.gov.cn", "www.yichun.gov.cn"} <= set(m["domains"])
    assert run_cli("--verify") == 0


def test_saved_dynamic_pages_are_archived_as_pages(platform, capsys):
    d = platform / "legacy-jsp"
    (d / "affairs").mkdir(parents=True)
    # the 邯郸 pages were found saved as .jsp; a crawl of a JSP site keeps those names
    shutil.copy(CORPUS / "handan-gov-xxgk-guide.html", d / "affairs/gkzn.jsp")
    (d / "affairs/data.php").write_text('{"total": 6}', encoding="utf-8")  # not a page
    assert run_cli("--import", str(d), "--site", "jiangnan", "--date", DATE, "--domain", LEGACY) == 0
    snap = platform / "output/jiangnan/archive" / DATE
    assert check_archived_page((snap / "affairs/gkzn.jsp").read_text(encoding="utf-8"), DATE) == []
    assert (snap / "affairs/data.php").read_text(encoding="utf-8") == '{"total": 6}'
    m = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    types = {f["path"]: f["content_type"] for f in m["files"]}
    assert types["affairs/gkzn.jsp"].startswith("text/html")
    assert types["affairs/data.php"] == "application/octet-stream"
    index = (snap / "index.html").read_text(encoding="utf-8")
    assert 'href="affairs/gkzn.jsp"' in index
    assert run_cli("--verify") == 0
