"""Checking snapshots against their manifests.

* ARC002 — a file changed, missing or added; manifest.json or the WARC damaged
  or disagreeing with the files;
* ARC003 — a link inside the snapshot that is broken or leaves the snapshot
  (the banner's link to the live site excepted). Links that were already
  missing when the snapshot was made (a legacy capture that lacked some pages,
  listed in ``unresolved_links``) are reported as warnings;
* ARC001 — every archived page shows the banner and noindex.

Findings are :class:`lint.model.Finding` objects, ``page`` relative to the
site's output folder (``archive/<date>/<path>``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from lint.model import ERROR, WARNING, Finding
from selectolax.lexbor import LexborHTMLParser

from .banner import check_archived_page
from .charset import decode_css
from .manifest import DYNAMIC_EXT, HTML_EXT, MANIFEST_NAME, Manifest, is_html, iter_files, sha256_file
from .rewrite import LinkMapper, Ref, extract_refs, iter_css_urls
from .snapshot import ARCHIVE_DIR, SNAPSHOT_DIR_RE, ArchiveError, shown
from .warc import check_warc

_PAGE_EXT = HTML_EXT + DYNAMIC_EXT

SOURCES = {
    "ARC001": "宿迁 第十一条; 宝鸡 第二十条",
    "ARC002": "宿迁 第十一条 (归档后页面应能正常访问)",
    "ARC003": "宿迁 第十一条 (归档后页面应能正常访问)",
}


def _finding(rule: str, site: str, date: str, rel: str | None, message: str,
             severity: str = ERROR, **extra) -> Finding:
    page = f"{ARCHIVE_DIR}/{date}/" + (rel or "")
    extra.setdefault("snapshot", date)
    return Finding(rule=rule, severity=severity, message=message, source=SOURCES[rule],
                   site=site, page=page, extra=extra)


def verify_snapshot(site_out: Path | str, date: str, site: str | None = None, *,
                    warc: bool = True, links: bool = True, banner: bool = True) -> list[Finding]:
    """Every problem of ``site_out/archive/<date>/``."""
    site_out = Path(site_out)
    site = site or site_out.name
    folder = site_out / ARCHIVE_DIR / date
    findings: list[Finding] = []
    try:
        manifest = Manifest.read(folder)
    except FileNotFoundError:
        return [_finding("ARC002", site, date, MANIFEST_NAME, "快照缺少 manifest.json，无法校验")]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        return [_finding("ARC002", site, date, MANIFEST_NAME, f"manifest.json 无法读取或格式错误：{exc}")]
    if manifest.date != date:
        findings.append(_finding("ARC002", site, date, MANIFEST_NAME,
                                 f"清单中的归档日期 {manifest.date} 与快照目录 {date} 不符"))

    # ARC002: the files against the manifest
    listed = manifest.by_path()
    on_disk = set(iter_files(folder))
    for rel, entry in sorted(listed.items()):
        p = folder / rel
        if rel not in on_disk:
            findings.append(_finding("ARC002", site, date, rel, "清单中的文件缺失（已被删除或移动）",
                                     anchor="missing"))
            continue
        size, digest = sha256_file(p)
        if digest != entry.sha256 or size != entry.size:
            findings.append(_finding(
                "ARC002", site, date, rel,
                f"文件内容与清单不符（SHA-256 应为 {entry.sha256[:12]}…，实为 {digest[:12]}…；"
                f"大小应为 {entry.size}，实为 {size}）", anchor="changed"))
    for rel in sorted(on_disk - set(listed)):
        findings.append(_finding("ARC002", site, date, rel, "快照中有清单之外的文件（归档后被添加）",
                                 anchor="extra"))

    # ARC002: the WARC
    if warc:
        warc_path = folder / manifest.warc
        if not warc_path.is_file():
            findings.append(_finding("ARC002", site, date, manifest.warc, "快照缺少 WARC 文件"))
        else:
            _s, man_sha = sha256_file(folder / MANIFEST_NAME)
            for problem in check_warc(warc_path, manifest, man_sha):
                findings.append(_finding("ARC002", site, date, manifest.warc, problem, anchor=problem))

    if links or banner:
        findings.extend(_check_pages(folder, manifest, on_disk, site, date, links=links, banner=banner))
    return findings


def _check_pages(folder: Path, manifest: Manifest, on_disk: set[str], site: str, date: str, *,
                 links: bool, banner: bool) -> list[Finding]:
    findings: list[Finding] = []
    own = manifest.domains or ([manifest.domain] if manifest.kind == "site" else [])
    mapper = LinkMapper(on_disk, own)
    known = {(u.get("page"), u.get("url")) for u in manifest.unresolved_links}
    for rel in sorted(on_disk):
        low = rel.lower()
        refs: list[Ref] = []
        data = (folder / rel).read_bytes() if low.endswith((".css",) + _PAGE_EXT) else b""
        if is_html(rel, data[:1024]):
            text = data.decode("utf-8", errors="replace")
            tree = LexborHTMLParser(text)
            if banner:
                for problem in check_archived_page(tree, date):
                    findings.append(_finding("ARC001", site, date, rel, problem, anchor=problem))
            if links:
                refs = extract_refs(tree, rel)
        elif low.endswith(".css") and links:
            css, _enc = decode_css(data)
            refs = [Ref(rel, "css", "url", u) for _s, _e, u in iter_css_urls(css)]
        if not refs:
            continue
        base_external = any(r.tag == "base" and mapper.resolve(r.url, rel)[0] == "external" for r in refs)
        seen: set[str] = set()
        for ref in refs:
            if ref.tag == "base" or ref.in_banner or ref.url in seen:
                continue
            problem = link_problem(mapper, ref, base_external)
            if problem is None:
                continue
            seen.add(ref.url)
            was_missing = (rel, ref.url) in known
            if was_missing:
                problem += "（归档时即已缺失）"
            findings.append(_finding("ARC003", site, date, rel, problem,
                                     severity=WARNING if was_missing else ERROR,
                                     url=ref.url, anchor=ref.url))
    return findings


def link_problem(mapper: LinkMapper, ref: Ref, base_external: bool = False) -> str | None:
    """Why a reference breaks the snapshot, or None when it stays inside it (or
    leaves for another host, which is allowed)."""
    url = ref.url.strip()
    kind, raw, target, _q, _f = mapper.resolve(url, ref.page)
    if kind in ("skip", "external"):
        return None
    parts = urlsplit(url.replace("\\", "/"))
    if base_external and not parts.scheme and not parts.netloc and not url.startswith("/"):
        return None
    if kind == "outside":
        return f"链接超出快照范围：{url}"
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")):
        return f"链接离开快照、指向现行网站：{url}" + ("" if target else "（目标不在快照中）")
    if target is None:
        return f"链接目标不存在：{url}"
    return None


def snapshot_dates(site_out: Path) -> list[str]:
    archive_dir = site_out / ARCHIVE_DIR
    if not archive_dir.is_dir():
        return []
    return sorted(p.name for p in archive_dir.iterdir() if p.is_dir() and SNAPSHOT_DIR_RE.match(p.name))


def verify_site(site_out: Path | str, site: str | None = None, **kw) -> list[Finding]:
    site_out = Path(site_out)
    out: list[Finding] = []
    for date in snapshot_dates(site_out):
        out.extend(verify_snapshot(site_out, date, site or site_out.name, **kw))
    return out


def archived_sites(out: Path | str) -> list[str]:
    """Sites under ``out`` that have at least one snapshot."""
    out = Path(out)
    if not out.is_dir():
        return []
    return sorted(p.name for p in out.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and snapshot_dates(p))


def verify(out: Path | str, site: str | None = None, date: str | None = None, **kw) -> tuple[list[Finding], int]:
    """Verify every snapshot under ``out`` (or of one site, or one date) →
    (findings, number of snapshots checked). Raises ArchiveError for an unknown site."""
    out = Path(out)
    if site is not None:
        site_out = out / site
        if not site_out.is_dir():
            raise ArchiveError(f"站点 {site} 没有构建输出", shown(site_out))
        sites = [site]
    else:
        sites = archived_sites(out)
    findings: list[Finding] = []
    count = 0
    for s in sites:
        for d in snapshot_dates(out / s):
            if date is None or d == date:
                count += 1
                findings.extend(verify_snapshot(out / s, d, s, **kw))
    return findings, count


