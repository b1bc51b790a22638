"""Browser-measured elderly-friendly (适老化) rules: ELD002–ELD006 and ELD008.

The static ELD rules (ELD001 entry present, ELD007 focus outline) belong to the linter.
Here the page is switched into its elderly mode the way a visitor does it — a click on
the theme's ``[data-elder-toggle]`` (关怀版) button, or for pages built elsewhere a link
or button whose text says 关怀版/长者模式/适老版/无障碍 — and then measured with the
browser's computed styles and layout boxes (see ``elderly.js``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint.model import ERROR, WARNING, Finding, Rule

JS = (Path(__file__).with_name("elderly.js")).read_text(encoding="utf-8")

MIN_FONT_PX = 18.0
MIN_LINE_RATIO = 1.3
MIN_TARGET_PX = 44.0
REFLOW_WIDTH = 640
MAX_EXAMPLES = 20

_SRC_SLH = "《互联网网站适老化通用设计规范》(工信厅信管函〔2021〕67号)"

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("ELD002", "关怀版模式下正文字号不小于 18px", ERROR, ("eld", "browser", "elderly"),
             f"{_SRC_SLH} web 1.2.3", "page", None,
             doc="## What it does\n在关怀版模式下测量每段可见文字的计算字号（computed font-size），"
                 "小于 18 CSS 像素即报告（上标、下标、注音除外）。\n\n"
                 "## Why it matters\n适老化规范要求关怀版正文字号不小于 18px，老年人才能看清。\n\n"
                 "## Example\n`html.elder body { font-size: 20px }`，但 `.note { font-size: 14px }` 未随之放大。"),
        Rule("ELD003", "关怀版模式下行高不小于字号的 1.3 倍", ERROR, ("eld", "browser", "elderly"),
             _SRC_SLH, "page", None,
             doc="## What it does\n在关怀版模式下测量每段可见文字的计算行高；行高小于字号的 1.3 倍，"
                 "或为 `normal`（浏览器按约 1.2 倍处理，未声明）时报告。\n\n"
                 "## Why it matters\n行距过密时放大的文字仍难以逐行阅读。\n\n"
                 "## Example\n`html.elder p { line-height: 1.1 }`"),
        Rule("ELD004", "常规与关怀版模式下文字对比度达标", ERROR, ("eld", "browser", "elderly", "wcag143"),
             f"{_SRC_SLH}；WCAG 1.4.3", "page", None,
             doc="## What it does\n分别在常规模式和关怀版模式下运行 axe-core 的 color-contrast 规则："
                 "文字对比度须不低于 4.5:1（大字号 3:1）。\n\n"
                 "## Why it matters\n关怀版常改变配色，对比度必须在两种模式下都达标。\n\n"
                 "## Example\n`html.elder .notice { color: #aaa }`（白底上约 2.3:1）"),
        Rule("ELD005", "关怀版模式下无不可关闭的浮动或弹出窗口", ERROR, ("eld", "browser", "elderly"),
             f"{_SRC_SLH} web 2.4.1", "page", None,
             doc="## What it does\n在关怀版模式下查找 position: fixed 的可见元素和打开的 <dialog>"
                 "（单个小型按钮如“回到顶部”除外），其中没有“关闭”控件（文字、aria-label 或 title 为"
                 "关闭/收起/×/close）的报告。\n\n"
                 "## Why it matters\n适老化规范禁止关怀版出现弹窗、浮窗和广告；任何浮动元素都必须能关闭。\n\n"
                 "## Example\n`<div style=\"position:fixed;right:0;bottom:0\">在线咨询……</div>` 无关闭按钮"),
        Rule("ELD006", "关怀版模式下链接和按钮不小于 44×44 CSS 像素", WARNING, ("eld", "browser", "elderly", "wcag255"),
             "《互联网网站适老化通用设计规范》App 2.1；WCAG 2.5.5", "page", None,
             doc="## What it does\n在关怀版模式下测量每个可见链接、按钮和表单控件的点击区域；宽或高小于 44 CSS "
                 "像素时报告。句中链接（行内元素且所在段落另有文字）按 WCAG 2.5.5 的例外不计；复选框、单选框"
                 "连同其 <label> 一起计算。\n\n"
                 "## Why it matters\n老年人手指点击精度低，过小的目标难以点中。\n\n"
                 "## Example\n导航中 `<a href=\"…\" style=\"font-size:12px;padding:0\">` 只有 30×17 像素"),
        Rule("ELD008", "640 CSS 像素宽（约 200% 缩放）时主要内容不出现水平滚动", WARNING,
             ("eld", "browser", "elderly", "wcag1410"),
             "WCAG 1.4.10；《宝鸡市政府网站管理办法》第十六条（响应式）", "page", None,
             doc="## What it does\n把视口宽度设为 640 CSS 像素（相当于 1280 像素宽窗口 200% 缩放），分别在常规"
                 "与关怀版模式下检查页面是否需要水平滚动，以及主要内容（<main>）中是否有需要水平滚动的区域。"
                 "数据表格、<pre> 代码块按 WCAG 1.4.10 例外不计。\n\n"
                 "## Why it matters\n放大页面的老年人无法同时左右滚动阅读每一行。\n\n"
                 "## Example\n`.content { width: 1000px }`"),
    )
}
# browser-observed fact reported under the linter's ELD001 id: the entry exists but does not work
ELD001_BROKEN = Rule("ELD001", "首页有关怀版入口且入口可用", ERROR, ("eld", "elderly"),
                     "宿迁 2022 要点 任务4；" + _SRC_SLH, "page", None,
                     doc="浏览器审计只在入口存在但点击后未进入关怀版时报告本规则；入口是否存在由静态检查负责。")

MODE_ZH = {"normal": "常规模式", "elder": "关怀版模式"}


def eld001_rule() -> Rule:
    """The linter's registered ELD001 (same title and source) when available."""
    try:
        from lint import registry

        return registry.load_all().get("ELD001") or ELD001_BROKEN
    except Exception:
        return ELD001_BROKEN


