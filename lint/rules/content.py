"""CNT: content safety (内容安全) and the three-step review (三审).

Personal data (CNT001–CNT003) is looked for in the text that comes from Markdown
(the article body and its title) and in every published attachment that carries
text (.txt, .csv, .xlsx, .docx, .pdf — ``lint.attachments``); attachments are read
once per site, when the rule visits the home page, and reported with ``page`` =
the attachment's path. Ads (CNT004), external hosts (CNT005) and mixed content
(CNT007) are page-wide; the expression dictionary (CNT006) and unsafe markup
(CNT009) look at content only. CNT008 reads the Markdown metadata.

On pages built elsewhere (``--html-dir``), "content" is ``.article-body`` when the
page has one, else ``<main>`` (else ``<body>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from lint import attachments, guide, pii
from lint.memo import per_text
from lint.model import ERROR, INFO, WARNING
from lint.page import Hit
from lint.registry import rule
from lint.rules.a11y import unique

SRC_PRIVACY = "宝鸡市政府网站管理办法 第十三条(二)（不得公开公民身份证、联系方式等个人隐私信息）"
SRC_ADS = "宝鸡市政府网站管理办法 第十三条(二)、第三十条（不得刊登商业广告）; 互联网网站适老化通用设计规范（工信厅信管函〔2021〕67号）"
SRC_HOSTS = "宝鸡市政府网站管理办法 第三十条（不得与不良网站、非法网站建立链接）"
SRC_EXPRESSIONS = ("宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十三条; 国办秘函〔2019〕19号 单项否决（严重表述错误）; "
                   "新华社新闻信息报道中的禁用词和慎用词（2016年7月修订）")
SRC_MIXED = "网络安全（HTTPS 页面不加载 HTTP 资源，W3C Mixed Content）; 宿迁市政府网站管理办法 第二十三条"
SRC_REVIEW = ("宿迁市政府网站管理办法（宿政办发〔2021〕15号）第十三条; 南通市政府网站管理办法（通政办发〔2019〕89号）第十五条; "
              "宝鸡市政府网站管理办法 第十七条")
SRC_SCRIPT = "网络安全（内容不得携带脚本，防范跨站脚本攻击）; 宿迁市政府网站管理办法 第二十四条"

MAX_PER_PAGE = 50  # personal-data findings per page and kind
MAX_PER_ATTACHMENT = 20  # per attachment and kind; the rest is counted in one more finding

# --------------------------------------------------------------------------------------------
# where content is


def content_nodes(page) -> list[tuple[object, str]]:
    """(node, origin) of the parts of a page that come from Markdown: the title (h1) and
    the article body; for pages built elsewhere, <main> (or <body>). Theme-generated
    pages (home, column, sitemap) have none: their texts are other pages' titles."""
    root = page.content_root
    if root is not None:
        out = []
        h1 = page.css_first("main h1") or page.css_first("h1")
        if h1 is not None and not page.in_content(h1):
            out.append((h1, "content"))
        out.append((root, "content"))
        return out
    if page.template is None:
        node = page.css_first("main") or page.body
        return [(node, "page")] if node is not None else []
    return []


def _blocks(page) -> list[tuple[object, str, str]]:
    """(block, its own text, origin) of the content, computed once per page for all CNT rules."""
    cached = page.__dict__.get("_cnt_blocks")
    if cached is None:
        cached = [(block, text, origin) for node, origin in content_nodes(page)
                  for block, text in guide.text_blocks(node)]
        page.__dict__["_cnt_blocks"] = cached
    return cached


def _content_text(page) -> str | None:
    """All the text of the content in one string, computed once per page: a cheap pre-check
    for the rules that search the blocks. Each line of a block's own text (``_blocks``) is a
    run of consecutive text nodes, and ``text(separator="")`` keeps such runs whole — so what
    this string does not contain, no block contains. None when the content holds a script,
    style or noscript element, whose text ``text()`` would put inside such a run."""
    cached = page.__dict__.get("_cnt_text", False)
    if cached is False:
        parts = []
        for node, _origin in content_nodes(page):
            if node.css_first("script, style, noscript") is not None:
                parts = None
                break
            parts.append(node.text(separator=""))
        cached = page.__dict__["_cnt_text"] = "\n".join(parts) if parts is not None else None
    return cached


def _pending(node, message: str, **extra):
    """A finding not located yet (locating costs a scan of the page; see :func:`capped`)."""
    return node, message, extra


def capped(page, pending, limit: int = 100):
    """At most ``limit`` findings of one rule on one page, located and reported, then one
    finding with the count of the rest — a page with thousands of offending links stays
    readable, and locating stays linear in the page size."""
    n = 0
    for node, message, extra in pending:
        n += 1
        if n <= limit:
            yield page.hit(node, message, **extra)
    if n > limit:
        yield page.hit(None, f"本页另有 {n - limit} 处同类问题（共 {n} 处），请一并处理", origin="page", count=n)


# --------------------------------------------------------------------------------------------
# personal data


