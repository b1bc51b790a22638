"""POL: policy documents and their interpretations (政策文件, 政策解读); SVC005: the
设定依据 of a service guide linked to the policy it names.

References are resolved the way the build resolves them (``jiyue.platform_index``):
a DocNumber anywhere on the platform or a slug, so a department's interpretation of
the city's policy is checked across sites. The links themselves are checked on the
built pages (POL001, POL002, POL006, SVC005); the dates and references on the
Markdown sources (POL003, POL004, POL005). Pages linted without their sources
(``--html-dir``) get the page-only part of POL001, POL006 and SVC005.
"""

from __future__ import annotations

import re

from jiyue import workdays
from jiyue.metadata import INTERPRETATION_FORMS
from jiyue.platform_index import PlatformIndex, build_index
from lint.model import ERROR, WARNING
from lint.page import Hit
from lint.registry import context_setup, rule

SRC_LINKS = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十四条、附件1 解读关联; 南通市政府网站管理办法（通政办发〔2019〕89号）第八条"
SRC_RATIO = "宿迁市政府网站管理办法 附件1 解读比例; 宝鸡市政府网站管理办法 第十五条(三)"
SRC_LAG = "南通市政府网站管理办法（通政办发〔2019〕89号）第八条"
SRC_VALIDITY = "政府网站发展指引（国办发〔2017〕47号）文件资料"
SRC_SERVICE = "宿迁市政府网站管理办法 附件1 办事指南 5、加分指标 服务关联"

NON_TEXT_FORMS = tuple(f for f in INTERPRETATION_FORMS if f != "文字解读")
INVALID = ("已修改", "已废止", "已失效")
DOC_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]{1,16}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
    r"|[\u4e00-\u9fa5]{0,12}令\s*第\s*\d{1,4}\s*号")
BASIS_RE = re.compile(r"^(?:[一二三四五六七八九十\d]+\s*[、.．]\s*)?(?:设定依据|法律依据|办理依据|政策依据|实施依据)\s*[:：]?$")
NOTICE_VALIDITY_RE = re.compile(r"效力状态\s*[:：]?\s*(已修改|已废止|已失效)|"
                                r"本(?:文件|通知|办法|规定|意见|决定|方案|细则|规划)[^。；，]{0,20}?(已修改|已废止|已失效)")
HIDDEN_SEL = "[hidden], [aria-hidden=true], .visually-hidden, .sr-only, [style*='display:none'], " \
             "[style*='display: none'], [style*='visibility:hidden'], [style*='visibility: hidden']"


# --- the platform, as the build sees it ------------------------------------------------------

def interpretation_counts(records) -> dict[str, int]:
    """Published interpretations among ``records`` by InterpretationForm (default 文字解读),
    every form present, in the order of CONTRACT §2. 宿迁 附件1 加分指标 解读回应 counts the
    non-text forms: ``sum(counts[f] for f in NON_TEXT_FORMS)``."""
    counts = dict.fromkeys(INTERPRETATION_FORMS, 0)
    for r in records:
        if getattr(r, "kind", "") == "interpretation" and not getattr(r, "future", False):
            form = r.form or "文字解读"
            counts[form] = counts.get(form, 0) + 1
    return counts


_LAST: dict = {}  # the platform index of the last run: {"platform": Platform, "today": date, "index": …}


def policy_index(ctx) -> PlatformIndex:
    """Every article of the platform (all sites, from their sources), scanned once per
    run (the sites of one run share their Platform object)."""
    cached = getattr(ctx, "_pol_index", None)
    if cached is not None:
        return cached
    target = ctx.target
    index = None
    if ctx.platform is not None and target is not None and target.src_dir is not None:
        if _LAST.get("platform") is ctx.platform and _LAST.get("today") == ctx.today:
            index = _LAST["index"]
        else:
            try:
                index = build_index(ctx.platform, ctx.today)
            except Exception:  # a broken neighbour must not hide this site's findings
                index = None
            else:
                _LAST.update(platform=ctx.platform, today=ctx.today, index=index)
    if index is None:
        records = list(target.records) if target is not None else []
        domains = {target.site_id: target.site.domain} if target is not None and target.site is not None else {}
        index = PlatformIndex(records, [], domains)
    ctx._pol_index = index
    return index


