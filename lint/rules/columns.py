"""COL: columns (栏目) and freshness (更新) — every rule dated against the check date.

A column's items come from its Markdown records (the platform index) when the site
is linted from its sources, and from the visible dates of its built pages
(``<time>`` in ``<main>``, the PubDate of its content pages) for a site linted with
``--html-dir``. Items dated after the check date (never published, COL008) and
archived items (已归档, ``Archived:``) leave the counts. A parent column counts the
items of its sub-columns (二级栏目).

Freshness follows the inspectors' window: a column with a limit of N days is stale
on the check date T when none of its items is dated in the N days ending on T, i.e.
from ``last + N`` on. Freshness looks ahead: a column that is still fresh but goes
stale within ``--warn-days`` (default 3) days is reported beforehand as a warning of
the same rule, with the date it will fail.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from jiyue.metadata import parse_datetime
from jiyue.siteconfig import COLUMN_KINDS, required_kinds
from jiyue.workdays import add_workdays, workdays_between
from lint.model import ERROR, WARNING
from lint.page import Page
from lint.registry import rule

SRC_19 = "国办秘函〔2019〕19号 政府网站检查指标"
NEWS_DAYS = 14  # 19号文: 动态、要闻类栏目 2 周; 南通 第六条
POLICY_DAYS = 183  # 19号文: 通知公告、政策文件类栏目 6 个月; 南通 第六条
HOME_DAYS = 14  # 19号文: 首页 2 周
REGULATED = {"news": NEWS_DAYS, "notice": POLICY_DAYS, "policy": POLICY_DAYS}
VETO_REGULATED = 5  # 动态要闻、通知公告、政策文件类栏目累计超过（含）5 个未更新
VETO_STALE = 10  # 应更新但长期未更新的栏目超过（含）10 个
VETO_EMPTY = 5  # 空白栏目超过（含）5 个
UNANSWERED_MONTHS = 3  # 有效留言 3 个月未回应

FULL_DATE_RE = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
SHORT_DATE_RE = re.compile(r"(?<![\d-])(\d{1,2})[-/.月](\d{1,2})日?(?![\d-])")
HIDDEN_CLASS_RE = re.compile(r"(?:^|\s)(visually-hidden|sr-only|hidden|hide)(?:\s|$)")
NAV_WORDS = {"nav", "navbar", "navigation", "menu", "menus", "crumb", "crumbs", "breadcrumb", "breadcrumbs", "pager",
             "pagination", "paging", "sitemap", "subcolumn", "subcolumns", "dh", "fy"}  # block or list
LIST_NAV_WORDS = NAV_WORDS | {"tab", "tabs", "link", "links", "friendlink", "friendlinks", "yqlj",
                              "quicklinks"}  # on the list itself only
CONTENT_WORDS = {"content", "con", "body", "panel", "pane", "item", "items", "news"}
NAV_TAGS = ("nav", "header", "footer", "aside")


# --------------------------------------------------------------------------------------------
# dates


def _day(value: str | None) -> date | None:
    if not value:
        return None
    m = FULL_DATE_RE.search(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Item:
    day: date
    file: str | None = None
    line: int | None = None


@dataclass
class Freshness:
    state: str  # ok | warn | stale | empty | none (no limit)
    last: date | None
    limit: int | None
    fail: date | None  # the first day the column is stale


def _freshness(last: date | None, limit: int | None, ctx) -> Freshness:
    if limit is None:
        return Freshness("none", last, None, None)
    if last is None:
        return Freshness("empty", None, limit, None)
    fail = last + timedelta(days=limit)
    if ctx.today >= fail:
        return Freshness("stale", last, limit, fail)
    if (fail - ctx.today).days <= ctx.warn_days:
        return Freshness("warn", last, limit, fail)
    return Freshness("ok", last, limit, fail)


# --------------------------------------------------------------------------------------------
# a site's columns and their items (computed once per site run)


@dataclass
class ColumnState:
    column: object  # jiyue.siteconfig.Column
    items: list[Item]

    @property
    def last(self) -> date | None:
        return max((i.day for i in self.items), default=None)

    @property
    def empty(self) -> bool:
        return not self.items


def _descendants(columns) -> dict[str, set[str]]:
    children: dict[str, list[str]] = {}
    for c in columns:
        if c.parent:
            children.setdefault(c.parent, []).append(c.id)
    out = {}
    for c in columns:
        seen, todo = {c.id}, [c.id]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        out[c.id] = seen
    return out


def _own_items_from_records(site, ctx) -> dict[str, list[Item]]:
    own: dict[str, list[Item]] = {}
    for r in site.target.records:
        if r.future or r.archived or not r.date:
            continue
        day = _day(r.date)
        if day is None:
            continue
        own.setdefault(r.column, []).append(Item(day, r.source, r.lines.get("date")))
    return own


def _own_items_from_pages(site, ctx) -> dict[str, list[Item]]:
    """``--html-dir``: the dated items of each column folder's pages."""
    own: dict[str, list[Item]] = {}
    for p in site.pages:
        if not p.column or p.metas.get("ArchiveDate"):
            continue
        if p.type == "content":
            pub = _day((p.metas.get("PubDate") or [""])[0])
            days = [pub] if pub else [_day(d) for d in p.dates[:1]]
        elif p.type == "column":
            days = [_day(d) for d in p.dates]
        else:
            continue
        for day in days:
            if day is not None and day <= ctx.today:
                own.setdefault(p.column, []).append(Item(day))
    return own


