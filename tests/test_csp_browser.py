"""The Content-Security-Policy and Subresource Integrity hold in a real browser (issue 9 part 4).

The demo platform is built for real (``jiyue.build.build``, gate included) and served on
127.0.0.1 by a threaded ``http.server`` that behaves like the nginx config of
``deploy/nginx/``: it sends the CSP header of ``jiyue.security.csp()`` (on top of the
``<meta http-equiv>`` policy in every page), ``nosniff``, answers a missing page with the
site's ``404.html`` and status 404, and lists no directory.

Each site is served under its real domain over HTTPS (Chromium maps ``www.jiangnan.gov.cn`` etc.
to the local server with ``--host-resolver-rules``; the certificate is a throw-away self-signed
one): the 404 page links the theme with absolute ``https://<domain>/`` URLs, and the policy's
``'self'`` must mean the site's own origin, as in production. Every other host resolves to
nothing, so no request leaves the machine.

Headless Chromium (Debian's, through Selenium) opens every page type of every site — home,
column, article, policy with interpretations, archived article, policy library, archive index,
sitemap, 404 — in normal mode and again after clicking 关怀版 and reloading, and reads the console
(``goog:loggingPrefs``): no message about the Content Security Policy, nothing "Refused to", no
integrity (SRI) failure, no uncaught script error; and ``elder.js`` really ran (``html.elder``
toggles and survives the reload). Two probe pages prove the test can fail: an inline
``<script>`` (and a script from a foreign host) must be refused and logged, and a theme script
with a wrong ``integrity`` must be blocked and logged.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from jiyue.build import build
from jiyue.security import csp
from jiyue.siteconfig import load_platform

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "site_src"
CHROMIUM = os.environ.get("JIYUE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("JIYUE_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-extensions", "--disable-quic", "--window-size=1280,900", "--lang=zh-CN")
VIOLATION_WORDS = ("content security policy", "refused to", "integrity")
ELDER_KEY = "jiyue-elder"


# ---------------------------------------------------------------------------------------------
# the served platform

class GovHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the site named by the Host header, with the platform's security headers."""

    roots: dict[str, Path] = {}
    policy: str = ""

    def log_message(self, *args):  # quiet
        pass

    def _root(self) -> Path | None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        return self.roots.get(host)

    def do_GET(self):  # noqa: N802 - http.server API
        root = self._root()
        if root is None:
            self.send_error(421, "Misdirected Request")
            return
        self.directory = str(root)
        if any(part.startswith(".") for part in self.path.split("?")[0].split("/") if part):
            self.send_error(404)  # hidden files (.jiyue …) are never served
            return
        super().do_GET()

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def list_directory(self, path):  # autoindex off
        self.send_error(404)
        return None

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        root = self._root()
        page = root / "404.html" if root is not None else None
        if code == 404 and page is not None and page.is_file():  # error_page 404 /404.html
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def _self_signed(tmp: Path, hosts: list[str]) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if not openssl:
        pytest.skip("openssl not installed (apt-get install openssl)")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    san = ",".join(f"DNS:{h}" for h in hosts)
    res = subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                          str(cert), "-days", "2", "-subj", "/CN=jiyue-test", "-addext", f"subjectAltName={san}"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return cert, key


PROBE_INLINE = "csp-probe-inline.html"
PROBE_SRI = "csp-probe-sri.html"


