"""Issue 7: personal data in pages and attachments (CNT001–CNT003), the detectors'
validation and linear-time regexes, platform settings of CNT005/CNT006/CNT008, the
service-guide parser and table (SVC, gov_service) and the 留言 cases of COL011/COL012
with the official calendar (gov_interaction statistics).

ID numbers that must be *found* are generated here (a checksum-valid fake with the
non-existent prefecture 3299xx), never committed as plain text.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jiyue.build import build
from jiyue.siteconfig import load_platform
from lint import api, attachments, guide, pii, registry
from lint import config as lint_config
from platform_factory import article, make_platform

TODAY = date(2026, 11, 24)
FAKE_ID = pii.fake_id()  # 329900 19900101 123 + check digit
FAKE_ID_X = next(pii.fake_id("329900", "19851231", f"{n:03d}") for n in range(1000)
                 if pii.fake_id("329900", "19851231", f"{n:03d}").endswith("X"))
MASKED_ID = FAKE_ID[:4] + "*" * 10 + FAKE_ID[-4:]
THEME = Path(__file__).resolve().parents[1] / "themes" / "govsite" / "templates"


# --- helpers ------------------------------------------------------------------------------------

def quiet(_msg):
    pass


def built(tmp_path: Path, articles: dict[str, str] | None = None, files: dict[str, bytes] | None = None,
          platform_toml: str | None = None, remove: tuple[str, ...] = ()) -> tuple[Path, Path]:
    src = make_platform(tmp_path, department=False)
    portal = src / "jiangnan"
    for rel in remove:
        (portal / rel).unlink()
    for rel, text in (articles or {}).items():
        (portal / rel).write_text(text, encoding="utf-8")
    for rel, raw in (files or {}).items():
        (portal / "files" / rel).write_bytes(raw)
    if platform_toml is not None:
        (src / "platform.toml").write_text(platform_toml, encoding="utf-8")
    out = tmp_path / "output"
    res = build(src, out, lint=False, today=TODAY.isoformat(), log=quiet)
    assert res.code == 0, res.problems
    return src, out


def lint_run(src: Path, out: Path, select: list[str]):
    platform = load_platform(src)
    cfg = lint_config.from_platform(platform.config)
    rules = registry.select(select, [])
    targets = api.targets_for_platform(platform, out, sorted(platform.sites), TODAY, src)
    return api.lint_targets(targets, today=TODAY, config=cfg, rules=rules, platform=platform)


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF (Helvetica, ASCII text), one list of lines per page."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        content = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
        objs.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objs)} 0 R "
                    f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def make_xlsx(rows: list[list], sheet: str = "公示名单", hidden: list[list] | None = None) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if hidden:
        h = wb.create_sheet("备用")
        h.sheet_state = "hidden"
        for row in hidden:
            h.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import io

    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- detectors ------------------------------------------------------------------------------------

def test_fake_ids_are_valid_and_masked_forms_are_not():
    assert pii.is_valid_id(FAKE_ID) and pii.is_valid_id(FAKE_ID_X) and FAKE_ID_X.endswith("X")
    assert pii.is_valid_id(FAKE_ID_X.lower(), TODAY)
    wrong = FAKE_ID[:17] + str((int(FAKE_ID[17]) + 1) % 10)
    assert not pii.is_valid_id(wrong)
    bad_date = "32990019900230123"  # 30 February
    assert not pii.is_valid_id(bad_date + pii.id_check_digit(bad_date))
    future = "32990020990101123"
    assert not pii.is_valid_id(future + pii.id_check_digit(future), TODAY)
    no_province = "99990019900101123"
    assert not pii.is_valid_id(no_province + pii.id_check_digit(no_province))
    text = f"甲 {MASKED_ID}，乙 {FAKE_ID[:6]}********{FAKE_ID[-4:]}，丙 {FAKE_ID}，丁 {FAKE_ID}9"
    found = pii.find_ids(text, TODAY)
    assert [m.value for m in found] == [FAKE_ID]
    assert found[0].masked == MASKED_ID and FAKE_ID not in found[0].masked


def test_mobile_numbers_masked_and_landlines_pass():
    found = [m.value for m in pii.find_mobiles(
        "13800138000；+8613912345678；139 1234 5678；138-0013-8000；138****8000；0519-85551234；"
        "(0519)85551234；12345；400-123-4567；2026111313800138000")]
    assert found == ["13800138000", "13912345678", "139 1234 5678", "138-0013-8000"]


def test_card_numbers_luhn_and_exclusions():
    assert [m.value for m in pii.find_cards("卡号 4012 8888 8888 1881，账号6250946000000016。")] == [
        "4012 8888 8888 1881", "6250946000000016"]
    # not cards: Luhn-invalid, masked, a valid ID number, a time stamp, a 文号, a repeated digit
    stamp = next(f"2026112409{n:06d}" for n in range(10 ** 6) if pii.luhn_ok(f"2026112409{n:06d}"))
    text = (f"4012888888881882；6222 **** **** 1881；{FAKE_ID}；{stamp}；江财〔2026〕4012888888881881号；"
            "4444444444444448；0000000000000000")
    assert pii.find_cards(text) == []


ADVERSARIAL = [
    "1" * 200_000,
    "1 " * 100_000,
    "1234 " * 40_000,
    ("1" * 17 + "X") * 10_000,
    "138-" * 50_000,
    "+86 " * 50_000,
    "根据有关法律法规" * 20_000,
    "其他" * 50_000,
    "url(" + " " * 100_000,
    "《" * 50_000 + "》" * 50_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_regexes_are_linear_on_adversarial_input(text):
    from lint.rules import content, service

    started = time.perf_counter()
    pii.scan(text, today=TODAY)
    list(service.VAGUE_RE.finditer(text))
    list(content.CSS_HTTP_RE.finditer(text))
    list(content.AD_TEXT_RE.finditer(text))
    list(content.INDUCE_RE.finditer(text))
    guide.anchor_text(text[:10_000])
    assert time.perf_counter() - started < 5, "a pattern is not linear-time"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789Xx*- +86〔〕号年月日") + ["\n", "\t"]), max_size=400))
def test_detectors_never_crash_and_only_report_valid_numbers(text):
    for m in pii.scan(text, today=TODAY):
        assert "*" not in m.value
        assert text[m.start:m.end] == m.value
        if m.kind == pii.KIND_ID:
            assert pii.is_valid_id(m.value, TODAY)
        elif m.kind == pii.KIND_CARD:
            assert pii.luhn_ok(m.digits)


# --- attachments ------------------------------------------------------------------------------------

def test_extract_every_supported_format(tmp_path):
    (tmp_path / "a.txt").write_text(f"第一行\n身份证 {FAKE_ID}\n", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(f"姓名,身份证号\n张某,{FAKE_ID}\n".encode("gb18030"))
    (tmp_path / "c.xlsx").write_bytes(make_xlsx([["姓名", "身份证号", "手机"], ["张某", FAKE_ID, 13800138000]],
                                                hidden=[["李某", FAKE_ID_X]]))
    (tmp_path / "d.docx").write_bytes(make_docx(["公示", f"王某 {FAKE_ID}"], [["姓名", "身份证号"], ["赵某", FAKE_ID]]))
    (tmp_path / "e.pdf").write_bytes(make_pdf([["Notice"], [f"ID {FAKE_ID}"]]))
    (tmp_path / "f.xlsx").write_bytes(b"not a zip")
    where = {}
    for name in ("a.txt", "b.csv", "c.xlsx", "d.docx", "e.pdf"):
        hits, error = attachments.scan_pii(tmp_path / name, TODAY)
        assert error is None, name
        where[name] = [(h.match.kind, h.where) for h in hits]
    assert where["a.txt"] == [("id", "第 2 行")]
    assert where["b.csv"] == [("id", "第 2 行")]
    assert where["c.xlsx"] == [("id", "工作表“公示名单”第 2 行"), ("mobile", "工作表“公示名单”第 2 行"),
                               ("id", "工作表“备用”（隐藏工作表）第 1 行")]
    assert where["d.docx"] == [("id", "第 2 段"), ("id", "表格 1 第 2 行")]
    assert where["e.pdf"] == [("id", "第 2 页")]
    hits, error = attachments.scan_pii(tmp_path / "f.xlsx", TODAY)
    assert hits == () and error


def test_attachments_with_ids_are_caught_and_masked_ones_are_not(tmp_path):
    notice = article("关于公共租赁住房保障对象的公示", "2026-11-20 09:00",
                     "名单见附件：[公示名单]({static}/files/gs.xlsx)、[公示名单PDF]({static}/files/gs.pdf)、"
                     "[脱敏名单]({static}/files/gs-masked.xlsx)、[脱敏名单PDF]({static}/files/gs-masked.pdf)。")
    files = {
        "gs.xlsx": make_xlsx([["序号", "姓名", "身份证号"], [1, "张某", FAKE_ID], [2, "李某", MASKED_ID]]),
        "gs.pdf": make_pdf([["Public notice"], ["1 Zhang", f"ID {FAKE_ID}"]]),
        "gs-masked.xlsx": make_xlsx([["序号", "姓名", "身份证号"], [1, "张某", MASKED_ID]]),
        "gs-masked.pdf": make_pdf([["1 Zhang", f"ID {MASKED_ID}"]]),
        "gs.docx": make_docx(["公示名单", f"赵某 {FAKE_ID}"]),
        "gs.csv": f"姓名,身份证号\n张某,{MASKED_ID}\n李某,{FAKE_ID}\n".encode("utf-8-sig"),
    }
    src, out = built(tmp_path, {"tzgg/gs.md": notice}, files)
    result = lint_run(src, out, ["CNT001"])
    got = sorted((f.page, f.file, f.line, f.message) for f in result.findings)
    assert got == [
        ("files/gs.csv", "files/gs.csv", 3, f"附件 files/gs.csv 第 3 行含有未脱敏的居民身份证号码 {MASKED_ID}"),
        ("files/gs.docx", "files/gs.docx", None, f"附件 files/gs.docx 第 2 段含有未脱敏的居民身份证号码 {MASKED_ID}"),
        ("files/gs.pdf", "files/gs.pdf", None, f"附件 files/gs.pdf 第 2 页含有未脱敏的居民身份证号码 {MASKED_ID}"),
        ("files/gs.xlsx", "files/gs.xlsx", None,
         f"附件 files/gs.xlsx 工作表“公示名单”第 2 行含有未脱敏的居民身份证号码 {MASKED_ID}"),
    ]
    assert all(f.severity == "error" and f.site == "jiangnan" for f in result.findings)
    report = json.dumps(result.to_json(), ensure_ascii=False)
    assert FAKE_ID not in report  # the report never repeats the leak


def test_id_in_markdown_points_at_the_source_line(tmp_path):
    body = f"经审核，现予公示。\n\n| 姓名 | 身份证号 |\n| --- | --- |\n| 张某 | {FAKE_ID} |\n| 李某 | {MASKED_ID} |\n"
    src, out = built(tmp_path, {"tzgg/gs.md": article("保障对象公示", "2026-11-20 09:00", body)})
    result = lint_run(src, out, ["CNT001", "CNT002", "CNT003"])
    text = (src / "jiangnan" / "tzgg" / "gs.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if FAKE_ID in t)
    assert [(f.rule, f.page, f.file, f.line) for f in result.findings] == [
        ("CNT001", "tzgg/gs.html", "tzgg/gs.md", line)]
    assert result.findings[0].extra["html_line"]  # the built page's line is kept too
    assert FAKE_ID not in json.dumps(result.to_json(), ensure_ascii=False)


def test_mobile_and_card_in_markdown(tmp_path):
    body = "联系人：王女士，13800138000；办公电话 0519-85551234；手机 138****8000。\n\n发放账户：4012 8888 8888 1881。\n"
    src, out = built(tmp_path, {"tzgg/bt.md": article("补贴发放公示", "2026-11-20 09:00", body)})
    result = lint_run(src, out, ["CNT001", "CNT002", "CNT003"])
    text = (src / "jiangnan" / "tzgg" / "bt.md").read_text(encoding="utf-8").splitlines()
    mobile = next(n for n, t in enumerate(text, 1) if "13800138000" in t)
    card = next(n for n, t in enumerate(text, 1) if "4012 8888" in t)
    assert sorted((f.rule, f.severity, f.line) for f in result.findings) == [("CNT002", "warning", mobile),
                                                                          ("CNT003", "error", card)]


# --- CNT005 / CNT006 / CNT008 settings ----------------------------------------------------------------

def test_allow_hosts_setting(tmp_path):
    body = "[铁路](https://www.12306.cn/) [采购](https://www.ccgp-jiangsu.example.cn/) [其他](https://www.example.com/)"
    toml = '[lint]\ntoday = "2026-11-24"\n\n[lint.settings]\nallow_hosts = ["www.12306.cn", "*.example.cn"]\n'
    src, out = built(tmp_path, {"zwdt/links.md": article("相关链接", "2026-11-21 09:00", body)}, platform_toml=toml)
    result = lint_run(src, out, ["CNT005"])
    assert [(f.page, f.extra["host"]) for f in result.findings] == [("zwdt/links.html", "www.example.com")]


def test_findings_per_page_are_capped():
    from jiyue.siteconfig import load_site
    from lint.page import Page
    from lint.rules import content

    links = "".join(f'<p><a href="https://shop{i}.example.com/">链接{i}</a></p>' for i in range(150))
    html = f'<html><body><main><h1>x</h1><div class="article-body">{links}</div></main></body></html>'
    site = load_site(Path(__file__).parent / "lint" / "fixtures" / "jiangnan")

    class Ctx:
        platform, target, files, today = None, None, {}, TODAY
        site = None

        @staticmethod
        def setting(key, default=None):
            return default

    hits = list(content.external_hosts(Page(html, "zwdt/a.html", type="content", site=site), Ctx()))
    assert len(hits) == 101 and "另有 50 处" in hits[-1].message and hits[0].line == 1


def test_expressions_file_adds_and_removes_entries(tmp_path):
    body = "北朝鲜代表团访问。某某单位写作江南县政府。"
    toml = '[lint]\ntoday = "2026-11-24"\n\n[lint.settings]\nexpressions_file = "my-words.txt"\n'
    src, out = built(tmp_path, {"zwdt/e.md": article("新闻", "2026-11-21 09:00", body)}, platform_toml=toml)
    (src / "my-words.txt").write_text("# 本平台补充\n!北朝鲜\n江南县政府|江南市人民政府|本地机构名称\n", encoding="utf-8")
    result = lint_run(src, out, ["CNT006"])
    assert [(f.extra["term"], f.extra["correction"]) for f in result.findings] == [("江南县政府", "江南市人民政府")]
    (src / "my-words.txt").unlink()
    result = lint_run(src, out, ["CNT006"])
    messages = sorted(f.message for f in result.findings)
    assert any("北朝鲜" in m for m in messages) and any("词典文件不存在" in m for m in messages)


def test_three_reviews_on_real_build_and_turned_off(tmp_path):
    bad = "Title: 缺少签发\nDate: 2026-11-21 09:00\nEditor: 张敏\nReviewer: 张敏\n\n正文。\n"
    src, out = built(tmp_path, {"zwdt/r.md": bad})
    result = lint_run(src, out, ["CNT008"])
    got = sorted((f.page, f.file, f.line, f.message) for f in result.findings)
    assert got == [("zwdt/r.html", "zwdt/r.md", 4, "三审须由三个不同的人完成：Reviewer（审核）与 Editor（编辑）是同一人“张敏”"),
                   ("zwdt/r.html", "zwdt/r.md", 4, "缺少三审信息 Approver（签发）")]
    (src / "platform.toml").write_text('[lint]\ntoday = "2026-11-24"\n\n[lint.settings]\nthree_reviews = false\n',
                                       encoding="utf-8")
    assert lint_run(src, out, ["CNT008"]).findings == []


# --- service guides -------------------------------------------------------------------------------

GUIDE_SYNONYMS = """\
本指南适用于市区。

