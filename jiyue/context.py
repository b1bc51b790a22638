"""What a Pelican run of one site knows about the platform, read once per process.

The build passes ``GOV_SRC``, ``GOV_SITE_ID``, ``GOV_INDEX_FILE`` and ``GOV_TODAY`` in
the Pelican settings; plugins ask this module instead of re-reading files.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from jiyue.platform_index import PlatformIndex
from jiyue.siteconfig import Platform, SiteConfig, load_platform


@lru_cache(maxsize=8)
def _platform(src: str) -> Platform:
    return load_platform(Path(src))


_INDEXES: dict[tuple[str, int], PlatformIndex] = {}  # (GOV_INDEX_FILE, its mtime_ns) → index
_GIVEN: dict[str, PlatformIndex] = {}  # GOV_INDEX_FILE → the index it is written from (remember_index)


def _index(path: str, mtime_ns: int) -> PlatformIndex:
    found = _INDEXES.get((path, mtime_ns))
    if found is None:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        found = _INDEXES[(path, mtime_ns)] = PlatformIndex.from_json(Path(path).read_text(encoding="utf-8"))
    return found


def remember_index(path: Path, index: PlatformIndex) -> None:
    """``index`` is what the file at ``path`` holds, or is about to hold (a new staging tree):
    the build process hands it to the Pelican runs it forks instead of having them parse it."""
    _GIVEN.clear()
    _GIVEN[str(path)] = PlatformIndex(index.records, [], dict(index.domains))


def platform(settings) -> Platform:
    return _platform(str(settings["GOV_SRC"]))


def site(settings) -> SiteConfig:
    return platform(settings).sites[settings["GOV_SITE_ID"]]


def index(settings) -> PlatformIndex:
    path = str(settings["GOV_INDEX_FILE"])
    given = _GIVEN.get(path)
    return given if given is not None else _index(path, os.stat(path).st_mtime_ns)


def today(settings) -> date:
    value = settings.get("GOV_TODAY")
    return date.fromisoformat(value) if value else date.today()


def is_gov_build(settings) -> bool:
    return bool(settings.get("GOV_SITE_ID"))
