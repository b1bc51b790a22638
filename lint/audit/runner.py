"""Audit pages in N browsers: axe-core (normal mode) + elderly-mode measurements.

For each page, in one browser session:
 1. load it over http://127.0.0.1, wait for fonts and animations;
 2. axe-core with the configured tags (→ ``axe:<id>``) in normal mode; its color-contrast
    nodes are ELD004 (normal);
 3. [screenshot]; ELD008 at 640 CSS px (normal);
 4. click the elderly-mode entry; ELD002, ELD003, ELD005, ELD006 measured; axe
    color-contrast again (ELD004, elder); [screenshot]; ELD008 at 640 CSS px (elder) —
    all of step 4 is left out with ``elder=False`` (``--no-elder``);
 5. clear localStorage so the next page starts in normal mode.
Workers are threads, each owning one WebDriver session (WebDriver calls are I/O).
"""

from __future__ import annotations

import queue
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable

from lint.model import ERROR, Finding

from . import elderly
from .axe import AXE_URL_PATH, DEFAULT_TAGS, AxeError, AxeScript, run_axe, violation_findings
from .browser import DEFAULT_HEIGHT, DEFAULT_WIDTH, Browser, BrowserStartError, start_browser
from .pages import AuditPage

AUDIT_ERROR_RULE = "audit:error"


@dataclass
class AuditOptions:
    tags: tuple[str, ...] = DEFAULT_TAGS
    webdriver_url: str | None = None
    workers: int = 1
    screenshots: bool = False
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    elder: bool = True
    axe_via_url: bool = True  # load axe from the audit server's /__jiyue__/axe.js when it serves it

    def cache_options(self) -> dict:
        """What changes results (and so the cache key); workers and URL do not."""
        return {"tags": sorted(self.tags), "width": self.width, "height": self.height, "elder": self.elder}


@dataclass
class PageResult:
    page: AuditPage
    findings: list[Finding] = field(default_factory=list)
    screens: dict[str, str] = field(default_factory=dict)  # mode -> base64 PNG
    elder: dict = field(default_factory=dict)
    seconds: float = 0.0
    cached: bool = False
    error: str | None = None

    def to_cache(self) -> dict:
        return {
            "findings": [
                {"rule": f.rule, "severity": f.severity, "message": f.message, "source": f.source,
                 "site": f.site, "page": f.page, "line": f.line, "file": f.file, "extra": f.extra}
                for f in self.findings
            ],
            "screens": self.screens, "elder": self.elder, "seconds": self.seconds,
        }

    @classmethod
    def from_cache(cls, page: AuditPage, data: dict) -> "PageResult":
        return cls(page=page, findings=[Finding(**f) for f in data.get("findings", [])],
                   screens=data.get("screens") or {}, elder=data.get("elder") or {},
                   seconds=data.get("seconds", 0.0), cached=True)


def _color_contrast_in(tags) -> bool:
    return bool({"wcag2aa", "wcag143", "cat.color"} & set(tags))


def audit_one(browser: Browser, url: str, page: AuditPage, axe: AxeScript, opts: AuditOptions) -> PageResult:
    d = browser.driver
    t0 = time.monotonic()
    res = PageResult(page=page)
    site, rel, file = page.site, page.rel, page.file
    parts = urllib.parse.urlsplit(url)
    script_url = f"{parts.scheme}://{parts.netloc}{AXE_URL_PATH}" if opts.axe_via_url else None

    d.get(url)
    st = elderly.js(d, "state") or {}
    if st.get("elder"):  # a remembered choice from an earlier page: start from normal mode
        elderly.reset(d)
        d.get(url)
    elderly.settle(d)

    # -- normal mode (full width) -----------------------------------------------
    results = run_axe(d, axe, tags=opts.tags, script_url=script_url)
    res.findings += violation_findings(results, site, rel, file, mode="normal")
    m = elderly.Measurements()
    if _color_contrast_in(opts.tags):
        cc = [v for v in results.get("violations", []) if v["id"] == "color-contrast"]
        m.contrast["normal"] = cc[0]["nodes"] if cc else []
    else:
        r2 = run_axe(d, axe, rules=["color-contrast"], inject_first=False)
        m.contrast["normal"] = next((v["nodes"] for v in r2["violations"] if v["id"] == "color-contrast"), [])
    if opts.screenshots:
        d.execute_script("window.scrollTo(0, 0)")
        res.screens["normal"] = d.get_screenshot_as_base64()

    # -- elderly mode (full width) ----------------------------------------------
    # --no-elder: the elderly mode is not looked at; its measurements (ELD002/3/5/6) are not taken
    state = elderly.switch_on(d) if opts.elder else elderly.ElderState("skipped")
    res.elder = {"status": state.status, "entry": state.selector, "how": state.how, "note": state.note}
    if opts.elder:
        m.text, m.floating, m.targets = elderly.measure_elder(d)
    if state.status == "on":
        r3 = run_axe(d, axe, rules=["color-contrast"], inject_first=True, script_url=script_url)
        m.contrast["elder"] = next((v["nodes"] for v in r3["violations"] if v["id"] == "color-contrast"), [])
        if opts.screenshots:
            d.execute_script("window.scrollTo(0, 0)")
            res.screens["elder"] = d.get_screenshot_as_base64()
    elif opts.screenshots and opts.elder:
        res.screens["elder"] = res.screens.get("normal", "")

    # -- reflow at 640 CSS px: elderly mode first, then back to normal ------------
    elderly.set_viewport_width(d, elderly.REFLOW_WIDTH)
    try:
        if state.status == "on":
            m.reflow["elder"] = elderly.js(d, "reflow") or {}
            if not (not state.navigated and elderly.switch_off(d)):
                elderly.reset(d)
                d.get(url)
                elderly.settle(d)
        m.reflow["normal"] = elderly.js(d, "reflow") or {}
    finally:
        elderly.set_viewport_width(d, opts.width)

    res.findings += elderly.findings(m, state, site, rel, file)
    elderly.reset(d)
    res.seconds = round(time.monotonic() - t0, 3)
    return res


