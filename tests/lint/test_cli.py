"""``python -m lint`` on real builds: exit codes, selection, severity overrides,
baseline and inline suppression (CONTRACT §4.2).

The factory platform (``tests/platform_factory.py``) is built once per process with
Pelican and copied for each test; a test then breaks one thing in the built pages
(or in the Markdown, and rebuilds) so each case shows exactly what it is about.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from platform_factory import TODAY, make_platform

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
_CACHE: dict[str, Path] = {}

# defects in built pages: (page, old, new) → the finding it causes
NO_SITE_CODE = ("tzgg/tzgg-1.html", '<span class="gov-label">网站标识码：</span>3299000001', "")  # GOV201 error
NO_SITEMAP = ("zwdt/zwdt-1.html", '<a href="../sitemap.html">网站地图</a>', "")  # GOV208 warning
OTHER_H1 = ("zwdt/zwdt-1.html", '<h1 class="article-title">政务动态示例文章</h1>',
            '<h1 class="article-title">另一个标题</h1>')  # GOV105 warning
OTHER_H1_TZGG = ("tzgg/tzgg-1.html", '<h1 class="article-title">通知公告示例文章</h1>',
                 '<h1 class="article-title">另一个通知标题</h1>')  # GOV105 warning


# --- helpers (also used by test_reporters.py and test_suppress.py) ---------------------------

def build(src: Path, out: Path) -> None:
    from jiyue.build import build as jiyue_build

    result = jiyue_build(src, out, lint=False, today=TODAY, log=lambda msg: None)
    assert result.code == 0, f"build failed: {result}"


def built_platform(dest: Path, edit_src=None) -> tuple[Path, Path]:
    """``dest/site_src`` and ``dest/output``: the factory platform, built.

    Without ``edit_src`` the build is copied from a per-process cache; with it,
    ``edit_src(src)`` changes the Markdown first and the platform is built fresh."""
    dest.mkdir(parents=True, exist_ok=True)
    if edit_src is None:
        if "clean" not in _CACHE:
            cache = Path(tempfile.mkdtemp(prefix="jiyue-lint-cli-"))
            src = make_platform(cache)
            build(src, cache / "output")
            _CACHE["clean"] = cache
        cache = _CACHE["clean"]
        shutil.copytree(cache / "site_src", dest / "site_src")
        shutil.copytree(cache / "output", dest / "output")
        return dest / "site_src", dest / "output"
    src = make_platform(dest)
    edit_src(src)
    build(src, dest / "output")
    return src, dest / "output"


def break_page(out: Path, defect: tuple[str, str, str], site: str = "jiangnan") -> None:
    page, old, new = defect
    path = out / site / page
    html = path.read_text(encoding="utf-8")
    assert old in html, f"{old!r} not in {path}"
    path.write_text(html.replace(old, new, 1), encoding="utf-8")


def insert_lines_above(out: Path, page: str, n: int = 7, site: str = "jiangnan") -> None:
    """Shift every line of a built page down by ``n`` (comments right after <head>)."""
    path = out / site / page
    html = path.read_text(encoding="utf-8")
    filler = "".join(f"<!-- inserted line {i} -->\n" for i in range(n))
    path.write_text(html.replace("<head>\n", "<head>\n" + filler, 1), encoding="utf-8")


def lint(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m lint ARGS`` in a subprocess from the repository root."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    full_env.update(env or {})
    return subprocess.run([PYTHON, "-m", "lint", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=full_env)


def run_main(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``lint.cli.main(ARGS)`` in this process (fast); same result shape as ``lint``."""
    from lint.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse usage errors and --help
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return subprocess.CompletedProcess(["python", "-m", "lint", *args], code, out.getvalue(), err.getvalue())


