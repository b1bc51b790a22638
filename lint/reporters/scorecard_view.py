"""The score card (``lint.scorecard``) of one site as text and as an HTML section.

``summary`` is a ``SiteSummary``, a reporters' ``SiteView`` or the dict of the JSON
report (``sites[i]``); its ``scorecard`` is what :func:`lint.scorecard.evaluate` returns.
The JSON report carries the score card as it is (``sites[i].scorecard``).
"""

from __future__ import annotations

from html import escape


def _get(summary, key, default=None):
    if isinstance(summary, dict):
        return summary.get(key, default)
    return getattr(summary, key, default)


def _fmt(x) -> str:
    try:
        return f"{float(x):g}"
    except (TypeError, ValueError):
        return str(x)


def render_scorecard_text(summary) -> str:
    """The score card of one site as plain text (several lines, ending with a newline)."""
    card = _get(summary, "scorecard") or {}
    sid, name = _get(summary, "id", ""), _get(summary, "name", "")
    out = [f"== 评测记分卡：{name}（{sid}）"]
    if not card:
        out.append("  （无记分卡）")
        return "\n".join(out) + "\n"
    out.append(f"单项否决（{card.get('source', {}).get('veto', '国办秘函〔2019〕19号')}）：{card.get('verdict', '')}")
    for v in card.get("veto", []):
        status = "通过" if v.get("passed") else "未通过"
        line = f"  [{status}] {v.get('item')}（{'、'.join(v.get('rules', []))}）"
        if not v.get("passed"):
            line += f"：{len(v.get('findings', []))} 个问题"
            msgs = v.get("messages") or []
            if msgs:
                line += " — " + msgs[0]
        out.append(line)
    for v in card.get("veto_not_checked", []):
        out.append(f"  [未检查] {v.get('item')}：{v.get('reason')}")
    total = card.get("total", {})
    out.append(f"扣分指标（{card.get('source', {}).get('deductions', '宿迁 附件1')}；机器可查 "
               f"{_fmt(total.get('machine_max', 0))} 分，共 {_fmt(total.get('max', 100))} 分）："
               f"扣 {_fmt(total.get('deductions', 0))} 分，机器可查部分得分上限 {_fmt(total.get('score_upper_bound', 0))} 分")
    for ind in card.get("indicators", []):
        if not ind.get("points"):
            continue
        out.append(f"  {ind.get('category')}/{ind.get('indicator')}（{_fmt(ind.get('max'))} 分）：扣 "
                   f"{_fmt(ind.get('points'))} 分")
        for c in ind.get("clauses", []):
            if c.get("count"):
                out.append(f"    - {c.get('text')}：{c.get('count')} 处，扣 {_fmt(c.get('points'))} 分"
                           f"（{'、'.join(c.get('rules', []))}）")
    if not any(ind.get("points") for ind in card.get("indicators", [])):
        out.append("  机器可查的扣分指标均未扣分")
    human = card.get("human", [])
    whole = [h for h in human if not h.get("partial")]
    part = [h for h in human if h.get("partial")]
    if whole:
        out.append(f"需人工评判的指标（{_fmt(total.get('human_max', 0))} 分）："
                   + "、".join(f"{h.get('category')}/{h.get('indicator')}（{_fmt(h.get('max'))} 分）" for h in whole))
    if part:
        out.append("部分细则需人工评判：" + "、".join(f"{h.get('indicator')}" for h in part))
    for note in card.get("notes", []):
        out.append("说明：" + note)
    return "\n".join(out) + "\n"


