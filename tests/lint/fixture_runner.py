"""Run one rule alone over its fixtures (ruff's ``for_rule``, markdownlint's markers).

Page fixtures: ``tests/lint/fixtures/<RULE>/{pass,fail}_*.html``. A line that must be
reported ends with ``<!-- {RULE} -->`` (``{RULE:+1}`` = the next line). An optional
first-line comment sets the page: ``<!-- fixture: type=content path=zwdt/a.html nosite -->``
(type home|column|content|sitemap|archive; ``nosite`` = lint without site.toml, as
``--html-dir`` does; by default the site is ``fixtures/jiangnan/site.toml``).

Site fixtures: a folder ``{pass,fail}_<name>/`` holding ``site_src/`` (a platform),
``output/`` (a built tree) and ``expected.json`` — ``[{"rule": "COL001", "site": "x",
"page": null}, ...]`` (``page`` may be omitted to match any page).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

from jiyue.siteconfig import load_platform, load_site
from lint import api, registry
from lint.config import LintConfig
from lint.runner import Target

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 24)
MARK_RE = re.compile(r"\{([A-Z0-9]+\d{3})(?::\+(\d+))?\}")
HEAD_RE = re.compile(r"<!--\s*fixture:([^>]*)-->")


def expected_marks(text: str, rule_id: str) -> set[tuple[str, int]]:
    found = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in MARK_RE.finditer(line):
            if m.group(1) == rule_id:
                found.add((rule_id, lineno + int(m.group(2) or 0)))
    return found


def run_page_fixture(rule_id: str, fixture: Path, tmp: Path, config: LintConfig | None = None):
    text = fixture.read_text(encoding="utf-8")
    head = HEAD_RE.search(text.splitlines()[0]) if text else None
    opts = dict(re.findall(r"(\w+)=(\S+)", head.group(1))) if head else {}
    nosite = bool(head and "nosite" in head.group(1))
    path = opts.get("path", "index.html" if opts.get("type") == "home" else "page.html")
    out = tmp / "out"
    (out / path).parent.mkdir(parents=True, exist_ok=True)
    (out / path).write_text(text, encoding="utf-8")
    site = None if nosite else load_site(FIXTURES / "jiangnan")
    manifest = {path: {"type": opts["type"]}} if "type" in opts else {}
    target = Target(site_id=site.id if site else "fixture", site=site, out_dir=out, manifest=manifest)
    rule = registry.load_all()[rule_id]
    result = api.lint_targets([target], today=TODAY, config=config or LintConfig(), rules=[rule])
    got = {(f.rule, f.extra.get("html_line") or f.line) for f in result.findings if f.rule == rule_id}
    return got, expected_marks(text, rule_id), result


def run_site_fixture(rule_id: str, folder: Path, tmp: Path):
    work = tmp / folder.name
    shutil.copytree(folder, work)
    platform = load_platform(work / "site_src", allow=("COL001", "GOV001", "GOV301"))
    from lint import config as lint_config

    cfg = lint_config.from_platform(platform.config)
    today = date.fromisoformat(cfg.today) if cfg.today else TODAY
    targets = api.targets_for_platform(platform, work / "output", sorted(platform.sites), today, work / "site_src")
    rule = registry.load_all()[rule_id]
    result = api.lint_targets(targets, today=today, config=cfg, rules=[rule], platform=platform)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8")) if (
        folder / "expected.json").is_file() else []
    return result, expected


def matches(findings, expected: list[dict]) -> tuple[list, list]:
    """(unexpected findings, missing expectations) comparing rule/site/page."""
    remaining = list(findings)
    missing = []
    for e in expected:
        for f in remaining:
            if f.rule == e["rule"] and e.get("site", f.site) == f.site and ("page" not in e or e["page"] == f.page):
                remaining.remove(f)
                break
        else:
            missing.append(e)
    return remaining, missing