def lint_json(src: Path, out: Path, *args: str, select: str | None = "GOV") -> tuple[int, dict]:
    """JSON report of an in-process run; by default only GOV rules run (plus the
    linter's own LNT findings), so what other families say never blurs a case."""
    sel = ("--select", select) if select and "--select" not in args else ()
    proc = run_main("--src", str(src), "--out", str(out), "--format", "json", *sel, *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def rules_of(doc: dict) -> set[str]:
    return {f["rule"] for f in doc["findings"]}


@pytest.fixture
def clean(tmp_path):
    return built_platform(tmp_path)


@pytest.fixture
def defects(tmp_path):
    """GOV201 (error, footer) on tzgg-1, GOV208 (warning, footer) and GOV105 (warning,
    pagetags) on zwdt-1 of the portal."""
    src, out = built_platform(tmp_path)
    for d in (NO_SITE_CODE, NO_SITEMAP, OTHER_H1):
        break_page(out, d)
    return src, out


# --- exit codes ---------------------------------------------------------------------------

def test_clean_build_exits_0(clean):
    src, out = clean
    # GOV only: other families judge the factory platform's content by their own rules
    proc = lint("--src", str(src), "--out", str(out), "--select", "GOV")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "合计：错误 0，警告 0，提示 0" in proc.stdout
    assert "未触发单项否决" in proc.stdout


def test_error_finding_exits_1_and_warnings_alone_exit_0(tmp_path):
    src, out = built_platform(tmp_path)
    break_page(out, NO_SITEMAP)
    proc = lint("--src", str(src), "--out", str(out), "--select", "GOV")
    assert proc.returncode == 0, proc.stdout
    assert "GOV208" in proc.stdout
    break_page(out, NO_SITE_CODE)
    proc = lint("--src", str(src), "--out", str(out), "--select", "GOV")
    assert proc.returncode == 1
    assert "GOV201" in proc.stdout and "页脚缺少网站标识码" in proc.stdout


@pytest.mark.parametrize("argv,expected", [
    (["--bogus"], "无法识别的参数"),
    (["--format", "xml"], "参数 --format 的取值"),
    (["--warn-days", "x"], "应为整数"),
    (["--warn-days", "-1"], "--warn-days 应为非负整数"),
    (["--today", "2026-13-01"], "--today 格式不正确"),
    (["--select", "NOPE,GOV1"], "未知的规则号、前缀或标签：NOPE"),
    (["--ignore", "nosuchtag"], "未知的规则号、前缀或标签：nosuchtag"),
    (["--site", "nosuchsite"], "站点 nosuchsite 不存在"),
    (["--baseline", "missing-baseline.json"], "基线文件不存在"),
    (["--src"], "参数 --src 需要一个值"),
])
def test_usage_errors_exit_2_in_chinese(clean, argv, expected):
    src, out = clean
    proc = run_main("--src", str(src), "--out", str(out), *argv)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expected in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "error:" not in proc.stderr  # argparse's English wording is replaced


@pytest.mark.parametrize("argv,expected", [
    (["--format", "xml"], "用法错误：参数 --format 的取值 'xml' 无效"),
    (["--select", "NOPE"], "未知的规则号、前缀或标签：NOPE"),
    (["--no-such-option"], "用法错误：无法识别的参数：--no-such-option"),
])
def test_usage_errors_exit_2_in_a_real_process(clean, argv, expected):
    src, out = clean
    proc = lint("--src", str(src), "--out", str(out), *argv)
    assert proc.returncode == 2
    assert expected in proc.stderr and proc.stdout == ""


def test_missing_output_exits_2(tmp_path):
    src = make_platform(tmp_path)
    proc = lint("--src", str(src), "--out", str(tmp_path / "nothing-built"))
    assert proc.returncode == 2
    assert "输出目录" in proc.stderr and "invoke build" in proc.stderr


def test_invalid_baseline_file_exits_2(clean, tmp_path):
    src, out = clean
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    proc = run_main("--src", str(src), "--out", str(out), "--baseline", str(bad))
    assert proc.returncode == 2 and "不是有效的 JSON" in proc.stderr
    bad.write_text('{"findings": [{"rule": "GOV201"}]}', encoding="utf-8")
    proc = run_main("--src", str(src), "--out", str(out), "--baseline", str(bad))
    assert proc.returncode == 2 and "fingerprint" in proc.stderr


def test_explain_prints_the_rule_doc():
    proc = lint("--explain", "GOV201")
    assert proc.returncode == 0
    assert proc.stdout.startswith("GOV201 页脚展示网站标识码")
    for part in ("严重级别：错误", "依据：", "## What it does", "## Why it matters", "## Example"):
        assert part in proc.stdout
    proc = run_main("--explain", "lnt001")
    assert proc.returncode == 0 and "LintIgnore 须写明理由且规则号存在" in proc.stdout


def test_explain_unknown_rule_exits_2():
    proc = run_main("--explain", "GOV999")
    assert proc.returncode == 2
    assert "没有规则 GOV999" in proc.stderr


def test_list_rules_includes_meta_rules():
    proc = run_main("--list-rules")
    assert proc.returncode == 0
    ids = {line.split("\t")[0] for line in proc.stdout.splitlines()}
    assert {"GOV201", "LNT001", "LNT002"} <= ids


# --- selection ------------------------------------------------------------------------------

@pytest.mark.parametrize("option,value,expected", [
    ("--select", "GOV105", {"GOV105"}),            # id
    ("--select", "gov2", {"GOV201", "GOV208"}),    # prefix (case-insensitive)
    ("--select", "pagetags", {"GOV105"}),          # tag
    ("--select", "GOV105,footer", {"GOV105", "GOV201", "GOV208"}),
    ("--ignore", "GOV201", {"GOV105", "GOV208"}),  # id
    ("--ignore", "GOV2", {"GOV105"}),              # prefix
    ("--ignore", "footer", {"GOV105"}),            # tag
])
def test_select_and_ignore_by_id_prefix_and_tag(defects, option, value, expected):
    src, out = defects
    code, doc = lint_json(src, out, option, value)
    assert rules_of(doc) == expected
    assert code == (1 if "GOV201" in expected else 0)


def test_select_and_ignore_from_platform_toml(defects):
    src, out = defects
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\nselect = ["GOV"]\nignore = ["footer"]\n',
                                       encoding="utf-8")
    code, doc = lint_json(src, out)
    assert rules_of(doc) == {"GOV105"} and code == 0
    code, doc = lint_json(src, out, "--ignore", "GOV105")  # the command line wins over platform.toml
    assert rules_of(doc) == {"GOV201", "GOV208"} and code == 1


