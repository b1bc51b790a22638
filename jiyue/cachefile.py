"""Cache files of the build (under ``.jiyue-cache/``, never in the output): pickles written
atomically and read back only when written for the same key.

A cache file holds ``{"key": key, "data": data}``. Reading gives the data only when the key is
the caller's; a missing, old or damaged file reads as None (a damaged cache is an empty one).
Writing goes through a temporary file and ``os.replace``: a build killed meanwhile leaves the
old file or the new one, never half of one.
"""

from __future__ import annotations

import gc
import os
import pickle
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def gc_paused():
    """No garbage collection while a large cache is loaded: unpickling allocates only live
    objects, and collections triggered by the allocations would visit them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_PREFETCHED: dict[str, tuple[tuple, object]] = {}  # path → (file identity, its unpickled content)


def _identity(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _load(path: Path | str):
    with open(path, "rb") as f, gc_paused():
        identity = _identity(os.fstat(f.fileno()))
        return identity, pickle.load(f)


def prefetch(paths) -> None:
    """Load cache files ahead of their use (while other processes build): :func:`read` then
    takes them from memory, as long as the file is still the same one."""
    for path in paths:
        try:
            _PREFETCHED[str(path)] = _load(path)
        except Exception:  # read() will say it is missing or damaged
            continue


def drop_prefetched() -> None:
    _PREFETCHED.clear()


def read(path: Path | str, key):
    try:
        found = _PREFETCHED.pop(str(path), None)
        if found is None or found[0] != _identity(os.stat(path)):
            found = _load(path)
        content = found[1]
        return content["data"] if isinstance(content, dict) and content.get("key") == key else None
    except Exception:  # missing, old or damaged
        return None


def write(path: Path | str, key, data) -> bool:
    """Replace the cache file at ``path`` (its folder is created). False when it could not be
    written (the cache is only an optimisation: the caller carries on)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump({"key": key, "data": data}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
