"""The govsite theme in a real browser: axe-core, elderly mode, reflow.

Renders the demo pages (conftest.build_demo), serves them over HTTP on 127.0.0.1 and
drives headless Chromium through Selenium:

- axe-core (every rule enabled by default, color-contrast included): no violation, in the
  normal and in the elderly mode (html.elder);
- elderly mode (ELD002/003/006): body text ≥ 18 px computed, line-height ≥ 1.3 × font size,
  every link and button at least 44×44 CSS px;
- no horizontal scrolling at 640 and 320 CSS px (ELD008), in both modes;
- the 关怀版 button works from the keyboard and the choice is remembered across pages.

Skipped when Chromium, chromedriver or axe-core is not installed, or when
JIYUE_SKIP_BROWSER=1.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from .conftest import REPO

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


def _find(*candidates):
    for c in candidates:
        if c and (os.path.isabs(c) and os.path.exists(c) or shutil.which(c)):
            return c if os.path.isabs(c) else shutil.which(c)
    return None


CHROME = _find(os.environ.get("CHROME_BIN"), "/usr/bin/chromium", "chromium", "chromium-browser",
               "google-chrome")
DRIVER = _find(os.environ.get("CHROMEDRIVER"), "/usr/bin/chromedriver", "chromedriver")


def _axe_source():
    candidates = [REPO / "node_modules" / "axe-core" / "axe.min.js"]
    try:
        import axe_selenium_python

        candidates.append(Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js")
    except ImportError:
        pass
    for c in candidates:
        if c.exists():
            return c.read_text(encoding="utf-8")
    return None


AXE = _axe_source()

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    os.environ.get("JIYUE_SKIP_BROWSER") == "1" or not (CHROME and DRIVER and AXE),
    reason="needs Chromium, chromedriver and axe-core (JIYUE_SKIP_BROWSER=1 skips)",
)]

PAGES = [
    "jiangnan/index.html",
    "jiangnan/zwdt/page/2.html",
    "jiangnan/zcwj/jzf-2026-3.html",
    "jiangnan/zcwj/jzf-2021-9.html",
    "jiangnan/zcwj/jzbf-2019-4.html",
    "jiangnan/zcjd/jd-yyhj.html",
    "jiangnan/hdjl/ly-1123.html",
    "jiangnan/sitemap.html",
    "jiangnan/archive/index.html",
    "jyj/index.html",
    "jyj/zcjd/index.html",
]

MEASURE = r"""
const body = getComputedStyle(document.body);
const fs = parseFloat(body.fontSize);
const lh = body.lineHeight === 'normal' ? null : parseFloat(body.lineHeight);
const small = [];
for (const el of document.querySelectorAll('a[href], button')) {
  const r = el.getBoundingClientRect();
  if (r.width < 44 || r.height < 44) {
    small.push(el.outerHTML.slice(0, 100) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
  }
}
const tooSmallText = [];
for (const el of document.querySelectorAll('main *, header *, footer *')) {
  if (!el.offsetParent || el.closest('.visually-hidden')) continue;
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const s = getComputedStyle(el);
  const f = parseFloat(s.fontSize);
  const l = s.lineHeight === 'normal' ? 1.2 * f : parseFloat(s.lineHeight);
  if (f < 18 || l < 1.3 * f) tooSmallText.push(el.tagName + '.' + el.className + ' ' + f + '/' + l);
}
return {fs: fs, lh: lh, small: small, tooSmallText: tooSmallText,
        scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth};
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(demo_dir):
    handler = functools.partial(_QuietHandler, directory=str(demo_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def driver():
    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--window-size=1280,900"):
        opts.add_argument(arg)
    opts.binary_location = CHROME
    d = webdriver.Chrome(service=Service(DRIVER), options=opts)
    d.set_script_timeout(60)
    yield d
    d.quit()


def _open(driver, url, elder: bool, width: int = 1280):
    driver.set_window_size(width, 900)
    driver.get(url)
    driver.execute_script("localStorage.setItem('jiyue-elder', arguments[0])", "1" if elder else "0")
    driver.get(url)
    assert driver.execute_script("return document.documentElement.classList.contains('elder')") is elder


def _axe(driver):
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])))"
        ".catch(e => done('axe error: ' + e));"
    )
    assert not isinstance(result, str), result
    return result


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_and_reflow(driver, server, page, elder):
    _open(driver, server + page, elder)
    assert _axe(driver) == []
    for width in (640, 320):
        driver.set_window_size(width, 900)
        m = driver.execute_script(MEASURE)
        assert m["width"] <= width
        assert m["scroll"] <= m["width"], f"horizontal scroll at {width}px: {m['scroll']} > {m['width']}"
    if elder:
        for width in (1280, 640, 320):
            driver.set_window_size(width, 900)
            m = driver.execute_script(MEASURE)
            assert m["fs"] >= 18, m  # ELD002
            assert m["lh"] is not None and m["lh"] >= 1.3 * m["fs"], m  # ELD003
            assert m["small"] == [], m["small"]  # ELD006
            assert m["tooSmallText"] == [], m["tooSmallText"]
        driver.set_window_size(320, 900)
        assert _axe(driver) == []


def test_elder_toggle_keyboard_and_memory(driver, server):
    _open(driver, server + PAGES[0], elder=False)
    button = driver.find_element(By.CSS_SELECTOR, "[data-elder-toggle]")
    assert button.get_attribute("aria-pressed") == "false" and button.text == "关怀版"
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # skip link
    driver.switch_to.active_element.send_keys(Keys.TAB)  # the button
    assert driver.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    assert driver.execute_script("return document.documentElement.classList.contains('elder')")
    assert button.get_attribute("aria-pressed") == "true" and button.text == "标准版"
    assert driver.execute_script("return localStorage.getItem('jiyue-elder')") == "1"
    fs = driver.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
    assert fs >= 18
    # remembered on the next page, before and after DOMContentLoaded
    driver.get(server + PAGES[2])
    assert driver.execute_script("return document.documentElement.classList.contains('elder')")
    button = driver.find_element(By.CSS_SELECTOR, "[data-elder-toggle]")
    assert button.get_attribute("aria-pressed") == "true" and button.text == "标准版"
    button.send_keys(Keys.SPACE)
    assert not driver.execute_script("return document.documentElement.classList.contains('elder')")
    assert driver.execute_script("return localStorage.getItem('jiyue-elder')") == "0"
    assert button.text == "关怀版"


def test_focus_is_visible(driver, server):
    _open(driver, server + PAGES[2], elder=False)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = driver.switch_to.active_element
    assert "skip-link" in skip.get_attribute("class")
    rect = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", skip)
    assert rect["left"] >= 0 and rect["width"] > 44 and rect["height"] >= 44  # shown on focus
    for _ in range(4):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        style = driver.execute_script(
            "const s = getComputedStyle(document.activeElement);"
            "return [s.outlineStyle, s.outlineWidth, s.backgroundColor, s.boxShadow];")
        assert style[0] != "none" and style[1] != "0px", style
