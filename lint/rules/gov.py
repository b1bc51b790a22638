"""GOV: site identity, page tags (网页标签) and footer identifiers (网站标识).

Footer identifiers are looked for in the theme's footer, or — on pages built
elsewhere, whose footers have no common markup — in the whole body outside
comments, with the same patterns inspectors use.
"""

from __future__ import annotations

import re

from jiyue.metadata import parse_datetime
from jiyue.siteconfig import GOV_HOST_RE
from lint.memo import per_text
from lint.model import ERROR, INFO, WARNING
from lint.page import strip_comments
from lint.registry import rule

SRC_TAGS = "政府网站发展指引（国办发〔2017〕47号）附件《政府网站网页设计规范》网页标签; 宿迁市政府网站管理办法 附件1 页面标签"
SRC_FOOTER = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）附件1 网站标识; 国办秘函〔2019〕19号"
ICP_RE = re.compile(r"[\u4e00-\u9fa5]\s*ICP\s*[备证]\s*\d{6,10}\s*号(?:\s*-\s*\d{1,3})?")
ICP_STRICT_RE = re.compile(r"^[\u4e00-\u9fa5]ICP备\d{8,10}号(-\d{1,3})?$")
ICP_PRESENT_RE = re.compile(r"ICP\s*备|ICP\s*证|beian\.miit\.gov\.cn|miitbeian", re.I)
POLICE_PRESENT_RE = re.compile(r"公网安备|公安机关备案|公安备案|beian\.gov\.cn/portal|recordcode=|beian\.mps\.gov\.cn", re.I)
POLICE_NUMBER_RE = re.compile(r"[\u4e00-\u9fa5]\s*公网安备\s*(\d{14})\s*号")
CONAC_PRESENT_RE = re.compile(r"_ideConac|dcs\.conac\.cn|bszs\.conac\.cn|党政机关", re.I)
CONAC_LINK_RE = re.compile(r"_ideConac|dcs\.conac\.cn|bszs\.conac\.cn", re.I)
SITE_CODE_PRESENT_RE = re.compile(r"网站标识码|标识码[:：\s]")
SITE_CODE_VALUE_RE = re.compile(r"标识码\s*[:：]?\s*(?:<[^>]+>\s*)*([0-9A-Za-z]{8,12})")
JIUCUO_PRESENT_RE = re.compile(r"_jiucuo_|jiucuo\.js|jiucuo\w*\.html?|我为政府网站找错|政府网站找错", re.I)
JIUCUO_CURRENT_RE = re.compile(
    r"<script[^<>]{0,500}id=[\"']?_jiucuo_[\"']?[^<>]{0,500}sitecode=[\"']?([0-9A-Za-z]+)|"
    r"<script[^<>]{0,500}sitecode=[\"']?([0-9A-Za-z]+)[^<>]{0,500}id=[\"']?_jiucuo_|"
    r"jiucuo\.html\?[^\"'<>\s]*site_?code=([0-9A-Za-z]+)", re.I)
HOST_PRESENT_RE = re.compile(r"主办单位|主办方|主\s*办[:：\s]|主办")
CONTACT_PRESENT_RE = re.compile(r"联系我们|联系方式|联系电话|电话[:：]|地址[:：]|邮编[:：]|E-mail", re.I)
TAG_RE = re.compile(r"<[^<>]*>")
WS_RE = re.compile(r"\s+")
PUBDATE_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
PUBDATE_LOOSE_RE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?")
MIIT_LINK_RE = re.compile(r"href=[\"']?(?:https?:)?//beian\.miit\.gov\.cn", re.I)
MIIBEIAN_RE = re.compile(r"miibeian\.gov\.cn", re.I)
POLICE_LINKS_RE = re.compile(r"href=[\"']([^\"']*(?:beian\.mps\.gov\.cn|beian\.gov\.cn)[^\"']*)[\"']", re.I)
IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.I)
SITEMAP_TEXT_RE = re.compile(r"<a\b[^<>]*>[^<]*网站地图")
SITEMAP_HREF_RE = re.compile(r"href=[\"'][^\"']*sitemap", re.I)
CHINESE_DOMAIN_RE = re.compile(r"[^\s<>]{1,64}\.(?:政务|公益)")
COLUMN_TYPES = ("首页、概况信息、机构职能、负责人信息、工作动态、政策文件、信息公开指南、信息公开目录、信息公开年报、依法申请公开、"
                "数据发布、数据开放、政策解读、回应关切、办事服务、咨询投诉、征集调查、在线访谈").split("、")


