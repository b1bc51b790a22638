"""Issue 4 end to end: policies ↔ interpretations across sites, validity labels, the
policy library, service guides linked to their policies, and POL001–POL006 / SVC005
on real builds (Pelican + the govsite theme + the linter).

One platform (``tests/platform_factory.make_platform`` plus the articles below) is built
once per module; tests that break something work on a copy of it, and tests of build
errors build their own platform.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from jiyue.build import build
from jiyue.siteconfig import load_platform
from lint import api, config as lint_config, registry
from lint.rules.policy import NON_TEXT_FORMS, interpretation_counts
from platform_factory import TODAY, article, make_platform

REPO = Path(__file__).resolve().parents[1]

# The portal (jiangnan) and the department (tjj, 江南市统计局) of the factory, plus:
ARTICLES = {
    # a city policy interpreted on the department site (and on the portal: zcjd-1 of the factory)
    "tjj/zcjd/city-jd.md": article("图解：市政府优化营商环境措施", "2026-10-13 10:00",
                                   Interprets="江政发〔2026〕3号", InterpretationForm="图解"),
    # one interpretation of two policies
    "jiangnan/zcwj/a.md": article("江南市人民政府关于印发《江南市促进消费若干措施》的通知", "2026-11-02 10:00",
                                  DocNumber="江政发〔2026〕21号"),
    "jiangnan/zcwj/b.md": article("江南市人民政府办公室关于印发《江南市夜间经济发展实施方案》的通知", "2026-11-03 10:00",
                                  DocNumber="江政办发〔2026〕22号"),
    "jiangnan/zcjd/ab-jd.md": article("促进消费和夜间经济政策新闻发布会", "2026-11-04 15:00",
                                      Interprets="江政发〔2026〕21号; 江政办发〔2026〕22号", InterpretationForm="新闻发布会"),
    # a repealed policy and its replacement
    "jiangnan/zcwj/old.md": article("江南市人民政府关于印发《江南市促进消费暂行办法》的通知", "2025-06-03 10:00",
                                    DocNumber="江政发〔2025〕11号", Validity="已废止", SupersededBy="江政发〔2026〕21号"),
    # 4 working days late across the National Day holiday (POL005 fires) …
    "jiangnan/zcwj/hol.md": article("江南市人民政府关于做好秋冬季安全生产工作的通知", "2026-09-28 10:00",
                                    DocNumber="江政发〔2026〕20号"),
    "jiangnan/zcjd/hol-jd.md": article("秋冬季安全生产工作政策解读", "2026-10-09 15:00", Interprets="江政发〔2026〕20号",
                                       InterpretationForm="专家解读"),
    # … and 3 working days late across a weekend, on the department site (it does not)
    "jiangnan/zcwj/wk.md": article("江南市人民政府关于加强统计工作的意见", "2026-11-05 10:00", DocNumber="江政发〔2026〕30号"),
    "tjj/zcjd/wk-jd.md": article("《关于加强统计工作的意见》解读", "2026-11-10 15:00", Interprets="江政发〔2026〕30号",
                                 InterpretationForm="音视频"),
    # POL004: needs an interpretation, has none
    "jiangnan/zcwj/need.md": article("江南市人民政府关于实施城市更新行动的意见", "2026-09-01 10:00",
                                     DocNumber="江政发〔2026〕15号", NeedsInterpretation="yes"),
    # a service guide whose 设定依据 names policies of the platform by title, by 文号, across
    # sites — and a law the platform does not have (SVC005)
    # the department's own policy, cited by its title in the guide below
    "tjj/zcwj/zcwj-1.md": article("江南市统计局统计示例", "2026-10-10 09:00", DocNumber="江统发〔2026〕1号"),
    "jiangnan/bsfw/guide.md": article("消费券申领办事指南", "2026-11-06 09:00", body="""## 事项名称

消费券申领

## 设定依据

