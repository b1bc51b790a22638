"""What a Pelican run of one site knows about the platform, read once per process.

The build passes ``GOV_SRC``, ``GOV_SITE_ID``, ``GOV_INDEX_FILE`` and ``GOV_TODAY`` in
the Pelican settings; plugins ask this module instead of re-reading files.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from jiyue.platform_index import PlatformIndex
from jiyue.siteconfig import Platform, SiteConfig, load_platform


@lru_cache(maxsize=8)
def _platform(src: str) -> Platform:
    return load_platform(Path(src))


@lru_cache(maxsize=8)
def _index(path: str, mtime: float) -> PlatformIndex:
    return PlatformIndex.from_json(Path(path).read_text(encoding="utf-8"))


def platform(settings) -> Platform:
    return _platform(str(settings["GOV_SRC"]))


def site(settings) -> SiteConfig:
    return platform(settings).sites[settings["GOV_SITE_ID"]]


def index(settings) -> PlatformIndex:
    path = Path(settings["GOV_INDEX_FILE"])
    return _index(str(path), path.stat().st_mtime)


def today(settings) -> date:
    value = settings.get("GOV_TODAY")
    return date.fromisoformat(value) if value else date.today()


def is_gov_build(settings) -> bool:
    return bool(settings.get("GOV_SITE_ID"))