# --- severity overrides --------------------------------------------------------------------

def test_severity_override_in_platform_toml_changes_exit_code(tmp_path):
    src, out = built_platform(tmp_path)
    break_page(out, NO_SITEMAP)
    code, doc = lint_json(src, out)
    assert code == 0 and [f["severity"] for f in doc["findings"]] == ["warning"]
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\n\n[lint.severity]\nGOV208 = "error"\n',
                                       encoding="utf-8")
    code, doc = lint_json(src, out)
    assert code == 1
    assert [(f["rule"], f["severity"]) for f in doc["findings"]] == [("GOV208", "error")]
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\n\n[lint.severity]\nGOV208 = "info"\n',
                                       encoding="utf-8")
    code, doc = lint_json(src, out)
    assert code == 0 and doc["summary"]["info"] == 1


@pytest.mark.parametrize("toml,expected", [
    ('[lint.severity]\nGOV208 = "fatal"\n', "严重级别不正确"),
    ('[lint.severity]\nGOV999 = "error"\n', "GOV999"),
    ('select = ["NOPE"]\n', "NOPE"),
    ('colour = "red"\n', "未知的 [lint] 设置"),
])
def test_bad_platform_toml_exits_2(clean, toml, expected):
    src, out = clean
    (src / "platform.toml").write_text(f'[lint]\ntoday = "{TODAY}"\n' + toml, encoding="utf-8")
    proc = run_main("--src", str(src), "--out", str(out))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expected in proc.stderr


# --- baseline --------------------------------------------------------------------------------

