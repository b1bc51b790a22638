"""Report formats. ``render(fmt, result)`` returns the report as text."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "junit", "gitlab", "github", "html")


def render(fmt: str, result, **options) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"lint.reporters.{fmt}_report")
    return module.render(result, **options)
