"""Driver factory: Debian's headless Chromium + chromedriver, or a remote WebDriver.

Local browsers are found at ``$JIYUE_CHROMIUM`` / ``$JIYUE_CHROMEDRIVER`` when set,
else at the Debian paths (/usr/bin/chromium, /usr/bin/chromedriver), else on PATH.
When either is missing, :class:`BrowserMissing` carries a Chinese message that says
exactly which file is missing and which Debian packages install it; the CLI prints it
and exits 2 (no traceback). Selenium Manager is never used: it would try to download
a driver, and the network here is closed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ENV_CHROMIUM = "JIYUE_CHROMIUM"
ENV_CHROMEDRIVER = "JIYUE_CHROMEDRIVER"

DEBIAN_CHROMIUM = "/usr/bin/chromium"
DEBIAN_CHROMEDRIVER = "/usr/bin/chromedriver"
APT_COMMAND = "sudo apt-get install chromium chromium-driver fonts-noto-cjk"

# Flags that work on this platform's machines (closed network, root, no GPU).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--force-device-scale-factor=1",
    "--lang=zh-CN",
    "--mute-audio",
    # One process instead of browser + renderer + GPU + network processes: the audit opens one
    # page at a time per browser, and without the inter-process traffic each page costs ~10 % less
    # CPU; with N browsers on N cores, 2 workers finish the same pages ~17 % sooner (bench/).
    "--single-process",
)

DEFAULT_WIDTH = 1280
DEFAULT_HEIGHT = 900


class BrowserMissing(RuntimeError):
    """Chromium or chromedriver is not installed (a setup error, exit 2)."""


class BrowserStartError(RuntimeError):
    """The browser or the remote WebDriver could not start a session (exit 2)."""


def missing_message(what: list[str]) -> str:
    lines = ["错误：浏览器审计需要 Chromium 和 chromedriver，但未找到："]
    lines += [f"  - {w}" for w in what]
    lines += [
        "",
        "请安装 Debian 软件包（chromium 为浏览器，chromium-driver 提供 chromedriver，",
        "fonts-noto-cjk 为中文字体，截图和字号测量需要）：",
        f"  {APT_COMMAND}",
        "",
        f"已安装在其他位置时，可用环境变量 {ENV_CHROMIUM} 和 {ENV_CHROMEDRIVER} 指定路径；",
        "或用 --webdriver-url URL 把审计交给远程 WebDriver（Selenium Grid）。",
    ]
    return "\n".join(lines)


def _locate(env: str, default: str, names: tuple[str, ...]) -> tuple[str | None, str]:
    """Return (path or None, description of where we looked)."""
    value = os.environ.get(env)
    if value:
        p = Path(value)
        if p.is_file() and os.access(p, os.X_OK):
            return str(p), value
        return None, f"{value}（由环境变量 {env} 指定，文件不存在或不可执行）"
    if Path(default).is_file() and os.access(default, os.X_OK):
        return default, default
    for n in names:
        found = shutil.which(n)
        if found:
            return found, found
    return None, f"{default}（PATH 中也没有 {'、'.join(names)}）"


def find_local_browser() -> tuple[str, str]:
    """(chromium, chromedriver) paths, or raise :class:`BrowserMissing`."""
    chromium, where_c = _locate(ENV_CHROMIUM, DEBIAN_CHROMIUM, ("chromium", "chromium-browser"))
    driver, where_d = _locate(ENV_CHROMEDRIVER, DEBIAN_CHROMEDRIVER, ("chromedriver",))
    missing = []
    if chromium is None:
        missing.append(f"Chromium 浏览器：{where_c}")
    if driver is None:
        missing.append(f"chromedriver：{where_d}")
    if missing:
        raise BrowserMissing(missing_message(missing))
    return chromium, driver  # type: ignore[return-value]


def check_setup(webdriver_url: str | None) -> None:
    """Raise BrowserMissing before any work when local browsers are needed and absent."""
    if not webdriver_url:
        find_local_browser()


@dataclass(eq=False)
class Browser:
    """One WebDriver session plus what must be cleaned up with it."""

    driver: object
    remote: bool
    profile_dir: str | None = None
    chrome_extra: dict = field(default_factory=dict)

    def close(self) -> None:
        try:
            self.driver.quit()
        except Exception:
            pass
        if self.profile_dir:
            shutil.rmtree(self.profile_dir, ignore_errors=True)


def _options(profile_dir: str | None, width: int, height: int, binary: str | None):
    from selenium.webdriver import ChromeOptions

    opts = ChromeOptions()
    if binary:
        opts.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--window-size={width},{height}")
    if profile_dir:
        opts.add_argument(f"--user-data-dir={profile_dir}")
    opts.page_load_strategy = "normal"
    opts.set_capability("unhandledPromptBehavior", "dismiss")
    return opts


def start_browser(
    webdriver_url: str | None = None,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    page_timeout: float = 60.0,
) -> Browser:
    """Start one headless Chromium session (local or on ``webdriver_url``)."""
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    if webdriver_url:
        # The remote end owns its browser and profile; a fresh profile per session
        # is the Grid's job, but a user-data-dir on *this* machine would be wrong there.
        opts = _options(None, width, height, None)
        try:
            driver = webdriver.Remote(command_executor=webdriver_url, options=opts)
        except WebDriverException as exc:
            raise BrowserStartError(
                f"错误：无法在远程 WebDriver {webdriver_url} 上启动 Chromium 会话：{_first_line(exc)}"
            ) from None
        except Exception as exc:  # connection refused, bad URL, ...
            raise BrowserStartError(
                f"错误：无法连接远程 WebDriver {webdriver_url}：{_first_line(exc)}"
            ) from None
        browser = Browser(driver=driver, remote=True)
    else:
        chromium, chromedriver = find_local_browser()
        profile = tempfile.mkdtemp(prefix="jiyue-audit-profile-")
        opts = _options(profile, width, height, chromium)
        try:
            driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)
        except WebDriverException as exc:
            shutil.rmtree(profile, ignore_errors=True)
            raise BrowserStartError(
                f"错误：无法启动 Chromium（{chromium}，驱动 {chromedriver}）：{_first_line(exc)}\n"
                f"请确认 chromium 与 chromium-driver 版本一致：{APT_COMMAND}"
            ) from None
        browser = Browser(driver=driver, remote=False, profile_dir=profile)
    driver.set_page_load_timeout(page_timeout)
    driver.set_script_timeout(page_timeout)
    return browser


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