def test_baseline_lifecycle(defects, tmp_path):
    src, out = defects
    base = tmp_path / "lint-baseline.json"
    common = ("--src", str(src), "--out", str(out), "--select", "GOV")

    proc = run_main(*common, "--write-baseline", str(base))
    assert proc.returncode == 0, proc.stderr
    assert "已写入基线" in proc.stderr
    entries = json.loads(base.read_text(encoding="utf-8"))["findings"]
    assert {e["rule"] for e in entries} == {"GOV201", "GOV208", "GOV105"}
    assert all(len(e["fingerprint"]) >= 32 for e in entries)

    code, doc = lint_json(src, out, "--baseline", str(base))
    assert code == 0 and doc["findings"] == []
    assert doc["summary"]["baselined"] == 3 and doc["summary"]["stale_baseline"] == 0

    # lines move above every finding: still baselined
    before = {f["rule"]: f["html_line"] for f in lint_json(src, out)[1]["findings"]}
    insert_lines_above(out, "tzgg/tzgg-1.html", 9)
    insert_lines_above(out, "zwdt/zwdt-1.html", 4)
    after = {f["rule"]: f["html_line"] for f in lint_json(src, out)[1]["findings"]}
    assert after == {r: line + (9 if r == "GOV201" else 4) for r, line in before.items()}
    code, doc = lint_json(src, out, "--baseline", str(base))
    assert code == 0 and doc["findings"] == [] and doc["summary"]["baselined"] == 3

    # a defect is fixed: its entry is stale, in text and in JSON
    break_page(out, ("zwdt/zwdt-1.html", '<h1 class="article-title">另一个标题</h1>',
                     '<h1 class="article-title">政务动态示例文章</h1>'))
    code, doc = lint_json(src, out, "--baseline", str(base))
    assert code == 0 and doc["findings"] == []
    assert doc["summary"]["stale_baseline"] == 1
    assert [e["rule"] for e in doc["baseline"]["stale"]] == ["GOV105"]
    proc = run_main(*common, "--baseline", str(base))
    assert proc.returncode == 0
    assert "基线中有 1 条已不再出现" in proc.stdout and "过期基线 GOV105" in proc.stdout

    # a new defect is not hidden by the baseline
    break_page(out, OTHER_H1_TZGG)
    code, doc = lint_json(src, out, "--baseline", str(base))
    assert code == 0 and [(f["rule"], f["page"]) for f in doc["findings"]] == [("GOV105", "tzgg/tzgg-1.html")]

    # linting one site (or some rules) does not call the other entries stale
    code, doc = lint_json(src, out, "--baseline", str(base), "--site", "tjj")
    assert doc["summary"]["stale_baseline"] == 0
    code, doc = lint_json(src, out, "--baseline", str(base), "--select", "footer")
    assert doc["summary"]["stale_baseline"] == 0 and doc["findings"] == []

    # rewriting the baseline drops stale entries and keeps what is still there
    proc = run_main(*common, "--baseline", str(base), "--write-baseline", str(base))
    assert proc.returncode == 0
    entries = json.loads(base.read_text(encoding="utf-8"))["findings"]
    assert sorted((e["rule"], e["page"]) for e in entries) == [
        ("GOV105", "tzgg/tzgg-1.html"), ("GOV201", "tzgg/tzgg-1.html"), ("GOV208", "zwdt/zwdt-1.html")]


def test_write_baseline_for_one_site_keeps_the_other_sites_entries(tmp_path):
    src, out = built_platform(tmp_path)
    break_page(out, NO_SITE_CODE)
    break_page(out, ("zwdt/zwdt-1.html", '<a href="../sitemap.html">网站地图</a>', ""), site="tjj")
    base = tmp_path / "b.json"
    assert run_main("--src", str(src), "--out", str(out), "--select", "GOV", "--write-baseline",
                    str(base)).returncode == 0
    assert {e["site"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]} == {"jiangnan", "tjj"}
    assert run_main("--src", str(src), "--out", str(out), "--select", "GOV", "--site", "tjj", "--write-baseline",
                    str(base)).returncode == 0
    assert {e["site"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]} == {"jiangnan", "tjj"}
    code, doc = lint_json(src, out, "--baseline", str(base))
    assert code == 0 and doc["findings"] == []


# --- inline suppression (LintIgnore) ------------------------------------------------------

def _with_lintignore(value: str):
    def edit(src: Path) -> None:
        md = src / "jiangnan" / "zwdt" / "zwdt-1.md"
        text = md.read_text(encoding="utf-8")
        md.write_text(text.replace("Approver: 王磊\n", f"Approver: 王磊\nLintIgnore: {value}\n", 1), encoding="utf-8")
    return edit


def test_lintignore_with_reason_suppresses_that_rule_on_that_page_only(tmp_path):
    src, out = built_platform(tmp_path, _with_lintignore("GOV105 -- 标题经办公室确认，可与标签不同"))
    break_page(out, OTHER_H1)
    break_page(out, OTHER_H1_TZGG)
    break_page(out, NO_SITEMAP)
    code, doc = lint_json(src, out)
    got = sorted((f["rule"], f["page"]) for f in doc["findings"])
    assert got == [("GOV105", "tzgg/tzgg-1.html"), ("GOV208", "zwdt/zwdt-1.html")]
    assert doc["summary"]["suppressed"] == 1 and code == 0
    proc = run_main("--src", str(src), "--out", str(out), "--select", "GOV")
    assert "已抑制（LintIgnore）1" in proc.stdout


