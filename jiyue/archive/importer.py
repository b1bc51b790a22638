"""Migration: archive a folder of HTML from a legacy CMS (a department site
merged into the platform) as a snapshot of a platform site.

Every file of the folder is copied; HTML declared (or found) to be GBK/GB2312/
GB18030/Big5 … is decoded and saved as UTF-8 with its charset declaration fixed;
each page gets the banner and noindex; root-absolute links and absolute links to
the legacy site's own domain(s) that reach a file of the folder become relative
links inside the snapshot. Links to files the folder does not have are left as
they are, recorded in the manifest (``unresolved_links``) and reported by verify.
If the folder has no ``index.html`` at its top, one is generated listing every
page, so the snapshot opens from ``archive/<date>/index.html`` like any other.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .charset import decode_html
from .manifest import OWN_FILES, Manifest, is_html
from .rewrite import LinkMapper
from .snapshot import (ArchiveError, check_date, freeze, is_snapshot_path, now_beijing, publish,
                       refresh_index, shown, staging)

DEFAULT_IMPORT_REASON = "原网站并入集约化平台，页面迁移归档"
SKIP_NAMES = frozenset({".git", ".svn", ".hg", ".DS_Store", "Thumbs.db", "desktop.ini"})
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(1024)


def legacy_files(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_NAMES)
        rel_dir = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        for name in filenames:
            if name in SKIP_NAMES:
                continue
            p = Path(dirpath) / name
            if p.is_file():
                files[name if rel_dir == "." else f"{rel_dir}/{name}"] = p
    return files


def guess_domains(pages: dict[str, str]) -> list[str]:
    """The legacy site's host names as its pages state them: ``SiteDomain`` tags
    and "saved from url" comments, most frequent first."""
    counts: Counter[str] = Counter()
    for text in pages.values():
        for m in _SAVED_FROM.finditer(text[:2000]):
            host = (urlsplit(m.group(1)).hostname or "").lower()
            if host:
                counts[host] += 1
        tree = LexborHTMLParser(text[:20000])
        for meta in tree.css('meta[name="SiteDomain" i]'):
            for host in re.split(r"[,，;\s]+", meta.attributes.get("content") or ""):
                host = host.strip().lower().removeprefix("http://").removeprefix("https://").strip("/")
                if _HOST_RE.match(host) and "." in host:
                    counts[host] += 1
    return [h for h, _n in counts.most_common()]


def page_title(text: str) -> str:
    node = LexborHTMLParser(text).css_first("title")
    title = node.text(deep=True).strip() if node is not None else ""
    return re.sub(r"\s+", " ", title)


def generated_index(titles: dict[str, str], date: str, site_name: str | None, source: str) -> bytes:
    items = "\n".join(
        f'<li><a href="{html.escape(rel)}">{html.escape(titles[rel] or rel, quote=False)}</a>'
        f' <span class="archived-path">{html.escape(rel, quote=False)}</span></li>'
        for rel in sorted(titles))
    name = html.escape(site_name or "", quote=False)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>原网站归档 {date}{' - ' + name if name else ''}</title>
</head>
<body>
<main id="main-content">
<h1>原网站归档（{date}）</h1>
<p>本快照保存了原网站（{html.escape(source, quote=False)}）的 {len(titles)} 个页面，内容为迁移时的原貌。</p>
<ul class="archived-pages">
{items}
</ul>
</main>
</body>
</html>
""".encode("utf-8")


def import_legacy(legacy_dir: Path | str, site_out: Path | str, *, site_id: str, date: str,
                  live_domain: str, reason: str | None = None, domains: list[str] | tuple[str, ...] = (),
                  site_name: str | None = None, now: datetime | None = None,
                  update_index: bool = True, lock: bool = True) -> Manifest:
    """Archive the legacy folder ``legacy_dir`` as ``site_out/archive/<date>/``.

    ``live_domain``: the platform site's domain (the banner links to it).
    ``domains``: the legacy site's own host names (absolute links to them are
    internal, and WARC records use the first); guessed from the pages when empty.
    """
    legacy_dir = Path(legacy_dir)
    site_out = Path(site_out)
    now = now or now_beijing()
    if date is None:
        raise ArchiveError("导入旧网站时必须用 --date 指定归档日期", "--date")
    date = check_date(date, now.date())
    reason = (reason or "").strip() or DEFAULT_IMPORT_REASON
    if not legacy_dir.is_dir():
        raise ArchiveError("要导入的目录不存在", shown(legacy_dir))
    sources: dict[str, Path | bytes] = dict(legacy_files(legacy_dir))
    pages = {rel: p for rel, p in sources.items() if is_html(rel, _head(p))}
    if not pages:
        raise ArchiveError("目录中没有 HTML 页面（.html/.htm/.shtml，或内容为 HTML 的 .jsp/.asp/.php 等）",
                           shown(legacy_dir))
    clash = sorted(OWN_FILES & set(sources))
    if clash:
        raise ArchiveError(f"目录顶层不能有 {'、'.join(clash)}（与快照清单同名）", shown(legacy_dir))

    texts = {rel: decode_html(p.read_bytes())[0] for rel, p in pages.items()}
    hosts = [d.lower() for d in domains if d] or guess_domains(texts)
    # WARC records: the legacy site's real URLs when its domain is known, else
    # where the pages live now (inside the platform site's archive)
    base_url = f"https://{hosts[0]}/" if hosts else f"https://{live_domain}/archive/{date}/"
    if not any(k in sources for k in ("index.html", "index.htm")):
        titles = {rel: page_title(t) for rel, t in texts.items()}
        sources["index.html"] = generated_index(titles, date, site_name, legacy_dir.name)
    live_url = f"https://{live_domain}/"

    with staging(site_out, date, lock) as (tmp, final):
        mapper = LinkMapper(sources, hosts, excluded=is_snapshot_path, case_insensitive=True)
        stats = freeze(sources, tmp, mapper, date=date, reason=reason, live_url=live_url)
        manifest = Manifest(
            site=site_id, site_name=site_name,
            domain=hosts[0] if hosts else live_domain, base_url=base_url,
            domains=hosts, date=date, archived_at=now.isoformat(), reason=reason, kind="import",
            source=legacy_dir.name, source_commit=None, live_url=live_url,
            unresolved_links=stats.unresolved, stats=stats)
        publish(tmp, final, manifest)
        if update_index:
            refresh_index(site_out, site_name, stats)
    return manifest