def _region(page) -> str:
    """Where footer identifiers live: the theme footer, else the whole body (legacy pages).
    Computed once per page for the ten footer rules."""
    region = page.__dict__.get("_gov_region")
    if region is None:
        node = page.css_first("footer.site-footer")
        if node is not None:
            html = node.html or ""
        else:
            body = page.body
            html = body.html if body is not None else page.html
        region = page.__dict__["_gov_region"] = _strip_comments(html or "")
    return region


# The footer is the same on every page of a site (up to its relative links): what the rules
# compute from its markup alone is computed once. The whole body of a legacy page (the region
# when there is no theme footer) is larger than the limit, and not kept.
_per_footer = per_text(maxsize=512, limit=20_000)


@_per_footer
def _strip_comments(html: str) -> str:
    return strip_comments(html)


@_per_footer
def _find(regex: re.Pattern, text: str) -> re.Match | None:
    return regex.search(text)


@_per_footer
def _findall(regex: re.Pattern, text: str) -> tuple:
    return tuple(regex.findall(text))


@_per_footer
def _text(region: str) -> str:
    """The region without its tags."""
    return TAG_RE.sub("", region)


def _footer_node(page):
    return page.css_first("footer.site-footer") or page.footer or page.body


def _missing(page, message, **extra):
    return page.hit(_footer_node(page), message, problem="missing", **extra)


def _head(page):
    return page.css_first("head") or page.css_first("html")


def _other_case(page, name):
    """The first ``<meta name>`` spelled like ``name`` in another letter case, or None."""
    for other in page.metas:
        if other != name and other.lower() == name.lower():
            return other
    return None


def _meta_check(page, names, ctx, expected=None):
    """Page tags are case-sensitive: a tag present only as ``contentSource`` is reported
    (problem "case"), not silently accepted; an empty one in either case is "empty"."""
    for name in names:
        values = page.metas.get(name)
        if not values:
            other = _other_case(page, name)
            if other is None:
                yield page.hit(_head(page), f"缺少网页标签 {name}", problem="missing", tag=name)
            elif not page.metas[other][0] or page.metas[other][0].lower() == "null":
                yield page.hit(page.meta_node(other), f"网页标签 {name}（写作 {other}）为空或为“null”",
                               problem="empty", tag=name, found=other)
            else:
                yield page.hit(page.meta_node(other), f"网页标签名大小写不正确：应为 {name}（页面写作 {other}）",
                               problem="case", tag=name, found=other)
            continue
        value = values[0]
        node = page.meta_node(name)
        if not value or value.lower() == "null":
            yield page.hit(node, f"网页标签 {name} 为空或为“null”", problem="empty", tag=name)
        elif expected and name in expected and expected[name] is not None and value != expected[name]:
            yield page.hit(node, f"网页标签 {name} 的值“{value}”与 site.toml 不一致（应为“{expected[name]}”）",
                           problem="mismatch", tag=name)


def _problem_text(p) -> str:
    """A site.toml problem without its location prefix (the finding carries file and line)."""
    parts = []
    if p.key:
        parts.append(f"键 {p.key}")
    if p.value is not None:
        parts.append(f"当前值 {p.value!r}")
    if p.expected:
        parts.append(f"应为 {p.expected}")
    return p.message + ("（" + "；".join(parts) + "）" if parts else "")


@rule(id="GOV001", title="site.toml 标识齐全且格式正确", severity=ERROR, tags=("gov", "config"),
      source="政府网站发展指引（国办发〔2017〕47号）; 宝鸡市政府网站管理办法 第十条", scope="site")
