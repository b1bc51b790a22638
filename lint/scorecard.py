"""The score card of every site: the 单项否决 verdict (19号文) and the machine-checkable
deductions of the annual evaluation (宿迁 附件1 扣分指标), each traced to the findings
behind it, and the indicators that need a person.

- :data:`VETO_ITEMS` — 19号文 single-item veto situations a machine can check, and the
  rules whose error findings trigger them (``站点无法访问`` needs a week of online
  monitoring and is listed in :data:`VETO_NOT_CHECKED`);
- :data:`DEDUCTIONS` — 宿迁 附件1 扣分指标 (100 points): per indicator (一级/二级指标 as
  in the seed text) its 分值 (the cap), and the clauses of its 评分细则 a machine can
  check: the rules whose findings count, the points per occurrence and what one
  occurrence is (a finding, a page, a column, a missing identifier, or once);
- :data:`HUMAN_INDICATORS` — the indicators, or clauses, only a person can judge.

The evaluation samples (5 guides, 3 interpretations, 5 pages …); the linter checks
everything, so a deduction is what the sample *could* cost, within the indicator's cap.
Look-ahead warnings (“将于 … 超过”) and info findings never count. Per 宿迁 附件1 a site
with any veto is 不合格 and not scored further; the deductions are still listed so they
can be fixed together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lint.model import ERROR, INFO

SRC_VETO = "国办秘函〔2019〕19号 政府网站与政务新媒体检查指标 单项否决指标"
SRC_SCORE = "宿迁市政府网站管理办法（宿政办发〔2021〕15号）附件1 宿迁市政府网站年度评测指标 一、扣分指标"

# 19号文 单项否决 items that can be checked by machine, and the rules behind them.
VETO_ITEMS = {
    "首页不更新": ("COL006",),
    "栏目不更新": ("COL010",),
    "严重表述错误": ("CNT006",),
    "互动回应差": ("COL011",),
    "伪造发稿日期": ("COL008",),
}
VETO_DETAILS = {
    "首页不更新": "网站不更新：首页信息及动态、要闻类信息 2 周未更新（宝鸡 第十九条）",
    "栏目不更新": "动态要闻类栏目 2 周、通知公告和政策文件类栏目 6 个月未更新的栏目数达 5 个，"
                 "应更新未更新栏目达 10 个，或空白栏目达 5 个",
    "严重表述错误": "安全、泄密事故等严重问题：出现严重表述错误",
    "互动回应差": "未提供有效的网上咨询建言渠道，或政务咨询类栏目有效留言 3 个月未回应",
    "伪造发稿日期": "严重错误：发布时间晚于检查日期（虚假或伪造内容）",
}
VETO_NOT_CHECKED = {
    "站点无法访问": "需连续一周在线监测（累计 15 次及以上无法访问即否决），不在静态检查范围",
    "严重错误（错别字、虚假内容）": "领导人姓名等严重错别字、虚假或伪造的文字图片视频需人工核查（词典命中的表述由 CNT006 检查）",
    "安全、泄密事故": "泄露国家秘密、发布或链接反动暴力色情内容、网页被篡改等需人工和安全监测（篡改可用 invoke verify 检查）",
}


@dataclass(frozen=True)
class Clause:
    """One machine-checkable clause of an indicator's 评分细则."""

    text: str  # the clause as in the seed text
    rules: tuple[str, ...]
    points: float  # per occurrence
    unit: str = "finding"  # finding | page | column | rule | once
    kinds: tuple[str, ...] = ()  # only findings about columns of these kinds (COL001: the missing kind)
    exclude_kinds: tuple[str, ...] = ()
    top_level: bool = False  # only 一级栏目 (columns without a parent)
    pages: str = "any"  # any | home | other
    markdown_only: bool = False  # only findings that point at an article (not site.toml)


@dataclass(frozen=True)
class Indicator:
    category: str  # 一级指标
    name: str  # 二级指标
    max: float  # 分值: the most this indicator can cost
    clauses: tuple[Clause, ...] = ()
    human: tuple[str, ...] = ()  # clauses only a person can judge
    note: str = ""