## 一、服务事项

公共租赁住房申请

## 二、法律依据

《江南市公共租赁住房管理办法》（[江政发〔2026〕3号]({filename}/zcwj/zcwj-1.md)）

## 三、受理条件

具有市区户籍。

## 四、申报材料

1. 居民身份证：复印件1份（纸质）
2. 《公共租赁住房申请表》：原件1份（纸质），[下载]({static}/files/readme.txt)

## 五、受理地点

江南市政务服务中心

## 六、实施机构

江南市住房和城乡建设局

## 七、是否收费

不收费

## 八、受理时间

工作日 9:00—17:00

## 九、承诺时限

15个工作日

## 十、咨询电话

0519-00000013

## 十一、办事流程

申请、受理、审核。

## 注意事项

请如实填写。
"""


def test_guide_parser_maps_synonyms_to_the_ten_elements():
    import markdown

    html = markdown.markdown(GUIDE_SYNONYMS, extensions=["extra"])
    root = LexborHTMLParser(f'<div class="article-body">{html}</div>').css_first(".article-body")
    sections = guide.parse(root)
    found = guide.elements(sections)
    assert list(found) == list(guide.ELEMENTS)
    assert found["办理时间"].label == "受理时间"
    assert [s.label for s in sections if s.element is None and s.form == "heading"] == ["注意事项"]
    for label, canon in (("咨询方式", "联系电话"), ("办理时限：", "办理时间"), ("（三）申报材料", "办理材料"),
                         ("收费依据及标准", "收费标准"), ("办理材料（原件）", "办理材料"), ("事项类型", None),
                         ("依据说明", None)):
        assert guide.canonical(label) == canon, label


def test_gov_service_table_and_partial(tmp_path):
    """The plugin turns the guide into rows in canonical order (both 办理时间 sections merged,
    extras kept) and the partial renders the table inspectors expect; the SVC rules pass on it."""
    import markdown
    from jinja2 import Environment, FileSystemLoader

    from gov_service.gov_service import GuideTable, guide_rows
    from lint.page import Page
    from lint.rules import service

    html = markdown.markdown(GUIDE_SYNONYMS, extensions=["extra"])
    rows, intro, after = guide_rows(html)
    assert [r["element"] for r in rows] == list(guide.ELEMENTS) + ["注意事项"]
    assert "15个工作日" in rows[7]["content_html"] and "承诺时限" in rows[7]["content_html"]
    assert "本指南适用于市区" in intro and after == ""

    class Art:
        title = "公共租赁住房申请办事指南"
        content = html

    art = Art()
    art.gov_guide = GuideTable(art)
    assert art.gov_guide.rows == rows and art.gov_guide.intro == intro and len(art.gov_guide) == 11

    env = Environment(loader=FileSystemLoader(str(THEME)), trim_blocks=True, lstrip_blocks=True)
    table = env.get_template("partials/_service_guide.html").render(article=art)
    tree = LexborHTMLParser(table)
    heads = [th.text(strip=True) for th in tree.css("table.service-guide th[scope=row]")]
    assert heads == list(guide.ELEMENTS) + ["注意事项"]
    assert all(len(tr.css("th, td")) == 2 for tr in tree.css("table.service-guide tr"))
    page_html = (f'<html><body><main><h1>{Art.title}</h1><div class="article-body">{table}</div></main></body></html>')
    from jiyue.siteconfig import load_site

    site = load_site(Path(__file__).parent / "lint" / "fixtures" / "jiangnan")
    page = Page(page_html, "bsfw/g.html", type="content", site=site, column="bsfw")
    for check in (service.ten_elements, service.vague_wording, service.material_format, service.forms_linked):
        assert list(check(page, None)) == [], check.__name__


def test_guides_of_the_demo_platform_pass_svc():
    """The demo's guides, built, give no SVC finding (see tests/test_demo_platform.py for the build)."""
    from lint.rules import service

    src = Path(__file__).resolve().parents[1] / "site_src"
    platform = load_platform(src)
    import markdown

    from jiyue.metadata import parse_header
    from lint.page import Page

    n = 0
    for site in platform.sites.values():
        for col in site.columns_of_kind("service"):
            for md in sorted((site.path / col.id).glob("*.md")):
                body = parse_header(md.read_text(encoding="utf-8")).body
                html = markdown.markdown(body, extensions=["extra"])
                page = Page(f'<html><body><main><h1>x</h1><div class="article-body">{html}</div></main></body></html>',
                            f"{col.id}/{md.stem}.html", type="content", site=site, column=col.id)
                for check in (service.ten_elements, service.vague_wording, service.material_format,
                              service.forms_linked):
                    assert list(check(page, None)) == [], (md, check.__name__)
                n += 1
    assert n >= 3


