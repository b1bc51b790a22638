"""``--format sarif``: SARIF 2.1.0 (OASIS), for code-scanning dashboards.

One run, tool ``jiyue-lint`` with every rule that ran (id, name, short/full
description, the rule doc as help text and markdown, tags, default level); one
result per finding with its level, message, location (the Markdown file or the
theme template when known, else ``<site>/<page>``; the built page as a related
location), the stable fingerprint and the site, page and regulation as properties.
"""

from __future__ import annotations

import json
import re

from lint.model import ERROR, INFO, WARNING
from lint.suppress import fingerprints

from ._common import (
    TOOL_NAME,
    TOOL_VERSION,
    artifact,
    artifact_line,
    counts,
    doc_summary,
    page_line,
    selected_rules,
    sites,
    today_str,
    uri,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}
FINGERPRINT_KEY = "jiyueFingerprint/v1"


def _name(rule) -> str:
    fn = getattr(rule.check, "__name__", "") if rule.check is not None else ""
    if fn and fn != "<lambda>":
        return "".join(p[:1].upper() + p[1:] for p in fn.split("_") if p)
    return re.sub(r"[^A-Za-z0-9]", "", rule.id.title()) or rule.id


def _rule_descriptor(rule, selected: bool) -> dict:
    doc = rule.doc or ""
    full = doc_summary(doc) or rule.title
    help_text = f"{rule.id} {rule.title}\n依据：{rule.source}\n\n{doc}".rstrip()
    help_md = f"**{rule.id} {rule.title}**\n\n依据：{rule.source}\n\n{doc}".rstrip()
    return {
        "id": rule.id,
        "name": _name(rule),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning"), "enabled": selected},
        "properties": {"tags": list(rule.tags), "source": rule.source, "scope": rule.scope,
                       "status": rule.status, "precision": "high"},
    }


def build(result, **options) -> dict:
    rules = selected_rules(result, options)
    explicit = options.get("selected")
    explicit_ids = None if explicit is None else {r if isinstance(r, str) else r.id for r in explicit}
    index = {r.id: i for i, r in enumerate(rules)}
    descriptors = [_rule_descriptor(r, explicit_ids is None or r.id in explicit_ids) for r in rules]
    results = []
    for f, fp in zip(result.findings, fingerprints(result.findings)):
        path, kind = artifact(f, options)
        physical: dict = {"artifactLocation": {"uri": uri(path)}}
        line = artifact_line(f, kind)
        if line:
            physical["region"] = {"startLine": line}
        location = {"physicalLocation": physical}
        logical = [{"name": f.page or "（站点级）", "fullyQualifiedName": f"{f.site}/{f.page or ''}".rstrip("/"),
                    "kind": "page" if f.page else "site"}]
        location["logicalLocations"] = logical
        res = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL.get(f.severity, "warning"),
            "kind": "fail",
            "message": {"text": f.message},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: fp},
            "properties": {"site": f.site, "page": f.page, "file": f.file, "source": f.source,
                           "severity": f.severity,
                           **{k: v for k, v in f.extra.items()
                              if k in ("html_line", "pages_count", "pages_sample", "origin", "anchor")}},
        }
        if kind in ("source", "template") and f.page and f.site:
            related = {"id": 1, "physicalLocation": {"artifactLocation": {"uri": uri(f"{f.site}/{f.page}"),
                                                                          "uriBaseId": "OUTPUT"}},
                       "message": {"text": "生成的页面"}}
            hl = page_line(f)
            if hl:
                related["physicalLocation"]["region"] = {"startLine": hl}
            res["relatedLocations"] = [related]
        results.append(res)
    run = {
        "tool": {"driver": {"name": TOOL_NAME, "fullName": "jiyue 政府网站合规检查", "version": TOOL_VERSION,
                            "semanticVersion": TOOL_VERSION, "language": "zh-CN",
                            "rules": descriptors}},
        "invocations": [{"executionSuccessful": not getattr(result, "errors", None),
                         "toolExecutionNotifications": [
                             {"level": "warning", "message": {"text": e}} for e in getattr(result, "errors", []) or []
                         ] + [{"level": "note", "message": {"text": n}} for n in getattr(result, "notes", []) or []],
                         "properties": {"today": today_str(result)}}],
        "originalUriBaseIds": {"OUTPUT": {"description": {"text": "构建输出目录（--out）"}}},
        "results": results,
        "properties": {
            "today": today_str(result),
            "summary": {**counts(result.findings), "suppressed": getattr(result, "suppressed", 0),
                        "baselined": getattr(result, "baselined", 0),
                        "stale_baseline": len(getattr(result, "stale_baseline", []) or [])},
            "sites": [{"id": s.id, "name": s.name, "pages": s.pages, "veto": s.veto, "score": s.score,
                       **({"scorecard": s.scorecard} if s.scorecard else {})}
                      for s in sites(result)],
        },
    }
    if options.get("output_root"):
        from pathlib import Path

        run["originalUriBaseIds"]["OUTPUT"]["uri"] = Path(options["output_root"]).resolve().as_uri() + "/"
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result, **options) -> str:
    return json.dumps(build(result, **options), ensure_ascii=False, indent=1) + "\n"
