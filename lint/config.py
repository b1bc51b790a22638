"""Lint settings from ``site_src/platform.toml`` ``[lint]`` (CONTRACT §1.3).

```toml
[lint]
today = "2026-11-24"            # check date (监测时间点); --today wins
select = ["GOV", "COL"]         # ids, prefixes or tags; default: all stable rules
ignore = ["GOV106"]
warn_days = 3                   # freshness look-ahead

[lint.severity]                 # per-rule severity overrides
GOV208 = "error"

[lint.settings]                 # rule settings (see each rule's doc)
allow_hosts = ["partner.example.cn"]
interpretation_workdays = 3
reply_workdays = 5
expressions_file = "expressions.txt"
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jiyue.problems import ConfigError, Problem
from lint.model import SEVERITIES

KNOWN = {"today", "select", "ignore", "warn_days", "severity", "settings", "fail_on"}


@dataclass
class LintConfig:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    warn_days: int = 3
    today: str | None = None

    def setting(self, key: str, default=None):
        return self.settings.get(key, default)


def from_platform(platform_config, file: str = "site_src/platform.toml") -> LintConfig:
    data = platform_config.section("lint") if platform_config is not None else {}
    problems = []
    for key in data:
        if key not in KNOWN:
            problems.append(Problem(file, "未知的 [lint] 设置", key=f"lint.{key}", expected="、".join(sorted(KNOWN)),
                                    code="LNT001"))
    cfg = LintConfig()

    def str_list(key):
        value = data.get(key, [])
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",")]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(file, "应为字符串数组", key=f"lint.{key}", value=value, expected='["GOV", "COL001"]',
                                    code="LNT001"))
            return []
        return value

    cfg.select = str_list("select")
    cfg.ignore = str_list("ignore")
    sev = data.get("severity", {})
    if isinstance(sev, dict):
        for rid, value in sev.items():
            if value not in SEVERITIES:
                problems.append(Problem(file, "严重级别不正确", key=f"lint.severity.{rid}", value=value,
                                        expected="error、warning 或 info", code="LNT001"))
            else:
                cfg.severity[rid.upper()] = value
    settings = data.get("settings", {})
    cfg.settings = settings if isinstance(settings, dict) else {}
    warn = data.get("warn_days", 3)
    if not isinstance(warn, int) or isinstance(warn, bool) or warn < 0:
        problems.append(Problem(file, "应为非负整数", key="lint.warn_days", value=warn, expected="3", code="LNT001"))
    else:
        cfg.warn_days = warn
    cfg.today = str(data["today"]) if data.get("today") else None
    if problems:
        raise ConfigError(problems)
    return cfg