# --- 留言: COL011 / COL012 with the official calendar, and the column statistics ------------------------

def message(title: str, asked: str, answered: str | None, date_: str) -> str:
    meta = {"Asked": asked}
    if answered:
        meta.update(Answered=answered, AnsweredBy="江南市住房和城乡建设局")
    return article(title, date_, "留言内容和答复内容。", **meta)


MESSAGES = {
    # asked the day before National Day: Oct 1–7 are holidays and Sat Oct 10 is a make-up working day,
    # so the reply on Oct 12 took 4 official working days (Monday–Friday counting would say 8).
    "hdjl/holiday.md": message("国庆前的留言", "2026-09-30 16:00", "2026-10-12 10:00", "2026-10-12 10:00"),
    # 8 working days: late (COL012)
    "hdjl/late.md": message("答复超期的留言", "2026-11-02 09:00", "2026-11-12 17:00", "2026-11-12 17:00"),
    # never answered, asked more than three months before the check date: 互动回应差 (COL011)
    "hdjl/old.md": message("三个月未答复的留言", "2026-07-20 09:00", None, "2026-07-20 09:00"),
    # asked 2 working days ago: not late yet
    "hdjl/new.md": message("新留言", "2026-11-20 09:00", None, "2026-11-20 09:00"),
}


