"""Core value types of the linter: severities, rules and findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True)
class Rule:
    """One registered rule. ``check`` is called with (page, ctx) for scope
    "page" and with (site, ctx) for scope "site"; it yields ``Hit`` objects."""

    id: str
    title: str
    severity: str
    tags: tuple[str, ...]
    source: str
    scope: str  # "page" | "site"
    check: Callable[..., Any] | None
    doc: str = ""
    status: str = "stable"  # stable | preview | removed


@dataclass
class Finding:
    """One problem, as every reporter sees it (CONTRACT §4.2 JSON shape plus extras)."""

    rule: str
    severity: str
    message: str
    source: str
    site: str | None = None
    page: str | None = None  # relative to the site's output folder; None = site level
    line: int | None = None  # line in ``file`` (or in the page when file is None)
    file: str | None = None  # Markdown source (relative to the site folder) or theme template
    extra: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A key that survives line shifts: rule, site, page, file and message,
        plus an optional ``extra["anchor"]`` (e.g. the offending text)."""
        raw = "\x1f".join(
            str(x)
            for x in (self.rule, self.site, self.page, self.file, self.message, self.extra.get("anchor", ""))
        )
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def to_json(self) -> dict[str, Any]:
        data = {
            "rule": self.rule,
            "severity": self.severity,
            "site": self.site,
            "page": self.page,
            "line": self.line,
            "file": self.file,
            "message": self.message,
            "source": self.source,
        }
        if self.extra:
            data.update({k: v for k, v in self.extra.items() if k not in data})
        data["fingerprint"] = self.fingerprint()
        return data