def _e(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def render_scorecard_html(summary, heading_level: int = 2) -> str:
    """The score card of one site as an HTML ``<section class="scorecard">`` (no script,
    no inline style; classes ``pass``/``fail``/``muted`` for the report's stylesheet)."""
    card = _get(summary, "scorecard") or {}
    sid, name = _get(summary, "id", ""), _get(summary, "name", "")
    h = max(1, min(5, heading_level))
    parts = [f'<section class="scorecard" id="scorecard-{_e(sid)}" aria-labelledby="scorecard-{_e(sid)}-h">',
             f'<h{h} id="scorecard-{_e(sid)}-h">评测记分卡：{_e(name)}（{_e(sid)}）</h{h}>']
    if not card:
        parts.append('<p class="muted">（无记分卡）</p></section>')
        return "\n".join(parts)
    fired = [v for v in card.get("veto", []) if not v.get("passed")]
    verdict_class = "fail" if fired else "pass"
    parts.append(f'<p class="verdict {verdict_class}"><strong>单项否决：</strong>{_e(card.get("verdict"))}</p>')
    rows = []
    for v in card.get("veto", []):
        status = '<span class="pass">通过</span>' if v.get("passed") else \
            f'<span class="fail">未通过（{len(v.get("findings", []))} 个问题）</span>'
        detail = "；".join(v.get("messages") or []) if not v.get("passed") else v.get("description", "")
        rows.append(f"<tr><th scope=\"row\">{_e(v.get('item'))}</th><td><code>{_e('、'.join(v.get('rules', [])))}</code>"
                    f"</td><td>{status}</td><td>{_e(detail)}</td></tr>")
    for v in card.get("veto_not_checked", []):
        rows.append(f"<tr><th scope=\"row\">{_e(v.get('item'))}</th><td>—</td><td class=\"muted\">未检查</td>"
                    f"<td>{_e(v.get('reason'))}</td></tr>")
    src = card.get("source", {})
    parts.append(f"<table class=\"scorecard-veto\"><caption>单项否决（{_e(src.get('veto', ''))}）</caption>"
                 "<thead><tr><th scope=\"col\">否决项</th><th scope=\"col\">规则</th><th scope=\"col\">结果</th>"
                 "<th scope=\"col\">说明</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    total = card.get("total", {})
    rows = []
    for ind in card.get("indicators", []):
        clauses = "".join(
            f"<li>{_e(c.get('text'))}：{_e(c.get('count'))} 处，扣 {_e(_fmt(c.get('points')))} 分"
            f"（<code>{_e('、'.join(c.get('rules', [])))}</code>）</li>" for c in ind.get("clauses", []) if c.get("count"))
        cls = "fail" if ind.get("points") else "pass"
        rows.append(f"<tr><td>{_e(ind.get('category'))}</td><th scope=\"row\">{_e(ind.get('indicator'))}</th>"
                    f"<td>{_e(_fmt(ind.get('max')))}</td><td class=\"{cls}\">{_e(_fmt(ind.get('points')))}</td>"
                    f"<td>{('<ul>' + clauses + '</ul>') if clauses else '—'}"
                    + (f"<p class=\"muted\">{_e(ind.get('note'))}</p>" if ind.get("note") else "") + "</td></tr>")
    parts.append(f"<table class=\"scorecard-deductions\"><caption>扣分指标（{_e(src.get('deductions', ''))}）：扣 "
                 f"{_e(_fmt(total.get('deductions', 0)))} 分，机器可查部分得分上限 {_e(_fmt(total.get('score_upper_bound', 0)))} 分"
                 "</caption><thead><tr><th scope=\"col\">一级指标</th><th scope=\"col\">二级指标</th><th scope=\"col\">分值</th>"
                 "<th scope=\"col\">扣分</th><th scope=\"col\">依据（问题）</th></tr></thead><tbody>"
                 + "".join(rows) + "</tbody></table>")
    human = card.get("human", [])
    if human:
        items = "".join(f"<li><strong>{_e(x.get('category'))}/{_e(x.get('indicator'))}</strong>"
                        f"（{_e(_fmt(x.get('max')))} 分{'，部分' if x.get('partial') else ''}）：{_e(x.get('text'))}</li>"
                        for x in human)
        parts.append(f"<details class=\"scorecard-human\"><summary>需人工评判的指标和细则（整项 "
                     f"{_e(_fmt(total.get('human_max', 0)))} 分）</summary><ul>{items}</ul></details>")
    for note in card.get("notes", []):
        parts.append(f'<p class="muted">{_e(note)}</p>')
    parts.append("</section>")
    return "\n".join(parts)