1. 《江南市人民政府关于印发〈江南市促进消费若干措施〉的通知》第三条；
2. 江政办发〔2026〕22号 第五条；
3. 《江南市统计局统计示例》（江统发〔2026〕1号）；
4. 《中华人民共和国电子商务法》第十条。

## 申请条件

在本市消费的个人，见《江南市促进消费若干措施》。
"""),
}


def write_articles(src: Path, articles: dict[str, str]) -> None:
    for rel, text in articles.items():
        p = src / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def quiet(_msg):
    pass


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("policy")
    src = make_platform(root)
    write_articles(src, ARTICLES)
    out = root / "output"
    result = build(src, out, lint=False, today=TODAY, log=quiet)
    assert result.code == 0, result.problems
    return src, out


@pytest.fixture
def copy(built, tmp_path):
    src, out = built
    shutil.copytree(src, tmp_path / "site_src")
    shutil.copytree(out, tmp_path / "output")
    return tmp_path / "site_src", tmp_path / "output"


def lint_findings(src: Path, out: Path, select=("POL", "SVC005"), today: str = TODAY):
    platform = load_platform(src)
    cfg = lint_config.from_platform(platform.config)
    check = date.fromisoformat(today)
    targets = api.targets_for_platform(platform, out, sorted(platform.sites), check, src)
    result = api.lint_targets(targets, today=check, config=cfg, rules=registry.select(list(select)),
                              platform=platform)
    return result


def html(out: Path, site: str, page: str):
    return LexborHTMLParser((out / site / page).read_text(encoding="utf-8"))


def block(tree, cls: str):
    node = tree.css_first(f".policy-block-{cls}")
    assert node is not None, f"no .policy-block-{cls}"
    return node


def items(node) -> list[dict]:
    rows = []
    for li in node.css("li"):
        a = li.css_first("a")
        t = li.css_first("time")
        rows.append({"href": a.attributes["href"], "title": a.text(strip=True), "text": li.text(separator=" "),
                     "date": t.attributes.get("datetime") if t is not None else None})
    return rows


# --- 1. a city policy interpreted by a department site ---------------------------------------

def test_city_policy_interpreted_by_department(built):
    _src, out = built
    policy = html(out, "jiangnan", "zcwj/zcwj-1.html")
    rows = items(block(policy, "interpretations"))
    by_href = {r["href"]: r for r in rows}
    dept = by_href["https://tjj.jiangnan.gov.cn/zcjd/city-jd.html"]  # absolute across sites
    assert dept["title"] == "图解：市政府优化营商环境措施" and "图解" in dept["text"] and dept["date"] == "2026-10-13"
    assert by_href["../zcjd/zcjd-1.html"]["date"] == "2026-10-12"  # the portal's own, relative
    assert "文字解读" in by_href["../zcjd/zcjd-1.html"]["text"]

    interp = html(out, "tjj", "zcjd/city-jd.html")
    (orig,) = items(block(interp, "original"))
    assert orig["href"] == "https://www.jiangnan.gov.cn/zcwj/zcwj-1.html"
    assert orig["title"] == "政策文件示例文章" and "江政发〔2026〕3号" in orig["text"] and orig["date"] == "2026-10-10"
    assert "解读形式：图解" in interp.css_first(".article-meta").text()


# --- 2. one interpretation of two policies --------------------------------------------------

def test_interpretation_of_two_policies(built):
    _src, out = built
    interp = html(out, "jiangnan", "zcjd/ab-jd.html")
    rows = items(block(interp, "original"))
    assert [r["href"] for r in rows] == ["../zcwj/a.html", "../zcwj/b.html"]
    assert "江政发〔2026〕21号" in rows[0]["text"] and "江政办发〔2026〕22号" in rows[1]["text"]
    for page in ("zcwj/a.html", "zcwj/b.html"):
        back = items(block(html(out, "jiangnan", page), "interpretations"))
        assert [(r["href"], "新闻发布会" in r["text"]) for r in back] == [("../zcjd/ab-jd.html", True)]


# --- 4. validity labels, SupersededBy both ways --------------------------------------------

def test_repealed_policy_and_its_replacement(built):
    _src, out = built
    old = html(out, "jiangnan", "zcwj/old.html")
    article_node = old.css_first("main article")
    first = article_node.css_first(".validity-label")
    assert first is not None and "【已废止】" in first.text()
    # the label comes before the title and the body
    raw = article_node.html
    assert raw.index("validity-label") < raw.index("<h1") < raw.index("article-body")
    assert first.css_first("a").attributes["href"] == "../zcwj/a.html"  # → the replacement
    new = html(out, "jiangnan", "zcwj/a.html")
    (pred,) = items(block(new, "supersedes"))
    assert pred["href"] == "../zcwj/old.html"  # ← the replacement links back
    # excluded from "current" listings, still reachable
    column = (out / "jiangnan" / "zcwj" / "index.html").read_text(encoding="utf-8")
    assert "old.html" not in column and "a.html" in column
    home = (out / "jiangnan" / "index.html").read_text(encoding="utf-8")
    assert "zcwj/old.html" not in home
    library = (out / "jiangnan" / "policies" / "index.html").read_text(encoding="utf-8")
    assert "../zcwj/old.html" in library and "已废止" in library
    assert "../zcwj/old.html" not in (out / "jiangnan" / "policies" / "current.html").read_text(encoding="utf-8")


# --- 3. the policy library -------------------------------------------------------------------

def library_rows(out: Path, site: str, page: str) -> list[dict]:
    tree = html(out, site, f"policies/{page}")
    rows = []
    for tr in tree.css("table.library-table tbody tr"):
        cells = {td.attributes["data-label"]: td for td in tr.css("td")}
        rows.append({"url": cells["文件名称"].css_first("a").attributes["href"],
                     "doc": cells["文号"].text(strip=True),
                     "date": cells["发布日期"].css_first("time").attributes["datetime"],
                     "validity": cells["效力状态"].text(strip=True),
                     "interp": cells["政策解读"].text(strip=True),
                     "interp_links": [a.attributes["href"] for a in cells["政策解读"].css("a")]})
    return rows


def test_policy_library_lists_every_policy_with_number_date_validity_interpretations(built):
    _src, out = built
    rows = library_rows(out, "jiangnan", "index.html")
    urls = [r["url"] for r in rows]
    expected = {"../zcwj/" + p for p in ("zcwj-1.html", "a.html", "b.html", "old.html", "hol.html", "wk.html",
                                         "need.html")}
    assert set(urls) == expected
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)  # newest first
    by = {r["url"]: r for r in rows}
    city = by["../zcwj/zcwj-1.html"]
    assert city["doc"] == "江政发〔2026〕3号" and city["validity"] == "有效" and city["date"] == "2026-10-10"
    assert city["interp"].startswith("2 篇") and "图解" in city["interp"] and "文字解读" in city["interp"]
    assert "https://tjj.jiangnan.gov.cn/zcjd/city-jd.html" in city["interp_links"]
    assert by["../zcwj/old.html"]["validity"].startswith("已废止")
    assert "应解读" in by["../zcwj/need.html"]["interp"]
    assert by["../zcwj/a.html"]["interp_links"] == ["../zcjd/ab-jd.html"]


def test_policy_library_year_filter_is_static(built):
    _src, out = built
    lib = out / "jiangnan" / "policies"
    assert {p.name for p in lib.iterdir()} == {"index.html", "current.html", "2026.html", "2025.html"}
    assert [r["url"] for r in library_rows(out, "jiangnan", "2025.html")] == ["../zcwj/old.html"]
    assert all(r["date"].startswith("2026") for r in library_rows(out, "jiangnan", "2026.html"))
    current = library_rows(out, "jiangnan", "current.html")
    assert current and all(r["validity"] == "有效" for r in current)
    tree = html(out, "jiangnan", "policies/2025.html")
    links = {a.text(strip=True): a.attributes["href"] for a in tree.css(".library-filter a")}
    assert links == {"全部": "../policies/index.html", "现行有效": "../policies/current.html",
                     "2026年": "../policies/2026.html", "2025年": "../policies/2025.html"}
    assert tree.css_first(".library-filter a[aria-current=page]").text(strip=True) == "2025年"
    assert tree.css_first("script:not([src])") is None  # no inline script: plain pages
    # reachable from the policy column page; page tags as on any page of the site
    column = html(out, "jiangnan", "zcwj/index.html")
    assert any(a.attributes.get("href") == "../policies/index.html" for a in column.css("main a"))
    metas = {m.attributes["name"]: m.attributes["content"] for m in tree.css("meta[name]")}
    assert metas["SiteName"] == "江南市人民政府" and metas["SiteIDCode"] == "3299000001"
    # every site has one, the department too
    assert (out / "tjj" / "policies" / "index.html").is_file()


# --- 2. interpretation forms, shown and counted ------------------------------------------------

def test_interpretation_forms_are_shown_and_counted(built):
    src, out = built
    from jiyue.platform_index import build_index

    index = build_index(load_platform(src), date.fromisoformat(TODAY))
    portal = interpretation_counts(index.by_site("jiangnan"))
    assert list(portal) == ["文字解读", "图解", "音视频", "新闻发布会", "专家解读"]
    assert portal == {"文字解读": 1, "图解": 0, "音视频": 0, "新闻发布会": 1, "专家解读": 1}
    dept = interpretation_counts(index.by_site("tjj"))
    assert dept["图解"] == 1 and dept["音视频"] == 1 and dept["文字解读"] == 1
    assert sum(dept[f] for f in NON_TEXT_FORMS) == 2
    stats = html(out, "jiangnan", "policies/index.html").css_first(".library-stats").text()
    assert "本站政策解读 3 篇" in stats and "新闻发布会 1 篇" in stats and "多形式解读 2 篇" in stats
    assert "解读形式：专家解读" in html(out, "jiangnan", "zcjd/hol-jd.html").css_first(".article-meta").text()


# --- 6. service guides link the policies of their 设定依据 ------------------------------------

def test_service_guide_basis_links_platform_policies(built):
    _src, out = built
    tree = html(out, "jiangnan", "bsfw/guide.html")
    body = tree.css_first(".article-body")
    links = {a.text(strip=True): a.attributes["href"] for a in body.css("a")}
    assert links == {
        "《江南市人民政府关于印发〈江南市促进消费若干措施〉的通知》": "../zcwj/a.html",  # exact title
        "江政办发〔2026〕22号": "../zcwj/b.html",  # 文号
        "《江南市统计局统计示例》": "https://tjj.jiangnan.gov.cn/zcwj/zcwj-1.html",  # another site
    }
    # only the 设定依据 is touched: the 申请条件 mention stays as written
    assert "见《江南市促进消费若干措施》。" in body.text()


def test_svc005_reports_what_cannot_be_linked(built):
    src, out = built
    result = lint_findings(src, out, select=("SVC005",))
    got = [(f.site, f.page, f.file, f.line, f.message) for f in result.findings if f.page == "bsfw/guide.html"]
    assert got == [("jiangnan", "bsfw/guide.html", "bsfw/guide.md", 16,
                    "设定依据中的《中华人民共和国电子商务法》没有链接到文件原文（平台政策文件库中未找到该文件，请链接其原文）")]


# --- 5. the rules on the real build ---------------------------------------------------------

def test_pol_rules_on_the_build(built):
    src, out = built
    result = lint_findings(src, out, select=("POL",))
    got = sorted((f.rule, f.severity, f.site, f.page, f.file) for f in result.findings)
    assert got == [
        ("POL004", "warning", "jiangnan", "zcwj/need.html", "zcwj/need.md"),
        ("POL005", "warning", "jiangnan", "zcjd/hol-jd.html", "zcjd/hol-jd.md"),
    ], [f.to_json() for f in result.findings]
    pol005 = next(f for f in result.findings if f.rule == "POL005")
    assert pol005.line == 2 and "第 4 个工作日" in pol005.message and pol005.extra["workdays"] == 4
    pol004 = next(f for f in result.findings if f.rule == "POL004")
    assert pol004.line == 7  # the NeedsInterpretation line


def test_pol005_limit_is_configurable(copy):
    src, out = copy
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\n\n[lint.settings]\ninterpretation_workdays = 4\n',
                                       encoding="utf-8")
    assert not [f for f in lint_findings(src, out, select=("POL005",)).findings]
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\n\n[lint.settings]\ninterpretation_workdays = 2\n',
                                       encoding="utf-8")
    late = sorted((f.site, f.page, f.extra["workdays"]) for f in lint_findings(src, out, select=("POL005",)).findings)
    # 2 allowed: the weekend case (3, on the department site) is late now as well
    assert late == [("jiangnan", "zcjd/hol-jd.html", 4), ("tjj", "zcjd/wk-jd.html", 3)]


def test_pol001_pol002_fire_when_a_built_page_loses_its_links(copy):
    src, out = copy
    interp = out / "tjj" / "zcjd" / "city-jd.html"
    text = interp.read_text(encoding="utf-8")
    interp.write_text(text.replace('href="https://www.jiangnan.gov.cn/zcwj/zcwj-1.html"', 'href="#"'), encoding="utf-8")
    policy = out / "jiangnan" / "zcwj" / "a.html"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace('href="../zcjd/ab-jd.html"', 'href="#"'), encoding="utf-8")
    result = lint_findings(src, out, select=("POL001", "POL002"))
    got = sorted((f.rule, f.site, f.page, f.file, f.line) for f in result.findings)
    assert got == [("POL001", "tjj", "zcjd/city-jd.html", "zcjd/city-jd.md", 6),
                   ("POL002", "jiangnan", "zcwj/a.html", "zcwj/a.md", 6)], [f.to_json() for f in result.findings]


def test_pol006_fires_when_the_label_is_missing(copy):
    src, out = copy
    page = out / "jiangnan" / "zcwj" / "old.html"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<p class="validity-label".*?</p>', "", text, flags=re.S)
    text = text.replace("效力状态：已废止", "")
    page.write_text(text, encoding="utf-8")
    (f,) = lint_findings(src, out, select=("POL006",)).findings
    assert (f.rule, f.severity, f.page, f.file, f.line) == ("POL006", "error", "zcwj/old.html", "zcwj/old.md", 7)


def test_the_gate_reports_pol_and_svc005_as_warnings(built, tmp_path):
    src, _out = built
    result = build(src, tmp_path / "out", lint=True, today=TODAY, log=quiet)
    ours = [f for f in result.findings if f.rule.startswith("POL") or (f.rule == "SVC005" and f.page == "bsfw/guide.html")]
    assert {f.rule for f in ours} == {"POL004", "POL005", "SVC005"}
    assert {f.severity for f in ours} == {"warning"}


# --- 1. a reference that resolves to nothing is a build error (file and line) ------------------

def test_dangling_reference_is_a_build_error_with_file_and_line(tmp_path):
    src = make_platform(tmp_path)
    write_articles(src, {
        "tjj/zcjd/bad.md": article("解读一个不存在的文件", "2026-10-13 10:00", Interprets="江政发〔2026〕3号; 江政发[2026]99号"),
        "jiangnan/zcjd/notice.md": article("解读一篇通知", "2026-10-13 10:00", Interprets="tzgg/tzgg-1"),
        "jiangnan/zcwj/x.md": article("被替代的文件", "2025-10-13 10:00", DocNumber="江政发〔2025〕2号", Validity="已修改",
                                      SupersededBy="江政发〔2026〕77号"),
    })
    messages = []
    result = build(src, tmp_path / "out", lint=False, today=TODAY, log=messages.append)
    assert result.code == 1 and not (tmp_path / "out" / "jiangnan").exists()
    # the file as the build shows it (relative to the current folder when it can be)
    by_file = {(p.file[p.file.index("site_src/"):], p.line, p.key): p for p in result.problems}
    dangling = by_file[("site_src/tjj/zcjd/bad.md", 6, "Interprets")]
    assert dangling.code == "POL003" and dangling.value == "江政发[2026]99号"
    not_policy = by_file[("site_src/jiangnan/zcjd/notice.md", 6, "Interprets")]
    assert "不是政策文件" in not_policy.message
    assert ("site_src/jiangnan/zcwj/x.md", 8, "SupersededBy") in by_file
    text = "\n".join(messages)
    assert "tjj/zcjd/bad.md:6" in text and "江政发[2026]99号" in text


def test_dangling_reference_suggests_the_document_number(tmp_path):
    src = make_platform(tmp_path)
    write_articles(src, {"jiangnan/zcjd/typo.md": article("解读", "2026-10-13 10:00", Interprets="江政发[2026]3号")})
    result = build(src, tmp_path / "out", lint=False, today=TODAY, log=quiet)
    (p,) = result.problems
    assert p.line == 6 and "江政发〔2026〕3号" in p.message and p.expected == "江政发〔2026〕3号"


def test_a_notice_with_the_policys_number_does_not_hide_the_policy(tmp_path):
    """tzgg sorts before zcwj: the index must prefer the policy when a notice repeats its 文号."""
    src = make_platform(tmp_path)
    write_articles(src, {"jiangnan/tzgg/republish.md": article("关于转发营商环境措施的通知", "2026-10-11 10:00",
                                                               DocNumber="江政发〔2026〕3号")})
    result = build(src, tmp_path / "out", lint=False, today=TODAY, log=quiet)
    assert result.code == 0, result.problems
    orig = items(block(html(tmp_path / "out", "jiangnan", "zcjd/zcjd-1.html"), "original"))
    assert [o["href"] for o in orig] == ["../zcwj/zcwj-1.html"]


def test_unpublished_policy_is_pol003_and_not_linked(tmp_path):
    src = make_platform(tmp_path)
    write_articles(src, {
        "jiangnan/zcwj/later.md": article("下月印发的政策", "2026-12-20 10:00", DocNumber="江政发〔2026〕50号"),
        "tjj/zcjd/early.md": article("提前发布的解读", "2026-11-20 10:00", Interprets="江政发〔2026〕50号"),
    })
    out = tmp_path / "out"
    assert build(src, out, lint=False, today=TODAY, log=quiet).code == 0
    assert html(out, "tjj", "zcjd/early.html").css_first(".policy-block-original") is None  # no dead link
    findings = lint_findings(src, out, select=("POL",)).findings
    (f,) = [f for f in findings if f.rule == "POL003"]
    assert (f.site, f.page, f.file, f.line) == ("tjj", "zcjd/early.html", "zcjd/early.md", 6)
    assert not [f for f in findings if f.rule == "POL001"]  # reported once, as POL003


# --- the demo platform ---------------------------------------------------------------------

@pytest.mark.slow
def test_demo_platform_shows_each_case(tmp_path):
    """site_src (the 江南市 demo): a portal policy interpreted on a department site, an
    interpretation of several policies, a repealed policy with its replacement — found
    through the platform index, so the test follows the demo's content."""
    demo = REPO / "site_src"
    if not demo.is_dir():
        pytest.skip("no demo platform")
    from jiyue.platform_index import build_index

    out = tmp_path / "out"
    result = build(demo, out, lint=False, log=quiet)
    if result.code != 0:
        pytest.skip(f"the demo does not build right now: {[p.format() for p in result.problems][:3]}")
    platform = load_platform(demo)
    today = date.fromisoformat(str(platform.config.section("lint").get("today", TODAY)))
    index = build_index(platform, today)
    interps = [r for r in index.records if r.kind == "interpretation" and not r.future]
    cross = [(r, index.resolve_policy(ref, r.site)) for r in interps for ref in r.interprets]
    cross = [(r, p) for r, p in cross if p is not None and p.site != r.site]
    assert cross, "the demo has no policy interpreted on another site"
    r, p = cross[0]
    assert f"https://{platform.sites[p.site].domain}/{p.url}" in [
        o["href"] for o in items(block(html(out, r.site, r.url), "original"))]
    assert f"https://{platform.sites[r.site].domain}/{r.url}" in [
        i["href"] for i in items(block(html(out, p.site, p.url), "interpretations"))]
    multi = [r for r in interps if len(r.interprets) >= 2]
    assert multi, "the demo has no interpretation of two policies"
    assert len(items(block(html(out, multi[0].site, multi[0].url), "original"))) == len(multi[0].interprets)
    repealed = [r for r in index.records if r.kind == "policy" and r.validity != "有效" and r.superseded_by]
    assert repealed, "the demo has no repealed policy with SupersededBy"
    old = repealed[0]
    label = html(out, old.site, old.url).css_first("main .validity-label")
    assert label is not None and old.validity in label.text()
    assert (out / old.site / "policies" / "index.html").is_file()
    findings = lint_findings(demo, out, select=("POL001", "POL002", "POL003", "POL006"), today=today.isoformat())
    assert not findings.findings, [f.to_json() for f in findings.findings]


