"""Linting as a function: targets in, a LintResult out (used by the CLI and the gate)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jiyue.platform_index import scan_site
from jiyue.siteconfig import Platform, SiteConfig
from lint import registry, suppress
from lint.config import LintConfig
from lint.model import ERROR, SEVERITY_RANK, Finding, Rule
from lint.runner import Context, Target, list_files, load_manifest, run_target, to_findings


@dataclass
class SiteSummary:
    id: str
    name: str
    pages: int
    veto: list[str] = field(default_factory=list)
    score: dict = field(default_factory=dict)
    scorecard: dict | None = None

    def to_json(self) -> dict:
        data = {"id": self.id, "name": self.name, "pages": self.pages, "veto": self.veto, "score": self.score}
        if self.scorecard is not None:
            data["scorecard"] = self.scorecard
        return data


@dataclass
class LintResult:
    today: date
    sites: list[SiteSummary]
    findings: list[Finding]
    rules: dict[str, Rule]
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def to_json(self) -> dict:
        return {
            "version": 1,
            "today": self.today.isoformat(),
            "sites": [s.to_json() for s in self.sites],
            "findings": [f.to_json() for f in self.findings],
            "summary": {**self.counts(), "suppressed": self.suppressed, "baselined": self.baselined,
                        "stale_baseline": len(self.stale_baseline)},
            "notes": self.notes,
        }


def targets_for_platform(platform: Platform, out: Path, sites: list[str], today: date,
                         src: Path | None) -> list[Target]:
    targets = []
    for sid in sites:
        site = platform.sites[sid]
        records = []
        if src is not None:
            records, _problems = scan_site(site, today)  # build errors are the build's job
        targets.append(Target(site_id=sid, site=site, out_dir=out / sid,
                              manifest=load_manifest(out / ".jiyue" / sid), records=records,
                              src_dir=site.path if src is not None else None))
    return targets


def target_for_html_dir(html_dir: Path, site: SiteConfig | None) -> Target:
    return Target(site_id=site.id if site else html_dir.name, site=site, out_dir=html_dir)


def lint_targets(targets: list[Target], *, today: date, config: LintConfig, rules: list[Rule],
                 platform: Platform | None = None, fallback_out: Path | None = None,
                 baseline: Path | None = None, jobs: int | None = None) -> LintResult:
    files = {t.site_id: list_files(t.out_dir) for t in targets}
    roots = {t.site_id: t.out_dir for t in targets}
    if platform is not None and fallback_out is not None:
        for sid in platform.sites:
            if sid not in files:
                files[sid] = list_files(fallback_out / sid)
                roots[sid] = fallback_out / sid
    rules_by_id = registry.load_all()
    findings: list[Finding] = []
    summaries: list[SiteSummary] = []
    errors: list[str] = []
    suppressed = 0
    for target in targets:
        ctx = Context(today=today, config=config, platform=platform, target=target, files=files, roots=roots)
        hits, infos, errs = run_target(target, rules, ctx, jobs=jobs)
        errors += errs
        site_findings = to_findings(target, hits, rules_by_id, config)
        site_findings, n, extra = suppress.apply_inline(target, site_findings, rules_by_id)
        suppressed += n
        site_findings += extra
        findings += site_findings
        summaries.append(SiteSummary(target.site_id, target.site.name if target.site else target.site_id,
                                     pages=sum(1 for p in infos)))
    findings.sort(key=lambda f: (f.site or "", f.page or "", SEVERITY_RANK.get(f.severity, 9), f.rule,
                                 f.line or 0))
    result = LintResult(today=today, sites=summaries, findings=findings, rules=rules_by_id,
                        suppressed=suppressed, errors=errors)
    from lint import scorecard

    scorecard.annotate(result, targets)
    if baseline is not None:
        suppress.apply_baseline(result, baseline)
    from jiyue import workdays

    if workdays.notes():
        result.notes.extend(workdays.notes())
    return result


def apply_config(result, cfg, ignore_tokens) -> None:
    """The linter's own findings (LNT) follow --ignore and [lint.severity] like any rule."""
    all_rules = registry.load_all()
    kept = []
    for f in result.findings:
        rule = all_rules.get(f.rule)
        if f.rule.startswith("LNT") and rule is not None and any(registry._matches(rule, t) for t in ignore_tokens):
            continue
        if f.rule in cfg.severity:
            f.severity = cfg.severity[f.rule]
        kept.append(f)
    result.findings = kept
