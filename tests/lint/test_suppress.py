"""Inline suppression (``LintIgnore``) and the baseline: parsing, fingerprints that
survive line shifts, stale entries, and the LNT rules that guard them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_cli import OTHER_H1, break_page, built_platform, lint_json

from lint import registry, suppress
from lint.api import LintResult, SiteSummary
from lint.model import ERROR, WARNING, Finding


def F(rule="GOV105", page="zwdt/a.html", line=10, message="标题不一致", site="jiangnan", file=None, **extra):
    return Finding(rule=rule, severity=WARNING, message=message, source="实践要求", site=site, page=page, line=line,
                   file=file, extra=extra)


# --- LintIgnore parsing ------------------------------------------------------------------

@pytest.mark.parametrize("value,ok,bad", [
    ("CNT002 -- 公开的是单位值班电话", {"CNT002": "公开的是单位值班电话"}, []),
    ("cnt002 —— 值班电话", {"CNT002": "值班电话"}, []),
    ("GOV105, CNT002 -- 共同理由; A11Y003 -- 装饰图",
     {"GOV105": "共同理由", "CNT002": "共同理由", "A11Y003": "装饰图"}, []),
    ("axe:color-contrast -- 第三方嵌入", {"axe:color-contrast": "第三方嵌入"}, []),
    ("GOV105", {}, ["GOV105"]),
    ("GOV105 --", {}, ["GOV105 --"]),
    ("GOV105 -- 理由；CNT002", {"GOV105": "理由"}, ["CNT002"]),
    ("随便写写", {}, ["随便写写"]),
])
def test_parse_lintignore(value, ok, bad):
    assert suppress.parse_lintignore(value) == (ok, bad)


def _target(meta: dict, url="zwdt/a.html"):
    record = SimpleNamespace(url=url, source=url.replace(".html", ".md"), meta=meta, lines={"lintignore": 7})
    return SimpleNamespace(site_id="jiangnan", records=[record])


def test_apply_inline_silences_only_that_rule_on_that_page():
    rules = registry.load_all()
    findings = [F(), F(page="tzgg/b.html"), F(rule="GOV208", message="页脚没有网站地图链接")]
    kept, n, extra = suppress.apply_inline(_target({"lintignore": "GOV105 -- 经确认"}), findings, rules)
    assert n == 1 and extra == []
    assert [(f.rule, f.page) for f in kept] == [("GOV105", "tzgg/b.html"), ("GOV208", "zwdt/a.html")]


def test_apply_inline_reports_bad_entries_as_lnt001():
    rules = registry.load_all()
    kept, n, extra = suppress.apply_inline(_target({"lintignore": "GOV105; GOV999 -- 理由"}), [F()], rules)
    assert n == 0 and len(kept) == 1
    assert [(f.rule, f.severity, f.page, f.file, f.line) for f in extra] == [
        ("LNT001", ERROR, "zwdt/a.html", "zwdt/a.md", 7)] * 2
    assert "缺少理由" in extra[0].message and "GOV999 不存在" in extra[1].message
    _kept, _n, extra = suppress.apply_inline(_target({"lintignore": ""}), [F()], rules)
    assert [f.message for f in extra] == ["LintIgnore 为空，应写作“规则号 -- 理由”"]


def test_a_template_finding_for_many_pages_is_not_silenced_by_one_page():
    rules = registry.load_all()
    many = F(rule="GOV208", message="页脚没有网站地图链接（模板问题，共 12 个页面）", pages_count=12,
             origin="template")
    kept, n, _extra = suppress.apply_inline(_target({"lintignore": "GOV208 -- 本页例外"}), [many], rules)
    assert n == 0 and kept == [many]


def test_meta_rules_are_registered_with_docs():
    rules = registry.load_all()
    assert rules["LNT001"].title == "LintIgnore 须写明理由且规则号存在"
    assert rules["LNT002"].title == "规则执行出错"
    for rid in ("LNT001", "LNT002"):
        assert rules[rid].severity == ERROR and rules[rid].check is None
        for heading in ("## What it does", "## Why it matters", "## Example"):
            assert heading in rules[rid].doc


# --- fingerprints and the baseline ------------------------------------------------------------

def test_fingerprints_ignore_lines_and_tell_twins_apart():
    a = suppress.fingerprints([F(line=10), F(line=30), F(rule="GOV208")])
    b = suppress.fingerprints([F(line=99), F(line=130), F(rule="GOV208", line=None)])
    assert a == b
    assert len(set(a)) == 3 and a[1] == a[0] + "-1"
    assert suppress.fingerprints([F(message="另一个")]) != a[:1]


def _result(findings, sites=("jiangnan", "tjj")):
    return LintResult(today=date(2026, 11, 24), sites=[SiteSummary(s, s, 3) for s in sites], findings=findings,
                      rules=registry.load_all())


def test_write_then_apply_baseline(tmp_path):
    path = tmp_path / "sub" / "baseline.json"
    findings = [F(), F(line=40), F(rule="GOV208", site="tjj", message="页脚没有网站地图链接")]
    assert suppress.write_baseline(_result(findings), path) == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and {e["rule"] for e in data["findings"]} == {"GOV105", "GOV208"}

    later = _result([F(line=12), F(rule="CNT002", message="新问题")])  # lines moved; one twin and GOV208 fixed
    suppress.apply_baseline(later, path)
    assert [f.rule for f in later.findings] == ["CNT002"]
    assert later.baselined == 1
    assert sorted(e["rule"] for e in later.stale_baseline) == ["GOV105", "GOV208"]

    one_site = _result([F(line=12)], sites=("jiangnan",))
    suppress.apply_baseline(one_site, path)
    assert [e["rule"] for e in one_site.stale_baseline] == ["GOV105"]  # tjj was not linted
    some_rules = _result([F(line=12)])
    suppress.apply_baseline(some_rules, path, rules=["GOV105"])
    assert [e["rule"] for e in some_rules.stale_baseline] == ["GOV105"]  # GOV208 did not run


def test_write_baseline_keeps_entries_it_did_not_look_at(tmp_path):
    path = tmp_path / "b.json"
    suppress.write_baseline(_result([F(), F(site="tjj", page="x.html")]), path)
    suppress.write_baseline(_result([], sites=("jiangnan",)), path, keep=lambda e: e["site"] != "jiangnan")
    assert [(e["site"], e["page"]) for e in json.loads(path.read_text())["findings"]] == [("tjj", "x.html")]


@pytest.mark.parametrize("content,expected", [
    (None, "基线文件不存在"),
    ("[]", "格式不正确"),
    ("{oops", "不是有效的 JSON"),
    ('{"findings": [{"rule": "GOV105"}]}', "缺少 fingerprint"),
])
def test_unusable_baselines_raise(tmp_path, content, expected):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(suppress.BaselineError, match=expected):
        suppress.load_baseline(path)


# --- real builds -----------------------------------------------------------------------------

def _lintignore(value: str, extra_meta: str = ""):
    def edit(src: Path) -> None:
        md = src / "jiangnan" / "zwdt" / "zwdt-1.md"
        text = md.read_text(encoding="utf-8")
        md.write_text(text.replace("Approver: 王磊\n", f"Approver: 王磊\n{extra_meta}LintIgnore: {value}\n", 1),
                      encoding="utf-8")
    return edit


def test_markdown_line_shift_keeps_fingerprint_and_baseline(tmp_path):
    src, out = built_platform(tmp_path / "a", _lintignore("GOV105"))
    _code, doc = lint_json(src, out)
    [first] = [f for f in doc["findings"] if f["rule"] == "LNT001"]
    assert first["file"] == "zwdt/zwdt-1.md" and first["line"] == 6
    base = tmp_path / "baseline.json"
    code, _ = lint_json(src, out, "--write-baseline", str(base))
    assert code == 0

    # two lines inserted above the LintIgnore line, same defect
    src2, out2 = built_platform(tmp_path / "b", _lintignore("GOV105", "Keywords: 政务\nSummary: 摘要\n"))
    _code, doc2 = lint_json(src2, out2)
    [second] = [f for f in doc2["findings"] if f["rule"] == "LNT001"]
    assert second["line"] == 8
    assert second["fingerprint"] == first["fingerprint"]
    code, doc3 = lint_json(src2, out2, "--baseline", str(base))
    assert code == 0 and doc3["findings"] == [] and doc3["summary"]["stale_baseline"] == 0


def test_suppressed_page_still_reports_other_rules(tmp_path):
    src, out = built_platform(tmp_path, _lintignore("GOV105 -- 领导确认"))
    break_page(out, OTHER_H1)
    break_page(out, ("zwdt/zwdt-1.html", '<span class="gov-label">网站标识码：</span>3299000001', ""))
    code, doc = lint_json(src, out)
    assert [(f["rule"], f["page"]) for f in doc["findings"]] == [("GOV201", "zwdt/zwdt-1.html")]
    assert code == 1 and doc["summary"]["suppressed"] == 1