@context_setup
def interpretations_of(ctx) -> dict[tuple[str, str], list]:
    """(policy site, policy url) → published interpretations of it, platform-wide."""
    cached = getattr(ctx, "_pol_interps", None)
    if cached is not None:
        return cached
    found = policy_index(ctx).interpretations_by_policy()
    ctx._pol_interps = found
    return found


def _main(page):
    return page.css_first("main") or page.body


def _link_targets(page, ctx, root) -> set[tuple[str, str]]:
    found = set()
    if root is None:
        return found
    for a in root.css("a[href]"):
        resolved = ctx.resolve(page.path, a.attributes.get("href") or "")
        if resolved is not None:
            found.add((resolved[0], resolved[1]))
    return found


def _source_hit(page, record, key: str, message: str, **extra) -> Hit:
    """A finding on this page whose cause is in the Markdown source (file + metadata line)."""
    h = page.hit(None, message, origin="source", **extra)
    h.file = record.source
    h.line = record.lines.get(key)
    return h


def _url(index, record, from_site: str) -> str:
    if record.site == from_site or record.site not in index.domains:
        return record.url
    return index.url_of(record, from_site)


def _cite(record) -> str:
    return f"《{record.title}》" + (f"（{record.doc_number}）" if record.doc_number else "")


# --- POL001 / POL002: linked both ways ---------------------------------------------------------

@rule(id="POL001", title="政策解读页面链接到所解读的政策文件", severity=ERROR, tags=("policy", "links"),
      source=SRC_LINKS)
def interpretation_links_policy(page, ctx):
    """## What it does
    On every built 政策解读 page, checks that ``<main>`` links to each policy the interpretation
    interprets (``Interprets``: 文号 or slug, several allowed, on any site of the platform) —
    normally in the theme's 原文件 block. A policy on another site must be linked with its
    absolute ``https://<domain>/…`` URL; the linter maps platform domains to their output.

    Without the sources (``--html-dir``), a content page whose ColumnType is 政策解读 must at
    least link a document it names (a link whose text or sentence cites 《…》, a 文号 or 原文).

    ## Why it matters
    宿迁 第十四条 requires interpretations to be 与被解读的政策文件相互关联, and 附件1 解读关联
    deducts 2 points for every sampled interpretation that does not link its policy; 南通 第八条
    says the same.

    ## Example
    ```
    Interprets: 江政发〔2026〕3号
    ```
    but the built page has no 原文件 block and no link to ``zcwj/2026-03-02-yhyshj.html``.
    Use instead: the govsite theme (``partials/_policy_links.html``), or a link in the text.
    """
    if page.type != "content":
        return
    main = _main(page)
    rec = page.record
    if rec is not None:
        if rec.kind != "interpretation" or rec.future:
            return
        index = policy_index(ctx)
        links = _link_targets(page, ctx, main)
        for ref in rec.interprets:
            policy = index.published_policy(ref, rec.site)
            if policy is None:
                continue  # POL003
            if (policy.site, policy.url) not in links:
                yield _source_hit(page, rec, "interprets",
                                  f"政策解读页面没有链接到所解读的政策文件{_cite(policy)}",
                                  anchor=policy.url, target=_url(index, policy, rec.site))
        return
    if page.meta("ColumnType") != "政策解读" or main is None:
        return
    if main.css_first(".policy-block-original a[href]") is not None:
        return
    for a in main.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")) or _in(a, "nav, .breadcrumb"):
            continue
        context = (a.parent.text(separator="") if a.parent is not None else "") + a.text(separator="")
        if "《" in context or DOC_NUMBER_RE.search(context) or "原文" in context or "解读文件" in context:
            return
    yield page.hit(page.css_first("h1") or main, "政策解读页面没有链接到所解读的政策文件（未找到指向原文件的链接）",
                   origin="page")


