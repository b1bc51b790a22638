"""What every report format needs: rule metadata, families, sites, locations, ordering.

Reporters accept the engine's ``LintResult`` and, as far as possible, look-alikes
(the browser audit passes ``today`` as a string and sites as dicts), so every
accessor here is tolerant. Render options understood by the formats:

``selected``     the rules that ran (list of ``Rule`` or ids); default: every stable rule
``src_root``     the ``--src`` folder as given (Markdown paths become ``<src>/<site>/<file>``)
``output_root``  the ``--out`` folder (pages are ``<out>/<site>/<page>``)
``site_roots``   {site id: folder} overriding ``output_root`` (``--html-dir``)
``report_path``  where the report is written (links are made relative to it)
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from lint.model import ERROR, INFO, SEVERITY_RANK, SEVERITY_ZH, WARNING, Rule

TOOL_NAME = "jiyue-lint"
TOOL_VERSION = "1.0.0"
TEMPLATE_PREFIX = "themes/"

FAMILY_ZH = {
    "GOV": "网站标识与网页标签",
    "COL": "栏目与更新",
    "POL": "政策文件与解读",
    "ARC": "归档",
    "SVC": "办事指南",
    "CNT": "内容安全与三审",
    "LNK": "链接可用性",
    "A11Y": "无障碍",
    "ELD": "适老化",
    "AXE": "浏览器无障碍审计（axe）",
    "LNT": "检查工具",
}
FAMILY_ORDER = list(FAMILY_ZH)


def family(rule_id: str) -> str:
    if rule_id.lower().startswith("axe:"):
        return "AXE"
    m = re.match(r"[A-Za-z]+(?:11Y)?", rule_id)
    fam = (m.group(0) if m else rule_id).upper()
    if fam.startswith("A11Y") or fam == "A":
        return "A11Y"
    return fam


def family_name(fam: str) -> str:
    return FAMILY_ZH.get(fam, fam)


def family_key(fam: str):
    return (FAMILY_ORDER.index(fam) if fam in FAMILY_ORDER else len(FAMILY_ORDER), fam)


def today_str(result) -> str:
    t = getattr(result, "today", None)
    if isinstance(t, date):
        return t.isoformat()
    return str(t or "")


def all_rules(result) -> dict[str, Rule]:
    rules = getattr(result, "rules", None)
    if rules:
        return dict(rules)
    from lint import registry

    return registry.load_all()


def rule_of(result, rule_id: str) -> Rule | None:
    return all_rules(result).get(rule_id)


def rule_title(result, rule_id: str) -> str:
    r = rule_of(result, rule_id)
    if r is not None:
        return r.title
    if rule_id.lower().startswith("axe:"):
        return f"axe-core 规则 {rule_id[4:]}"
    return rule_id


def selected_rules(result, options: dict) -> list[Rule]:
    """The rules that ran (plus any rule that has a finding), sorted by id."""
    known = all_rules(result)
    chosen = options.get("selected")
    out: dict[str, Rule] = {}
    if chosen is None:
        for r in known.values():
            if r.status == "stable":
                out[r.id] = r
    else:
        for r in chosen:
            rid = r if isinstance(r, str) else r.id
            rule = known.get(rid) if isinstance(r, str) else r
            if rule is not None:
                out[rule.id] = rule
    for f in getattr(result, "findings", []):
        if f.rule not in out:
            out[f.rule] = known.get(f.rule) or synthetic_rule(f)
    return sorted(out.values(), key=lambda r: (family_key(family(r.id)), r.id))


def synthetic_rule(f) -> Rule:
    """Metadata for a finding whose rule is not registered (e.g. ``axe:<id>``)."""
    tags = tuple(f.extra.get("tags", ()) or ()) if isinstance(f.extra.get("tags", ()), (list, tuple)) else ()
    title = f"axe-core 规则 {f.rule[4:]}" if f.rule.lower().startswith("axe:") else f.rule
    return Rule(id=f.rule, title=title, severity=f.severity, tags=tags, source=f.source or "", scope="page",
                check=None, doc=f.extra.get("help", "") if isinstance(f.extra.get("help"), str) else "")


class SiteView:
    """A site summary read from a ``SiteSummary`` or a dict."""

    def __init__(self, s):
        get = (lambda k, d=None: s.get(k, d)) if isinstance(s, dict) else (lambda k, d=None: getattr(s, k, d))
        self.id = get("id") or ""
        self.name = get("name") or self.id
        self.pages = get("pages") or 0
        self.veto = list(get("veto") or [])
        self.score = dict(get("score") or {})
        self.scorecard = get("scorecard") or None

    @property
    def deductions(self) -> float:
        try:
            return float(self.score.get("deductions", 0) or 0)
        except (TypeError, ValueError):
            return 0.0


def sites(result) -> list[SiteView]:
    views = [SiteView(s) for s in getattr(result, "sites", []) or []]
    seen = {v.id for v in views}
    for f in getattr(result, "findings", []):
        if f.site and f.site not in seen:
            seen.add(f.site)
            views.append(SiteView({"id": f.site, "name": f.site}))
    return views


def counts(findings) -> dict[str, int]:
    out = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def veto_rule_ids() -> set[str]:
    try:
        from lint.scorecard import veto_rules

        return set(veto_rules())
    except Exception:  # pragma: no cover - the score card is optional for look-alike results
        return set()


def importance(f, veto: set[str]):
    """Sort key, most important first: veto-rule errors, errors, warnings, infos; then by rule."""
    is_veto = f.rule in veto and f.severity == ERROR
    return (0 if is_veto else 1, SEVERITY_RANK.get(f.severity, 9), f.rule, f.site or "", f.page or "",
            f.line or 0)


def severity_zh(sev: str) -> str:
    return SEVERITY_ZH.get(sev, sev)


# --- locations ------------------------------------------------------------------------------

def _posix(p) -> str:
    return str(p).replace(os.sep, "/")


def _rel_to_cwd(p: str) -> str:
    path = Path(p)
    if path.is_absolute():
        try:
            return _posix(path.relative_to(Path.cwd()))
        except ValueError:
            return _posix(path)
    return _posix(PurePosixPath(_posix(p)))


def artifact(f, options: dict) -> tuple[str, str]:
    """(path, kind) of where a finding is best fixed; kind is template | source | page | site.

    Templates are repository paths; Markdown sources are ``<src>/<site>/<file>`` when the
    source folder is known (else ``<site>/<file>``); otherwise the built page ``<site>/<page>``;
    site-level findings point to the site's ``site.toml``."""
    src_root = options.get("src_root")
    prefix = (_rel_to_cwd(src_root).rstrip("/") + "/") if src_root else ""
    if prefix == "./":
        prefix = ""
    if f.file:
        if f.file.startswith(TEMPLATE_PREFIX) or f.extra.get("origin") == "template":
            return f.file, "template"
        return f"{prefix}{f.site}/{f.file}" if f.site else f"{prefix}{f.file}", "source"
    if f.page:
        return f"{f.site}/{f.page}" if f.site else f.page, "page"
    if src_root and f.site:
        return f"{prefix}{f.site}/site.toml", "site"
    return f"{f.site or '.'}/", "site"


