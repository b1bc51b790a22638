"""``--format html``: one self-contained page an office can open and print.

Inline CSS, no script, no external asset. Per site a score card (pages, counts,
deductions, the 单项否决 verdict item by item from ``site.scorecard``), a chart of
findings by family (inline SVG bars, stacked by severity), then the findings by
family, each with the rule id, the message, the regulation and a link to the
offending page (relative to the report when ``report_path`` and ``output_root``
are given). Everything that comes from pages or Markdown is escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from lint.model import ERROR, INFO, WARNING

from ._common import (
    TOOL_NAME,
    counts,
    family,
    family_key,
    family_name,
    importance,
    page_href,
    rule_of,
    rule_title,
    severity_zh,
    sites,
    today_str,
    veto_rule_ids,
    where_text,
)

COLORS = {ERROR: "#c62828", WARNING: "#b26a00", INFO: "#1565c0"}

CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","Source Han Sans SC",sans-serif;margin:0;
 color:#1a1a1a;background:#f5f6f8;line-height:1.6;font-size:16px}
header.top{background:#9b1c1c;color:#fff;padding:18px 28px}
header.top h1{margin:0;font-size:24px}
header.top p{margin:4px 0 0}
main{padding:20px 28px;max-width:1280px;margin:0 auto}
h2{font-size:20px;border-left:5px solid #9b1c1c;padding-left:10px;margin:28px 0 12px}
h3{font-size:17px;margin:16px 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:16px}
.card{background:#fff;border:1px solid #d9dce1;border-radius:6px;padding:14px 16px}
.card h3{margin-top:0}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:bold}
.pass{background:#e6f4ea;color:#1e6b2f}.fail{background:#fde8e8;color:#9b1c1c}
.nums{display:flex;gap:14px;flex-wrap:wrap;margin:8px 0}
.nums span{white-space:nowrap}
.sev-error{color:#c62828;font-weight:bold}.sev-warning{color:#8a5300;font-weight:bold}.sev-info{color:#1565c0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #d9dce1;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef0f3;white-space:nowrap}
td.sev-error,td.sev-warning,td.sev-info{white-space:nowrap}
td.msg{word-break:break-all}
code{font-family:Consolas,"Courier New",monospace;font-size:13px}
.muted{color:#555}
.chart{background:#fff;border:1px solid #d9dce1;border-radius:6px;padding:10px}
.legend span{margin-right:14px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
footer{color:#555;font-size:13px;padding:20px 28px}
details.scorecards{margin-top:16px}details.scorecards>summary{cursor:pointer;font-weight:bold}
section.scorecard{background:#fff;border:1px solid #d9dce1;border-radius:6px;padding:10px 14px;margin:12px 0}
section.scorecard table{margin:8px 0}section.scorecard td.pass,section.scorecard span.pass{color:#1e6b2f}
section.scorecard td.fail,section.scorecard span.fail{color:#9b1c1c;font-weight:bold}
p.verdict.pass,p.verdict.fail{border-radius:4px;padding:4px 8px;display:block}
@media print{body{background:#fff}header.top{color:#000;background:#fff;border-bottom:3px solid #9b1c1c}
 .card,.chart{break-inside:avoid}}
"""


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _counts_html(c: dict) -> str:
    return (f'<span class="sev-error">错误 {c.get(ERROR, 0)}</span>'
            f'<span class="sev-warning">警告 {c.get(WARNING, 0)}</span>'
            f'<span class="sev-info">提示 {c.get(INFO, 0)}</span>')


def _num(value) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return _e(value)


def _full_scorecards(views) -> list[str]:
    """The score cards in full (``lint.reporters.scorecard_view``), when that view exists."""
    try:
        from lint.reporters.scorecard_view import render_scorecard_html
    except ImportError:
        return []
    return [render_scorecard_html(s, heading_level=3) for s in views if s.scorecard]


