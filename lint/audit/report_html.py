"""Self-contained HTML report: per page, screenshots in normal and elderly mode
(base64 PNG) beside the page's findings. No external resources, no scripts."""

from __future__ import annotations

from collections import Counter
from html import escape

from lint.model import ERROR, INFO, SEVERITY_ZH, WARNING

_CSS = """
:root{--err:#b3261e;--warn:#8a5300;--info:#1f5fa8;--line:#d0d4da}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
  color:#1b1f24;background:#f6f7f9}
header.top{background:#1d3d6b;color:#fff;padding:16px 24px}
header.top h1{margin:0;font-size:22px}
main{padding:16px 24px;max-width:1600px;margin:0 auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}
.sev-error{color:var(--err);font-weight:700}.sev-warning{color:var(--warn);font-weight:700}.sev-info{color:var(--info)}
section.page{background:#fff;border:1px solid var(--line);border-radius:6px;margin:20px 0;padding:12px 16px}
section.page h2{font-size:18px;margin:0 0 4px}
.meta{color:#4a5360;font-size:14px;margin:0 0 10px}
.shots{display:grid;grid-template-columns:1fr 1fr;gap:12px}
figure{margin:0}
figure img{width:100%;height:auto;border:1px solid var(--line)}
figcaption{font-size:14px;color:#4a5360}
.noshot{border:1px dashed var(--line);padding:40px;text-align:center;color:#4a5360}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}
ul.findings{list-style:none;margin:0;padding:0}
ul.findings li{border-left:4px solid var(--line);padding:4px 8px;margin:0 0 8px;background:#fafbfc}
ul.findings li.error{border-color:var(--err)}ul.findings li.warning{border-color:var(--warn)}
ul.findings li.info{border-color:var(--info)}
code{font-size:13px;background:#eef1f5;padding:0 3px;word-break:break-all}
.ok{color:#176b2c;font-weight:700}
@media (max-width:900px){.layout,.shots{grid-template-columns:1fr}}
"""


def _img(b64: str | None, alt: str) -> str:
    if not b64:
        return f'<div class="noshot">无截图（{escape(alt)}）</div>'
    return f'<img src="data:image/png;base64,{b64}" alt="{escape(alt)}" loading="lazy">'


def _finding_li(f) -> str:
    sels = f.extra.get("selectors") or []
    sel_html = ""
    if sels:
        shown = "".join(f"<code>{escape(s)}</code> " for s in sels[:8])
        more = f"……共 {len(sels)} 个" if len(sels) > 8 else ""
        sel_html = f"<div>位置：{shown}{more}</div>"
    link = ""
    if f.extra.get("helpUrl"):
        link = f' <a href="{escape(f.extra["helpUrl"])}">说明</a>'
    mode = f.extra.get("mode")
    mode_html = f"［{'关怀版' if mode == 'elder' else '常规'}］" if mode else ""
    return (f'<li class="{escape(f.severity)}"><span class="sev-{escape(f.severity)}">'
            f'{escape(SEVERITY_ZH.get(f.severity, f.severity))}</span> <strong>{escape(f.rule)}</strong>'
            f"{mode_html} {escape(f.message)}{link}{sel_html}"
            f'<div class="meta">依据：{escape(f.source)}</div></li>')


def render_html(r) -> str:
    c = Counter(f.severity for f in r.findings)
    by_page: dict[tuple, list] = {}
    for f in r.findings:
        by_page.setdefault((f.site, f.page), []).append(f)
    rules = Counter(f.rule for f in r.findings)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>浏览器审计报告（axe-core 与适老化）</title>",
        f"<style>{_CSS}</style></head><body>",
        '<header class="top"><h1>浏览器审计报告（axe-core 与适老化）</h1>',
        f"<div>检查日期 {escape(r.today)} · axe-core {escape(str(r.axe.get('version', '?')))}"
        f" · 标签 {escape(', '.join(r.tags))}</div></header>",
        "<main>",
        "<h2>概况</h2><table><thead><tr><th>站点</th><th>页面总数</th><th>审计页面</th><th>其中来自缓存</th></tr></thead><tbody>",
    ]
    for s in r.sites:
        label = escape(str(s.get("id"))) + (f"（{escape(s['name'])}）" if s.get("name") else "")
        out.append(f"<tr><td>{label}</td><td>{s.get('site_pages', s.get('pages', 0))}</td>"
                   f"<td>{s.get('pages', 0)}</td><td>{s.get('cached', 0)}</td></tr>")
    out.append("</tbody></table>")
    out.append(f'<p><span class="sev-error">错误 {c.get(ERROR, 0)}</span> · '
               f'<span class="sev-warning">警告 {c.get(WARNING, 0)}</span> · '
               f'<span class="sev-info">提示 {c.get(INFO, 0)}</span></p>')
    if rules:
        out.append("<table><thead><tr><th>规则</th><th>名称</th><th>页面数</th></tr></thead><tbody>")
        for rid, n in sorted(rules.items()):
            rule = r.rules.get(rid)
            title = rule.title if rule else next((f.extra.get("help") or "" for f in r.findings if f.rule == rid), "")
            out.append(f"<tr><td>{escape(rid)}</td><td>{escape(title)}</td><td>{n}</td></tr>")
        out.append("</tbody></table>")
    shown = set()
    for p in r.pages:
        shown.add((p.page.site, p.page.rel))
        fs = by_page.get((p.page.site, p.page.rel), [])
        elder = p.elder or {}
        status = {"on": "已通过点击入口进入关怀版", "no-entry": "页面没有关怀版入口（按原样测量）",
                  "failed": "关怀版入口不起作用", "external": "关怀版入口链接到其他网站",
                  "skipped": "未检查关怀版（--no-elder）"}.get(elder.get("status"), "")
        out.append('<section class="page">')
        out.append(f"<h2>{escape(p.page.site)}/{escape(p.page.rel)}</h2>")
        out.append(f'<p class="meta">类型 {escape(p.page.type)}'
                   + (f" · 栏目 {escape(p.page.column)}" if p.page.column else "")
                   + (f" · 源文件 {escape(p.page.file)}" if p.page.file else "")
                   + f" · {escape(status)}" + (" · 缓存结果" if p.cached else f" · 用时 {p.seconds:.2f} 秒")
                   + "</p>")
        out.append('<div class="layout"><div class="shots">')
        out.append(f"<figure>{_img(p.screens.get('normal'), '常规模式截图')}<figcaption>常规模式</figcaption></figure>")
        elder_img = _img(p.screens.get("elder"), "关怀版模式截图")
        out.append(f"<figure>{elder_img}<figcaption>关怀版模式</figcaption></figure>")
        out.append("</div><div>")
        if fs:
            out.append('<ul class="findings">' + "".join(_finding_li(f) for f in fs) + "</ul>")
        else:
            out.append('<p class="ok">未发现问题</p>')
        out.append("</div></div></section>")
    for (site, page), fs in sorted(by_page.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        if (site, page) in shown:
            continue
        out.append('<section class="page">')
        out.append(f"<h2>{escape(str(site))}/{escape(str(page or ''))}</h2>")
        out.append('<ul class="findings">' + "".join(_finding_li(f) for f in fs) + "</ul></section>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