def test_lintignore_without_reason_is_lnt001(tmp_path):
    src, out = built_platform(tmp_path, _with_lintignore("GOV105"))
    break_page(out, OTHER_H1)
    code, doc = lint_json(src, out)
    assert code == 1
    lnt = [f for f in doc["findings"] if f["rule"] == "LNT001"]
    assert len(lnt) == 1
    f = lnt[0]
    assert f["severity"] == "error" and f["page"] == "zwdt/zwdt-1.html" and f["file"] == "zwdt/zwdt-1.md"
    assert f["line"] == 6 and "缺少理由" in f["message"]
    # nothing is suppressed by a bad entry
    assert ("GOV105", "zwdt/zwdt-1.html") in {(x["rule"], x["page"]) for x in doc["findings"]}
    assert doc["summary"]["suppressed"] == 0
    # the text report shows Markdown file:line
    proc = run_main("--src", str(src), "--out", str(out), "--select", "GOV")
    assert "zwdt/zwdt-1.md:6" in proc.stdout and "LNT001" in proc.stdout
    # LNT001 can be ignored like any rule
    code, doc = lint_json(src, out, "--ignore", "LNT001")
    assert "LNT001" not in rules_of(doc) and code == 0


def test_lintignore_with_unknown_rule_is_lnt001(tmp_path):
    src, out = built_platform(tmp_path, _with_lintignore("GOV999 -- 理由"))
    code, doc = lint_json(src, out)
    assert code == 1
    assert [f["message"] for f in doc["findings"]] == ["LintIgnore 中的规则号 GOV999 不存在"]


# --- formats through the command line ------------------------------------------------------

def test_report_file_and_text_summary_on_stderr(defects, tmp_path):
    src, out = defects
    report = tmp_path / "reports" / "lint.sarif"
    proc = lint("--src", str(src), "--out", str(out), "--format", "sarif", "--report", str(report), "--select", "GOV")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "合计：错误 1，警告 2" in proc.stderr and str(report) in proc.stderr
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0" and len(doc["runs"][0]["results"]) == 3


def test_github_format_writes_step_summary(defects, tmp_path):
    src, out = defects
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = run_main("--src", str(src), "--out", str(out), "--format", "github", "--select", "GOV",
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("::error file=themes/govsite/templates/article.html,title=GOV201::")
    assert sum(1 for line in lines if line.startswith("::warning ")) == 2
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never overwritten
    assert re.search(r"^\| jiangnan \| 江南市人民政府 \| \d+ \| 1 \| 2 \| 0 \| 未触发 \| [\d.]+ \|$", text, re.M), text


def test_html_dir_mode_and_html_links(tmp_path):
    src, out = built_platform(tmp_path)
    break_page(out, NO_SITE_CODE)
    report = tmp_path / "r" / "report.html"
    proc = run_main("--html-dir", str(out / "jiangnan"), "--site-config", str(src / "jiangnan" / "site.toml"),
                    "--today", TODAY, "--format", "html", "--report", str(report), "--select", "GOV")
    assert proc.returncode == 1, proc.stderr
    html = report.read_text(encoding="utf-8")
    assert 'href="../output/jiangnan/tzgg/tzgg-1.html"' in html


def test_junit_of_a_real_build_counts_rules_times_sites(defects):
    import xml.etree.ElementTree as ET

    from lint import registry

    src, out = defects
    proc = run_main("--src", str(src), "--out", str(out), "--format", "junit", "--select", "GOV")
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    n_rules = len(registry.select(["GOV"]))
    assert int(root.get("tests")) == 2 * n_rules and int(root.get("failures")) == 1
    [failed] = root.findall(".//testcase/failure/..")
    assert failed.get("classname") == "jiangnan" and failed.get("name") == "GOV201 页脚展示网站标识码"
    outs = {c.get("name").split(" ")[0] for c in root.findall(".//testcase/system-out/..")}
    assert outs == {"GOV105", "GOV208"}


def test_parallel_and_serial_runs_report_the_same(defects, monkeypatch):
    """Every rule, pages linted by forked workers (the pool of a large platform) and in this
    process: the same report, finding for finding."""
    from lint import runner

    src, out = defects
    _code, serial = lint_json(src, out, "--jobs", "1", "--today", str(TODAY), select=None)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 1)  # the factory platform is small
    pools = []
    real_imap = runner.forked_imap
    monkeypatch.setattr(runner, "forked_imap", lambda *a: pools.append(a[2]) or real_imap(*a))
    _code, parallel = lint_json(src, out, "--jobs", "2", "--today", str(TODAY), select=None)
    assert pools == [2]
    assert {"GOV201", "GOV208", "GOV105"} <= rules_of(serial)
    assert parallel == serial