def _in(node, selector: str) -> bool:
    names = [s.strip() for s in selector.split(",")]
    cur = node.parent
    while cur is not None:
        tag = cur.tag or ""
        classes = (cur.attributes.get("class") or "").split() if tag and not tag.startswith("-") else []
        for n in names:
            if (n.startswith(".") and n[1:] in classes) or n == tag:
                return True
        cur = cur.parent
    return False


@rule(id="POL002", title="被解读的政策文件页面链接到每一篇解读", severity=ERROR, tags=("policy", "links"),
      source=SRC_LINKS)
def policy_links_interpretations(page, ctx):
    """## What it does
    On every built 政策文件 page, checks that ``<main>`` links to every published
    interpretation of that policy anywhere on the platform (a department's interpretation of
    the city's policy included) — normally in the theme's 相关解读 block. Needs the sources
    (it is the platform that knows which interpretations exist).

    ## Why it matters
    宿迁 附件1 解读关联: "该政策文件未与被抽查解读稿相关联的，每发现一处，扣2分"; 宿迁 第十四条
    and 南通 第八条 require policy and interpretation to be linked both ways.

    ## Example
    ``jyj/zcjd/ywjyjh-jd.md`` has ``Interprets: 江政办发〔2026〕25号`` (a portal policy), but
    ``www.jiangnan.gov.cn/zcwj/2026-08-18-ywjyjh.html`` does not link
    ``https://jyj.jiangnan.gov.cn/zcjd/2026-08-19-ywjyjh-jd.html``.
    Use instead: rebuild the portal with the govsite theme (its 相关解读 block lists them).
    """
    rec = page.record
    if page.type != "content" or rec is None or rec.kind != "policy" or rec.future:
        return
    interps = interpretations_of(ctx).get((rec.site, rec.url), [])
    if not interps:
        return
    index = policy_index(ctx)
    links = _link_targets(page, ctx, _main(page))
    for r in interps:
        if (r.site, r.url) not in links:
            where = "" if r.site == rec.site else f"（{r.site} 站点）"
            yield _source_hit(page, rec, "docnumber",
                              f"政策文件页面没有链接到它的解读《{r.title}》{where}",
                              anchor=r.url, target=_url(index, r, rec.site))


# --- POL003: references resolve ---------------------------------------------------------------

@rule(id="POL003", title="Interprets 指向已发布的政策文件", severity=ERROR, tags=("policy", "source"),
      source=SRC_LINKS, scope="site")
def interprets_resolves(site, ctx):
    """## What it does
    Every ``Interprets`` reference (and every ``SupersededBy``) of the site's articles must
    resolve to a *published* policy of the platform: a 文号 or a slug of an article in a column
    of kind ``policy``, not dated after the check date. The build already refuses references
    that resolve to nothing or to something that is not a policy (build error with file and
    line); the rule also reports a policy that is not published yet, and repeats the build's
    findings when the linter runs on its own.

    ## Why it matters
    An interpretation whose policy cannot be found cannot be linked to it (宿迁 第十四条,
    附件1 解读关联; 南通 第八条), and a link to an unpublished policy is a dead link.

    ## Example
    ```
    Interprets: 江政发〔2026〕33号      # no policy has this 文号
    ```
    Use instead: the exact DocNumber of the policy, e.g. ``江政发〔2026〕3号``.
    """
    if site.target.src_dir is None:
        return
    index = policy_index(ctx)
    for rec in site.target.records:
        if rec.future:
            continue
        refs = [("interprets", "Interprets", ref) for ref in rec.interprets]
        if rec.superseded_by:
            refs.append(("supersededby", "SupersededBy", rec.superseded_by))
        for key, name, ref in refs:
            target = index.resolve_policy(ref, rec.site)
            if target is None:
                message = f"{name} 引用的政策文件“{ref}”在平台上不存在"
            elif target.kind != "policy":
                message = f"{name} 引用的“{ref}”不是政策文件（位于 {target.site}/{target.column}）"
            elif target.future:
                message = f"{name} 引用的政策文件“{ref}”尚未发布（发布日期 {target.date[:10]} 晚于检查日期）"
            else:
                continue
            yield site.hit(message, page=rec.url, file=rec.source, line=rec.lines.get(key), anchor=ref)


