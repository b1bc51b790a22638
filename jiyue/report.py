"""``invoke report --site ID --year Y``: the 政府网站工作年度报表 of one site, from its content.

Due before 31 January of the next year (宿迁 第二十一条, 南通 第二十九条; 宝鸡 第三十二条(六):
before 20 January), in the form of 国办函〔2018〕12号. What the Markdown sources can tell is
counted here — the rest (visits, registered users, 办件量, security checks, staff, budget)
is listed as 需人工填写:

- 信息发布: articles published in the year, in total, per column and per national
  category (概况类 = overview/organization/leaders; 政务动态 = news/notice;
  信息公开目录 = policy/interpretation/disclosure/data);
- 专栏专题: topic columns maintained (with content by the end of the period) and newly
  opened (first item in the year), and their items of the year;
- 解读回应: interpretations of the year by InterpretationForm (default 文字解读);
- 办事服务: current service guides at the end of the period;
- 互动交流: 留言 asked in the year, answered, and the average reply time in working days
  (official Chinese calendar, jiyue.workdays) and in calendar days; 征集调查 items.

"Published" means dated in the year, not after the check date (``--today``, else
platform.toml ``[lint] today``, else today) and not a draft. The report is written
atomically to ``<out>/<site>/report/<year>.html`` (the theme's ``annual_report.html``
with the site chrome and page tags) and ``<year>.json``, and both are added to the
site's build manifests (``.jiyue/<site>/pages.json``, ``manifest.json``) so that the
linter and ``invoke verify`` know them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from datetime import date, datetime
from pathlib import Path

from jiyue import pagetags, publish, workdays
from jiyue.argparse_zh import ChineseArgumentParser
from jiyue.metadata import INTERPRETATION_FORMS, parse_datetime
from jiyue.platform_index import Record, scan_site
from jiyue.problems import ConfigError
from jiyue.publish import write_atomic
from jiyue.siteconfig import COLUMN_KINDS, Platform, SiteConfig, load_platform

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "govsite"
TEMPLATE = "annual_report.html"
CATEGORIES = (
    ("概况类信息更新量", ("overview", "organization", "leaders")),
    ("政务动态信息更新量", ("news", "notice")),
    ("信息公开目录信息更新量", ("policy", "interpretation", "disclosure", "data")),
)
MANUAL = (
    "独立用户访问总量（个）、网站总访问量（次）：来自网站访问统计系统",
    "注册用户数、政务服务事项数量、可全程在线办理政务服务事项数量、办件量：来自政务服务平台",
    "征集调查收到意见数量、公布调查结果期数，在线访谈期数",
    "是否提供智能问答、站内搜索情况",
    "安全检测评估次数、发现问题数量、问题整改数量",
    "政务新媒体开通和传播情况，创新发展情况",
    "专职工作人员数量、建设管理经费投入（万元）",
)
KIND_NAMES = {"portal": "政府门户网站", "department": "部门网站"}


# --- figures ----------------------------------------------------------------------------------

def _published(r: Record) -> bool:
    return not r.future and (r.meta.get("status") or "").lower() != "draft" and bool(r.date)


def _day(value: str) -> date | None:
    dt = parse_datetime(value or "")
    return dt.date() if dt else None


def figures(site: SiteConfig, records: list[Record], year: int, today: date) -> dict:
    """The report's figures (the JSON document) from the site's records."""
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), today)
    published = [r for r in records if _published(r)]
    in_year = [r for r in published if r.date[:4] == str(year) and r.datetime.date() <= end]
    until_end = [r for r in published if r.datetime.date() <= end]

    columns = []
    for c in site.columns:
        columns.append({"id": c.id, "name": c.name, "kind": c.kind,
                        "kind_name": COLUMN_KINDS.get(c.kind, ("", None))[0], "parent": c.parent or None,
                        "count": sum(1 for r in in_year if r.column == c.id)})
    categories = [{"name": name, "kinds": list(kinds), "count": sum(1 for r in in_year if r.kind in kinds)}
                  for name, kinds in CATEGORIES]

    topic_cols = [c.id for c in site.columns if c.kind == "topic"]
    first_item = {}
    for cid in topic_cols:
        dates = sorted(r.datetime.date() for r in until_end if r.column == cid)
        if dates:
            first_item[cid] = dates[0]
    topics = {"columns": len(topic_cols), "maintained": len(first_item),
              "opened": sum(1 for d in first_item.values() if d.year == year),
              "items": sum(1 for r in in_year if r.kind == "topic")}

    by_form = dict.fromkeys(INTERPRETATION_FORMS, 0)
    for r in in_year:
        if r.kind == "interpretation":
            form = r.form or "文字解读"
            by_form[form] = by_form.get(form, 0) + 1
    interpretations = {"total": sum(by_form.values()), "by_form": by_form}

    guides = [r for r in until_end if r.kind == "service" and r.validity == "有效"
              and not (r.archived and (_day(r.archived) or end) <= end)]
    services = {"catalogue": bool(guides), "guides": len(guides)}

    asked = []
    for r in published:
        if r.kind != "interaction":
            continue
        a = _day(r.asked)
        if a is not None and a.year == year and a <= end:
            asked.append((r, a, _day(r.answered)))
    answered = [(r, a, b) for r, a, b in asked if b is not None and b <= today]
    used = [workdays.workdays_between(a, b) for _r, a, b in answered]
    days = [(b - a).days for _r, a, b in answered]
    messages = {
        "received": len(asked),
        "answered": len(answered),
        "unanswered": len(asked) - len(answered),
        "published_answers": len(answered),
        "average_workdays": round(sum(used) / len(used), 1) if used else None,
        "average_days": round(sum(days) / len(days), 1) if days else None,
    }
    surveys = {"count": sum(1 for r in in_year if r.kind == "survey")}
    notes = []
    if end < date(year, 12, 31):
        notes.append(f"{year} 年尚未结束，统计截至 {end.isoformat()}。")
    notes += workdays.notes()
    return {
        "version": 1,
        "title": f"{site.name}{year}年政府网站工作年度报表",
        "year": year,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "site": {"id": site.id, "name": site.name, "url": site.url, "domain": site.domain, "host_org": site.host_org,
                 "kind": site.kind, "kind_name": KIND_NAMES.get(site.kind, site.kind), "site_code": site.site_code,
                 "icp": site.icp, "police_record": site.police_record},
        "information": {"total": len(in_year), "columns": columns, "categories": categories},
        "topics": topics,
        "interpretations": interpretations,
        "services": services,
        "messages": messages,
        "surveys": surveys,
        "manual": list(MANUAL),
        "notes": notes,
    }


# --- rendering ------------------------------------------------------------------------------------

def _gov_identity():
    spec = importlib.util.spec_from_file_location("_jiyue_report_gov_identity",
                                                  ROOT / "plugins" / "gov_identity" / "gov_identity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report_column(site: SiteConfig):
    """The 信息公开 column the report belongs to: a disclosure column named like 年报/报表, else
    the first disclosure column (None if the site has none)."""
    disclosure = site.columns_of_kind("disclosure")
    for c in disclosure:
        if "报表" in c.name or "年报" in c.name:
            return c
    return disclosure[0] if disclosure else None


def render_html(site: SiteConfig, data: dict, path: str, published: str) -> str:
    from jinja2 import Environment, FileSystemLoader

    identity = _gov_identity()
    env = Environment(loader=FileSystemLoader(str(THEME / "templates")), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(gov_site=site, gov_footer=identity.footer_items(site), gov_nav=site.column_tree,
                       gov_official_scripts=False, gov_jiucuo_script=identity.JIUCUO_SCRIPT)
    column = report_column(site)
    depth = path.count("/")
    siteurl = "/".join([".."] * depth) if depth else "."
    summary = f"{site.name}{data['year']}年信息发布、专题、解读、办事服务和留言办理情况。"
    if column is not None:
        tags = pagetags.content_tags(site, column, title=data["title"], pubdate=published, source=site.host_org,
                                     description=summary, url=f"{site.url}{path}")
    else:
        tags = pagetags.page_tags(site)
    return env.get_template(TEMPLATE).render(
        report={**data, "published": published}, column=column, page_tags=tags, page_type="content",
        SITEURL=siteurl, SITENAME=site.name, gov_interaction={}, output_file=path)


def _write_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def _update_manifests(meta_dir: Path, files: dict[str, bytes], pages: dict[str, dict]) -> None:
    """Add the report to the build manifests (only those that exist: a site built elsewhere has none)."""
    manifest = meta_dir / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries = data.setdefault("files", {})
        for rel, raw in files.items():
            entries[rel] = {"size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
        data["files"] = dict(sorted(entries.items()))
        _write_atomic(manifest, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    pages_json = meta_dir / "pages.json"
    if pages_json.is_file():
        data = json.loads(pages_json.read_text(encoding="utf-8"))
        data.setdefault("pages", {}).update(pages)
        data["pages"] = dict(sorted(data["pages"].items()))
        _write_atomic(pages_json, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def write_report(platform: Platform, site_id: str, year: int, out: Path, today: date) -> tuple[dict, list[Path]]:
    site = platform.sites[site_id]
    records, _problems = scan_site(site, today)
    data = figures(site, records, year, today)
    now = datetime.now()
    published = f"{now:%Y-%m-%d %H:%M}" if today == now.date() else f"{today.isoformat()} 00:00"
    rel_html, rel_json = f"report/{year}.html", f"report/{year}.json"
    html = render_html(site, data, rel_html, published).encode("utf-8")
    doc = (json.dumps({**data, "published": published}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    site_dir = out / site_id
    with publish.lock(out):
        _write_atomic(site_dir / rel_json, doc)
        _write_atomic(site_dir / rel_html, html)
        column = report_column(site)
        _update_manifests(out / publish.META / site_id, {rel_html: html, rel_json: doc},
                          {rel_html: {"type": "content", "source": None, "template": TEMPLATE,
                                      "column": column.id if column else None}})
    return data, [site_dir / rel_html, site_dir / rel_json]


def summary_text(data: dict) -> str:
    info, msg = data["information"], data["messages"]
    cats = "，".join(f"{c['name'].removesuffix('信息更新量').removesuffix('更新量')} {c['count']}" for c in info["categories"])
    forms = "，".join(f"{k} {v}" for k, v in data["interpretations"]["by_form"].items() if v) or "无"
    avg = f"{msg['average_workdays']:g} 个工作日" if msg["average_workdays"] is not None else "—"
    lines = [
        f"{data['title']}（统计期间 {data['period']['start']} 至 {data['period']['end']}）",
        f"  信息发布 {info['total']} 条（{cats}）",
        "  各栏目：" + "，".join(f"{c['name']} {c['count']}" for c in info["columns"]),
        f"  专栏专题：维护 {data['topics']['maintained']} 个，新开设 {data['topics']['opened']} 个，"
        f"发布 {data['topics']['items']} 条",
        f"  政策解读 {data['interpretations']['total']} 条（{forms}）",
        f"  办事指南 {data['services']['guides']} 个",
        f"  留言：收到 {msg['received']} 条，办结 {msg['answered']} 条，平均答复用时 {avg}",
        f"  征集调查 {data['surveys']['count']} 期",
    ]
    lines += [f"  说明：{n}" for n in data["notes"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = ChineseArgumentParser(prog="invoke report", description="生成政府网站工作年度报表（页面和 JSON）")
    parser.add_argument("--site", required=True, help="站点 id")
    parser.add_argument("--year", required=True, type=int, help="报表年度，如 2026")
    parser.add_argument("--src", default="site_src", help="站点源目录（默认 site_src）")
    parser.add_argument("--out", default="output", help="输出目录（默认 output）")
    parser.add_argument("--today", default=None, help="检查日期 YYYY-MM-DD（默认 platform.toml 的 today 或今天）")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    from jiyue.build import check_date

    src, out = Path(args.src), Path(args.out)
    try:
        platform = load_platform(src)
        today = check_date(platform, args.today)
    except ConfigError as exc:
        print("配置错误：", file=sys.stderr)
        for p in exc.problems:
            print("  " + p.format(), file=sys.stderr)
        return 2
    if args.site not in platform.sites:
        print(f"没有站点 {args.site}（可用：{'、'.join(sorted(platform.sites))}）", file=sys.stderr)
        return 2
    if not 2000 <= args.year <= today.year:
        print(f"--year {args.year} 不正确：应为 2000 至 {today.year} 之间的年份（检查日期 {today}）", file=sys.stderr)
        return 2
    if not (out / args.site).is_dir():
        print(f"输出目录中没有站点 {args.site}（请先运行 invoke build）", file=sys.stderr)
        return 2
    try:
        data, paths = write_report(platform, args.site, args.year, out, today)
    except publish.PublishLocked:
        print(f"另一个构建正在发布到 {out}，请稍后再试", file=sys.stderr)
        return 2
    print(summary_text(data))
    print("已写入：" + "、".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