def column_states(site, ctx) -> list[ColumnState]:
    cached = getattr(site, "_jiyue_columns", None)
    if cached is not None:
        return cached
    cfg = site.site
    states: list[ColumnState] = []
    if cfg is not None:
        from_records = site.target.src_dir is not None
        own = _own_items_from_records(site, ctx) if from_records else _own_items_from_pages(site, ctx)
        tree = _descendants(cfg.columns)
        for c in cfg.columns:
            items = [i for cid in sorted(tree[c.id]) for i in own.get(cid, ())]
            states.append(ColumnState(c, items))
    site._jiyue_columns = states
    return states


def _column_hit(site, state: ColumnState, message: str, severity: str | None = None, **extra):
    c = state.column
    h = site.hit(message, page=c.url, file="site.toml", line=c.line, column=c.id, **extra)
    if severity:
        h.severity = severity
    return h


def _fresh_hits(site, ctx, state: ColumnState, limit: int, limit_text: str):
    f = _freshness(state.last, limit, ctx)
    name = state.column.name
    extra = {"last_update": f.last.isoformat() if f.last else None,
             "fail_date": f.fail.isoformat() if f.fail else None, "limit_days": limit}
    if f.state == "stale":
        yield _column_hit(site, state, f"栏目“{name}”最近更新于 {f.last}，已于 {f.fail} 超过 {limit_text}未更新",
                          days_since=(ctx.today - f.last).days, **extra)
    elif f.state == "warn":
        yield _column_hit(site, state, f"栏目“{name}”最近更新于 {f.last}，将于 {f.fail} 超过 {limit_text}未更新",
                          WARNING, **extra)


def _limit_text(days: int) -> str:
    return "6 个月（183 天）" if days == POLICY_DAYS else f"{days} 天"


# --------------------------------------------------------------------------------------------
# rules


@rule(id="COL001", title="必备栏目齐全", severity=ERROR, tags=("col", "columns", "config"),
      source="政府网站发展指引（国办发〔2017〕47号）信息发布; 宿迁市政府网站管理办法 附件1 发布解读; 南通市政府网站管理办法 第六条",
      scope="site")
def required_columns(site, ctx):
    """## What it does
    Checks that the site declares a column of every kind its site kind requires (CONTRACT §1.1): a
    portal needs overview, organization, leaders, news, policy, interpretation, disclosure, data,
    service, interaction and survey; a department site the same less overview, and less service
    unless ``provides_services = true``. A platform build stops on a missing kind before anything is
    written; with ``--html-dir --site-config`` the loader defers the problem and this rule reports it.
    Without a site.toml there is nothing to check.

    ## Why it matters
    47号文 (信息发布) and 南通 第六条 list the information every government site must publish (概况、
    机构、领导、动态、政策文件、解读、数据、办事、互动); 宿迁 附件1 deducts for each missing category.

    ## Example
    ```toml
    [site]
    kind = "department"
    # no [[column]] with kind = "interaction"  → COL001: 缺少必备栏目类别 interaction（咨询投诉）
    ```
    """
    cfg = site.site
    if cfg is None:
        return
    deferred = {}
    for p in cfg.deferred:
        if p.code == "COL001":
            m = re.search(r"类别 ([a-z]+)", p.message)
            deferred[m.group(1) if m else p.message] = p
    have = {c.kind for c in cfg.columns}
    need = required_kinds(cfg.kind, bool(cfg.provides_services))
    label = "门户网站" if cfg.kind == "portal" else "部门网站"
    for kind in need:
        if kind in have:
            continue
        p = deferred.get(kind)
        yield site.hit(f"缺少必备栏目类别 {kind}（{COLUMN_KINDS[kind][0]}）：{label}须有"
                       + "、".join(COLUMN_KINDS[k][0] for k in need) + "栏目",
                       file="site.toml", line=p.line if p else None, kind=kind)


@rule(id="COL002", title="没有空白栏目", severity=ERROR, tags=("col", "columns", "freshness"),
      source=f"{SRC_19} 栏目不更新（空白栏目）; 宝鸡市政府网站管理办法 第十九条", scope="site")