def _scorecard(s, findings, compact: bool = False) -> str:
    """One site's card: counts, deductions, the veto verdict item by item, what needs a person
    (``compact``: deductions and human indicators are left to the full score card)."""
    c = counts(findings)
    card = s.scorecard if isinstance(s.scorecard, dict) else {}
    vetoed = bool(s.veto)
    label = "触发单项否决" if vetoed else "未触发单项否决"
    verdict = f'<span class="verdict {"fail" if vetoed else "pass"}">{label}</span>'
    detail = card.get("verdict") if isinstance(card.get("verdict"), str) else ""
    total = card.get("total") if isinstance(card.get("total"), dict) else {}
    nums = [f"<span>页面 {_e(s.pages)}</span>", _counts_html(c), f"<span>扣分 <strong>{s.deductions:g}</strong>"
            + (f" / {_num(total['max'])}" if total.get("max") is not None else "") + "</span>"]
    if total.get("score_upper_bound") is not None:
        nums.append(f"<span>机器可查部分得分上限 <strong>{_num(total['score_upper_bound'])}</strong></span>")
    rows = []
    for item in card.get("veto", []) or []:
        if not isinstance(item, dict):
            continue
        passed = item.get("passed", True)
        n = len(item.get("findings", []) or [])
        status = f'<span class="sev-error">未通过</span>（{n} 个问题）' if not passed else "通过"
        desc = item.get("description") or "" if not (compact and passed) else ""
        msgs = item.get("messages") or []
        extra = (f'<br><span class="muted">{_e(desc)}</span>' if desc else "") + "".join(
            f'<br><span class="sev-error">· {_e(m)}</span>' for m in msgs if not passed)
        rows.append(f"<tr><td>{_e(item.get('item'))}{extra}</td>"
                    f"<td><code>{_e('、'.join(item.get('rules', []) or []))}</code></td><td>{status}</td></tr>")
    for item in [] if compact else card.get("veto_not_checked", []) or []:
        if isinstance(item, dict):
            rows.append(f"<tr><td>{_e(item.get('item'))}<br><span class=\"muted\">{_e(item.get('reason'))}</span>"
                        "</td><td>—</td><td class=\"muted\">需人工或在线监测</td></tr>")
    veto_table = ('<table><caption class="muted">单项否决（19号文）</caption><tr><th>否决项</th><th>规则</th>'
                  "<th>结果</th></tr>" + "".join(rows) + "</table>") if rows else ""
    ded_rows = []
    for d in [] if compact else card.get("deductions", []) or []:
        if not isinstance(d, dict):
            continue
        name = "›".join(str(x) for x in (d.get("category"), d.get("indicator") or d.get("item") or d.get("name"))
                        if x)
        points = d.get("points", d.get("deduction", d.get("score", "")))
        cap = f" / {_num(d['max'])}" if d.get("max") is not None else ""
        why = d.get("reason") or d.get("detail") or d.get("message") or ""
        rules = d.get("rules") or []
        ded_rows.append(f"<tr><td>{_e(name)}</td><td>{_num(points)}{cap}</td><td>{_e(why)}"
                        + (f" <code>{_e('、'.join(rules))}</code>" if rules else "") + "</td></tr>")
    ded_table = ""
    if ded_rows:
        ded_table = ('<table><caption class="muted">扣分明细（年度评测扣分指标，机器可查部分）</caption>'
                     "<tr><th>指标</th><th>扣分</th><th>原因</th></tr>" + "".join(ded_rows) + "</table>")
    human = [] if compact else card.get("human") or card.get("manual") or []
    human_html = ""
    if human:
        items = []
        for m in human:
            if isinstance(m, dict):
                name = "›".join(str(x) for x in (m.get("category"), m.get("indicator") or m.get("item")) if x)
                text = m.get("text") or ""
                items.append(f"<li>{_e(name)}" + (f"（{_num(m['max'])} 分）" if m.get("max") is not None else "")
                             + (f'：<span class="muted">{_e(text)}</span>' if text else "") + "</li>")
            else:
                items.append(f"<li>{_e(m)}</li>")
        human_html = f"<details><summary>需人工评测的指标（{len(items)}）</summary><ul>{''.join(items)}</ul></details>"
    notes = "".join(f'<p class="muted">{_e(n)}</p>' for n in card.get("notes", []) or [] if isinstance(n, str))
    return (f'<section class="card" id="site-{_e(s.id)}">'
            f'<h3>{_e(s.name)} <span class="muted">（{_e(s.id)}）</span></h3>'
            f"<p>{verdict}" + (f" <code>{_e('、'.join(s.veto))}</code>" if vetoed else "")
            + (f'<br><span class="muted">{_e(detail)}</span>' if detail else "") + "</p>"
            f'<div class="nums">{"".join(nums)}</div>{veto_table}{ded_table}{human_html}{notes}</section>')


