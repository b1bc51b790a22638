"""Helpers shared by the audit tests (a module with a unique name, so that no other
directory's conftest.py can shadow it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"


def run_cli(args: list[str], report: Path) -> tuple[int, dict | str]:
    from lint.audit.cli import main

    rc = main(args + ["--report", str(report)])
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    if "--format" in args and args[args.index("--format") + 1] == "json":
        return rc, json.loads(text)
    return rc, text


def copy_pages(dst: Path, names: list[str]) -> Path:
    """A folder with some of the planted pages and all their assets."""
    dst.mkdir(parents=True, exist_ok=True)
    for sub in ("css", "js", "img"):
        shutil.copytree(PAGES / sub, dst / sub, dirs_exist_ok=True)
    for n in names:
        shutil.copy2(PAGES / n, dst / n)
    return dst
