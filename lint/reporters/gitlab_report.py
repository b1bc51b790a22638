"""``--format gitlab``: GitLab Code Quality (Code Climate subset) JSON.

A list of issues ``{description, check_name, fingerprint, severity, location: {path,
lines: {begin}}}``. The fingerprint is ``lint.suppress.fingerprints`` — it has no line
number in it, so an issue keeps its identity (and GitLab's "new / fixed" diff stays
right) when lines above it move. Severity: an error of a 单项否决 rule → blocker,
other errors → critical, a warning of a 单项否决 rule (about to become one) → major,
other warnings → minor, infos → info.
"""

from __future__ import annotations

import json

from lint.model import ERROR, WARNING
from lint.suppress import fingerprints

from ._common import artifact, artifact_line, rule_title, veto_rule_ids


def severity(f, veto: set[str]) -> str:
    if f.severity == ERROR:
        return "blocker" if f.rule in veto else "critical"
    if f.severity == WARNING:
        return "major" if f.rule in veto else "minor"
    return "info"


def build(result, **options) -> list[dict]:
    veto = veto_rule_ids()
    issues = []
    for f, fp in zip(result.findings, fingerprints(result.findings)):
        path, kind = artifact(f, options)
        where = f"{f.site}/{f.page}" if f.page else f"{f.site}（站点级）"
        issues.append({
            "type": "issue",
            "check_name": f.rule,
            "description": f"{f.rule} {f.message}（{where}；依据：{f.source}）",
            "content": {"body": f"**{f.rule} {rule_title(result, f.rule)}**\n\n{f.message}\n\n依据：{f.source}"},
            "fingerprint": fp,
            "severity": severity(f, veto),
            "location": {"path": path, "lines": {"begin": artifact_line(f, kind) or 1}},
        })
    return issues


def render(result, **options) -> str:
    return json.dumps(build(result, **options), ensure_ascii=False, indent=1) + "\n"
