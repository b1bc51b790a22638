"""ELD: elderly-friendly (适老化) rules that can be decided from the HTML and CSS alone.

ELD001 (the home page's 关怀版 entry, no third-party toolbar) and ELD007 (visible focus) are
static. ELD002–ELD006 and ELD008 need computed styles and layout: they are measured in the
browser by ``invoke audit`` (``lint/audit/elderly.py``) and are not registered here.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lint.model import ERROR, WARNING
from lint.page import mask, regions
from lint.registry import rule
from lint.rules.a11y import _norm, _subtree_text, unique

SLH = "《互联网网站适老化通用设计规范》（工信厅信管函〔2021〕67号）"

# --- ELD001 ----------------------------------------------------------------------------------

ENTRY_TEXT_RE = re.compile(r"关怀版|关怀模式|长者模式|长者版|适老版|适老模式|适老化模式|老年版|老年模式")
ENTRY_MAX_LEN = 12  # longer texts mentioning 适老化 are news headlines, not entries
THIRD_PARTY_ATTR_RE = re.compile(r"cloudbility|zcwza|ariareader|aria\.start|cniil_wza|jiaoben|(?<![a-z0-9])wza(?![a-z0-9])",
                                 re.I)
URL_IN_SCRIPT_RE = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+|[^"'`\s]*\.js(?:\?[^"'`\s]*)?)["'`]""")


def third_party_toolbar(url: str) -> bool:
    """A known third-party accessibility toolbar (无障碍工具条): cloudbility (*.cloudbility.cn),
    wza.* hosts, *zcwza*, assist.js, ariaReader, slh.* hosts, jiaoben*."""
    u = (url or "").strip()
    low = u.lower()
    if not u or low.startswith(("chrome-extension:", "moz-extension:", "safari-extension:")):
        return False  # injected by the browser that saved the page, not by the site
    if low.startswith(("http:", "https:", "//")):
        parts = urlsplit("http:" + u if u.startswith("//") else u)
        host = (parts.hostname or "").lower()
    else:
        parts = urlsplit(u)
        host = ""
    base = parts.path.lower().rsplit("/", 1)[-1]
    return bool(
        host.endswith("cloudbility.cn") or host.startswith(("wza.", "slh."))
        or "zcwza" in low or "ariareader" in low or "jiaoben" in low
        or re.fullmatch(r"assist(\.min)?\.js", base)
    )


def _name(node) -> str:
    attrs = node.attributes
    parts = [_subtree_text(node), attrs.get("aria-label") or "", attrs.get("title") or "",
             attrs.get("value") or "" if node.tag == "input" else "", attrs.get("alt") or ""]
    return _norm(" ".join(p for p in parts if p))


def _entry_is_third_party(node) -> bool:
    attrs = node.attributes
    for key in ("href", "onclick", "data-url", "id", "class"):
        value = attrs.get(key) or ""
        if not value:
            continue
        if key == "href" and third_party_toolbar(value):
            return True
        if THIRD_PARTY_ATTR_RE.search(value):
            return True
    return False


@rule(id="ELD001", title="首页有关怀版入口且不依赖第三方脚本", severity=ERROR, tags=("eld", "elderly"),
      source=f"2022年宿迁市政府网站工作要点 任务4; {SLH}")
