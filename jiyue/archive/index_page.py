"""The live site's 归档 page (``output/<site>/archive/index.html``) lists every
snapshot in ``<ul class="snapshot-list">``.

The list is regenerated from the snapshots' manifests (newest first), so the
call is idempotent and the build can call it again after a rebuild. Only the
list's content is replaced; the rest of the page keeps its markup. The page is
written atomically (temporary file + ``os.replace``).
"""

from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from .manifest import Manifest
from .rewrite import Edit, apply_edits, iter_tokens
from .snapshot import ARCHIVE_DIR, SNAPSHOT_DIR_RE, ArchiveError, shown


@dataclass
class SnapshotInfo:
    date: str
    reason: str
    kind: str  # site | import
    archived_at: str | None
    path: Path  # the snapshot folder
    href: str  # relative to archive/index.html
    files: int


def list_snapshots(site_out: Path | str) -> list[SnapshotInfo]:
    """Every snapshot of a site, newest first. A folder whose manifest cannot be
    read is still listed (verify reports it)."""
    archive_dir = Path(site_out) / ARCHIVE_DIR
    out: list[SnapshotInfo] = []
    if not archive_dir.is_dir():
        return out
    for d in sorted(archive_dir.iterdir(), reverse=True):
        if not d.is_dir() or not SNAPSHOT_DIR_RE.match(d.name):
            continue
        try:
            m = Manifest.read(d)
            reason, kind, at, n = m.reason, m.kind, m.archived_at, len(m.files)
        except (OSError, ValueError, TypeError, KeyError):
            reason, kind, at, n = "", "site", None, 0
        out.append(SnapshotInfo(d.name, reason, kind, at, d, f"{d.name}/index.html", n))
    return out


def snapshot_items(snapshots: list[SnapshotInfo]) -> str:
    """The ``<li>`` elements of the list, in the theme's markup
    (themes/govsite/templates/archive_index.html)."""
    lines = []
    for s in snapshots:
        reason = (f'\n<span class="snapshot-reason">{html.escape(s.reason, quote=False)}</span>'
                  if s.reason else "")
        lines.append(f'<li>\n<a href="{s.href}">{s.date} 归档版本</a>{reason}\n'
                     f'<time datetime="{s.date}">{s.date}</time>\n</li>')
    return "\n".join(lines)


def _minimal_page(site_name: str | None, items: str) -> str:
    name = html.escape(site_name or "", quote=False)
    title = f"归档 - {name}" if name else "归档"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<a class="skip-link" href="#main-content">跳到主要内容</a>
<header><p class="site-name"><a href="../index.html">{name or "首页"}</a></p></header>
<main id="main-content">
<h1>归档</h1>
<section class="archive-snapshots">
<h2>网站快照</h2>
<ul class="snapshot-list">
{items}
</ul>
</section>
</main>
</body>
</html>
"""


def _matching_end(tokens, start_index: int, name: str) -> int | None:
    depth = 0
    for t in tokens[start_index:]:
        if t.name != name:
            continue
        if t.end_tag:
            depth -= 1
            if depth == 0:
                return t.start
        else:
            depth += 1
    return None


def _drop_empty_note(src: str, tokens, ul_end: int) -> list[Edit]:
    """Remove the theme's ``<p class="empty-note">`` right after the list."""
    after = [k for k, t in enumerate(tokens) if t.start >= ul_end]
    if len(after) < 2:
        return []
    close = tokens[after[0]]  # </ul>
    k = after[1]
    p = tokens[k]
    if p.end_tag or p.name != "p" or "empty-note" not in (p.get("class") or "").split():
        return []
    if src[close.end:p.start].strip():
        return []
    end = _matching_end(tokens, k, "p")
    if end is None:
        return []
    end_tag = next(t for t in tokens[k:] if t.end_tag and t.name == "p" and t.start == end)
    return [Edit(close.end, end_tag.end, "")]


def render_index(src: str | None, items: str, site_name: str | None = None) -> str:
    """The 归档 page ``src`` with its snapshot list replaced by ``items``."""
    if src is None:
        return _minimal_page(site_name, items)
    tree = LexborHTMLParser(src)
    tokens = list(iter_tokens(src))
    block = f"\n{items}\n" if items else "\n"
    if tree.css_first("ul.snapshot-list") is not None:
        for i, t in enumerate(tokens):
            if not t.end_tag and t.name == "ul" and "snapshot-list" in (t.get("class") or "").split():
                end = _matching_end(tokens, i, "ul")
                if end is not None:
                    edits = [Edit(t.end, end, block)]
                    if items:
                        edits.extend(_drop_empty_note(src, tokens, end))
                    return apply_edits(src, edits)
    section = ('<section class="archive-snapshots"><h2>网站快照</h2>'
               f'<ul class="snapshot-list">{block}</ul></section>\n')
    for name in ("main", "body"):
        if tree.css_first(name) is None:
            continue
        for i, t in enumerate(tokens):
            if not t.end_tag and t.name == name:
                end = _matching_end(tokens, i, name)
                if end is not None:
                    return apply_edits(src, [Edit(end, end, section)])
    return src + section


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def update_index_page(site_out: Path | str, site_name: str | None = None) -> Path:
    """Regenerate the snapshot list of ``output/<site>/archive/index.html``."""
    site_out = Path(site_out)
    page = site_out / ARCHIVE_DIR / "index.html"
    src = None
    if page.is_file():
        try:
            src = page.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise ArchiveError("归档页不是 UTF-8 编码，未改动", shown(page)) from None
    text = render_index(src, snapshot_items(list_snapshots(site_out)), site_name)
    if text != src:
        write_atomic(page, text)
    return page