def _chart(findings) -> str:
    by_fam: dict[str, Counter] = {}
    for f in findings:
        by_fam.setdefault(family(f.rule), Counter())[f.severity] += 1
    if not by_fam:
        return '<p class="verdict pass">没有发现问题。</p>'
    fams = sorted(by_fam, key=family_key)
    most = max(sum(c.values()) for c in by_fam.values())
    label_w, bar_w, row_h = 230, 560, 28
    height = row_h * len(fams) + 10
    width = label_w + bar_w + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" '
             f'role="img" aria-labelledby="chart-title"><title id="chart-title">按规则类别统计的问题数量</title>']
    for i, fam in enumerate(fams):
        y = 5 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="14">'
                     f'{_e(family_name(fam))}（{_e(fam)}）</text>')
        x = float(label_w)
        total = 0
        for sev in (ERROR, WARNING, INFO):
            n = by_fam[fam].get(sev, 0)
            if not n:
                continue
            w = max(2.0, bar_w * n / most)
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{COLORS[sev]}">'
                         f"<title>{_e(family_name(fam))}：{severity_zh(sev)} {n}</title></rect>")
            x += w
            total += n
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 18}" font-size="14">{total}</text>')
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{COLORS[s]}"></i>{severity_zh(s)}</span>'
                     for s in (ERROR, WARNING, INFO))
    table = ("<table><tr><th>类别</th><th>错误</th><th>警告</th><th>提示</th><th>合计</th></tr>"
             + "".join(f"<tr><td>{_e(family_name(f))}（{_e(f)}）</td><td>{by_fam[f].get(ERROR, 0)}</td>"
                       f"<td>{by_fam[f].get(WARNING, 0)}</td><td>{by_fam[f].get(INFO, 0)}</td>"
                       f"<td>{sum(by_fam[f].values())}</td></tr>" for f in fams) + "</table>")
    return f'<div class="chart">{"".join(parts)}<p class="legend">{legend}</p>{table}</div>'


def _findings(result, findings, options) -> str:
    if not findings:
        return ""
    veto = veto_rule_ids()
    groups: dict[str, list] = {}
    for f in sorted(findings, key=lambda f: importance(f, veto)):
        groups.setdefault(family(f.rule), []).append(f)
    out = ["<h2>问题明细（按类别）</h2>"]
    for fam in sorted(groups, key=family_key):
        items = groups[fam]
        out.append(f'<h3 id="fam-{_e(fam)}">{_e(family_name(fam))}（{_e(fam)}，{len(items)} 个）</h3>')
        out.append("<table><tr><th>级别</th><th>规则</th><th>站点</th><th>页面</th><th>问题</th><th>位置</th><th>依据</th></tr>")
        for f in items:
            href = page_href(f, options)
            page = _e(f.page) if f.page else '<span class="muted">站点级</span>'
            if href:
                page = f'<a href="{_e(href)}">{page}</a>'
            tag = ' <span class="sev-error">【单项否决】</span>' if f.rule in veto and f.severity == ERROR else ""
            extra = ""
            if f.extra.get("pages_count"):
                extra = f'<br><span class="muted">共 {_e(f.extra["pages_count"])} 个页面，如：' \
                        f'{_e("、".join(f.extra.get("pages_sample", [])))}</span>'
            out.append(f'<tr><td class="sev-{_e(f.severity)}">{_e(severity_zh(f.severity))}</td>'
                       f'<td><code>{_e(f.rule)}</code><br>'
                       f'<span class="muted">{_e(rule_title(result, f.rule))}</span></td>'
                       f"<td>{_e(f.site)}</td><td>{page}</td><td class=\"msg\">{_e(f.message)}{tag}{extra}</td>"
                       f"<td><code>{_e(where_text(f))}</code></td><td>{_e(f.source)}</td></tr>")
        out.append("</table>")
    return "\n".join(out)


