"""Fake template contexts for the govsite theme, and a renderer.

The names follow the template context the plugins provide (see the theme's
templates and docs/ARCHITECTURE.md). Everything is a SimpleNamespace or a dict,
so the theme is tested without Pelican or the plugins.

`python tests/theme/conftest.py OUT_DIR` renders a realistic demo (portal and
department pages, output layout of ARCHITECTURE.md, theme static files copied to
OUT_DIR/<site>/theme/) for screenshots and browser audits.
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace as NS

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined

REPO = Path(__file__).resolve().parents[2]
THEME = REPO / "themes" / "govsite"
TEMPLATES = THEME / "templates"
STATIC = THEME / "static"


# --------------------------------------------------------------------------- env


def make_env(strict: bool = False) -> Environment:
    """The Jinja environment as Pelican builds it (JINJA_ENVIRONMENT defaults: no autoescape)."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined if strict else Undefined,
    )


def siteurl_for(output_name: str) -> str:
    """Pelican's relative SITEURL for a page written at output_name (RELATIVE_URLS)."""
    depth = output_name.count("/")
    return "." if depth == 0 else "/".join([".."] * depth)


def render(template: str, ctx: dict, output_name: str = "index.html", strict: bool = False) -> str:
    context = dict(ctx)
    context.setdefault("SITEURL", siteurl_for(output_name))
    context.setdefault("SITENAME", context["gov_site"].name if context.get("gov_site") else "")
    context.setdefault("output_file", output_name)
    return make_env(strict).get_template(template).render(**context)


# ------------------------------------------------------------------------- sites


def column(cid, name, kind, ctype, parent=None, description=None, keywords=None):
    return NS(
        id=cid,
        name=name,
        type=ctype,
        kind=kind,
        description=description or f"江南市{name}",
        keywords=keywords or f"江南,{name}",
        parent=parent,
        url=f"{cid}/index.html",
        children=[],
    )


def portal_site(**over) -> NS:
    cols = [
        column("zwgk", "走进江南", "overview", "概况信息"),
        column("jgzn", "机构职能", "organization", "机构职能"),
        column("ldxx", "领导信息", "leaders", "负责人信息"),
        column("zwdt", "政务动态", "news", "工作动态"),
        column("tzgg", "通知公告", "notice", "工作动态"),
        column("zcwj", "政策文件", "policy", "政策文件"),
        column("zcjd", "政策解读", "interpretation", "政策解读"),
        column("xxgk", "信息公开", "disclosure", "信息公开目录"),
        column("sjfb", "数据发布", "data", "数据发布"),
        column("bsfw", "办事服务", "service", "办事服务"),
        column("hdjl", "互动交流", "interaction", "咨询投诉"),
        column("dczj", "调查征集", "survey", "征集调查"),
    ]
    by_id = {c.id: c for c in cols}
    # 二级栏目: parent given as a column id (as in site.toml)
    for child in (
        column("bmdt", "部门动态", "news", "工作动态", parent="zwdt"),
        column("xqdt", "区县动态", "news", "工作动态", parent="zwdt"),
        column("xxgkzn", "信息公开指南", "disclosure", "信息公开指南", parent="xxgk"),
        column("xxgknb", "信息公开年报", "disclosure", "信息公开年报", parent="xxgk"),
    ):
        cols.append(child)
        by_id[child.parent].children.append(child)
    tree = [c for c in cols if not c.parent]
    site = NS(
        id="jiangnan",
        name="江南市人民政府",
        kind="portal",
        domain="www.jiangnan.gov.cn",
        chinese_domain="江南市人民政府.政务",
        site_code="3299000001",
        icp="苏ICP备00000001号-1",
        police_record="苏公网安备32990002000001号",
        conac_id="0A87C46FEE4D331AE053022819ACDC8C",
        host_org="江南市人民政府办公室",
        contact="0519-00000000",
        parent_name=None,
        parent_url=None,
        columns=cols,
        column_tree=tree,
    )
    for k, v in over.items():
        setattr(site, k, v)
    return site


