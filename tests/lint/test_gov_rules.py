"""GOV rules: what the fixtures cannot say (severities, problem kinds, site-level fallbacks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fixture_runner import FIXTURES
from jiyue.siteconfig import load_platform, load_site
from lint import api, registry
from lint.config import LintConfig
from lint.runner import Target

TODAY = date(2026, 11, 24)


def lint_pages(tmp: Path, pages: dict[str, str], rule_ids, site=None):
    out = tmp / "out"
    for rel, html in pages.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(html, encoding="utf-8")
    rules = [registry.load_all()[r] for r in rule_ids]
    target = Target(site_id=site.id if site else "legacy", site=site, out_dir=out)
    return api.lint_targets([target], today=TODAY, config=LintConfig(), rules=rules).findings


def head(*metas: tuple[str, str]) -> str:
    tags = "".join(f'<meta name="{n}" content="{v}">' for n, v in metas)
    return f"<!DOCTYPE html><html lang=\"zh-CN\"><head><title>t</title>{tags}</head><body><p>x</p></body></html>"


def test_tag_case_and_empty_problems(tmp_path):
    html = head(("sitename", "江南市人民政府"), ("SiteDomain", "www.jiangnan.gov.cn"), ("siteidcode", ""))
    found = {(f.extra["tag"], f.extra["problem"]) for f in lint_pages(tmp_path, {"a.html": html}, ["GOV101"])}
    assert found == {("SiteName", "case"), ("SiteIDCode", "empty")}
    case = [f for f in lint_pages(tmp_path, {"a.html": html}, ["GOV101"]) if f.extra["problem"] == "case"][0]
    assert case.message.startswith("网页标签名大小写不正确：应为 SiteName")


def test_missing_tag_has_problem_missing(tmp_path):
    found = lint_pages(tmp_path, {"a.html": head(("SiteName", "x"), ("SiteDomain", "www.x.gov.cn"))}, ["GOV101"])
    assert [(f.extra["tag"], f.extra["problem"]) for f in found] == [("SiteIDCode", "missing")]


@pytest.mark.parametrize("fixture,rule,severity", [
    ("GOV202/fail_legacy_miibeian_warning.html", "GOV202", "warning"),
    ("GOV202/fail_not_linked.html", "GOV202", "error"),
    ("GOV205/fail_legacy_host_warning.html", "GOV205", "warning"),
    ("GOV205/fail_missing.html", "GOV205", "error"),
    ("GOV104/fail_seconds_warning.html", "GOV104", "warning"),
    ("GOV104/fail_12_hour_clock.html", "GOV104", "error"),
    ("GOV106/fail_unlisted_type.html", "GOV106", "info"),
])
def test_severity(tmp_path, fixture, rule, severity):
    from fixture_runner import run_page_fixture

    _got, _expected, result = run_page_fixture(rule, FIXTURES / fixture, tmp_path)
    assert {f.severity for f in result.findings if f.rule == rule} == {severity}


def test_footer_site_code_value_ignores_the_jiucuo_link(tmp_path):
    """The 找错 link carries site_code=…; the 网站标识码 shown must still be the site's."""
    site = load_site(FIXTURES / "jiangnan")
    footer = ('<footer class="site-footer"><p>网站标识码：3299000009</p>'
              '<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3299000001">我为政府网站找错</a></footer>')
    html = f"<!DOCTYPE html><html><head><title>t</title></head><body>{footer}</body></html>"
    found = lint_pages(tmp_path, {"index.html": html}, ["GOV201"], site=site)
    assert [f.extra["problem"] for f in found] == ["value"]
    assert "3299000009" in found[0].message


@pytest.mark.parametrize("domain,bad", [
    ("www.jiangnan.gov.cn", []),
    ("fgw.zj.gov.cn,www.zjdpc.gov.cn", []),  # one site, two hosts (zj-fgw in the real-page corpus)
    ("https://www.jiangnan.gov.cn/", []),
    ("www.jiangnan.com", ["www.jiangnan.com"]),
    ("www.jiangnan.gov.cn，jiangnan.cn", ["jiangnan.cn"]),
])
def test_gov301_without_site_config_checks_site_domain_tags(tmp_path, domain, bad):
    found = lint_pages(tmp_path, {"a.html": head(("SiteDomain", domain))}, ["GOV301"])
    assert [f.extra["domain"] for f in found] == bad
    assert all(f.page is None for f in found)


def test_site_config_problems_become_site_findings(tmp_path):
    import shutil

    src = tmp_path / "site_src" / "jiangnan"
    shutil.copytree(FIXTURES / "GOV001" / "fail_bad_identifiers" / "site_src" / "jiangnan", src)
    platform = load_platform(tmp_path / "site_src", allow=("COL001", "GOV001", "GOV301"))
    site = platform.sites["jiangnan"]
    (tmp_path / "out").mkdir()
    target = Target(site_id="jiangnan", site=site, out_dir=tmp_path / "out")
    rules = [registry.load_all()["GOV001"]]
    found = api.lint_targets([target], today=TODAY, config=LintConfig(), rules=rules).findings
    assert sorted((f.file, f.line, f.extra["key"]) for f in found) == [
        ("site.toml", 6, "site.site_code"), ("site.toml", 8, "site.police_record")]
    for f in found:
        assert f.page is None and f.severity == "error"
        assert str(tmp_path) not in f.message and f.message.startswith("site.toml 格式不正确")
