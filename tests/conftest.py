"""Suite-wide test configuration.

Browser tests (marker ``browser``) need Debian's chromium and chromium-driver. When
they are missing the tests are skipped with the install command — unless
``JIYUE_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

INSTALL = "apt-get install chromium chromium-driver fonts-noto-cjk"


def _browser_missing() -> str | None:
    chromium = os.environ.get("JIYUE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("JIYUE_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver:
        return f"未找到 Chromium 或 chromedriver（{INSTALL}）"
    return None


def pytest_collection_modifyitems(config, items):
    missing = _browser_missing()
    if not missing:
        return
    if os.environ.get("JIYUE_REQUIRE_BROWSER") == "1":
        return  # CI: let the browser tests run and fail loudly
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=missing))