def test_pol005_counts_monday_to_friday_for_a_year_the_calendar_does_not_know(tmp_path):
    """chinese-calendar knows the years already announced; later ones count Monday–Friday,
    with a note in the report (CONTRACT §2), and never crash."""
    src = make_platform(tmp_path)
    write_articles(src, {
        "jiangnan/zcwj/p2027.md": article("二〇二七年的政策", "2027-04-29 10:00", DocNumber="江政发〔2027〕1号"),
        "jiangnan/zcjd/ontime.md": article("按时的解读", "2027-05-04 10:00", Interprets="江政发〔2027〕1号"),
        "tjj/zcjd/late.md": article("迟到的解读", "2027-05-05 10:00", Interprets="江政发〔2027〕1号"),
    })
    result = lint_findings(src, tmp_path / "no-output", select=("POL005",), today="2027-06-30")
    got = [(f.site, f.page, f.extra["workdays"]) for f in result.findings]
    assert got == [("tjj", "zcjd/late.html", 4)]
    assert any("2027" in note and "周一至周五" in note for note in result.notes)


# --- link_basis (gov_policy) on its own ----------------------------------------------------

def _records():
    from jiyue.platform_index import PlatformIndex, Record

    def rec(site, slug, title, number, validity="有效", date="2026-04-14 10:00"):
        return Record(site=site, column="zcwj", kind="policy", source=f"zcwj/{slug}.md", slug=slug,
                      url=f"zcwj/{slug}.html", title=title, date=date, doc_number=number, validity=validity)

    return PlatformIndex([
        rec("jiangnan", "gzf2025", "江南市人民政府办公室关于印发《江南市公共租赁住房管理办法》的通知", "江政办发〔2025〕8号",
            validity="已废止", date="2025-03-18 10:00"),
        rec("jiangnan", "gzf2026", "江南市人民政府关于印发《江南市公共租赁住房管理办法》的通知", "江政发〔2026〕9号"),
        rec("jyj", "zsrx", "江南市教育局关于印发《江南市义务教育学校招生入学管理办法》的通知", "江教发〔2026〕5号"),
    ], [], {"jiangnan": "www.jiangnan.gov.cn", "jyj": "jyj.jiangnan.gov.cn"})


