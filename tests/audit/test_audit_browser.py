"""Browser tests of the audit (real Debian Chromium + chromedriver, no mocks).

Pages with planted problems live in tests/audit/pages/ (each says what is planted in a
``<!-- planted: ... -->`` comment); every planted problem must be found with the right
id, and the clean pages must be clean.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from audit_helpers import PAGES, REPO, copy_pages, run_cli

pytestmark = pytest.mark.browser

EXPECTED = {
    "index.html": set(),  # the clean page: axe clean, every ELD rule passes in elderly mode
    "ok-closable-float.html": set(),  # a floating window with a 关闭 button is allowed
    "no-entry.html": set(),  # no entry: measured as-is (ELD001 presence is the linter's job)
    "other-entry.html": set(),  # built elsewhere: a 长者模式 link found by its text
    "eld002-small-text.html": {"ELD002"},
    "eld003-line-height.html": {"ELD003"},
    "eld004-elder-contrast.html": {"ELD004"},
    "axe-color-contrast.html": {"axe:color-contrast", "ELD004"},
    "eld005-floating.html": {"ELD005"},
    "eld006-small-targets.html": {"ELD006"},
    "eld008-reflow.html": {"ELD008"},
    "axe-image-alt.html": {"axe:image-alt"},
    "axe-label.html": {"axe:label"},
    "axe-link-name.html": {"axe:link-name"},
    "axe-html-lang.html": {"axe:html-has-lang"},
    "broken-entry.html": {"ELD001", "ELD002"},  # the entry does nothing: ELD001, and 16px text stays
}
ELDER_STATUS = {"no-entry.html": "no-entry", "broken-entry.html": "failed"}


def _by_page(data: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in data["findings"]:
        out.setdefault(f["page"], []).append(f)
    return out


def test_every_planted_page_is_listed():
    on_disk = {p.name for p in PAGES.glob("*.html")}
    assert on_disk == set(EXPECTED)
    for name in on_disk:
        assert "<!-- planted:" in (PAGES / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_planted_problem_found_with_right_id(planted_2workers, page):
    rc, data = planted_2workers
    found = {f["rule"] for f in _by_page(data).get(page, [])}
    assert found == EXPECTED[page], json.dumps(_by_page(data).get(page, []), ensure_ascii=False, indent=1)
    status = {p["page"]: p["elder_mode"] for p in data["pages"]}[page]
    assert status == ELDER_STATUS.get(page, "on")


def test_run_summary(planted_2workers):
    rc, data = planted_2workers
    assert rc == 1  # error-severity findings present
    assert data["version"] == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["today"])
    assert data["axe"]["origin"] == "node_modules", "run npm ci at the repo root"
    pkg = json.loads((REPO / "package.json").read_text())
    assert data["axe"]["version"] == pkg["dependencies"]["axe-core"]
    assert data["tags"] == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    site = data["sites"][0]
    assert site["id"] == "pages" and site["pages"] == site["site_pages"] == len(EXPECTED)


def test_axe_finding_shape(planted_2workers):
    _, data = planted_2workers
    f = next(f for f in data["findings"] if f["rule"] == "axe:image-alt")
    assert f["severity"] == "error" and f["impact"] == "critical"
    assert "wcag111" in f["tags"] and "wcag2a" in f["tags"] and f["wcag"] == ["1.1.1"]
    assert f["selectors"] == ["img"] and f["page"] == "axe-image-alt.html" and f["site"] == "pages"
    assert f["helpUrl"].startswith("https://dequeuniversity.com/rules/axe/")
    assert f["help"] and "WCAG" in f["source"] and f["fingerprint"]
    # moderate/minor impact → warning; critical/serious → error
    for g in data["findings"]:
        if g["rule"].startswith("axe:"):
            assert g["severity"] == ("error" if g["impact"] in ("critical", "serious") else "warning")


def test_eld_details(planted_2workers):
    _, data = planted_2workers
    by = _by_page(data)
    small = next(f for f in by["eld002-small-text.html"] if f["rule"] == "ELD002")
    assert small["min_font_px"] == 14 and any("fine-print" in s for s in small["selectors"])
    assert small["source"].startswith("《互联网网站适老化通用设计规范》") and small["severity"] == "error"
    dense = next(f for f in by["eld003-line-height.html"])
    assert any("dense" in s for s in dense["selectors"])
    # ELD004: elderly mode only on one page, both modes on the other
    assert {f["mode"] for f in by["eld004-elder-contrast.html"]} == {"elder"}
    assert {f["mode"] for f in by["axe-color-contrast.html"] if f["rule"] == "ELD004"} == {"normal", "elder"}
    assert by["eld004-elder-contrast.html"][0]["selectors"] == [".notice"]
    fl = by["eld005-floating.html"][0]
    assert any("float-ad" in s for s in fl["selectors"])
    tg = by["eld006-small-targets.html"][0]
    assert tg["severity"] == "warning" and tg["count"] == 2 and all("tiny" in s for s in tg["selectors"])
    rf = by["eld008-reflow.html"]
    assert {f["mode"] for f in rf} == {"normal", "elder"} and all(f["viewport_width"] == 640 for f in rf)
    assert all(any("wide" in s for s in f["selectors"]) for f in rf)


def _comparable(data: dict) -> list[tuple]:
    return sorted((f["page"], f["rule"], f["severity"], f.get("mode"), f["message"], tuple(f.get("selectors") or ()))
                  for f in data["findings"])


def test_two_workers_give_the_same_findings_as_one(planted_1worker, planted_2workers):
    rc1, one = planted_1worker
    rc2, two = planted_2workers
    assert rc1 == rc2
    assert _comparable(one) == _comparable(two)
    assert one["stats"]["workers"] == 1 and two["stats"]["workers"] == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_remote_webdriver(need_browser, planted_1worker, tmp_path):
    """--webdriver-url: every session goes to a remote WebDriver — here a chromedriver
    started on 127.0.0.1 as a one-node stand-in for a Selenium Grid."""
    from lint.audit.browser import find_local_browser

    _, chromedriver = find_local_browser()
    port = _free_port()
    log = tmp_path / "chromedriver.log"
    proc = subprocess.Popen([chromedriver, f"--port={port}", "--allowed-ips=127.0.0.1", f"--log-path={log}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        names = ["index.html", "eld002-small-text.html", "axe-image-alt.html"]
        site = copy_pages(tmp_path / "pages", names)
        rc, data = run_cli(["--html-dir", str(site), "--site", "pages", "--workers", "2", "--no-cache",
                            "--format", "json", "--webdriver-url", f"http://127.0.0.1:{port}"], tmp_path / "r.json")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert data["stats"]["webdriver"] == f"http://127.0.0.1:{port}"
    assert "POST /session" in log.read_text(errors="replace") or "InitSession" in log.read_text(errors="replace")
    local = [t for t in _comparable(planted_1worker[1]) if t[0] in names]
    assert _comparable(data) == local and rc == 1


def test_cache_second_run_audits_nothing(need_browser, tmp_path):
    names = ["index.html", "eld002-small-text.html", "axe-image-alt.html"]
    site = copy_pages(tmp_path / "pages", names)
    cache = tmp_path / "cache"
    args = ["--html-dir", str(site), "--site", "pages", "--workers", "1", "--cache-dir", str(cache), "--format", "json"]
    t0 = time.monotonic()
    rc1, first = run_cli(args, tmp_path / "1.json")
    t1 = time.monotonic() - t0
    t0 = time.monotonic()
    rc2, second = run_cli(args, tmp_path / "2.json")
    t2 = time.monotonic() - t0
    assert first["stats"]["audited"] == 3 and first["stats"]["cached"] == 0
    assert second["stats"]["audited"] == 0 and second["stats"]["cached"] == 3
    assert all(p["cached"] for p in second["pages"])
    assert _comparable(first) == _comparable(second) and rc1 == rc2 == 1
    assert t2 < t1 / 3, (t1, t2)
    # a changed page is audited again, the others come from the cache
    p = site / "eld002-small-text.html"
    p.write_text(p.read_text(encoding="utf-8").replace("负责发布和维护", "负责发布"), encoding="utf-8")
    _, third = run_cli(args, tmp_path / "3.json")
    assert third["stats"]["audited"] == 1 and third["stats"]["cached"] == 2


def test_no_elder_runs_axe_and_normal_mode_only(need_browser, tmp_path):
    """--no-elder: axe-core and the normal-mode measurements (ELD004 normal) only — the elderly-mode
    rules are not measured against the normal page (16px text is no ELD002 here)."""
    names = ["eld002-small-text.html", "axe-image-alt.html", "axe-color-contrast.html"]
    site = copy_pages(tmp_path / "pages", names)
    rc, data = run_cli(["--html-dir", str(site), "--site", "pages", "--workers", "1", "--no-cache", "--no-elder",
                        "--format", "json"], tmp_path / "r.json")
    found = {(f["page"], f["rule"]) for f in data["findings"]}
    assert found == {("axe-image-alt.html", "axe:image-alt"), ("axe-color-contrast.html", "axe:color-contrast"),
                     ("axe-color-contrast.html", "ELD004")}, found
    assert {f.get("mode") for f in data["findings"] if f["rule"] == "ELD004"} == {"normal"}
    assert {p["elder_mode"] for p in data["pages"]} == {"skipped"} and rc == 1
    # the same pages with the elderly mode: ELD002 is measured in it
    _, full = run_cli(["--html-dir", str(site), "--site", "pages", "--workers", "1", "--no-cache",
                       "--format", "json"], tmp_path / "full.json")
    assert ("eld002-small-text.html", "ELD002") in {(f["page"], f["rule"]) for f in full["findings"]}


def test_a_browser_that_fails_to_start_once_is_started_again(need_browser, tmp_path, monkeypatch):
    """The first Chromium start fails (the binary exits at once); the audit starts it again
    instead of giving up on every page."""
    from lint.audit.browser import find_local_browser

    chromium, _driver = find_local_browser()
    marker = tmp_path / "failed-once"
    wrapper = tmp_path / "chromium-flaky"
    wrapper.write_text(f"#!/bin/sh\nif [ ! -e '{marker}' ]; then touch '{marker}'; exit 1; fi\n"
                       f"exec '{chromium}' \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    site = copy_pages(tmp_path / "pages", ["index.html", "axe-image-alt.html"])
    monkeypatch.setenv("JIYUE_CHROMIUM", str(wrapper))
    rc, data = run_cli(["--html-dir", str(site), "--site", "pages", "--workers", "1", "--no-cache", "--format", "json"],
                       tmp_path / "r.json")
    assert marker.exists()
    assert {(f["page"], f["rule"]) for f in data["findings"]} == {("axe-image-alt.html", "axe:image-alt")}
    assert rc == 1 and data["stats"]["audited"] == 2


def test_html_report_has_both_screenshots(need_browser, tmp_path):
    site = copy_pages(tmp_path / "pages", ["index.html", "eld004-elder-contrast.html"])
    rc, html = run_cli(["--html-dir", str(site), "--site", "pages", "--workers", "1", "--no-cache",
                        "--format", "html"], tmp_path / "r.html")
    imgs = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"', html)
    assert len(imgs) == 4
    assert {alt for _, alt in imgs} == {"常规模式截图", "关怀版模式截图"}
    assert all(base64.b64decode(b)[:8] == b"\x89PNG\r\n\x1a\n" for b, _ in imgs)
    # the elderly screenshot differs from the normal one (larger text)
    assert imgs[0][0] != imgs[1][0]
    assert "ELD004" in html and "<script" not in html and 'lang="zh-CN"' in html


def test_missing_chromium_says_how_to_install(tmp_path):
    env = dict(os.environ, JIYUE_CHROMEDRIVER=str(tmp_path / "no" / "chromedriver"))
    proc = subprocess.run([sys.executable, "-m", "lint.audit", "--html-dir", str(PAGES), "--no-cache"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert "apt-get install chromium chromium-driver fonts-noto-cjk" in proc.stderr
    assert "chromedriver" in proc.stderr and str(tmp_path / "no" / "chromedriver") in proc.stderr


def test_demo_platform_passes(need_browser, tmp_path):
    """The demo platform (site_src/, built with the real build) audits with no serious or
    critical axe violation and every ELD rule passing, every page in elderly mode after a
    click on its 关怀版 button. ``JIYUE_DEMO_OUTPUT`` audits an existing build instead;
    ``JIYUE_DEMO_PAGES`` (default sample:8 per site) selects the pages."""
    out = os.environ.get("JIYUE_DEMO_OUTPUT")
    if out:
        out = Path(out)
    else:
        if not (REPO / "site_src").is_dir():
            pytest.skip("no site_src/ demo platform")
        out = tmp_path / "output"
        res = subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(REPO / "site_src"), "--out", str(out)],
                             cwd=REPO, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    pages = os.environ.get("JIYUE_DEMO_PAGES", "sample:8")
    rc, data = run_cli(["--out", str(out), "--pages", pages, "--no-cache", "--format", "json"], tmp_path / "d.json")
    bad = [f for f in data["findings"] if f["rule"].startswith("axe:") and f.get("impact") in ("serious", "critical")]
    eld = [f for f in data["findings"] if f["rule"].startswith("ELD") or f["rule"] == "audit:error"]
    assert not bad and not eld, json.dumps(bad + eld, ensure_ascii=False, indent=1)[:4000]
    assert len(data["sites"]) >= 3 and all(s["pages"] >= 1 for s in data["sites"])
    assert {p["elder_mode"] for p in data["pages"]} == {"on"}
    assert {p["type"] for p in data["pages"]} >= {"home", "column", "content"}
