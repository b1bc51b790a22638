"""The demo platform lints clean; a copy with one planted defect per rule family yields
exactly the planted findings (issue: the compliance linter, "How it is shown")."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "site_src"


def lint(src: Path, out: Path) -> list[dict]:
    res = subprocess.run([sys.executable, "-m", "lint", "--src", str(src), "--out", str(out), "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode in (0, 1), res.stderr
    return json.loads(res.stdout)["findings"]


def edit(path: Path, pattern: str, replacement: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=count, flags=re.S)
    assert n, (path, pattern)
    path.unlink()  # published files may be hard-linked: replace, never modify in place
    path.write_text(new, encoding="utf-8")


def test_one_planted_defect_per_family(tmp_path):
    src = tmp_path / "site_src"
    shutil.copytree(SRC, src)
    out = tmp_path / "output"
    res = subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(src), "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    baseline = {(f["rule"], f["site"], f["page"]) for f in lint(src, out)}
    assert all(rule != "error" for rule in baseline) and not [f for f in lint(src, out) if f["severity"] == "error"]

    site = out / "jiangnan"
    planted = {
        # GOV: a page without its SiteIDCode tag
        ("GOV101", "jiangnan", "zwdt/index.html"):
            lambda: edit(site / "zwdt/index.html", r'<meta name="SiteIDCode"[^>]*>\n?', ""),
        # A11Y: an image without alt on the home page
        ("A11Y003", "jiangnan", "index.html"):
            lambda: edit(site / "index.html", r"(<main[^>]*>)", r'\1<img src="theme/img/favicon.svg">'),
        # LNK: a broken internal link
        ("LNK001", "jiangnan", "jggk/index.html"):
            lambda: edit(site / "jggk/index.html", r"(<main[^>]*>)", r'\1<p><a href="nope.html">不存在的页面</a></p>'),
        # POL: a policy page that lost its 相关解读 block
        ("POL002", "jiangnan", "zcwj/2026-03-02-yhyshj.html"):
            lambda: edit(site / "zcwj/2026-03-02-yhyshj.html",
                         r'<div class="policy-block policy-block-interpretations">.*?</div>', ""),
        # SVC: a service guide without its 办理地点 row
        ("SVC001", "jiangnan", "bsfw/ysqgk.html"):
            lambda: edit(site / "bsfw/ysqgk.html", r'<tr data-element="办理地点">.*?</tr>', ""),
        # ARC: an archived page without its 已归档 banner
        ("ARC001", "jiangnan", "tzgg/2025-01-20-cjqj.html"):
            lambda: edit(site / "tzgg/2025-01-20-cjqj.html", r'<div class="archive-banner".*?</div>', ""),
        # CNT: an unmasked mobile number in an article
        ("CNT002", "jyj", None):
            lambda: None,
        # ELD: a home page without its 关怀版 entry
        ("ELD001", "tjj", "index.html"):
            lambda: edit(out / "tjj/index.html", r'<button type="button" class="elder-toggle"[^>]*>.*?</button>', ""),
        # COL: an article dated after the check date (never published, reported from the source)
        ("COL008", "tjj", None):
            lambda: (src / "tjj/tjdt/future.md").write_text(
                "Title: 未来的动态\nDate: 2026-12-01 09:00\nEditor: 甲\nReviewer: 乙\nApprover: 丙\n\n正文。\n",
                encoding="utf-8"),
    }
    # CNT: plant the number in a built article of jyj
    article = sorted((out / "jyj").glob("jydt/*.html"))[0]
    page = article.relative_to(out / "jyj").as_posix()
    planted[("CNT002", "jyj", page)] = planted.pop(("CNT002", "jyj", None))
    edit(article, r'(<div class="article-body">)', r"\1<p>联系人手机：13812345678</p>")
    for action in planted.values():
        action()
    found = [f for f in lint(src, out) if (f["rule"], f["site"], f["page"]) not in baseline]
    got = {(f["rule"], f["site"], f["page"]) for f in found}
    expected = {k if k[2] is not None else (k[0], k[1], None) for k in planted}
    # COL008 of an unpublished source points to its column page or to no page
    got = {(r, s, None) if r == "COL008" else (r, s, p) for r, s, p in got}
    assert got == expected, json.dumps(found, ensure_ascii=False, indent=1)