@dataclass
class ElderState:
    status: str  # "on" | "no-entry" | "failed" | "external" | "skipped" (--no-elder)
    how: str | None = None
    selector: str | None = None
    text: str | None = None
    note: str | None = None
    navigated: bool = False


@dataclass
class Measurements:
    text: dict = field(default_factory=dict)
    floating: list = field(default_factory=list)
    targets: dict = field(default_factory=dict)
    reflow: dict[str, dict] = field(default_factory=dict)  # mode -> reflow result
    contrast: dict[str, list] = field(default_factory=dict)  # mode -> color-contrast violation nodes


def js(driver, cmd: str, **opts) -> Any:
    return driver.execute_script(JS, cmd, opts)


_SETTLE_JS = r"""
var done = arguments[arguments.length - 1];
var finished = false;
function finish() { if (finished) return; finished = true;
  requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); }); }
var waits = [];
try {
  // getAnimations() flushes style, so transitions started by a class change show up here
  (document.getAnimations ? document.getAnimations() : []).forEach(function (a) {
    var t = a.effect && a.effect.getTiming ? a.effect.getTiming() : null;
    if (a.playState === 'running' && t && t.iterations !== Infinity) waits.push(a.finished.catch(function () {}));
  });
} catch (e) {}
try { if (document.fonts && document.fonts.status !== 'loaded') waits.push(document.fonts.ready); } catch (e) {}
if (!waits.length) { void document.documentElement.offsetWidth; finished = true; done(true); return; }
setTimeout(finish, arguments[0]);
Promise.all(waits).then(finish, finish);
"""


