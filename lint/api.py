"""Linting as a function: targets in, a LintResult out (used by the CLI and the gate)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from jiyue import cachefile
from jiyue.platform_index import RECORD_FIELDS, build_index, scan_site
from jiyue.siteconfig import Platform, SiteConfig
from lint import registry, suppress
from lint.config import LintConfig
from lint.model import ERROR, SEVERITY_RANK, Finding, Rule
from lint.runner import Context, SiteJob, Target, list_files, load_manifest, run_targets, to_findings


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
                         src: Path | None, *, index=None) -> list[Target]:
    """``index``: the platform index of ``src`` on ``today`` when the caller has it already
    (``python -m lint`` builds it with the build's scan cache of the Markdown headers)."""
    targets = []
    # One scan of every site's sources serves every target and the policy rules (the index is
    # kept on the Platform object, so the build's own index is reused by its gate, and worker
    # processes forked later inherit it). Build errors are the build's job: problems are ignored.
    if index is None and src is not None:
        index = build_index(platform, today)
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
    """Within this block, :func:`lint_targets` keeps page-rule results in ``directory`` (one
    folder per site, :class:`PageCache`) and reuses them for pages whose inputs are unchanged
    (jiyue.build uses it for its gate, so an incremental build re-lints only the pages that
    changed). With ``reuse=False`` the results are only written (a clean build)."""
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


_SNAPSHOT_RE = re.compile(r"archive/\d{4}-\d{2}-\d{2}/")
RACY_NS = 2_000_000_000  # a source changed this close to a save is read again next time


class PageKey(NamedTuple):
    """Everything the page rules read on one page (see PageCache)."""

    identity: tuple  # the page file's (device, inode, size, mtime_ns)
    digest: str  # of the page's bytes
    parts: tuple  # what else the rules read, by page type
    source: tuple | None  # (path, identity, digest) of the Markdown source, remembered for the next run


class PageCache:
    """What the page rules found on each page of one site, and its PageInfo, reused for a page
    whose inputs are all unchanged. The key of a page (:class:`PageKey`) is everything the page
    rules read:

    - every page: its bytes and its manifest entry (pages.json);
    - a content page: its platform-index record and Markdown source, and — for policies,
      interpretations and service guides, whose rules look across the platform — every policy
      and interpretation record (``policy_digest``);
    - a listing page (home, column, sitemap, archive, policy library…): the published file
      names of every site (``files``: links resolve against them) and the bytes of the site's
      files that are not pages (the home page checks the attachments).

    The whole cache is dropped when the run differs (rules, settings, check date, site.toml,
    platform.toml, the theme as published, the jiyue/lint code). A page rule must read nothing
    else (e.g. the records of other pages on a listing page). Pages of archive snapshots and
    pages without a manifest entry are always linted.

    Files of a published tree are never modified in place (they are replaced), so an output
    file with the same device, inode, size and mtime as last time has the same bytes and is not
    read again; a source file is identified by size, mtime, ctime and inode.

    Stored in ``directory`` (one per site): one pickle per top-level folder of the site,
    rewritten only when one of its pages changed, and ``files.pickle`` (the digests of the
    other files). A missing, old or damaged file is an empty cache."""

    CROSS_KINDS = ("policy", "interpretation", "service")
    FILES = "files.pickle"

    def __init__(self, directory: Path, run_key: str, target: Target, policy_digest: str,
                 files: dict[str, set[str]], reuse: bool = True):
        self.directory = Path(directory)
        self.run_key = run_key
        self.target = target
        self.policy_digest = policy_digest
        self.files = files
        self.records = {r.url: r for r in target.records}
        self.old: dict[str, tuple] = {}  # page → (PageKey, hits, info)
        self.new: dict[str, tuple] = {}
        self.old_shards: dict[str, set[str]] = {}  # shard file → its pages
        self.changed: set[str] = set()  # shards to rewrite
        self.sources: dict[str, tuple] = {}  # source path → (identity, digest), from the old entries
        self.old_files: dict[str, tuple] = {}  # other file → (identity, digest)
        self.new_files: dict[str, tuple] = {}
        self._listing: tuple | None = None
        if reuse:
            self._load()

    def _load(self) -> None:
        try:
            names = [n for n in os.listdir(self.directory) if n.endswith(".pickle")]
        except OSError:
            return
        for name in names:
            data = cachefile.read(self.directory / name, self.run_key)
            if name == self.FILES:
                if isinstance(data, dict):
                    self.old_files = data
                continue
            self.old_shards[name] = set()
            try:
                for path, entry in (data or {}).items():
                    if _shard(path) == name and isinstance(entry[0], PageKey):
                        self.old[path] = entry
                        self.old_shards[name].add(path)
                        if entry[0].source is not None:
                            self.sources[entry[0].source[0]] = entry[0].source[1:]
            except Exception:  # a damaged shard: whatever it held is linted again
                continue

    def probably_cached(self, path: str) -> bool:
        return path in self.old

    def prepare(self) -> None:
        """Compute what the keys of many pages share, once, before worker processes fork."""
        self._listing_parts()

    def page_key(self, path: str) -> tuple[PageKey | None, bytes | None]:
        """(the page's key, or None when it is not cached; its bytes when they had to be read)."""
        info = self.target.manifest.get(path)
        if not info or _SNAPSHOT_RE.match(path):
            return None, None
        if info.get("type") == "content":
            rec = self.records.get(path)
            if rec is None:
                return None, None
            source = self._source(info.get("source"))
            parts = (info, tuple(getattr(rec, k) for k in RECORD_FIELDS), source and source[2],
                     self.policy_digest if rec.kind in self.CROSS_KINDS else None)
        else:
            source = None
            parts = (info,) + self._listing_parts()
        file = os.path.join(self.target.out_dir, path)
        try:
            st = os.stat(file)
        except OSError:
            return None, None
        identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        old = self.old.get(path)
        raw = None
        if old is not None and old[0].identity == identity:
            digest = old[0].digest
        else:
            try:
                with open(file, "rb") as f:
                    raw = f.read()
            except OSError:
                return None, None
            digest = _digest(raw)
        return PageKey(identity, digest, parts, source), raw

    def _source(self, source: str | None) -> tuple | None:
        """(path, identity, digest) of a Markdown source (digest "missing" when unreadable)."""
        if not source or self.target.src_dir is None:
            return None
        path = os.path.join(self.target.src_dir, source)
        try:
            st = os.stat(path)
            identity = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            known = self.sources.get(path)
            if known is not None and known[0] == identity:
                return (path, identity, known[1])
            with open(path, "rb") as f:
                return (path, identity, _digest(f.read()))
        except OSError:
            return (path, None, "missing")

    def _listing_parts(self) -> tuple:
        """What the rules of a listing page read besides the page: every site's file names and
        the bytes of this site's files that are not pages."""
        if self._listing is None:
            names = _digest(sorted((sid, sorted(found)) for sid, found in self.files.items()))
            others = [(rel, self._file_digest(rel)) for rel in sorted(self.files.get(self.target.site_id, ()))
                      if not rel.lower().endswith((".html", ".htm"))]
            self._listing = (names, _digest(others))
        return self._listing

    def _file_digest(self, rel: str) -> str | None:
        file = os.path.join(self.target.out_dir, rel)
        try:
            st = os.stat(file)
            identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            known = self.old_files.get(rel)
            if known is not None and known[0] == identity:
                digest = known[1]
            else:
                h = hashlib.blake2b(digest_size=16)
                with open(file, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                digest = h.hexdigest()
        except OSError:
            return None
        self.new_files[rel] = (identity, digest)
        return digest

    def get(self, path: str, key: PageKey):
        entry = self.old.get(path)
        if entry is None or entry[0].digest != key.digest or entry[0].parts != key.parts:
            return None
        return entry[1], entry[2]

    def put(self, path: str, key: PageKey, hits, info) -> None:
        old = self.old.get(path)
        if old is not None and old[0] == key:
            self.new[path] = old  # the cached result itself: nothing to write
            return
        self.new[path] = (key, hits, info)
        self.changed.add(_shard(path))

    def save(self) -> None:
        racy = time.time_ns() - RACY_NS
        shards: dict[str, dict] = {}
        for path, entry in self.new.items():
            source = entry[0].source
            if source is not None and source[1] is not None and max(source[1][1], source[1][2]) >= racy:
                # a source changed just now may change again unnoticed: read it again next time
                entry = (entry[0]._replace(source=None), entry[1], entry[2])
                self.changed.add(_shard(path))
            shards.setdefault(_shard(path), {})[path] = entry
        for name, pages in self.old_shards.items():
            if name not in shards:
                _unlink(self.directory / name)  # no page of that folder any more
            elif set(shards[name]) != pages:
                self.changed.add(name)
        for name, pages in shards.items():
            if name in self.changed or name not in self.old_shards:
                cachefile.write(self.directory / name, self.run_key, pages)
        if self.new_files and self.new_files != self.old_files:
            cachefile.write(self.directory / self.FILES, self.run_key, self.new_files)


def _shard(path: str) -> str:
    """The cache file of a page: one per top-level folder of the site (hashed: any name is safe)."""
    top = path.split("/", 1)[0] if "/" in path else ""
    return hashlib.blake2b(top.encode("utf-8"), digest_size=8).hexdigest() + ".pickle"


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def prefetch_page_caches(directory: Path, sites: list[str]) -> None:
    """Load the page caches of ``sites`` kept in ``directory`` ahead of the lint run."""
    paths = []
    for sid in sites:
        try:
            paths += [directory / sid / n for n in sorted(os.listdir(directory / sid)) if n.endswith(".pickle")]
        except OSError:
            continue
    cachefile.prefetch(paths)


def _page_cache(directory: Path, target: Target, rules: list[Rule], config: LintConfig, today: date,
                platform: Platform, code: str, policy_digest: str, files: dict[str, set[str]]) -> PageCache:
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
    return PageCache(directory / target.site_id, run_key, target, policy_digest, files, reuse=_CACHE_DIR[1])


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
        policy_digest = _digest(sorted(({k: getattr(r, k) for k in RECORD_FIELDS} for r in index.records
                                        if r.kind in ("policy", "interpretation")),
                                       key=lambda d: (d["site"], d["source"])))
    site_jobs = []
    for target in targets:
        ctx = Context(today=today, config=config, platform=platform, target=target, files=files, roots=roots)
        cache = None
        if code is not None and target.site is not None and target.src_dir is not None:
            cache = _page_cache(Path(cache_dir), target, rules, config, today, platform, code, policy_digest, files)
        site_jobs.append(SiteJob(target, ctx, cache))
    for job, hits, infos, errs in run_targets(site_jobs, rules, jobs=jobs):
        target = job.target
        if job.cache is not None:
            job.cache.save()
            job.cache = None  # its page results are on disk now: free them before the next site
        job.ctx = None  # and its memos (resolved links, policy lookups)
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
