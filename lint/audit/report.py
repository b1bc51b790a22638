"""Audit results and their reports (text, json, sarif, junit; html in report_html).

The linter's reporters (``lint.reporters.render(fmt, result, **options)``) render
text/json/sarif/junit (and gitlab/github), so both tools print the same formats:
:class:`AuditResult` looks like the linter's ``LintResult`` to them. The minimal
reporters below are only the fallback when ``lint.reporters`` cannot be imported. The
JSON follows CONTRACT §4.2 and adds what only the audit knows (axe-core version, tags,
pages, timing). The html report is the audit's own (screenshots beside findings).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lint.model import ERROR, INFO, SEVERITY_RANK, SEVERITY_ZH, WARNING, Finding, Rule

FORMATS = ("text", "json", "sarif", "junit", "html", "gitlab", "github")
LINTER_ONLY = ("gitlab", "github")


@dataclass
class AuditResult:
    today: str
    sites: list[dict]
    findings: list[Finding]
    rules: dict[str, Rule]
    axe: dict = field(default_factory=dict)  # {"version", "origin"}
    tags: list[str] = field(default_factory=list)
    pages: list[Any] = field(default_factory=list)  # runner.PageResult (html report, page list)
    stats: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # render options for lint.reporters (site_roots, ...)
    # what the linter's reporters read from a LintResult
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        out = {ERROR: 0, WARNING: 0, INFO: 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def to_json(self) -> dict:
        return to_json_obj(self)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.site or "", f.page or "", f.rule, f.extra.get("mode", ""),
                                           SEVERITY_RANK.get(f.severity, 9), f.message))


# ---------------------------------------------------------------------------

def render_text(r: AuditResult) -> str:
    lines = []
    for f in r.findings:
        where = f"{f.site}/{f.page}" if f.page else f"{f.site}"
        lines.append(f"{where}: {SEVERITY_ZH.get(f.severity, f.severity)} {f.rule} {f.message}  [{f.source}]")
    c = Counter(f.severity for f in r.findings)
    pages = sum(s.get("pages", 0) for s in r.sites)
    cached = sum(s.get("cached", 0) for s in r.sites)
    lines.append("")
    lines.append(
        f"浏览器审计：{len(r.sites)} 个站点，{pages} 个页面（其中 {cached} 个来自缓存），"
        f"axe-core {r.axe.get('version', '?')}；"
        f"错误 {c.get(ERROR, 0)}，警告 {c.get(WARNING, 0)}，提示 {c.get(INFO, 0)}"
    )
    return "\n".join(lines) + "\n"


def to_json_obj(r: AuditResult) -> dict:
    return {
        "version": 1,
        "today": r.today,
        "tool": "jiyue-audit",
        "axe": r.axe,
        "tags": r.tags,
        "sites": r.sites,
        "pages": [
            {"site": p.page.site, "page": p.page.rel, "type": p.page.type, "column": p.page.column,
             "elder_mode": (p.elder or {}).get("status"), "cached": p.cached, "seconds": p.seconds,
             "findings": len(p.findings)}
            for p in r.pages
        ],
        "stats": r.stats,
        "findings": [f.to_json() for f in r.findings],
        "summary": {**r.counts(), "suppressed": 0, "baselined": 0, "stale_baseline": 0},
        "notes": r.notes,
    }


def render_json(r: AuditResult) -> str:
    return json.dumps(to_json_obj(r), ensure_ascii=False, indent=2) + "\n"


_SARIF_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}


def render_sarif(r: AuditResult) -> str:
    rule_ids = sorted({f.rule for f in r.findings} | set(r.rules))
    index = {rid: i for i, rid in enumerate(rule_ids)}
    rules = []
    for rid in rule_ids:
        rule = r.rules.get(rid)
        entry: dict[str, Any] = {"id": rid, "shortDescription": {"text": rule.title if rule else rid}}
        if rule:
            entry["fullDescription"] = {"text": rule.source}
            entry["defaultConfiguration"] = {"level": _SARIF_LEVEL.get(rule.severity, "warning")}
            help_url = next((f.extra.get("helpUrl") for f in r.findings
                             if f.rule == rid and f.extra.get("helpUrl")), None)
            if help_url:
                entry["helpUri"] = help_url
        rules.append(entry)
    results = []
    for f in r.findings:
        loc = {"physicalLocation": {"artifactLocation": {"uri": f"{f.site}/{f.page}" if f.page else f"{f.site}"}}}
        if f.line:
            loc["physicalLocation"]["region"] = {"startLine": f.line}
        res = {"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVEL.get(f.severity, "warning"),
               "message": {"text": f.message}, "locations": [loc],
               "partialFingerprints": {"jiyue/v1": f.fingerprint()}}
        sels = f.extra.get("selectors")
        if sels:
            res["properties"] = {"selectors": sels, "impact": f.extra.get("impact"), "mode": f.extra.get("mode")}
        results.append(res)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "jiyue-audit", "informationUri": "https://github.com/dequelabs/axe-core",
                                      "version": r.axe.get("version", ""), "rules": rules}},
                  "results": results}],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_junit(r: AuditResult) -> str:
    by_page: dict[tuple[str, str], list[Finding]] = {}
    for p in r.pages:
        by_page.setdefault((p.page.site, p.page.rel), [])
    for f in r.findings:
        by_page.setdefault((f.site or "", f.page or ""), []).append(f)
    suites: dict[str, list[tuple[str, list[Finding]]]] = {}
    for (site, page), fs in sorted(by_page.items()):
        suites.setdefault(site, []).append((page, fs))
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    total = sum(len(v) for v in suites.values())
    fails = sum(1 for v in suites.values() for _, fs in v if any(f.severity == ERROR for f in fs))
    out.append(f'<testsuites name="jiyue-audit" tests="{total}" failures="{fails}">')
    for site, cases in suites.items():
        sf = sum(1 for _, fs in cases if any(f.severity == ERROR for f in fs))
        out.append(f'  <testsuite name={quoteattr("audit." + site)} tests="{len(cases)}" failures="{sf}">')
        for page, fs in cases:
            out.append(f'    <testcase classname={quoteattr("audit." + site)} name={quoteattr(page or "(site)")}>')
            errs = [f for f in fs if f.severity == ERROR]
            if errs:
                body = "\n".join(f"{f.rule} {f.message} [{f.source}]" for f in errs)
                msg = quoteattr(f"{len(errs)} 个错误")
                out.append(f'      <failure message={msg} type="error">{escape(body)}</failure>')
            other = [f for f in fs if f.severity != ERROR]
            if other:
                body = "\n".join(f"{SEVERITY_ZH.get(f.severity)} {f.rule} {f.message}" for f in other)
                out.append(f"      <system-out>{escape(body)}</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


_OWN = {"text": render_text, "json": render_json, "sarif": render_sarif, "junit": render_junit}


def _linter_render(fmt: str, r: AuditResult) -> str | None:
    """Render with lint.reporters (same formats as the linter); None when unavailable."""
    try:
        from lint import reporters  # type: ignore
    except ImportError:
        return None
    options = dict(r.options)
    options.setdefault("selected", list(r.rules.values()))
    return reporters.render(fmt, r, **options)


def render(fmt: str, r: AuditResult, use_linter: bool = True) -> str:
    if fmt == "html":
        from .report_html import render_html

        return render_html(r)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt}")
    if use_linter:
        text = _linter_render(fmt, r)
        if text is not None:
            return text
    if fmt not in _OWN:
        raise ValueError(f"format {fmt} needs lint.reporters")
    return _OWN[fmt](r)
