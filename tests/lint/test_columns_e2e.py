"""COL rules end to end: real Pelican builds of the factory platform, linted as CI does.

The clean platform gives no COL finding; each planted defect gives exactly its finding
(rule, severity, site, page, file); the look-ahead warns three days before a column goes
stale and fails from the day it does.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jiyue.build import build
from jiyue.siteconfig import load_platform, load_site
from lint import api, registry
from lint import config as lint_config
from platform_factory import article, make_platform

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"


def _build(src: Path, out: Path, today: str = TODAY) -> None:
    result = build(src, out, lint=False, today=today, log=lambda msg: None)
    assert result.code == 0, [p.format() for p in result.problems]


def _lint(src: Path, out: Path, today: str = TODAY, select=("COL",)):
    platform = load_platform(src)
    cfg = lint_config.from_platform(platform.config)
    day = date.fromisoformat(today)
    targets = api.targets_for_platform(platform, out, sorted(platform.sites), day, src)
    return api.lint_targets(targets, today=day, config=cfg, rules=registry.select(list(select)), platform=platform)


def _keys(result, prefix: str = "COL") -> list[tuple]:
    return sorted((f.rule, f.severity, f.site, f.page, f.file) for f in result.findings if f.rule.startswith(prefix))


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("col_clean")
    src = make_platform(root)
    out = root / "output"
    _build(src, out)
    return src, out


def _copy(clean, tmp_path: Path) -> tuple[Path, Path]:
    src, out = clean
    shutil.copytree(src, tmp_path / "site_src")
    shutil.copytree(out, tmp_path / "output", ignore=shutil.ignore_patterns(".jiyue.lock"))
    return tmp_path / "site_src", tmp_path / "output"


def _set_date(md: Path, day: str) -> None:
    md.write_text(re.sub(r"(?m)^Date: .*$", f"Date: {day}", md.read_text(encoding="utf-8")), encoding="utf-8")


def test_clean_platform_has_no_col_finding(clean):
    src, out = clean
    proc = subprocess.run([sys.executable, "-m", "lint", "--src", str(src), "--out", str(out), "--today", TODAY,
                           "--format", "json", "--select", "COL"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["today"] == TODAY
    assert [f for f in report["findings"] if f["rule"].startswith("COL")] == []
    assert all(s["veto"] == [] for s in report["sites"])


@pytest.mark.parametrize("today,expected", [
    ("2026-11-30", []),  # 4 days before: nothing yet
    ("2026-12-01", "warning"),  # 3 days before 2026-12-04 (news of 2026-11-20 + 14): warning with the date
    ("2026-12-04", "error"),  # the day it goes stale
    ("2026-12-05", "error"),  # and after
])
def test_freshness_looks_ahead(clean, today, expected):
    src, out = clean
    result = _lint(src, out, today)
    if expected == []:
        assert _keys(result) == []
        return
    assert _keys(result) == sorted([
        ("COL003", expected, "jiangnan", "zwdt/index.html", "site.toml"),
        ("COL003", expected, "tjj", "zwdt/index.html", "site.toml"),
        ("COL006", expected, "jiangnan", "index.html", None),
        ("COL006", expected, "tjj", "index.html", None),
    ])
    news = [f for f in result.findings if f.rule == "COL003"]
    verb = "将于" if expected == "warning" else "已于"
    assert all(f"最近更新于 2026-11-20，{verb} 2026-12-04 超过 14 天未更新" in f.message for f in news), news
    vetoed = {s.id: s.veto for s in result.sites}
    assert vetoed == ({"jiangnan": [], "tjj": []} if expected == "warning" else
                      {"jiangnan": ["COL006"], "tjj": ["COL006"]})


def test_planted_defects_give_exactly_their_findings(clean, tmp_path):
    src, out = _copy(clean, tmp_path)
    portal, dept = src / "jiangnan", src / "tjj"
    _set_date(portal / "zwdt" / "zwdt-1.md", "2026-11-01 09:00")  # COL003: stale news
    _set_date(portal / "tzgg" / "tzgg-1.md", "2026-05-01 09:00")  # COL004: notice older than 6 months
    _set_date(portal / "sjfb" / "sjfb-1.md", "2026-04-01 09:00")  # COL005: data column (183 days)
    with (portal / "site.toml").open("a", encoding="utf-8") as f:  # COL002: a column with no article
        f.write('\n[[column]]\nid = "ztzl"\nname = "专题专栏"\ntype = "专题专栏"\nkind = "topic"\n'
                'description = "专题专栏"\nkeywords = "江南,专题"\n')
    (portal / "ztzl").mkdir()
    (dept / "zwdt" / "zwdt-2.md").write_text(article("明年的会议", "2026-12-01 09:00"), encoding="utf-8")  # COL008
    (dept / "hdjl" / "hdjl-2.md").write_text(  # COL011: unanswered for more than 3 months
        article("关于统计数据的咨询", "2026-08-03 10:00", Asked="2026-08-03 10:00"), encoding="utf-8")
    (portal / "hdjl" / "hdjl-2.md").write_text(  # COL012: Fri 11-06 → Mon 11-16 = 6 working days over a weekend
        article("关于办事指南的咨询", "2026-11-16 10:00", Asked="2026-11-06 10:00", Answered="2026-11-16 10:00",
                AnsweredBy="江南市人民政府办公室"), encoding="utf-8")
    _build(src, out)
    # defects only a hand-edited (or foreign) page can have
    page = out / "jiangnan" / "zcwj" / "zcwj-1.html"  # COL007: content page without a visible date
    page.write_text(re.sub(r'<span class="meta-item">发布时间：<time[^>]*>[^<]*</time></span>', "",
                           page.read_text(encoding="utf-8")), encoding="utf-8")
    page = out / "tjj" / "tzgg" / "index.html"  # COL007: list item without a date
    page.write_text(re.sub(r'<time class="item-date"[^>]*>[^<]*</time>', "", page.read_text(encoding="utf-8")),
                    encoding="utf-8")
    page = out / "tjj" / "sitemap.html"  # COL009: a column missing from the 网站地图
    page.write_text(re.sub(r'<li>\s*<a href="./dczj/index.html">调查征集</a>\s*</li>', "",
                           page.read_text(encoding="utf-8")), encoding="utf-8")
    page = out / "tjj" / "index.html"  # COL006: a home page that shows nothing new
    page.write_text(page.read_text(encoding="utf-8").replace("2026-11-20", "2026-10-20").replace(
        "2026-11-02", "2026-10-02"), encoding="utf-8")

    result = _lint(src, out)
    assert _keys(result) == sorted([
        ("COL002", "error", "jiangnan", "ztzl/index.html", "site.toml"),
        ("COL003", "error", "jiangnan", "zwdt/index.html", "site.toml"),
        ("COL004", "error", "jiangnan", "tzgg/index.html", "site.toml"),
        ("COL005", "warning", "jiangnan", "sjfb/index.html", "site.toml"),
        ("COL006", "error", "tjj", "index.html", None),
        ("COL007", "error", "jiangnan", "zcwj/zcwj-1.html", "themes/govsite/templates/article.html"),
        ("COL007", "error", "tjj", "tzgg/index.html", "themes/govsite/templates/column.html"),
        ("COL008", "error", "tjj", None, "zwdt/zwdt-2.md"),
        ("COL009", "error", "tjj", "sitemap.html", None),
        ("COL011", "error", "tjj", "hdjl/hdjl-2.html", "hdjl/hdjl-2.md"),
        ("COL012", "warning", "jiangnan", "hdjl/hdjl-2.html", "hdjl/hdjl-2.md"),
    ]), [f.to_json() for f in result.findings]
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["COL008"].line == 2  # the Date line of the Markdown file
    assert by_rule["COL011"].line == 6 and "2026-08-03" in by_rule["COL011"].message  # the Asked line
    assert by_rule["COL012"].line == 7 and "用时 6 个工作日" in by_rule["COL012"].message  # the Answered line
    assert "调查征集" in by_rule["COL009"].message
    assert {s.id: s.veto for s in result.sites} == {"jiangnan": [], "tjj": ["COL006", "COL008", "COL011"]}


def test_five_stale_news_columns_veto_the_site(clean, tmp_path):
    src, out = _copy(clean, tmp_path)
    portal = src / "jiangnan"
    _set_date(portal / "zwdt" / "zwdt-1.md", "2026-10-01 09:00")
    with (portal / "site.toml").open("a", encoding="utf-8") as f:
        for i in range(2, 6):
            f.write(f'\n[[column]]\nid = "dt{i}"\nname = "动态{i}"\ntype = "工作动态"\nkind = "news"\n'
                    f'description = "动态{i}"\nkeywords = "江南,动态"\n')
    for i in range(2, 6):
        (portal / f"dt{i}").mkdir()
        (portal / f"dt{i}" / "a.md").write_text(article(f"动态{i}示例", "2026-10-01 09:00"), encoding="utf-8")
    _build(src, out)
    result = _lint(src, out)
    assert _keys(result) == sorted(
        [("COL003", "error", "jiangnan", f"{c}/index.html", "site.toml") for c in ("zwdt", "dt2", "dt3", "dt4", "dt5")]
        + [("COL010", "error", "jiangnan", None, "site.toml")])
    veto = next(f for f in result.findings if f.rule == "COL010")
    assert "动态要闻、通知公告、政策文件类栏目未更新 5 个" in veto.message
    assert all(name in veto.message for name in ("政务动态", "动态2", "动态5"))
    assert {s.id: s.veto for s in result.sites} == {"jiangnan": ["COL010"], "tjj": []}


def test_html_dir_site_dates_from_pages(clean, tmp_path):
    """``--html-dir``: no Markdown, so columns are dated by their pages; COL001 from the deferred loader."""
    src, out = clean
    site_dir = tmp_path / "tjj"
    shutil.copytree(src / "tjj", site_dir)
    toml = (site_dir / "site.toml").read_text(encoding="utf-8")
    cut = toml.index('[[column]]\nid = "dczj"')
    (site_dir / "site.toml").write_text(toml[:cut], encoding="utf-8")  # no survey column any more
    site = load_site(site_dir, allow=("COL001",))

    def run(today, select):
        day = date.fromisoformat(today)
        target = api.target_for_html_dir(out / "tjj", site)
        result = api.lint_targets([target], today=day, config=lint_config.LintConfig(),
                                  rules=registry.select(select))
        return _keys(result)

    assert run(TODAY, ["COL"]) == [("COL001", "error", "tjj", None, "site.toml"),
                                   ("COL009", "error", "tjj", "sitemap.html", None)]  # 调查征集 is no column now
    assert run("2026-12-05", ["COL003", "COL006"]) == [("COL003", "error", "tjj", "zwdt/index.html", "site.toml"),
                                                        ("COL006", "error", "tjj", "index.html", None)]