def empty_column(site, ctx):
    """## What it does
    Reports every column declared in site.toml that has no published item: no article (and no
    article of its sub-columns) dated on or before the check date and not archived. With
    ``--html-dir``, a column is empty when its folder has no dated page (no ``<time>`` on its column
    pages, no content page with a PubDate). The finding points to the column page
    ``<column_id>/index.html``.

    ## Why it matters
    19号文 counts a column that never carried any information as 空白栏目 (“开天窗”); five or more make the
    site fail outright (宝鸡 第十九条, COL010).

    ## Example
    ```toml
    [[column]]
    id = "ztzl"
    name = "专题专栏"   # site_src/jiangnan/ztzl/ holds no article → COL002
    ```
    Publish the column's first article, or remove the column from site.toml.
    """
    for state in column_states(site, ctx):
        if state.empty:
            yield _column_hit(site, state, f"栏目“{state.column.name}”是空白栏目，没有任何已发布的信息")


@rule(id="COL003", title="动态类栏目 14 天内有更新", severity=ERROR, tags=("col", "freshness"),
      source=f"{SRC_19} 栏目不更新; 南通市政府网站管理办法 第六条; 宿迁市政府网站管理办法 附件1 动态要闻", scope="site")
def news_fresh(site, ctx):
    """## What it does
    Checks every column of kind ``news`` (动态、要闻): it must have an item dated within the 14 days
    ending on the check date (``--today``). A column last updated on day D is stale from D + 14 on; three
    days before (``--warn-days``) it is reported as a warning with the date it will fail. The date is the
    article's ``Date`` (future-dated and archived articles do not count); with ``--html-dir``, the visible
    ``<time>`` dates of the column pages and the PubDate of its content pages. Empty columns are COL002's.

    ## Why it matters
    南通 第六条 requires 动态 at least every two weeks; 19号文 counts a news column without an update in the
    two weeks before the 监测时间点 as 未更新, and five such columns veto the site (COL010); 宿迁 附件1
    deducts 5 points.

    ## Example
    ```text
    zwdt/2026-11-01-a.md   Date: 2026-11-01 09:00   (newest article of 政务动态)
    --today 2026-11-24     → COL003: 栏目“政务动态”最近更新于 2026-11-01，已于 2026-11-15 超过 14 天未更新
    --today 2026-11-12     → COL003 (warning): …将于 2026-11-15 超过 14 天未更新
    ```
    """
    for state in column_states(site, ctx):
        if state.column.kind == "news" and not state.empty:
            yield from _fresh_hits(site, ctx, state, NEWS_DAYS, _limit_text(NEWS_DAYS))


@rule(id="COL004", title="通知公告、政策文件栏目 6 个月内有更新", severity=ERROR, tags=("col", "freshness"),
      source=f"{SRC_19} 栏目不更新; 南通市政府网站管理办法 第六条", scope="site")
def policy_fresh(site, ctx):
    """## What it does
    Checks every column of kind ``notice`` (通知公告) or ``policy`` (政策文件): it must have an item dated
    within the 6 months (183 days) ending on the check date. Stale from last update + 183 days; reported
    as a warning ``--warn-days`` before. Dates as for COL003; empty columns are COL002's.

    ## Why it matters
    南通 第六条 requires 政策文件 at least every six months; 19号文 counts 通知公告、政策文件类栏目 without an
    update in the six months before the 监测时间点 as 未更新 (five such columns veto the site, COL010).

    ## Example
    ```text
    tzgg: newest Date 2026-05-01   --today 2026-11-24
    → COL004: 栏目“通知公告”最近更新于 2026-05-01，已于 2026-10-31 超过 6 个月（183 天）未更新
    ```
    """
    for state in column_states(site, ctx):
        if state.column.kind in ("notice", "policy") and not state.empty:
            yield from _fresh_hits(site, ctx, state, POLICY_DAYS, _limit_text(POLICY_DAYS))


@rule(id="COL005", title="栏目按更新周期更新", severity=WARNING, tags=("col", "freshness"),
      source=f"{SRC_19} 应更新但长期未更新; 宿迁市政府网站管理办法 附件1", scope="site")
