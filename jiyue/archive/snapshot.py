"""Whole-site snapshots: freeze ``output/<site>/`` as built now into
``output/<site>/archive/<YYYY-MM-DD>/`` (CONTRACT §4.3).

Each HTML page gets the 已归档 banner and ``noindex``; every reference that
reaches a file of the snapshot is made relative to stay inside it; then
manifest.json and snapshot.warc.gz are written beside the files. The snapshot
is assembled in a hidden temporary folder and renamed into place at the end, so
there is never a half-written snapshot, and an existing date is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as _date, datetime
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

from . import banner as _banner
from .charset import decode_css, decode_html
from .manifest import DYNAMIC_EXT, HTML_EXT, Manifest, build_entries, is_html
from .rewrite import LinkMapper, Result, rewrite_css_file, transform_html
from .warc import write_warc

BEIJING = ZoneInfo("Asia/Shanghai")
SNAPSHOT_DIR_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TMP_PREFIX = ".tmp-"
ARCHIVE_DIR = "archive"
DEFAULT_REASON = "网站整站归档"


class ArchiveError(Exception):
    """A user mistake or a refused operation (exit status 2), in Simplified Chinese."""

    def __init__(self, message: str, path: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code

    def format(self) -> str:
        return (f"{self.path}: " if self.path else "") + (f"[{self.code}] " if self.code else "") + self.message


def now_beijing() -> datetime:
    return datetime.now(BEIJING).replace(microsecond=0)


def check_date(value: str | None, today: _date | None = None) -> str:
    """The snapshot date: ``value`` (YYYY-MM-DD, a real date, not in the future)
    or today in Beijing time."""
    today = today or now_beijing().date()
    if value is None:
        return today.isoformat()
    if not SNAPSHOT_DIR_RE.match(value):
        raise ArchiveError(f"归档日期格式错误：{value!r}，应为 YYYY-MM-DD", "--date")
    try:
        d = _date.fromisoformat(value)
    except ValueError:
        raise ArchiveError(f"归档日期不存在：{value}", "--date") from None
    if d > today:
        raise ArchiveError(f"归档日期 {value} 晚于今天（{today.isoformat()}），不能预先归档", "--date")
    return value


def shown(path: Path) -> str:
    """A path as the user knows it: relative to the cwd when inside it, else absolute."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(p.absolute())


def is_snapshot_path(rel: str) -> bool:
    """``archive/<date>/...`` or ``archive/.tmp-...``: never part of a snapshot."""
    parts = rel.split("/")
    return (len(parts) >= 2 and parts[0] == ARCHIVE_DIR
            and (SNAPSHOT_DIR_RE.match(parts[1]) is not None or parts[1].startswith(TMP_PREFIX)))


def site_files(site_out: Path) -> dict[str, Path]:
    """Every published file of a built site, without the snapshots."""
    files: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(site_out):
        rel_dir = os.path.relpath(dirpath, site_out).replace(os.sep, "/")
        if rel_dir == ARCHIVE_DIR:
            dirnames[:] = [d for d in dirnames
                           if not SNAPSHOT_DIR_RE.match(d) and not d.startswith(TMP_PREFIX)]
        dirnames.sort()
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            p = Path(dirpath) / name
            if p.is_file():  # skips broken symlinks and sockets
                files[rel] = p
    return files


def source_commit(src: Path | None) -> tuple[str | None, bool | None]:
    """(HEAD commit, working tree dirty) when ``src`` is inside a git work tree."""
    if src is None or not Path(src).exists():
        return None, None
    try:
        head = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=20)
        if head.returncode != 0:
            return None, None
        status = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--", "."],
                                capture_output=True, text=True, timeout=60)
        dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
        return head.stdout.strip() or None, dirty
    except (OSError, subprocess.SubprocessError):
        return None, None


@contextmanager
def archive_lock(site_out: Path) -> Iterator[None]:
    """The build's exclusive lock on the output root (``jiyue.publish.lock``): a
    snapshot is never written while a build publishes, nor two at once."""
    from jiyue import publish

    try:
        with publish.lock(site_out.parent):
            yield
    except publish.PublishLocked:
        raise ArchiveError("另一个构建或归档正在写入输出目录，请稍后再试", shown(site_out.parent)) from None


@dataclass
class FreezeStats:
    pages: int = 0
    files: int = 0
    normalized: list[str] = field(default_factory=list)
    reencoded: dict[str, str] = field(default_factory=dict)  # page → original encoding
    unresolved: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def freeze_file(rel: str, data: bytes, mapper: LinkMapper, *, date: str, reason: str | None,
                live_url: str | None, stats: FreezeStats) -> bytes:
    """The snapshot version of one file."""
    low = rel.lower()
    result: Result | None = None
    if is_html(rel, data[:1024]):
        text, enc = decode_html(data)
        inject = _banner.injector(date, reason, live_url, charset_fix=(enc != "utf-8"))
        try:
            result = transform_html(text, rel, mapper, inject, _banner.validator(date))
        except ValueError as exc:
            raise ArchiveError(f"无法在页面中插入归档标识：{exc}", rel, "ARC001") from exc
        stats.pages += 1
        if result.normalized:
            stats.normalized.append(rel)
        if enc != "utf-8":
            stats.reencoded[rel] = enc
        out = result.html.encode("utf-8")
    elif low.endswith(".css"):
        text, enc = decode_css(data)
        result = rewrite_css_file(text, rel, mapper)
        out = result.html.encode(enc, errors="strict") if result.html != text else data
    else:
        out = data
    if result is not None:
        seen = set()
        for ref in result.unresolved:
            key = (ref.page, ref.url)
            if key not in seen:
                seen.add(key)
                stats.unresolved.append({"page": ref.page, "url": ref.url})
    stats.files += 1
    return out


