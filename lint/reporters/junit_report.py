"""``--format junit``: JUnit XML so CI dashboards show one test per rule and site.

``<testsuites>`` holds one ``<testsuite name="<site>">`` per site and, in it, one
``<testcase classname="<site>" name="<RULE> <title>">`` per rule that ran. A rule with
error findings on that site fails (``<failure>`` lists them); warnings and infos do not
fail the case and are listed in its ``<system-out>``. Counts (tests, failures) add up.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from lint.model import ERROR

from ._common import clean_xml_text, counts, selected_rules, severity_zh, sites, today_str, where_text


def _a(value) -> str:
    return quoteattr(clean_xml_text(str(value)))


def _t(value) -> str:
    return escape(clean_xml_text(str(value)))


def _line(f) -> str:
    where = where_text(f)
    if f.page and f.page not in where:
        where += f"（页面 {f.page}）"
    return f"[{severity_zh(f.severity)}] {f.message} @ {where}"


def render(result, **options) -> str:
    rules = selected_rules(result, options)
    by_key: dict[tuple, list] = {}
    for f in result.findings:
        by_key.setdefault((f.site, f.rule), []).append(f)
    site_views = sites(result)
    suites = []
    total_tests = total_failures = 0
    for s in site_views:
        cases = []
        failures = 0
        for rule in rules:
            items = by_key.get((s.id, rule.id), [])
            errors = [f for f in items if f.severity == ERROR]
            others = [f for f in items if f.severity != ERROR]
            name = f"{rule.id} {rule.title}"
            body = []
            if errors:
                failures += 1
                msg = f"{len(errors)} 个错误：{errors[0].message}" + ("……" if len(errors) > 1 else "")
                text = "\n".join(_line(f) for f in errors) + f"\n依据：{rule.source}"
                body.append(f'      <failure message={_a(msg)} type="{rule.id}">{_t(text)}</failure>')
            if others:
                body.append("      <system-out>" + _t("\n".join(_line(f) for f in others)) + "</system-out>")
            head = f'    <testcase classname={_a(s.id)} name={_a(name)} time="0"'
            cases.append(head + (">\n" + "\n".join(body) + "\n    </testcase>" if body else " />"))
        total_tests += len(rules)
        total_failures += failures
        props = [f'      <property name="site_name" value={_a(s.name)} />',
                 f'      <property name="pages" value="{s.pages}" />',
                 f'      <property name="veto" value={_a(",".join(s.veto))} />',
                 f'      <property name="deductions" value="{s.deductions:g}" />',
                 f'      <property name="today" value={_a(today_str(result))} />']
        suites.append(f'  <testsuite name={_a(s.id)} tests="{len(rules)}" failures="{failures}" errors="0" '
                      f'skipped="0" time="0">\n    <properties>\n' + "\n".join(props) + "\n    </properties>\n"
                      + "\n".join(cases) + "\n  </testsuite>")
    c = counts(result.findings)
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jiyue-lint" tests="{total_tests}" '
            f'failures="{total_failures}" errors="0" time="0">')
    tail = "</testsuites>"
    comment = (f"<!-- 检查日期 {_t(today_str(result))}：错误 {c['error']}，警告 {c['warning']}，"
               f"提示 {c['info']} -->")
    return "\n".join([head, comment] + suites + [tail]) + "\n"
