#!/usr/bin/env python3
"""A realistic synthetic platform for the benchmarks (deterministic, seedable).

    .venv/bin/python -m bench.generate --articles 10000 --sites 10 --out bench/work/p10000

writes ``<out>/site_src/``: one portal (``jiangnan``) and ``sites - 1`` department sites,
every column kind of CONTRACT §1.1 on every site, ``articles`` Markdown articles in
Chinese spread over the sites (the portal a larger share) and their columns:

- news, notices, data releases (with CSV/PDF attachments), surveys, topics, disclosure;
- policies with 文号 (some 已废止 with ``SupersededBy`` a later policy, some
  ``NeedsInterpretation``) and interpretations of them (``Interprets``, some across sites,
  in every ``InterpretationForm``), published 1–2 days after their policy;
- service guides with the ten elements, whose 设定依据 cite a policy by 《title》 and 文号;
- 留言 with Asked / Answered / AnsweredBy;
- links between articles with Pelican's ``{filename}`` syntax and attachments with
  ``{static}`` (relative forms, so the same Markdown builds in bare Pelican too).

Article file names are unique across the platform (``<date>-<site>-<n>.md``), so bare
Pelican with its default settings can build the whole tree in one run. The content is
built to pass the lint gate: every column is fresh for ``today``, nothing is dated after it.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from datetime import date, datetime, timedelta
from pathlib import Path

TODAY = "2026-11-24"

DEPARTMENTS = [
    ("jyj", "江南市教育局"), ("tjj", "江南市统计局"), ("gaj", "江南市公安局"), ("wjw", "江南市卫生健康委员会"),
    ("zjj", "江南市住房和城乡建设局"), ("sthjj", "江南市生态环境局"), ("jtysj", "江南市交通运输局"),
    ("czj", "江南市财政局"), ("rsj", "江南市人力资源和社会保障局"), ("mzj", "江南市民政局"),
    ("swj", "江南市商务局"), ("nyncj", "江南市农业农村局"), ("scjgj", "江南市市场监督管理局"),
    ("slj", "江南市水利局"), ("whlyj", "江南市文化广电和旅游局"), ("yjglj", "江南市应急管理局"),
    ("sfj", "江南市司法局"), ("zrzyj", "江南市自然资源和规划局"), ("kjj", "江南市科学技术局"),
]
PREFIX = {"jiangnan": "江政发", "jyj": "江教发", "tjj": "江统发", "gaj": "江公发", "wjw": "江卫发", "zjj": "江建发",
          "sthjj": "江环发", "jtysj": "江交发", "czj": "江财发", "rsj": "江人社发", "mzj": "江民发", "swj": "江商发",
          "nyncj": "江农发", "scjgj": "江市监发", "slj": "江水发", "whlyj": "江文旅发", "yjglj": "江应急发",
          "sfj": "江司发", "zrzyj": "江自然资发", "kjj": "江科发"}

# (id, name, type, kind, share of the site's articles)
COLUMNS = [
    ("gk", "概况信息", "概况信息", "overview", 0.0),
    ("jgzn", "机构职能", "机构职能", "organization", 0.0),
    ("ldxx", "领导信息", "负责人信息", "leaders", 0.0),
    ("zwdt", "工作动态", "工作动态", "news", 0.30),
    ("tzgg", "通知公告", "工作动态", "notice", 0.12),
    ("zcwj", "政策文件", "政策文件", "policy", 0.12),
    ("zcjd", "政策解读", "政策解读", "interpretation", 0.08),
    ("xxgk", "政府信息公开", "信息公开指南", "disclosure", 0.03),
    ("sjfb", "数据发布", "数据发布", "data", 0.06),
    ("bsfw", "办事服务", "办事服务", "service", 0.06),
    ("hdjl", "互动交流", "咨询投诉", "interaction", 0.10),
    ("dczj", "调查征集", "征集调查", "survey", 0.04),
    ("ztzl", "专题专栏", "在线访谈", "topic", 0.06),
    ("qt", "其他信息", "回应关切", "other", 0.03),
]
FIXED = {"overview": 3, "organization": 3, "leaders": 4}  # per site (overview: portal only)

PEOPLE = ["张敏", "李强", "王磊", "刘晓雯", "赵雅琴", "陈立新", "周建华", "吴芳", "郑凯", "孙丽", "钱文博", "冯静"]
TOPICS = ["营商环境", "城市更新", "乡村振兴", "数字政府", "生态环境保护", "公共租赁住房", "义务教育", "养老服务",
          "医疗保障", "就业创业", "交通出行", "安全生产", "文化旅游", "科技创新", "防汛防旱", "食品安全",
          "社会救助", "老旧小区改造", "政务服务", "统计调查"]
VERBS = ["推进", "加强", "优化", "完善", "落实", "深化", "规范", "提升"]
SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步{v}{t}工作，结合本市实际，制定本方案。",
    "各有关单位要高度重视，明确责任分工，确保各项任务按时保质完成。",
    "会议强调，要坚持以人民为中心的发展思想，切实把{t}各项措施落到实处。",
    "截至目前，全市已累计完成{t}项目{n}个，惠及群众约{m}万人。",
    "下一步，我们将持续{v}{t}长效机制，不断提升群众获得感、幸福感和安全感。",
    "市政府有关负责同志出席会议并讲话，对近期{t}重点工作作出具体安排。",
    "本次活动共收到意见建议{n}条，相关部门已逐条研究并予以答复。",
    "据统计，前三季度全市{t}相关指标同比增长{p}%，总体运行平稳、稳中有进。",
    "各区（市）人民政府、市各委办局要加强统筹协调，形成工作合力。",
    "对工作中发现的问题，要建立台账、限期整改，做到件件有着落、事事有回音。",
    "市民可通过政务服务网、12345热线等渠道了解{t}相关政策和办理流程。",
    "此项工作自发布之日起施行，由市有关部门负责解释。",
]
ELEMENTS = ["事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间", "联系电话",
            "办理流程"]
FORMS = ["文字解读", "文字解读", "文字解读", "图解", "音视频", "新闻发布会", "专家解读"]
FRESH_DAYS = {"news": 14, "notice": 183, "policy": 183, "interpretation": 183, "data": 183, "interaction": 60,
              "survey": 365}


def _minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF (ASCII text)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


class Gen:
    def __init__(self, root: Path, articles: int, sites: int, seed: int, today: str):
        self.src = root / "site_src"
        self.total = articles
        self.n_sites = max(1, sites)
        self.rng = random.Random(seed)
        self.today = date.fromisoformat(today)
        self.today_s = today
        self.sites = [("jiangnan", "江南市人民政府")] + [
            DEPARTMENTS[i] if i < len(DEPARTMENTS) else (f"bm{i:02d}", f"江南市第{i}部门")
            for i in range(self.n_sites - 1)]
        self.policies: dict[str, list[dict]] = {}  # site -> policies (newest last)
        self.interp_targets: dict[str, list[dict]] = {}  # site -> policies to interpret (newest first)

    # --- text ---------------------------------------------------------------------
    def sentence(self, topic: str) -> str:
        s = self.rng.choice(SENTENCES)
        return s.format(v=self.rng.choice(VERBS), t=topic, n=self.rng.randint(3, 300), m=self.rng.randint(1, 90),
                        p=round(self.rng.uniform(1, 12), 1))

    def paragraphs(self, topic: str, n: int) -> list[str]:
        return ["".join(self.sentence(topic) for _ in range(self.rng.randint(3, 6))) for _ in range(n)]

    # --- files ----------------------------------------------------------------------
    def write(self, path: Path, head: dict, body: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{k}: {v}" for k, v in head.items() if v not in (None, "")]
        path.write_text("\n".join(lines) + "\n\n" + body.strip() + "\n", encoding="utf-8")

    def site_toml(self, idx: int, sid: str, name: str, provides: bool) -> str:
        portal = idx == 0
        vals = {
            "name": name, "kind": "portal" if portal else "department",
            "domain": "www.jiangnan.gov.cn" if portal else f"{sid}.jiangnan.gov.cn",
            "chinese_domain": f"{name}.政务", "site_code": f"{3299000001 + idx}",
            "icp": f"苏ICP备00000001号-{idx + 1}", "police_record": f"苏公网安备32990002{idx + 1:06d}号",
            "conac_id": hashlib.md5(sid.encode()).hexdigest().upper(), "host_org": name if not portal else "江南市人民政府办公室",
            "contact": f"0519-{8000000 + idx:08d}"[-13:],
        }
        vals["contact"] = f"0519-{81000000 + idx}"
        if not portal:
            vals["parent"] = "jiangnan"
            vals["provides_services"] = provides
        out = ["[site]"]
        for k, v in vals.items():
            out.append(f"{k} = {str(v).lower() if isinstance(v, bool) else repr_toml(v)}")
        for cid, cname, ctype, kind, _share in self.columns(portal, provides):
            out += ["", "[[column]]", f"id = {repr_toml(cid)}", f"name = {repr_toml(cname)}",
                    f"type = {repr_toml(ctype)}", f"kind = {repr_toml(kind)}",
                    f"description = {repr_toml(name + cname)}", f"keywords = {repr_toml('江南,' + cname)}"]
        return "\n".join(out) + "\n"

    @staticmethod
    def columns(portal: bool, provides: bool):
        return [c for c in COLUMNS if (portal or c[3] != "overview") and (portal or provides or c[3] != "service")]

    # --- the platform --------------------------------------------------------------
    def run(self) -> Path:
        self.src.mkdir(parents=True, exist_ok=True)
        (self.src / "platform.toml").write_text(
            f'# synthetic benchmark platform (bench/generate.py)\n[lint]\ntoday = "{self.today_s}"\n', encoding="utf-8")
        fixed = sum(FIXED.values())
        portal_share = 0.25 if self.n_sites > 1 else 1.0
        plan = []
        for idx, (sid, name) in enumerate(self.sites):
            share = portal_share if idx == 0 else (1 - portal_share) / (self.n_sites - 1)
            plan.append(max(int(self.total * share), fixed + 20))
        plan[0] += self.total - sum(plan) if sum(plan) < self.total else 0
        # pass 1: policies first on every site (interpretations may cross sites)
        self.counts = {}
        for idx, (sid, name) in enumerate(self.sites):
            provides = idx == 0 or idx % 2 == 1
            site_dir = self.src / sid
            site_dir.mkdir(parents=True, exist_ok=True)
            (site_dir / "site.toml").write_text(self.site_toml(idx, sid, name, provides), encoding="utf-8")
            cols = self.columns(idx == 0, provides)
            n_var = plan[idx] - sum(FIXED[c[3]] for c in cols if c[3] in FIXED)
            weights = {c[3]: c[4] for c in cols if c[3] not in FIXED}
            wsum = sum(weights.values())
            counts = {k: max(2, int(n_var * w / wsum)) for k, w in weights.items()}
            counts["news"] += n_var - sum(counts.values())
            counts.update({k: FIXED[k] for k in FIXED if any(c[3] == k for c in cols)})
            self.counts[sid] = (cols, counts)
            self.attachments(site_dir, sid)
            self.policy_column(sid, name, cols, counts["policy"], counts["interpretation"])
        for idx, (sid, name) in enumerate(self.sites):
            cols, counts = self.counts[sid]
            for cid, cname, _t, kind, _s in cols:
                if kind == "policy":
                    continue
                self.column(sid, name, cid, cname, kind, counts[kind])
        return self.src

    def attachments(self, site_dir: Path, sid: str) -> None:
        files = site_dir / "files"
        files.mkdir(exist_ok=True)
        for i in range(1, 6):
            (files / f"{sid}-fj{i}.pdf").write_bytes(_minimal_pdf(f"attachment {sid} {i}"))
            rows = ["指标,数值,同比增长"] + [f"{t},{self.rng.randint(100, 9999)},{self.rng.uniform(-5, 15):.1f}%"
                                         for t in TOPICS[i:i + 6]]
            (files / f"{sid}-sj{i}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    def dates(self, kind: str, n: int) -> list[datetime]:
        """n publication dates, newest first: the newest within the column's freshness."""
        fresh = FRESH_DAYS.get(kind, 365)
        newest = self.today - timedelta(days=min(fresh // 3, self.rng.randint(0, max(0, fresh // 3))))
        span = 3 * 365
        out = []
        for i in range(n):
            d = newest - timedelta(days=int(span * i / max(1, n)))
            out.append(datetime(d.year, d.month, d.day, 8 + (i * 7) % 10, (i * 13) % 60))
        return out

    def head(self, title: str, when: datetime, source: str, **meta) -> dict:
        people = self.rng.sample(PEOPLE, 3)
        return {"Title": title, "Date": f"{when:%Y-%m-%d %H:%M}", "Source": source,
                "Keywords": ", ".join(self.rng.sample(TOPICS, 2)), "Summary": None,
                "Editor": people[0], "Reviewer": people[1], "Approver": people[2], **meta}

    def policy_column(self, sid: str, name: str, cols, n: int, n_interp: int) -> None:
        cid = next(c[0] for c in cols if c[3] == "policy")
        pols = []
        for i, when in enumerate(reversed(self.dates("policy", n))):  # oldest first
            topic = TOPICS[i % len(TOPICS)]
            number = f"{PREFIX.get(sid, '江' + sid + '发')}〔{when.year}〕{i + 1}号"
            inner = f"江南市{topic}{self.rng.choice(['管理办法', '实施方案', '若干措施', '实施细则'])}（{i + 1}）"
            title = f"{name}关于印发《{inner}》的通知"
            slug = f"{when:%Y-%m-%d}-{sid}-zc{i + 1}"
            pols.append({"site": sid, "cid": cid, "slug": slug, "doc": number, "title": title, "inner": inner,
                         "date": when, "topic": topic})
        # the newest policies are interpreted (one interpretation each, newest first), every
        # third of them is marked NeedsInterpretation; every 10th policy is superseded by the next
        targets = list(reversed(pols))[:max(1, n_interp)]
        for k, p in enumerate(targets):
            p["needs"] = k % 3 == 0
        self.interp_targets[sid] = targets
        for i, p in enumerate(pols):
            meta = {"DocNumber": p["doc"]}
            if i % 10 == 3 and i + 1 < len(pols):
                meta["Validity"] = "已废止"
                meta["SupersededBy"] = pols[i + 1]["doc"]
            if p.get("needs"):
                meta["NeedsInterpretation"] = "yes"
            body = [f"各区（市）人民政府，市各委办局，市各直属单位：", "",
                    f"《{p['inner']}》已经研究同意，现印发给你们，请认真贯彻执行。", "",
                    f"## {p['inner']}", ""]
            for k, para in enumerate(self.paragraphs(p["topic"], self.rng.randint(4, 9)), 1):
                body += [f"### 第{k}条", "", para, ""]
            if i % 4 == 0:
                body += [f"附件：[{p['inner']}（PDF版）]({{static}}../files/{sid}-fj{i % 5 + 1}.pdf)", ""]
            self.write(self.src / sid / cid / f"{p['slug']}.md",
                       self.head(p["title"], p["date"], name, **meta), "\n".join(body))
        self.policies[sid] = pols

    def column(self, sid: str, name: str, cid: str, cname: str, kind: str, n: int) -> None:
        dates = self.dates(kind, n)
        site_pols = self.policies[sid]
        portal_pols = self.policies["jiangnan"]
        for i, when in enumerate(dates):
            topic = self.rng.choice(TOPICS)
            slug = f"{when:%Y-%m-%d}-{sid}-{cid}{i + 1}"
            meta: dict = {}
            body: list[str] = []
            title = f"{name}{topic}{cname}（{n - i}）"
            if kind == "interpretation":
                # one interpretation per target policy; some department ones interpret the portal's
                targets = self.interp_targets[sid]
                pol = targets[i % len(targets)] if targets else None
                if sid != "jiangnan" and i % 9 == 4 and portal_pols and (pol is None or not pol["needs"]):
                    pol = portal_pols[-1 - (i % len(portal_pols))]
                if pol is not None:
                    when = pol["date"] + timedelta(days=1)  # POL005: within 3 working days
                    if when.date() > self.today:
                        when = pol["date"] + timedelta(minutes=30)
                    meta["Interprets"] = pol["doc"]
                    meta["InterpretationForm"] = FORMS[i % len(FORMS)]
                    title = f"《{pol['inner']}》政策解读"
                    link = f"../{pol['cid']}/{pol['slug']}.md"
                    if pol["site"] == sid:
                        body += [f"**解读文件：**[{pol['title']}（{pol['doc']}）]({{filename}}{link})", ""]
                    else:
                        body += [f"**解读文件：**{pol['title']}（{pol['doc']}）", ""]
                for h in ("一、出台背景", "二、主要内容", "三、政策亮点"):
                    body += [f"## {h}", ""] + self.paragraphs(topic, 2) + [""]
            elif kind == "service":
                pol = site_pols[i % len(site_pols)] if site_pols else None
                title = f"{topic}办事指南（{n - i}）"
                for e in ELEMENTS:
                    body += [f"## {e}", ""]
                    if e == "设定依据" and pol is not None:
                        body += [f"《{pol['title']}》（{pol['doc']}）第三条。", ""]
                    elif e == "办理材料":
                        body += [f"1. 《{topic}申请表》：原件1份（纸质），[表格下载（PDF）]({{static}}../files/{sid}-fj{i % 5 + 1}.pdf)",
                                 "2. 居民身份证：复印件1份（纸质，现场核验原件）", ""]
                    elif e == "联系电话":
                        body += [f"0519-{82000000 + i % 1000}", ""]
                    elif e == "办理流程":
                        body += ["| 步骤 | 内容 |", "| --- | --- |", "| 1 | 申请 |", "| 2 | 受理 |", "| 3 | 审核 |",
                                 "| 4 | 办结 |", ""]
                    else:
                        body += [{"事项名称": f"{topic}申请（{name}）",
                                  "申请条件": "申请人应为本市户籍居民，或持有本市居住证并连续缴纳社会保险满12个月。",
                                  "办理地点": "江南市政务服务中心2楼综合窗口（新城大道88号），也可在江南市政务服务网在线提交。",
                                  "办理机构": name, "收费标准": "不收费。",
                                  "办理时间": "工作日上午8:30—12:00，下午13:30—17:30（法定节假日除外）。"}[e], ""]
            elif kind == "interaction":
                asked = when - timedelta(days=3, hours=2)
                meta.update(Asked=f"{asked:%Y-%m-%d %H:%M}", Answered=f"{when:%Y-%m-%d %H:%M}", AnsweredBy=name)
                title = f"关于{topic}的咨询（{n - i}）"
                body += ["## 留言内容", "", f"您好，请问{topic}方面的政策如何申请？", "", "## 答复内容", ""]
                body += self.paragraphs(topic, 1) + [""]
            elif kind == "data":
                title = f"{when.year}年{when.month}月{topic}统计数据（{n - i}）"
                body += self.paragraphs(topic, 2)
                body += ["", "| 指标 | 数值 | 同比 |", "| --- | --- | --- |"]
                body += [f"| {t} | {self.rng.randint(100, 9999)} | {self.rng.uniform(-5, 15):.1f}% |"
                         for t in self.rng.sample(TOPICS, 4)]
                body += ["", f"数据下载：[{topic}数据（CSV）]({{static}}../files/{sid}-sj{i % 5 + 1}.csv)", ""]
            elif kind in ("overview", "organization", "leaders"):
                title = {"overview": f"{name}概况（{i + 1}）", "organization": f"{name}机构设置（{i + 1}）",
                         "leaders": f"{self.rng.choice(PEOPLE)}（{i + 1}）"}[kind]
                body += self.paragraphs(topic, 3)
            else:
                body += self.paragraphs(topic, self.rng.randint(3, 7))
                if i % 5 == 1 and site_pols:
                    pol = site_pols[i % len(site_pols)]
                    body += ["", f"相关文件：[{pol['title']}]({{filename}}../{pol['cid']}/{pol['slug']}.md)"]
                if i % 6 == 2:
                    body += ["", f"附件：[{topic}材料（PDF）]({{static}}../files/{sid}-fj{i % 5 + 1}.pdf)"]
            self.write(self.src / sid / cid / f"{slug}.md", self.head(title, when, name, **meta), "\n".join(body))


def repr_toml(v: str) -> str:
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(root: Path | str, articles: int = 1000, sites: int = 10, seed: int = 1, today: str = TODAY) -> Path:
    """Write the platform under ``root/site_src`` (root must not hold one yet); returns that folder."""
    return Gen(Path(root), articles, sites, seed, today).run()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--sites", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", default=TODAY)
    ap.add_argument("--out", required=True, help="folder to write site_src/ into")
    args = ap.parse_args(argv)
    src = generate(args.out, args.articles, args.sites, args.seed, args.today)
    n = sum(1 for _ in src.rglob("*.md"))
    print(f"{n} articles in {args.sites} sites under {src}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
