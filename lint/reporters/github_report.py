"""``--format github``: GitHub Actions workflow commands.

GitHub shows at most 10 error and 10 warning annotations per step, so this prints the
most important ones — errors of 单项否决 rules first, then other errors by rule, then
warnings — as ``::error file=…,line=…,title=RULE::message``, and one last line saying
how many findings are not shown. When ``$GITHUB_STEP_SUMMARY`` is set (or the option
``step_summary`` names a file) the full summary — per site counts and veto verdict,
per rule counts, and the findings — is appended to it as Markdown.
"""

from __future__ import annotations

import os
from collections import Counter

from lint.model import ERROR, WARNING

from ._common import (
    artifact,
    artifact_line,
    counts,
    importance,
    rule_of,
    rule_title,
    severity_zh,
    sites,
    today_str,
    veto_rule_ids,
    where_text,
)

MAX_PER_LEVEL = 10
MAX_SUMMARY_ROWS = 300  # GitHub caps a step summary at 1 MiB
COMMAND = {ERROR: "error", WARNING: "warning"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def annotations(result, **options) -> tuple[list[str], int]:
    """(annotation lines, number of findings not annotated)."""
    veto = veto_rule_ids()
    ordered = sorted(result.findings, key=lambda f: importance(f, veto))
    shown = {ERROR: 0, WARNING: 0}
    lines = []
    for f in ordered:
        cmd = COMMAND.get(f.severity)
        if cmd is None or shown[f.severity] >= MAX_PER_LEVEL:
            continue
        shown[f.severity] += 1
        path, kind = artifact(f, options)
        props = [f"file={_prop(path)}"]
        line = artifact_line(f, kind)
        if line:
            props.append(f"line={line}")
        props.append(f"title={_prop(f.rule)}")
        where = f"{f.site}/{f.page}" if f.page else f"{f.site}（站点级）"
        tag = "【单项否决】" if f.rule in veto and f.severity == ERROR else ""
        msg = f"{tag}{f.message}\n{where}；{f.rule} {rule_title(result, f.rule)}；依据：{f.source}"
        lines.append(f"::{cmd} {','.join(props)}::{_data(msg)}")
    return lines, len(result.findings) - len(lines)


def step_summary(result, **options) -> str:
    """The Markdown summary for ``$GITHUB_STEP_SUMMARY``."""
    c = counts(result.findings)
    verdict = "未通过" if c[ERROR] else "通过"
    out = [f"## jiyue-lint 政府网站合规检查：{verdict}", "",
           f"检查日期（监测时间点）：{today_str(result)}；错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
           + (f"；已抑制 {result.suppressed}" if getattr(result, "suppressed", 0) else "")
           + (f"；基线忽略 {result.baselined}" if getattr(result, "baselined", 0) else ""), "",
           "| 站点 | 名称 | 页面 | 错误 | 警告 | 提示 | 单项否决 | 扣分 |", "|---|---|---:|---:|---:|---:|---|---:|"]
    by_site: dict = {}
    for f in result.findings:
        by_site.setdefault(f.site, []).append(f)
    for s in sites(result):
        sc = counts(by_site.get(s.id, []))
        veto = "触发：" + "、".join(s.veto) if s.veto else "未触发"
        out.append(f"| {_cell(s.id)} | {_cell(s.name)} | {s.pages} | {sc['error']} | {sc['warning']} | {sc['info']} "
                   f"| {_cell(veto)} | {s.deductions:g} |")
    per_rule = Counter((f.rule, f.severity) for f in result.findings)
    if per_rule:
        out += ["", "| 规则 | 标题 | 级别 | 数量 | 依据 |", "|---|---|---|---:|---|"]
        for (rid, sev), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = rule_of(result, rid)
            out.append(f"| {_cell(rid)} | {_cell(rule_title(result, rid))} | {severity_zh(sev)} | {n} "
                       f"| {_cell(rule.source if rule else '')} |")
        veto = veto_rule_ids()
        ordered = sorted(result.findings, key=lambda f: importance(f, veto))
        out += ["", f"<details><summary>全部问题（{len(ordered)}）</summary>", "",
                "| 级别 | 规则 | 站点 | 位置 | 问题 |", "|---|---|---|---|---|"]
        for f in ordered[:MAX_SUMMARY_ROWS]:
            out.append(f"| {severity_zh(f.severity)} | {_cell(f.rule)} | {_cell(f.site or '')} "
                       f"| {_cell(where_text(f))} "
                       f"| {_cell(f.message)} |")
        if len(ordered) > MAX_SUMMARY_ROWS:
            out.append(f"\n……另有 {len(ordered) - MAX_SUMMARY_ROWS} 个问题，完整列表见 --format json 或 html 报告。")
        out += ["", "</details>"]
    stale = getattr(result, "stale_baseline", []) or []
    if stale:
        out += ["", f"基线中有 {len(stale)} 条已不再出现，请用 `--write-baseline` 更新基线。"]
    for note in getattr(result, "notes", []) or []:
        out += ["", "说明：" + note]
    return "\n".join(out) + "\n"


def _cell(s: str) -> str:
    return (str(s).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))


def render(result, **options) -> str:
    lines, more = annotations(result, **options)
    c = counts(result.findings)
    lines.append(f"::notice title=jiyue-lint::共 {len(result.findings)} 个问题"
                 f"（错误 {c['error']}，警告 {c['warning']}，"
                 f"提示 {c['info']}）；以上显示 {len(result.findings) - more} 个，另有 {more} 个未显示"
                 + ("，完整列表见任务摘要（Job summary）" if _summary_path(options) else "，完整列表见 --format text"))
    path = _summary_path(options)
    if path:
        try:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(step_summary(result, **options))
        except OSError as exc:
            lines.append(f"::warning title=jiyue-lint::{_data(f'无法写入 GITHUB_STEP_SUMMARY：{exc}')}")
    return "\n".join(lines) + "\n"


def _summary_path(options: dict) -> str | None:
    if "step_summary" in options:
        return options["step_summary"] or None
    return os.environ.get("GITHUB_STEP_SUMMARY") or None
