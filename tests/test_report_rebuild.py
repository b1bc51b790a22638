"""An annual report written by ``invoke report`` survives the next build of its site,
stays in the build manifest (``invoke verify`` clean) and lints clean."""

from __future__ import annotations

from jiyue.build import build
from jiyue.report import main as report_main
from jiyue.verify import verify_site
from platform_factory import article, make_platform


def test_report_survives_rebuild(tmp_path):
    src = make_platform(tmp_path)
    out = tmp_path / "output"
    assert build(src, out, log=lambda m: None).code == 0
    assert report_main(["--site", "jiangnan", "--year", "2026", "--src", str(src), "--out", str(out)]) == 0
    assert (out / "jiangnan/report/2026.html").is_file()
    assert verify_site(out, "jiangnan") == []
    (src / "jiangnan/zwdt/new.md").write_text(article("新动态", "2026-11-22 09:00"), encoding="utf-8")
    logs = []
    assert build(src, out, log=logs.append).code == 0, logs
    assert (out / "jiangnan/report/2026.html").is_file() and (out / "jiangnan/report/2026.json").is_file()
    assert (out / "jiangnan/zwdt/new.html").is_file()
    assert verify_site(out, "jiangnan") == []
    assert '"report/2026.html"' in (out / ".jiyue/jiangnan/pages.json").read_text(encoding="utf-8")