def _inject_probes(site_dir: Path) -> None:
    """Two pages that MUST produce console violations: they prove the assertions can fail."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    inline = home.replace("</body>", "<script>document.documentElement.setAttribute('data-inline-ran', '1');</script>"
                                      '<script src="https://evil.example.com/tracker.js"></script></body>', 1)
    assert inline != home
    (site_dir / PROBE_INLINE).write_text(inline, encoding="utf-8")
    marker = 'theme/js/elder.js" integrity="sha384-'
    assert marker in home, "the theme script carries an integrity hash"
    sri = home.replace(marker, marker + "AAAA", 1)  # a hash that cannot match
    (site_dir / PROBE_SRI).write_text(sri, encoding="utf-8")


@pytest.fixture(scope="module")
def platform_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("csp")
    out = tmp / "output"
    logs: list[str] = []
    result = build(str(SRC), out, log=logs.append)  # the real build, lint gate included
    assert result.code == 0, "\n".join(logs)
    platform = load_platform(SRC)
    hosts = platform.config.section("security").get("iframe_hosts", [])
    GovHandler.roots = {s.domain: out / sid for sid, s in platform.sites.items()}
    GovHandler.policy = csp(tuple(hosts))
    portal = platform.portal or next(iter(platform.sites.values()))
    _inject_probes(out / portal.id)
    cert, key = _self_signed(tmp, sorted(GovHandler.roots))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GovHandler, directory=str(out)))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"out": out, "platform": platform, "port": httpd.server_address[1], "portal": portal.id}
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser(platform_server, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    port = platform_server["port"]
    rules = [f"MAP {domain} 127.0.0.1:{port}" for domain in sorted(GovHandler.roots)]
    rules += ["EXCLUDE 127.0.0.1", "EXCLUDE localhost", "MAP * ~NOTFOUND"]
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.add_argument("--host-resolver-rules=" + ", ".join(rules))
    opts.add_argument("--ignore-certificate-errors")
    opts.accept_insecure_certs = True
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


# ---------------------------------------------------------------------------------------------
# pages and console

def page_kinds(out: Path, site_id: str) -> dict[str, str]:
    """Every page type of one site: kind -> path (only the kinds the site has)."""
    manifest = json.loads((out / ".jiyue" / site_id / "pages.json").read_text(encoding="utf-8"))["pages"]
    site = out / site_id

    def first(ptype, pred=lambda p, html: True):
        for path, info in sorted(manifest.items()):
            if info.get("type") == ptype and (site / path).is_file():
                html = (site / path).read_text(encoding="utf-8")
                if pred(path, html):
                    return path
        return None

    kinds = {
        "home": first("home"),
        "column": first("column"),
        "article": first("content", lambda p, h: "archive-banner" not in h and "policy-links" not in h),
        "policy with interpretations": first("content", lambda p, h: "policy-block-interpretations" in h),
        "archived page": first("content", lambda p, h: "archive-banner" in h),
        "policy library": first("policies", lambda p, h: p.endswith("index.html")),
        "archive index": first("archive"),
        "sitemap": first("sitemap"),
        "404": "no-such-page-for-csp-test.html",
    }
    return {k: v for k, v in kinds.items() if v}


def console(driver) -> list[dict]:
    return driver.get_log("browser")


def violations(entries: list[dict]) -> list[str]:
    bad = []
    for e in entries:
        msg = e.get("message", "")
        low = msg.lower()
        if any(w in low for w in VIOLATION_WORDS) or "uncaught" in low:
            bad.append(f"[{e.get('level')}] {msg}")
    return bad


def load(driver, url: str) -> None:
    driver.get(url)
    for _ in range(100):
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.05)


def elder_on(driver) -> bool:
    return bool(driver.execute_script("return document.documentElement.classList.contains('elder')"))


def click_elder(driver) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, "[data-elder-toggle]").click()


# ---------------------------------------------------------------------------------------------
# tests

def test_every_page_type_is_present(platform_server):
    out, platform = platform_server["out"], platform_server["platform"]
    seen = set()
    for sid in platform.sites:
        seen |= set(page_kinds(out, sid))
    expected = {"home", "column", "article", "policy with interpretations", "archived page", "policy library",
                "archive index", "sitemap", "404"}
    assert expected <= seen, f"the demo lacks page types {sorted(expected - seen)}"


def test_the_server_sends_the_policy(platform_server):
    import http.client

    port = platform_server["port"]
    domain = platform_server["platform"].sites[platform_server["portal"]].domain
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    for path, status in (("/index.html", 200), ("/missing.html", 404), ("/.jiyue/", 404)):
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
        conn.request("GET", path, headers={"Host": domain})
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == status, (path, resp.status)
        assert resp.getheader("Content-Security-Policy") == csp(
            tuple(platform_server["platform"].config.section("security").get("iframe_hosts", []))), path
        if status == 404 and path.endswith(".html"):
            assert "页面不存在".encode() in body, "the site's own 404 page"
        conn.close()


def test_no_csp_or_sri_violation_on_any_page(platform_server, browser):
    out, platform = platform_server["out"], platform_server["platform"]
    problems: list[str] = []
    visited = 0
    for sid, site in sorted(platform.sites.items()):
        base = f"https://{site.domain}/"
        load(browser, base)
        browser.execute_script(f"localStorage.removeItem('{ELDER_KEY}')")
        console(browser)  # drop what came before
        for kind, path in page_kinds(out, sid).items():
            url = base + path
            where = f"{sid} {kind} ({path})"
            # normal mode
            load(browser, url)
            visited += 1
            problems += [f"{where}, normal mode: {v}" for v in violations(console(browser))]
            if elder_on(browser):
                problems.append(f"{where}: elderly mode on before the button was clicked")
            # 关怀版: the button toggles html.elder (elder.js ran), the choice survives a reload
            click_elder(browser)
            if not elder_on(browser):
                problems.append(f"{where}: clicking 关怀版 did not set html.elder (elder.js did not run)")
            pressed = browser.execute_script(
                "return document.querySelector('[data-elder-toggle]').getAttribute('aria-pressed')")
            if pressed != "true":
                problems.append(f"{where}: aria-pressed is {pressed!r} in elderly mode")
            browser.refresh()
            visited += 1
            if not elder_on(browser):
                problems.append(f"{where}: elderly mode was not restored after a reload")
            problems += [f"{where}, elderly mode: {v}" for v in violations(console(browser))]
            click_elder(browser)  # back to normal for the next page
            if elder_on(browser):
                problems.append(f"{where}: clicking 标准版 did not leave elderly mode")
            problems += [f"{where}, leaving elderly mode: {v}" for v in violations(console(browser))]
    assert visited >= 2 * 8 * len(platform.sites) - 4
    assert not problems, f"{len(problems)} problem(s) in the browser:\n" + "\n".join(problems)


def test_an_inline_script_is_refused_and_logged(platform_server, browser):
    """The probe page carries an inline <script> and a script from a foreign host: the browser must
    refuse both and say so in the console — proof that the assertions above can fail."""
    site = platform_server["platform"].sites[platform_server["portal"]]
    load(browser, f"https://{site.domain}/{PROBE_INLINE}")
    found = violations(console(browser))
    assert any("inline script" in v.lower() for v in found), found
    assert any("evil.example.com" in v for v in found), found
    assert browser.execute_script("return document.documentElement.getAttribute('data-inline-ran')") is None, \
        "the inline script ran: the policy is not enforced"
    click_elder(browser)  # the theme's own script still works on that page
    assert elder_on(browser)
    click_elder(browser)


def test_a_tampered_theme_script_is_blocked_by_sri(platform_server, browser):
    site = platform_server["platform"].sites[platform_server["portal"]]
    load(browser, f"https://{site.domain}/")
    browser.execute_script(f"localStorage.removeItem('{ELDER_KEY}')")
    console(browser)
    load(browser, f"https://{site.domain}/{PROBE_SRI}")
    found = violations(console(browser))
    assert any("integrity" in v.lower() and "elder.js" in v for v in found), found
    click_elder(browser)
    assert not elder_on(browser), "elder.js ran although its integrity hash does not match"