def freeze(sources: dict[str, Path | bytes], tmp: Path, mapper: LinkMapper, *, date: str,
           reason: str | None, live_url: str | None) -> FreezeStats:
    """Write the snapshot version of every source file into ``tmp``."""
    stats = FreezeStats()
    for rel in sorted(sources):
        src = sources[rel]
        dest = tmp / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        low = rel.lower()
        if isinstance(src, Path) and not low.endswith(HTML_EXT + DYNAMIC_EXT + (".css",)):
            shutil.copyfile(src, dest)
            stats.files += 1
            continue
        data = src if isinstance(src, bytes) else src.read_bytes()
        dest.write_bytes(freeze_file(rel, data, mapper, date=date, reason=reason,
                                     live_url=live_url, stats=stats))
    return stats


def publish(tmp: Path, final: Path, manifest: Manifest) -> Manifest:
    """Write manifest.json and the WARC into ``tmp`` and rename it to ``final``."""
    manifest.files = build_entries(tmp, manifest.base_url)
    manifest.write(tmp)
    write_warc(manifest, tmp, tmp / manifest.warc)
    if final.exists():
        raise ArchiveError("归档快照已存在，不可覆盖", shown(final), "ARC002")
    os.rename(tmp, final)
    return manifest


def _cleanup_stale(archive_dir: Path) -> None:
    if archive_dir.is_dir():
        for p in archive_dir.iterdir():
            if p.name.startswith(TMP_PREFIX) and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)


@contextmanager
def _no_lock() -> Iterator[None]:
    yield


@contextmanager
def staging(site_out: Path, date: str, lock: bool = True) -> Iterator[tuple[Path, Path]]:
    """(temporary folder, final folder) under the lock; the temporary folder is
    removed if anything fails. ``lock=False`` when the caller holds the build lock."""
    archive_dir = site_out / ARCHIVE_DIR
    final = archive_dir / date
    with (archive_lock(site_out) if lock else _no_lock()):
        if final.exists():
            raise ArchiveError(f"{date} 的归档快照已存在；归档不可覆盖，请换一个日期", shown(final), "ARC002")
        _cleanup_stale(archive_dir)
        archive_dir.mkdir(parents=True, exist_ok=True)
        tmp = archive_dir / f"{TMP_PREFIX}{date}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            yield tmp, final
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def create_snapshot(site_out: Path | str, *, site_id: str, domain: str, date: str | None = None,
                    reason: str | None = None, site_name: str | None = None,
                    src_dir: Path | str | None = None, extra_domains: tuple[str, ...] = (),
                    now: datetime | None = None, update_index: bool = True, lock: bool = True) -> Manifest:
    """Freeze the built site ``site_out`` (``output/<site_id>``) into
    ``site_out/archive/<date>/`` and return its manifest.

    Raises :class:`ArchiveError` when the site is not built, the date is bad or
    a snapshot of that date exists.
    """
    site_out = Path(site_out)
    now = now or now_beijing()
    date = check_date(date, now.date())
    reason = (reason or "").strip() or DEFAULT_REASON
    if not (site_out / "index.html").is_file():
        raise ArchiveError(f"站点 {site_id} 尚未构建（缺少首页），请先运行 invoke build", shown(site_out))
    live_url = f"https://{domain}/"
    commit, dirty = source_commit(Path(src_dir) if src_dir else None)
    with staging(site_out, date, lock) as (tmp, final):
        sources = site_files(site_out)
        excluded = sorted({"/".join(r.split("/")[:2]) + "/" for r in _all_snapshot_paths(site_out)})
        mapper = LinkMapper(sources, [domain, *extra_domains], excluded=is_snapshot_path)
        stats = freeze(sources, tmp, mapper, date=date, reason=reason, live_url=live_url)
        manifest = Manifest(
            site=site_id, site_name=site_name, domain=domain,
            domains=list(dict.fromkeys([domain, *extra_domains])), date=date,
            archived_at=now.isoformat(), reason=reason, kind="site",
            source=f"{site_out.resolve().parent.name}/{site_out.name}",
            source_commit=commit, source_dirty=dirty, live_url=live_url,
            unresolved_links=stats.unresolved, excluded=excluded, stats=stats)
        publish(tmp, final, manifest)
        if update_index:
            refresh_index(site_out, site_name, stats)
    return manifest


def refresh_index(site_out: Path, site_name: str | None, stats: FreezeStats) -> None:
    """Update the live 归档 page; a problem there does not undo the snapshot."""
    from .index_page import update_index_page

    try:
        update_index_page(site_out, site_name=site_name)
    except (ArchiveError, OSError, ValueError) as exc:
        msg = exc.format() if isinstance(exc, ArchiveError) else str(exc)
        stats.warnings.append(f"归档页未更新：{msg}")


def _all_snapshot_paths(site_out: Path) -> list[str]:
    archive_dir = site_out / ARCHIVE_DIR
    if not archive_dir.is_dir():
        return []
    return [f"{ARCHIVE_DIR}/{p.name}" for p in archive_dir.iterdir()
            if p.is_dir() and SNAPSHOT_DIR_RE.match(p.name)]