NAMED_KINDS = ("news", "policy", "interpretation", "interaction", "survey")  # indicators of their own

DEDUCTIONS: tuple[Indicator, ...] = (
    # 发布解读（40分）
    Indicator("发布解读", "概况信息", 4, (
        Clause("未开设概况信息类栏目的，扣4分", ("COL001",), 4, "once", kinds=("overview",)),),
        human=("概况信息更新不及时或不准确的，每发现一处，扣1分",), note="对市级部门网站不检查该项指标"),
    Indicator("发布解读", "机构职能", 4, (
        Clause("未开设机构职能类栏目的，扣4分", ("COL001",), 4, "once", kinds=("organization",)),),
        human=("机构职能信息不准确的，每发现一处，扣1分",)),
    Indicator("发布解读", "领导信息", 4, (
        Clause("未开设领导信息类栏目的，扣4分", ("COL001",), 4, "once", kinds=("leaders",)),),
        human=("领导姓名、照片、简历、分工等信息缺失或不准确的，每发现一处，扣1分",)),
    Indicator("发布解读", "动态要闻", 5, (
        Clause("未开设动态要闻类栏目的，扣5分", ("COL001",), 5, "once", kinds=("news",)),
        Clause("监测时间点前2周内未更新的，扣5分", ("COL003", "COL002"), 5, "once", kinds=("news",)),)),
    Indicator("发布解读", "政策文件", 5, (
        Clause("未开设政策文件类栏目的，扣5分", ("COL001",), 5, "once", kinds=("policy",)),
        Clause("监测时间点前6个月内政策文件类一级栏目未更新的，扣5分", ("COL004", "COL002"), 5, "once",
               kinds=("policy",), top_level=True),)),
    Indicator("发布解读", "政策解读", 5, (
        Clause("未开设政策解读类栏目的，扣5分", ("COL001",), 5, "once", kinds=("interpretation",)),
        Clause("监测时间点前6个月内政策解读类一级栏目未更新的，扣5分", ("COL005", "COL002"), 5, "once",
               kinds=("interpretation",), top_level=True),)),
    Indicator("发布解读", "解读比例", 3, (
        Clause("涉及面广、社会关注度高的政策文件，被解读的文件数量每少一个，扣1分", ("POL004",), 1, "finding"),),
        note="宿迁随机抽查3个文件；此处检查全部标注 NeedsInterpretation 的文件"),
    Indicator("发布解读", "解读关联", 4, (
        Clause("解读稿未与被解读的政策文件相关联的，每发现一处，扣2分", ("POL001",), 2, "finding"),
        Clause("该政策文件未与被抽查解读稿相关联的，每发现一处，扣2分", ("POL002",), 2, "finding"),),
        note="宿迁随机抽查3个解读稿；此处检查全部解读稿"),
    Indicator("发布解读", "其他栏目", 6, (
        Clause("其他栏目存在空白的，每发现一个，扣3分", ("COL002",), 3, "column", exclude_kinds=NAMED_KINDS),
        Clause("其他栏目存在应更新未更新的，每发现一个，扣3分", ("COL004", "COL005"), 3, "column",
               exclude_kinds=NAMED_KINDS),),
        note="因空白、应更新未更新等原因已按其他指标扣分的，本指标项下不重复扣分"),
    # 办事服务（28分）
    Indicator("办事服务", "事项公开", 3, (
        Clause("未对办事服务事项集中分类展示的，扣3分（未开设或空白的办事服务栏目）", ("COL001", "COL002"), 3, "once",
               kinds=("service",)),)),
    Indicator("办事服务", "在线申请", 3, human=(
        "未提供在线注册功能或提供注册功能但用户（含异地用户）无法注册的，扣3分",
        "注册用户无法在线办事的，扣3分")),
    Indicator("办事服务", "办事统计", 2, human=(
        "未公开办事统计数据的，扣2分", "监测时间点前1个月内未更新的，扣1分；3个月内未更新的，扣2分")),
    Indicator("办事服务", "办事指南", 10, (
        Clause("重点要素类别缺失的，每发现一处，扣0.5分", ("SVC001",), 0.5, "finding"),
        Clause("办理材料格式要求不明确的，每发现一个存在该问题的事项，扣1分", ("SVC003",), 1, "page"),
        Clause("存在表述含糊不清的情形，每发现一个存在该问题的事项，扣2分", ("SVC002",), 2, "page"),
        Clause("办事指南中提到的政策文件仅有名称、未说明具体内容的，每发现一个存在该问题的事项，扣0.5分", ("SVC005",), 0.5,
               "page"),),
        human=("事项无办事指南的，每发现一个，扣4分",), note="宿迁随机抽查5个事项；此处检查全部办事指南"),
    Indicator("办事服务", "内容准确", 8, human=(
        "信息（如咨询电话、投诉电话等）存在错误，或与实际办事要求不一致的，每发现一处，扣2分",)),
    Indicator("办事服务", "表格样表", 2, (
        Clause("要求办事人提供申请表、申请书等表单但未提供规范表格获取渠道的，每发现一个存在该问题的办事指南，扣1分",
               ("SVC004",), 1, "page"),)),
    # 互动交流（26分）
    Indicator("互动交流", "调查征集", 5, (
        Clause("未开设栏目的，扣5分", ("COL001",), 5, "once", kinds=("survey",)),
        Clause("开设了栏目，但栏目不可用或监测时间点前1年内未开展调查征集活动的，扣5分", ("COL005", "COL002"), 5, "once",
               kinds=("survey",)),),
        human=("开展次数较少的（县区门户网站少于6次，其他政府网站少于3次），扣3分",)),
    Indicator("互动交流", "信息提交", 3, human=("存在网民（含异地用户）无法使用网站互动交流功能提交信息问题的，扣3分",)),
    Indicator("互动交流", "统一登录", 2, human=("网站各个具有互动交流功能的栏目提供的注册登录功能，未实现统一注册登录的，扣2分",)),
    Indicator("互动交流", "留言公开", 6, (
        Clause("咨询建言类栏目对所有网民留言都未公开的，扣6分（未开设或空白的留言栏目）", ("COL001", "COL002"), 6, "once",
               kinds=("interaction",)),
        Clause("监测时间点前2个月内未更新的，扣3分", ("COL005",), 3, "once", kinds=("interaction",)),),
        human=("随机抽查5条已公开的网民留言，未公开留言时间、答复时间、答复单位、答复内容的，每发现一处，扣1分"
               "（留言时间、答复时间、答复单位由构建强制且由栏目页公开，答复内容需人工核对）",
               "未公开留言受理反馈情况统计数据的，扣3分（gov_interaction 插件在留言栏目页公开按月统计表，需人工确认）")),
    Indicator("互动交流", "办理答复", 10, human=(
        "模拟用户进行2次简单常见问题咨询：未在5个工作日内收到网上答复意见的，每发现一次扣5分",
        "答复内容质量不高，有推诿、敷衍等现象的，每发现一次扣5分")),
    # 功能设计（6分）
    Indicator("功能设计", "网站标识", 1, (
        Clause("未清晰列明党政机关网站标识、网站标识码、ICP备案编号、公安机关备案标识、网站主办单位、联系方式的，"
               "每缺一项或没发现一项内容不准确的，扣0.5分",
               ("GOV201", "GOV202", "GOV203", "GOV204", "GOV206", "GOV207"), 0.5, "rule"),)),
    Indicator("功能设计", "可用性", 2, (
        Clause("首页上的链接（包括图片、附件、外部链接等）打不开或错误的，每发现一处，扣0.5分", ("LNK001", "LNK002"), 0.5,
               "finding", pages="home"),
        Clause("其他页面上的链接（包括图片、附件、外部链接等）打不开或错误的，每发现一处，扣0.2分", ("LNK001", "LNK002"),
               0.2, "finding", pages="other"),)),
    Indicator("功能设计", "“我为政府网站找错”", 1, (
        Clause("未在首页底部功能区规范添加“我为政府网站找错”入口的，扣1分", ("GOV205",), 1, "once", pages="home"),
        Clause("未在其他页面底部功能区规范添加“我为政府网站找错”入口的，每发现一处，扣0.2分", ("GOV205",), 0.2, "page",
               pages="other"),)),
    Indicator("功能设计", "留言答复时效（原表未列二级指标名称）", 1, (
        Clause("监测时间点前6个月内，存在网民留言超过3个工作日未答复的，每发现一条，扣1分", ("COL012", "COL011"), 1,
               "finding", markdown_only=True),),
        human=("监测时间点前6个月内，存在答复内容质量不高，有推诿、敷衍等现象的，每发现一条，扣1分",),
        note="按 COL012 的答复时限计（默认 5 个工作日，宿迁 第十六条）；按本项的 3 个工作日计，"
             "在 platform.toml [lint.settings] 设 reply_workdays = 3"),
    Indicator("功能设计", "页面标签", 1, (
        Clause("内容页面无站点标签或内容标签的、栏目页面无站点标签或栏目标签的，每个扣0.1分", ("GOV101", "GOV102", "GOV103"),
               0.1, "page"),),
        note="宿迁随机抽查5个内容页面和5个栏目页面；此处检查全部页面"),
)

