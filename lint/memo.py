"""A cache for pure functions of strings taken from pages (URLs, class names, footers)."""

from __future__ import annotations

from functools import lru_cache, wraps
from inspect import CO_VARARGS, CO_VARKEYWORDS


def per_text(maxsize: int = 4096, limit: int = 2000):
    """``lru_cache(maxsize)`` for a pure function of strings taken from pages: most of them (the
    menus, the footer, the links of the theme) repeat on every page of a site. A call with a
    string argument longer than ``limit`` characters is computed and not kept: such a value (a
    ``data:`` URL, the whole body of a legacy page) is neither repeated nor cheap to hold."""

    def decorate(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        code = fn.__code__
        if code.co_argcount == 1 and not code.co_kwonlyargcount and not code.co_flags & (CO_VARARGS | CO_VARKEYWORDS):
            def call(arg):  # one argument (most of them): no loop, ~80 calls a page
                if isinstance(arg, str) and len(arg) > limit:
                    return fn(arg)
                return cached(arg)
        else:
            def call(*args):
                for arg in args:
                    if isinstance(arg, str) and len(arg) > limit:
                        return fn(*args)
                return cached(*args)

        call = wraps(fn)(call)
        call.cache_clear = cached.cache_clear
        return call

    return decorate