def department_site(parent_url="https://www.jiangnan.gov.cn/", **over) -> NS:
    cols = [
        column("jgzn", "机构职能", "organization", "机构职能"),
        column("ldxx", "领导信息", "leaders", "负责人信息"),
        column("gzdt", "工作动态", "news", "工作动态"),
        column("zcwj", "政策文件", "policy", "政策文件"),
        column("zcjd", "政策解读", "interpretation", "政策解读"),
        column("xxgk", "信息公开", "disclosure", "信息公开目录"),
        column("sjfb", "数据发布", "data", "数据发布"),
        column("hdjl", "互动交流", "interaction", "咨询投诉"),
        column("dczj", "调查征集", "survey", "征集调查"),
    ]
    site = NS(
        id="jyj",
        name="江南市教育局",
        kind="department",
        domain="jyj.jiangnan.gov.cn",
        chinese_domain="江南市教育局.政务",
        site_code="3299000002",
        icp="苏ICP备00000001号-2",
        police_record="苏公网安备32990002000002号",
        conac_id="0A87C46FEE4D331AE053022819ACDC8D",
        host_org="江南市教育局",
        contact="jyj@jiangnan.gov.cn",
        parent_name="江南市人民政府",
        parent_url=parent_url,
        columns=cols,
        column_tree=list(cols),
    )
    for k, v in over.items():
        setattr(site, k, v)
    return site


FOOTER_KEYS = (
    "host_org", "contact", "site_code", "icp", "police_record",
    "conac", "jiucuo", "sitemap", "chinese_domain",
)


def footer_for(site: NS, page_url: str = "") -> list[dict]:
    """gov_footer as the identity plugin provides it: data, in display order."""
    digits = "".join(ch for ch in site.police_record if ch.isdigit())
    return [
        {"key": "host_org", "label": "主办单位", "text": site.host_org, "href": None, "img": None, "img_alt": None},
        {"key": "contact", "label": "联系方式", "text": site.contact, "href": None, "img": None, "img_alt": None},
        {"key": "site_code", "label": "网站标识码", "text": site.site_code, "href": None, "img": None, "img_alt": None},
        {"key": "icp", "label": "", "text": site.icp, "href": "https://beian.miit.gov.cn/", "img": None, "img_alt": None},
        {"key": "police_record", "label": "", "text": site.police_record,
         "href": f"https://beian.mps.gov.cn/#/query/webSearch?code={digits}",
         "img": "theme/img/gongan.png", "img_alt": "公安备案图标"},
        {"key": "conac", "label": "", "text": "",
         "href": f"https://bszs.conac.cn/sitename?method=show&id={site.conac_id}",
         "img": "theme/img/conac.svg", "img_alt": "党政机关网站标识"},
        {"key": "jiucuo", "label": "", "text": "我为政府网站找错",
         "href": f"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={site.site_code}&url=https%3A%2F%2F{site.domain}%2F",
         "img": None, "img_alt": None},
        {"key": "sitemap", "label": "", "text": "网站地图", "href": "sitemap.html", "img": None, "img_alt": None},
        {"key": "chinese_domain", "label": "中文域名", "text": site.chinese_domain, "href": None, "img": None, "img_alt": None},
    ]


def site_tags(site: NS) -> list[tuple[str, str]]:
    return [("SiteName", site.name), ("SiteDomain", site.domain), ("SiteIDCode", site.site_code)]


def column_tags(col: NS) -> list[tuple[str, str]]:
    return [
        ("ColumnName", col.name),
        ("ColumnDescription", col.description),
        ("ColumnKeywords", col.keywords),
        ("ColumnType", col.type),
    ]


def col_by_id(site: NS, cid: str) -> NS:
    return next(c for c in site.columns if c.id == cid)


# ------------------------------------------------------------------------- items

