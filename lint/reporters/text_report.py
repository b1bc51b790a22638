"""``--format text``: for people, grouped by site, page and rule, with a summary.

```
== 站点 jiangnan 江南市人民政府（2 个问题：错误 1，警告 1）
  zwdt/a1.html
    GOV105 ArticleTitle 与页面可见标题一致 [警告]（依据：实践要求（practice））
      - ArticleTitle“…”与页面标题“…”不一致  @ themes/govsite/templates/article.html（页面 zwdt/a1.html 第 6 行）
…
检查日期（监测时间点）：2026-11-24
站点 jiangnan（江南市人民政府）：28 个页面；错误 1，警告 1，提示 0；未触发单项否决；扣分 0
合计：错误 1，警告 1，提示 0
```
"""

from __future__ import annotations

from itertools import groupby

from lint.model import SEVERITY_RANK

from ._common import counts, rule_of, rule_title, severity_zh, sites, today_str, where_text


def _count_text(c: dict) -> str:
    return f"错误 {c.get('error', 0)}，警告 {c.get('warning', 0)}，提示 {c.get('info', 0)}"


def render(result, **options) -> str:
    out: list[str] = []
    views = {s.id: s for s in sites(result)}
    findings = sorted(result.findings, key=lambda f: (f.site or "", f.page is not None, f.page or "", f.rule,
                                                      SEVERITY_RANK.get(f.severity, 9), f.line or 0))
    for site_id, site_group in groupby(findings, key=lambda f: f.site):
        site_findings = list(site_group)
        name = views[site_id].name if site_id in views and views[site_id].name != site_id else ""
        out.append(f"== 站点 {site_id}{(' ' + name) if name else ''}（{len(site_findings)} 个问题："
                   f"{_count_text(counts(site_findings))}）")
        for page, page_group in groupby(site_findings, key=lambda f: f.page):
            out.append(f"  {page or '站点级问题'}")
            for rid, rule_group in groupby(page_group, key=lambda f: f.rule):
                items = list(rule_group)
                sevs = sorted({f.severity for f in items}, key=lambda s: SEVERITY_RANK.get(s, 9))
                rule = rule_of(result, rid)
                source = rule.source if rule is not None else (items[0].source or "")
                out.append(f"    {rid} {rule_title(result, rid)} [{'/'.join(severity_zh(s) for s in sevs)}]"
                           + (f"（依据：{source}）" if source else ""))
                for f in items:
                    sev = f" [{severity_zh(f.severity)}]" if len(sevs) > 1 else ""
                    message = " ".join(f.message.split("\n"))
                    out.append(f"      - {message}{sev}  @ {where_text(f)}")
                    if f.source and f.source != source:
                        out.append(f"        依据：{f.source}")
    c = result.counts() if hasattr(result, "counts") else counts(result.findings)
    by_site = {}
    for f in result.findings:
        by_site.setdefault(f.site, []).append(f)
    if out:
        out.append("")
    out.append(f"检查日期（监测时间点）：{today_str(result)}")
    for s in views.values():
        verdict = "未触发单项否决" if not s.veto else "触发单项否决：" + "、".join(s.veto)
        if s.scorecard and s.veto:
            items = [v.get("item") for v in s.scorecard.get("veto", []) if not v.get("passed", True)]
            if items:
                verdict += f"（{'、'.join(str(i) for i in items)}）"
        out.append(f"站点 {s.id}（{s.name}）：{s.pages} 个页面；{_count_text(counts(by_site.get(s.id, [])))}；"
                   f"{verdict}；扣分 {s.deductions:g}")
        for d in (s.scorecard or {}).get("deductions", []) if isinstance(s.scorecard, dict) else []:
            if isinstance(d, dict) and d.get("points"):
                name = "/".join(str(x) for x in (d.get("category"), d.get("indicator")) if x)
                out.append(f"  扣分 {name}：{d.get('points'):g} 分" + (f"（{d['reason']}）" if d.get("reason") else ""))
    out.append("合计：" + _count_text(c)
               + (f"；已抑制（LintIgnore）{result.suppressed}" if getattr(result, "suppressed", 0) else "")
               + (f"；基线忽略 {result.baselined}" if getattr(result, "baselined", 0) else ""))
    stale = getattr(result, "stale_baseline", []) or []
    if stale:
        out.append(f"基线中有 {len(stale)} 条已不再出现（已修复），请用 --write-baseline 更新基线：")
        for e in stale[:20]:
            where = f"{e.get('site')}/{e.get('page')}" if e.get("page") else f"{e.get('site')}（站点级）"
            out.append(f"  过期基线 {e.get('rule')} {where}：{e.get('message')}")
        if len(stale) > 20:
            out.append(f"  ……另有 {len(stale) - 20} 条")
    for note in getattr(result, "notes", []) or []:
        out.append("说明：" + note)
    for err in getattr(result, "errors", []) or []:
        out.append("读取错误：" + err)
    return "\n".join(out) + "\n"