def render(result, **options) -> str:
    findings = list(result.findings)
    c = counts(findings)
    views = sites(result)
    by_site: dict = {}
    for f in findings:
        by_site.setdefault(f.site, []).append(f)
    overall = "未通过" if c[ERROR] else "通过"
    body = [f'<header class="top"><h1>政府网站合规检查报告</h1>'
            f"<p>检查日期（监测时间点）：{_e(today_str(result))} · 站点 {len(views)} 个 · 结论：{overall}</p></header>",
            "<main>",
            f'<p class="nums">{_counts_html(c)}'
            + (f"<span>已抑制（LintIgnore）{result.suppressed}</span>" if getattr(result, "suppressed", 0) else "")
            + (f"<span>基线忽略 {result.baselined}</span>" if getattr(result, "baselined", 0) else "") + "</p>",
            "<h2>站点评分与单项否决</h2>", '<div class="cards">']
    full = _full_scorecards(views)
    body += [_scorecard(s, by_site.get(s.id, []), compact=bool(full)) for s in views]
    body.append("</div>")
    if full:
        body.append("<details class=\"scorecards\"><summary>评测记分卡明细（单项否决、扣分指标、需人工评判的指标）"
                    "</summary>" + "".join(full) + "</details>")
    body.append("<h2>问题分布（按规则类别）</h2>")
    body.append(_chart(findings))
    if findings:
        rule_counts = Counter(f.rule for f in findings)
        body.append("<h3>按规则统计</h3><table><tr><th>规则</th><th>标题</th><th>数量</th><th>依据</th></tr>")
        for rid, n in sorted(rule_counts.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = rule_of(result, rid)
            body.append(f"<tr><td><code>{_e(rid)}</code></td><td>{_e(rule_title(result, rid))}</td><td>{n}</td>"
                        f"<td>{_e(rule.source if rule else '')}</td></tr>")
        body.append("</table>")
    body.append(_findings(result, findings, options))
    stale = getattr(result, "stale_baseline", []) or []
    if stale:
        body.append(f"<h2>过期的基线条目（{len(stale)}）</h2>"
                    "<p>以下问题已不再出现，请用 <code>--write-baseline</code> 更新基线。</p>"
                    "<table><tr><th>规则</th><th>站点</th><th>页面</th><th>问题</th></tr>")
        for e in stale:
            body.append(f"<tr><td><code>{_e(e.get('rule'))}</code></td><td>{_e(e.get('site'))}</td>"
                        f"<td>{_e(e.get('page') or '站点级')}</td><td>{_e(e.get('message'))}</td></tr>")
        body.append("</table>")
    notes = list(getattr(result, "notes", []) or []) + [f"读取错误：{e}" for e in getattr(result, "errors", []) or []]
    if notes:
        body.append("<h2>说明</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    body.append("</main>")
    body.append(f"<footer>由 {_e(TOOL_NAME)} 生成。规则说明：<code>python -m lint --explain 规则号</code>。"
                "本报告只含机器可检查的指标，其余评测指标需人工核查。</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>政府网站合规检查报告 {_e(today_str(result))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
