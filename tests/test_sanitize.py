"""Raw HTML in Markdown is sanitised on a real build; the editor is told what was removed."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from jiyue.build import build
from platform_factory import article, make_platform

PASTE = """
<p onclick="steal()" style="color:red">粘贴的段落</p>
<script>alert(1)</script>
<a href="javascript:alert(2)">假链接</a>
<img src="data:image/png;base64,AAAA" alt="内嵌图片">
<iframe src="https://evil.example.com/x"></iframe>
<iframe src="https://v.jiangnan.gov.cn/live/1"></iframe>
<a href="{filename}/zcwj/zcwj-1.md">站内链接</a>
<table><tr><th scope="row">项目</th><td colspan="2">值</td></tr></table>
"""


def test_unsafe_html_is_removed_and_reported(tmp_path):
    src = make_platform(tmp_path)
    (src / "platform.toml").write_text('[lint]\ntoday = "2026-11-24"\n[security]\niframe_hosts = ["v.jiangnan.gov.cn"]\n',
                                       encoding="utf-8")
    (src / "jiangnan/zwdt/paste.md").write_text(article("粘贴内容", "2026-11-21 09:00", PASTE), encoding="utf-8")
    logs: list[str] = []
    result = build(src, tmp_path / "output", lint=False, log=logs.append)
    assert result.code == 0, logs
    html = (tmp_path / "output/jiangnan/zwdt/paste.html").read_text(encoding="utf-8")
    body = LexborHTMLParser(html).css_first(".article-body")
    inner = body.html
    assert "<script" not in inner and "onclick" not in inner and "style=" not in inner
    assert "javascript:" not in inner and "data:image" not in inner
    assert "evil.example.com" not in inner
    assert 'src="https://v.jiangnan.gov.cn/live/1"' in inner, "allow-listed iframe host kept"
    assert 'href="../zcwj/zcwj-1.html"' in inner, "Pelican links still resolved"
    assert body.css_first('th[scope="row"]') is not None and body.css_first('td[colspan="2"]') is not None
    assert "粘贴的段落" in inner
    warning = "\n".join(logs)
    assert "zwdt/paste.md" in warning and "已移除不安全的 HTML" in warning and "<script" in warning
