"""Incremental builds: rebuild only the sites and pages that depend on what changed.

After every successful publish the build saves a state beside the output tree, in
``.jiyue-cache/<output name>/state.json`` (never inside ``output/``): a hash of every
input file of every site (Markdown, attachments, site.toml), the platform-wide inputs
(platform.toml, the theme, the plugins, pelicanconf.py, the jiyue and lint code and the
versions of Pelican and its Markdown/Jinja/nh3 libraries), the check date, and for every
article a *view*: a digest of everything its page shows —

- its own source file and platform-index record;
- the records it points at: the policies it interprets (``Interprets``), its replacement
  (``SupersededBy``) and the articles it links with ``{filename}`` (their URL and data);
  the attachments it links with ``{static}``/``{attach}`` (their hashes);
- the records that point at it: the interpretations of a policy and the policy it
  replaces, on any site of the platform;
- for a 办事指南 (``service`` column): every policy of the platform (the 设定依据 of a guide
  links the policies it names, by 文号 or 《title》).

The next build compares (:func:`plan`):

- a change of a platform-wide input, of the check date, of the lint settings, of a site's
  identity ([site] of site.toml) or a missing previous output: everything is rebuilt
  (``--full`` asks for that);
- otherwise a site is rebuilt when one of its inputs, one of its articles' views, its
  columns, its published archive snapshots or — for a portal — the news of its
  departments (shown on its home page) changed. Inside a rebuilt site the *dirty*
  articles (new ones and those whose view changed) are rendered; the pages of the *clean*
  ones are hard-linked from the published tree by the ``gov_incremental`` plugin instead
  of being rendered. A listing page (home, columns, sitemap.html, archive, policy library,
  404) is linked too when its *key* — its template variables, articles standing for their
  views — equals the one of the published page (the keys are kept in the state, see
  ``plugins/gov_incremental``); sitemap.xml is always written. Pelican's content cache
  (per site, under ``.jiyue-cache``) spares the Markdown parsing of unchanged articles.

Unchanged sites are hard-linked whole into the staging tree (``jiyue.publish.assemble``),
and the lint gate checks only the rebuilt sites. The result is byte-identical to a clean
full build of the same sources (``tests/test_incremental.py``); what a page may show is
what its view covers, so a plugin or template that makes an article page show other data
must extend :func:`_views` accordingly.

Other caches under ``.jiyue-cache/<output name>/``, each keyed by everything it depends on
(a damaged one is an empty one): ``index/`` the header scan of each Markdown file
(``jiyue.platform_index.ScanCache``), ``lint/`` the lint gate's page results
(``lint.api.PageCache``), ``hashes/`` the SHA-256 of published files for the manifests
(``jiyue.publish.hash_tree``), ``pelican/`` Pelican's content cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from jiyue.platform_index import PlatformIndex, record_digest
from jiyue.siteconfig import Platform

STATE_VERSION = 2
ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("jiyue", "plugins", "lint", "themes")
CODE_FILES = ("pelicanconf.py",)
PACKAGES = ("pelican", "markdown", "jinja2", "nh3", "selectolax", "pygments")
IDENTITY_KEYS = ("name", "kind", "domain", "chinese_domain", "site_code", "icp", "police_record", "conac_id",
                 "host_org", "contact", "parent", "provides_services")
LINK_RE = re.compile(r"\{(filename|static|attach)\}([^)\s\"'>]+)")
RACY_NS = 2_000_000_000  # a file modified this close to the state's time is re-hashed next time

# Filled by the gov_incremental plugin inside one site's Pelican run (read by jiyue.build).
STATS = {"rendered": 0, "linked": 0, "lists_rendered": 0, "lists_linked": 0}
LISTINGS: dict[str, str] = {}  # listing page → key (gov_incremental.listing_key), kept in the state


def cache_dir(out: Path | str) -> Path:
    out = Path(out).resolve()
    return out.parent / ".jiyue-cache" / out.name


def pelican_cache(out: Path | str, site_id: str) -> Path:
    return cache_dir(out) / "pelican" / site_id


def _digest(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                           default=str).encode("utf-8")
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _file_hash(path: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- inputs --------------------------------------------------------------------------------

def code_fingerprint() -> str:
    """The theme, the plugins, pelicanconf.py, the jiyue and lint code and library versions."""
    from importlib import metadata

    parts = []
    for d in CODE_DIRS:
        for dirpath, dirnames, filenames in os.walk(ROOT / d):
            dirnames[:] = sorted(x for x in dirnames if x != "__pycache__" and not x.startswith("."))
            for name in sorted(filenames):
                if name.endswith((".pyc", ".pyo")):
                    continue
                p = os.path.join(dirpath, name)
                parts.append((os.path.relpath(p, ROOT), _file_hash(p)))
    for name in CODE_FILES:
        p = ROOT / name
        parts.append((name, _file_hash(str(p)) if p.is_file() else None))
    for pkg in PACKAGES:
        try:
            parts.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            parts.append((pkg, None))
    return _digest(parts)


def hash_site_files(site_dir: Path, previous: dict | None) -> dict[str, list]:
    """Every file of a site folder: relative path → [size, mtime_ns, inode, hash]. A file whose
    size, mtime and inode match ``previous`` keeps its hash without being read."""
    previous = previous or {}
    found: dict[str, list] = {}
    root = str(site_dir)
    stack = [root]
    while stack:
        top = stack.pop()
        with os.scandir(top) as it:
            for e in it:
                if e.is_dir(follow_symlinks=True):
                    stack.append(e.path)
                    continue
                try:
                    st = e.stat(follow_symlinks=True)
                except OSError:
                    continue
                rel = e.path[len(root) + 1:].replace(os.sep, "/")
                old = previous.get(rel)
                if old and old[0] == st.st_size and old[1] == st.st_mtime_ns and old[2] == st.st_ino and old[3]:
                    found[rel] = old
                else:
                    found[rel] = [st.st_size, st.st_mtime_ns, st.st_ino, _file_hash(e.path)]
    return dict(sorted(found.items()))


def _links(site_dir: Path, source: str) -> list[list[str]]:
    """``{filename}``/``{static}``/``{attach}`` targets of one article, as paths in the site."""
    try:
        text = (site_dir / source).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    out = []
    folder = os.path.dirname(source)
    for kind, ref in LINK_RE.findall(text):
        ref = ref.split("#", 1)[0].split("?", 1)[0]
        target = os.path.normpath(ref.lstrip("/") if ref.startswith("/") else os.path.join(folder, ref))
        out.append([kind, target.replace(os.sep, "/")])
    return [list(x) for x in sorted({tuple(x) for x in out})]


# --- views ---------------------------------------------------------------------------------

def _views(index: PlatformIndex, platform: Platform, files: dict[str, dict[str, list]],
           links: dict[str, dict[str, list]]) -> dict[str, dict[str, str]]:
    """site → article source → digest of what the article's page shows (see module doc).
    Records enter it as their digests (jiyue.platform_index.record_digest)."""
    by_key = {(r.site, r.url): r for r in index.records}
    by_source = {(r.site, r.source): r for r in index.records}
    pointing: dict[tuple[str, str], list] = {}
    points_at: dict[int, list] = {}
    for r in index.records:
        if not r.interprets and not r.superseded_by:
            continue
        refs = list(r.interprets) + ([r.superseded_by] if r.superseded_by else [])
        targets = []
        for ref in refs:
            t = index.resolve_policy(ref, r.site)
            targets.append((ref, record_digest(t) if t is not None else None))
            if t is not None:
                pointing.setdefault((t.site, t.url), []).append(r)
        points_at[id(r)] = targets
    policies = _digest([record_digest(r) for r in sorted((r for r in index.records if r.kind == "policy"),
                                                         key=lambda r: (r.site, r.source))])
    views: dict[str, dict[str, str]] = {}
    for r in index.records:
        site_files = files.get(r.site, {})
        own = site_files.get(r.source)
        linked = []
        for kind, target in links.get(r.site, {}).get(r.source, []):
            if kind == "filename":
                t = by_source.get((r.site, target))
                linked.append((kind, target, record_digest(t) if t is not None
                               else (site_files.get(target) or [None])[-1]))
            else:
                linked.append((kind, target, (site_files.get(target) or [None])[-1]))
        back = [record_digest(x) for x in sorted(pointing.get((r.site, r.url), ()), key=lambda x: (x.site, x.source))]
        view = (own[3] if own else None, record_digest(r), points_at.get(id(r), ()), linked, back,
                policies if r.kind == "service" else None, by_key.get((r.site, r.url)) is not r)
        views.setdefault(r.site, {})[r.source] = hashlib.blake2b(repr(view).encode("utf-8"),
                                                                  digest_size=16).hexdigest()
    return views


def home_items() -> int:
    """GOV_HOME_ITEMS of pelicanconf.py: how many department news items a portal home shows."""
    import runpy

    try:
        return int(runpy.run_path(str(ROOT / "pelicanconf.py")).get("GOV_HOME_ITEMS", 8))
    except Exception:
        return 8


def _department_news(index: PlatformIndex, platform: Platform, site_id: str, limit: int) -> str | None:
    """What a portal's home page shows of its departments: the same rows, in the same order,
    as gov_columns' 部门动态 (the newest ``limit`` published news items of its departments)."""
    site = platform.sites[site_id]
    if site.kind != "portal":
        return None
    rows = [r for r in index.records
            if r.site != site_id and r.kind == "news" and not r.future and not r.archived
            and r.validity == "有效" and platform.sites[r.site].parent == site_id]
    rows.sort(key=lambda r: r.date, reverse=True)
    return _digest([(r.site, r.url, r.title, r.date, platform.sites[r.site].name, index.domains.get(r.site))
                    for r in rows[:limit]])


