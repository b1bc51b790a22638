"""axe-core through Selenium: load the script, inject it into every frame, run, map.

axe-core comes from the repository's ``node_modules/axe-core/axe.min.js`` (pinned in
the root ``package.json``, installed by ``npm ci`` at setup time — never fetched at run
time). When it is missing we fall back to the copy bundled with axe-selenium-python
(older: 4.10.2 in axe-selenium-python 3.0.0) and say so once.

Injection follows axe's own integrations: the script is evaluated in the top document
and, recursively, in every <iframe>/<frame> (switching into each with WebDriver), then
``axe.run`` is called in the top document, which collects the frames' results itself.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint.model import ERROR, WARNING, Finding, Rule

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
NODE_LOCALE = REPO_ROOT / "node_modules" / "axe-core" / "locales" / "zh_CN.json"

DEFAULT_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
IMPACT_ZH = {"critical": "致命", "serious": "严重", "moderate": "中等", "minor": "轻微", None: "未知"}
IMPACT_SEVERITY = {"critical": ERROR, "serious": ERROR, "moderate": WARNING, "minor": WARNING}

MAX_NODES = 500  # selectors kept per finding (the count is always exact)
MAX_HTML = 300


@dataclass(frozen=True)
class AxeScript:
    path: Path
    source: str
    version: str
    origin: str  # "node_modules" | "axe-selenium-python"
    locale: dict | None = None

    @property
    def full_source(self) -> str:
        """The script evaluated in every frame (axe + Chinese locale)."""
        src = self.source
        if self.locale:
            src += "\n;try{axe.configure({locale:" + json.dumps(self.locale, ensure_ascii=False) + "});}catch(e){}\n"
        return src


_cached: AxeScript | None = None


def bundled_axe_path() -> Path | None:
    try:
        import axe_selenium_python  # type: ignore
    except Exception:
        return None
    p = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    return p if p.is_file() else None


def _version_of(source: str) -> str:
    m = re.search(r"axe v(\d+\.\d+\.\d+[\w.-]*)", source[:400])
    return m.group(1) if m else "unknown"


def load_axe(path: str | Path | None = None, locale: bool = True, warn=None) -> AxeScript:
    """The axe-core script to inject. ``warn`` (default: print to stderr) is told once
    when we fall back to the copy bundled with axe-selenium-python."""
    global _cached
    if path is None and _cached is not None and (locale == (_cached.locale is not None)):
        return _cached
    origin = "node_modules"
    if path is not None:
        p = Path(path)
        origin = "custom"
    elif NODE_AXE.is_file():
        p = NODE_AXE
    else:
        p = bundled_axe_path()
        origin = "axe-selenium-python"
        if p is None:
            raise FileNotFoundError(
                "找不到 axe-core：请在仓库根目录运行 npm ci（安装 package.json 中固定版本的 axe-core）"
            )
        shown = NODE_AXE.relative_to(REPO_ROOT) if NODE_AXE.is_relative_to(REPO_ROOT) else NODE_AXE
        msg = (f"警告：未找到 {shown}（请在仓库根目录运行 npm ci），"
               f"改用 axe-selenium-python 自带的旧版 axe-core {_version_of(p.read_text('utf-8', 'replace'))}")
        (warn or (lambda m: print(m, file=sys.stderr)))(msg)
    source = p.read_text(encoding="utf-8")
    loc = None
    if locale:
        loc_path = p.parent / "locales" / "zh_CN.json"
        if loc_path.is_file():
            try:
                loc = json.loads(loc_path.read_text(encoding="utf-8"))
            except ValueError:
                loc = None
    script = AxeScript(path=p, source=source, version=_version_of(source), origin=origin, locale=loc)
    if path is None:
        _cached = script
    return script


# ---------------------------------------------------------------------------
# injection and run

_HAS_AXE = "return !!(window.axe && window.axe.run);"


AXE_URL_PATH = "/__jiyue__/axe.js"

_LOAD_BY_URL = r"""
var done = arguments[arguments.length - 1], url = arguments[0];
if (window.axe && window.axe.run) { done(true); return; }
try {
  if (new URL(url, location.href).origin !== location.origin) { done(false); return; }
  var s = document.createElement('script');
  s.src = url; s.async = false;
  s.onload = function () { s.remove(); done(!!(window.axe && window.axe.run)); };
  s.onerror = function () { s.remove(); done(false); };
  (document.head || document.documentElement).appendChild(s);
  setTimeout(function () { done(!!(window.axe && window.axe.run)); }, 5000);
} catch (e) { done(false); }
"""


def inject(driver, axe: AxeScript, max_depth: int = 5, script_url: str | None = None) -> None:
    """Load axe in the current top document and recursively in every frame.

    With ``script_url`` (the audit server's ``/__jiyue__/axe.js``, same origin as the
    page) axe is loaded by a ``<script src>`` the browser caches and compiles once per
    session, which is several times faster than sending 500 kB through WebDriver for
    every page; where that is refused (another origin, a CSP without 'self') the source
    is evaluated through WebDriver as axe's own integrations do.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    src = axe.full_source

    def _walk(depth: int) -> None:
        if not driver.execute_script(_HAS_AXE):
            ok = False
            if script_url:
                try:
                    ok = bool(driver.execute_async_script(_LOAD_BY_URL, script_url))
                except WebDriverException:
                    ok = False
            if not ok:
                driver.execute_script(src)
        if depth >= max_depth:
            return
        frames = driver.find_elements(By.CSS_SELECTOR, "iframe, frame")
        for frame in frames:
            try:
                driver.switch_to.frame(frame)
            except WebDriverException:
                continue
            try:
                _walk(depth + 1)
            except WebDriverException:
                pass
            finally:
                driver.switch_to.parent_frame()

    driver.switch_to.default_content()
    try:
        _walk(0)
    finally:
        driver.switch_to.default_content()