NEWS_TITLES = [
    "江南市召开2026年第四季度经济运行分析会",
    "市政府常务会议研究部署冬季安全生产和民生保障工作",
    "江南市启动“暖冬行动”为困难群众送温暖",
    "我市12个重大项目集中开工 总投资超过186亿元",
    "江南市举办2026年秋季人才招聘大会 提供岗位8600余个",
    "市领导调研城乡供水一体化工程建设进展",
    "江南市通过国家食品安全示范城市复审",
    "全市老旧小区改造工程提前完成年度目标任务",
    "江南市召开优化营商环境工作推进会",
    "市政府与江南大学签署战略合作协议",
    "江南市2026年冬季征兵工作全面展开",
    "全市秋冬季大气污染防治攻坚行动部署会召开",
]


def item(col_id, slug, title, date, validity="有效", archived=None):
    return NS(
        title=title,
        url=f"{col_id}/{slug}.html",
        gov_date=date,
        gov_validity=validity,
        gov_archived=archived,
    )


def news_items(n=8, col_id="zwdt", start_day=23):
    return [
        item(col_id, f"a{i + 1}", NEWS_TITLES[i % len(NEWS_TITLES)], f"2026-11-{max(start_day - 2 * i, 1):02d}")
        for i in range(n)
    ]


POLICY_ITEMS = [
    item("zcwj", "jzf-2026-3", "江南市人民政府关于印发《江南市优化营商环境若干措施》的通知", "2026-11-02"),
    item("zcwj", "jzbf-2026-21", "江南市人民政府办公室关于进一步做好稳就业工作的实施意见", "2026-10-18"),
    item("zcwj", "jzf-2026-1", "江南市人民政府关于印发江南市2026年国民经济和社会发展计划的通知", "2026-09-30"),
    item("zcwj", "jzf-2021-9", "江南市人民政府关于印发江南市城市房屋拆迁管理办法的通知", "2021-06-03", validity="已废止"),
    item("zcwj", "jzbf-2019-4", "江南市人民政府办公室关于加强农村公路养护管理的意见", "2019-03-12", archived="2024-12-31"),
]

INTERP_ITEMS = [
    item("zcjd", "jd-yyhj", "一图读懂《江南市优化营商环境若干措施》", "2026-11-04"),
    item("zcjd", "jd-wjy", "《关于进一步做好稳就业工作的实施意见》政策解读", "2026-10-20"),
    item("zcjd", "jd-jh", "市发展改革委负责人解读2026年国民经济和社会发展计划", "2026-10-08"),
]

NOTICE_ITEMS = [
    item("tzgg", "n1", "关于2027年元旦放假安排的通知", "2026-11-20"),
    item("tzgg", "n2", "江南市2026年下半年事业单位公开招聘工作人员拟聘用人员公示", "2026-11-12"),
    item("tzgg", "n3", "关于开展2026年度全市统计执法检查的公告", "2026-10-28"),
    item("tzgg", "n4", "江南市人民政府关于征收土地的预公告", "2026-10-09"),
]

DATA_ITEMS = [
    item("sjfb", "d1", "2026年1—10月江南市国民经济运行情况", "2026-11-18"),
    item("sjfb", "d2", "2026年三季度江南市居民收支情况", "2026-10-25"),
    item("sjfb", "d3", "2026年1—9月江南市财政收支情况", "2026-10-16"),
]


# ---------------------------------------------------------------------- contexts


def base_ctx(site: NS, page_type: str, tags=None, page_url="") -> dict:
    return {
        "gov_site": site,
        "gov_footer": footer_for(site, page_url),
        "gov_nav": list(site.column_tree),
        "page_type": page_type,
        "page_tags": tags if tags is not None else site_tags(site),
    }