def column_update_days(site, ctx):
    """## What it does
    Checks every column with an update limit — its own ``update_days`` in site.toml, else its kind's
    default (政策解读、数据发布 183 天, 咨询投诉 60 天, 调查征集 365 天; CONTRACT §1.1) — against that limit,
    dated like COL003, with the same look-ahead. News, notice and policy columns are COL003/COL004's:
    they are checked here only against a stricter ``update_days``, and only while they still meet the
    regulatory limit. Empty columns are COL002's.

    ## Why it matters
    19号文 counts 应更新但长期未更新 columns, ten of which veto the site (COL010); 宿迁 附件1 deducts 3 points
    per such column, and for 互动交流 not updated within two months.

    ## Example
    ```toml
    [[column]]
    id = "sjfb"
    kind = "data"        # newest article 2026-04-01, --today 2026-11-24 → COL005 (183 天)
    ```
    """
    for state in column_states(site, ctx):
        c = state.column
        limit = c.freshness_days
        if limit is None or state.empty:
            continue
        regulated = REGULATED.get(c.kind)
        if regulated is not None:
            if c.update_days is None or c.update_days >= regulated:
                continue
            if _freshness(state.last, regulated, ctx).state == "stale":
                continue  # COL003/COL004 report it
        yield from _fresh_hits(site, ctx, state, limit, _limit_text(limit) if limit != POLICY_DAYS else "183 天")


@rule(id="COL006", title="首页 14 天内有更新", severity=ERROR, tags=("col", "freshness", "home"),
      source=f"{SRC_19} 首页不更新")
def home_fresh(page, ctx):
    """## What it does
    On the home page, finds the newest date shown in ``<main>`` (``<time datetime>`` values and date text
    such as 2026-11-20 or 2026年11月20日; dates after the check date are ignored) and requires it within the
    14 days ending on the check date. Reported as a warning ``--warn-days`` before it goes stale.

    ## Why it matters
    19号文 makes a home page without new information in the two weeks before the 监测时间点 a single-item
    veto (首页不更新).

    ## Example
    ```html
    <main><ul class="item-list">
      <li><a href="zwdt/a.html">…</a><time datetime="2026-10-01">2026-10-01</time></li>
    </ul></main>
    ```
    With ``--today 2026-11-24`` → COL006: 首页最近的信息日期为 2026-10-01，已于 2026-10-15 超过 14 天未更新.
    """
    if page.type != "home":
        return
    main = page.css_first("main") or page.body
    if main is None:
        return
    days = []
    for t in page.main_times:  # = main.css("time")
        d = _day(t.attributes.get("datetime") or "") or _day(t.text())
        if d and not _hidden(t, main):
            days.append(d)
    days += [d for d in (_day(m.group(0)) for m in FULL_DATE_RE.finditer(_visible_text(main))) if d]
    days = [d for d in days if d <= ctx.today]
    last = max(days, default=None)
    f = _freshness(last, HOME_DAYS, ctx)
    if f.state == "empty":
        yield page.hit(main, "首页没有展示任何带日期的信息（无法判断首页是否更新）", origin="page", last_update=None)
    elif f.state == "stale":
        yield page.hit(main, f"首页最近的信息日期为 {last}，已于 {f.fail} 超过 {HOME_DAYS} 天未更新", origin="page",
                       last_update=last.isoformat(), fail_date=f.fail.isoformat())
    elif f.state == "warn":
        h = page.hit(main, f"首页最近的信息日期为 {last}，将于 {f.fail} 超过 {HOME_DAYS} 天未更新", origin="page",
                     last_update=last.isoformat(), fail_date=f.fail.isoformat())
        h.severity = WARNING
        yield h


NOT_PUBDATE = ("article-body", "archive-banner", "message-meta", "policy-links")


def _excluded(node, stop, selectors_classes=NOT_PUBDATE) -> bool:
    """True when ``node`` sits inside a hidden element or, with ``selectors_classes``, in a region that
    does not give the page's publish date (the article text, the archive banner, the 留言 dates, lists
    of related articles)."""
    stop_id = stop.mem_id if stop is not None else None
    cur = node
    while cur is not None and cur.mem_id != stop_id:
        attrs = cur.attributes
        if selectors_classes and cur.tag == "li" and cur.css_first("a[href]") is not None:
            return True
        if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
            return True
        cls = attrs.get("class")
        if cls and HIDDEN_CLASS_RE.search(cls):
            return True
        style = attrs.get("style")
        if style:
            style = style.replace(" ", "").lower()
            if "display:none" in style or "visibility:hidden" in style:
                return True
        if cls and selectors_classes:
            classes = cls.split()
            if any(c in classes for c in selectors_classes):
                return True
        cur = cur.parent
    return False


def _hidden(node, stop) -> bool:
    return _excluded(node, stop, ())


def _has_date(node, stop, short_ok: bool) -> bool:
    for t in node.css("time"):
        if (_day(t.attributes.get("datetime") or "") or _day(t.text())) and not _hidden(t, stop):
            return True
    text = _visible_text(node)
    if FULL_DATE_RE.search(text):
        return True
    return bool(short_ok and SHORT_DATE_RE.search(text))


