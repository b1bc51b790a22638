"""The 三审 publish log (plugins/gov_publishlog): one JSON line per published article in
output/.jiyue/<site>/publish-log.jsonl — who, what, when, from which commit — written
beside the site, never inside it; the reviewers' names appear on no public page."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from jiyue.build import build
from platform_factory import article, make_platform

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-24"
NAMES = {"editor": "编辑甲一", "reviewer": "审核乙二", "approver": "签发丙三"}


def quiet(_msg):
    pass


def _platform(tmp_path: Path) -> Path:
    src = make_platform(tmp_path)
    for path in src.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("Editor: 张敏", f"Editor: {NAMES['editor']}").replace(
            "Reviewer: 李强", f"Reviewer: {NAMES['reviewer']}").replace("Approver: 王磊", f"Approver: {NAMES['approver']}")
        path.write_text(text, encoding="utf-8")
    # an article dated after the check date is never published, so it is not logged
    (src / "jiangnan" / "zwdt" / "future.md").write_text(
        article("未来的文章", "2026-12-20 09:00", "正文。", Editor="编辑丁四", Reviewer="审核戊五", Approver="签发己六"),
        encoding="utf-8")
    return src


def test_publish_log_per_site(tmp_path):
    src = _platform(tmp_path)
    out = tmp_path / "output"
    res = build(src, out, lint=False, today=TODAY, log=quiet)
    assert res.code == 0
    for site in ("jiangnan", "tjj"):
        log = out / ".jiyue" / site / "publish-log.jsonl"
        rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        sources = sorted(p.relative_to(src / site).as_posix() for p in (src / site).rglob("*.md")
                         if p.name != "future.md")
        assert sorted(r["source"] for r in rows) == sources
        assert [r["url"] for r in rows] == sorted(r["url"] for r in rows)
        for r in rows:
            assert set(r) == {"site", "url", "source", "title", "date", "editor", "reviewer", "approver", "built_at",
                              "source_commit"}
            assert r["site"] == site and (out / site / r["url"]).is_file()
            assert (r["editor"], r["reviewer"], r["approver"]) == (NAMES["editor"], NAMES["reviewer"],
                                                                  NAMES["approver"])
            assert len(r["date"]) == 16 and r["built_at"].endswith("+08:00")
            assert r["source_commit"] is None  # tmp_path is not a git repository
        assert not any(r["title"] == "未来的文章" for r in rows)
        assert not list((out / site).rglob("publish-log*"))


def test_reviewer_names_are_on_no_public_page(tmp_path):
    src = _platform(tmp_path)
    out = tmp_path / "output"
    assert build(src, out, lint=False, today=TODAY, log=quiet).code == 0
    checked = 0
    for site in ("jiangnan", "tjj"):
        for path in (out / site).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for name in NAMES.values():
                    assert name.encode("utf-8") not in data, (path, name)
                checked += 1
    assert checked > 40
    assert NAMES["editor"] in (out / ".jiyue" / "jiangnan" / "publish-log.jsonl").read_text(encoding="utf-8")


def test_demo_log_records_the_source_commit(tmp_path):
    out = tmp_path / "output"
    res = build(ROOT / "site_src", out, lint=False, log=quiet, site="tjj")
    assert res.code == 0
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT / "site_src", capture_output=True, text=True)
    expected = head.stdout.strip() if head.returncode == 0 else None
    rows = [json.loads(line) for line in
            (out / ".jiyue" / "tjj" / "publish-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["source_commit"] == expected for r in rows)
    assert all(r["editor"] and r["reviewer"] and r["approver"] for r in rows)


def test_built_at_honours_source_date_epoch(monkeypatch):
    from gov_publishlog.gov_publishlog import built_at

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")  # 2026-11-24 00:00 UTC
    assert built_at() == "2026-11-24T08:00:00+08:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert built_at().endswith("+08:00") and os.environ.get("SOURCE_DATE_EPOCH") is None
