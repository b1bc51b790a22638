"""A snapshot of the real demo portal (site_src/jiangnan built by jiyue.build)."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from conftest import PAST, ROOT, crawl, html_files, run_cli
from warcio.archiveiterator import ArchiveIterator

from jiyue.archive import check_archived_page

SRC = ROOT / "site_src"
SITE = "jiangnan"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    build_mod = pytest.importorskip("jiyue.build")
    if not (SRC / SITE / "site.toml").is_file():
        pytest.skip("site_src/jiangnan missing")
    out = tmp_path_factory.mktemp("demo") / "output"
    result = build_mod.build(SRC, out, site=SITE, lint=False, log=lambda m: None)
    if result.code != 0 or not (out / SITE / "index.html").is_file():
        pytest.skip(f"the demo portal does not build right now (exit {result.code})")
    assert run_cli("--site", SITE, "--date", PAST, "--reason", "演示门户整站归档",
                   "--src", str(SRC), "--out", str(out)) == 0
    return out


def snap_of(out):
    return out / SITE / "archive" / PAST


def test_every_demo_page_is_archived_with_banner_and_noindex(demo):
    snap = snap_of(demo)
    live = {p for p in html_files(demo / SITE) if not p.startswith(f"archive/{PAST}/")}
    assert html_files(snap) == live and len(live) > 20
    for rel in sorted(live):
        assert check_archived_page((snap / rel).read_text(encoding="utf-8"), PAST) == [], rel


def test_demo_crawl_reaches_every_page_without_leaving(demo):
    snap = snap_of(demo)
    reached, leaving, broken = crawl(snap)
    assert broken == []
    # pages the live site itself does not link from its home page (404.html, served by the
    # web server on errors, and any page the theme does not link yet) cannot be reached in
    # the snapshot either; every page the live site reaches, the snapshot reaches
    live_reached, _l, _b = crawl(demo / SITE)
    live_all = {p for p in html_files(demo / SITE) if not p.startswith(f"archive/{PAST}/")}
    live_orphans = live_all - live_reached
    assert html_files(snap) - reached == live_orphans
    assert len(reached & html_files(snap)) > 20
    for page, _tag, url, in_banner in leaving:
        if "www.jiangnan.gov.cn" in url.split("/")[2:3]:
            assert in_banner, (page, url)


def test_demo_snapshot_verifies_and_detects_tampering(demo, tmp_path, capsys):
    assert run_cli("--verify", "--out", str(demo)) == 0
    copy = tmp_path / "output"
    shutil.copytree(demo, copy)
    page = next(p for p in sorted(snap_of(copy).rglob("*.html")) if p.name != "index.html")
    data = bytearray(page.read_bytes())
    data[len(data) // 2] ^= 0x20
    page.write_bytes(bytes(data))
    capsys.readouterr()
    assert run_cli("--verify", "--out", str(copy)) == 1
    rel = page.relative_to(copy / SITE).as_posix()
    assert f"{rel}: [ARC002]" in capsys.readouterr().out


def test_demo_warc_matches_manifest(demo):
    snap = snap_of(demo)
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    by_url = {f["url"]: f for f in manifest["files"]}
    assert manifest["domain"] == "www.jiangnan.gov.cn"
    seen = set()
    with open(snap / "snapshot.warc.gz", "rb") as fh:
        for rec in ArchiveIterator(fh, check_digests=True):
            if rec.rec_type == "response":
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                assert hashlib.sha256(rec.content_stream().read()).hexdigest() == by_url[uri]["sha256"]
                seen.add(uri)
    assert seen == set(by_url)


def test_demo_live_archive_page_lists_the_snapshot(demo):
    page = (demo / SITE / "archive" / "index.html").read_text(encoding="utf-8")
    assert f'href="{PAST}/index.html"' in page and "演示门户整站归档" in page