HIDDEN_SEL = "[hidden], [aria-hidden=true], .visually-hidden, .sr-only, [style*=none], [style*=hidden]"


def _visible_text(node, drop: tuple[str, ...] = ()) -> str:
    """The text of ``node`` without what is hidden, and without the regions ``drop`` (``li`` = list
    items holding a link, i.e. lists of other articles)."""
    text = node.text(separator=" ")
    for sel in (HIDDEN_SEL,) + drop:
        for n in node.css(sel):
            if sel == HIDDEN_SEL and not _hidden(n, node.parent):
                continue
            if sel == "li" and n.css_first("a[href]") is None:
                continue
            text = text.replace(n.text(separator=" "), " ", 1)
    return text


def _navlike(node, words=NAV_WORDS) -> bool:
    """A block or list whose class or id names navigation (nav, menu, breadcrumb, pager; for the list
    itself also tab headers and link blocks) — but not a tab's content (``tab-content``)."""
    for token in ((node.attributes.get("class") or "") + " " + (node.attributes.get("id") or "")).lower().split():
        parts = set(re.split(r"[-_]", token))
        if parts & words and not parts & CONTENT_WORDS:
            return True
        if any(w in token for w in ("nav", "menu", "crumb", "pagination")):
            return True
    return False


def _in_nav(node, stop) -> bool:
    cur = node.parent
    while cur is not None and (stop is None or cur.mem_id != stop.mem_id):
        if cur.tag in NAV_TAGS or (cur.attributes.get("role") or "") == "navigation":
            return True
        if cur.tag in ("ul", "ol", "div") and _navlike(cur):
            return True
        cur = cur.parent
    return False


def _item_lists(page, main):
    """The lists of items of a home or column page: the theme's ``.item-list``; on pages built
    elsewhere, the ``ul``/``ol`` in ``<main>`` (else the body) outside navigation that date at least
    one of their items — such pages also hold menus and link blocks that are not lists of items, and
    without the theme's markup a list that dates nothing cannot be told from them."""
    themed = main.css("ul.item-list, ol.item-list")
    if themed:
        return [lst for lst in themed if not _in_nav(lst, main)]
    out = []
    for lst in main.css("ul, ol"):
        if _in_nav(lst, main) or _navlike(lst, LIST_NAV_WORDS):
            continue
        items = [li for li in lst.iter() if li.tag == "li" and li.css_first("a[href]") is not None]
        if not items:
            continue
        if not any(_has_date(li, main, True) for li in items):
            continue
        out.append(lst)
    return out


@rule(id="COL007", title="内容页和列表项显示发布日期", severity=ERROR, tags=("col", "freshness", "dates"),
      source="2015年第一次全国政府网站普查（国办发〔2015〕15号）: 无日期信息视为未更新")
def visible_dates(page, ctx):
    """## What it does
    On content pages, requires a visible publish date in ``<main>`` outside the article text: a ``<time>``
    (not hidden) or date text such as 2026-11-20 / 2026年11月20日. A ``PubDate`` tag alone does not count,
    nor the 归档时间 of the archive banner or the 留言/答复 dates. On home and column pages, requires a date on
    every item of the lists of items (``li`` holding a link in ``ul.item-list``; on pages built elsewhere, the
    lists in ``<main>`` outside nav, breadcrumb, pagination, tab headers and link blocks that date at least one
    of their items — an undated item in a dated list is the failure this finds there). A short ``11-20`` counts
    on list items. Lists in tables are not inspected.

    ## Why it matters
    Inspectors cannot tell when undated information was published; the 2015 census (普查) counts undated
    items as not updated, which makes fresh columns fail COL003–COL006.

    ## Example
    ```html
    <ul class="item-list"><li><a href="../zwdt/a.html">关于……的通知</a></li></ul>   <!-- no date -->
    ```
    Use instead: ``<li><a …>…</a><time datetime="2026-11-20">2026-11-20</time></li>``.
    """
    main = page.css_first("main") or page.body
    if main is None:
        return
    if page.type == "content":
        for t in page.main_times:  # = main.css("time")
            if (_day(t.attributes.get("datetime") or "") or _day(t.text())) and not _excluded(t, main):
                return
        if FULL_DATE_RE.search(_visible_text(main, tuple("." + c for c in NOT_PUBDATE) + ("li",))):
            return
        yield page.hit(page.css_first("h1") or main, "内容页没有可见的发布日期（仅有 PubDate 标签不算）")
        return
    if page.type not in ("home", "column"):
        return
    for lst in _item_lists(page, main):
        for li in lst.iter():
            if li.tag != "li":
                continue
            link = li.css_first("a[href]")
            if link is None or _has_date(li, main, True):
                continue
            title = re.sub(r"\s+", " ", link.text()).strip()[:40]
            yield page.hit(li, f"列表项“{title}”没有显示发布日期", anchor=title)