@lru_cache(maxsize=64)
def _source_text(path: str, mtime_ns: int) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _source_line(ctx, page, needle: str) -> int | None:
    target = ctx.target
    if target is None or target.src_dir is None or not page.source:
        return None
    path = Path(target.src_dir) / page.source
    try:
        text = _source_text(str(path), path.stat().st_mtime_ns)
    except OSError:
        return None
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def _pii_hit(page, ctx, node, origin: str, match: pii.PiiMatch, message: str) -> Hit:
    """A finding that names the masked value only (the report must not repeat the leak);
    the Markdown line is found here with the raw value instead of through ``anchor``."""
    h = page.hit(node, message, origin=origin, anchor=match.masked, kind=match.kind, value=match.masked)
    if origin == "content" and page.source:
        h.extra["html_line"] = h.line
        h.origin = "source"
        h.file = page.source
        h.line = _source_line(ctx, page, match.value)
    return h


def _attachment_names(ctx) -> list[str]:
    target = ctx.target
    if target is None:
        return []
    return sorted(n for n in ctx.files.get(target.site_id, ()) if attachments.is_attachment(n)
                  and not n.startswith(("theme/", "archive/", "report/")))


def _attachment_hits(page, ctx, kind: str):
    """Personal data of ``kind`` in every published attachment of the site (on the home page)."""
    if page.path != "index.html" or ctx.target is None:
        return
    base = Path(ctx.target.out_dir)
    name = pii.KIND_NAMES[kind]
    for rel in _attachment_names(ctx):
        hits, error = attachments.scan_pii(base / rel, ctx.today)
        if error and kind == pii.KIND_ID:
            h = Hit(f"附件 {rel} {error}，未能检查其中的个人信息", origin="source", file=rel, page=rel,
                    extra={"attachment": rel, "problem": "unreadable"})
            h.severity = INFO
            yield h
        found = [h for h in hits if h.match.kind == kind]
        for h in found[:MAX_PER_ATTACHMENT]:
            yield Hit(f"附件 {rel} {h.where}含有未脱敏的{name} {h.match.masked}", line=h.line, origin="source",
                      file=rel, page=rel, extra={"anchor": f"{h.where} {h.match.masked}", "attachment": rel,
                                                 "where": h.where, "kind": kind, "value": h.match.masked})
        if len(found) > MAX_PER_ATTACHMENT:
            yield Hit(f"附件 {rel} 另有 {len(found) - MAX_PER_ATTACHMENT} 处未脱敏的{name}（共 {len(found)} 处）",
                      origin="source", file=rel, page=rel, extra={"attachment": rel, "kind": kind,
                                                                   "count": len(found)})


def _may_hold_pii(page) -> bool:
    """False when no block of the content can hold personal data (once per page, for CNT001–CNT003)."""
    cached = page.__dict__.get("_cnt_pii")
    if cached is None:
        content = _content_text(page)
        cached = page.__dict__["_cnt_pii"] = content is None or pii.HINT_RE.search(content) is not None
    return cached


def _pii_rule(page, ctx, kind: str):
    name = pii.KIND_NAMES[kind]
    n = 0
    for node, text, origin in _blocks(page) if _may_hold_pii(page) else ():
        for m in pii.scan(text, (kind,), ctx.today):
            n += 1
            if n > MAX_PER_PAGE:
                break
            yield _pii_hit(page, ctx, node, origin, m, f"页面含有未脱敏的{name} {m.masked}")
    yield from _attachment_hits(page, ctx, kind)


@rule(id="CNT001", title="不公开居民身份证号码", severity=ERROR, tags=("cnt", "privacy", "attachments"),
      source=SRC_PRIVACY)
def id_numbers(page, ctx):
    """## What it does
    Finds 18-digit resident ID numbers (GB 11643-1999) in the content of every page — the article
    body and title — and in every published attachment that carries text: ``.txt``, ``.csv``,
    ``.xlsx`` (every sheet, hidden ones too), ``.docx`` (paragraphs, tables, headers and footers)
    and ``.pdf``. A candidate ``\\d{17}[\\dX]`` not inside a longer number counts only if its province
    code exists, its birth date is a real date between 1900 and the check date and its check digit
    (ISO 7064 MOD 11-2) is right — so 文号, dates, order numbers and masked forms
    (``3299**********123X``) pass. Attachment findings name the file (``page`` = its path) and the
    sheet and row, the table row or paragraph, or the PDF page. The message shows the number masked.

    ## Why it matters
    宝鸡 第十三条(二) forbids publishing citizens' ID numbers; the classic leak is a 公示 list published
    as a spreadsheet with the full numbers. A leaked ID number cannot be revoked.

    ## Example
    ```text
    files/2026-gs.xlsx  工作表“公示名单”第 3 行：张三  329900199001011234
    ```
    Use instead: publish ``3299**********1234`` (keep the first 4 and last 4 characters at most).
    """
    yield from _pii_rule(page, ctx, pii.KIND_ID)


