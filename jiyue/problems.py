"""User-facing problems: what is wrong, where, and what was expected.

Every user mistake (bad site.toml, bad metadata, a path that leaves the site)
becomes a ``Problem``. They are collected and raised together as one
``ConfigError`` so an editor sees *all* of them in one run, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    message: str  # Simplified Chinese
    line: int | None = None
    key: str | None = None
    value: object = None
    expected: str | None = None
    code: str = "BUILD"  # a rule id (GOV001, POL003, ...) when a rule stands behind it

    def format(self) -> str:
        loc = self.file + (f":{self.line}" if self.line else "")
        parts = [f"{loc}: [{self.code}] {self.message}"]
        if self.key:
            parts.append(f"键 {self.key}")
        if self.value is not None:
            parts.append(f"当前值 {self.value!r}")
        if self.expected:
            parts.append(f"应为 {self.expected}")
        return parts[0] + ("（" + "；".join(parts[1:]) + "）" if len(parts) > 1 else "")

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "value": None if self.value is None else str(self.value),
            "expected": self.expected,
            "message": self.message,
        }


@dataclass
class ConfigError(Exception):
    """One or more problems that stop the build before anything is written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


def rel(path: Path | str, root: Path | None = None) -> str:
    """A path as the user knows it: relative to ``root`` (or the cwd) when inside it.
    Pure string work (no filesystem calls): it runs once per article on every build."""
    p = os.path.abspath(path)
    for base in (root, os.getcwd()):
        if base is None:
            continue
        b = os.path.abspath(base)
        if p.startswith(b + os.sep):
            return p[len(b) + 1:]
    return str(path)
