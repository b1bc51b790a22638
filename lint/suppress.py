"""Suppression: ``LintIgnore`` in an article's metadata, and the baseline file.

``LintIgnore: CNT002 -- 公开的是单位值班电话`` silences CNT002 on that article's
page; the reason after ``--`` is required (LNT001 otherwise). A baseline lists the
fingerprints of accepted findings (``--write-baseline``); ``--baseline`` hides
them and reports entries that no longer match (stale) so the baseline shrinks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lint.model import ERROR, Finding

ENTRY_RE = re.compile(r"^\s*([A-Za-z0-9]+)\s*(?:--|—|——)\s*(\S.*)$")


def parse_lintignore(value: str) -> tuple[dict[str, str], list[str]]:
    """'CNT002 -- reason; A11Y003 -- reason' → ({rule: reason}, [bad entries])."""
    ok, bad = {}, []
    for part in re.split(r"[;；]", value or ""):
        if not part.strip():
            continue
        m = ENTRY_RE.match(part)
        if m:
            ok[m.group(1).upper()] = m.group(2).strip()
        else:
            bad.append(part.strip())
    return ok, bad


def apply_inline(target, findings: list[Finding], rules_by_id) -> tuple[list[Finding], int, list[Finding]]:
    by_url = {r.url: r for r in target.records}
    ignores: dict[str, dict[str, str]] = {}
    extra: list[Finding] = []
    for r in target.records:
        raw = r.meta.get("lintignore")
        if not raw:
            continue
        ok, bad = parse_lintignore(raw)
        ignores[r.url] = ok
        line = r.lines.get("lintignore")
        for entry in bad:
            extra.append(Finding(rule="LNT001", severity=ERROR, site=target.site_id, page=r.url, line=line,
                                 file=r.source, source="jiyue 抑制规则",
                                 message=f"LintIgnore 条目“{entry}”缺少理由，应写作“规则号 -- 理由”"))
        for rid in ok:
            if rid not in rules_by_id and not rid.startswith("AXE"):
                extra.append(Finding(rule="LNT001", severity=ERROR, site=target.site_id, page=r.url, line=line,
                                     file=r.source, source="jiyue 抑制规则",
                                     message=f"LintIgnore 中的规则号 {rid} 不存在"))
    kept, n = [], 0
    for f in findings:
        if f.page in ignores and f.rule in ignores[f.page] and f.page in by_url:
            n += 1
            continue
        kept.append(f)
    return kept, n, extra


def fingerprints(findings: list[Finding]) -> list[str]:
    """Line-independent fingerprints, made unique by occurrence order."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        fp = f.fingerprint()
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(fp if n == 0 else f"{fp}-{n}")
    return out


def apply_baseline(result, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("findings", []) if isinstance(data, dict) else []
    known = {e.get("fingerprint"): e for e in entries if isinstance(e, dict)}
    kept, used = [], set()
    for f, fp in zip(result.findings, fingerprints(result.findings)):
        if fp in known:
            used.add(fp)
            result.baselined += 1
        else:
            kept.append(f)
    result.findings = kept
    result.stale_baseline = [e for fp, e in known.items() if fp not in used]


def write_baseline(result, path: Path) -> None:
    entries = [{"fingerprint": fp, "rule": f.rule, "site": f.site, "page": f.page, "message": f.message}
               for f, fp in zip(result.findings, fingerprints(result.findings))]
    path.write_text(json.dumps({"version": 1, "findings": entries}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
