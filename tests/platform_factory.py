"""Write small but complete platforms for tests (a portal and a department site).

Every test that needs a real Pelican build starts from ``make_platform`` and
changes one thing, so each case shows exactly the defect it is about.
"""

from __future__ import annotations

from pathlib import Path

TODAY = "2026-11-24"

PORTAL_COLUMNS = [
    ("szgk", "市情概况", "概况信息", "overview"),
    ("jgzn", "机构职能", "机构职能", "organization"),
    ("ldxx", "领导信息", "负责人信息", "leaders"),
    ("zwdt", "政务动态", "工作动态", "news"),
    ("tzgg", "通知公告", "工作动态", "notice"),
    ("zcwj", "政策文件", "政策文件", "policy"),
    ("zcjd", "政策解读", "政策解读", "interpretation"),
    ("xxgk", "信息公开指南", "信息公开指南", "disclosure"),
    ("sjfb", "数据发布", "数据发布", "data"),
    ("bsfw", "办事服务", "办事服务", "service"),
    ("hdjl", "互动交流", "咨询投诉", "interaction"),
    ("dczj", "调查征集", "征集调查", "survey"),
]

PORTAL = {
    "name": "江南市人民政府", "kind": "portal", "domain": "www.jiangnan.gov.cn",
    "chinese_domain": "江南市人民政府.政务", "site_code": "3299000001", "icp": "苏ICP备00000001号-1",
    "police_record": "苏公网安备32990002000001号", "conac_id": "0A87C46FEE4D331AE053022819ACDC8C",
    "host_org": "江南市人民政府办公室", "contact": "0519-00000000",
}
DEPARTMENT = {
    "name": "江南市统计局", "kind": "department", "domain": "tjj.jiangnan.gov.cn",
    "chinese_domain": "江南市统计局.政务", "site_code": "3299000003", "icp": "苏ICP备00000001号-3",
    "police_record": "苏公网安备32990002000003号", "conac_id": "1B87C46FEE4D331AE053022819ACDC8D",
    "host_org": "江南市统计局", "contact": "0519-00000003", "parent": "jiangnan",
    "provides_services": False,
}


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_toml(site: dict, columns: list[tuple]) -> str:
    lines = ["[site]"] + [f"{k} = {toml_value(v)}" for k, v in site.items()]
    for cid, name, ctype, kind in columns:
        lines += ["", "[[column]]", f'id = "{cid}"', f'name = "{name}"', f'type = "{ctype}"', f'kind = "{kind}"',
                  f'description = "{name}栏目"', f'keywords = "江南,{name}"']
    return "\n".join(lines) + "\n"


def article(title: str, date: str, body: str = "正文内容。", **meta) -> str:
    head = {"Title": title, "Date": date, "Editor": "张敏", "Reviewer": "李强", "Approver": "王磊", **meta}
    return "\n".join(f"{k}: {v}" for k, v in head.items() if v is not None) + "\n\n" + body + "\n"


GUIDE = """## 事项名称

江南市示例事项办理

## 设定依据

《江南市人民政府关于示例的通知》（江政发〔2026〕3号）

## 申请条件

申请人为本市常住居民。

## 办理材料

1. 居民身份证 原件1份（纸质）

## 办理地点

江南市政务服务中心一楼综合窗口

## 办理机构

江南市人民政府办公室

## 收费标准

不收费

## 办理时间

工作日 9:00—17:00

## 联系电话

0519-00000000

## 办理流程

申请、受理、审核、办结。
"""


def _fresh(kind: str) -> str:
    return {"news": "2026-11-20 09:00", "interaction": "2026-11-02 10:00"}.get(kind, "2026-10-10 09:00")


def make_platform(root: Path, *, department: bool = True) -> Path:
    """A clean two-site platform under ``root/site_src``; returns that folder."""
    src = root / "site_src"
    portal = src / "jiangnan"
    portal.mkdir(parents=True)
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\n', encoding="utf-8")
    (portal / "site.toml").write_text(site_toml(PORTAL, PORTAL_COLUMNS), encoding="utf-8")
    for cid, name, _t, kind in PORTAL_COLUMNS:
        (portal / cid).mkdir()
        meta = {}
        if kind == "policy":
            meta["DocNumber"] = "江政发〔2026〕3号"
        if kind == "interpretation":
            meta["Interprets"] = "江政发〔2026〕3号"
        if kind == "interaction":
            meta.update(Asked="2026-10-30 10:00", Answered="2026-11-02 10:00", AnsweredBy="江南市人民政府办公室")
        date = _fresh(kind)
        if kind == "interpretation":
            date = "2026-10-12 09:00"
        body = GUIDE if kind == "service" else f"这是{name}栏目的一篇示例文章。"
        (portal / cid / f"{cid}-1.md").write_text(article(f"{name}示例文章", date, body, **meta), encoding="utf-8")
    (portal / "files").mkdir()
    (portal / "files" / "readme.txt").write_text("附件\n", encoding="utf-8")
    if department:
        dept = src / "tjj"
        dept.mkdir()
        cols = [c for c in PORTAL_COLUMNS if c[3] not in ("overview", "service")]
        (dept / "site.toml").write_text(site_toml(DEPARTMENT, cols), encoding="utf-8")
        for cid, name, _t, kind in cols:
            (dept / cid).mkdir()
            meta = {}
            if kind == "policy":
                meta["DocNumber"] = "江统发〔2026〕1号"
            if kind == "interpretation":
                meta["Interprets"] = "江统发〔2026〕1号"
            if kind == "interaction":
                meta.update(Asked="2026-10-30 10:00", Answered="2026-11-02 10:00", AnsweredBy="江南市统计局")
            date = _fresh(kind)
            if kind == "interpretation":
                date = "2026-10-12 09:00"
            (dept / cid / f"{cid}-1.md").write_text(
                article(f"统计局{name}示例", date, f"统计局{name}栏目示例。", **meta), encoding="utf-8")
    return src
