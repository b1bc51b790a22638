"""政府网站工作年度报表 (jiyue/report.py, ``invoke report --site ID --year Y``): the demo
platform's figures match a count made here independently (plain Python over the Markdown
headers and site.toml), the page is a page of the site (chrome, page tags, lint-clean,
in the build manifests) and the JSON is the same document."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from selectolax.lexbor import LexborHTMLParser

from jiyue import report

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "site_src"
FORMS = ("文字解读", "图解", "音视频", "新闻发布会", "专家解读")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "output"
    res = subprocess.run([sys.executable, "-m", "jiyue.build", "--src", str(SRC), "--out", str(out), "--no-lint"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return out


# --- the independent count --------------------------------------------------------------------

def headers(path: Path) -> dict[str, str]:
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta


def day(value: str) -> date:
    return date.fromisoformat(value[:10])


def official_workdays(a: date, b: date) -> int:
    n, d = 0, a + timedelta(days=1)
    while d <= b:
        try:
            n += chinese_calendar.is_workday(d)
        except NotImplementedError:
            n += d.weekday() < 5
        d += timedelta(days=1)
    return n


def independent_count(site_id: str, year: int, today: date) -> dict:
    site_dir = SRC / site_id
    columns = tomllib.loads((site_dir / "site.toml").read_text(encoding="utf-8"))["column"]
    kind_of = {c["id"]: c["kind"] for c in columns}
    per_column = {c["id"]: 0 for c in columns}
    forms = dict.fromkeys(FORMS, 0)
    received = answered = 0
    workdays, surveys = [], 0
    for md in sorted(site_dir.glob("*/*.md")):
        meta = headers(md)
        column = md.parent.name
        published = day(meta["date"])
        if published > today or meta.get("status", "").lower() == "draft":
            continue
        if published.year == year:
            per_column[column] += 1
            if kind_of[column] == "interpretation":
                forms[meta.get("interpretationform") or "文字解读"] += 1
            if kind_of[column] == "survey":
                surveys += 1
        if kind_of[column] == "interaction" and meta.get("asked") and day(meta["asked"]).year == year:
            received += 1
            if meta.get("answered") and day(meta["answered"]) <= today:
                answered += 1
                workdays.append(official_workdays(day(meta["asked"]), day(meta["answered"])))
    return {"per_column": per_column, "total": sum(per_column.values()), "forms": forms, "received": received,
            "answered": answered, "surveys": surveys,
            "average_workdays": round(sum(workdays) / len(workdays), 1) if workdays else None}


def check_date() -> date:
    return date.fromisoformat(tomllib.loads((SRC / "platform.toml").read_text(encoding="utf-8"))["lint"]["today"])


# --- tests ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("site_id", ["jiangnan", "jyj", "tjj"])
@pytest.mark.parametrize("year", [2025, 2026])
def test_demo_figures_match_an_independent_count(demo, site_id, year, capsys):
    assert report.main(["--site", site_id, "--year", str(year), "--src", str(SRC), "--out", str(demo)]) == 0
    printed = capsys.readouterr().out
    data = json.loads((demo / site_id / "report" / f"{year}.json").read_text(encoding="utf-8"))
    want = independent_count(site_id, year, check_date())
    assert {c["id"]: c["count"] for c in data["information"]["columns"]} == want["per_column"]
    assert data["information"]["total"] == want["total"]
    assert data["interpretations"]["by_form"] == want["forms"]
    assert data["interpretations"]["total"] == sum(want["forms"].values())
    assert data["messages"]["received"] == want["received"] and data["messages"]["answered"] == want["answered"]
    assert data["messages"]["average_workdays"] == want["average_workdays"]
    assert data["surveys"]["count"] == want["surveys"]
    assert f"信息发布 {want['total']} 条" in printed and f"收到 {want['received']} 条" in printed


def test_topics_and_categories_of_the_portal(demo):
    assert report.main(["--site", "jiangnan", "--year", "2026", "--src", str(SRC), "--out", str(demo)]) == 0
    data = json.loads((demo / "jiangnan" / "report" / "2026.json").read_text(encoding="utf-8"))
    topic_files = [md for md in (SRC / "jiangnan").glob("*/*.md") if md.parent.name == "ztzl"]
    dates = sorted(day(headers(md)["date"]) for md in topic_files)
    assert data["topics"] == {"columns": 1, "maintained": 1, "opened": int(dates[0].year == 2026),
                              "items": sum(1 for d in dates if d.year == 2026 and d <= check_date())}
    by_name = {c["name"]: c["count"] for c in data["information"]["categories"]}
    kinds = {c["id"]: c["kind"] for c in data["information"]["columns"]}
    per = {c["id"]: c["count"] for c in data["information"]["columns"]}
    assert by_name["政务动态信息更新量"] == sum(n for cid, n in per.items() if kinds[cid] in ("news", "notice"))
    assert data["services"]["guides"] == len(list((SRC / "jiangnan" / "bsfw").glob("*.md")))
    assert data["period"] == {"start": "2026-01-01", "end": check_date().isoformat()}
    assert any("尚未结束" in n for n in data["notes"])
    assert data["manual"]  # what the content cannot tell is listed for the host to fill in


def test_report_page_is_a_page_of_the_site(demo):
    assert report.main(["--site", "jyj", "--year", "2026", "--src", str(SRC), "--out", str(demo)]) == 0
    html = (demo / "jyj" / "report" / "2026.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    meta = {n.attributes["name"]: n.attributes.get("content") for n in tree.css("meta[name]")}
    assert meta["SiteName"] == "江南市教育局" and meta["ArticleTitle"] == "江南市教育局2026年政府网站工作年度报表"
    assert meta["ColumnName"] and meta["PubDate"] and meta["ContentSource"]
    assert tree.css_first("h1").text(strip=True) == meta["ArticleTitle"]
    assert tree.css_first("footer.site-footer [data-gov=site_code]") is not None
    assert tree.css_first('link[href="../theme/css/main.css"]') is not None
    data = json.loads((demo / "jyj" / "report" / "2026.json").read_text(encoding="utf-8"))
    body = tree.css_first(".article-body").text()
    assert f"{data['information']['total']}" in body and "平均办理时间（工作日）" in body
    pages = json.loads((demo / ".jiyue" / "jyj" / "pages.json").read_text(encoding="utf-8"))["pages"]
    assert pages["report/2026.html"]["type"] == "content"
    res = subprocess.run([sys.executable, "-m", "jiyue.verify", "--out", str(demo), "--site", "jyj"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run([sys.executable, "-m", "lint", "--src", str(SRC), "--out", str(demo), "--site", "jyj",
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    doc = json.loads(res.stdout)
    on_report = [f for f in doc["findings"] if (f["page"] or "").startswith("report/")]
    assert on_report == [], on_report


def test_usage_errors(demo, tmp_path, capsys):
    assert report.main(["--site", "nosuch", "--year", "2026", "--src", str(SRC), "--out", str(demo)]) == 2
    assert report.main(["--site", "jiangnan", "--year", "2030", "--src", str(SRC), "--out", str(demo)]) == 2
    assert report.main(["--site", "jiangnan", "--year", "2026", "--src", str(SRC), "--out", str(tmp_path)]) == 2
    assert report.main(["--site", "jiangnan"]) == 2
    err = capsys.readouterr().err
    assert "没有站点 nosuch" in err and "请先运行 invoke build" in err
