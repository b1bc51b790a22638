"""The lint engine: parse every page once, run the page rules on it, then the
site rules on what the pages left behind, and turn hits into findings.

Findings name the Markdown source (and line) for what came from content, the
theme template for what came from the theme — reported once for the template
with the page count — and the page's HTML line for pages built elsewhere.
"""

from __future__ import annotations

import gc
import json
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from jiyue.forking import forked_imap
from lint.config import LintConfig
from lint.model import ERROR, Finding, Rule
from lint.page import Hit, Page, infer_type

_UNRESOLVED = object()
PARALLEL_THRESHOLD = 400  # pages; below it a process pool costs more than it saves
LINK_SELECTORS = (("a", "href"), ("area", "href"), ("img", "src"), ("link", "href"), ("script", "src"),
                  ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                  ("object", "data"), ("form", "action"))


@dataclass(slots=True)  # one per link of every page: slots keep ~10^5 of them small
class Link:
    url: str
    tag: str
    line: int | None
    origin: str  # content | template | page


@dataclass(slots=True)
class PageInfo:
    """What site rules need from a page after its tree is gone."""

    path: str
    type: str
    column: str | None
    source: str | None
    template: str | None
    metas: dict[str, list[str]]
    links: list[Link]
    ids: set[str]
    dates: list[str]  # visible dates (YYYY-MM-DD) inside <main>
    title: str


@dataclass
class Target:
    """One site to lint: its identity, output folder and (optionally) sources."""

    site_id: str
    site: object | None  # SiteConfig
    out_dir: Path
    manifest: dict[str, dict] = field(default_factory=dict)
    records: list = field(default_factory=list)  # platform-index Records of this site
    src_dir: Path | None = None


class Context:
    """What rules may ask about the run (read-only)."""

    def __init__(self, *, today: date, config: LintConfig, platform=None, target: Target | None = None,
                 files: dict[str, set[str]] | None = None, roots: dict[str, Path] | None = None):
        self.today = today
        self.config = config
        self.warn_days = config.warn_days
        self.platform = platform
        self.target = target
        self.files = files or {}
        self.roots = roots or {}
        self.records_by_url = {r.url: r for r in (target.records if target else [])}
        self._resolved: dict[tuple[str, str], tuple[str, str, str] | None] = {}

    @property
    def site(self):
        return self.target.site if self.target else None

    def setting(self, key: str, default=None):
        return self.config.setting(key, default)

    def exists(self, site_id: str, path: str) -> bool:
        return path in self.files.get(site_id, set())

    def resolve(self, page_path: str, url: str) -> tuple[str, str, str] | None:
        """An internal URL → (site_id, path in that site, fragment); None for external URLs
        and schemes that are not followed (mailto:, tel:, javascript:)."""
        url = url.strip()
        if not url or url.startswith(("mailto:", "tel:", "javascript:", "data:")):
            return None
        # The pages of a folder share their menus, footers and stylesheets: an answer is kept
        # per (folder, URL) — except for "#top" or "?page=2", whose target is the page itself.
        key = (posixpath.dirname(page_path), url)
        found = self._resolved.get(key, _UNRESOLVED)
        if found is not _UNRESOLVED:
            return found
        if url.isprintable() and not any(c in url for c in ":?#") and not url.startswith("/"):
            parts = SplitResult("", "", url, "", "")  # a plain relative path: what urlsplit() gives
        else:
            parts = urlsplit(url)
        found = self._resolve(page_path, url, parts)
        if parts.path or parts.scheme or url.startswith("//"):
            self._resolved[key] = found
        return found

    def _resolve(self, page_path: str, url: str, parts) -> tuple[str, str, str] | None:
        site_id = self.target.site_id if self.target else ""
        if parts.scheme in ("http", "https") or url.startswith("//"):
            other = self.platform.by_domain(parts.hostname or "") if self.platform is not None and parts.hostname else None
            if other is None:
                if self.site is not None and parts.hostname == self.site.domain:
                    other = self.site
                else:
                    return None
            site_id = other.id
            path = parts.path.lstrip("/")
        elif parts.scheme:
            return None
        elif parts.path.startswith("/"):
            path = parts.path.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), parts.path)) if parts.path \
                else page_path
            if path.startswith("../") or path == "..":
                return (site_id, "\x00outside:" + path, parts.fragment)
        path = unquote(path)
        if path in ("", ".") or path.endswith("/"):
            path = (path.rstrip("/") + "/index.html").lstrip("/") if path not in ("", ".") else "index.html"
        elif path not in self.files.get(site_id, set()) and (path + "/index.html") in self.files.get(site_id, set()):
            path = path + "/index.html"
        return (site_id, path, parts.fragment)


