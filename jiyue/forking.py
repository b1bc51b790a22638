"""Process pools of forked workers, shared by the build (one Pelican run per site) and the linter."""

from __future__ import annotations

import gc
import multiprocessing
from contextlib import contextmanager


@contextmanager
def forked_pool(workers: int, maxtasksperchild: int | None = None):
    """A pool of forked workers that share the parent's memory instead of copying it: the
    parent's objects are frozen out of the garbage collector first (a collection in a child
    writes to every object header it visits, which would copy each page of the heap)."""
    gc.collect()
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=maxtasksperchild) as pool:
            yield pool
    finally:
        gc.unfreeze()
