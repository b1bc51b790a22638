"""留言 (interaction column) page data: each message's 留言时间, 答复时间, 答复单位 and the
monthly statistics of 留言受理反馈 (宿迁 第十六条, 附件1 留言公开: 列清受理日期、答复日期、
答复部门……以及有关统计数据).

Sets the Jinja global ``gov_interaction`` (the article generator's environment, which
gov_columns reuses for column pages)::

    gov_interaction[column_id] = {
        "limit": 5,                                # reply_workdays ([lint.settings]), working days
        "messages": {url: {"asked", "answered", "answered_by", "workdays", "late"}},
        "months": [{"month": "2026-11", "received", "answered", "unanswered",
                    "average_workdays", "within_limit"}, …],          # newest month first
        "total": {"received", "answered", "unanswered", "average_workdays", "within_limit"},
        "calendar_note": "…" | "",                  # a year the official calendar does not know yet
    }

Working days follow the official Chinese calendar (jiyue.workdays): the working days
after Asked up to and including Answered. Only published messages count (an article
dated after the check date is not published).
"""

from __future__ import annotations

from pelican import signals

from jiyue import context, workdays
from jiyue.metadata import parse_datetime


def _limit(settings) -> int:
    rule_settings = context.platform(settings).config.section("lint").get("settings")
    value = rule_settings.get("reply_workdays", 5) if isinstance(rule_settings, dict) else 5
    try:
        return int(value)
    except (TypeError, ValueError):
        return 5


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _summary(rows: list[dict], limit: int) -> dict:
    used = [r["workdays"] for r in rows if r["workdays"] is not None]
    return {
        "received": len(rows),
        "answered": sum(1 for r in rows if r["answered"]),
        "unanswered": sum(1 for r in rows if not r["answered"]),
        "average_workdays": _average(used),
        "within_limit": sum(1 for u in used if u <= limit),
    }


def column_stats(articles, limit: int) -> dict:
    """The statistics of one interaction column from its published articles."""
    messages: dict[str, dict] = {}
    rows = []
    for a in articles:
        asked = parse_datetime(getattr(a, "gov_asked", "") or "")
        if asked is None:
            continue
        answered = parse_datetime(getattr(a, "gov_answered", "") or "")
        used = workdays.workdays_between(asked.date(), answered.date()) if answered else None
        row = {"asked": a.gov_asked, "answered": getattr(a, "gov_answered", "") or "",
               "answered_by": getattr(a, "gov_answered_by", "") or "", "workdays": used,
               "late": used is not None and used > limit, "month": f"{asked:%Y-%m}"}
        messages[a.url] = row
        rows.append(row)
    months = []
    for month in sorted({r["month"] for r in rows}, reverse=True):
        months.append({"month": month, **_summary([r for r in rows if r["month"] == month], limit)})
    return {"limit": limit, "messages": messages, "months": months, "total": _summary(rows, limit),
            "calendar_note": "；".join(workdays.notes())}


def add_stats(generator):
    if not context.is_gov_build(generator.settings):
        return
    site = context.site(generator.settings)
    limit = _limit(generator.settings)
    data = {}
    for column in site.columns_of_kind("interaction"):
        items = [a for a in generator.articles if getattr(a, "gov_column", None) is not None
                 and a.gov_column.id == column.id]
        data[column.id] = column_stats(items, limit)
    generator.env.globals["gov_interaction"] = data
    generator.context["gov_interaction"] = data


def register():
    signals.article_generator_finalized.connect(add_stats)