@dataclass
class SiteRun:
    """The argument of a site rule."""

    target: Target
    pages: list[PageInfo]
    ctx: Context

    @property
    def site(self):
        return self.target.site

    def page(self, path: str) -> PageInfo | None:
        for p in self.pages:
            if p.path == path:
                return p
        return None

    def hit(self, message: str, *, page: str | None = None, line: int | None = None, file: str | None = None,
            origin: str = "source", **extra) -> Hit:
        return Hit(message=message, line=line, origin=origin, extra=extra, file=file, page=page)


# ---------------------------------------------------------------------------------------------
# page phase (may run in worker processes)

_STATE: dict = {}


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# One Link object per distinct link, shared by every page that has it (menus, footers): fewer
# objects to build, and a worker's results pickle each shared one once. Links are never modified.
_LINKS: dict[tuple[str, str, str], Link] = {}


def _link(url: str, tag: str, origin: str) -> Link:
    link = _LINKS.get((url, tag, origin))
    if link is None:
        link = Link(url, tag, None, origin)
        if len(url) <= 2000:  # a data: URL is not worth keeping
            if len(_LINKS) >= 20_000:
                _LINKS.clear()
            _LINKS[url, tag, origin] = link
    return link


def _page_info(page: Page) -> PageInfo:
    links = []
    for tag, attr in LINK_SELECTORS:
        for node, value in page.with_attr(tag, attr):
            value = (value or "").strip()
            if value:
                links.append(_link(value, tag, "content" if page.in_content(node) else "template"))
    for node in page.css("img[srcset], source[srcset]"):
        for part in (node.attributes.get("srcset") or "").split(","):
            value = part.strip().split(" ")[0]
            if value:
                links.append(_link(value, "img", "content" if page.in_content(node) else "template"))
    ids = {value for _n, value in page.id_list} | {value for _n, value in page.with_attr("a", "name")}
    dates = []
    for t in page.main_times:
        value = (t.attributes.get("datetime") or t.text() or "").strip()
        if _DATE_RE.match(value):
            dates.append(value[:10])
    h1 = page.css_first("h1")
    return PageInfo(page.path, page.type, page.column, page.source, page.template, page.metas, links,
                    {i for i in ids if i}, dates, h1.text(strip=True) if h1 is not None else "")


