"""LNK rules end to end on real Pelican builds, plus the speed of the link pass.

The factory platform (with an article that links every way an editor may: Pelican
``{filename}``/``{static}``, plain relative paths, a percent-encoded attachment, a
fragment, another site of the platform) gives no LNK finding; each planted defect gives
exactly its finding, on the Markdown line it came from.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from jiyue.build import build
from jiyue.siteconfig import load_platform
from lint import api, registry
from lint import config as lint_config
from lint.config import LintConfig
from lint.runner import Context, Link, PageInfo, SiteRun, Target
from platform_factory import article, make_platform

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"

GOOD_LINKS = """相关文件：[政策文件]({filename}/zcwj/zcwj-1.md)、[同一文件](../zcwj/zcwj-1.html#main-content)。

附件：[附件一](../files/%E9%99%84%E4%BB%B6%E4%B8%80.pdf)、[说明]({static}/files/readme.txt)、[栏目](../tzgg/)。

![示意图](../files/pic.png)

统计局：[统计局动态](https://tjj.jiangnan.gov.cn/zwdt/zwdt-1.html)、[统计局首页](https://tjj.jiangnan.gov.cn/)。

[中国政府网](https://www.gov.cn/) [回到顶部](#main-content)
"""

BAD_LINKS = """正文第一段。

[已删除的文章](../zwdt/gone.html)

[缺少的附件](../files/missing.pdf)

![缺少的图片](../files/none.png)

[缺少的锚点](../zcwj/zcwj-1.html#art9)

[统计局的旧文章](https://tjj.jiangnan.gov.cn/zwdt/old.html)

[编码的附件名](../files/%E7%BC%BA%E5%A4%B1.docx)
"""


def _build(src: Path, out: Path) -> None:
    result = build(src, out, lint=False, today=TODAY, log=lambda msg: None)
    assert result.code == 0, [p.format() for p in result.problems]


def _lint(src: Path, out: Path):
    platform = load_platform(src)
    day = date.fromisoformat(TODAY)
    targets = api.targets_for_platform(platform, out, sorted(platform.sites), day, src)
    return api.lint_targets(targets, today=day, config=lint_config.from_platform(platform.config),
                            rules=registry.select(["LNK"]), platform=platform)


def _keys(result) -> list[tuple]:
    return sorted((f.rule, f.severity, f.site, f.page, f.file, f.line) for f in result.findings
                  if f.rule.startswith("LNK"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("lnk_clean")
    src = make_platform(root)
    files = src / "jiangnan" / "files"
    (files / "附件一.pdf").write_bytes(b"%PDF-1.4\n")
    (files / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "jiangnan" / "zwdt" / "links.md").write_text(article("链接示例", "2026-11-18 09:00", GOOD_LINKS),
                                                       encoding="utf-8")
    out = root / "output"
    _build(src, out)
    return src, out


def test_clean_platform_has_no_lnk_finding(clean):
    src, out = clean
    proc = subprocess.run([sys.executable, "-m", "lint", "--src", str(src), "--out", str(out), "--today", TODAY,
                           "--format", "json", "--select", "LNK"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["findings"] == []
    html = (out / "jiangnan" / "zwdt" / "links.html").read_text(encoding="utf-8")
    assert "%E9%99%84%E4%BB%B6%E4%B8%80.pdf" in html and "https://tjj.jiangnan.gov.cn/zwdt/zwdt-1.html" in html


def test_planted_link_defects(clean, tmp_path):
    src, out = clean
    src = Path(shutil.copytree(src, tmp_path / "site_src"))
    out = tmp_path / "output"
    md = src / "jiangnan" / "zwdt" / "broken.md"
    md.write_text(article("失效链接示例", "2026-11-19 09:00", BAD_LINKS), encoding="utf-8")
    _build(src, out)
    (out / "jiangnan" / "files" / "readme.txt").unlink()  # an attachment deleted after publishing

    def line(prefix, path=md):
        lines = path.read_text(encoding="utf-8").splitlines()
        return next(n for n, text in enumerate(lines, 1) if text.startswith(prefix) or f"]({prefix}" in text)

    result = _lint(src, out)
    page, file = "zwdt/broken.html", "zwdt/broken.md"
    assert _keys(result) == sorted([
        ("LNK001", "error", "jiangnan", page, file, line("[已删除的文章]")),
        ("LNK002", "error", "jiangnan", page, file, line("[缺少的附件]")),
        ("LNK002", "error", "jiangnan", page, file, line("![缺少的图片]")),
        ("LNK003", "warning", "jiangnan", page, file, line("[缺少的锚点]")),
        ("LNK001", "error", "jiangnan", page, file, line("[统计局的旧文章]")),
        ("LNK002", "error", "jiangnan", page, file, line("[编码的附件名]")),
        ("LNK002", "error", "jiangnan", "zwdt/links.html", "zwdt/links.md",
         line("{static}/files/readme.txt", src / "jiangnan" / "zwdt" / "links.md")),
    ]), [f.to_json() for f in result.findings]
    messages = {f.line: f.message for f in result.findings if f.page == page}
    assert "站点 tjj 的 zwdt/old.html" in messages[line("[统计局的旧文章]")]
    assert "files/缺失.docx" in messages[line("[编码的附件名]")]
    assert all(f.extra.get("html_line") for f in result.findings)


def test_deleted_page_is_reported_where_it_is_linked(clean, tmp_path):
    src, out = clean
    out = Path(shutil.copytree(out, tmp_path / "output", ignore=shutil.ignore_patterns(".jiyue.lock")))
    (out / "tjj" / "zwdt" / "zwdt-1.html").unlink()
    result = _lint(src, out)
    found = sorted((f.site, f.page, f.file) for f in result.findings)
    # linked from its column page, the department's home page, the portal's 部门动态 and an article of the portal
    assert found == [
        ("jiangnan", "index.html", "themes/govsite/templates/index.html"),
        ("jiangnan", "zwdt/links.html", "zwdt/links.md"),
        ("tjj", "index.html", "themes/govsite/templates/index.html"),
        ("tjj", "zwdt/index.html", "themes/govsite/templates/column.html"),
    ], [f.to_json() for f in result.findings]
    assert all(f.rule == "LNK001" and f.severity == "error" for f in result.findings)


def test_link_pass_is_fast_on_ten_thousand_pages(tmp_path):
    """The three LNK rules over 10,000 pages × 32 links: one dictionary lookup per link."""
    columns = [f"c{i:02d}" for i in range(20)]
    files = {"index.html", "theme/css/main.css", "theme/js/elder.js"} | {f"files/f{i}.pdf" for i in range(200)}
    pages = []
    for n in range(10_000):
        c = columns[n % 20]
        path = f"{c}/a{n}.html"
        files.add(path)
        specs = [(f"../{x}/index.html", "a", "template") for x in columns] + [
            ("../theme/css/main.css", "link", "template"), ("../theme/js/elder.js", "script", "template"),
            ("../index.html", "a", "template"), ("../sitemap.html", "a", "template"),
            ("#main-content", "a", "template"), ("mailto:a@b.cn", "a", "template"),
            (f"../files/f{n % 200}.pdf", "a", "content"), (f"../files/f{n % 200}.pdf", "img", "content"),
            (f"../{c}/a{n + 20}.html#t", "a", "content"), (f"../{c}/a{(n + 40) % 10_000}.html", "a", "content"),
            ("https://www.gov.cn/", "a", "content"), ("#t", "a", "content")]
        links = [Link(url, tag, None, origin) for url, tag, origin in specs]
        pages.append(PageInfo(path, "content", c, None, None, {}, links, {"t", "main-content"}, [], ""))
    for c in columns:
        files.add(f"{c}/index.html")
    files.add("sitemap.html")
    target = Target(site_id="big", site=None, out_dir=tmp_path)
    ctx = Context(today=date(2026, 11, 24), config=LintConfig(), target=target, files={"big": files})
    run = SiteRun(target, pages, ctx)
    rules = registry.select(["LNK"])
    started = time.perf_counter()
    hits = [h for r in rules for h in r.check(run, ctx)]
    elapsed = time.perf_counter() - started
    # a20..a39 of the last 20 pages point past the end: 20 broken links (their files do not exist)
    assert len(hits) == 20 and all("的目标页面不存在" in h.message for h in hits)
    assert elapsed < 3.0, f"LNK pass took {elapsed:.2f}s for 320,000 links"