def elder_entry(page, ctx):
    """## What it does
    On the home page, looks for the entry to the elderly mode: a link or button whose text (or
    ``aria-label``, ``title``, image ``alt``) says 关怀版、长者模式、适老版 or 老年版, or the theme's
    ``[data-elder-toggle]`` button. It is an error when there is none, when the page loads a known
    third-party accessibility toolbar (无障碍工具条) script — ``*.cloudbility.cn``, ``wza.*``,
    ``*zcwza*``, ``assist.js``, ``ariaReader``, ``slh.*``, ``jiaoben*`` — or when the only entry
    opens such a toolbar. Scripts injected by the browser that saved a page (``chrome-extension:``)
    are ignored. That the entry actually switches the mode is checked in the browser by
    ``invoke audit``.

    ## Why it matters
    2022年宿迁市政府网站工作要点 任务4 requires the 适老化 retrofit; the 适老化 design specification
    asks for an elderly mode the site provides itself. Toolbars loaded from a vendor's server
    are third-party code running on a government site, fail when that server is down, and
    typically inject ads or tracking.

    ## Example
    ```html
    <script src="https://cdn.cloudbility.cn/wza/assist.js"></script>
    <a href="javascript:void(0)" id="cniil_wza">无障碍</a>
    ```
    Use instead: ``<button type="button" data-elder-toggle>关怀版</button>`` toggling
    ``html.elder`` with the site's own script.
    """
    if page.type != "home":
        return
    body = page.body
    if body is None:
        return
    for node in page.css("script"):
        src = (node.attributes.get("src") or "").strip()
        urls = [src] if src else [m.group(1) for m in URL_IN_SCRIPT_RE.finditer(node.text() or "")]
        bad = next((u for u in urls if third_party_toolbar(u)), None)
        if bad:
            yield page.hit(node, f"首页加载了第三方无障碍工具条脚本 {bad}：关怀版应由网站自身实现，不依赖第三方脚本",
                           problem="third-party", url=bad)
    entries = []
    for node in unique(body.css("a, button, input, [role=button], [data-elder-toggle], [onclick]")):
        if "data-elder-toggle" in node.attributes:
            entries.append(node)
            continue
        if node.tag == "input" and (node.attributes.get("type") or "").lower() not in ("button", "submit", "image"):
            continue
        name = _name(node)
        if name and ENTRY_TEXT_RE.search(name) and len(re.sub(r"\s+", "", name)) <= ENTRY_MAX_LEN:
            entries.append(node)
    if not entries:
        yield page.hit(body, "首页没有关怀版（适老化）入口：应在页头提供文字为“关怀版”的按钮或链接", problem="no-entry")
        return
    if all(_entry_is_third_party(n) for n in entries):
        yield page.hit(entries[0], "首页的关怀版入口只打开第三方无障碍工具条：关怀版应由网站自身实现",
                       problem="third-party-entry")


# --- ELD007 ----------------------------------------------------------------------------------

@dataclass
class CssRule:
    selector: str
    decls: list[tuple[str, str]]  # (property, value) in order, lower-case
    line: int  # 1-based, in the stylesheet text
    important: frozenset[str] = frozenset()  # properties declared !important


@dataclass
class Sheet:
    rules: list[CssRule]
    imports: list[str]




def _strip_css_comments(css: str) -> str:
    """CSS without /* comments */ (blanked, newlines kept), in one linear pass."""
    out = []
    pos = 0
    while True:
        i = css.find("/*", pos)
        if i == -1:
            out.append(css[pos:])
            return "".join(out)
        j = css.find("*/", i + 2)
        end = len(css) if j == -1 else j + 2
        out.append(css[pos:i])
        out.append("".join("\n" if c == "\n" else " " for c in css[i:end]))
        pos = end