def _snapshots(out: Path, site_id: str) -> list[str]:
    base = out / site_id / "archive"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "manifest.json").is_file())


# --- the plan ---------------------------------------------------------------------------------

@dataclass
class Plan:
    full: bool
    reason: str
    build: list[str]  # sites to rebuild (a subset of the selected ones)
    clean: dict[str, list[str]] = field(default_factory=dict)  # site → article pages to link, not render
    dirty: dict[str, list[str]] = field(default_factory=dict)  # site → article sources to render
    state: dict = field(default_factory=dict)  # what to save once published
    load_cache: bool = False  # may Pelican load its content cache
    seconds: float = 0.0

    def summary(self) -> str:
        if self.full:
            return f"完整构建（{self.reason}）"
        if not self.build:
            return "增量构建：没有站点受影响"
        dirty = sum(len(v) for v in self.dirty.values())
        clean = sum(len(v) for v in self.clean.values())
        return (f"增量构建：重建 {len(self.build)} 个站点（{'、'.join(self.build)}），"
                f"渲染 {dirty} 篇文章，沿用 {clean} 个未变页面")


def _tree_id(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


def load_state(out: Path) -> dict | None:
    """The state of the published build, or None when there is none or it does not describe
    the tree now at ``out`` (a build stopped between saving it and swapping its tree in)."""
    try:
        data = json.loads((cache_dir(out) / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return None
    if data.get("tree") != _tree_id(Path(out)):
        return None
    return data


def save_state(out: Path, state: dict, tree: Path | None = None) -> None:
    """Save ``state`` as describing the tree that is (or is about to become, by an atomic
    swap) the published ``out``: ``tree`` is that directory (default: ``out`` itself). The
    state names the directory's inode, so a state saved for a tree that never got swapped in
    is ignored (:func:`load_state`)."""
    d = cache_dir(out)
    d.mkdir(parents=True, exist_ok=True)
    state = dict(state, tree=_tree_id(Path(tree or out)))
    now = time.time_ns()
    for site in state.get("sites", {}).values():  # racy entries: re-hash next time
        for entry in site.get("files", {}).values():
            if entry[1] >= now - RACY_NS:
                entry[2] = -1
    tmp = d / f".state.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, d / "state.json")


def forget_state(out: Path) -> None:
    try:
        (cache_dir(out) / "state.json").unlink()
    except OSError:
        pass


def plan(platform: Platform, index: PlatformIndex, out: Path, selected: list[str], today: date, *,
         full: bool = False, options: dict | None = None) -> Plan:
    """What this build must do, given the state of the last published build."""
    t0 = time.perf_counter()
    out = Path(out)
    old = load_state(out)
    platform_toml = platform.src / "platform.toml"
    glob = {
        "code": code_fingerprint(),
        "platform_toml": _file_hash(str(platform_toml)) if platform_toml.is_file() else None,
        "today": today.isoformat(),
        "options": _digest(options or {}),
        "site_ids": sorted(platform.sites),
    }
    old_sites = (old or {}).get("sites", {})
    files = {sid: hash_site_files(platform.sites[sid].path, old_sites.get(sid, {}).get("files"))
             for sid in sorted(platform.sites)}
    links: dict[str, dict[str, list]] = {}
    for sid, site in platform.sites.items():
        prev = old_sites.get(sid, {})
        prev_links, prev_files = prev.get("links", {}), prev.get("files", {})
        mine = {}
        for r in index.records:
            if r.site != sid:
                continue
            entry, before = files[sid].get(r.source), prev_files.get(r.source)
            if entry and before and entry[3] == before[3] and r.source in prev_links:
                mine[r.source] = prev_links[r.source]
            else:
                mine[r.source] = _links(site.path, r.source)
        links[sid] = mine
    views = _views(index, platform, files, links)
    limit = home_items()
    sites_state = {}
    for sid, site in platform.sites.items():
        sites_state[sid] = {
            "identity": _digest({k: getattr(site, k, None) for k in IDENTITY_KEYS}),
            "columns": _digest([asdict(c) | {"children": None} for c in site.columns]),
            "files": files[sid], "links": links[sid], "views": views.get(sid, {}),
            "urls": {r.source: r.url for r in index.records if r.site == sid and not r.future},
            "department_news": _department_news(index, platform, sid, limit),
            "snapshots": _snapshots(out, sid),
            # the listing keys of the published pages: replaced by the site's Pelican run when it
            # is rebuilt (jiyue.build), kept as they are when it is not
            "listings": old_sites.get(sid, {}).get("listings", {}),
        }
    state = {"version": STATE_VERSION, **glob, "sites": sites_state}
    # sites that are not built now keep the state of their published version
    for sid in old_sites:
        if sid not in selected and sid in platform.sites:
            state["sites"][sid] = old_sites[sid]

    def done(p: Plan) -> Plan:
        p.seconds = time.perf_counter() - t0
        return p

    reason = None
    if full:
        reason = "--full"
    elif old is None:
        reason = "没有上一次构建的状态"
    elif not out.is_dir():
        reason = "没有已发布的输出"
    else:
        for key, label in (("code", "主题、插件或程序已改变"), ("platform_toml", "platform.toml 已改变"),
                           ("today", "检查日期已改变"), ("options", "检查选项已改变"), ("site_ids", "站点增减")):
            if old.get(key) != glob[key]:
                reason = label
                break
    if reason is None:
        for sid in selected:
            prev = old_sites.get(sid)
            if prev is None or not (out / sid).is_dir() or not (out / ".jiyue" / sid).is_dir():
                reason = f"站点 {sid} 没有已发布的版本"
                break
            if prev.get("identity") != sites_state[sid]["identity"]:
                reason = f"站点 {sid} 的 site.toml 标识已改变"
                break
    if reason is not None:
        return done(Plan(True, reason, list(selected), state=state))

    build: list[str] = []
    clean: dict[str, list[str]] = {}
    dirty: dict[str, list[str]] = {}
    for sid in selected:
        new, prev = sites_state[sid], old_sites[sid]
        whole = new["columns"] != prev.get("columns")
        changed = (whole or new["files"].keys() != prev.get("files", {}).keys()
                   or any(new["files"][k][3] != prev["files"][k][3] for k in new["files"])
                   or new["views"] != prev.get("views") or new["department_news"] != prev.get("department_news")
                   or new["snapshots"] != prev.get("snapshots"))
        if not changed:
            continue
        build.append(sid)
        pv = prev.get("views", {})
        d = sorted(s for s, v in new["views"].items() if whole or pv.get(s) != v)
        dirty[sid] = d
        dset = set(d)
        published = out / sid
        clean[sid] = sorted(url for s, url in new["urls"].items()
                            if s not in dset and prev.get("urls", {}).get(s) == url and (published / url).is_file())
    return done(Plan(False, "", build, clean=clean, dirty=dirty, state=state, load_cache=True))


def write_site_plan(path: Path, published: Path, clean: list[str], views: dict[str, str],
                    listings: dict[str, str]) -> None:
    """The per-site instructions for the gov_incremental plugin (outside the output tree): the
    article pages to link, the articles' views and the listing keys of the published pages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"published": str(published), "clean": clean, "views": views,
                                "listings": listings}, ensure_ascii=False), encoding="utf-8")
