"""Which pages there are to audit, with their type, column and source.

For the built output (``--out``) every ``output/<site_id>/`` folder is a site; page types
and columns come from ``output/.jiyue/<site_id>/pages.json`` when the build wrote it,
else they are inferred as CONTRACT §4.2 says for ``--html-dir``: ``index.html`` at the
top = home; a page with an ArticleTitle or PubDate tag = content; any other = column.
Whole-site snapshots (``archive/<YYYY-MM-DD>/``), ``theme/`` and ``files/`` are not pages.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

SNAPSHOT_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_PAGES = {"theme", "files"}
_META_RE = re.compile(rb"<meta\s[^>]*name\s*=\s*[\"']?(ArticleTitle|PubDate)[\"'\s>]", re.I)


@dataclass(frozen=True)
class AuditPage:
    site: str
    rel: str  # relative to the site folder, posix
    path: Path  # the file on disk
    url_path: str  # where the audit server serves it: /<site>/<rel>
    type: str  # home | column | content | sitemap | archive | other
    column: str | None = None
    source: str | None = None  # Markdown source (pages.json)
    template: str | None = None

    @property
    def file(self) -> str | None:
        """What a finding's ``file`` names: the Markdown source, else the template."""
        return self.source or self.template


class DiscoveryError(ValueError):
    """A usage/configuration problem (exit 2)."""


def _walk_html(site_dir: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        rel_dir = Path(dirpath).relative_to(site_dir)
        parts = rel_dir.parts
        # prune
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if not parts and d in NOT_PAGES:
                continue
            if parts == ("archive",) and SNAPSHOT_DIR.match(d):
                continue
            keep.append(d)
        dirnames[:] = keep
        for f in filenames:
            if f.lower().endswith((".html", ".htm", ".xhtml")):
                out.append((rel_dir / f).as_posix())
    return sorted(out)


def infer_type(rel: str, path: Path) -> str:
    if rel == "index.html":
        return "home"
    if rel == "sitemap.html":
        return "sitemap"
    if rel.startswith("archive/"):
        return "archive"
    try:
        head = path.read_bytes()[:65536]
    except OSError:
        head = b""
    if _META_RE.search(head):
        return "content"
    return "column"


def infer_column(rel: str) -> str | None:
    parts = rel.split("/")
    if len(parts) < 2 or parts[0] in NOT_PAGES or parts[0] == "archive":
        return None
    return parts[0]


def load_manifest(out_root: Path, site: str) -> dict:
    mf = out_root / ".jiyue" / site / "pages.json"
    if not mf.is_file():
        return {}
    try:
        data = json.loads(mf.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def site_pages(site: str, site_dir: Path, manifest: dict | None = None, mount: str | None = None) -> list[AuditPage]:
    manifest = manifest or {}
    mount = mount if mount is not None else f"/{site}/"
    pages = []
    for rel in _walk_html(site_dir):
        path = site_dir / rel
        entry = manifest.get(rel) or {}
        ptype = entry.get("type") or infer_type(rel, path)
        column = entry.get("column") if "column" in entry else infer_column(rel)
        pages.append(AuditPage(
            site=site, rel=rel, path=path, url_path=mount + rel, type=ptype,
            column=column or None, source=entry.get("source"), template=entry.get("template"),
        ))
    return pages


def discover_output(out_root: str | Path, site: str | None = None) -> dict[str, list[AuditPage]]:
    root = Path(out_root)
    if not root.is_dir():
        raise DiscoveryError(f"错误：找不到输出目录 {root}（请先运行 invoke build，或用 --out 指定）")
    sites = sorted(p.name for p in root.iterdir()
                   if p.is_dir() and not p.name.startswith(".") and re.fullmatch(r"[a-z0-9-]+", p.name))
    if site:
        if site not in sites:
            raise DiscoveryError(f"错误：输出目录 {root} 中没有站点 {site}（现有：{'、'.join(sites) or '无'}）")
        sites = [site]
    if not sites:
        raise DiscoveryError(f"错误：输出目录 {root} 中没有任何站点（output/<site_id>/）")
    return {s: site_pages(s, root / s, load_manifest(root, s)) for s in sites}


def html_dir_site_id(html_dir: str | Path, site: str | None) -> str:
    if site:
        return site
    name = re.sub(r"[^a-z0-9-]+", "-", Path(html_dir).resolve().name.lower()).strip("-")
    return name or "html"


def discover_html_dir(html_dir: str | Path, site: str | None = None) -> dict[str, list[AuditPage]]:
    root = Path(html_dir)
    if not root.is_dir():
        raise DiscoveryError(f"错误：找不到 HTML 目录 {root}")
    sid = html_dir_site_id(root, site)
    pages = site_pages(sid, root)
    if not pages:
        raise DiscoveryError(f"错误：HTML 目录 {root} 中没有 .html 页面")
    return {sid: pages}