def home_ctx(site: NS | None = None, with_dept_news=True) -> dict:
    site = site or portal_site()
    ctx = base_ctx(site, "home")
    if site.kind == "portal":
        ctx["home_news"] = news_items(8)
        ctx["home_sections"] = [
            {"column": col_by_id(site, "tzgg"), "items": NOTICE_ITEMS},
            {"column": col_by_id(site, "zcwj"), "items": POLICY_ITEMS[:4]},
            {"column": col_by_id(site, "zcjd"), "items": INTERP_ITEMS},
            {"column": col_by_id(site, "sjfb"), "items": DATA_ITEMS},
        ]
        ctx["dept_news"] = [
            {"title": t, "url": f"https://{d}/gzdt/{s}.html", "date": dt, "site_name": n}
            for t, d, s, dt, n in [
                ("市教育局部署2026年冬季校园安全工作", "jyj.jiangnan.gov.cn", "g1", "2026-11-22", "江南市教育局"),
                ("市卫生健康委开展冬春季传染病防控督导", "wjw.jiangnan.gov.cn", "g7", "2026-11-21", "江南市卫生健康委员会"),
                ("市人社局发布2026年企业工资指导线", "rsj.jiangnan.gov.cn", "g3", "2026-11-19", "江南市人力资源和社会保障局"),
                ("市交通运输局完成国省干线公路冬季养护准备", "jtj.jiangnan.gov.cn", "g2", "2026-11-17", "江南市交通运输局"),
            ]
        ] if with_dept_news else []
    else:
        ctx["home_news"] = news_items(6, col_id="gzdt")
        ctx["home_sections"] = [
            {"column": col_by_id(site, "zcwj"), "items": [
                item("zcwj", "p1", "江南市教育局关于做好2027年义务教育招生入学工作的通知", "2026-11-10")]},
            {"column": col_by_id(site, "zcjd"), "items": []},
        ]
        ctx["dept_news"] = []
    return ctx


def column_ctx(site=None, cid="zwdt", items=None, number=2, total=3, subcolumns=True) -> dict:
    site = site or portal_site()
    col = col_by_id(site, cid)
    ctx = base_ctx(site, "column", site_tags(site) + column_tags(col))
    ctx["column"] = col
    ctx["items"] = news_items(12, col_id=cid) if items is None else items

    def purl(n):
        return f"{cid}/index.html" if n == 1 else f"{cid}/page/{n}.html"

    ctx["pagination"] = {
        "number": number,
        "total_pages": total,
        "prev_url": purl(number - 1) if number > 1 else None,
        "next_url": purl(number + 1) if number < total else None,
        "pages": [{"number": n, "url": purl(n)} for n in range(1, total + 1)],
    }
    ctx["subcolumns"] = list(col.children) if subcolumns else []
    return ctx


POLICY_BODY = """
<p>各县（市、区）人民政府，市各委办局，市各直属单位：</p>
<p>现将《江南市优化营商环境若干措施》印发给你们，请认真贯彻执行。</p>
<h2>一、总体要求</h2>
<p>坚持市场化、法治化、国际化原则，以市场主体需求为导向，深化“放管服”改革，打造审批事项少、办事效率高、服务质量优的一流营商环境。</p>
<h2>二、主要措施</h2>
<ol>
<li>推行企业开办“一网通办”，全流程办理时间压缩至1个工作日以内。</li>
<li>工程建设项目审批全流程时间控制在60个工作日以内。</li>
<li>推进涉企证照电子化，实现“免证办”事项不少于200项。</li>
</ol>
<table>
<thead><tr><th scope="col">事项</th><th scope="col">原办理时限</th><th scope="col">压缩后时限</th></tr></thead>
<tbody>
<tr><td>企业开办</td><td>3个工作日</td><td>1个工作日</td></tr>
<tr><td>不动产登记</td><td>5个工作日</td><td>1个工作日</td></tr>
</tbody>
</table>
<p>附件：<a href="../files/yshj-2026.pdf">江南市优化营商环境若干措施（PDF）</a></p>
<p>本措施自印发之日起施行，有效期至2028年12月31日。</p>
"""