def error_result(page: AuditPage, message: str) -> PageResult:
    f = Finding(rule=AUDIT_ERROR_RULE, severity=ERROR, message=f"页面审计失败：{message}",
                source="jiyue 浏览器审计", site=page.site, page=page.rel, file=page.file,
                extra={"anchor": "audit-error"})
    return PageResult(page=page, findings=[f], error=message)


def _start(opts: AuditOptions) -> Browser:
    """A browser session; a start that fails is tried once more (two browsers starting at the
    same moment on a loaded machine can fail once) before the audit gives up."""
    try:
        return start_browser(opts.webdriver_url, opts.width, opts.height)
    except BrowserStartError:
        time.sleep(1.0)
        return start_browser(opts.webdriver_url, opts.width, opts.height)


def audit_pages(
    pages: list[AuditPage],
    url_of: Callable[[AuditPage], str],
    axe: AxeScript,
    opts: AuditOptions,
    on_result: Callable[[PageResult], None] | None = None,
) -> list[PageResult]:
    """Audit ``pages`` with ``opts.workers`` browsers. Raises BrowserStartError when no
    browser could be started at all."""
    from selenium.common.exceptions import WebDriverException

    if not pages:
        return []
    n_workers = max(1, min(opts.workers, len(pages)))
    todo: "queue.Queue[tuple[int, AuditPage] | None]" = queue.Queue()
    for item in enumerate(pages):
        todo.put(item)
    for _ in range(n_workers):
        todo.put(None)
    out: list[PageResult | None] = [None] * len(pages)
    done_q: "queue.Queue[tuple[str, Any]]" = queue.Queue()
    stop = threading.Event()
    live: set[Browser] = set()
    live_lock = threading.Lock()

    def worker() -> None:
        browser: Browser | None = None
        try:
            while not stop.is_set():
                item = todo.get()
                if item is None:
                    break
                idx, page = item
                result = None
                for _attempt in (1, 2):
                    try:
                        if browser is None:
                            browser = _start(opts)
                            with live_lock:
                                live.add(browser)
                        result = audit_one(browser, url_of(page), page, axe, opts)
                        break
                    except BrowserStartError:
                        raise
                    except AxeError as exc:
                        result = error_result(page, f"axe-core 运行出错：{str(exc).splitlines()[0][:300]}")
                        break
                    except WebDriverException as exc:
                        # the session may be dead (crash, timeout): start a fresh one and retry once
                        if browser is not None:
                            with live_lock:
                                live.discard(browser)
                            browser.close()
                            browser = None
                        msg = (getattr(exc, "msg", None) or str(exc) or type(exc).__name__).strip().splitlines()
                        result = error_result(page, f"{type(exc).__name__}: {msg[0][:300] if msg else ''}")
                    except Exception as exc:  # a bug in a measurement must not hide other pages
                        result = error_result(page, f"{type(exc).__name__}: {exc}")
                        break
                done_q.put(("result", (idx, result)))
        except BrowserStartError as exc:
            done_q.put(("fatal", exc))
        finally:
            if browser is not None:
                with live_lock:
                    live.discard(browser)
                browser.close()
            done_q.put(("exit", None))

    threads = [threading.Thread(target=worker, name=f"jiyue-audit-{i}", daemon=True) for i in range(n_workers)]
    for t in threads:
        t.start()
    exited = 0
    fatal: BrowserStartError | None = None
    try:
        while exited < n_workers:
            kind, payload = done_q.get()
            if kind == "exit":
                exited += 1
            elif kind == "fatal":
                fatal = fatal or payload
                stop.set()
                # drain the queue so the other workers finish
                try:
                    while True:
                        todo.get_nowait()
                except queue.Empty:
                    pass
                for _ in range(n_workers):
                    todo.put(None)
            else:
                idx, result = payload
                out[idx] = result
                if on_result:
                    on_result(result)
    except BaseException:
        # interrupted (Ctrl-C): end the browsers now rather than leave them running
        stop.set()
        with live_lock:
            for b in list(live):
                b.close()
        raise
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    if fatal is not None and not any(out):
        raise fatal
    if fatal is not None:
        # some browsers started, others did not: report the pages left undone
        for i, r in enumerate(out):
            if r is None:
                out[i] = error_result(pages[i], str(fatal).splitlines()[0])
    return [r for r in out if r is not None]