def settle(driver, max_ms: int = 1500) -> None:
    """Wait for web fonts, finite CSS transitions/animations and two frames."""
    try:
        driver.execute_async_script(_SETTLE_JS, max_ms)
    except Exception:
        time.sleep(0.05)


def switch_on(driver) -> ElderState:
    """Turn the elderly mode on the way a visitor does: click its entry."""
    from selenium.common.exceptions import WebDriverException

    entry = js(driver, "entry")
    if not entry:
        return ElderState("no-entry")
    state = ElderState("failed", how=entry.get("how"), selector=entry.get("selector"), text=entry.get("text"))
    if entry.get("external"):
        state.status = "external"
        state.note = f"入口链接到其他网站（{entry.get('href')}），未跟随"
        return state
    before = driver.current_url
    el = entry["element"]
    try:
        el.click()
    except WebDriverException as exc:
        # covered by an overlay or not interactable: a visitor could not click it either
        state.note = f"无法点击关怀版入口：{type(exc).__name__}"
        return state
    if entry.get("navigates"):
        # the entry leads to the elderly version of the page (pages built elsewhere)
        for _ in range(50):
            try:
                if driver.execute_script("return document.readyState") == "complete":
                    break
            except WebDriverException:
                pass
            time.sleep(0.05)
    settle(driver)
    st = js(driver, "state") or {}
    if st.get("elder"):
        state.status = "on"
    elif entry.get("navigates") and st.get("url") != before:
        state.status = "on"
        state.navigated = True
    else:
        state.note = "点击关怀版入口后 <html> 未加上 class=\"elder\""
    return state


def switch_off(driver) -> bool:
    """Back to normal mode as a visitor would: click the entry again. True when it worked."""
    from selenium.common.exceptions import WebDriverException

    entry = js(driver, "entry")
    if not entry or entry.get("navigates"):
        return False
    try:
        entry["element"].click()
    except WebDriverException:
        return False
    settle(driver)
    return not (js(driver, "state") or {}).get("elder")


def set_viewport_width(driver, width: int) -> None:
    """Resize the window so that window.innerWidth == width (CSS px)."""
    size = driver.get_window_size()
    inner = driver.execute_script("return window.innerWidth")
    delta = size["width"] - inner
    driver.set_window_size(width + delta, size["height"])
    for _ in range(3):
        inner = driver.execute_script("return window.innerWidth")
        if inner == width:
            break
        size = driver.get_window_size()
        driver.set_window_size(size["width"] + (width - inner), size["height"])
    settle(driver, 500)


def measure_elder(driver) -> tuple[dict, list, dict]:
    text = js(driver, "text", minPx=MIN_FONT_PX, minRatio=MIN_LINE_RATIO) or {}
    floating = js(driver, "floating") or []
    targets = js(driver, "targets", minPx=MIN_TARGET_PX) or {}
    return text, floating, targets


def reset(driver) -> None:
    try:
        js(driver, "reset")
    except Exception:
        pass


# ---------------------------------------------------------------------------
# findings

def _examples(items: list[dict], key: str = "selector") -> list[str]:
    return [i.get(key, "") for i in items[:MAX_EXAMPLES]]