_GROUP_AT = {"media", "supports", "layer", "document", "-moz-document", "container", "scope"}
FOCUS_RE = re.compile(r":focus(?![-\w])")
FOCUS_VISIBLE_RE = re.compile(r":focus-visible(?![-\w])")
NOT_FOCUS_VISIBLE_RE = re.compile(r":not\(\s*:focus-visible\s*\)")
ZERO_RE = re.compile(r"^[+-]?0*\.?0+(px|em|rem|pt|%)?$")
PSEUDO_ELEMENT_RE = re.compile(r"::[\w-]+|:(?:before|after|first-line|first-letter)\b")
SHEET_CACHE: dict[str, tuple[int, int, Sheet]] = {}
FOCUSABLE = "a[href], area[href], button, input, select, textarea, summary, [tabindex]"
# what the inline checks of ELD007 look at: an outline in a style attribute, an onfocus handler
INLINE_FOCUS = "[style*=outline i], [onfocus]"
BLUR_RE = re.compile(r"\bblur\s*\(")


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def parse_css(text: str) -> Sheet:
    """A small, forgiving CSS reader: style rules (also inside @media/@supports), their
    declarations and line numbers, and @import URLs. Enough for what ELD007 needs."""
    css = _strip_css_comments(text or "")
    starts = [0] + [m.end() for m in re.finditer("\n", css)]
    rules: list[CssRule] = []
    imports: list[str] = []
    stack: list[str] = []  # "group" | "skip"
    i, n, seg = 0, len(css), 0
    while i < n:
        c = css[i]
        if c in "\"'":
            end = css.find(c, i + 1)
            i = n if end < 0 else end + 1
            continue
        if c == "{":
            prelude = css[seg:i].strip()
            if stack and stack[-1] == "skip":
                stack.append("skip")
            elif prelude.startswith("@"):
                name = prelude[1:].split(None, 1)[0].lower() if len(prelude) > 1 else ""
                stack.append("group" if name in _GROUP_AT else "skip")
            else:
                end = _block_end(css, i)
                offset = seg + (len(css[seg:i]) - len(css[seg:i].lstrip()))
                decls, important = _decls(css[i + 1:end], with_important=True)
                rules.append(CssRule(_norm_sel(prelude), decls, bisect.bisect_right(starts, offset), important))
                i = end + 1
                seg = i
                continue
            seg = i + 1
        elif c == "}":
            if stack:
                stack.pop()
            seg = i + 1
        elif c == ";":
            stmt = css[seg:i].strip()
            if stmt.lower().startswith("@import") and not stack:
                m = re.match(r"@import\s+(?:url\(\s*)?[\"']?([^\"')\s;]+)", stmt, re.I)
                if m:
                    imports.append(m.group(1))
            seg = i + 1
        i += 1
    return Sheet(rules, imports)


