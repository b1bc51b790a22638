"""Whole-site snapshots of a built site (issue parts 2 and 3)."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import PAST, crawl, html_files, run_cli
from selectolax.lexbor import LexborHTMLParser

from jiyue.archive import check_archived_page
from jiyue.archive.banner import banner_container

DOMAIN = "www.jiangnan.gov.cn"
REASON = "机构改革前整站存档"


@pytest.fixture
def snap(platform):
    assert run_cli("--site", "jiangnan", "--date", PAST, "--reason", REASON) == 0
    return platform / "output" / "jiangnan" / "archive" / PAST


def test_snapshot_holds_the_whole_site_without_archives(snap, platform):
    site = platform / "output" / "jiangnan"
    live = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and not p.relative_to(site).as_posix().startswith(f"archive/{PAST}/")}
    copied = {p.relative_to(snap).as_posix() for p in snap.rglob("*") if p.is_file()}
    assert copied == live | {"manifest.json", "snapshot.warc.gz"}
    assert not any(p.startswith(f"archive/{PAST}") for p in copied)
    # binary files are copied byte for byte
    for rel in ("files/photo.jpg", "files/通知.pdf", "theme/img/logo.png", "theme/js/elder.js"):
        assert (snap / rel).read_bytes() == (site / rel).read_bytes()
    # no temporary folder left behind
    assert [p.name for p in (site / "archive").iterdir() if p.name.startswith(".")] == []


def test_every_page_carries_banner_and_noindex(snap):
    pages = html_files(snap)
    assert len(pages) == 10
    for rel in pages:
        tree = LexborHTMLParser((snap / rel).read_text(encoding="utf-8"))
        assert check_archived_page(tree, PAST) == [], rel
        banner = tree.css_first(".archive-banner")
        container = banner_container(tree)
        assert container.tag == "main", rel
        first = next(c for c in container.iter() if c.is_element_node)
        assert first.mem_id == banner.mem_id, rel
        text = banner.text()
        assert "已归档" in text and f"归档时间：{PAST}" in text and REASON in text
        assert banner.attributes["data-archived"] == PAST
        assert banner.css_first("a.archive-live").attributes["href"] == f"https://{DOMAIN}/"
        assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"
        assert tree.css_first('meta[name="ArchiveDate"]').attributes["content"] == PAST
        assert len(tree.css(".archive-banner")) == 1


def test_crawl_from_index_reaches_every_page_and_never_leaves(snap):
    reached, leaving, broken = crawl(snap)
    assert html_files(snap) <= reached
    assert broken == []
    for page, tag, url, in_banner in leaving:
        host = url.split("//", 1)[1].split("/", 1)[0].lower()
        if host == DOMAIN:
            assert in_banner, (page, url)  # links back to the live site: only in the banner
    # every asset that pages use is reached too (css, its url()s, images, srcset, attachments)
    for rel in ("theme/css/site.css", "theme/css/print.css", "theme/img/bg.png", "theme/img/icon.svg",
                "files/photo@2x.jpg", "files/通知.pdf", "files/report.pdf", "theme/js/elder.js"):
        assert rel in reached, rel
    banner_links = [x for x in leaving if x[3]]
    assert len(banner_links) == len(html_files(snap))


def test_links_are_rewritten_and_markup_otherwise_intact(snap, platform):
    site = platform / "output" / "jiangnan"
    home = (snap / "index.html").read_text(encoding="utf-8")
    assert '<a href="zwdt/index.html">政务动态</a>' in home  # folder link → its index.html
    assert '<a href="zwdt/a2.html">' in home  # https://www.jiangnan.gov.cn/zwdt/a2.html
    assert '<a href="zcwj/p1.html?from=home#top">' in home  # http://WWW.JIANGNAN.GOV.CN/... keeps ?query#frag
    assert '<a href="https://tjj.jiangnan.gov.cn/">' in home  # another site of the platform stays
    assert "style=\"background-image: url('theme/img/bg.png')\"" in home
    assert 'href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3299000001&amp;url=' in home
    a1 = (snap / "zwdt/a1.html").read_text(encoding="utf-8")
    assert '<a href="../zcwj/p1.html">' in a1 and '<a href="../zcwj/index.html">' in a1
    a2 = (snap / "zwdt/a2.html").read_text(encoding="utf-8")
    assert '<a href="../files/%E9%80%9A%E7%9F%A5.pdf">' in a2
    assert '<source srcset="../files/photo@2x.jpg 2x" type="image/jpeg"><img src="../files/photo.jpg"' in a2
    css = (snap / "theme/css/site.css").read_text(encoding="utf-8")
    assert 'url("../img/icon.svg")' in css and "url('../img/logo.png')" in css
    assert "url(../img/bg.png)" in css and "url(https://cdn.example.org/x.png)" in css
    # a page that needed no rewriting differs only by the inserted banner and meta tags
    snap_a3 = (snap / "zwdt/a3.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(snap_a3)
    banner = tree.css_first(".archive-banner").html
    metas = f'<meta name="robots" content="noindex"><meta name="ArchiveDate" content="{PAST}">'
    assert snap_a3.replace(banner, "", 1).replace(metas, "", 1) == (site / "zwdt/a3.html").read_text(encoding="utf-8")


def test_manifest_lists_every_file_with_size_and_sha256(snap):
    m = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    assert m["site"] == "jiangnan" and m["date"] == PAST and m["reason"] == REASON
    assert m["kind"] == "site" and m["domain"] == DOMAIN
    assert m["archived_at"].endswith("+08:00")
    assert "source_commit" in m  # null outside a git work tree
    on_disk = {p.relative_to(snap).as_posix() for p in snap.rglob("*") if p.is_file()}
    listed = {f["path"]: f for f in m["files"]}
    assert set(listed) == on_disk - {"manifest.json", "snapshot.warc.gz"}
    for rel, f in listed.items():
        data = (snap / rel).read_bytes()
        assert f["size"] == len(data)
        assert f["sha256"] == hashlib.sha256(data).hexdigest()
        assert f["url"].startswith(f"https://{DOMAIN}/")
    assert listed["index.html"]["content_type"] == "text/html; charset=utf-8"
    assert listed["files/通知.pdf"]["url"] == f"https://{DOMAIN}/files/%E9%80%9A%E7%9F%A5.pdf"
    assert m["unresolved_links"] == []


def test_second_archive_on_the_same_date_is_refused(snap, capsys):
    before = {p: p.read_bytes() for p in snap.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert run_cli("--site", "jiangnan", "--date", PAST, "--reason", "再来一次") == 2
    err = capsys.readouterr().err
    assert "已存在" in err and PAST in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in snap.rglob("*") if p.is_file()} == before
    assert [p.name for p in snap.parent.iterdir() if p.name.startswith(".")] == []


def test_later_snapshot_excludes_earlier_ones_and_unlinks_them(snap, platform):
    assert run_cli("--site", "jiangnan", "--date", "2026-11-21") == 0
    second = snap.parent / "2026-11-21"
    assert not (second / "archive" / PAST).exists()
    page = (second / "archive/index.html").read_text(encoding="utf-8")
    # the 归档 page as it was, but its link to the other snapshot no longer leaves this one
    assert f'data-archive-href="{PAST}/index.html"' in page
    assert f' href="{PAST}/index.html"' not in page
    reached, leaving, broken = crawl(second)
    assert broken == [] and html_files(second) <= reached
    m = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert m["excluded"] == [f"archive/{PAST}/"]
    assert run_cli("--verify") == 0


def test_live_archive_page_lists_every_snapshot(snap, platform):
    assert run_cli("--site", "jiangnan", "--date", "2026-11-21", "--reason", "第二次") == 0
    live = (platform / "output/jiangnan/archive/index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(live)
    items = tree.css("ul.snapshot-list li")
    assert [li.css_first("a").attributes["href"] for li in items] == ["2026-11-21/index.html", f"{PAST}/index.html"]
    assert "第二次" in items[0].text() and REASON in items[1].text()
    assert tree.css_first(".archive-banner") is None  # the live page itself is not archived
    assert live.count("<main") == 1 and "跳到主要内容" in live  # the rest of the page kept


def test_missing_archive_page_is_created(platform):
    (platform / "output/jiangnan/archive/index.html").unlink()
    (platform / "output/jiangnan/archive").rmdir()
    assert run_cli("--site", "jiangnan", "--date", PAST) == 0
    page = (platform / "output/jiangnan/archive/index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    assert tree.css_first("html").attributes["lang"] == "zh-CN"
    assert [a.attributes["href"] for a in tree.css("ul.snapshot-list a")] == [f"{PAST}/index.html"]


def test_theme_empty_note_is_removed(platform):
    page = platform / "output/jiangnan/archive/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</ul>\n</section>", '</ul>\n<p class="empty-note">暂无网站归档版本。</p></section>'), encoding="utf-8")
    assert "empty-note" in page.read_text(encoding="utf-8")
    assert run_cli("--site", "jiangnan", "--date", PAST) == 0
    text = page.read_text(encoding="utf-8")
    assert "empty-note" not in text and f"{PAST} 归档版本" in text


@pytest.mark.parametrize("argv, expect", [
    (("--site", "jiangnan", "--date", "2026-02-30"), "归档日期不存在"),
    (("--site", "jiangnan", "--date", "20261120"), "YYYY-MM-DD"),
    (("--site", "jiangnan", "--date", "2999-01-01"), "晚于今天"),
    (("--site", "nowhere"), "未知站点"),
    (("--site", "../etc"), "站点 id 格式错误"),
    (("--date", PAST), "--site"),
    (("--frobnicate",), "参数错误"),
])
def test_usage_errors_exit_2_in_chinese(platform, capsys, argv, expect):
    assert run_cli(*argv) == 2
    err = capsys.readouterr().err
    assert expect in err and "Traceback" not in err
    assert not (platform / "output/jiangnan/archive" / PAST).exists()


def test_site_not_built(platform, capsys):
    import shutil

    shutil.rmtree(platform / "output" / "jiangnan")
    assert run_cli("--site", "jiangnan", "--date", PAST) == 2
    assert "尚未构建" in capsys.readouterr().err


def test_refused_while_a_build_holds_the_output_lock(platform, capsys):
    from jiyue import publish

    with publish.lock(platform / "output"):
        assert run_cli("--site", "jiangnan", "--date", PAST) == 2
    assert "请稍后再试" in capsys.readouterr().err
    assert not (platform / "output/jiangnan/archive" / PAST).exists()


def test_failed_run_leaves_no_half_written_snapshot(platform, monkeypatch):
    from jiyue.archive import snapshot

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    original = snapshot.write_warc
    monkeypatch.setattr(snapshot, "write_warc", boom)
    assert run_cli("--site", "jiangnan", "--date", PAST) == 2
    archive = platform / "output/jiangnan/archive"
    assert sorted(p.name for p in archive.iterdir()) == ["index.html"]
    monkeypatch.setattr(snapshot, "write_warc", original)
    assert run_cli("--site", "jiangnan", "--date", PAST) == 0
