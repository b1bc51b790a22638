"""Linting as a function: targets in, a LintResult out (used by the CLI and the gate)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

from jiyue.platform_index import Record, build_index, scan_site
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
    # One scan of every site's sources serves every target and the policy rules (the index is
    # kept on the Platform object, so the build's own index is reused by its gate, and worker
    # processes forked later inherit it). Build errors are the build's job: problems are ignored.
    index = build_index(platform, today) if src is not None else None
    by_site: dict[str, list] = {}
    if index is not None:
        for r in index.records:
            by_site.setdefault(r.site, []).append(r)
    for sid in sites:
        site = platform.sites[sid]
        records = []
        if src is not None:
            records = by_site.get(sid, []) if sid in index.domains else scan_site(site, today)[0]
        targets.append(Target(site_id=sid, site=site, out_dir=out / sid,
                              manifest=load_manifest(out / ".jiyue" / sid), records=records,
                              src_dir=site.path if src is not None else None))
    return targets


# --- page-result cache (the build's gate re-lints only what changed) ------------------------------

_CACHE_DIR: list = [None, True]  # directory, reuse


@contextmanager
def page_cache(directory: Path | None, reuse: bool = True):
    """Within this block, :func:`lint_targets` keeps page-rule results of content pages in
    ``directory`` (one file per site) and reuses them for identical pages (jiyue.build uses it
    for its gate, so an incremental build re-lints only the pages that changed). With
    ``reuse=False`` the results are only written (a clean build)."""
    previous = list(_CACHE_DIR)
    _CACHE_DIR[:] = [directory, reuse]
    try:
        yield
    finally:
        _CACHE_DIR[:] = previous


def _digest(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                           default=str).encode("utf-8")
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _files_digest(root: Path) -> str:
    parts = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            try:
                with open(p, "rb") as f:
                    parts.append((os.path.relpath(p, root), _digest(f.read())))
            except OSError:
                parts.append((os.path.relpath(p, root), None))
    return _digest(parts)


_RECORD_FIELDS = tuple(f.name for f in fields(Record))


class PageCache:
    """What the page rules found on each content page of one site, and its PageInfo, keyed by
    everything they read: the page's bytes, its manifest entry, its platform-index record and
    Markdown source, and — for policies, interpretations and service guides, whose rules look
    across the platform — every policy and interpretation record. The whole cache is dropped
    when the run differs (rules, settings, check date, site.toml, platform.toml, the theme as
    published, the jiyue/lint code). Listing pages are never cached (they summarise the site,
    and the home page also checks the attachments)."""

    CROSS_KINDS = ("policy", "interpretation", "service")

    def __init__(self, path: Path, run_key: str, target: Target, policy_digest: str, reuse: bool = True):
        self.path = path
        self.run_key = run_key
        self.target = target
        self.policy_digest = policy_digest
        self.records = {r.url: r for r in target.records}
        self.old: dict = {}
        self.new: dict = {}
        if not reuse:
            return
        try:
            with open(path, "rb") as f:
                data = pickle.load(f)
            if isinstance(data, dict) and data.get("key") == run_key:
                self.old = data["pages"]
        except Exception:  # a missing, old or damaged cache is an empty one
            self.old = {}

    def probably_cached(self, path: str) -> bool:
        return path in self.old

    def page_key(self, path: str, raw: bytes) -> str | None:
        info = self.target.manifest.get(path)
        rec = self.records.get(path)
        if not info or info.get("type") != "content" or rec is None:
            return None
        source = None
        if info.get("source") and self.target.src_dir is not None:
            try:
                source = _digest((Path(self.target.src_dir) / info["source"]).read_bytes())
            except OSError:
                source = "missing"
        return _digest([path, _digest(raw), info, {k: getattr(rec, k) for k in _RECORD_FIELDS}, source,
                        self.policy_digest if rec.kind in self.CROSS_KINDS else None])

    def get(self, path: str, key: str):
        entry = self.old.get(path)
        return (entry[1], entry[2]) if entry is not None and entry[0] == key else None

    def put(self, path: str, key: str, hits, info) -> None:
        self.new[path] = (key, hits, info)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                pickle.dump({"key": self.run_key, "pages": self.new}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _page_cache(directory: Path, target: Target, rules: list[Rule], config: LintConfig, today: date,
                platform: Platform, code: str, policy_digest: str) -> PageCache:
    expressions = config.setting("expressions_file")
    expr_digest = None
    if isinstance(expressions, str) and expressions:
        path = Path(expressions)
        if not path.is_absolute():
            path = Path(platform.src) / path
        try:
            expr_digest = _digest(path.read_bytes())
        except OSError:
            expr_digest = "missing"
    run_key = _digest([code, sorted(r.id for r in rules), asdict(config), str(today), asdict(target.site),
                       platform.config.data, expr_digest, sorted((s.id, s.domain) for s in platform.sites.values()),
                       _files_digest(Path(target.out_dir) / "theme")])
    return PageCache(directory / f"{target.site_id}.pickle", run_key, target, policy_digest, reuse=_CACHE_DIR[1])


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
    cache_dir = _CACHE_DIR[0]
    code = policy_digest = None
    if cache_dir is not None and platform is not None:
        from jiyue import incremental

        code = incremental.code_fingerprint()
        index = build_index(platform, today)
        policy_digest = _digest(sorted((asdict(r) for r in index.records if r.kind in ("policy", "interpretation")),
                                       key=lambda d: (d["site"], d["source"])))
    for target in targets:
        ctx = Context(today=today, config=config, platform=platform, target=target, files=files, roots=roots)
        cache = None
        if code is not None and target.site is not None and target.src_dir is not None:
            cache = _page_cache(Path(cache_dir), target, rules, config, today, platform, code, policy_digest)
        hits, infos, errs = run_target(target, rules, ctx, jobs=jobs, cache=cache)
        if cache is not None:
            cache.save()
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
