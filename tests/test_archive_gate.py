"""Snapshots survive rebuilds, appear on the 归档 page, and the lint gate checks them (ARC001)."""

from __future__ import annotations

from jiyue.archive import create_snapshot
from jiyue.build import build
from platform_factory import article, make_platform


def test_snapshot_survives_rebuild_and_is_gated(tmp_path):
    src = make_platform(tmp_path)
    out = tmp_path / "output"
    (src / "jiangnan/tzgg/old.md").write_text(
        article("关于2025年春节放假的通知", "2025-01-20 09:00", "放假安排。", Archived="2026-06-30"), encoding="utf-8")
    logs = []
    assert build(src, out, log=logs.append).code == 0, logs
    live = (out / "jiangnan/tzgg/old.html").read_text(encoding="utf-8")
    assert 'class="archive-banner"' in live and "2026-06-30" in live
    assert "old.html" not in (out / "jiangnan/tzgg/index.html").read_text(encoding="utf-8"), "left current listing"
    assert "old.html" in (out / "jiangnan/archive/index.html").read_text(encoding="utf-8"), "listed on 归档 page"

    create_snapshot(out / "jiangnan", site_id="jiangnan", domain="www.jiangnan.gov.cn", date="2026-11-01",
                    reason="网站改版前归档", site_name="江南市人民政府")
    snap = out / "jiangnan/archive/2026-11-01/index.html"
    assert snap.is_file()

    logs = []
    assert build(src, out, log=logs.append).code == 0, logs
    assert snap.is_file(), "the snapshot outlives the rebuild"
    assert "2026-11-01" in (out / "jiangnan/archive/index.html").read_text(encoding="utf-8")

    # A snapshot page that lost its banner fails the gate; nothing is published.
    page = out / "jiangnan/archive/2026-11-01/zwdt/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()  # replace, never modify in place (the file is hard-linked)
    page.write_text(text.replace("已归档", "已存档"), encoding="utf-8")
    (src / "jiangnan/zwdt/new.md").write_text(article("新动态", "2026-11-22 09:00"), encoding="utf-8")
    logs = []
    result = build(src, out, log=logs.append)
    assert result.code == 1
    assert any(f.rule == "ARC001" and f.page == "archive/2026-11-01/zwdt/index.html" for f in result.findings)
    assert not (out / "jiangnan/zwdt/new.html").exists()