# Indicators that only a person can judge (no machine clause at all).
HUMAN_INDICATORS: tuple[Indicator, ...] = tuple(i for i in DEDUCTIONS if not i.clauses)
MAX_POINTS = 100


def veto_rules() -> set[str]:
    return {r for rules in VETO_ITEMS.values() for r in rules}


# --- evaluation ----------------------------------------------------------------------------------

def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def counts_for_score(f, today: date | None) -> bool:
    """Info findings and look-ahead warnings (a limit that is not reached yet) never count."""
    if f.severity == INFO:
        return False
    if today is not None:
        for key in ("fail_date", "due"):
            d = _day(f.extra.get(key))
            if d is not None and d > today:
                return False
    return "将于" not in f.message


@dataclass
class _Columns:
    kinds: dict[str, str] = field(default_factory=dict)  # column id -> kind
    top: set[str] = field(default_factory=set)  # ids of 一级栏目

    @classmethod
    def of(cls, site) -> "_Columns":
        out = cls()
        for c in getattr(site, "columns", None) or []:
            out.kinds[c.id] = c.kind
            if not c.parent:
                out.top.add(c.id)
        return out


def _column_of(f) -> str | None:
    col = f.extra.get("column")
    if col:
        return str(col)
    if f.page and "/" in f.page:
        return f.page.split("/", 1)[0]
    return None


