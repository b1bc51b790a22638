"""Fixtures for the browser-audit tests.

Tests marked ``browser`` drive Debian's real headless Chromium through chromedriver
(no mocks). Where Chromium or chromedriver is missing they are skipped with the
install command — except with ``JIYUE_REQUIRE_BROWSER=1`` (set by .ci/run, which
installs both) or ``CI`` set, where that is a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[2]
_HERE = Path(__file__).resolve().parent
for _p in (_REPO, _HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from audit_helpers import PAGES, run_cli  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (Debian chromium + chromedriver)")


def _browser_available() -> str | None:
    from lint.audit.browser import BrowserMissing, find_local_browser

    try:
        find_local_browser()
    except BrowserMissing as exc:
        return str(exc)
    return None


@pytest.fixture(scope="session")
def need_browser():
    missing = _browser_available()
    if missing:
        if os.environ.get("JIYUE_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing.splitlines()[0] + " — sudo apt-get install chromium chromium-driver fonts-noto-cjk")


@pytest.fixture(scope="session")
def pages_dir() -> Path:
    return PAGES


def _shared_run(tmp_path_factory, name: str, args: list[str]):
    """Run the audit once per test session, even under pytest-xdist (workers share the
    result through a file in the session's common temp folder, guarded by a lock)."""
    import fcntl
    import json

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    done = root / f"audit-{name}.result.json"
    with open(root / f"audit-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            saved = json.loads(done.read_text(encoding="utf-8"))
            return saved["rc"], saved["data"]
        report = root / f"audit-{name}.report.json"
        rc, data = run_cli(args + ["--format", "json"], report)
        done.write_text(json.dumps({"rc": rc, "data": data}, ensure_ascii=False), encoding="utf-8")
        return rc, data


@pytest.fixture(scope="session")
def planted_2workers(need_browser, tmp_path_factory):
    return _shared_run(tmp_path_factory, "planted-2", ["--html-dir", str(PAGES), "--site", "pages",
                                                        "--workers", "2", "--no-cache"])


@pytest.fixture(scope="session")
def planted_1worker(need_browser, tmp_path_factory):
    return _shared_run(tmp_path_factory, "planted-1", ["--html-dir", str(PAGES), "--site", "pages",
                                                        "--workers", "1", "--no-cache"])
