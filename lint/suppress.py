"""Suppression: ``LintIgnore`` in an article's metadata, and the baseline file.

``LintIgnore: CNT002 -- 公开的是单位值班电话`` silences CNT002 on that article's
page; the reason after ``--`` is required (LNT001 otherwise). Several entries are
separated by ``;`` and several rule ids may share a reason
(``GOV105, CNT002 -- 理由``).

A baseline lists the fingerprints of accepted findings (``--write-baseline``);
``--baseline`` hides them and reports entries that no longer match (stale) so
the baseline shrinks as defects are fixed. Fingerprints never contain a line
number (see ``Finding.fingerprint``), so a baseline survives edits above a
finding; findings that share a fingerprint are told apart by their order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable

from lint.model import ERROR, Finding

RULE_TOKEN = r"(?:axe:[A-Za-z0-9_.-]+|[A-Za-z][A-Za-z0-9]*\d{3})"
ENTRY_RE = re.compile(rf"^\s*({RULE_TOKEN}(?:\s*[,，、]\s*{RULE_TOKEN})*)\s*(?:--|—+|－－|――)\s*(\S.*)$")
BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read (the CLI exits 2)."""


def canonical_id(token: str) -> str:
    token = token.strip()
    return token.lower() if token.lower().startswith("axe:") else token.upper()


def parse_lintignore(value: str) -> tuple[dict[str, str], list[str]]:
    """'CNT002 -- reason; A11Y003, GOV105 -- reason' → ({rule: reason}, [bad entries])."""
    ok: dict[str, str] = {}
    bad: list[str] = []
    for part in re.split(r"[;；]", value or ""):
        if not part.strip():
            continue
        m = ENTRY_RE.match(part)
        if m:
            for rid in re.split(r"[,，、]", m.group(1)):
                ok[canonical_id(rid)] = m.group(2).strip()
        else:
            bad.append(part.strip())
    return ok, bad


def _lnt001(target, record, line, message, rules_by_id) -> Finding:
    rule = rules_by_id.get("LNT001")
    return Finding(rule="LNT001", severity=rule.severity if rule else ERROR, site=target.site_id, page=record.url,
                   line=line, file=record.source, source=rule.source if rule else "jiyue 检查工具规则",
                   message=message)


def apply_inline(target, findings: list[Finding], rules_by_id) -> tuple[list[Finding], int, list[Finding]]:
    """Drop findings silenced by their article's ``LintIgnore``.

    Returns (kept findings, number suppressed, LNT001 findings for bad entries).
    A template finding reported once for many pages is not silenced by one page."""
    ignores: dict[str, dict[str, str]] = {}
    extra: list[Finding] = []
    known = {k.upper() for k in rules_by_id}
    for r in target.records:
        raw = r.meta.get("lintignore")
        if raw is None:
            continue
        ok, bad = parse_lintignore(raw)
        line = r.lines.get("lintignore")
        if not raw.strip():
            extra.append(_lnt001(target, r, line, "LintIgnore 为空，应写作“规则号 -- 理由”", rules_by_id))
        for entry in bad:
            if re.fullmatch(rf"\s*{RULE_TOKEN}(?:\s*[,，、]\s*{RULE_TOKEN})*\s*(?:--|—+)?\s*", entry):
                msg = f"LintIgnore 条目“{entry}”缺少理由，应写作“规则号 -- 理由”"
            else:
                msg = f"LintIgnore 条目“{entry}”格式不正确，应写作“规则号 -- 理由”"
            extra.append(_lnt001(target, r, line, msg, rules_by_id))
        valid = {}
        for rid, reason in ok.items():
            if rid.upper() in known or rid.startswith("axe:"):
                valid[rid] = reason
            else:
                extra.append(_lnt001(target, r, line, f"LintIgnore 中的规则号 {rid} 不存在", rules_by_id))
        ignores[r.url] = valid
    kept, n = [], 0
    for f in findings:
        rules = ignores.get(f.page or "")
        if rules and canonical_id(f.rule) in rules and int(f.extra.get("pages_count", 1) or 1) <= 1:
            n += 1
            continue
        kept.append(f)
    return kept, n, extra


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """Line-independent fingerprints, made unique by occurrence order."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        fp = f.fingerprint()
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(fp if n == 0 else f"{fp}-{n}")
    return out


def load_baseline(path: Path) -> list[dict]:
    """The entries of a baseline file; ``BaselineError`` when it cannot be used."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"基线文件不存在：{path}") from None
    except OSError as exc:
        raise BaselineError(f"无法读取基线文件 {path}：{exc.strerror}") from None
    except ValueError as exc:
        raise BaselineError(f"基线文件 {path} 不是有效的 JSON：{exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"基线文件 {path} 格式不正确：应为 --write-baseline 写出的 "
                            '{"version": 1, "findings": [...]}')
    entries = [e for e in data["findings"] if isinstance(e, dict) and isinstance(e.get("fingerprint"), str)]
    if len(entries) != len(data["findings"]):
        raise BaselineError(f"基线文件 {path} 中有条目缺少 fingerprint")
    return entries


def apply_baseline(result, path: Path, *, rules: Iterable[str] | None = None) -> None:
    """Hide baselined findings; entries matching nothing become ``result.stale_baseline``.

    Only entries of the sites that were linted (and, when ``rules`` is given, of the
    selected rules) can be stale: linting one site must not call the others' stale."""
    entries = load_baseline(path)
    known = {e["fingerprint"]: e for e in entries}
    kept, used = [], set()
    for f, fp in zip(result.findings, fingerprints(result.findings)):
        if fp in known:
            used.add(fp)
            result.baselined += 1
        else:
            kept.append(f)
    result.findings = kept
    sites = {s.id if hasattr(s, "id") else s.get("id") for s in result.sites}
    selected = {canonical_id(r) for r in rules} if rules is not None else None
    result.stale_baseline = [
        e for fp, e in known.items()
        if fp not in used and (not sites or e.get("site") in sites)
        and (selected is None or canonical_id(str(e.get("rule", ""))) in selected)
    ]


def baseline_entries(findings: list[Finding]) -> list[dict]:
    return [{"fingerprint": fp, "rule": f.rule, "severity": f.severity, "site": f.site, "page": f.page,
             "file": f.file, "message": f.message}
            for f, fp in zip(findings, fingerprints(findings))]


def write_baseline(result, path: Path, *, keep: Callable[[dict], bool] | None = None) -> int:
    """Write every current finding of ``result`` as the baseline; returns the entry count.

    ``keep(entry)`` selects entries of an existing baseline to carry over (those of sites
    or rules that this run did not look at), so ``--site`` or ``--select`` never erase them."""
    path = Path(path)
    entries = baseline_entries(result.findings)
    if keep is not None and path.is_file():
        try:
            old = load_baseline(path)
        except BaselineError:
            old = []
        ours = {e["fingerprint"] for e in entries}
        entries += [e for e in old if keep(e) and e["fingerprint"] not in ours]
    entries.sort(key=lambda e: (e.get("site") or "", e.get("page") or "", e.get("rule") or "", e["fingerprint"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": BASELINE_VERSION, "tool": "jiyue-lint", "findings": entries},
                               ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(entries)
