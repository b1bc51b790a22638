"""The score card: 单项否决 (19号文) verdict and machine-checkable deductions per site.

Each veto item lists the rules whose error findings trigger it; the verdict of
a site is the list of veto items that fired, each traced to its findings.
"""

from __future__ import annotations

from lint.model import ERROR

# 19号文 单项否决 items that can be checked by machine, and the rules behind them.
VETO_ITEMS = {
    "首页不更新": ("COL006",),
    "栏目不更新": ("COL010",),
    "严重表述错误": ("CNT006",),
    "互动回应差": ("COL011",),
    "伪造发稿日期": ("COL008",),
}


def veto_rules() -> set[str]:
    return {r for rules in VETO_ITEMS.values() for r in rules}


def annotate(result) -> None:
    """Fill ``veto`` and ``score`` of every site summary from the findings."""
    by_site: dict[str, list] = {}
    for f in result.findings:
        by_site.setdefault(f.site, []).append(f)
    for summary in result.sites:
        findings = by_site.get(summary.id, [])
        fired = sorted({f.rule for f in findings if f.severity == ERROR and f.rule in veto_rules()})
        summary.veto = fired
        summary.score = {"deductions": 0.0, "veto": bool(fired)}
        summary.scorecard = {
            "veto": [{"item": item, "rules": list(rules),
                      "passed": not any(r in fired for r in rules),
                      "findings": [f.fingerprint() for f in findings if f.rule in rules and f.severity == ERROR]}
                     for item, rules in VETO_ITEMS.items()],
            "deductions": [],
        }
