"""The score card (lint/scorecard.py): a test platform with known defects gives exactly the
veto verdict and the deductions counted by hand from 宿迁 附件1; every deduction is traced
to findings of the report; the reporters show it; the demo platform has no veto."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jiyue.build import build
from jiyue.siteconfig import load_platform
from lint import api, registry, scorecard
from lint import config as lint_config
from lint.model import Finding
from lint.reporters.scorecard_view import render_scorecard_html, render_scorecard_text
from platform_factory import article, make_platform

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 24)

DEFECTIVE_GUIDE = """## 事项名称

示例事项办理

## 设定依据

《江南市示例事项管理办法》第三条。

## 申请条件

申请人为本市常住居民。

## 办理材料

1. 《示例事项申请表》：原件1份（纸质）
2. 居民身份证
3. 根据有关法律法规规定应当提交的其他材料

## 办理地点

江南市政务服务中心一楼综合窗口

## 办理机构

江南市人民政府办公室

## 办理时间

工作日 9:00—17:00

## 办理流程

申请、受理、审核、办结。
"""


def quiet(_msg):
    pass


@pytest.fixture(scope="module")
def defects(tmp_path_factory):
    """The factory platform (clean) with hand-placed defects in the portal:

    1. 政务动态 last updated 2026-10-01 (COL003)           → 动态要闻 −5
    2. an empty 专题专栏 column (COL002)                   → 其他栏目 −3
    3. the service guide: 收费标准 and 联系电话 missing (SVC001 ×2 → −1), a material without
       format (SVC003 → −1 for the guide), catch-all wording (SVC002 → −2), 设定依据 by name
       only (SVC005 → −0.5)                              → 办事指南 −4.5
       and its 申请表 not linked (SVC004)                  → 表格样表 −1
    4. a 留言 unanswered since 2026-07-20 (COL011, veto 互动回应差) and a late reply (COL012)
                                                          → 留言答复时效 −1 (cap 1)
    5. “台湾总统” in a notice (CNT006, veto 严重表述错误)
    6. an ID number in an attachment (CNT001): an error, but neither a veto nor a deduction
    Total 14.5; vetoes 互动回应差 and 严重表述错误.
    """
    root = tmp_path_factory.mktemp("scorecard")
    src = make_platform(root, department=False)
    portal = src / "jiangnan"
    (portal / "zwdt" / "zwdt-1.md").write_text(article("政务动态示例文章", "2026-10-01 09:00", "动态。"),
                                             encoding="utf-8")
    with open(portal / "site.toml", "a", encoding="utf-8") as f:
        f.write('\n[[column]]\nid = "ztzl"\nname = "专题专栏"\ntype = "工作动态"\nkind = "topic"\n'
                'description = "专题专栏栏目"\nkeywords = "江南,专题"\n')
    (portal / "ztzl").mkdir()
    (portal / "bsfw" / "bsfw-1.md").write_text(article("示例事项办事指南", "2026-10-10 09:00", DEFECTIVE_GUIDE),
                                             encoding="utf-8")
    (portal / "hdjl" / "old.md").write_text(article("三个月未答复的留言", "2026-07-20 09:00", "留言内容。",
                                                    Asked="2026-07-20 09:00"), encoding="utf-8")
    (portal / "hdjl" / "late.md").write_text(article(
        "答复超期的留言", "2026-11-12 17:00", "留言和答复。", Asked="2026-11-02 09:00", Answered="2026-11-12 17:00",
        AnsweredBy="江南市人民政府办公室"), encoding="utf-8")
    (portal / "tzgg" / "fresh.md").write_text(article("关于两岸交流活动的通知", "2026-11-21 09:00",
                                                     "据报道，台湾总统……"), encoding="utf-8")
    from lint import pii

    (portal / "files" / "gs.txt").write_text(f"公示名单\n张某 {pii.fake_id()}\n", encoding="utf-8")
    out = root / "output"
    res = build(src, out, lint=False, today=TODAY.isoformat(), log=quiet)
    assert res.code == 0, res.problems
    platform = load_platform(src)
    cfg = lint_config.from_platform(platform.config)
    targets = api.targets_for_platform(platform, out, ["jiangnan"], TODAY, src)
    result = api.lint_targets(targets, today=TODAY, config=cfg, rules=registry.select([], []), platform=platform)
    return src, out, result


def test_defects_give_exactly_the_findings_placed(defects):
    _src, _out, result = defects
    got = sorted((f.rule, f.page) for f in result.findings if f.severity != "info")
    assert got == sorted([
        ("CNT001", "files/gs.txt"),
        ("CNT006", "tzgg/fresh.html"),
        ("COL002", "ztzl/index.html"),
        ("COL003", "zwdt/index.html"),
        ("COL011", "hdjl/old.html"),
        ("COL012", "hdjl/late.html"),
        ("SVC001", "bsfw/bsfw-1.html"), ("SVC001", "bsfw/bsfw-1.html"),
        ("SVC002", "bsfw/bsfw-1.html"),
        ("SVC003", "bsfw/bsfw-1.html"), ("SVC003", "bsfw/bsfw-1.html"),
        ("SVC004", "bsfw/bsfw-1.html"),
        ("SVC005", "bsfw/bsfw-1.html"),
    ]), [f.to_json() for f in result.findings]


def test_veto_verdict_by_hand(defects):
    _src, _out, result = defects
    site = result.sites[0]
    card = site.scorecard
    assert {v["item"]: v["passed"] for v in card["veto"]} == {
        "首页不更新": True, "栏目不更新": True, "严重表述错误": False, "互动回应差": False, "伪造发稿日期": True}
    assert site.veto == ["CNT006", "COL011"]
    assert site.score["veto"] is True and card["verdict"].startswith("不合格")
    assert [v["item"] for v in card["veto_not_checked"]][0] == "站点无法访问"
    fps = {f.fingerprint(): f for f in result.findings}
    for v in card["veto"]:
        assert all(fp in fps and fps[fp].rule in v["rules"] for fp in v["findings"])
        assert bool(v["findings"]) == (not v["passed"])


def test_deductions_by_hand(defects):
    _src, _out, result = defects
    card = result.sites[0].scorecard
    assert {d["indicator"]: d["points"] for d in card["deductions"]} == {
        "动态要闻": 5, "其他栏目": 3, "办事指南": 4.5, "表格样表": 1, "留言答复时效（原表未列二级指标名称）": 1}
    assert card["total"]["deductions"] == 14.5 == result.sites[0].score["deductions"]
    assert card["total"]["score_upper_bound"] == 85.5
    guide = next(d for d in card["deductions"] if d["indicator"] == "办事指南")
    assert [(c["rules"], c["count"], c["points"]) for c in guide["clauses"]] == [
        (["SVC001"], 2, 1.0), (["SVC003"], 1, 1.0), (["SVC002"], 1, 2.0), (["SVC005"], 1, 0.5)]
    reply = next(d for d in card["deductions"] if d["indicator"].startswith("留言答复时效"))
    assert reply["clauses"][0]["count"] == 2 and reply["points"] == 1 and "封顶" in reply["reason"]
    # every deduction is traced to findings of the report, of the indicator's rules
    fps = {f.fingerprint(): f for f in result.findings}
    for d in card["indicators"]:
        assert all(fp in fps and fps[fp].rule in d["rules"] for fp in d["findings"])
        assert bool(d["findings"]) == (d["points"] > 0), d["indicator"]
    # CNT001 is an error without a veto or a deduction
    cnt001 = [fp for fp, f in fps.items() if f.rule == "CNT001"]
    assert cnt001 and not any(fp in d["findings"] for d in card["indicators"] for fp in cnt001)


def test_human_indicators_are_listed(defects):
    _src, _out, result = defects
    card = result.sites[0].scorecard
    whole = {h["indicator"] for h in card["human"] if not h["partial"]}
    assert whole == {"在线申请", "办事统计", "内容准确", "信息提交", "统一登录", "办理答复"}
    assert card["total"]["human_max"] == 28
    partial = {h["indicator"] for h in card["human"] if h["partial"]}
    assert {"概况信息", "领导信息", "办事指南", "调查征集", "留言公开"} <= partial
    # machine-checkable and human indicators together are the 100 points of 宿迁 附件1
    assert sum(i.max for i in scorecard.DEDUCTIONS) == 100
    by_category = {}
    for i in scorecard.DEDUCTIONS:
        by_category[i.category] = by_category.get(i.category, 0) + i.max
    assert by_category == {"发布解读": 40, "办事服务": 28, "互动交流": 26, "功能设计": 6}


def test_every_report_format_shows_the_scorecard(defects):
    _src, _out, result = defects
    site = result.sites[0]
    text = render_scorecard_text(site)
    assert "单项否决" in text and "[未通过] 互动回应差（COL011）" in text and "扣 14.5 分" in text
    assert "办事服务/办事指南（10 分）：扣 4.5 分" in text and "需人工评判的指标（28 分）" in text
    html = render_scorecard_html(site)
    assert html.startswith('<section class="scorecard"') and "<script" not in html
    assert "严重表述错误" in html and "14.5" in html
    doc = result.to_json()
    assert doc["sites"][0]["veto"] == ["CNT006", "COL011"] and doc["sites"][0]["score"]["deductions"] == 14.5
    assert doc["sites"][0]["scorecard"]["total"]["deductions"] == 14.5
    # the view also reads the JSON report's site dict
    assert render_scorecard_text(json.loads(json.dumps(doc))["sites"][0]) == text


def test_lookahead_and_info_findings_never_count():
    def f(rule, message, severity="error", **extra):
        return Finding(rule=rule, severity=severity, message=message, source="", site="s", page="zwdt/index.html",
                       extra={"column": "zwdt", **extra})

    class Col:
        def __init__(self, id, kind, parent=""):
            self.id, self.kind, self.parent = id, kind, parent

    class Site:
        columns = [Col("zwdt", "news"), Col("tzgg", "notice"), Col("sub", "notice", "tzgg")]

    findings = [
        f("COL003", "栏目“政务动态”最近更新于 2026-11-12，将于 2026-11-26 超过 14 天未更新", "warning",
          fail_date="2026-11-26"),
        f("COL002", "x", "info"),
        Finding(rule="COL004", severity="error", message="stale", source="", site="s", page="tzgg/index.html",
                extra={"column": "tzgg"}),
        Finding(rule="COL005", severity="warning", message="stale", source="", site="s", page="tzgg/index.html",
                extra={"column": "tzgg"}),
        Finding(rule="COL004", severity="error", message="stale", source="", site="s", page="sub/index.html",
                extra={"column": "sub"}),
        Finding(rule="GOV205", severity="error", message="no jiucuo", source="", site="s", page="a.html",
                extra={"pages_count": 7}),
        Finding(rule="GOV201", severity="error", message="x", source="", site="s", page="a.html"),
        Finding(rule="GOV201", severity="error", message="x", source="", site="s", page="b.html"),
        Finding(rule="GOV203", severity="error", message="x", source="", site="s", page="b.html"),
    ]
    card = scorecard.evaluate(findings, Site(), TODAY)
    points = {d["indicator"]: d["points"] for d in card["deductions"]}
    # the look-ahead COL003 and the info COL002 do not count; a column counts once in 其他栏目
    assert points == {"其他栏目": 6, "“我为政府网站找错”": 1, "网站标识": 1}
    other = next(d for d in card["deductions"] if d["indicator"] == "其他栏目")
    assert other["clauses"][1]["count"] == 2 and "封顶" not in other["reason"]
    jiucuo = next(d for d in card["indicators"] if d["indicator"] == "“我为政府网站找错”")
    assert jiucuo["clauses"][1]["count"] == 7 and jiucuo["points"] == 1  # 7 × 0.2 capped at 1


def test_demo_platform_scorecard_has_no_veto(tmp_path):
    out = tmp_path / "output"
    res = subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(ROOT / "site_src"), "--out", str(out),
                          "--no-lint"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([sys.executable, "-m", "lint", "--src", str(ROOT / "site_src"), "--out", str(out),
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    doc = json.loads(res.stdout)
    assert len(doc["sites"]) == 3
    for s in doc["sites"]:
        assert s["veto"] == [] and all(v["passed"] for v in s["scorecard"]["veto"]), s["id"]
        assert s["scorecard"]["verdict"].startswith("未触发")
        assert s["score"]["deductions"] == s["scorecard"]["total"]["deductions"]
