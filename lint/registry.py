"""The one rule registry: ``@rule(...)`` declares a rule, lookups select them.

A rule is one function with its metadata; its docstring is its documentation
(``## What it does``, ``## Why it matters``, ``## Example``) and is what
``python -m lint --explain ID`` prints. Ids are never reused: a retired id
stays in ``RETIRED``.
"""

from __future__ import annotations

import inspect
import re
from typing import Callable, Iterable

from lint.model import SEVERITIES, Rule

ID_RE = re.compile(r"^(GOV|COL|POL|ARC|SVC|CNT|LNK|A11Y|ELD|LNT)\d{3}$")
RETIRED: dict[str, str] = {}  # id -> why it was retired

REGISTRY: dict[str, Rule] = {}


def rule(*, id: str, title: str, severity: str, tags: Iterable[str], source: str, scope: str = "page",
         status: str = "stable") -> Callable:
    """Register the decorated function as a rule."""

    def decorate(fn: Callable) -> Callable:
        if not ID_RE.match(id):
            raise ValueError(f"bad rule id {id!r}")
        if id in REGISTRY or id in RETIRED:
            raise ValueError(f"rule id {id} is already used or retired")
        if severity not in SEVERITIES:
            raise ValueError(f"{id}: bad severity {severity!r}")
        if scope not in ("page", "site"):
            raise ValueError(f"{id}: bad scope {scope!r}")
        REGISTRY[id] = Rule(id=id, title=title, severity=severity, tags=tuple(tags), source=source,
                            scope=scope, check=fn, doc=inspect.getdoc(fn) or "", status=status)
        fn.rule_id = id
        return fn

    return decorate


CONTEXT_SETUP: list[Callable] = []


def context_setup(fn: Callable) -> Callable:
    """Register ``fn(ctx)``: it fills a Context's caches with platform-wide data once, in the
    parent, before the pages go to forked workers. The workers then share the result instead
    of each computing it again (and copying every page of the parent's memory it touches)."""
    CONTEXT_SETUP.append(fn)
    return fn


def declare(*, id: str, title: str, severity: str, tags: Iterable[str], source: str, doc: str,
            scope: str = "site") -> Rule:
    """Register a rule whose findings are produced elsewhere (the build, the archive
    verifier, the browser audit) so it has metadata, docs and selection like any other."""
    if id in REGISTRY:
        raise ValueError(f"rule id {id} is already used")
    REGISTRY[id] = Rule(id=id, title=title, severity=severity, tags=tuple(tags), source=source, scope=scope,
                        check=None, doc=inspect.cleandoc(doc))
    return REGISTRY[id]


def load_all() -> dict[str, Rule]:
    import lint.rules  # noqa: F401  (imports every family module)

    return REGISTRY


def _matches(rule: Rule, token: str) -> bool:
    token = token.strip()
    if not token:
        return False
    upper = token.upper()
    return rule.id == upper or rule.id.startswith(upper) or token.lower() in rule.tags


def select(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
           include_preview: bool = False) -> list[Rule]:
    """Rules chosen by id, id prefix (``GOV2``, ``A11Y``) or tag (``footer``)."""
    rules = load_all().values()
    sel = [s for s in (select or []) if s.strip()]
    ign = [s for s in (ignore or []) if s.strip()]
    chosen = []
    for r in rules:
        if r.status == "removed":
            continue
        if sel:
            if not any(_matches(r, s) for s in sel):
                continue
        elif r.status == "preview" and not include_preview:
            continue
        if any(_matches(r, s) for s in ign):
            continue
        chosen.append(r)
    return sorted(chosen, key=lambda r: r.id)


def unknown_tokens(tokens: Iterable[str]) -> list[str]:
    rules = load_all().values()
    return [t for t in tokens if t.strip() and not any(_matches(r, t) for r in rules)]
