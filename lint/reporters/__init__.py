"""Report formats. ``render(fmt, result, **options)`` returns the report as text.

Formats: ``text`` (people), ``json`` (CONTRACT §4.2), ``sarif`` (SARIF 2.1.0),
``junit`` (one test case per rule × site), ``gitlab`` (Code Quality), ``github``
(workflow annotations + ``$GITHUB_STEP_SUMMARY``), ``html`` (a self-contained page).

Options every format accepts (unknown ones are ignored): ``selected`` (the rules
that ran), ``src_root`` (the ``--src`` folder), ``output_root`` (the ``--out``
folder), ``site_roots`` ({site: folder}, for ``--html-dir``), ``report_path``
(where the report goes; HTML links are relative to it), ``step_summary`` (github:
a file to append the summary to instead of ``$GITHUB_STEP_SUMMARY``; None = none).
See ``lint/reporters/_common.py``.
"""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "junit", "gitlab", "github", "html")


def render(fmt: str, result, **options) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"lint.reporters.{fmt}_report")
    return module.render(result, **options)