def _process(item: tuple[str, str]) -> tuple:
    """Lint one page, ``(site id, path)``, with the state :func:`run_targets` set up."""
    site_id, path = item
    target, ctx, cache = _STATE["sites"][site_id]
    rules: list[Rule] = _STATE["page_rules"]
    key = raw = None
    if cache is not None:
        key, raw = cache.page_key(path)  # raw: the bytes, when the cache had to read them
        if key is not None:
            found = cache.get(path, key)
            if found is not None:
                return path, found[0], found[1], None, key  # (hits, info) of an unchanged page
    if raw is None:
        try:
            # = (target.out_dir / path).read_bytes(), without building a Path per page
            with open(os.path.join(os.fspath(target.out_dir), path), "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            return path, [], None, f"无法读取：{exc.strerror}", None
    html, utf8 = _decode_html(raw)
    info = target.manifest.get(path)
    snapshot = bool(re.match(r"archive/\d{4}-\d{2}-\d{2}/", path))
    if info:
        ptype, source, template, column = info.get("type"), info.get("source"), info.get("template"), info.get("column")
    else:
        ptype, source, template, column = infer_type(path, html[:20000]), None, None, None
        if "/" in path and not snapshot:
            column = path.split("/", 1)[0]
    if snapshot:
        ptype = "snapshot"
    page = Page(html, path, type=ptype, site=target.site, source=source, template=template, column=column,
                site_id=target.site_id, utf8=utf8)
    page.record = ctx.records_by_url.get(path)
    hits: list[tuple[str, Hit]] = []
    for rule in rules:
        if snapshot and "archive" not in rule.tags:
            continue
        try:
            for h in rule.check(page, ctx) or ():
                hits.append((rule.id, h))
        except Exception as exc:  # a rule bug must not hide the other rules' findings
            hits.append(("LNT002", Hit(f"规则 {rule.id} 在此页面上出错：{exc.__class__.__name__}: {exc}",
                                      origin="page")))
    page_info = None if snapshot else _page_info(page)
    return path, hits, page_info, None, key


def _decode_html(raw: bytes) -> tuple[str, bytes | None]:
    """The page's text, and its UTF-8 bytes when the text is exactly their decoding (else None)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), raw
    except UnicodeDecodeError:
        head = raw[:4096].decode("ascii", "ignore").lower()
        m = re.search(r"charset\s*=\s*[\"']?([a-z0-9_-]+)", head)
        enc = m.group(1) if m else "gb18030"
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            import codecs

            if not codecs.lookup(enc)._is_text_encoding:
                raise LookupError(enc)
            return raw.decode(enc, errors="replace"), None
        except (LookupError, UnicodeError, ValueError, TypeError):
            return raw.decode("gb18030", errors="replace"), None


# ---------------------------------------------------------------------------------------------

def list_files(root: Path) -> set[str]:
    found = set()
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            found.add(name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/"))
    return found


def load_manifest(meta_dir: Path | None) -> dict[str, dict]:
    if meta_dir is None:
        return {}
    path = meta_dir / "pages.json"
    try:
        pages = json.loads(path.read_text(encoding="utf-8")).get("pages", {})
    except (OSError, ValueError):
        return {}
    for entry in pages.values():  # a few values shared by thousands of pages: one object each
        for key in ("type", "template", "column"):
            value = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(value, str):
                entry[key] = sys.intern(value)
    return pages


@dataclass
class SiteJob:
    """One site for :func:`run_targets`: its target, context and optional page cache
    (a :class:`lint.api.PageCache`: the page-rule results and PageInfo of pages whose inputs
    are unchanged are reused instead of reading and parsing the page again)."""

    target: Target
    ctx: Context
    cache: object | None = None


def run_targets(site_jobs: list[SiteJob], rules: list[Rule], jobs: int | None = None):
    """Lint the sites; yields ``(job, [(rule_id, Hit, page_path)], page infos, errors)`` per site,
    in order.

    The pages of every site go through one pool of forked workers (forking once, not once per
    site); the site rules of a site run here in the parent as soon as its pages are back, while
    the workers go on with the next site's pages."""
    page_rules = [r for r in rules if r.scope == "page" and r.check is not None]
    site_rules = [r for r in rules if r.scope == "site" and r.check is not None]
    pages: dict[str, list[str]] = {}
    todo = 0
    for job in site_jobs:
        files = job.ctx.files.get(job.target.site_id, set())
        pages[job.target.site_id] = sorted(p for p in files if p.lower().endswith((".html", ".htm")))
        if job.cache is not None:
            job.cache.prepare()
            # cached pages cost a stat: count only the others towards the pool's threshold
            todo += sum(1 for p in pages[job.target.site_id] if not job.cache.probably_cached(p))
        else:
            todo += len(pages[job.target.site_id])
    _STATE.update(sites={j.target.site_id: (j.target, j.ctx, j.cache) for j in site_jobs}, page_rules=page_rules)
    items = [(j.target.site_id, p) for j in site_jobs for p in pages[j.target.site_id]]
    workers = max(1, min(jobs or os.cpu_count() or 1, 8))
    try:
        if todo >= PARALLEL_THRESHOLD and workers > 1:
            from lint import registry

            for job in site_jobs:
                for setup in registry.CONTEXT_SETUP:
                    setup(job.ctx)
            # Every page allocates a few thousand short-lived objects (nodes, attribute dicts, hits),
            # freed by reference counting: a young generation of 20,000 instead of 700 spares the
            # workers most of their garbage-collector passes (~1.5 % CPU), at no memory cost.
            threshold = gc.get_threshold()
            gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
            try:
                chunk = max(8, min(64, len(items) // (workers * 16)))
                yield from _by_site(site_jobs, pages, forked_imap(_process, items, workers, chunk), site_rules)
            finally:
                gc.set_threshold(*threshold)
        else:
            yield from _by_site(site_jobs, pages, map(_process, items), site_rules)
    finally:
        _STATE.clear()


def _by_site(site_jobs, pages, results, site_rules):
    results = iter(results)
    for job in site_jobs:
        target, ctx, cache = job.target, job.ctx, job.cache
        all_hits, infos, errors = [], [], []
        for _ in range(len(pages[target.site_id])):
            path, hits, info, error, key = next(results)
            if cache is not None and key is not None and error is None:
                cache.put(path, key, hits, info)
            if error:
                errors.append(f"{target.site_id}/{path}: {error}")
            for rid, h in hits:
                all_hits.append((rid, h, path))
            if info is not None:
                infos.append(info)
        run = SiteRun(target, infos, ctx)
        for rule in site_rules:
            try:
                for h in rule.check(run, ctx) or ():
                    all_hits.append((rule.id, h, None))
            except Exception as exc:
                all_hits.append(("LNT002", Hit(f"站点规则 {rule.id} 出错：{exc.__class__.__name__}: {exc}",
                                              page=None), None))
        yield job, all_hits, infos, errors
        _STATE["sites"].pop(target.site_id, None)  # its pages are done: let its cache go


# ---------------------------------------------------------------------------------------------
# hits → findings

def _md_line(target: Target, source: str | None, anchor: str | None) -> int | None:
    if not source or not anchor or target.src_dir is None:
        return None
    try:
        text = (target.src_dir / source).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pos = text.find(anchor)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def to_findings(target: Target, hits, rules_by_id: dict[str, Rule], config: LintConfig,
                theme_prefix: str = "themes/govsite/templates/") -> list[Finding]:
    manifest = target.manifest
    findings: list[Finding] = []
    for rid, h, path in hits:
        rule = rules_by_id.get(rid)
        severity = h.severity or (rule.severity if rule else ERROR)
        severity = config.severity.get(rid, severity)
        source = rule.source if rule else "jiyue"
        page = path if h.page == "__page__" else h.page
        info = manifest.get(page or "", {})
        file, line = h.file, h.line
        extra = dict(h.extra)
        if h.origin == "content" and info.get("source"):
            file = info["source"]
            extra.setdefault("html_line", h.line)
            line = _md_line(target, file, extra.get("anchor"))
        elif h.origin == "template" and info.get("template"):
            file = theme_prefix + info["template"]
            extra.setdefault("html_line", h.line)
            line = None
            extra["origin"] = "template"
        elif h.origin == "page" and info.get("source") and h.file is None:
            file = info["source"]
            extra.setdefault("html_line", h.line)
            line = None
        findings.append(Finding(rule=rid, severity=severity, message=h.message, source=source,
                                site=target.site_id, page=page, line=line, file=file, extra=extra))
    return collapse_templates(findings)


def collapse_templates(findings: list[Finding]) -> list[Finding]:
    """One finding per (rule, template, message) when a template produced it on many pages."""
    groups: dict[tuple, list[Finding]] = {}
    out = []
    for f in findings:
        if f.extra.get("origin") == "template":
            groups.setdefault((f.rule, f.site, f.file, f.message), []).append(f)
        else:
            out.append(f)
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        first = group[0]
        pages = sorted({g.page for g in group if g.page})
        first.extra = {**first.extra, "pages_count": len(pages), "pages_sample": pages[:5]}
        first.message = f"{first.message}（模板问题，共 {len(pages)} 个页面）"
        out.append(first)
    return out
