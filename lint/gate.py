"""The lint gate of ``invoke build``: lint the staged output before it is published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lint import api, config as lint_config, registry
from lint.reporters import render


@dataclass
class GateResult:
    failed: bool
    findings: list
    report: str
    result: object


def prepare(cache: Path | None, sites: list[str]) -> None:
    """What the gate of ``sites`` will need, loaded ahead (jiyue.build calls it while the sites
    are being built): the rules and the page caches (lint.api.PageCache)."""
    registry.load_all()
    if cache is not None:
        api.prefetch_page_caches(Path(cache), sites)


def run_gate(platform, staging: Path, sites: list[str], today: date, *, src: Path, published: Path,
             options: dict | None = None) -> GateResult:
    options = options or {}
    cfg = lint_config.from_platform(platform.config)
    rules = registry.select(options.get("select") or cfg.select, options.get("ignore") or cfg.ignore)
    targets = api.targets_for_platform(platform, staging, sites, today, src)
    result = api.lint_targets(targets, today=today, config=cfg, rules=rules, platform=platform,
                              fallback_out=published, jobs=options.get("jobs"))
    api.apply_config(result, cfg, list(options.get("ignore") or cfg.ignore))
    show = [f for f in result.findings if f.severity != "info"]
    report = render("text", result) if show or result.failed else ""
    return GateResult(result.failed, result.findings, report, result)