_RUN_JS = r"""
var done = arguments[arguments.length - 1];
var context = arguments[0], options = arguments[1], keep = arguments[2];
function slimNode(n, ruleId) {
  var o = {target: n.target, html: (n.html || '').slice(0, %(maxhtml)d), impact: n.impact || null};
  if (n.failureSummary) o.failureSummary = n.failureSummary;
  if (ruleId === 'color-contrast') {
    var d = null;
    (n.any || []).concat(n.all || [], n.none || []).forEach(function (c) {
      if (!d && c.data && c.data.contrastRatio !== undefined) d = c.data;
    });
    if (d) o.data = {fgColor: d.fgColor, bgColor: d.bgColor, contrastRatio: d.contrastRatio,
                     fontSize: d.fontSize, fontWeight: d.fontWeight, expectedContrastRatio: d.expectedContrastRatio};
  }
  return o;
}
function slim(list, withNodes) {
  return list.map(function (r) {
    return {id: r.id, impact: r.impact || null, tags: r.tags, help: r.help, description: r.description,
            helpUrl: r.helpUrl, nodes: withNodes ? r.nodes.map(function (n) { return slimNode(n, r.id); }) : [],
            count: r.nodes.length};
  });
}
var ctx = context;
if (typeof context === 'string') { ctx = document.querySelector(context) || document; }
if (!ctx) ctx = document;
axe.run(ctx, options).then(function (r) {
  var out = {testEngine: r.testEngine, url: r.url,
             violations: slim(r.violations, true),
             incomplete: slim(r.incomplete, keep.indexOf('incomplete') >= 0),
             passes: slim(r.passes, keep.indexOf('passes') >= 0),
             inapplicable: keep.indexOf('inapplicable') >= 0 ? slim(r.inapplicable, false) : []};
  done({ok: true, results: out});
}, function (e) { done({ok: false, error: String((e && e.stack) || e)}); });
""" % {"maxhtml": MAX_HTML}


class AxeError(RuntimeError):
    pass