def _kind_of(f, cols: _Columns) -> str | None:
    if f.rule == "COL001":
        return f.extra.get("kind")
    col = _column_of(f)
    return cols.kinds.get(col) if col else None


def _pages(f) -> int:
    return int(f.extra.get("pages_count") or 1)


def _applies(clause: Clause, f, cols: _Columns) -> bool:
    if f.rule not in clause.rules:
        return False
    if clause.kinds or clause.exclude_kinds:
        kind = _kind_of(f, cols)
        if clause.kinds and kind not in clause.kinds:
            return False
        if clause.exclude_kinds and kind in clause.exclude_kinds:
            return False
    if clause.top_level and cols.top:
        col = _column_of(f)
        if col and col not in cols.top:
            return False
    if clause.pages == "home" and f.page != "index.html":
        return False
    if clause.pages == "other" and (f.page == "index.html" or f.page is None):
        return False
    if clause.markdown_only and not (f.file or "").endswith((".md", ".markdown")):
        return False
    return True


def _occurrences(clause: Clause, findings: list, counted_columns: set[str]) -> int:
    if not findings:
        return 0
    if clause.unit == "once":
        return 1
    if clause.unit == "rule":
        return len({f.rule for f in findings})
    if clause.unit == "column":
        cols = {_column_of(f) or f.page or f.fingerprint() for f in findings} - counted_columns
        counted_columns.update(cols)
        return len(cols)
    if clause.unit == "page":
        single = {f.page for f in findings if not f.extra.get("pages_count")}
        return len(single) + sum(_pages(f) for f in findings if f.extra.get("pages_count"))
    return sum(_pages(f) for f in findings)


def _round(x: float) -> float:
    return round(x + 1e-9, 2)


