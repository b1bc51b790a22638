"""Atomic publishing: build into a staging tree, swap it in only when it passed.

The published tree ``output/`` (sites and their ``.jiyue/`` build metadata) is
replaced as a whole: the new tree is assembled beside it in
``.output.staging-<token>/`` — rebuilt sites fresh from Pelican, every other
site and every archive snapshot hard-linked from the current tree (cheap) — and
then exchanged with ``output/`` in one ``renameat2(RENAME_EXCHANGE)``. At every
instant ``output/`` is either the old or the new complete version, whatever
happens (SIGKILL, full disk, power loss). Where the kernel lacks the exchange,
two renames are used and :func:`recover` repairs the short window after a crash.
An exclusive lock (``.output.lock`` beside it) keeps two builds apart.
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
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    _renameat2 = getattr(_libc, "renameat2", None)
except OSError:  # pragma: no cover - non-glibc platforms
    _renameat2 = None


class PublishLocked(Exception):
    pass


def _sibling(out: Path, kind: str) -> Path:
    out = out.resolve()
    return out.parent / f".{out.name}.{kind}"


def staging_prefix(out: Path) -> str:
    return f".{out.resolve().name}.staging-"


def old_prefix(out: Path) -> str:
    return f".{out.resolve().name}.old-"


@contextmanager
def lock(out: Path):
    """An exclusive lock for the whole build (a file beside the output tree)."""
    out = Path(out)
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(_sibling(out, "lock"), os.O_RDWR | os.O_CREAT, 0o644)
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
    out = Path(out).resolve()
    done = []
    parent = out.parent
    if not parent.is_dir():
        return done
    olds = sorted(p for p in parent.iterdir() if p.name.startswith(old_prefix(out)))
    if olds and not out.exists():
        os.rename(olds[-1], out)  # the crash hit between the two fallback renames
        done.append("恢复上一次发布的版本")
        olds = olds[:-1]
    for p in olds:
        shutil.rmtree(p, ignore_errors=True)
    for p in parent.iterdir():
        if p.name.startswith(staging_prefix(out)):
            shutil.rmtree(p, ignore_errors=True)
            done.append(f"清理中断的暂存目录 {p.name}")
    return done


def new_staging(out: Path) -> Path:
    out = Path(out).resolve()
    path = out.parent / f"{staging_prefix(out)}{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir(parents=True)
    return path


def _exchange(a: Path, b: Path) -> bool:
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, getattr(errno, "ENOTSUP", errno.EINVAL), errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(a))


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def link_tree(src: Path, dst: Path) -> None:
    """A copy of ``src`` at ``dst`` made of hard links (files are never modified in place)."""
    shutil.copytree(src, dst, copy_function=_link_or_copy, symlinks=True, dirs_exist_ok=True)


def assemble(staging: Path, out: Path, rebuilt: list[str]) -> None:
    """Complete the staging tree: everything of the published tree that was not
    rebuilt, and the archive snapshots of the rebuilt sites."""
    link_others(staging, out, rebuilt)
    carry_rebuilt(staging, out, rebuilt)


def link_others(staging: Path, out: Path, rebuilt: list[str]) -> None:
    """Everything of the published tree that is not rebuilt (other sites, their build
    metadata): it may join the staging tree while the rebuilt sites are being built."""
    if not out.is_dir():
        return
    for entry in out.iterdir():
        if entry.name == META:
            for meta in entry.iterdir():
                if meta.name not in rebuilt and not (staging / META / meta.name).exists():
                    if meta.is_dir():
                        link_tree(meta, staging / META / meta.name)
                    else:
                        _link_or_copy(meta, staging / META / meta.name)
            continue
        if entry.name in rebuilt or (staging / entry.name).exists():
            continue
        if entry.is_dir():
            link_tree(entry, staging / entry.name)
        else:
            _link_or_copy(entry, staging / entry.name)


def carry_rebuilt(staging: Path, out: Path, rebuilt: list[str]) -> None:
    """What a rebuilt site keeps from its published version (once its build is done): annual
    reports and archive snapshots."""
    if not out.is_dir():
        return
    for site_id in rebuilt:
        carry_reports(out, staging, site_id)
        snapshots = out / site_id / "archive"
        if snapshots.is_dir():
            for snap in snapshots.iterdir():
                if snap.is_dir() and (snap / "manifest.json").is_file() and not (
                        staging / site_id / "archive" / snap.name).exists():
                    link_tree(snap, staging / site_id / "archive" / snap.name)


def carry_reports(out: Path, staging: Path, site_id: str) -> None:
    """Annual reports (``report/<year>.html|json``, written by ``invoke report``, not by
    Pelican) outlive rebuilds, with their entries in the build manifest."""
    reports = out / site_id / "report"
    if not reports.is_dir() or (staging / site_id / "report").exists():
        return
    link_tree(reports, staging / site_id / "report")
    old_pages = out / META / site_id / "pages.json"
    new_pages = staging / META / site_id / "pages.json"
    try:
        old = json.loads(old_pages.read_text(encoding="utf-8"))
        new = json.loads(new_pages.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    carried = {k: v for k, v in old.get("pages", {}).items() if k.startswith("report/")}
    if carried:
        new["pages"] = dict(sorted({**new.get("pages", {}), **carried}.items()))
        new_pages.unlink()  # may be hard-linked: replace, never rewrite in place
        write_json(new_pages, new)


def swap_in(staging: Path, out: Path) -> None:
    """Make the staging tree the published tree; the old one is removed."""
    out = Path(out).resolve()
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old version
        return
    old = out.parent / f"{old_prefix(out)}{secrets.token_hex(4)}"
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def hash_tree(root: Path, skip_archive: bool = True, memo: dict | None = None) -> dict[str, dict]:
    """Every published file with its size and SHA-256 (网页防篡改, 宿迁 第二十四条).
    Snapshots under ``archive/<date>/`` carry their own manifests and are skipped.

    ``memo`` (path → (identity, size, sha256), updated): a file whose device, inode, size and
    mtime are those remembered keeps its digest without being read — files of a published
    tree are never modified in place, and a hard-linked file keeps its inode and mtime."""
    files = {}
    root = Path(root)
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        if skip_archive and rel_dir == "archive":
            dirnames[:] = []
        dirnames.sort()
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            st = os.stat(p)
            identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            known = memo.get(rel) if memo is not None else None
            if known is not None and known[0] == identity:
                digest = known[2]
            else:
                h = hashlib.sha256()
                with open(p, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                digest = h.hexdigest()
            seen[rel] = (identity, st.st_size, digest)
            files[rel] = {"size": st.st_size, "sha256": digest}
    if memo is not None:
        memo.clear()
        memo.update(seen)
    return dict(sorted(files.items()))


def write_atomic(path: Path | str, data: bytes, *, fsync: bool = True, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` through a temporary file and ``os.replace``: readers see the
    old or the new file, never half of one, and a hard-linked old file is never touched."""
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
