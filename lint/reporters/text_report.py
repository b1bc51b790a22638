"""``--format text``: for people, grouped by site, page and rule, with a summary."""

from __future__ import annotations

from itertools import groupby

from lint.model import SEVERITY_ZH


def _where(f) -> str:
    if f.file:
        return f.file + (f":{f.line}" if f.line else "")
    if f.page and f.line:
        return f"{f.page}:{f.line}"
    return f.page or "（站点级）"


def render(result, **options) -> str:
    out: list[str] = []
    findings = sorted(result.findings, key=lambda f: (f.site or "", f.page or "", f.rule))
    for site_id, site_findings in groupby(findings, key=lambda f: f.site):
        site_findings = list(site_findings)
        out.append(f"== 站点 {site_id}（{len(site_findings)} 个问题）")
        for page, page_findings in groupby(site_findings, key=lambda f: f.page):
            out.append(f"  {page or '站点级问题'}")
            for f in page_findings:
                sev = SEVERITY_ZH.get(f.severity, f.severity)
                loc = _where(f)
                out.append(f"    {f.rule} [{sev}] {f.message}")
                out.append(f"      位置：{loc}；依据：{f.source}")
    c = result.counts()
    out.append("")
    out.append(f"检查日期（监测时间点）：{result.today.isoformat()}")
    for s in result.sites:
        verdict = "未触发单项否决" if not s.veto else "触发单项否决：" + "、".join(s.veto)
        deductions = s.score.get("deductions", 0) if s.score else 0
        out.append(f"站点 {s.id}（{s.name}）：{s.pages} 个页面；{verdict}；扣分 {deductions:g}")
    out.append(f"合计：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
               + (f"；已抑制 {result.suppressed}" if result.suppressed else "")
               + (f"；基线忽略 {result.baselined}" if result.baselined else ""))
    if result.stale_baseline:
        out.append(f"基线中有 {len(result.stale_baseline)} 条已不再出现，可用 --write-baseline 更新：")
        for e in result.stale_baseline[:20]:
            out.append(f"  {e.get('rule')} {e.get('site')}/{e.get('page')}: {e.get('message')}")
    for note in result.notes:
        out.append("说明：" + note)
    for err in result.errors:
        out.append("读取错误：" + err)
    return "\n".join(out) + "\n"