# --- POL004: wide-impact policies are interpreted ---------------------------------------------

def _limit(ctx) -> int:
    value = ctx.setting("interpretation_workdays", 3)
    try:
        value = int(value)
    except (TypeError, ValueError):
        return 3
    return value if value >= 0 else 3


@rule(id="POL004", title="需要解读的政策文件有解读", severity=WARNING, tags=("policy", "source"),
      source=SRC_RATIO, scope="site")
def needed_interpretation_missing(site, ctx):
    """## What it does
    Reports every published policy of the site with ``NeedsInterpretation: yes`` that no
    published interpretation on the platform interprets. A policy that is 已废止 or 已失效 no
    longer needs one; a policy published less than ``interpretation_workdays`` working days
    ago (default 3, platform.toml ``[lint.settings]``) still has time.

    ## Why it matters
    宿迁 附件1 解读比例 deducts a point for every sampled wide-impact policy without an
    interpretation; 宝鸡 第十五条(三) says 涉及面广、社会关注度高的政策性文件必须同步发布解读材料.

    ## Example
    ```
    DocNumber: 江政办发〔2026〕31号
    NeedsInterpretation: yes          # and no article has Interprets: 江政办发〔2026〕31号
    ```
    Use instead: publish the interpretation with ``Interprets: 江政办发〔2026〕31号``.
    """
    if site.target.src_dir is None:
        return
    interps = interpretations_of(ctx)
    limit = _limit(ctx)
    for rec in site.target.records:
        if rec.kind != "policy" or rec.future or not rec.needs_interpretation or rec.validity in ("已废止", "已失效"):
            continue
        if interps.get((rec.site, rec.url)):
            continue
        if workdays.workdays_between(rec.datetime.date(), ctx.today) <= limit:
            continue
        yield site.hit(f"政策文件{_cite(rec)}标注需要解读（NeedsInterpretation），但平台上没有它的政策解读",
                       page=rec.url, file=rec.source, line=rec.lines.get("needsinterpretation"),
                       anchor=rec.doc_number or rec.url)


# --- POL005: interpretation within N working days ---------------------------------------------

@rule(id="POL005", title="政策解读在政策文件发布后规定工作日内发布（默认 3 个工作日）", severity=WARNING,
      tags=("policy", "source", "workdays"), source=SRC_LAG, scope="site")
def interpretation_late(site, ctx):
    """## What it does
    For every published interpretation of the site and every policy it interprets (on any
    site of the platform), counts the working days after the policy's publication date up to
    and including the interpretation's, per the official Chinese calendar — public holidays
    and make-up working days (调休) from the maintained ``chinese-calendar`` package, through
    ``jiyue.workdays``; years it does not know yet count Monday–Friday, with a note in the
    report. More than ``interpretation_workdays`` (platform.toml ``[lint.settings]``, default 3)
    is reported.

    ## Why it matters
    南通 第八条: 政策解读应与政策文件相互关联，于文件上网后三个工作日内发布.

    ## Example
    A policy published on Monday 2026-09-28 and its interpretation on Friday 2026-10-09: the
    National Day holiday (10-01 to 10-07) does not count, 09-29, 09-30, 10-08 and 10-09 do —
    4 working days, one too many. Published on Tuesday 2026-11-10 for a policy of Thursday
    2026-11-05, it is 3 working days across a weekend: on time.
    """
    if site.target.src_dir is None:
        return
    index = policy_index(ctx)
    limit = _limit(ctx)
    for rec in site.target.records:
        if rec.kind != "interpretation" or rec.future or not rec.date:
            continue
        for ref in rec.interprets:
            policy = index.published_policy(ref, rec.site)
            if policy is None or not policy.date:
                continue
            n = workdays.workdays_between(policy.datetime.date(), rec.datetime.date())
            if n > limit:
                yield site.hit(
                    f"政策解读在政策文件{_cite(policy)}发布（{policy.date[:10]}）后第 {n} 个工作日"
                    f"（{rec.date[:10]}）才发布，超过 {limit} 个工作日",
                    page=rec.url, file=rec.source, line=rec.lines.get("date"), anchor=ref,
                    workdays=n, limit=limit)