def _link(html_text: str) -> tuple[str, int]:
    from gov_policy.gov_policy import PolicyLookup, link_basis

    index = _records()
    return link_basis(html_text, PolicyLookup(index), lambda r: index.url_of(r, "jiangnan"))


def test_link_basis_in_a_table_row_prefers_the_document_in_force():
    html_text = ("<table><tr><td>事项名称</td><td>公租房</td></tr>"
                 "<tr><td>设定依据</td><td>《江南市公共租赁住房管理办法》第三条；江教发[2026]5号</td></tr>"
                 "<tr><td>申请条件</td><td>《江南市公共租赁住房管理办法》</td></tr></table>")
    new, n = _link(html_text)
    assert n == 2
    assert ('<td><a class="policy-ref" href="zcwj/gzf2026.html">《江南市公共租赁住房管理办法》</a>第三条；'
            '<a class="policy-ref" href="https://jyj.jiangnan.gov.cn/zcwj/zsrx.html">江教发[2026]5号</a></td>') in new
    assert new.endswith("<tr><td>申请条件</td><td>《江南市公共租赁住房管理办法》</td></tr></table>")


def test_link_basis_leaves_linked_documents_and_other_sections_alone():
    html_text = ('<h2>设定依据</h2>\n<p>《江南市人民政府关于印发〈江南市公共租赁住房管理办法〉的通知》'
                 '（<a href="../zcwj/gzf2026.html">江政发〔2026〕9号</a>）第三条；江政发〔2026〕9号 第四条。</p>\n'
                 '<h3>说明</h3><p>江教发〔2026〕5号</p>\n<h2>申请条件</h2>\n<p>江政办发〔2025〕8号</p>')
    new, n = _link(html_text)
    assert n == 1  # only the 文号 in the 设定依据's sub-section (h3 belongs to it)
    assert '<p><a class="policy-ref" href="https://jyj.jiangnan.gov.cn/zcwj/zsrx.html">江教发〔2026〕5号</a></p>' in new
    assert new.count("policy-ref") == 1 and new.endswith("<p>江政办发〔2025〕8号</p>")