def evaluate(findings: list, site=None, today: date | None = None) -> dict:
    """The score card of one site from its findings (``site`` = its SiteConfig, for column kinds)."""
    cols = _Columns.of(site) if site is not None else _Columns()
    scored = [f for f in findings if counts_for_score(f, today)]
    veto = []
    for item, rules in VETO_ITEMS.items():
        fired = [f for f in findings if f.rule in rules and f.severity == ERROR]
        veto.append({"item": item, "rules": list(rules), "passed": not fired, "checked": True,
                     "description": VETO_DETAILS.get(item, ""), "source": SRC_VETO,
                     "findings": [f.fingerprint() for f in fired],
                     "messages": [f.message for f in fired[:5]]})
    indicators = []
    total = 0.0
    for ind in DEDUCTIONS:
        if not ind.clauses:
            continue
        counted_columns: set[str] = set()
        clause_rows, raw = [], 0.0
        for clause in ind.clauses:
            hits = [f for f in scored if _applies(clause, f, cols)]
            n = _occurrences(clause, hits, counted_columns)
            points = _round(n * clause.points)
            raw += points
            clause_rows.append({"text": clause.text, "rules": list(clause.rules), "per": clause.points,
                                "unit": clause.unit, "count": n, "points": points,
                                "findings": [f.fingerprint() for f in hits]})
        deducted = _round(min(raw, ind.max))
        total += deducted
        fps = [fp for row in clause_rows for fp in row["findings"]]
        reasons = [f"{row['text']}：{row['count']} 处，扣 {row['points']:g} 分" for row in clause_rows if row["count"]]
        indicators.append({
            "category": ind.category, "indicator": ind.name, "max": ind.max, "points": deducted,
            "rules": sorted({r for c in ind.clauses for r in c.rules}),
            "reason": "；".join(reasons) + (f"（封顶 {ind.max:g} 分）" if raw > ind.max else ""),
            "findings": list(dict.fromkeys(fps)), "clauses": clause_rows,
            "human": list(ind.human), "note": ind.note,
        })
    human = [{"category": i.category, "indicator": i.name, "max": i.max, "text": "；".join(i.human),
              "partial": bool(i.clauses)} for i in DEDUCTIONS if i.human]
    total = _round(total)
    machine_max = sum(i.max for i in DEDUCTIONS if i.clauses)
    fired = [v["item"] for v in veto if not v["passed"]]
    return {
        "verdict": "不合格（触发单项否决：" + "、".join(fired) + "）" if fired else "未触发单项否决（机器可查部分）",
        "veto": veto,
        "veto_not_checked": [{"item": k, "reason": v} for k, v in VETO_NOT_CHECKED.items()],
        "deductions": [i for i in indicators if i["points"] > 0],
        "indicators": indicators,
        "human": human,
        "total": {"deductions": total, "max": MAX_POINTS, "machine_max": machine_max,
                  "human_max": _round(sum(i.max for i in HUMAN_INDICATORS)),
                  "score_upper_bound": _round(MAX_POINTS - total)},
        "source": {"veto": SRC_VETO, "deductions": SRC_SCORE},
        "notes": ["宿迁 附件1：存在单项否决情形的网站判定为不合格，不再按扣分指标评分；以下扣分仅供整改参考。"] if fired else [],
    }


def annotate(result, targets=None) -> None:
    """Fill ``veto``, ``score`` and ``scorecard`` of every site summary from the findings.
    ``targets`` (the lint targets) give each site's columns, to attribute column findings
    to their kind; without them only findings that carry the kind are attributed."""
    sites = {t.site_id: t.site for t in (targets or [])}
    by_site: dict[str, list] = {}
    for f in result.findings:
        by_site.setdefault(f.site, []).append(f)
    today = getattr(result, "today", None)
    for summary in result.sites:
        findings = by_site.get(summary.id, [])
        card = evaluate(findings, sites.get(summary.id), today)
        summary.veto = sorted({r for v in card["veto"] if not v["passed"] for r in v["rules"]})
        summary.score = {"deductions": card["total"]["deductions"], "veto": bool(summary.veto),
                         "score_upper_bound": card["total"]["score_upper_bound"],
                         "human_max": card["total"]["human_max"]}
        summary.scorecard = card