@rule(id="COL008", title="发布时间不晚于检查日期", severity=ERROR, tags=("col", "freshness", "dates"),
      source=f"{SRC_19} 严重问题（伪造发稿日期）", scope="site")
def future_date(site, ctx):
    """## What it does
    Reports every page whose ``PubDate`` is later than the check date (``--today``), on the line of the
    tag, and every Markdown article dated after the check date — the build never publishes those, so the
    finding names the Markdown file and the line of its ``Date``.

    ## Why it matters
    19号文 treats a publish date in the future as 伪造发稿日期 (a fake date to look fresh): a serious problem
    and a single-item veto.

    ## Example
    ```text
    zwdt/2026-12-01-hy.md   Date: 2026-12-01 09:00   --today 2026-11-24
    → COL008: 文章发布时间 2026-12-01 09:00 晚于检查日期 2026-11-24（未发布；伪造发稿日期）
    ```
    """
    reported = set()
    by_url = {r.url: r for r in site.target.records}
    for p in site.pages:
        value = (p.metas.get("PubDate") or [""])[0]
        day = _day(value)
        if day is None or day <= ctx.today:
            continue
        rec = by_url.get(p.path)
        msg = f"PubDate {value} 晚于检查日期 {ctx.today}（伪造发稿日期）"
        if rec is not None:
            reported.add(rec.url)
            yield site.hit(msg, page=p.path, file=rec.source, line=rec.lines.get("date"))
        else:
            yield site.hit(msg, page=p.path, line=_meta_line(site, p.path, "PubDate"), origin="page")
    for r in site.target.records:
        if r.future and r.url not in reported:
            yield site.hit(f"文章发布时间 {r.date} 晚于检查日期 {ctx.today}（未发布；伪造发稿日期）",
                           page=None, file=r.source, line=r.lines.get("date"))