def findings(m: Measurements, elder: ElderState, site: str | None, page: str | None,
             file: str | None = None) -> list[Finding]:
    out: list[Finding] = []
    common = {"elder_mode": elder.status}
    if elder.how:
        common["elder_entry"] = elder.selector
    mode_label = "关怀版模式" if elder.status == "on" else "页面（未能进入关怀版模式，按原样测量）"

    def add(rule_id: str, message: str, **extra: Any) -> None:
        r = RULES[rule_id]
        ex = dict(common)
        ex.update(extra)
        out.append(Finding(rule=rule_id, severity=r.severity, message=message, source=r.source,
                           site=site, page=page, file=file, extra=ex))

    if elder.status in ("failed",) and elder.how:
        r1 = eld001_rule()
        out.append(Finding(
            rule="ELD001", severity=r1.severity,
            message=f"关怀版入口 {elder.selector} 不起作用：{elder.note or '点击后未进入关怀版'}",
            source=r1.source, site=site, page=page, file=file,
            extra=dict(common, measured=True, anchor=elder.selector or ""),
        ))

    t = m.text or {}
    small = t.get("small") or []
    if small:
        worst = min(small, key=lambda s: s["fontSize"])
        add("ELD002",
            f"{mode_label}下有 {len(small)} 处文字字号小于 18px（最小 {worst['fontSize']}px，如 {worst['selector']}）",
            selectors=_examples(small), count=len(small), items=small[:MAX_EXAMPLES],
            min_font_px=t.get("minFontSize"), body_font_px=t.get("bodyFontSize"), anchor="ELD002")
    tight = t.get("tight") or []
    if tight:
        first = tight[0]
        add("ELD003",
            f"{mode_label}下有 {len(tight)} 处文字行高小于字号的 1.3 倍（如 {first['selector']}："
            f"字号 {first['fontSize']}px，行高 {first['lineHeight']}）",
            selectors=_examples(tight), count=len(tight), items=tight[:MAX_EXAMPLES], anchor="ELD003")

    for mode in ("normal", "elder"):
        nodes = m.contrast.get(mode)
        if not nodes:
            continue
        label = MODE_ZH[mode] if (mode == "normal" or elder.status == "on") else mode_label
        sels = [" >>> ".join(n.get("target") or []) for n in nodes]
        ratio = (nodes[0].get("data") or {}).get("contrastRatio")
        exp = (nodes[0].get("data") or {}).get("expectedContrastRatio")
        detail = f"：{ratio}:1，应不低于 {exp}" if ratio is not None and exp else ""
        add("ELD004", f"{label}下有 {len(nodes)} 处文字对比度不足（如 {sels[0]}{detail}）",
            mode=mode, selectors=sels[:MAX_EXAMPLES], count=len(nodes),
            contrast=[n.get("data") for n in nodes[:MAX_EXAMPLES]], anchor=f"ELD004:{mode}")

    unclosable = [f for f in (m.floating or []) if not f.get("closable")]
    if unclosable:
        add("ELD005",
            f"{mode_label}下有 {len(unclosable)} 个无法关闭的浮动/弹出元素（如 {unclosable[0]['selector']}"
            f"「{unclosable[0].get('text', '')[:20]}」）",
            selectors=_examples(unclosable), count=len(unclosable), items=unclosable[:MAX_EXAMPLES], anchor="ELD005")

    tg = m.targets or {}
    small_t = tg.get("small") or []
    if small_t:
        f0 = small_t[0]
        add("ELD006",
            f"{mode_label}下有 {len(small_t)} 个链接或按钮小于 44×44 CSS 像素（如 {f0['selector']}："
            f"{f0['width']}×{f0['height']}）",
            selectors=_examples(small_t), count=len(small_t), items=small_t[:MAX_EXAMPLES],
            targets=tg.get("count"), anchor="ELD006")

    for mode in ("normal", "elder"):
        rf = m.reflow.get(mode)
        if not rf:
            continue
        if rf.get("pageScrolls") or rf.get("inner"):
            label = MODE_ZH[mode] if (mode == "normal" or elder.status == "on") else mode_label
            items = (rf.get("offenders") or []) + (rf.get("inner") or [])
            what = (f"页面宽 {rf.get('scrollWidth')}px，需要水平滚动" if rf.get("pageScrolls")
                    else "主要内容中有需要水平滚动的区域")
            add("ELD008", f"{label}在 640 CSS 像素宽时{what}（如 {items[0]['selector']}）",
                mode=mode, selectors=_examples(items), count=len(items), scroll_width=rf.get("scrollWidth"),
                viewport_width=rf.get("innerWidth"), anchor=f"ELD008:{mode}")
    return out