def test_svc005_accepts_a_policy_linked_once_in_the_basis(copy):
    src, out = copy
    write_articles(src, {"jiangnan/bsfw/twice.md": article("夜间经济办事指南", "2026-11-06 09:00", body="""## 设定依据

《江南市人民政府办公室关于印发〈江南市夜间经济发展实施方案〉的通知》第二条；江政办发〔2026〕22号 第三条。
""")})
    result = build(src, out, lint=False, today=TODAY, log=quiet)
    assert result.code == 0
    body = html(out, "jiangnan", "bsfw/twice.html").css_first(".article-body")
    assert [a.attributes["href"] for a in body.css("a")] == ["../zcwj/b.html"]  # linked once
    assert not [f for f in lint_findings(src, out, select=("SVC005",)).findings if f.page == "bsfw/twice.html"]


def test_interprets_by_slug_across_sites(tmp_path):
    src = make_platform(tmp_path)
    write_articles(src, {"tjj/zcjd/slug-jd.md": article("按 slug 引用的解读", "2026-10-12 10:00",
                                                        Interprets="jiangnan/zcwj-1; zcwj-1", InterpretationForm="图解")})
    out = tmp_path / "out"
    assert build(src, out, lint=False, today=TODAY, log=quiet).code == 0
    rows = items(block(html(out, "tjj", "zcjd/slug-jd.html"), "original"))
    # "jiangnan/zcwj-1" is the portal's policy, a bare "zcwj-1" the department's own
    assert [r["href"] for r in rows] == ["https://www.jiangnan.gov.cn/zcwj/zcwj-1.html", "../zcwj/zcwj-1.html"]
    back = items(block(html(out, "jiangnan", "zcwj/zcwj-1.html"), "interpretations"))
    assert "https://tjj.jiangnan.gov.cn/zcjd/slug-jd.html" in [b["href"] for b in back]
    assert not lint_findings(src, out, select=("POL001", "POL002", "POL003")).findings