def article_ctx(site=None, *, cid="zcwj", slug="jzf-2026-3", title=None, **attrs) -> dict:
    site = site or portal_site()
    col = col_by_id(site, cid)
    title = title or "江南市人民政府关于印发《江南市优化营商环境若干措施》的通知"
    art = NS(
        title=title,
        content=POLICY_BODY,
        url=f"{cid}/{slug}.html",
        gov_pubdate="2026-11-02 09:30",
        gov_date="2026-11-02",
        gov_source="江南市人民政府办公室",
        gov_column=col,
        gov_archived=None,
        gov_doc_number="江政发〔2026〕3号",
        gov_validity="有效",
        gov_superseded_by=None,
        gov_supersedes=None,
        gov_interpretations=[
            {"title": "一图读懂《江南市优化营商环境若干措施》", "url": "zcjd/jd-yyhj.html", "form": "图解", "date": "2026-11-04"},
            {"title": "《江南市优化营商环境若干措施》新闻发布会", "url": "zcjd/jd-fbh.html", "form": "新闻发布会", "date": "2026-11-05"},
        ],
        gov_policies=[],
        gov_form=None,
        gov_asked=None,
        gov_answered=None,
        gov_answered_by=None,
    )
    for k, v in attrs.items():
        setattr(art, k, v)
    tags = site_tags(site) + column_tags(col) + [
        ("ArticleTitle", art.title),
        ("PubDate", art.gov_pubdate),
        ("ContentSource", art.gov_source),
        ("Keywords", "营商环境,政策"),
        ("Description", "江南市优化营商环境若干措施"),
        ("Url", f"https://{site.domain}/{art.url}"),
    ]
    if art.gov_archived:
        tags.append(("ArchiveDate", art.gov_archived))
    art.gov_page_tags = tags
    ctx = base_ctx(site, "content", tags=site_tags(site))  # page_tags must be ignored here
    ctx["article"] = art
    return ctx


def repealed_ctx(site=None) -> dict:
    return article_ctx(
        site,
        slug="jzf-2021-9",
        title="江南市人民政府关于印发江南市城市房屋拆迁管理办法的通知",
        gov_pubdate="2021-06-03 10:00",
        gov_date="2021-06-03",
        gov_doc_number="江政发〔2021〕9号",
        gov_validity="已废止",
        gov_superseded_by={"title": "江南市国有土地上房屋征收与补偿办法", "doc_number": "江政发〔2026〕2号",
                           "url": "zcwj/jzf-2026-2.html"},
        gov_interpretations=[],
    )


def archived_ctx(site=None) -> dict:
    return article_ctx(
        site,
        slug="jzbf-2019-4",
        title="江南市人民政府办公室关于加强农村公路养护管理的意见",
        gov_pubdate="2019-03-12 15:20",
        gov_date="2019-03-12",
        gov_doc_number="江政办发〔2019〕4号",
        gov_archived="2024-12-31",
        gov_interpretations=[],
    )


def interpretation_ctx(site=None) -> dict:
    return article_ctx(
        site,
        cid="zcjd",
        slug="jd-yyhj",
        title="一图读懂《江南市优化营商环境若干措施》",
        content="<p>为便于市民和企业了解政策内容，现将《江南市优化营商环境若干措施》要点解读如下。</p>"
                "<p><img src=\"../files/yyhj-1.png\" alt=\"《江南市优化营商环境若干措施》要点图解\"></p>",
        gov_pubdate="2026-11-04 16:00",
        gov_date="2026-11-04",
        gov_source="江南市发展和改革委员会",
        gov_doc_number=None,
        gov_form="图解",
        gov_interpretations=[],
        gov_policies=[{"title": "江南市人民政府关于印发《江南市优化营商环境若干措施》的通知",
                       "doc_number": "江政发〔2026〕3号", "url": "zcwj/jzf-2026-3.html", "date": "2026-11-02"}],
    )


def message_ctx(site=None, answered=True) -> dict:
    return article_ctx(
        site,
        cid="hdjl",
        slug="ly-1123",
        title="关于江南大道夜间施工噪声扰民问题的留言",
        content="<h2>留言内容</h2><p>江南大道与人民路交叉口工地夜间施工至凌晨，噪声很大，希望有关部门处理。</p>"
                "<h2>答复内容</h2><p>您好！经核查，该工地已按规定办理夜间施工许可，我局已要求施工单位22时后停止高噪声作业。感谢您的监督。</p>",
        gov_pubdate="2026-11-20 10:00",
        gov_date="2026-11-20",
        gov_source="江南市住房和城乡建设局",
        gov_doc_number=None,
        gov_interpretations=[],
        gov_asked="2026-11-16",
        gov_answered="2026-11-19" if answered else None,
        gov_answered_by="江南市住房和城乡建设局" if answered else None,
    )