def artifact_line(f, kind: str) -> int | None:
    if kind in ("source", "page") and isinstance(f.line, int) and f.line > 0:
        return f.line
    return None


def page_line(f) -> int | None:
    """The finding's line in the built page, when known."""
    if f.file is None and isinstance(f.line, int):
        return f.line
    value = f.extra.get("html_line")
    return value if isinstance(value, int) and value > 0 else None


def uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (to the repository root,
    where CI runs), an absolute path outside it becomes a ``file://`` URI."""
    if path.startswith("/"):
        return "file://" + quote(path, safe="/@!$&'()*+,;=-._~")
    return quote(path, safe="/@!$&'()*+,;=-._~")


def where_text(f) -> str:
    """``file:line`` for people."""
    if f.file:
        loc = f.file + (f":{f.line}" if f.line else "")
        if f.page and (f.extra.get("origin") == "template" or f.file.startswith(TEMPLATE_PREFIX)):
            hl = page_line(f)
            loc += f"（页面 {f.page}" + (f" 第 {hl} 行" if hl else "") + "）"
        return loc
    if f.page:
        return f.page + (f":{f.line}" if f.line else "")
    return "站点级"


def page_href(f, options: dict) -> str | None:
    """A link to the offending page, relative to the report when its path is known."""
    if not f.page or not f.site:
        return None
    roots = options.get("site_roots") or {}
    base = roots.get(f.site)
    if base is not None:
        target = Path(base) / f.page
    elif options.get("output_root"):
        target = Path(options["output_root"]) / f.site / f.page
    else:
        return None
    report = options.get("report_path")
    if report:
        start = Path(report).resolve().parent
        rel = os.path.relpath(Path(target).resolve(), start)
    else:
        rel = str(target)
    return uri(_posix(rel))


def doc_summary(doc: str) -> str:
    """The first paragraph of a rule's ``## What it does`` section."""
    if not doc:
        return ""
    m = re.search(r"##\s*What it does\s*\n(.*?)(?:\n\s*\n|\n##|$)", doc, re.S)
    text = m.group(1) if m else doc.strip().split("\n\n", 1)[0]
    return re.sub(r"\s+", " ", text).strip()


def clean_xml_text(s: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", s)