def _block_end(css: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(css):
        c = css[i]
        if c in "\"'":
            end = css.find(c, i + 1)
            if end < 0:
                return len(css)
            i = end + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(css)


def _norm_sel(sel: str) -> str:
    return re.sub(r"\s+", " ", sel).strip()


def _split_decls(body: str) -> list[str]:
    """Split declarations on ``;`` outside parentheses (``url(a;b)``), in one pass."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(body):
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif c == ";" and not depth:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def _decls(body: str, with_important: bool = False):
    out, important = [], set()
    for part in _split_decls(body):
        if ":" not in part:
            continue
        prop, value = part.split(":", 1)
        prop = prop.strip().lower()
        value, n = re.subn(r"!\s*important\s*$", "", value.strip(), flags=re.I)
        if n:
            important.add(prop)
        out.append((prop, value.strip().lower()))
    return (out, frozenset(important)) if with_important else out


def _split_selectors(sel: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in sel:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [s for s in out if s]


def specificity(sel: str) -> tuple[int, int, int]:
    """Selectors level 4 specificity, near enough: (ids, classes/attributes/pseudo-classes, types)."""
    s = re.sub(r":where\([^()]*\)", " ", sel)
    s = re.sub(r":(?:not|is|matches|-webkit-any|-moz-any|has)\(", " ", s).replace(")", " ")
    attrs = len(re.findall(r"\[[^\[\]]{0,300}\]", s))
    s = re.sub(r"\[[^\[\]]{0,300}\]", " ", s)
    pseudo_elements = len(PSEUDO_ELEMENT_RE.findall(s))
    s = PSEUDO_ELEMENT_RE.sub(" ", s)
    ids = len(re.findall(r"#[\w-]+", s))
    classes = len(re.findall(r"\.[\w-]+", s)) + len(re.findall(r":[\w-]+", s)) + attrs
    types = len(re.findall(r"(?:^|[\s>+~])([a-zA-Z][\w-]*)", s)) + pseudo_elements
    return ids, classes, types


def _outline_removed(decls: list[tuple[str, str]]) -> str | None:
    """The declaration that leaves no focus outline (the last outline declaration wins)."""
    state = None
    for prop, value in decls:
        if prop == "outline":
            tokens = value.split()
            if "none" in tokens or "transparent" in tokens or any(ZERO_RE.match(t) for t in tokens):
                state = f"outline: {value}"
            else:
                state = None
        elif prop == "outline-style":
            state = f"outline-style: {value}" if value in ("none", "hidden") else None
        elif prop == "outline-width":
            state = f"outline-width: {value}" if ZERO_RE.match(value) else None
        elif prop == "outline-color" and value == "transparent":
            state = f"outline-color: {value}"
    return state


def _other_indicator(decls: list[tuple[str, str]]) -> bool:
    """A visible focus style that is not an outline (outline: none cannot cancel it)."""
    for prop, value in decls:
        if value in ("none", "0", "initial", "unset", "inherit", "transparent") or ZERO_RE.match(value):
            continue
        if prop in ("box-shadow", "background", "background-color", "background-image"):
            return True
        if prop.startswith("border") and prop not in ("border-collapse", "border-spacing") \
                and not prop.endswith("-radius"):
            return True
        if prop in ("text-decoration", "text-decoration-line") and "underline" in value:
            return True
    return False


def _same_rule_replacement(decls: list[tuple[str, str]]) -> bool:
    return _other_indicator(decls) or any(
        p == "outline-offset" and not ZERO_RE.match(v) and v not in ("initial", "unset") for p, v in decls)


def _visible_outline(decls: list[tuple[str, str]]) -> bool:
    return any(p in ("outline", "outline-style", "outline-width") for p, _v in decls) and _outline_removed(decls) is None


@dataclass
class _FocusVisible:
    base: str
    spec: tuple[int, int, int]
    order: tuple
    other: bool  # shows focus with something else than an outline
    outline: bool  # sets a visible outline
    important: bool  # ... declared !important


def _last_compound(sel: str) -> str:
    return re.split(r"\s*[\s>+~]\s*", sel.strip())[-1] if sel.strip() else ""


def _covered(sel: str, rule_: CssRule, order: tuple, fvs: list[_FocusVisible]) -> bool:
    """Does a :focus-visible rule give the element of ``sel`` a visible focus despite ``rule_``?
    It must match the same element (same base selector, its last compound, or universal) and
    either show focus without an outline or win the cascade for ``outline``."""
    base = _norm_sel(FOCUS_RE.sub("", sel))
    spec = specificity(sel)
    removal_important = bool(rule_.important & {"outline", "outline-style", "outline-width", "outline-color"})
    for fv in fvs:
        if fv.base not in (base, _last_compound(base), "", "*"):
            continue
        if fv.other:
            return True
        if not fv.outline:
            continue
        if fv.important and not removal_important:
            return True
        if not removal_important and (fv.spec > spec or (fv.spec == spec and fv.order > order)):
            return True
    return False


def _focus_visible_rules(ordered: list[tuple[tuple, CssRule]]) -> list[_FocusVisible]:
    out = []
    for order, r in ordered:
        other, outline = _other_indicator(r.decls), _visible_outline(r.decls)
        if not (other or outline):
            continue
        for s in _split_selectors(r.selector):
            if FOCUS_VISIBLE_RE.search(s) and not NOT_FOCUS_VISIBLE_RE.search(s):
                out.append(_FocusVisible(_norm_sel(FOCUS_VISIBLE_RE.sub("", s)), specificity(s), order, other,
                                         outline, bool(r.important & {"outline", "outline-style", "outline-width"})))
    return out


def _offending(rule_: CssRule, order: tuple, fvs: list[_FocusVisible]) -> list[str]:
    """Selectors of the rule that remove the outline on :focus with nothing to replace it."""
    if _outline_removed(rule_.decls) is None or _same_rule_replacement(rule_.decls):
        return []
    bad = []
    for s in _split_selectors(rule_.selector):
        if not FOCUS_RE.search(s) or NOT_FOCUS_VISIBLE_RE.search(s):
            continue
        if not _covered(s, rule_, order, fvs):
            bad.append(s)
    return bad


def load_sheet(path: Path) -> Sheet | None:
    """A local stylesheet, parsed once per (path, mtime, size)."""
    try:
        st = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    key = str(path)
    hit = SHEET_CACHE.get(key)
    if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
        return hit[2]
    try:
        from jiyue.archive.charset import decode_css

        text, _enc = decode_css(path.read_bytes())
    except OSError:
        return None
    sheet = parse_css(text)
    SHEET_CACHE[key] = (st.st_mtime_ns, st.st_size, sheet)
    return sheet


def _local_path(ctx, page_path: str, href: str) -> tuple[str, Path] | None:
    """(path inside the site's output folder, that folder) of a linked stylesheet, else None."""
    if ctx is None or getattr(ctx, "target", None) is None:
        return None
    href = href.strip()
    if not href or href.lower().startswith(("data:", "chrome-extension:", "moz-extension:")):
        return None
    try:
        resolved = ctx.resolve(page_path, href)
    except Exception:  # a malformed URL is LNK's business
        return None
    if resolved is None:
        return None
    site_id, rel, _frag = resolved
    if rel.startswith("\x00"):
        return None
    root = (getattr(ctx, "roots", None) or {}).get(site_id) or ctx.target.out_dir
    return rel, root if isinstance(root, Path) else Path(root)


def _sheet_tree(root: Path, rel: str, seen: set[str]) -> list[tuple[str, Sheet]]:
    """A stylesheet and what it @imports, in cascade order (imported rules come first)."""
    if rel in seen or len(seen) >= 20:
        return []
    seen.add(rel)
    sheet = load_sheet(root / rel)
    if sheet is None:
        return []
    out = []
    for imp in sheet.imports:
        if re.match(r"^([a-z][\w+.-]*:|//)", imp, re.I):
            continue  # external: not fetched
        imp = imp.split("?", 1)[0].split("#", 1)[0]
        target = posixpath.normpath(imp.lstrip("/") if imp.startswith("/") else
                                    posixpath.join(posixpath.dirname(rel), imp))
        if not target.startswith(".."):
            out += _sheet_tree(root, target, seen)
    return out + [(rel, sheet)]


def _sources(page, ctx) -> list[tuple[object, str | None, int | None, Sheet]]:
    """Every stylesheet of the page in cascade order: (node, local path or None for a <style>
    block, page line of the block's first character or None, sheet)."""
    style_nodes = page.css("style")
    blocks = {}
    masked = mask(page.html, ("<!--", "<script")) if style_nodes else ""
    for k, (start, end) in enumerate(regions(masked, ("<style",)) if style_nodes else []):
        body_start = masked.find(">", start, end)
        body_end = masked.lower().rfind("</style", start, end)
        if body_start == -1:
            continue
        body_start += 1
        body_end = end if body_end < body_start else body_end
        if k < len(style_nodes):
            blocks[style_nodes[k].mem_id] = (page.line_at(body_start), page.html[body_start:body_end])
    out = []
    for node in page.css("link[href], style"):
        if node.tag == "style":
            first_line, text = blocks.get(node.mem_id, (None, node.text() or ""))
            out.append((node, None, first_line, parse_css(text)))
            continue
        if "stylesheet" not in (node.attributes.get("rel") or "").lower().split():
            continue
        out += [(node, shown, None, sheet) for shown, sheet in _sheets_of_link(ctx, page.path,
                                                                              node.attributes.get("href") or "")]
    return out


def _sheets_of_link(ctx, page_path: str, href: str) -> list[tuple[str, Sheet]]:
    """The local stylesheets a ``<link rel=stylesheet href>`` of a page brings in, remembered per
    folder and ``href`` for the run: the pages of a folder link the same sheets the same way."""
    if ctx is None:
        return []
    # "?v=2" or "#x" alone point at the page itself: remembered per page, not per folder
    key = (page_path if href.strip()[:1] in ("", "?", "#") else posixpath.dirname(page_path), href)
    cache = ctx.__dict__.setdefault("_eld_links", {})
    found = cache.get(key)
    if found is None:
        local = _local_path(ctx, page_path, href)
        found = cache[key] = _linked_sheets(ctx, local[1], local[0]) if local is not None else []
    return found


def _linked_sheets(ctx, root: Path, rel: str) -> list[tuple[str, Sheet]]:
    """``_sheet_tree(root, rel)``, read once per run (the context's lifetime): every page of a
    theme links the same stylesheets, and the output does not change while it is linted."""
    cache = ctx.__dict__.setdefault("_eld_sheets", {})
    found = cache.get((root, rel))
    if found is None:
        found = cache[root, rel] = _sheet_tree(root, rel, set())
    return found


_ANALYSED: dict[tuple, tuple] = {}


def _analyse(sources) -> list[tuple[int, int, CssRule, list[str]]]:
    """(source index, rule index, rule, offending selectors) — memoised for pages whose CSS is
    only linked stylesheets (every page of a theme shares them: analyse once, not per page)."""
    key = None
    if all(shown is not None for _n, shown, _l, _s in sources):
        key = tuple((shown, id(sheet)) for _n, shown, _l, sheet in sources)
        if key in _ANALYSED:
            return _ANALYSED[key][1]
    ordered = [((i, j), r) for i, (_n, _s, _l, sheet) in enumerate(sources) for j, r in enumerate(sheet.rules)]
    fvs = _focus_visible_rules(ordered)
    found = []
    for i, (_node, _shown, _first, sheet) in enumerate(sources):
        for j, r in enumerate(sheet.rules):
            bad = _offending(r, (i, j), fvs)
            if bad:
                found.append((i, j, r, bad))
    if key is not None:
        if len(_ANALYSED) > 256:
            _ANALYSED.clear()
        _ANALYSED[key] = (tuple(sheet for *_rest, sheet in sources), found)  # keeps ids alive
    return found


@rule(id="ELD007", title="焦点始终可见（不去除 outline 而不替代）", severity=WARNING, tags=("eld", "elderly", "wcag247"),
      source=f"{SLH}; WCAG 2.x 2.4.7 焦点可见")
def focus_visible(page, ctx):
    """## What it does
    Reads the page's CSS — ``<style>`` blocks, ``style`` attributes and the local stylesheets it
    links (and their local ``@import``s), read from the site's output folder — and reports a
    rule that sets ``outline: none`` / ``outline: 0`` (or ``outline-style: none``,
    ``outline-width: 0``) on a ``:focus`` selector without a replacement: ``box-shadow``,
    ``border``, ``outline-offset``, a background or an underline in the same rule, or a
    ``:focus-visible`` rule for the same element (same selector, its last part, or every
    element) that shows the focus with something other than an outline, or whose outline wins
    the cascade (higher specificity, or equal and later, or ``!important``).
    ``:focus:not(:focus-visible)`` is the recommended pattern and is not reported. Also reported:
    an inline ``style="outline:none"`` on a focusable element, and ``onfocus="this.blur()"``,
    which throws the focus away. External stylesheets are not fetched; only ``:focus`` rules are
    judged (a reset such as ``a { outline: none }`` is not reported).

    ## Why it matters
    Keyboard users — many older visitors among them — must see where they are on the page. WCAG
    2.x 2.4.7 焦点可见 (level AA) and the 适老化 design specification require a visible focus.

    ## Example
    ```css
    a:focus { outline: none; }
    ```
    Use instead: ``a:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; }``.
    """
    sources = _sources(page, ctx)
    for i, j, r, bad in _analyse(sources):
        node, shown, first_line, sheet = sources[i]
        if True:
            removed = _outline_removed(r.decls)
            selector = ", ".join(bad)
            if shown is None:
                origin = "content" if page.in_content(node) else "template"
                where = first_line + r.line - 1 if first_line else node
                yield page.hit(where, f"<style> 中的 {selector} 去除了焦点轮廓（{removed}），且没有替代的焦点样式",
                               origin=origin, problem="outline", selector=selector, anchor=selector)
            else:
                yield page.hit(node, f"样式表 {shown} 第 {r.line} 行的 {selector} 去除了焦点轮廓（{removed}），"
                                     f"且没有替代的焦点样式", problem="outline", css_file=shown, css_line=r.line,
                               selector=selector)
    for node in unique(page.css(FOCUSABLE)) if page.css_first(INLINE_FOCUS) is not None else ():
        style = node.attributes.get("style")
        if style and "outline" in style.lower():
            decls = _decls(style)
            removed = _outline_removed(decls)
            if removed and not _same_rule_replacement(decls):
                yield page.hit(node, f"元素的 style 属性去除了焦点轮廓（{removed}）", problem="inline-outline")
        onfocus = node.attributes.get("onfocus") or ""
        if BLUR_RE.search(onfocus):
            yield page.hit(node, f"元素获得焦点即失去焦点（onfocus=\"{onfocus.strip()}\"），键盘用户看不到焦点位置",
                           problem="blur")
