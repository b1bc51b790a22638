"""Every report format over one synthetic result (all kinds of findings) and over
real builds: SARIF validates against the SARIF 2.1.0 schema shipped in
``schemas/``, JUnit parses and counts right, GitLab fingerprints survive line
shifts, GitHub annotations are capped and ordered, HTML is self-contained and
escaped, text is grouped and summarised."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from test_cli import (
    NO_SITE_CODE,
    NO_SITEMAP,
    OTHER_H1,
    break_page,
    built_platform,
    insert_lines_above,
    lint_json,
    run_main,
)

from lint import registry, scorecard
from lint.api import LintResult, SiteSummary
from lint.model import ERROR, INFO, WARNING, Finding
from lint.reporters import FORMATS, render

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
TEMPLATE = "themes/govsite/templates/article.html"
SRC_GOV = "宿迁市政府网站管理办法 附件1 网站标识"


def sarif_errors(doc) -> list[str]:
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def finding(rule, severity, message, site="jiangnan", page=None, line=None, file=None, source=SRC_GOV, **extra):
    return Finding(rule=rule, severity=severity, message=message, source=source, site=site, page=page, line=line,
                   file=file, extra=extra)


def synthetic(findings=None, **kw) -> LintResult:
    if findings is None:
        findings = [
            # from Markdown, with its line
            finding("LNT001", ERROR, "LintIgnore 条目“GOV105”缺少理由", page="zwdt/a1.html", line=6,
                    file="zwdt/a1.md", source="jiyue 检查工具规则"),
            # from the theme, reported once for many pages
            finding("GOV201", ERROR, "页脚缺少网站标识码（模板问题，共 3 个页面）", page="zwdt/a1.html",
                    file=TEMPLATE, html_line=78, origin="template", pages_count=3,
                    pages_sample=["zwdt/a1.html", "zwdt/a2.html", "zwdt/a3.html"]),
            # a page built elsewhere: the page's own line
            finding("GOV105", WARNING, 'ArticleTitle“<script>alert("x")</script>”与页面标题不一致, a: b\n第二行 100%',
                    page="tzgg/b 1.html", line=14, source="实践要求"),
            # a 单项否决 rule, column level
            finding("COL010", ERROR, "栏目“政务动态”已 30 天未更新", page="zwdt/index.html", source="19号文 单项否决"),
            # site level
            finding("GOV001", ERROR, "site.toml 缺少 icp", source="47号文"),
            # info on the department site
            finding("GOV106", INFO, "ColumnType“杂项”不在参考列表中", site="tjj", page="qt/index.html", line=10),
            # an unregistered rule (browser audit)
            finding("axe:color-contrast", WARNING, "文字对比度不足", site="tjj", page="index.html", source="WCAG 1.4.3",
                    tags=["wcag2aa"]),
        ]
    result = LintResult(today=date(2026, 11, 24),
                        sites=[SiteSummary("jiangnan", "江南市人民政府", 120), SiteSummary("tjj", "江南市统计局", 40)],
                        findings=findings, rules=registry.load_all(), **kw)
    scorecard.annotate(result)
    return result


def selected(*ids):
    rules = registry.load_all()
    return [rules[i] for i in ids if i in rules]


# --- SARIF ---------------------------------------------------------------------------------------

def test_shipped_schema_rejects_broken_sarif():
    """The validator really checks: a wrong level and a missing driver name fail."""
    assert sarif_errors({"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [
        {"message": {"text": "x"}, "level": "fatal"}]}]})


def test_sarif_validates_and_carries_rules_results_and_fingerprints():
    result = synthetic()
    doc = json.loads(render("sarif", result, selected=selected("GOV001", "GOV105", "GOV106", "GOV201"),
                            src_root="site_src", output_root="output"))
    assert sarif_errors(doc) == []
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jiyue-lint"
    rules = {r["id"]: r for r in driver["rules"]}
    gov201 = rules["GOV201"]
    assert gov201["shortDescription"]["text"] == "页脚展示网站标识码"
    assert gov201["fullDescription"]["text"] and gov201["name"].isidentifier()
    assert "## Why it matters" in gov201["help"]["text"] and "## Example" in gov201["help"]["markdown"]
    assert "footer" in gov201["properties"]["tags"]
    assert gov201["defaultConfiguration"]["level"] == "error"
    assert rules["GOV106"]["defaultConfiguration"]["level"] == "note"
    assert "axe:color-contrast" in rules and "COL010" in rules and "LNT001" in rules  # rules with findings

    results = run["results"]
    assert len(results) == len(result.findings)
    by_rule = {r["ruleId"]: r for r in results}
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert re.fullmatch(r"[0-9a-f]{32}(-\d+)?", r["partialFingerprints"]["jiyueFingerprint/v1"])
        assert {"site", "page", "source"} <= set(r["properties"])
    lnt = by_rule["LNT001"]
    assert lnt["level"] == "error"
    assert lnt["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site_src/jiangnan/zwdt/a1.md"
    assert lnt["locations"][0]["physicalLocation"]["region"] == {"startLine": 6}
    tpl = by_rule["GOV201"]["locations"][0]["physicalLocation"]
    assert tpl["artifactLocation"]["uri"] == TEMPLATE and "region" not in tpl
    assert by_rule["GOV201"]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 78
    page = by_rule["GOV105"]
    assert page["level"] == "warning"
    assert page["message"]["text"].startswith("ArticleTitle“<script>")
    assert page["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "jiangnan/tzgg/b%201.html"
    assert page["locations"][0]["physicalLocation"]["region"]["startLine"] == 14
    assert by_rule["GOV106"]["level"] == "note"
    assert by_rule["GOV001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "site_src/jiangnan/site.toml"
    assert by_rule["COL010"]["properties"]["source"] == "19号文 单项否决"
    # a --src outside the working folder gives absolute file URIs
    doc = json.loads(render("sarif", result, src_root="/elsewhere/site src"))
    lnt = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "LNT001")
    assert lnt["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "file:///elsewhere/site%20src/jiangnan/zwdt/a1.md"
    assert sarif_errors(doc) == []


def test_sarif_of_a_real_build_validates(tmp_path):
    src, out = built_platform(tmp_path)
    for d in (NO_SITE_CODE, NO_SITEMAP, OTHER_H1):
        break_page(out, d)
    proc = run_main("--src", str(src), "--out", str(out), "--format", "sarif")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert sarif_errors(doc) == []
    results = doc["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} >= {("GOV201", "error"), ("GOV208", "warning"),
                                                           ("GOV105", "warning")}
    ids = [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert "GOV201" in ids and len(ids) == len(set(ids))


# --- JUnit -----------------------------------------------------------------------------------------

def test_junit_parses_and_counts_right():
    result = synthetic()
    rules = selected("GOV001", "GOV105", "GOV106", "GOV201", "GOV208")
    root = ET.fromstring(render("junit", result, selected=rules).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"jiangnan", "tjj"}
    # 5 selected rules + COL010, LNT001 and axe:color-contrast that have findings
    n_rules = 8
    for s in suites.values():
        cases = s.findall("testcase")
        assert len(cases) == n_rules == int(s.get("tests"))
        assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert all(c.get("classname") == s.get("name") for c in cases)
        assert s.find("skipped") is None and all(c.find("skipped") is None for c in cases)
    jn = {c.get("name").split(" ")[0]: c for c in suites["jiangnan"].findall("testcase")}
    assert jn["GOV201"].get("name") == "GOV201 页脚展示网站标识码"
    failed = sorted(k for k, c in jn.items() if c.find("failure") is not None)
    assert failed == ["COL010", "GOV001", "GOV201", "LNT001"]
    assert "页脚缺少网站标识码" in jn["GOV201"].find("failure").text
    assert jn["GOV105"].find("failure") is None and "<script>" in jn["GOV105"].find("system-out").text
    assert jn["GOV208"].find("failure") is None and jn["GOV208"].find("system-out") is None
    tjj = {c.get("name").split(" ")[0]: c for c in suites["tjj"].findall("testcase")}
    assert int(suites["tjj"].get("failures")) == 0
    assert "ColumnType" in tjj["GOV106"].find("system-out").text
    assert int(root.get("tests")) == 2 * n_rules and int(root.get("failures")) == 4
    props = {p.get("name"): p.get("value") for p in suites["jiangnan"].find("properties")}
    assert props["veto"] == "COL010"


def test_junit_strips_characters_xml_cannot_carry():
    result = synthetic([finding("GOV105", ERROR, "bad\x00\x1bchars & <tags>", page="a.html")])
    root = ET.fromstring(render("junit", result, selected=selected("GOV105")).encode("utf-8"))
    assert "badchars & <tags>" in root.find(".//failure").text


# --- GitLab Code Quality ------------------------------------------------------------------------

def test_gitlab_code_quality_fields_and_severities():
    result = synthetic()
    issues = json.loads(render("gitlab", result, src_root="site_src"))
    assert len(issues) == len(result.findings)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    for i in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(i)
        assert i["severity"] in ("blocker", "critical", "major", "minor", "info")
        assert i["location"]["path"] and i["location"]["lines"]["begin"] >= 1
    sev = {i["check_name"]: i["severity"] for i in issues}
    assert sev == {"LNT001": "critical", "GOV201": "critical", "GOV105": "minor", "COL010": "blocker",
                   "GOV001": "critical", "GOV106": "info", "axe:color-contrast": "minor"}
    lnt = next(i for i in issues if i["check_name"] == "LNT001")
    assert lnt["location"] == {"path": "site_src/jiangnan/zwdt/a1.md", "lines": {"begin": 6}}


def test_gitlab_fingerprints_survive_line_shifts_in_a_real_build(tmp_path):
    src, out = built_platform(tmp_path)
    for d in (NO_SITE_CODE, NO_SITEMAP, OTHER_H1):
        break_page(out, d)

    def run():
        proc = run_main("--src", str(src), "--out", str(out), "--format", "gitlab", "--select", "GOV")
        return {i["check_name"]: i["fingerprint"] for i in json.loads(proc.stdout)}

    before = run()
    lines_before = {f["rule"]: f["html_line"] for f in lint_json(src, out)[1]["findings"]}
    insert_lines_above(out, "zwdt/zwdt-1.html", 12)
    insert_lines_above(out, "tzgg/tzgg-1.html", 3)
    lines_after = {f["rule"]: f["html_line"] for f in lint_json(src, out)[1]["findings"]}
    assert all(lines_after[r] != lines_before[r] for r in lines_before)
    assert run() == before and set(before) == {"GOV201", "GOV208", "GOV105"}


# --- GitHub annotations ---------------------------------------------------------------------------

def test_github_annotations_are_capped_and_most_important_first(tmp_path):
    findings = [finding("GOV201", ERROR, f"错误 {i}", page=f"p{i}.html", line=i + 1) for i in range(14)]
    findings += [finding("COL010", ERROR, "栏目久未更新", page="zwdt/index.html", source="19号文")]
    findings += [finding("GOV208", WARNING, f"警告 {i}", page=f"w{i}.html") for i in range(13)]
    findings += [finding("GOV106", INFO, "提示", page="x.html")]
    text = render("github", synthetic(findings), step_summary=None)
    lines = text.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 10
    assert "title=COL010" in errors[0] and "【单项否决】" in errors[0]  # the veto rule first
    assert errors[1].startswith("::error file=jiangnan/p0.html,line=1,title=GOV201::错误 0%0A")
    assert lines.index(warnings[0]) > lines.index(errors[-1])
    assert not any(line.startswith("::notice file") for line in lines)
    assert lines[-1].startswith("::notice title=jiyue-lint::") and "另有 9 个未显示" in lines[-1]


def test_github_escapes_properties_and_data():
    f = finding("GOV105", WARNING, "第一行\n第二行 100%", page="a,b:c.html", line=3)
    [line, _last] = render("github", synthetic([f]), step_summary=None).splitlines()
    assert line.startswith("::warning file=jiangnan/a%2Cb%3Ac.html,line=3,title=GOV105::第一行%0A第二行 100%25%0A")


def test_github_step_summary_is_appended_when_set(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("# 前一步\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    text = render("github", synthetic())
    assert "任务摘要" in text.splitlines()[-1]
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("# 前一步\n## jiyue-lint 政府网站合规检查：未通过")
    assert re.search(r"^\| jiangnan \| 江南市人民政府 \| 120 \| 4 \| 1 \| 0 \| 触发：COL010 \| [\d.]+ \|$", md, re.M)
    assert re.search(r"^\| tjj \| 江南市统计局 \| 40 \| 0 \| 1 \| 1 \| 未触发 \| [\d.]+ \|$", md, re.M)
    assert re.search(r"^\| GOV201 \| 页脚展示网站标识码 \| 错误 \| 1 \|", md, re.M)
    assert "&lt;script&gt;" in md and "<script>" not in md
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    render("github", synthetic())
    assert summary.read_text(encoding="utf-8") == md  # nothing written when unset


# --- HTML ---------------------------------------------------------------------------------------------

def test_html_is_self_contained_escaped_and_linked(tmp_path):
    result = synthetic()
    report = tmp_path / "reports" / "lint.html"
    html = render("html", result, report_path=str(report), output_root=str(tmp_path / "output"))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<script" not in html.lower()  # no JS at all, the message's <script> is escaped
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # no external asset or link
    assert "<link" not in html and "<style>" in html and "<svg" in html
    # per-site score card and veto verdict with its items
    assert "江南市人民政府" in html and "触发单项否决" in html and "未触发单项否决" in html
    assert "栏目不更新" in html and "扣分" in html
    # findings by family, with rule id, message, source and a link relative to the report
    for fam in ("网站标识与网页标签", "栏目与更新", "检查工具", "浏览器无障碍审计"):
        assert fam in html
    assert 'href="../output/jiangnan/zwdt/a1.html"' in html
    assert 'href="../output/jiangnan/tzgg/b%201.html"' in html
    assert "19号文 单项否决" in html and "LNT001" in html
    # a chart bar per family
    assert len(re.findall(r"<rect ", html)) >= 5


def test_html_without_findings_says_so():
    html = render("html", synthetic([]))
    assert "没有发现问题" in html and "href=" not in html


def test_html_of_a_real_build_links_the_pages(tmp_path):
    src, out = built_platform(tmp_path)
    break_page(out, NO_SITE_CODE)
    report = tmp_path / "report.html"
    proc = run_main("--src", str(src), "--out", str(out), "--format", "html", "--report", str(report))
    assert proc.returncode == 1
    html = report.read_text(encoding="utf-8")
    m = re.search(r'<a href="([^"]+)">tzgg/tzgg-1.html</a>', html)
    assert m and (report.parent / m.group(1)).is_file()


# --- text and JSON --------------------------------------------------------------------------------

def test_text_groups_by_site_page_rule_with_locations_and_summary():
    result = synthetic(stale_baseline=[{"fingerprint": "x", "rule": "GOV208", "site": "jiangnan",
                                        "page": "zwdt/old.html", "message": "页脚没有网站地图链接"}],
                       baselined=2, suppressed=1)
    text = render("text", result)
    lines = text.splitlines()
    assert lines[0] == "== 站点 jiangnan 江南市人民政府（5 个问题：错误 4，警告 1，提示 0）"
    assert lines[1] == "  站点级问题"  # site-level first
    assert "GOV001" in lines[2]
    jiangnan = text.split("== 站点 tjj")[0]
    assert jiangnan.index("tzgg/b 1.html") < jiangnan.index("zwdt/a1.html") < jiangnan.index("zwdt/index.html")
    assert "    LNT001 LintIgnore 须写明理由且规则号存在 [错误]（依据：jiyue 检查工具规则" in text
    assert "@ zwdt/a1.md:6" in text
    assert f"@ {TEMPLATE}（页面 zwdt/a1.html 第 78 行）" in text
    assert "@ tzgg/b 1.html:14" in text
    assert ("站点 jiangnan（江南市人民政府）：120 个页面；错误 4，警告 1，提示 0；"
            "触发单项否决：COL010（栏目不更新）") in text
    assert "站点 tjj（江南市统计局）：40 个页面；错误 0，警告 1，提示 1；未触发单项否决" in text
    assert "合计：错误 4，警告 2，提示 1；已抑制（LintIgnore）1；基线忽略 2" in text
    assert "基线中有 1 条已不再出现" in text and "过期基线 GOV208 jiangnan/zwdt/old.html" in text


def test_json_keeps_the_contract_and_lists_stale_entries():
    stale = [{"fingerprint": "x", "rule": "GOV208", "site": "jiangnan", "page": None, "message": "m"}]
    doc = json.loads(render("json", synthetic(stale_baseline=stale, baselined=1)))
    assert doc["version"] == 1 and doc["today"] == "2026-11-24"
    assert doc["sites"][0]["veto"] == ["COL010"] and "deductions" in doc["sites"][0]["score"]
    f = doc["findings"][0]
    assert {"rule", "severity", "site", "page", "line", "file", "message", "source"} <= set(f)
    assert doc["summary"]["stale_baseline"] == 1 and doc["baseline"]["stale"] == stale


def test_every_format_renders_a_result_with_nothing_in_it():
    for fmt in FORMATS:
        result = LintResult(today=date(2026, 11, 24), sites=[], findings=[], rules=registry.load_all())
        assert render(fmt, result, step_summary=None).strip()


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render("pdf", synthetic())


def test_a_look_alike_result_renders_in_every_format():
    """The browser audit hands its own result (today as a string, sites as dicts) to
    these reporters: every format accepts it."""
    from types import SimpleNamespace

    findings = [finding("axe:image-alt", ERROR, "图片缺少替代文本", page="index.html", source="WCAG 1.1.1",
                        html_line=12, mode="elder")]
    look = SimpleNamespace(today="2026-11-24", sites=[{"id": "jiangnan", "name": "江南市人民政府", "pages": 3}],
                           findings=findings, rules={}, suppressed=0, baselined=0, stale_baseline=[], notes=[],
                           errors=[], failed=True, counts=lambda: {"error": 1, "warning": 0, "info": 0},
                           to_json=lambda: {"version": 1, "findings": [f.to_json() for f in findings]})
    for fmt in FORMATS:
        text = render(fmt, look, step_summary=None)
        assert "image-alt" in text, fmt
    assert sarif_errors(json.loads(render("sarif", look))) == []
    root = ET.fromstring(render("junit", look).encode("utf-8"))
    assert root.find(".//testcase[@name='axe:image-alt axe-core 规则 image-alt']/failure") is not None