# --- POL006: validity label --------------------------------------------------------------------

def _visible_text(node) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(node.html or "")
    for hidden in tree.css(HIDDEN_SEL):
        hidden.decompose()
    body = tree.body
    return re.sub(r"\s+", "", body.text(separator=" ") if body is not None else "")


def _top_text(page, main) -> str:
    """Visible text at the top of <main>: everything before the article body (or, on pages
    built elsewhere, the heading and the 300 characters after it)."""
    html = main.html or ""
    m = re.search(r"<[a-z0-9]{1,20}[^<>]{0,2000}class=\"[^\"<>]{0,500}\barticle-body\b", html)
    from selectolax.lexbor import LexborHTMLParser

    if m:
        tree = LexborHTMLParser(html[:m.start()])
        return _visible_text(tree.body) if tree.body is not None else ""
    text = _visible_text(main)
    h1 = page.css_first("h1")
    title = re.sub(r"\s+", "", h1.text()) if h1 is not None else ""
    pos = text.find(title) if title else -1
    return text[: (pos + len(title) if pos >= 0 else 0) + 300]


@rule(id="POL006", title="已修改、已废止、已失效的政策文件醒目标注效力状态", severity=ERROR,
      tags=("policy", "validity"), source=SRC_VALIDITY)
def validity_label(page, ctx):
    """## What it does
    On the built page of a policy whose ``Validity`` is 已修改, 已废止 or 已失效, checks that
    this word is visible at the top of ``<main>`` — before the article body (the theme shows
    a ``.validity-label`` above the title and 效力状态 in the meta line). Text hidden with
    ``hidden``, ``aria-hidden``, ``display:none`` or a visually-hidden class does not count.
    Without the sources, a page that says 效力状态：已废止 or 本文件已废止 anywhere must say it
    at the top too.

    ## Why it matters
    47号文 文件资料: a document that is no longer in force must be labelled as such, so nobody
    applies a repealed rule; a label at the bottom of a long document is not seen.

    ## Example
    ```html
    <main><h1>关于印发《公共租赁住房管理办法》的通知</h1>
    <div class="article-body">…（全文）… <p>本文件已废止。</p></div></main>
    ```
    Use instead: ``Validity: 已废止`` and the govsite theme (【已废止】 above the title).
    """
    if page.type != "content":
        return
    main = _main(page)
    if main is None:
        return
    rec = page.record
    if rec is not None:
        if rec.kind != "policy" or rec.validity not in INVALID:
            return
        word = rec.validity
    else:
        m = NOTICE_VALIDITY_RE.search(re.sub(r"\s+", "", main.text(separator=" ")))
        label = main.css_first("[data-validity]")
        word = (label.attributes.get("data-validity") if label is not None else None) or (
            (m.group(1) or m.group(2)) if m else None)
        if word not in INVALID:
            return
    if word in _top_text(page, main):
        return
    h1 = page.css_first("h1") or main
    message = f"政策文件{word}，但页面顶部（正文之前）没有醒目标注“{word}”"
    if rec is not None:
        yield _source_hit(page, rec, "validity", message)
    else:
        yield page.hit(h1, message, origin="page")


