"""A small but realistic *built* site (the output of a build, written by hand)
so the archive tests do not depend on Pelican: pages across folders with
relative links, a paginated column, images with srcset, a stylesheet with
url(...), an attachment with a Chinese file name, an absolute link to the site's
own domain, a root-absolute link, a folder link, and links to other hosts."""

from __future__ import annotations

from pathlib import Path

DOMAIN = "www.jiangnan.gov.cn"
SITE_TOML = """[site]
name = "江南市人民政府"
kind = "portal"
domain = "www.jiangnan.gov.cn"
chinese_domain = "江南市人民政府.政务"
site_code = "3299000001"
icp = "苏ICP备00000001号-1"
police_record = "苏公网安备32990002000001号"
conac_id = "0A87C46FEE4D331AE053022819ACDC8C"
host_org = "江南市人民政府办公室"
contact = "0519-00000000"
"""

# a 1x1 PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def page(root: str, title: str, body: str, *, column: str | None = None, extra_head: str = "") -> str:
    """One page in the theme's markup; ``root`` is the relative path to the site root."""
    col = (f'<meta name="ColumnName" content="{column}">\n' if column else "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - 江南市人民政府</title>
<meta name="SiteName" content="江南市人民政府">
<meta name="SiteDomain" content="{DOMAIN}">
<meta name="SiteIDCode" content="3299000001">
{col}<link rel="stylesheet" href="{root}theme/css/site.css">
<link rel="icon" href="{root}theme/img/favicon.ico">
<script src="{root}theme/js/elder.js" defer></script>
{extra_head}</head>
<body>
<a class="skip-link" href="#main-content">跳到主要内容</a>
<header>
  <a href="{root}index.html"><img src="{root}theme/img/logo.png" alt="江南市人民政府"></a>
  <p class="site-name">江南市人民政府</p>
  <button type="button" class="elder-toggle" data-elder-toggle aria-pressed="false">关怀版</button>
</header>
<nav aria-label="主导航">
  <ul>
    <li><a href="{root}index.html">首页</a></li>
    <li><a href="{root}zwdt/index.html">政务动态</a></li>
    <li><a href="{root}zcwj/index.html">政策文件</a></li>
    <li><a href="{root}archive/index.html">归档</a></li>
  </ul>
</nav>
<main id="main-content">
{body}
</main>
<footer class="site-footer">
  <p data-gov="host_org">主办单位：江南市人民政府办公室</p>
  <p data-gov="site_code">网站标识码：3299000001</p>
  <p data-gov="icp"><a href="https://beian.miit.gov.cn/">苏ICP备00000001号-1</a></p>
  <p data-gov="police_record"><a href="https://beian.mps.gov.cn/#/query/webSearch?code=32990002000001"><img src="{root}theme/img/gongan.png" alt="公安备案图标">苏公网安备32990002000001号</a></p>
  <p data-gov="jiucuo"><a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3299000001&amp;url=https%3A%2F%2F{DOMAIN}%2F">我为政府网站找错</a></p>
  <p data-gov="sitemap"><a href="{root}sitemap.html">网站地图</a></p>
</footer>
</body>
</html>
"""


def article(root: str, title: str, text: str) -> str:
    return (f'<article>\n<h1>{title}</h1>\n<div class="article-meta"><time datetime="2026-11-20">2026-11-20</time>'
            f" 来源：江南市人民政府办公室</div>\n{text}\n</article>")


def write_site(out: Path) -> Path:
    """Write output/jiangnan/ and return the site folder."""
    site = out / "jiangnan"
    files: dict[str, str | bytes] = {}
    files["index.html"] = page("", "首页", """<h1 class="visually-hidden">江南市人民政府</h1>
<section><h2><a href="zwdt/">政务动态</a></h2>
<ul>
  <li><a href="zwdt/a1.html">江南市召开全市优化营商环境大会</a> <time datetime="2026-11-20">2026-11-20</time></li>
  <li><a href="https://www.jiangnan.gov.cn/zwdt/a2.html">江南市开展安全生产大检查</a></li>
  <li><a href="http://WWW.JIANGNAN.GOV.CN/zcwj/p1.html?from=home#top">江南市优化营商环境若干措施</a></li>
</ul></section>
<section><h2>部门网站</h2><a href="https://tjj.jiangnan.gov.cn/">江南市统计局</a>
<a href="https://www.gov.cn/">中国政府网</a> <a href="mailto:zwgk@jiangnan.gov.cn">写信</a>
<a href="tel:0519-00000000">电话</a> <a href="javascript:void(0)">无</a></section>
<div class="banner-img" style="background-image: url('theme/img/bg.png')"></div>""")
    files["zwdt/index.html"] = page("../", "政务动态", """<h1>政务动态</h1>
<ul class="article-list">
  <li><a href="a1.html">江南市召开全市优化营商环境大会</a></li>
  <li><a href="./a2.html">江南市开展安全生产大检查</a></li>
</ul>
<nav class="pager"><a href="page/2.html">下一页</a></nav>""", column="政务动态")
    files["zwdt/page/2.html"] = page("../../", "政务动态 第2页", """<h1>政务动态</h1>
<ul class="article-list"><li><a href="../a3.html">江南市举行防汛演练</a></li></ul>
<nav class="pager"><a href="../index.html">上一页</a></nav>""", column="政务动态")
    files["zwdt/a1.html"] = page("../", "江南市召开全市优化营商环境大会", article("../", "江南市召开全市优化营商环境大会", """<p>11月20日，全市优化营商环境大会召开。
<a href="/zcwj/p1.html">《若干措施》全文</a>，<a href="../zcwj/">政策文件栏目</a>。</p>
<figure><img src="../files/photo.jpg" srcset="../files/photo.jpg 1x, ../files/photo@2x.jpg 2x" alt="会议现场"></figure>
<p><a href="../files/report.pdf">会议材料（PDF）</a></p>"""), column="政务动态")
    files["zwdt/a2.html"] = page("../", "江南市开展安全生产大检查", article("../", "江南市开展安全生产大检查", """<p>检查组深入企业一线。<a href="a1.html#p2">相关新闻</a>
<a href="https://www.jiangnan.gov.cn/files/%E9%80%9A%E7%9F%A5.pdf">通知全文</a></p>
<picture><source srcset="/files/photo@2x.jpg 2x" type="image/jpeg"><img src="/files/photo.jpg" alt="检查现场"></picture>"""), column="政务动态")
    files["zwdt/a3.html"] = page("../", "江南市举行防汛演练", article("../", "江南市举行防汛演练", """<p>演练现场。<a href="../zwdt/a1.html">上一篇</a></p>"""), column="政务动态")
    files["zcwj/index.html"] = page("../", "政策文件", """<h1>政策文件</h1>
<ul><li><a href="p1.html">江南市人民政府关于印发《江南市优化营商环境若干措施》的通知</a></li></ul>""", column="政策文件")
    files["zcwj/p1.html"] = page("../", "江南市优化营商环境若干措施", article("../", "江南市人民政府关于印发《江南市优化营商环境若干措施》的通知", """<p>附件：<a href="../files/%E9%80%9A%E7%9F%A5.pdf">通知.pdf</a>
<a href="../files/通知.pdf">通知（未编码链接）</a></p>"""), column="政策文件")
    files["sitemap.html"] = page("", "网站地图", """<h1>网站地图</h1>
<ul><li><a href="zwdt/index.html">政务动态</a></li><li><a href="zcwj/index.html">政策文件</a></li>
<li><a href="archive/">归档</a></li></ul>""")
    files["archive/index.html"] = page("../", "归档", """<h1>归档</h1>
<section class="archive-snapshots"><h2>网站快照</h2>
<ul class="snapshot-list">
</ul>
</section>""")
    files["sitemap.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            f"<url><loc>https://{DOMAIN}/</loc></url></urlset>\n")
    files["theme/css/site.css"] = """@charset "utf-8";
@import "print.css" print;
body { font-family: sans-serif; }
.banner-img { background: url(../img/bg.png) no-repeat; }
.icon-home { background-image: url("/theme/img/icon.svg"); }
.logo { background: url('https://www.jiangnan.gov.cn/theme/img/logo.png'); }
.ext { background: url(https://cdn.example.org/x.png); }
.data { background: url(data:image/gif;base64,R0lGODlhAQABAAAAACw=); }
"""
    files["theme/css/print.css"] = "@media print { nav { display: none; } }\n"
    files["theme/js/elder.js"] = "document.documentElement.dataset.ready = '1';\n"
    files["theme/img/logo.png"] = PNG
    files["theme/img/bg.png"] = PNG
    files["theme/img/gongan.png"] = PNG
    files["theme/img/favicon.ico"] = PNG
    files["theme/img/icon.svg"] = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
    files["files/photo.jpg"] = b"\xff\xd8\xff\xe0fake-jpeg"
    files["files/photo@2x.jpg"] = b"\xff\xd8\xff\xe0fake-jpeg-2x"
    files["files/report.pdf"] = b"%PDF-1.4\n%fake\n"
    files["files/通知.pdf"] = b"%PDF-1.4\n%tongzhi\n"
    for rel, content in files.items():
        p = site / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return site


def write_src(src: Path) -> Path:
    d = src / "jiangnan"
    d.mkdir(parents=True, exist_ok=True)
    (d / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return src
