"""Atomic publishing: build into a staging folder, swap it in only when it passed.

Layout under the output root (``output/``):

    <site_id>/              the published site (what the web server serves)
    .jiyue/<site_id>/       build metadata of that site (pages.json, manifest.json, ...)
    .staging-<token>/       a build in progress: <site_id>/ and .jiyue/<site_id>/
    .old-<site_id>-<token>  a previous version being removed after a swap

The swap is one ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it, so
``<site_id>/`` is at every instant either the old or the new complete version.
Where it does not, two renames are used and :func:`recover` repairs the short
window after a crash. An exclusive lock keeps two builds from publishing at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

META = ".jiyue"
STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    _renameat2 = getattr(_libc, "renameat2", None)
except OSError:  # pragma: no cover - non-glibc platforms
    _renameat2 = None


class PublishLocked(Exception):
    pass


@contextmanager
def lock(out: Path):
    """An exclusive lock on the output root for the whole build."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / ".jiyue.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishLocked(str(out)) from None
        yield
    finally:
        os.close(fd)


def recover(out: Path) -> list[str]:
    """Undo what an interrupted build left behind (call with the lock held)."""
    done = []
    if not out.is_dir():
        return done
    for entry in sorted(out.iterdir()):
        name = entry.name
        if name.startswith(STAGING_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"清理中断的暂存目录 {name}")
        elif name.startswith(OLD_PREFIX):
            site_id = name[len(OLD_PREFIX):].rsplit("-", 1)[0]
            target = out / site_id if not site_id.startswith(META) else out / META / site_id[len(META) + 1:]
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.rename(entry, target)
                done.append(f"恢复站点 {site_id} 的上一版本")
            else:
                shutil.rmtree(entry, ignore_errors=True)
    return done


def new_staging(out: Path) -> Path:
    path = out / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir(parents=True)
    return path


def _exchange(a: Path, b: Path) -> bool:
    if _renameat2 is None:
        return False
    res = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_in(staged: Path, live: Path, out: Path, label: str) -> None:
    """Make ``staged`` the content of ``live``; the old version is removed."""
    live.parent.mkdir(parents=True, exist_ok=True)
    if not live.exists():
        os.rename(staged, live)
        return
    if _exchange(staged, live):
        shutil.rmtree(staged, ignore_errors=True)  # now holds the old version
        return
    old = out / f"{OLD_PREFIX}{label}-{secrets.token_hex(4)}"
    os.rename(live, old)
    os.rename(staged, live)
    shutil.rmtree(old, ignore_errors=True)


def carry_snapshots(live: Path, staged: Path) -> None:
    """Whole-site snapshots (``archive/<date>/``) outlive rebuilds: hard-link them in."""
    base = live / "archive"
    if not base.is_dir():
        return
    for snap in base.iterdir():
        if snap.is_dir() and (snap / "manifest.json").is_file():
            dest = staged / "archive" / snap.name
            if dest.exists():
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(snap, dest, copy_function=_link_or_copy, symlinks=True)


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def hash_tree(root: Path, skip_archive: bool = True) -> dict[str, dict]:
    """Every published file with its size and SHA-256 (网页防篡改, 宿迁 第二十四条)."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if skip_archive and rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d != "archive"] + (
                ["archive"] if "archive" in dirnames else [])
        for name in filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root).replace(os.sep, "/")
            if skip_archive and rel.startswith("archive/") and rel.count("/") >= 2:
                continue  # snapshots carry their own manifest
            h = hashlib.sha256()
            with open(p, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            files[rel] = {"size": os.path.getsize(p), "sha256": h.hexdigest()}
    return dict(sorted(files.items()))


def write_json_atomic(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{secrets.token_hex(3)}")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