def sitemap_ctx(site=None) -> dict:
    return base_ctx(site or portal_site(), "sitemap")


def archive_ctx(site=None, snapshots=True) -> dict:
    ctx = base_ctx(site or portal_site(), "archive")
    ctx["archived_items"] = [POLICY_ITEMS[4]]
    ctx["snapshots"] = [
        {"date": "2025-12-31", "reason": "年度归档", "url": "archive/2025-12-31/index.html"},
        {"date": "2024-12-31", "reason": "网站改版前归档", "url": "archive/2024-12-31/index.html"},
    ] if snapshots else []
    return ctx


def error_ctx(site=None) -> dict:
    return base_ctx(site or portal_site(), "error")


# -------------------------------------------------------------------- demo build


def demo_pages():
    """(site_id, output name, template, context) for a realistic two-site demo."""
    portal = portal_site()
    dept = department_site()
    pages = [
        ("jiangnan", "index.html", "index.html", home_ctx(portal)),
        ("jiangnan", "zwdt/index.html", "column.html", column_ctx(portal, number=1)),
        ("jiangnan", "zwdt/page/2.html", "column.html", column_ctx(portal, number=2)),
        ("jiangnan", "zcwj/index.html", "column.html", column_ctx(portal, "zcwj", items=POLICY_ITEMS, number=1, total=1)),
        ("jiangnan", "zcwj/jzf-2026-3.html", "article.html", article_ctx(portal)),
        ("jiangnan", "zcwj/jzf-2021-9.html", "article.html", repealed_ctx(portal)),
        ("jiangnan", "zcwj/jzbf-2019-4.html", "article.html", archived_ctx(portal)),
        ("jiangnan", "zcjd/jd-yyhj.html", "article.html", interpretation_ctx(portal)),
        ("jiangnan", "hdjl/ly-1123.html", "article.html", message_ctx(portal)),
        ("jiangnan", "sitemap.html", "sitemap.html", sitemap_ctx(portal)),
        ("jiangnan", "archive/index.html", "archive_index.html", archive_ctx(portal)),
        ("jiangnan", "404.html", "404.html", error_ctx(portal)),
        ("jyj", "index.html", "index.html", home_ctx(dept)),
        ("jyj", "zcjd/index.html", "column.html",
         column_ctx(dept, "zcjd", items=[], number=1, total=1, subcolumns=False)),
        ("jyj", "archive/index.html", "archive_index.html", archive_ctx(dept, snapshots=False)),
    ]
    return pages


def build_demo(out: Path) -> list[Path]:
    out = Path(out)
    written = []
    for site_id, name, template, ctx in demo_pages():
        site_dir = out / site_id
        html = render(template, copy.copy(ctx), name)
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written.append(path)
        theme_dir = site_dir / "theme"
        if not theme_dir.exists():
            shutil.copytree(STATIC, theme_dir)
            (site_dir / "files").mkdir(exist_ok=True)
            (site_dir / "files" / "yyhj-1.png").write_bytes(_demo_png(640, 320))
    return written


def _demo_png(width: int, height: int) -> bytes:
    """A plain chart-like PNG (bars on white) for the demo's content image."""
    import struct
    import zlib

    bars = [(0.15, 0.55), (0.35, 0.75), (0.55, 0.4), (0.75, 0.9)]
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            colour = (255, 255, 255)
            for left, h in bars:
                if left * width <= x < (left + 0.12) * width and y >= height * (1 - h * 0.85):
                    colour = (11, 74, 139)
            if y == height - 12:
                colour = (74, 74, 74)
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------- fixtures


@pytest.fixture
def portal():
    return portal_site()


@pytest.fixture
def department():
    return department_site()


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("govsite-demo")
    build_demo(out)
    return out


if __name__ == "__main__":  # python tests/theme/conftest.py OUT_DIR
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/govsite-demo")
    if target.exists():
        shutil.rmtree(target)
    for p in build_demo(target):
        print(os.path.relpath(p, target))