def _meta_line(site, path: str, name: str) -> int | None:
    try:
        html = (site.target.out_dir / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(rf"<meta[^>]*name\s*=\s*[\"']?{re.escape(name)}\b", html, re.I)
    return html.count("\n", 0, m.start()) + 1 if m else None


@rule(id="COL009", title="网站地图与栏目一致", severity=ERROR, tags=("col", "columns", "sitemap"),
      source="宝鸡市政府网站管理办法 第十三条(三)", scope="site")
def sitemap_columns(site, ctx):
    """## What it does
    Compares the links in ``<main>`` of the 网站地图 (``sitemap.html``) with the columns of site.toml: every
    column's page ``<column_id>/index.html`` must be listed (under the column's name), and nothing else of
    the site may be — a link to a folder that is not a column, to an article or to page 2 of a column. A link
    to the home page and links to other sites are allowed. A site without ``sitemap.html`` is reported once.
    Needs a site.toml.

    ## Why it matters
    宝鸡 第十三条(三) requires a site map kept in step with the columns: a stale map sends visitors to removed
    columns and hides new ones.

    ## Example
    ```html
    <main><ul class="sitemap-tree"><li><a href="./zwdt/index.html">政务动态</a></li>
    <li><a href="./old/index.html">旧栏目</a></li></ul></main>
    ```
    → COL009 for every column missing from the list and for “旧栏目”.
    """
    cfg = site.site
    if cfg is None or not cfg.columns:
        return
    sid = site.target.site_id
    path = next((p.path for p in site.pages if p.type == "sitemap"), None)
    if path is None and ctx.exists(sid, "sitemap.html"):
        path = "sitemap.html"
    if path is None:
        yield site.hit("网站没有网站地图页面 sitemap.html", page=None)
        return
    try:
        raw = (site.target.out_dir / path).read_bytes()
    except OSError:
        return
    page = Page(raw.decode("utf-8", errors="replace"), path, type="sitemap", site=cfg, site_id=sid)
    main = page.css_first("main") or page.body
    if main is None:
        return
    columns = {c.id: c for c in cfg.columns}
    listed: set[str] = set()
    for a in main.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        target = ctx.resolve(path, href)
        if target is None or target[0] != sid or target[1].startswith("\x00"):
            continue
        tpath = target[1]
        text = re.sub(r"\s+", "", a.text())
        m = re.fullmatch(r"([^/.]+)(?:/index\.html?)?", tpath)  # "zwdt/", "zwdt" or "zwdt/index.html"
        if m and m.group(1) in columns:
            c = columns[m.group(1)]
            listed.add(c.id)
            if text and text != re.sub(r"\s+", "", c.name):
                yield site.hit(f"网站地图中栏目 {c.id} 的名称为“{text}”，与 site.toml 的“{c.name}”不一致",
                               page=path, line=page.line_of(a), origin="page", column=c.id)
        elif tpath in ("index.html", "index.htm"):
            continue
        else:
            yield site.hit(f"网站地图列出了不是栏目的条目“{text or href}”（{href}）", page=path,
                           line=page.line_of(a), origin="page", anchor=href)
    anchor_node = main.css_first(".sitemap-tree") or main
    for c in cfg.columns:
        if c.id not in listed:
            yield site.hit(f"网站地图缺少栏目“{c.name}”（{c.url}）", page=path, line=page.line_of(anchor_node),
                           origin="page", column=c.id)


def _veto_counts(site, ctx, states):
    regulated, stale, empty = [], [], []
    for s in states:
        c = s.column
        if s.empty:
            empty.append(c.name)
        limit = REGULATED.get(c.kind)
        if limit is not None and (s.empty or _freshness(s.last, limit, ctx).state == "stale"):
            regulated.append(c.name)
        fd = c.freshness_days
        if fd is not None and (s.empty or _freshness(s.last, fd, ctx).state == "stale"):
            stale.append(c.name)
    return regulated, stale, empty


def _veto_reasons(regulated, stale, empty) -> list[str]:
    reasons = []
    if len(regulated) >= VETO_REGULATED:
        reasons.append(f"动态要闻、通知公告、政策文件类栏目未更新 {len(regulated)} 个（{'、'.join(regulated)}）")
    if len(stale) >= VETO_STALE:
        reasons.append(f"应更新但长期未更新的栏目 {len(stale)} 个（{'、'.join(stale)}）")
    if len(empty) >= VETO_EMPTY:
        reasons.append(f"空白栏目 {len(empty)} 个（{'、'.join(empty)}）")
    return reasons


@rule(id="COL010", title="栏目不更新单项否决", severity=ERROR, tags=("col", "freshness", "veto"),
      source=f"{SRC_19} 单项否决（栏目不更新）; 宝鸡市政府网站管理办法 第十九条", scope="site")
def column_veto(site, ctx):
    """## What it does
    Counts, on the check date, as 19号文 does: (1) news (14 天), notice and policy (6 个月) columns not updated
    — five or more veto the site; (2) columns with any update limit (``update_days`` or a kind default) not
    updated within it — ten or more veto; (3) empty columns (空白栏目) — five or more veto. A column that never
    carried information has not been updated either, so an empty column with a limit counts in (1)/(2) too.
    Reported once per site with the counts and the column names; when the site will reach a threshold within
    ``--warn-days``, a warning names the date.

    ## Why it matters
    19号文 单项否决: “监测时间点前2周内的动态、要闻类栏目，以及监测时间点前6个月内的通知公告、政策文件类栏目，
    累计超过（含）5个未更新；应更新但长期未更新的栏目数超过（含）10个；空白栏目数量超过（含）5个” — any one of
    them and the site is judged 不合格 without further scoring (宝鸡 第十九条; 宿迁 附件1).

    ## Example
    ```text
    5 news columns whose newest article is older than 14 days on --today
    → COL010: 单项否决（栏目不更新）：动态要闻、通知公告、政策文件类栏目未更新 5 个（…）
    ```
    """
    states = column_states(site, ctx)
    if not states:
        return
    reasons = _veto_reasons(*_veto_counts(site, ctx, states))
    if reasons:
        yield site.hit("单项否决（栏目不更新）：" + "；".join(reasons), page=None, file="site.toml")
        return
    for ahead in range(1, ctx.warn_days + 1):
        later = _Later(ctx, ahead)
        reasons = _veto_reasons(*_veto_counts(site, later, states))
        if reasons:
            h = site.hit(f"将于 {later.today} 触发单项否决（栏目不更新）：" + "；".join(reasons), page=None,
                         file="site.toml", fail_date=later.today.isoformat())
            h.severity = WARNING
            yield h
            return


class _Later:
    """The context as it will be ``days`` days after the check date (look-ahead)."""

    def __init__(self, ctx, days: int):
        self.today = ctx.today + timedelta(days=days)
        self.warn_days = 0


def _messages(site):
    for r in site.target.records:
        if r.kind != "interaction" or r.future:
            continue
        asked = parse_datetime(r.asked or "")
        if asked is None:
            continue
        answered = parse_datetime(r.answered) if r.answered else None
        yield r, asked.date(), answered.date() if answered else None


@rule(id="COL011", title="有咨询渠道且留言 3 个月内有答复", severity=ERROR, tags=("col", "interaction", "veto"),
      source=f"{SRC_19} 单项否决（互动回应差）; 宝鸡市政府网站管理办法 第十九条", scope="site")
def interaction_channel(site, ctx):
    """## What it does
    Checks that the site offers a consultation channel — a column of kind ``interaction`` (咨询投诉/留言) —
    and that no 留言 in it is still unanswered three calendar months after its ``Asked`` date: a question
    asked on D must have an ``Answered`` date on or before the check date, before D + 3 months. A question
    about to reach three months within ``--warn-days`` is reported as a warning with the date. A 留言
    answered only after three months, when those three months ended within the year before the check
    date, is reported too (19号文 counts it as 互动回应差). The finding
    names the Markdown file and the line of ``Asked``. Needs site.toml (and the sources for the 留言).

    ## Why it matters
    19号文 单项否决 互动回应差: 未提供网上有效咨询建言渠道, or 有效留言 3 个月未回应 (宝鸡 第十九条) — either
    makes the site 不合格.

    ## Example
    ```text
    hdjl/2026-08-01-zx.md   Asked: 2026-08-01 10:00   (no Answered)   --today 2026-11-24
    → COL011: 留言于 2026-08-01 提出，至 2026-11-01 已满 3 个月仍未答复
    ```
    """
    cfg = site.site
    if cfg is None:
        return
    if not cfg.columns_of_kind("interaction"):
        yield site.hit("网站没有咨询建言渠道（缺少 kind = \"interaction\" 的互动交流栏目）", page=None,
                       file="site.toml")
    year_ago = _add_months(ctx.today, -12)
    for r, asked, answered in _messages(site):
        due = _add_months(asked, UNANSWERED_MONTHS)
        page = r.url if ctx.exists(site.target.site_id, r.url) else None
        line = r.lines.get("asked")
        if answered is not None and answered <= ctx.today:
            # 19号文 互动回应差: a 留言 left three months without a reply within the past year
            # counts even if it was answered later.
            if answered >= due and due >= year_ago:
                yield site.hit(f"留言“{r.title}”于 {asked} 提出，{answered} 才答复，超过 3 个月（{due} 起）未答复",
                               page=page, file=r.source, line=r.lines.get("answered") or line, due=due.isoformat())
            continue
        if ctx.today >= due:
            yield site.hit(f"留言“{r.title}”于 {asked} 提出，至 {due} 已满 3 个月仍未答复", page=page,
                           file=r.source, line=line, due=due.isoformat())
        elif (due - ctx.today).days <= ctx.warn_days:
            h = site.hit(f"留言“{r.title}”于 {asked} 提出，将于 {due} 满 3 个月仍未答复", page=page,
                         file=r.source, line=line, due=due.isoformat())
            h.severity = WARNING
            yield h


@rule(id="COL012", title="留言在时限内答复", severity=WARNING, tags=("col", "interaction"),
      source="宿迁市政府网站管理办法 第十六条; 宝鸡市政府网站管理办法 第十八条", scope="site")
def reply_in_time(site, ctx):
    """## What it does
    For every 留言 (article of an ``interaction`` column), counts the working days after ``Asked`` up to and
    including ``Answered`` on the official Chinese calendar (public holidays and make-up working days; a year
    the calendar does not know yet is counted Monday–Friday and the report says so) and reports a reply later
    than the limit — 5 working days by default, ``reply_workdays`` in platform.toml ``[lint.settings]``. A 留言
    still unanswered after the limit is reported too, until COL011 takes over at three months. The finding
    names the Markdown file and the line of ``Answered`` (``Asked`` when unanswered).

    ## Why it matters
    宿迁 第十六条 and 宝鸡 第十八条 set the reply limit for public messages; late replies cost points in the
    annual evaluation (宿迁 附件1 互动交流).

    ## Example
    ```text
    Asked: 2026-11-09 10:00   Answered: 2026-11-17 16:00
    → COL012: 留言于 2026-11-09 提出，2026-11-17 答复，用时 6 个工作日（时限 5 个工作日）
    ```
    """
    try:
        limit = int(ctx.setting("reply_workdays", 5))
    except (TypeError, ValueError):
        limit = 5
    for r, asked, answered in _messages(site):
        page = r.url if ctx.exists(site.target.site_id, r.url) else None
        if answered is not None and answered <= ctx.today:
            used = workdays_between(asked, answered)
            if used > limit:
                yield site.hit(f"留言“{r.title}”于 {asked} 提出，{answered} 答复，用时 {used} 个工作日（时限 {limit} 个工作日）",
                               page=page, file=r.source, line=r.lines.get("answered"), workdays=used, limit=limit)
            continue
        if ctx.today >= _add_months(asked, UNANSWERED_MONTHS):
            continue  # COL011
        due = add_workdays(asked, limit)
        if ctx.today > due:
            yield site.hit(f"留言“{r.title}”于 {asked} 提出，超过 {limit} 个工作日（{due}）仍未答复",
                           page=page, file=r.source, line=r.lines.get("asked"), limit=limit, due=due.isoformat())