def run_axe(
    driver,
    axe: AxeScript,
    tags: tuple[str, ...] | list[str] | None = DEFAULT_TAGS,
    rules: list[str] | None = None,
    context: Any = None,
    keep: tuple[str, ...] = (),
    inject_first: bool = True,
    extra_options: dict | None = None,
    script_url: str | None = None,
) -> dict:
    """Run axe in the current page. ``rules`` (run exactly those rules, as axe's own
    rule runner does) wins over ``tags``. ``keep`` lists the result groups besides
    violations whose nodes are returned ("passes", "incomplete", "inapplicable")."""
    if inject_first:
        inject(driver, axe, script_url=script_url)
    options: dict[str, Any] = {"performanceTimer": False}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    elif tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    if not keep:
        # axe still evaluates everything but returns no node lists for these groups
        options["resultTypes"] = ["violations"]
    if extra_options:
        options.update(extra_options)
    res = driver.execute_async_script(_RUN_JS, context, options, list(keep))
    if not res or not res.get("ok"):
        raise AxeError((res or {}).get("error", "axe.run returned nothing"))
    return res["results"]


# ---------------------------------------------------------------------------
# mapping to findings

_WCAG_SC = re.compile(r"^wcag(\d)(\d)(\d+)$")


def wcag_criteria(tags: list[str]) -> list[str]:
    """["wcag2a", "wcag111"] -> ["1.1.1"]"""
    out = []
    for t in tags or ():
        m = _WCAG_SC.match(t)
        if m:
            out.append(f"{m.group(1)}.{m.group(2)}.{m.group(3)}")
    return out


def axe_source(rule_id: str, tags: list[str]) -> str:
    sc = wcag_criteria(tags)
    if sc:
        return f"GB/T 37668-2019 对应 WCAG 2.x {'、'.join(sc)}（axe-core {rule_id}）"
    return f"GB/T 37668-2019；axe-core 最佳实践 {rule_id}"


def severity_of(impact: str | None) -> str:
    return IMPACT_SEVERITY.get(impact or "", WARNING)


def selectors_of(nodes: list[dict]) -> list[str]:
    """axe targets as strings; a target inside frames is joined with ' >>> '."""
    out = []
    for n in nodes:
        t = n.get("target") or []
        out.append(" >>> ".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in t))
    return out


def violation_findings(results: dict, site: str | None, page: str | None, file: str | None = None,
                       mode: str | None = None, axe_version: str | None = None) -> list[Finding]:
    """One finding ``axe:<id>`` per violated rule (all its failing nodes in ``selectors``)."""
    findings = []
    for v in results.get("violations", []):
        nodes = v.get("nodes") or []
        sels = selectors_of(nodes)
        impact = v.get("impact")
        count = v.get("count", len(nodes))
        first = f"，如 {sels[0]}" if sels else ""
        msg = f"{v.get('help') or v['id']}（影响：{IMPACT_ZH.get(impact, impact)}，{count} 处{first}）"
        extra: dict[str, Any] = {
            "impact": impact,
            "tags": list(v.get("tags") or []),
            "wcag": wcag_criteria(v.get("tags") or []),
            "selectors": sels[:MAX_NODES],
            "count": count,
            "help": v.get("help"),
            "helpUrl": v.get("helpUrl"),
            "html": [n.get("html", "") for n in nodes[:5]],
            "anchor": v["id"],
        }
        if mode:
            extra["mode"] = mode
        if axe_version:
            extra["axe_version"] = axe_version
        findings.append(Finding(
            rule=f"axe:{v['id']}", severity=severity_of(impact), message=msg,
            source=axe_source(v["id"], v.get("tags") or []), site=site, page=page, file=file, extra=extra,
        ))
    return findings


def rule_for(finding: Finding) -> Rule:
    """Rule metadata for an ``axe:<id>`` finding (built from the finding's extras)."""
    rid = finding.rule.split(":", 1)[1]
    tags = tuple(finding.extra.get("tags") or ())
    return Rule(
        id=finding.rule, title=finding.extra.get("help") or rid,
        severity=finding.severity, tags=("axe", "browser") + tags, source=finding.source,
        scope="page", check=None,
        doc=f"axe-core 规则 {rid}：{finding.extra.get('help') or ''}\n\n{finding.extra.get('helpUrl') or ''}",
    )