def site_identifiers_valid(site, ctx):
    """## What it does
    Reports every identifier of site.toml that is missing or malformed (CONTRACT §1.2): 网站标识码,
    ICP 备案号, 公安备案号, 党政机关标识 id, 中文域名, 主办单位, 联系方式. A platform build stops on these
    before anything is written; with ``--html-dir --site-config`` they are reported as findings.

    ## Why it matters
    Every identifier in the footer and the page tags is rendered from site.toml; a wrong value there
    is wrong on every page, and 47号文 makes them mandatory for every government site.

    ## Example
    ```toml
    site_code = "32990000"   # GOV001: 10 位数字或 bm + 8 位数字
    ```
    Use instead: ``site_code = "3299000001"``.
    """
    s = site.site
    if s is None:
        return
    for p in s.deferred:
        if p.code == "GOV001":
            yield site.hit(f"site.toml {_problem_text(p)}", file="site.toml", line=p.line, key=p.key)


@rule(id="GOV101", title="每个页面有站点网页标签 SiteName、SiteDomain、SiteIDCode", severity=ERROR,
      tags=("gov", "pagetags"), source=SRC_TAGS)
def site_tags(page, ctx):
    """## What it does
    Checks that every page has the three site tags ``SiteName``, ``SiteDomain`` and ``SiteIDCode``
    as ``<meta name=… content=…>``, non-empty and, when the site's site.toml is known, equal to it.
    Tag names are case-sensitive: ``<meta name="sitename">`` is reported as a wrong-case tag
    (problem ``case``), an empty one in any case as ``empty``, an absent one as ``missing``. The
    same holds for the column (GOV102) and content (GOV103) tags.

    ## Why it matters
    The national monitoring system identifies a government site by these tags; 宿迁 附件1 deducts
    points for pages without them.

    ## Example
    ```html
    <head><meta name="SiteName" content="江南市人民政府"></head>   <!-- no SiteDomain, SiteIDCode -->
    ```
    Use instead: all three tags with the values of site.toml.
    """
    site = page.site
    expected = {"SiteName": site.name, "SiteDomain": site.domain, "SiteIDCode": site.site_code} if site else None
    yield from _meta_check(page, ("SiteName", "SiteDomain", "SiteIDCode"), ctx, expected)