# --- SVC005: 设定依据 linked to the policy --------------------------------------------------------

def cited_titles(text: str) -> list[tuple[int, int]]:
    """Outermost 《…》 spans of ``text`` (nesting-aware)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


def basis_nodes(root) -> list:
    """The nodes holding a guide's 设定依据: the siblings after a 设定依据 heading up to the
    next heading of the same or a higher level, or the other cells of a 设定依据 table row."""
    nodes = []
    for h in root.css("h2, h3, h4, h5, h6"):
        if not BASIS_RE.match(h.text(strip=True)):
            continue
        level = int(h.tag[1])
        sib = h.next
        while sib is not None:
            tag = sib.tag or ""
            if re.fullmatch(r"h[1-6]", tag) and int(tag[1]) <= level:
                break
            if tag and not tag.startswith("-"):
                nodes.append(sib)
            elif tag == "-text" and (sib.text_content or "").strip():
                nodes.append(sib)
            sib = sib.next
    for tr in root.css("tr"):
        cells = [c for c in tr.iter() if c.tag in ("th", "td")]
        if len(cells) >= 2 and BASIS_RE.match(cells[0].text(strip=True)):
            nodes.extend(cells[1:])
    return nodes


def _flatten(node, stop) -> list[tuple[str, bool, object]]:
    """(text, linked, element) for every text node under ``node``."""
    out = []
    items = [node] if node.tag == "-text" else node.traverse(include_text=True)
    for n in items:
        if n.tag != "-text":
            continue
        linked = False
        cur = n.parent
        while cur is not None:
            if cur.tag == "a" and (cur.attributes.get("href") or "").strip():
                linked = True
                break
            if cur.mem_id == stop.mem_id:
                break
            cur = cur.parent
        element = n.parent if n.parent is not None else node
        out.append((n.text_content or "", linked, element))
    return out


def basis_citations(root) -> list[dict]:
    """Documents named in the 设定依据 under ``root``: {text, linked, node}. A 《title》
    followed by （…文号…） is one citation; a bare 文号 is one too."""
    found = []
    for node in basis_nodes(root):
        pieces = _flatten(node, root)
        text = "".join(p[0] for p in pieces)
        mask: list[bool] = []
        owner: list = []
        for t, linked, el in pieces:
            mask += [linked] * len(t)
            owner += [el] * len(t)
        spans = []
        for s, e in cited_titles(text):
            m = re.match(r"\s*[（(]([^（）()]{0,60})[）)]", text[e:])
            if m:  # 《title》（文号 / 修正年份 …）: one citation, linked if any part is
                spans.append((s, e + m.end(), text[s:e]))
            else:
                spans.append((s, e, text[s:e]))
        for m in DOC_NUMBER_RE.finditer(text):
            if not any(s <= m.start() < e for s, e, _t in spans):
                spans.append((m.start(), m.end(), m.group(0)))
        for s, e, label in sorted(spans):
            found.append({"text": label, "full": text[s:e], "linked": any(mask[s:e]),
                          "node": owner[s] if s < len(owner) else node})
    return found


def basis_hrefs(root) -> list[str]:
    """Every link target inside the 设定依据 under ``root``."""
    hrefs = []
    for node in basis_nodes(root):
        if node.tag == "-text":
            continue
        links = node.css("a[href]")
        if node.tag == "a" and node.attributes.get("href"):
            links = [node] + list(links)
        hrefs += [(a.attributes.get("href") or "").strip() for a in links]
    return [h for h in hrefs if h]


_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔", "]": "〕", "］": "〕",
                           "】": "〕", ")": "〕", "）": "〕", "〈": "《", "〉": "》"})


def _norm_doc(value: str) -> str:
    return re.sub(r"〕第(\d)", r"〕\1", re.sub(r"\s+", "", value or "").translate(_BRACKETS))


def _norm_title(value: str) -> str:
    return re.sub(r"\s+", "", value or "").translate(_BRACKETS).strip("《》")


def _policy_lookup(ctx) -> dict:
    """Published policies of the platform by normalised 文号, full title and — when it names
    one document in force — the title of the document a notice 印发 (as gov_policy links them)."""
    cached = getattr(ctx, "_pol_lookup", None)
    if cached is not None:
        return cached
    by_key: dict[str, object] = {}
    inner: dict[str, list] = {}
    for r in policy_index(ctx).records:
        if r.kind != "policy" or r.future:
            continue
        if r.doc_number:
            by_key.setdefault("n:" + _norm_doc(r.doc_number), r)
        title = _norm_title(r.title)
        by_key.setdefault("t:" + title, r)
        for s, e in cited_titles(title):
            inner.setdefault("t:" + _norm_title(title[s:e]), []).append(r)
    for key, recs in inner.items():
        current = [r for r in recs if r.validity == "有效"] or recs
        if len(current) == 1:
            by_key.setdefault(key, current[0])
    ctx._pol_lookup = by_key
    return by_key


def _records_named(citation: dict, lookup: dict) -> list:
    """The platform policies a citation names (by its title or a 文号 in it)."""
    found = []
    label = citation["text"]
    if label.startswith("《"):
        rec = lookup.get("t:" + _norm_title(label))
        if rec is not None:
            found.append(rec)
    for m in DOC_NUMBER_RE.finditer(citation["full"]):
        rec = lookup.get("n:" + _norm_doc(m.group(0)))
        if rec is not None:
            found.append(rec)
    return found


@rule(id="SVC005", title="办事指南设定依据中的政策文件链接到原文", severity=WARNING, tags=("service", "links"),
      source=SRC_SERVICE)
def service_basis_linked(page, ctx):
    """## What it does
    In a 办事指南 (content page of a ``service`` column; without sources: ColumnType 办事服务),
    finds the 设定依据 (a ``设定依据`` heading's section, or a table row whose first cell is
    设定依据) and reports every document it names — a title in 《》 (with its （文号） if
    given) or a bare 文号 such as 江政发〔2026〕3号 — that is not linked. The build links a
    document that is a policy on the platform automatically (gov_policy, by 文号 or exact title);
    what remains is a document the platform does not have: link its official text (e.g. the
    national law database) or publish it in the policy library.

    ## Why it matters
    宿迁 附件1 办事指南 5 deducts for 办事指南中提到的政策文件仅有名称、未说明具体内容; the
    加分指标 服务关联 rewards guides whose 政策文件依据均准确关联至本网站政策文件库.

    ## Example
    ```markdown
    ## 设定依据

    《江南市人才安居办法》（江政发〔2019〕7号）第五条。   <!-- not on the platform, no link -->
    ```
    Use instead: ``[《江南市人才安居办法》（江政发〔2019〕7号）](https://…)``.
    """
    if page.type != "content":
        return
    rec = page.record
    if rec is not None:
        if rec.kind != "service":
            return
    elif page.meta("ColumnType") != "办事服务":
        return
    root = page.content_root or _main(page)
    if root is None:
        return
    citations = basis_citations(root)
    linked_pages: set[tuple[str, str]] = set()
    lookup: dict = {}
    if rec is not None and any(not c["linked"] for c in citations):
        lookup = _policy_lookup(ctx)
        for href in basis_hrefs(root):
            resolved = ctx.resolve(page.path, href)
            if resolved is not None:
                linked_pages.add((resolved[0], resolved[1]))
    for c in citations:
        if c["linked"]:
            continue
        if lookup and any((r.site, r.url) in linked_pages for r in _records_named(c, lookup)):
            continue  # the same policy is linked elsewhere in the 设定依据 (gov_policy links it once)
        why = "平台政策文件库中未找到该文件，请链接其原文" if rec is not None else "请链接到政策文件库中的原文"
        yield page.hit(c["node"], f"设定依据中的{c['text']}没有链接到文件原文（{why}）", anchor=c["text"])