@rule(id="CNT002", title="不公开个人手机号码", severity=WARNING, tags=("cnt", "privacy", "attachments"),
      source=SRC_PRIVACY)
def mobile_numbers(page, ctx):
    """## What it does
    Finds unmasked mobile numbers — ``1[3-9]`` followed by 9 digits, optionally with ``+86`` or grouped
    3-4-4 — in page content and in text-carrying attachments (as CNT001). A number inside a longer
    digit run is not a mobile number; landlines (``0519-00000000``), service numbers (12345, 400-…) and
    masked forms (``138****1234``) pass. A unit's published duty mobile can be exempted on its article
    with ``LintIgnore: CNT002 -- 理由``.

    ## Why it matters
    A mobile number is personal contact data (宝鸡 第十三条(二) 联系方式); a 公示 list or a 留言 reply that
    publishes it exposes the citizen to fraud calls.

    ## Example
    ```markdown
    联系人：王女士，13812345678
    ```
    Use instead: ``联系人：王女士，138****5678``, or the office landline.
    """
    yield from _pii_rule(page, ctx, pii.KIND_MOBILE)


@rule(id="CNT003", title="不公开银行卡号", severity=ERROR, tags=("cnt", "privacy", "attachments"),
      source=SRC_PRIVACY)
def card_numbers(page, ctx):
    """## What it does
    Finds bank card numbers — 16 to 19 digits, optionally grouped by four — that pass the Luhn check and
    start like a card (3, 4, 5, 6, 8 or 9), in page content and in text-carrying attachments (as CNT001).
    Numbers that are valid ID numbers, date or time stamps (``2026112409300000``), 文号 (``〔…〕…号``)
    or masked (``6222 **** **** 1234``) pass.

    ## Why it matters
    宝鸡 第十三条(二) forbids publishing personal data; subsidy and compensation 公示 lists sometimes carry
    the recipients' bank accounts.

    ## Example
    ```text
    发放账户：6222 0212 3456 7896
    ```
    Use instead: ``6222 **** **** 7896`` — or leave the account out.
    """
    yield from _pii_rule(page, ctx, pii.KIND_CARD)


# --------------------------------------------------------------------------------------------
# ads

AD_HOSTS = (
    "googlesyndication.com", "doubleclick.net", "googleadservices.com", "adservice.google.com",
    "googletagservices.com", "pos.baidu.com", "cpro.baidu.com", "cpro.baidustatic.com", "dup.baidustatic.com",
    "cbjs.baidu.com", "eclick.baidu.com", "union.baidu.com", "tanx.com", "alimama.com", "mediav.com",
    "adsame.com", "allyes.com", "lianmeng.360.cn", "pangolin-sdk-toutiao.com", "pglstatp-toutiao.com",
    "adnxs.com", "criteo.com", "criteo.net", "taboola.com", "outbrain.com", "amazon-adsystem.com", "adform.net",
    "gdt.qq.com", "e.qq.com", "mi.gdt.qq.com", "adx.sogou.com", "inte.sogou.com", "wangmeng.baidu.com",
)
AD_LABELS = frozenset({"ad", "ads", "adx", "adserver", "adservice", "adsrv", "adnet"})
AD_TOKENS = frozenset({"ad", "ads", "adv", "advert", "adverts", "advertise", "advertisement", "adsbygoogle",
                       "adbox", "adslot", "adsense", "guanggao", "floatad", "duilian"})
AD_SCRIPT_RE = re.compile(r"adsbygoogle|google_ad_client|cpro_id|BAIDU_CLB|BAIDU_DUP|tanx_|_tanx|mediav_ad")
AD_TEXT_RE = re.compile(r"广告位招租|广告招租|招租广告|赞助商链接|推广链接|商业推广|[【\[［]广告[】\]］]|[(（]广告[)）]")
INDUCE_RE = re.compile(
    r"立即下载|马上下载|点击下载\s?APP|下载\s?APP\s?领|点击领取|免费领取|立即领取|马上领取|领取红包|抢红包|扫码领|"
    r"限时抢购|立即抢购|马上抢|立即购买|点击购买|限时优惠|一元抢|恭喜您?中奖|点击赚钱|立即赚钱", re.I)
DOC_EXT_RE = re.compile(r"\.(?:docx?|xlsx?|pdf|wps|et|ofd|zip|rar|7z|txt|csv)(?:[?#]|$)", re.I)


