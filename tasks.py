"""Tasks of the jiyue platform (``invoke --list``). Each also works as a plain module."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PTY = os.name != "nt" and sys.stdout.isatty()


# What ``./jiyue.sh --list`` and ``./jiyue.sh <task> --help`` say of each task (jiyue/tasks_cli.py)
SUMMARIES = {
    "build": "构建全部站点（或 --site 指定的站点），运行合规检查关口，通过后原子发布",
    "lint": "对已构建的输出运行合规检查（即 python -m lint）",
    "audit": "在无头 Chromium 中用 axe-core 做无障碍审计，并实测适老化（关怀版）模式",
    "archive": "把站点冻结为归档版本 output/<站点>/archive/<日期>/（或 --verify 校验、--import DIR 导入旧网站）",
    "report": "生成政府网站工作年度报表：output/<站点>/report/<年度>.html 与 .json",
    "verify": "按构建清单检查已发布的文件是否被篡改",
    "serve": "在 http://127.0.0.1:PORT/<站点>/ 提供构建好的平台",
    "test": "运行全部测试（pytest；浏览器测试需要 chromium 与 chromium-driver）",
    "bench": "性能基准：与纯 Pelican、Hugo、lychee、pa11y-ci 对比（见 bench/README.md）",
}


def _exit(code: int) -> None:
    if code:
        raise Exit(code=code)


def _args(**options) -> list[str]:
    argv: list[str] = []
    for key, value in options.items():
        flag = "--" + key.rstrip("_").replace("_", "-")
        if value is True:
            argv.append(flag)
        elif value not in (None, False, ""):
            argv += [flag, str(value)]
    return argv


@task(help={"src": "站点源目录（默认 site_src）", "out": "输出目录（默认 output）", "site": "只构建一个站点",
            "today": "检查日期 YYYY-MM-DD", "no_lint": "跳过合规检查关口", "jobs": "并行站点数",
            "full": "完整重建（不使用增量构建）"})
def build(c, src="site_src", out="output", site=None, today=None, no_lint=False, jobs=None, full=False):
    """Build every site (or --site), run the lint gate, publish atomically."""
    from jiyue.build import main

    _exit(main(_args(src=src, out=out, site=site, today=today, no_lint=no_lint, jobs=jobs, full=full)))


@task(help={"format": "text|json|sarif|junit|gitlab|github|html", "report": "报告文件", "select": "规则选择",
            "ignore": "忽略的规则", "today": "检查日期", "site": "只检查一个站点", "explain": "显示规则说明",
            "html_dir": "检查任意 HTML 目录", "site_config": "与 --html-dir 配合的 site.toml",
            "baseline": "基线文件", "write_baseline": "写入基线文件", "warn_days": "提前预警天数"})
def lint(c, src="site_src", out="output", site=None, today=None, warn_days=None, format="text", report=None,
         select=None, ignore=None, baseline=None, write_baseline=None, explain=None, html_dir=None,
         site_config=None):
    """Run the compliance linter over the built output (python -m lint)."""
    from lint.cli import main

    _exit(main(_args(src=src, out=out, site=site, today=today, warn_days=warn_days, format=format, report=report,
                     select=select, ignore=ignore, baseline=baseline, write_baseline=write_baseline,
                     explain=explain, html_dir=html_dir, site_config=site_config)))


@task(help={"site": "只审计一个站点", "pages": "all|home|sample:N", "workers": "并行浏览器数",
            "webdriver_url": "远程 WebDriver（Selenium Grid）地址", "html_dir": "审计任意 HTML 目录",
            "format": "text|json|sarif|junit|gitlab|github|html", "report": "报告文件", "tags": "axe 标签",
            "no_cache": "不使用缓存", "cache_dir": "缓存目录", "site_config": "与 --html-dir 配合的 site.toml",
            "no_elder": "不切换关怀版", "progress": "显示进度条", "today": "检查日期"})
def audit(c, out="output", site=None, pages=None, workers=None, webdriver_url=None, html_dir=None,
          site_config=None, format="text", report=None, tags=None, no_cache=False, cache_dir=None,
          no_elder=False, progress=False, today=None):
    """Accessibility and elderly-friendly audit in headless Chromium (axe-core)."""
    from lint.audit.cli import main

    _exit(main(_args(out=out, site=site, pages=pages, workers=workers, webdriver_url=webdriver_url,
                     html_dir=html_dir, site_config=site_config, format=format, report=report, tags=tags,
                     no_cache=no_cache, cache_dir=cache_dir, no_elder=no_elder, progress=progress, today=today)))


@task(help={"site": "站点 id", "date": "归档日期 YYYY-MM-DD（默认今天）", "reason": "归档原因",
            "verify": "校验全部归档快照", "import_": "导入旧站点 HTML 目录", "domain": "旧站点域名（导入时，可重复）",
            "json": "以 JSON 输出校验结果"}, iterable=["domain"])
def archive(c, site=None, date=None, reason=None, verify=False, import_=None, domain=None, json=False,
            out="output", src="site_src"):
    """Freeze a site into output/<site>/archive/<date>/ (or --verify, --import DIR)."""
    from jiyue.archive.cli import main

    argv = _args(site=site, date=date, reason=reason, verify=verify, import_=import_, json=json, out=out, src=src)
    for d in domain or []:
        argv += ["--domain", d]
    _exit(main(argv))


@task(help={"site": "站点 id", "year": "报表年度", "today": "检查日期"})
def report(c, site, year, src="site_src", out="output", today=None):
    """Annual report (政府网站工作年度报表) → output/<site>/report/<year>.html and .json."""
    from jiyue.report import main

    _exit(main(_args(site=site, year=year, src=src, out=out, today=today)))


@task(help={"site": "只校验一个站点"})
def verify(c, out="output", site=None):
    """Detect tampering of the published output against the build manifest."""
    from jiyue.verify import main

    _exit(main(_args(out=out, site=site)))


@task(help={"port": "端口（默认 8000）", "out": "输出目录"})
def serve(c, out="output", port=8000):
    """Serve the built platform on http://127.0.0.1:PORT/<site_id>/."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(Path(out).resolve()))
    with http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler) as httpd:
        print(f"http://127.0.0.1:{port}/  （Ctrl+C 结束）")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


@task(help={"k": "只运行名称匹配的测试", "no_browser": "跳过需要浏览器的测试", "jobs": "并行进程数（默认 auto）"})
def test(c, k=None, no_browser=False, jobs="auto"):
    """Run the test suite (pytest; browser tests need chromium + chromium-driver)."""
    argv = [sys.executable, "-m", "pytest", "-q", "-n", str(jobs)]
    if k:
        argv += ["-k", k]
    if no_browser:
        argv += ["-m", "not browser"]
    result = c.run(" ".join(_quote(a) for a in argv), pty=PTY, warn=True)
    _exit(result.exited)


@task(help={"articles": "文章数", "sites": "站点数", "runs": "交错运行次数", "sizes": "规模，如 1000,10000,50000",
            "skip": "跳过：hugo,lychee,pa11y,audit", "json": "结果 JSON 文件"})
def bench(c, articles=10000, sites=10, runs=3, sizes=None, skip=None, json=None):
    """Benchmark against bare Pelican, Hugo, lychee and pa11y-ci (bench/README.md)."""
    from bench.run import main

    _exit(main(_args(articles=articles, sites=sites, runs=runs, sizes=sizes, skip=skip, json=json)))


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