@rule(id="GOV102", title="栏目页和内容页有栏目网页标签", severity=ERROR, tags=("gov", "pagetags"), source=SRC_TAGS)
def column_tags(page, ctx):
    """## What it does
    On column and content pages, checks ``ColumnName``, ``ColumnDescription``, ``ColumnKeywords`` and
    ``ColumnType``: present, not empty, not the string "null" (a common CMS template bug).

    ## Why it matters
    Column tags let the monitoring system attribute each page to a column; 47号文's page-design annex
    requires them on column and content pages.

    ## Example
    ```html
    <meta name="ColumnDescription" content="null">
    ```
    Use instead: the column's description from site.toml.
    """
    if page.type not in ("column", "content"):
        return
    yield from _meta_check(page, ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"), ctx)


@rule(id="GOV103", title="内容页有 ArticleTitle、PubDate、ContentSource", severity=ERROR, tags=("gov", "pagetags"),
      source=SRC_TAGS)
def content_tags(page, ctx):
    """## What it does
    On content pages, checks the content tags ``ArticleTitle``, ``PubDate`` and ``ContentSource``.

    ## Why it matters
    Inspectors date and attribute every article by these tags (freshness, 来源).

    ## Example
    ```html
    <meta name="ArticleTitle" content="关于…的通知">   <!-- no PubDate, no ContentSource -->
    ```
    """
    if page.type != "content":
        return
    yield from _meta_check(page, ("ArticleTitle", "PubDate", "ContentSource"), ctx)


@rule(id="GOV104", title="PubDate 为 YYYY-MM-DD HH:MM（24 小时制）", severity=ERROR, tags=("gov", "pagetags"),
      source="政府网站发展指引（国办发〔2017〕47号）附件《政府网站网页设计规范》")
def pubdate_format(page, ctx):
    """## What it does
    Checks the form of ``PubDate``: ``YYYY-MM-DD HH:MM`` (24-hour). A date with seconds or without a
    time is a warning; anything else is an error.

    ## Why it matters
    The page-design annex fixes the form so that freshness can be computed across sites.

    ## Example
    ```html
    <meta name="PubDate" content="2026年3月2日">
    ```
    Use instead: ``2026-03-02 09:30``.
    """
    value = page.meta("PubDate")
    if not value:
        return
    node = page.meta_node("PubDate")
    if PUBDATE_RE.fullmatch(value) and parse_datetime(value):
        return
    if PUBDATE_LOOSE_RE.fullmatch(value) and parse_datetime(value[:16] if len(value) > 10 else value):
        h = page.hit(node, f"PubDate“{value}”应为 YYYY-MM-DD HH:MM（不带秒，且须有时间）")
        h.severity = WARNING
        yield h
        return
    yield page.hit(node, f"PubDate“{value}”格式不正确，应为 YYYY-MM-DD HH:MM")


@rule(id="GOV105", title="ArticleTitle 与页面可见标题一致", severity=WARNING, tags=("gov", "pagetags"),
      source="实践要求（practice）")
def title_matches_h1(page, ctx):
    """## What it does
    On content pages, compares ``ArticleTitle`` with the visible ``<h1>`` (whitespace ignored).

    ## Why it matters
    A tag that differs from what readers see usually means a template fills it from the wrong field.

    ## Example
    ```html
    <meta name="ArticleTitle" content="旧标题"> … <h1>新标题</h1>
    ```
    """
    if page.type != "content":
        return
    value = page.meta("ArticleTitle")
    h1 = page.css_first("h1")
    if not value or h1 is None:
        return
    norm = lambda s: WS_RE.sub("", s)  # noqa: E731
    if norm(value) != norm(h1.text()):
        yield page.hit(page.meta_node("ArticleTitle"), f"ArticleTitle“{value}”与页面标题“{h1.text(strip=True)}”不一致")


@rule(id="GOV106", title="ColumnType 取自参考列表", severity=INFO, tags=("gov", "pagetags"),
      source="政府网站发展指引（国办发〔2017〕47号）附件 栏目类型示例")
def column_type_known(page, ctx):
    """## What it does
    Reports a ``ColumnType`` outside the reference list of the page-design annex (首页、概况信息、机构职能、
    负责人信息、工作动态、政策文件、信息公开指南、信息公开目录、信息公开年报、依法申请公开、数据发布、数据开放、
    政策解读、回应关切、办事服务、咨询投诉、征集调查、在线访谈).

    ## Why it matters
    The annex gives the list as examples; values outside it are allowed but make cross-site statistics
    harder, so this is only information.

    ## Example
    ```html
    <meta name="ColumnType" content="新闻">
    ```
    Use instead: ``工作动态``.
    """
    value = page.meta("ColumnType")
    if value and value.lower() != "null" and value not in COLUMN_TYPES:
        yield page.hit(page.meta_node("ColumnType"), f"ColumnType“{value}”不在参考列表中")


@rule(id="GOV107", title="SiteIDCode、页脚网站标识码与找错入口的 sitecode 一致", severity=ERROR,
      tags=("gov", "footer", "pagetags"), source="一致性要求（consistency）")
def site_code_consistent(page, ctx):
    """## What it does
    Compares the ``SiteIDCode`` tag, the 网站标识码 shown in the footer and the ``sitecode`` /
    ``site_code`` of the 我为政府网站找错 entry: they must be one value.

    ## Why it matters
    The 找错 platform routes reports by the site code; a copied footer with another site's code sends
    citizens' reports to the wrong office.

    ## Example
    ```html
    <meta name="SiteIDCode" content="3299000001"> … 网站标识码：3299000002
    ```
    """
    values = {}
    tag = page.meta("SiteIDCode")
    if tag:
        values["SiteIDCode 标签"] = tag
    region = _region(page)
    m = _find(SITE_CODE_VALUE_RE, region)
    if m:
        values["页脚网站标识码"] = m.group(1)
    j = _find(JIUCUO_CURRENT_RE, region)
    if j:
        values["找错入口 sitecode"] = next(g for g in j.groups() if g)
    if len(set(values.values())) > 1:
        detail = "，".join(f"{k}={v}" for k, v in values.items())
        yield page.hit(_footer_node(page), f"网站标识码不一致：{detail}")


@rule(id="GOV201", title="页脚展示网站标识码", severity=ERROR, tags=("gov", "footer"), source=SRC_FOOTER)
def footer_site_code(page, ctx):
    """## What it does
    Checks that the footer shows the 网站标识码 (and, when site.toml is known, its value).

    ## Why it matters
    宿迁 附件1 网站标识 and the 19号文 checks require the site code in every page footer.

    ## Example
    ```html
    <footer>主办单位：江南市人民政府办公室</footer>
    ```
    Use instead: ``<p>网站标识码：3299000001</p>`` in the footer.
    """
    region = _region(page)
    if not _find(SITE_CODE_PRESENT_RE, region):
        yield _missing(page, "页脚缺少网站标识码")
    elif page.site is not None:
        # the value shown after the label (the 找错 link also carries a site code: do not count it)
        m = _find(SITE_CODE_VALUE_RE, region)
        shown = m.group(1) if m else None
        if shown != page.site.site_code:
            what = f"“{shown}”" if shown else "（未显示编码）"
            yield page.hit(_footer_node(page), f"页脚的网站标识码{what}不是本站的 {page.site.site_code}", problem="value")


@rule(id="GOV202", title="页脚展示 ICP 备案号并链接到 beian.miit.gov.cn", severity=ERROR, tags=("gov", "footer"),
      source="非经营性互联网信息服务备案管理办法（33号令）第十三条; 宿迁市政府网站管理办法 附件1")
def footer_icp(page, ctx):
    """## What it does
    Checks that the footer shows the ICP备案编号 in its legal form (e.g. 苏ICP备00000001号-1) and links
    it to https://beian.miit.gov.cn/. A link to the retired ``miibeian.gov.cn`` host is a warning.

    ## Why it matters
    33号令 第十三条 requires the record number at the bottom of the home page, linked to the MIIT record
    system; 宿迁 附件1 deducts for a missing or unlinked number.

    ## Example
    ```html
    <footer>苏ICP备00000001号</footer>   <!-- not linked -->
    ```
    Use instead: ``<a href="https://beian.miit.gov.cn/">苏ICP备00000001号-1</a>``.
    """
    region = _region(page)
    if not _find(ICP_PRESENT_RE, region):
        yield _missing(page, "页脚缺少 ICP 备案号")
        return
    node = _footer_node(page)
    m = _find(ICP_RE, _text(region))
    if not m:
        yield page.hit(node, "页脚的 ICP 备案号格式不正确，应为“省份简称ICP备xxxxxxxx号”", problem="form")
    elif page.site is not None and re.sub(r"\s", "", m.group(0)) != page.site.icp:
        yield page.hit(node, f"页脚的 ICP 备案号“{m.group(0)}”与 site.toml（{page.site.icp}）不一致", problem="value")
    if not _find(MIIT_LINK_RE, region):
        if MIIBEIAN_RE.search(region):
            h = page.hit(node, "ICP 备案号链接到已停用的 miibeian.gov.cn，应链接到 https://beian.miit.gov.cn/",
                         problem="link")
            h.severity = WARNING
            yield h
        else:
            yield page.hit(node, "ICP 备案号未链接到 https://beian.miit.gov.cn/", problem="link")


@rule(id="GOV203", title="页脚展示公安机关备案号、图标并链接到备案页", severity=ERROR, tags=("gov", "footer"),
      source="宿迁市政府网站管理办法 附件1 网站标识")
def footer_police(page, ctx):
    """## What it does
    Checks that the footer shows the 公安机关备案号 (省份简称 + 公网安备 + 14 digits + 号) with its icon,
    linked to the MPS record page (beian.mps.gov.cn, or the older www.beian.gov.cn recordcode page)
    carrying the same 14 digits. The icon is an image named or described as such (公安、备案、
    gongan、beian、ga.png), an image inside or right before the record link, or — for a CSS
    background icon, taken on trust — a record link whose class names it (``class="beian"``).

    ## Why it matters
    宿迁 附件1 lists the public-security record among the mandatory identifiers.

    ## Example
    ```html
    <a href="https://beian.mps.gov.cn/#/query/webSearch?code=32990002000009">苏公网安备32990002000001号</a>
    ```
    The digits differ and there is no icon.
    """
    region = _region(page)
    if not _find(POLICE_PRESENT_RE, region):
        yield _missing(page, "页脚缺少公安机关备案号")
        return
    node = _footer_node(page)
    m = _find(POLICE_NUMBER_RE, _text(region))
    if not m:
        yield page.hit(node, "页脚的公安备案号格式不正确，应为“省份简称公网安备 + 14 位数字 + 号”", problem="form")
        return
    digits = m.group(1)
    if page.site is not None and digits != page.site.police_digits:
        yield page.hit(node, f"页脚的公安备案号与 site.toml 不一致（{page.site.police_record}）", problem="value")
    links = _findall(POLICE_LINKS_RE, region)
    if not links:
        yield page.hit(node, "公安备案号未链接到公安部备案查询页面（beian.mps.gov.cn）", problem="link")
    elif not any(digits in link for link in links):
        yield page.hit(node, f"公安备案链接中的编号与显示的备案号 {digits} 不一致", problem="link")
    if not _police_icon(page, region):
        yield page.hit(node, "公安备案号缺少备案图标", problem="icon")


POLICE_LINK_SEL = 'a[href*="beian.gov.cn"], a[href*="beian.mps.gov.cn"]'
ICON_HINT_RE = re.compile(r"公安|备案|gongan|beian|police|\bga\b|ga\.(png|gif|jpg|svg)", re.I)


@_per_footer
def _icon_image(region: str) -> bool:
    """An image of the region named or described as the 公安备案 icon."""
    return any(ICON_HINT_RE.search(tag) for tag in IMG_TAG_RE.findall(region))


def _police_icon(page, region: str) -> bool:
    """The 公安备案 icon: an image named or described as such, an image inside (or right before)
    the record link, or a record link styled by a class that names it (a CSS background icon,
    which a static check can only take on trust)."""
    if _icon_image(region):
        return True
    scope = page.css_first("footer.site-footer") or page.body
    if scope is None:
        return False
    for link in scope.css(POLICE_LINK_SEL):
        if link.css_first("img") is not None:
            return True
        prev = link.prev
        while prev is not None and prev.tag == "-text" and not (prev.text_content or "").strip():
            prev = prev.prev
        if prev is not None and prev.tag == "img":
            return True
        if ICON_HINT_RE.search((link.attributes.get("class") or "") + " " + (link.attributes.get("style") or "")):
            return True
    return False


@rule(id="GOV204", title="页脚展示党政机关网站标识", severity=ERROR, tags=("gov", "footer"), source=SRC_FOOTER)
def footer_conac(page, ctx):
    """## What it does
    Checks for the 党政机关网站标识: the conac badge script (``_ideConac``, dcs.conac.cn) or a link to
    bszs.conac.cn.

    ## Why it matters
    The badge certifies to citizens that the site belongs to a party or government organ; 宿迁 附件1
    requires it.

    ## Example
    ```html
    <footer>…</footer>   <!-- no conac badge -->
    ```
    Use instead: ``<a href="https://bszs.conac.cn/sitename?method=show&id=…"><img alt="党政机关网站标识" …></a>``.
    """
    region = _region(page)
    if not _find(CONAC_PRESENT_RE, region):
        yield _missing(page, "页脚缺少党政机关网站标识")
    elif not _find(CONAC_LINK_RE, region):
        yield page.hit(_footer_node(page), "党政机关网站标识未链接到 bszs.conac.cn（或未加载 conac 标识脚本）",
                       problem="link")


@rule(id="GOV205", title="页脚有“我为政府网站找错”入口", severity=ERROR, tags=("gov", "footer"),
      source="宿迁市政府网站管理办法 第二十二条、附件1; 南通市政府网站管理办法 第十八条")
def footer_jiucuo(page, ctx):
    """## What it does
    Checks for the 我为政府网站找错 entry on every page: the official ``_jiucuo_`` script with the
    site's ``sitecode`` or a link ``jiucuo.html?site_code=…``. An entry on an older host or without the
    site code (e.g. gov.cn's ``jiucuopage.html``) is a warning.

    ## Why it matters
    南通 第十八条 and 宿迁 第二十二条 require the entry in the footer of every page, routed to the site.

    ## Example
    ```html
    <footer>…</footer>   <!-- no 找错 entry -->
    ```
    Use instead: ``<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3299000001&url=…">我为政府网站找错</a>``.
    """
    region = _region(page)
    if not _find(JIUCUO_PRESENT_RE, region):
        yield _missing(page, "页脚缺少“我为政府网站找错”入口")
        return
    if not _find(JIUCUO_CURRENT_RE, region):
        h = page.hit(_footer_node(page), "找错入口未使用带网站标识码的官方入口（jiucuo 脚本的 sitecode 或 jiucuo.html?site_code=）",
                     problem="legacy")
        h.severity = WARNING
        yield h


@rule(id="GOV206", title="页脚展示主办单位", severity=ERROR, tags=("gov", "footer"),
      source="宿迁市政府网站管理办法 附件1 网站标识")
def footer_host(page, ctx):
    """## What it does
    Checks that the footer names the 主办单位 (and, with site.toml, that it is ``host_org``).

    ## Why it matters
    Citizens must be able to see who runs the site; 宿迁 附件1 lists 主办单位 among the identifiers.

    ## Example
    ```html
    <footer>版权所有：江南市人民政府</footer>
    ```
    Use instead: ``主办单位：江南市人民政府办公室``.
    """
    region = _region(page)
    if not _find(HOST_PRESENT_RE, region):
        yield _missing(page, "页脚缺少主办单位")
    elif page.site is not None and page.site.host_org not in region:
        yield page.hit(_footer_node(page), f"页脚的主办单位不是 site.toml 中的“{page.site.host_org}”", problem="value")


@rule(id="GOV207", title="页脚展示联系方式", severity=ERROR, tags=("gov", "footer"),
      source="宿迁市政府网站管理办法 附件1 网站标识")
def footer_contact(page, ctx):
    """## What it does
    Checks that the footer gives a 联系方式 (phone, e-mail, address or a 联系我们 link).

    ## Why it matters
    宿迁 附件1 requires contact information with the identifiers.

    ## Example
    ```html
    <footer>主办单位：江南市人民政府办公室</footer>
    ```
    Use instead: add ``联系方式：0519-00000000``.
    """
    if not _find(CONTACT_PRESENT_RE, _region(page)):
        yield _missing(page, "页脚缺少联系方式")


@rule(id="GOV208", title="页脚链接网站地图", severity=WARNING, tags=("gov", "footer"),
      source="宝鸡市政府网站管理办法 第十三条(三)")
def footer_sitemap(page, ctx):
    """## What it does
    Checks that the footer links the 网站地图.

    ## Why it matters
    宝鸡 第十三条(三) requires a site map kept in sync with the columns; the footer is where visitors
    look for it.

    ## Example
    ```html
    <footer>…</footer>   <!-- no 网站地图 link -->
    ```
    """
    region = _region(page)
    if not _find(SITEMAP_TEXT_RE, region) and not _find(SITEMAP_HREF_RE, region):
        yield _missing(page, "页脚没有网站地图链接")


@rule(id="GOV209", title="页脚展示中文域名", severity=WARNING, tags=("gov", "footer"),
      source="宝鸡市政府网站管理办法 第八条(二)")
def footer_chinese_domain(page, ctx):
    """## What it does
    Checks that the footer shows the site's 中文域名 (ending in .政务 or .公益).

    ## Why it matters
    宝鸡 第八条(二) requires government sites to register and display a Chinese domain.

    ## Example
    ```html
    <footer>…</footer>   <!-- no 江南市人民政府.政务 -->
    ```
    """
    region = _text(_region(page))
    if page.site is not None:
        if page.site.chinese_domain not in region:
            yield _missing(page, f"页脚没有展示中文域名 {page.site.chinese_domain}")
    elif not _find(CHINESE_DOMAIN_RE, region):
        yield _missing(page, "页脚没有展示中文域名（.政务 / .公益）")


@rule(id="GOV210", title="页头展示网站全称", severity=ERROR, tags=("gov", "header"),
      source="宝鸡市政府网站管理办法 第七条(四)")
def header_site_name(page, ctx):
    """## What it does
    Checks that the page header shows the site's full name (site.toml ``name``; without site.toml, the
    ``SiteName`` tag).

    ## Why it matters
    宝鸡 第七条(四) requires the full site name in the header of every page so visitors know whose site
    they are on.

    ## Example
    ```html
    <header><a class="site-name">江南市政府</a></header>   <!-- abbreviated -->
    ```
    """
    name = page.site.name if page.site is not None else page.meta("SiteName")
    if not name:
        return
    header = page.css_first("header")
    if header is not None:
        text = header.text(separator="")
    else:
        body = page.body
        full = body.text(separator="") if body is not None else ""
        text = full[: max(400, len(full) // 5)]
    if name in WS_RE.sub("", text):
        return
    if header is not None:
        imgs = " ".join(n.attributes.get("alt") or "" for n in header.css("img"))
    else:
        imgs = " ".join(n.attributes.get("alt") or "" for n in (page.css("img")[:5]))
    if name not in imgs:
        yield page.hit(header or page.body, f"页头没有展示网站全称“{name}”")


@rule(id="GOV301", title="域名以 .gov.cn 结尾并符合门户/部门规则", severity=ERROR, tags=("gov", "domain"),
      source="政府网站发展指引（国办发〔2017〕47号）域名规范; 宿迁 第九条; 南通 第五条", scope="site")
def domain_rules(site, ctx):
    """## What it does
    Checks the site's domain: a bare host ending in ``.gov.cn``; a portal is ``www.<x>.gov.cn``; a
    department site ``<y>.<x>.gov.cn`` under its portal's ``<x>.gov.cn``. With ``--html-dir`` and no
    site.toml, the ``SiteDomain`` tag of the pages is checked instead.

    ## Why it matters
    47号文 reserves ``.gov.cn`` for government sites and fixes the structure of department domains under
    the city's portal.

    ## Example
    ```toml
    domain = "jiaoyu.jiangnan.com"
    ```
    """
    s = site.site
    if s is not None:
        for p in s.deferred:
            if p.code == "GOV301":
                yield site.hit(f"site.toml {_problem_text(p)}", file="site.toml", line=p.line, key=p.key)
        return
    # a SiteDomain tag may list several hosts of one site ("fgw.zj.gov.cn,www.zjdpc.gov.cn")
    domains = {d.strip() for p in site.pages for v in (p.metas.get("SiteDomain") or [])
               for d in re.split(r"[,，;；\s]+", v) if d.strip()}
    for d in sorted(domains):
        host = d.lower().removeprefix("http://").removeprefix("https://").split("/", 1)[0].split(":", 1)[0]
        if not GOV_HOST_RE.match(host):
            yield site.hit(f"SiteDomain“{d}”不是以 .gov.cn 结尾的政府网站域名", domain=d)