@per_text()
def _host(url: str) -> str | None:
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://", "//")):
        return None
    try:
        host = urlsplit(url if not url.startswith("//") else "https:" + url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def _suffix(host: str, suffixes) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


@per_text()
def _is_ad_host(host: str) -> bool:
    if _suffix(host, AD_HOSTS):
        return True
    return host.split(".", 1)[0] in AD_LABELS and not _gov_host(host)


TOKEN_SPLIT_RE = re.compile(r"[\s_\-]+")
AD_ATTRS = (("script", "src"), ("iframe", "src"), ("img", "src"), ("a", "href"), ("embed", "src"), ("object", "data"))
# Every AD_TOKENS word contains "ad", "guanggao" or "duilian", so only an element whose class or id
# contains one of them (ASCII case-insensitively: no other character lower-cases to these letters)
# can be an ad container; lexbor finds those few without a Python loop over every element.
AD_CANDIDATES = ", ".join(f"[{attr}*={word} i]" for word in ("ad", "guanggao", "duilian") for attr in ("class", "id"))
INDUCE_CHARS = "载领抢购惠奖赚"
INDUCE_CHARS_RE = re.compile(f"[{INDUCE_CHARS}]")  # one pass over the text, not one per character
INDUCE_SEL = "a, button, [role=button], input[type=button], input[type=submit], input[type=image]"


def _tokens(value: str) -> set[str]:
    return {t for t in TOKEN_SPLIT_RE.split((value or "").lower()) if t}


@per_text()
def _ad_tokens(cls: str, id_: str) -> tuple[str, ...]:
    """The AD_TOKENS among the tokens of a class and an id, sorted."""
    return tuple(sorted((_tokens(cls) | _tokens(id_)) & AD_TOKENS))


def _squeezed_text(page) -> str:
    """The text of the body without any whitespace, once per page."""
    cached = page.__dict__.get("_cnt_squeezed")
    if cached is None:
        cached = page.__dict__["_cnt_squeezed"] = "".join(page.text.split())  # re.sub(r"\s+", "", …), faster
    return cached


def _may_induce(page) -> bool:
    """False when no button or link of the page can have an inducing label. A label is a run of
    the body's text (or an input's value or alt), and a match in it stays a match once the
    whitespace is gone: one search of the squeezed body text rules out every label — and before
    it, cheaper, a look for INDUCE_CHARS (every inducing wording holds one of them)."""
    if INDUCE_CHARS_RE.search(page.text) and INDUCE_RE.search(_squeezed_text(page)):
        return True
    return any(INDUCE_RE.search(attrs.get("value") or attrs.get("alt") or "")
               for _node, attrs in page.elements("input"))


@rule(id="CNT004", title="没有商业广告、广告联盟和诱导按钮", severity=ERROR, tags=("cnt", "ads"), source=SRC_ADS)
def ads(page, ctx):
    """## What it does
    Reports commercial advertising on a page: scripts, iframes, images and links of ad networks (Google
    AdSense/DoubleClick, 百度联盟 pos.baidu.com/cpro, 阿里妈妈 tanx, 360 联盟, 广点通 …, and hosts named
    ``ad.``/``ads.``/``adx.`` outside gov.cn), inline ad-network code (``adsbygoogle``, ``cpro_id``), ad
    containers (class or id ``ad``, ``ads``, ``advert``, ``guanggao`` …), ad wording (广告位招租, 推广链接,
    【广告】) and inducement buttons or links (立即下载, 点击领取, 免费领取, 抢红包, 限时抢购 …). A link
    “立即下载” to one of the site's own attachments (a form) is not an inducement.

    ## Why it matters
    宝鸡 第十三条(二) and 第三十条 forbid commercial ads and links to ad pages on government sites; the
    适老化 specification forbids ads and inducement buttons outright (they trap elderly users).

    ## Example
    ```html
    <script src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>
    <a class="btn" href="https://shop.example.com/">点击领取优惠券</a>
    ```
    """
    yield from capped(page, _ads(page, ctx))


def _ads(page, ctx):
    for tag, attr in AD_ATTRS:
        for node, url in page.with_attr(tag, attr):
            url = url or ""
            host = _host(url) if "//" in url else None  # only absolute URLs (with "//") have a host
            if host and _is_ad_host(host):
                what = {"script": "加载了广告联盟脚本", "iframe": "嵌入了广告联盟内容", "a": "链接到广告网站",
                        "img": "展示了广告联盟图片"}.get(tag, "嵌入了广告联盟内容")
                yield _pending(node, f"页面{what}（{host}）", anchor=url, host=host, problem="network")
    for node in (node for node, attrs in page.elements("script") if "src" not in attrs):  # script:not([src])
        m = AD_SCRIPT_RE.search(node.text() or "")
        if m:
            yield _pending(node, f"页面含有广告联盟代码（{m.group(0)}）", anchor=m.group(0), problem="network")
    for node in unique(page.css(AD_CANDIDATES)):
        attrs = node.attributes
        hit = _ad_tokens(attrs.get("class") or "", attrs.get("id") or "")
        if hit:
            # one finding per attribute: the selector "[class], [id]" lists an element with both twice
            for _ in range(("class" in attrs) + ("id" in attrs)):
                yield _pending(node, f"页面含有广告位元素（class/id“{hit[0]}”）", anchor=hit[0], problem="container")
    body = page.body
    # cheap pre-checks first: every ad wording contains 广 or 赞
    if body is not None and ("广" in page.text or "赞" in page.text) and AD_TEXT_RE.search(_squeezed_text(page)):
        for node, text in guide.text_blocks(body):
            for m in AD_TEXT_RE.finditer(text):
                yield _pending(node, f"页面含有广告性文字“{m.group(0)}”", anchor=m.group(0), problem="text")
    for node in page.css(INDUCE_SEL) if _may_induce(page) else ():
        label = node.text(strip=True) if node.tag != "input" else (node.attributes.get("value") or
                                                                  node.attributes.get("alt") or "")
        m = INDUCE_RE.search(label or "")
        if not m:
            continue
        href = node.attributes.get("href") or ""
        if "下载" in m.group(0) and href and _host(href) is None and DOC_EXT_RE.search(href):
            continue  # 立即下载 of the site's own attachment (a form)
        yield _pending(node, f"页面含有诱导性按钮或链接“{label[:30]}”", anchor=m.group(0), problem="inducement")


# --------------------------------------------------------------------------------------------
# external hosts

DEFAULT_ALLOWED_HOSTS = ("beian.miit.gov.cn", "beian.mps.gov.cn", "bszs.conac.cn", "dcs.conac.cn",
                         "zfwzgl.www.gov.cn")
GOV_SUFFIXES = ("gov.cn", "政务", "xn--zfr164b", "公益", "xn--55qw42g", "政务.cn", "公益.cn")
RESOURCE_ATTRS = (("a", "href", "链接到"), ("area", "href", "链接到"), ("script", "src", "加载脚本自"),
                  ("iframe", "src", "嵌入了"), ("frame", "src", "嵌入了"), ("embed", "src", "嵌入了"),
                  ("object", "data", "嵌入了"), ("link", "href", "加载样式或资源自"), ("img", "src", "加载图片自"),
                  ("source", "src", "加载媒体自"), ("video", "src", "加载媒体自"), ("audio", "src", "加载媒体自"),
                  ("form", "action", "表单提交到"))


def _gov_host(host: str) -> bool:
    return _suffix(host, GOV_SUFFIXES)


def allowed_hosts(ctx) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(exact-or-subdomain hosts, wildcard suffixes) from the defaults and ``allow_hosts``,
    computed once per run (the context does not change)."""
    cached = getattr(ctx, "_cnt_allowed_hosts", None)
    if cached is None:
        cached = ctx._cnt_allowed_hosts = _allowed_hosts(ctx)
    return cached


def _allowed_hosts(ctx) -> tuple[tuple[str, ...], tuple[str, ...]]:
    extra = ctx.setting("allow_hosts", []) or []
    if isinstance(extra, str):
        extra = [h.strip() for h in extra.split(",")]
    exact, suffixes = list(DEFAULT_ALLOWED_HOSTS), []
    for h in extra:
        if not isinstance(h, str) or not h.strip():
            continue
        h = h.strip().lower().rstrip(".")
        if h.startswith("*."):
            suffixes.append(h[2:])
        else:
            exact.append(h)
    if ctx.platform is not None:
        exact += [s.domain for s in ctx.platform.sites.values()]
    if ctx.site is not None:
        exact.append(ctx.site.domain)
    return tuple(exact), tuple(suffixes)


@per_text()
def host_allowed(host: str, exact, suffixes) -> bool:
    if _gov_host(host):
        return True
    if _suffix(host, exact):
        return True
    return any(host.endswith("." + s) for s in suffixes)


@rule(id="CNT005", title="外部链接、脚本和内嵌页面仅指向允许的网站", severity=WARNING, tags=("cnt", "links", "security"),
      source=SRC_HOSTS)
def external_hosts(page, ctx):
    """## What it does
    Reports every link, script, iframe, stylesheet, image, media or form target on another host than the
    allow-list: any ``*.gov.cn`` host, ``*.政务`` and ``*.公益`` (中文域名), the filing and badge hosts
    beian.miit.gov.cn, beian.mps.gov.cn, bszs.conac.cn, dcs.conac.cn and zfwzgl.www.gov.cn (找错), the
    sites of the platform, and the partners listed in ``site_src/platform.toml``::

        [lint.settings]
        allow_hosts = ["www.12306.cn", "*.ccgp.gov.cn"]   # exact host (and its subdomains) or *.suffix

    ## Why it matters
    宝鸡 第三十条 forbids links to bad or illegal sites and non-public-interest content; an allow-list makes
    every external target a reviewed decision. A third-party script runs with the page's authority.

    ## Example
    ```html
    <a href="https://www.some-shop.com/">相关链接</a>   <!-- CNT005: 链接到允许名单之外的网站 -->
    ```
    """
    yield from capped(page, _external_hosts(page, ctx))


def _external_hosts(page, ctx):
    exact, suffixes = allowed_hosts(ctx)
    for tag, attr, verb in RESOURCE_ATTRS:
        for node, url in page.with_attr(tag, attr):
            url = url or ""
            host = _host(url) if "//" in url else None  # only absolute URLs (with "//") have a host
            if host is None or host_allowed(host, exact, suffixes):
                continue
            yield _pending(node, f"{verb}允许名单之外的外部网站 {host}", anchor=url.strip(), host=host, url=url.strip())


# --------------------------------------------------------------------------------------------
# expressions


@dataclass(frozen=True)
class Expression:
    term: str
    correction: str
    note: str
    exceptions: tuple[str, ...] = ()


DEFAULT_EXPRESSIONS = Path(__file__).resolve().parents[1] / "data" / "expressions.txt"


def parse_expressions(text: str) -> tuple[list[Expression], set[str]]:
    """Entries and removals (``!term``) of a dictionary file."""
    entries, removals = [], set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            removals.add(line[1:].split("|", 1)[0].strip())
            continue
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        exceptions = tuple(e.strip() for e in re.split(r"[,，]", parts[3]) if e.strip()) if len(parts) > 3 else ()
        entries.append(Expression(parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "",
                                  exceptions))
    return entries, removals


class Dictionary:
    """Expressions matched with one Aho–Corasick automaton (pyahocorasick): one pass over
    the text whatever the number of entries; overlapping matches keep the longest."""

    def __init__(self, entries: list[Expression]):
        self.entries = {e.term: e for e in entries}
        self.automaton = None
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - pinned dependency
            ahocorasick = None
        if ahocorasick is not None and self.entries:
            a = ahocorasick.Automaton()
            for term, e in self.entries.items():
                a.add_word(term, e)
            a.make_automaton()
            self.automaton = a

    def occurs_in(self, text: str) -> bool:
        """Whether any entry occurs in ``text`` (exceptions aside): when not, ``find`` of any
        part of it is empty."""
        if not self.entries or not text:
            return False
        if self.automaton is not None:
            return next(self.automaton.iter(text), None) is not None
        return any(term in text for term in self.entries)  # pragma: no cover

    def find(self, text: str) -> list[tuple[int, int, Expression]]:
        if not self.entries or not text:
            return []
        raw = []
        if self.automaton is not None:
            for end, e in self.automaton.iter(text):
                raw.append((end + 1 - len(e.term), end + 1, e))
        else:  # pragma: no cover
            for term, e in self.entries.items():
                start = text.find(term)
                while start >= 0:
                    raw.append((start, start + len(term), e))
                    start = text.find(term, start + 1)
        raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        out, last_end = [], -1
        for start, end, e in raw:
            if start < last_end:
                continue
            if any(_within(text, start, end, exc) for exc in e.exceptions):
                continue
            out.append((start, end, e))
            last_end = end
        return out


def _within(text: str, start: int, end: int, phrase: str) -> bool:
    lo = max(0, end - len(phrase))
    pos = text.find(phrase, lo, start + len(phrase))
    return pos >= 0 and pos <= start and pos + len(phrase) >= end


@lru_cache(maxsize=8)
def _dictionary(default_mtime: int, extra: str | None, extra_mtime: int | None) -> Dictionary:
    entries, _ = parse_expressions(DEFAULT_EXPRESSIONS.read_text(encoding="utf-8"))
    if extra:
        more, removals = parse_expressions(Path(extra).read_text(encoding="utf-8"))
        entries = [e for e in entries if e.term not in removals] + more
    return Dictionary(entries)


def expressions_path(ctx) -> tuple[Path | None, bool]:
    """The platform's extra dictionary file (``expressions_file``) and whether it exists."""
    value = ctx.setting("expressions_file")
    if not value or not isinstance(value, str):
        return None, True
    path = Path(value)
    if not path.is_absolute():
        base = ctx.platform.src if ctx.platform is not None else Path("site_src")
        path = Path(base) / path
    return path, path.is_file()


def dictionary(ctx) -> Dictionary:
    path, exists = expressions_path(ctx)
    extra = str(path) if path is not None and exists else None
    return _dictionary(DEFAULT_EXPRESSIONS.stat().st_mtime_ns, extra,
                       Path(extra).stat().st_mtime_ns if extra else None)


def _run_dictionary(ctx) -> tuple[Path | None, bool, Dictionary]:
    """(extra file, whether it exists, dictionary), looked up once per run (the context)."""
    cached = getattr(ctx, "_cnt_dictionary", None)
    if cached is None:
        path, exists = expressions_path(ctx)
        cached = ctx._cnt_dictionary = (path, exists, dictionary(ctx))
    return cached


@rule(id="CNT006", title="没有错误、敏感或不规范的表述", severity=ERROR, tags=("cnt", "expressions", "veto"),
      source=SRC_EXPRESSIONS)
def expressions(page, ctx):
    """## What it does
    Matches the content of every page (article title and body) against a dictionary of incorrect,
    sensitive or discriminatory expressions and reports each with its correction. The default
    dictionary (``lint/data/expressions.txt``) is small and documented: entries from the 新华社 list of
    banned and cautioned terms (涉台、涉港澳、民族简称、国际称谓、对残疾人的蔑称, 村长) and misspellings of
    state-organ names and fixed political phrases (人名政府 → 人民政府, 不忘出心 → 不忘初心). A platform
    adds its own entries, or drops a default one with ``!term``, in a file of the same format::

        [lint.settings]
        expressions_file = "expressions.txt"   # relative to site_src/

    Each line is ``表述|规范表述|说明|例外1,例外2``; an 例外 is a longer normal phrase containing the
    term (``村长`` in ``农村长效机制``). Matching uses one Aho–Corasick automaton, so thousands of
    entries cost one pass over the text.

    ## Why it matters
    宿迁 第十三条 demands that political and wording errors never reach the site; 19号文 makes a
    严重表述错误 a single-item veto (the whole site fails the inspection).

    ## Example
    ```markdown
    台湾总统……      → CNT006: 不规范表述“台湾总统”，应为“台湾地区领导人”
    ```
    """
    path, exists, d = _run_dictionary(ctx)
    if not exists and page.path == "index.html":
        yield Hit(f"[lint.settings] expressions_file 指定的词典文件不存在：{path}（仅使用默认词典）", page=None,
                  origin="source", file="platform.toml")
    content = _content_text(page)
    for node, text, origin in _blocks(page) if content is None or d.occurs_in(content) else ():
        for start, end, e in d.find(text):
            fix = f"，应为“{e.correction}”" if e.correction else ""
            note = f"（{e.note}）" if e.note else ""
            yield page.hit(node, f"不规范表述“{e.term}”{fix}{note}", origin=origin, anchor=e.term, term=e.term,
                           correction=e.correction)


# --------------------------------------------------------------------------------------------
# mixed content

MIXED_ATTRS = (("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("script", "src"),
               ("iframe", "src"), ("frame", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
               ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"), ("form", "action"))
LINK_RESOURCE_RELS = frozenset({"stylesheet", "icon", "shortcut", "preload", "prefetch", "modulepreload",
                                "manifest", "apple-touch-icon", "mask-icon"})
CSS_HTTP_RE = re.compile(r"url\(\s*[\"']?(http://[^\"')\s]{1,2000})", re.I)


def _http_urls(value: str, attr: str) -> list[str]:
    if attr == "srcset":
        return [p.strip().split(" ")[0] for p in value.split(",") if p.strip().lower().startswith("http://")]
    value = value.strip()
    return [value] if value.lower().startswith("http://") else []


@rule(id="CNT007", title="HTTPS 页面不加载 HTTP 资源", severity=WARNING, tags=("cnt", "security"), source=SRC_MIXED)
def mixed_content(page, ctx):
    """## What it does
    On an https site (every site of the platform; set ``https = false`` in ``[lint.settings]`` for a
    site still served over http), reports resources loaded over plain ``http://``: images (and
    ``srcset``), scripts, stylesheets and icons (``<link rel=stylesheet|icon|preload…>``), iframes,
    audio, video, embeds, objects, form targets and ``url(http://…)`` in style attributes and
    ``<style>``. Plain links (``<a href="http://…">``) are navigation, not mixed content.

    ## Why it matters
    Browsers block or flag mixed content: the image or script does not load, or the padlock disappears
    and the page can be tampered with in transit.

    ## Example
    ```html
    <img src="http://www.jiangnan.gov.cn/files/map.png" alt="区位图">
    ```
    Use instead: ``https://`` or a relative path.
    """
    yield from capped(page, _mixed_content(page, ctx))


def _mixed_content(page, ctx):
    if ctx.setting("https", True) is False:
        return
    for tag, attr in MIXED_ATTRS:
        for node, value in page.with_attr(tag, attr):
            for url in _http_urls(value or "", attr):
                yield _pending(node, f"HTTPS 页面通过 HTTP 加载资源 {url}（混合内容）", anchor=url, url=url)
    for node, attrs in page.elements("link"):
        if "href" not in attrs:
            continue
        rels = set((attrs.get("rel") or "").lower().split())
        if rels & LINK_RESOURCE_RELS:
            for url in _http_urls(attrs.get("href") or "", "href"):
                yield _pending(node, f"HTTPS 页面通过 HTTP 加载资源 {url}（混合内容）", anchor=url, url=url)
    for node in page.css("[style], style"):
        css = node.attributes.get("style") if node.tag != "style" else node.text()
        for m in CSS_HTTP_RE.finditer(css or ""):
            yield _pending(node, f"HTTPS 页面通过 HTTP 加载资源 {m.group(1)}（混合内容）", anchor=m.group(1),
                           url=m.group(1))


# --------------------------------------------------------------------------------------------
# three-step review

REVIEW_KEYS = (("editor", "Editor", "编辑"), ("reviewer", "Reviewer", "审核"), ("approver", "Approver", "签发"))
NAME_SPLIT_RE = re.compile(r"[,，、;；/\s]+")


def _names(value: str) -> set[str]:
    return {n.casefold() for n in NAME_SPLIT_RE.split(value or "") if n}


@rule(id="CNT008", title="三审：编辑、审核、签发齐全且为三个不同的人", severity=ERROR, tags=("cnt", "review"),
      source=SRC_REVIEW, scope="site")
def three_reviews(site, ctx):
    """## What it does
    Checks the metadata of every published article: ``Editor`` (编辑), ``Reviewer`` (审核) and ``Approver``
    (签发) are present, not empty, and name three different people (a field naming several people may
    share none with another field). The finding names the Markdown file and the line of the offending
    key — for a missing key, the last line of the metadata block, where it belongs. The names are
    recorded in the internal publish log (``output/.jiyue/<site>/publish-log.jsonl``) and never shown
    on the public page. A platform without the 三审 process turns the rule off::

        [lint.settings]
        three_reviews = false

    ## Why it matters
    宿迁 第十三条 requires 编辑、审核、签发“三审” for every item (不得由业务处室工作人员直接上传发布稿件);
    南通 第十五条 three levels of review; 宝鸡 第十七条 separates reviewers from editors.

    ## Example
    ```text
    Editor: 张敏
    Reviewer: 张敏      → CNT008: Reviewer（审核）与 Editor（编辑）是同一人“张敏”
    (no Approver)       → CNT008: 缺少 Approver（签发）
    ```
    """
    if ctx.setting("three_reviews", True) is False:
        return
    target = site.target
    for r in target.records:
        if r.future or (r.meta.get("status") or "").lower() == "draft":
            continue
        page = r.url if ctx.exists(target.site_id, r.url) else None
        end = max(r.lines.values()) if r.lines else None
        present = []
        for key, spelled, role in REVIEW_KEYS:
            value = (r.meta.get(key) or "").strip()
            if not value:
                yield site.hit(f"缺少三审信息 {spelled}（{role}）", page=page, file=r.source,
                               line=r.lines.get(key) or end, key=spelled, problem="missing")
                continue
            for other_key, other_spelled, other_role, other_value in present:
                same = _names(value) & _names(other_value)
                if same:
                    who = "、".join(sorted(same))
                    yield site.hit(f"三审须由三个不同的人完成：{spelled}（{role}）与 {other_spelled}（{other_role}）"
                                   f"是同一人“{who}”", page=page, file=r.source, line=r.lines.get(key),
                                   key=spelled, problem="same")
                    break
            present.append((key, spelled, role, value))


# --------------------------------------------------------------------------------------------
# script from content

URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href",
                       "cite", "longdesc", "lowsrc", "dynsrc", "codebase", "archive"})
CONTROL_RE = re.compile(r"[\x00-\x20]+")
DANGER_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml")


def dangerous_url(value: str) -> bool:
    v = CONTROL_RE.sub("", value or "").lower()
    return v.startswith(DANGER_SCHEMES)


@rule(id="CNT009", title="正文不含脚本、事件处理属性和 javascript: 链接", severity=ERROR, tags=("cnt", "security"),
      source=SRC_SCRIPT)
def content_scripts(page, ctx):
    """## What it does
    In the part of a page that comes from Markdown (``.article-body``), reports ``<script>`` elements,
    inline event handlers (any ``on…`` attribute such as ``onclick``, ``onerror``), ``javascript:``,
    ``vbscript:`` and ``data:text/html`` URLs (also when written with entities or embedded whitespace)
    and ``srcdoc`` documents. The build's sanitizer (``gov_sanitize``) already removes them from our own
    pages; the rule catches pages built elsewhere and any regression.

    ## Why it matters
    Script in content runs with the site's authority: a pasted snippet can deface the page, steal a
    session or send visitors elsewhere (跨站脚本). Content is text, links and images — never code.

    ## Example
    ```html
    <div class="article-body"><a href="javascript:alert(1)">点击查看</a><img src="x.png" onerror="…"></div>
    ```
    """
    yield from capped(page, _content_scripts(page, ctx))


def _content_scripts(page, ctx):
    root = page.content_root
    if root is None:
        return
    for node in root.traverse():
        if node.mem_id == root.mem_id or not node.tag or node.tag.startswith("-"):
            continue
        if node.tag == "script":
            yield _pending(node, "正文中含有 <script> 脚本", origin="content", anchor="<script", problem="script")
            continue
        for name, value in (node.attributes or {}).items():
            lname = (name or "").lower()
            if lname.startswith("on") and len(lname) > 2:
                yield _pending(node, f"正文中含有事件处理属性 {lname}", origin="content", anchor=f"{name}=",
                               problem="handler")
            elif lname == "srcdoc":
                yield _pending(node, "正文中含有 srcdoc 内嵌文档", origin="content", anchor="srcdoc",
                               problem="srcdoc")
            elif lname in URL_ATTRS and value and dangerous_url(value):
                scheme = CONTROL_RE.sub("", value).split(":", 1)[0].lower()
                yield _pending(node, f"正文中含有 {scheme}: 链接", origin="content", anchor=f"{scheme}:",
                               problem="url")