def test_messages_col011_col012_official_calendar(tmp_path):
    src, out = built(tmp_path, MESSAGES)
    result = lint_run(src, out, ["COL011", "COL012"])
    got = sorted((f.rule, f.page, f.file) for f in result.findings)
    assert got == [("COL011", "hdjl/old.html", "hdjl/old.md"), ("COL012", "hdjl/late.html", "hdjl/late.md")]
    late = next(f for f in result.findings if f.rule == "COL012")
    assert late.extra.get("workdays") == 8
    veto = {v["item"]: v["passed"] for v in result.sites[0].scorecard["veto"]}
    assert veto["互动回应差"] is False


def test_interaction_statistics_and_partial(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from gov_interaction.gov_interaction import column_stats

    class Msg:
        def __init__(self, url, asked, answered, by):
            self.url, self.title = url, url
            self.gov_asked, self.gov_answered, self.gov_answered_by = asked, answered, by

    items = [Msg("hdjl/a.html", "2026-09-30 16:00", "2026-10-12 10:00", "市住建局"),
             Msg("hdjl/b.html", "2026-11-02 09:00", "2026-11-12 17:00", "市教育局"),
             Msg("hdjl/c.html", "2026-11-20 09:00", "", "")]
    stats = column_stats(items, 5)
    assert stats["messages"]["hdjl/a.html"]["workdays"] == 4
    assert stats["messages"]["hdjl/b.html"]["late"] is True
    assert stats["months"] == [
        {"month": "2026-11", "received": 2, "answered": 1, "unanswered": 1, "average_workdays": 8.0, "within_limit": 0},
        {"month": "2026-09", "received": 1, "answered": 1, "unanswered": 0, "average_workdays": 4.0, "within_limit": 1},
    ]
    assert stats["total"] == {"received": 3, "answered": 2, "unanswered": 1, "average_workdays": 6.0,
                              "within_limit": 1}

    class Column:
        id = "hdjl"

    env = Environment(loader=FileSystemLoader(str(THEME)), trim_blocks=True, lstrip_blocks=True)
    html = env.get_template("partials/_interaction_stats.html").render(
        column=Column(), items=items, gov_interaction={"hdjl": stats}, SITEURL="..")
    tree = LexborHTMLParser(html)
    heads = [th.text(strip=True) for th in tree.css(".message-table thead th")]
    assert heads == ["留言", "留言时间", "答复时间", "答复单位", "答复用时"]
    first = [td.text(strip=True) for td in tree.css(".message-table tbody tr")[0].css("td")]
    assert first == ["2026-09-30 16:00", "2026-10-12 10:00", "市住建局", "4 个工作日"]
    assert "尚未答复" in tree.css(".message-table tbody tr")[2].text()
    months = [tr.css_first("th").text(strip=True) for tr in tree.css(".message-stats-table tbody tr")]
    assert months == ["2026-11", "2026-09"]
    assert [td.text(strip=True) for td in tree.css(".message-stats-table tfoot td")] == ["3", "2", "1", "6.0", "1"]


@pytest.fixture
def theme_with_partials(tmp_path, monkeypatch):
    """The theme as published, with the two includes of issue 7 added if the theme does not have
    them yet (article.html: the 办事指南 table; column.html: the 留言 table and statistics)."""
    import shutil

    import pelican.settings

    theme = tmp_path / "theme"
    shutil.copytree(THEME.parent, theme)
    article_html = theme / "templates" / "article.html"
    text = article_html.read_text(encoding="utf-8")
    if "_service_guide.html" not in text:
        text = text.replace("{{ article.content|safe }}", '{% if article.gov_guide|default(none) %}'
                            '{% include "partials/_service_guide.html" %}{% else %}{{ article.content|safe }}{% endif %}')
        article_html.write_text(text, encoding="utf-8")
    column_html = theme / "templates" / "column.html"
    text = column_html.read_text(encoding="utf-8")
    if "_interaction_stats.html" not in text:
        text = text.replace('{% include "partials/_pagination.html" %}',
                            "{% if column.kind == 'interaction' %}{% include \"partials/_interaction_stats.html\" %}"
                            '{% endif %}\n{% include "partials/_pagination.html" %}')
        column_html.write_text(text, encoding="utf-8")
    original = pelican.settings.read_settings

    def read_settings(path=None, override=None):
        return original(path, override={**(override or {}), "THEME": str(theme)})

    monkeypatch.setattr(pelican.settings, "read_settings", read_settings)
    return theme


def test_column_page_shows_messages_and_statistics(tmp_path, theme_with_partials):
    src, out = built(tmp_path, MESSAGES)
    tree = LexborHTMLParser((out / "jiangnan" / "hdjl" / "index.html").read_text(encoding="utf-8"))
    rows = {tr.css_first("th").text(strip=True): [td.text(strip=True) for td in tr.css("td")]
            for tr in tree.css(".message-table tbody tr")}
    assert rows["国庆前的留言"] == ["2026-09-30 16:00", "2026-10-12 10:00", "江南市住房和城乡建设局", "4 个工作日"]
    assert rows["答复超期的留言"][3] == "8 个工作日（超过 5 个工作日）"
    assert rows["新留言"][1] == "尚未答复"
    total = [td.text(strip=True) for td in tree.css(".message-stats-table tfoot td")]
    assert total == ["5", "3", "2", str(round((4 + 8 + 1) / 3, 1)), "2"]  # the factory's: Fri→Mon = 1 day
    result = lint_run(src, out, ["A11Y", "COL007", "GOV", "CNT"])
    assert [f.to_json() for f in result.findings if f.page == "hdjl/index.html"] == []


def test_guide_page_is_a_table(tmp_path, theme_with_partials):
    src, out = built(tmp_path, {"bsfw/g.md": article("公共租赁住房申请办事指南", "2026-10-01 09:00", GUIDE_SYNONYMS)})
    tree = LexborHTMLParser((out / "jiangnan" / "bsfw" / "g.html").read_text(encoding="utf-8"))
    heads = [th.text(strip=True) for th in tree.css(".article-body table.service-guide th[scope=row]")]
    assert heads == list(guide.ELEMENTS) + ["注意事项"]
    links = [a.attributes["href"] for a in tree.css(".article-body a[href]")]
    assert "../zcwj/zcwj-1.html" in links and "../files/readme.txt" in links  # {filename}/{static} resolved
    result = lint_run(src, out, ["SVC", "CNT", "LNK", "A11Y"])
    assert [f.to_json() for f in result.findings if f.page == "bsfw/g.html"] == []


def test_rule_docs_name_synonyms_and_masked_forms():
    rules = registry.load_all()
    assert "受理条件" in rules["SVC001"].doc and "办理时限" in rules["SVC001"].doc
    assert "3299**********123X" in rules["CNT001"].doc and "138****1234" in rules["CNT002"].doc
    assert re.search(r"three_reviews = false", rules["CNT008"].doc)


def test_answered_message_without_answering_unit_is_a_build_error(tmp_path):
    src = make_platform(tmp_path, department=False)
    (src / "jiangnan" / "hdjl" / "x.md").write_text(article(
        "缺少答复单位", "2026-11-20 09:00", "答复。", Asked="2026-11-18 09:00", Answered="2026-11-20 09:00"),
        encoding="utf-8")
    res = build(src, tmp_path / "output", lint=False, today=TODAY.isoformat(), log=quiet)
    assert res.code == 1 and any(p.key == "AnsweredBy" for p in res.problems)


def test_message_answered_after_three_months_is_a_veto(tmp_path):
    late = message("三个月后才答复的留言", "2026-03-02 09:00", "2026-06-15 09:00", "2026-06-15 09:00")
    src, out = built(tmp_path, {"hdjl/slow.md": late})
    result = lint_run(src, out, ["COL011"])
    assert [(f.rule, f.page) for f in result.findings] == [("COL011", "hdjl/slow.html")]


def test_lead_in_guides_keep_lists_and_later_sections():
    from gov_service.gov_service import guide_rows

    html = ("<p>引言</p><p><strong>事项名称：</strong>甲</p><p><strong>申报材料：</strong></p>"
            "<ul><li>身份证：复印件1份（纸质）</li></ul><p><strong>咨询电话：</strong>0519-00000013</p>"
            "<h2>注意事项</h2><p>请如实填写。</p>")
    rows, intro, after = guide_rows(html)
    assert [(r["element"], r["label"], r["content_html"]) for r in rows] == [
        ("事项名称", "事项名称", "甲"),
        ("办理材料", "申报材料", "<ul><li>身份证：复印件1份（纸质）</li></ul>"),
        ("联系电话", "咨询电话", "0519-00000013"),
        ("注意事项", "注意事项", "<p>请如实填写。</p>"),
    ]
    assert intro == "<p>引言</p>" and after == ""
