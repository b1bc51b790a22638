"""``python -m lint.audit`` / ``invoke audit``: the browser audit (CONTRACT §4.4).

Exit status like the linter: 0 no error-severity finding, 1 at least one, 2 usage,
configuration or setup error (e.g. Chromium/chromedriver missing — said in Chinese with
the apt-get command, never as a traceback).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import time
import tomllib
from pathlib import Path

from jiyue.argparse_zh import ChineseArgumentParser
from lint.model import ERROR, Rule

from . import elderly
from .axe import AXE_URL_PATH, DEFAULT_TAGS, load_axe, rule_for
from .browser import BrowserMissing, BrowserStartError, check_setup
from .cache import DEFAULT_DIR, AuditCache
from .pages import DiscoveryError, discover_html_dir, discover_output
from .progress import Progress
from .report import FORMATS, AuditResult, render, sort_findings
from .runner import AUDIT_ERROR_RULE, AuditOptions, PageResult, audit_pages
from .sampling import PagesSpecError, select
from .server import StaticServer


class UsageError(Exception):
    pass


class _Parser(ChineseArgumentParser):
    def error(self, message):  # exit 2 (main reports it), like the linter
        raise UsageError(self.usage_error_text(message))


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m lint.audit",
                description="在无头 Chromium 中对已构建页面运行 axe-core 和适老化（关怀版）测量。")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--out", default=None, help="构建输出根目录（默认 output），每个站点在 <out>/<site_id>/")
    src.add_argument("--html-dir", default=None, help="审计任意 HTML 目录（例如在别处构建的网站）")
    p.add_argument("--site", default=None, help="只审计这个站点；与 --html-dir 一起用时作为站点 id")
    p.add_argument("--site-config", default=None,
                   help="与 --html-dir 一起用：该站点的 site.toml（其域名的绝对链接按本地页面处理）")
    p.add_argument("--pages", default="all", help="all | home | sample:N（每站 N 页，按栏目分层抽样），默认 all")
    p.add_argument("--workers", type=int, default=None, help="并行浏览器数（默认 CPU 核数）")
    p.add_argument("--webdriver-url", default=None, help="远程 WebDriver（Selenium Grid）地址，所有会话都发往它")
    p.add_argument("--tags", default=",".join(DEFAULT_TAGS), help="axe-core 标签，逗号分隔（默认 %(default)s）")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("--report", default=None, help="把报告写入文件（默认标准输出）")
    p.add_argument("--no-cache", action="store_true", help="不读也不写结果缓存")
    p.add_argument("--cache-dir", default=None, help=f"缓存目录（默认 {DEFAULT_DIR.as_posix()}）")
    p.add_argument("--today", default=None, help="检查日期 YYYY-MM-DD（写入报告；默认今天）")
    p.add_argument("--progress", action="store_true", default=None, help="即使标准错误不是终端也显示进度条")
    p.add_argument("--no-elder", action="store_true", help="不切换关怀版（只运行 axe-core 和常规模式测量）")
    return p


def site_name(pages) -> str | None:
    """The site's name from its home page's SiteName tag (for the reports)."""
    import re

    home = next((p for p in pages if p.type == "home"), None)
    if home is None:
        return None
    try:
        head = home.path.read_bytes()[:65536].decode("utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(r'<meta\s[^>]*name=["\']?SiteName["\']?\s[^>]*content="([^"]*)"', head)
    return m.group(1) if m else None


def platform_domains(out_root: Path) -> dict[str, str]:
    """{domain: site_id} of the platform, from the build's output/.jiyue/platform-index.json."""
    f = out_root / ".jiyue" / "platform-index.json"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    doms = data.get("domains") if isinstance(data, dict) else None
    if not isinstance(doms, dict):
        return {}
    return {str(d): str(sid) for sid, d in doms.items() if d}


def site_config_domain(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"错误：找不到 --site-config 文件 {path}") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"错误：无法读取 --site-config {path}：{exc}") from None
    dom = (data.get("site") or {}).get("domain")
    return str(dom) if dom else None


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except UsageError as exc:
        _err(str(exc))
        return 2
    except (BrowserMissing, BrowserStartError, DiscoveryError, PagesSpecError) as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        _err("已中断")
        return 130


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)

    tags = tuple(t.strip() for t in args.tags.split(",") if t.strip())
    if not tags:
        raise UsageError("错误：--tags 不能为空")
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise UsageError("错误：--workers 必须 ≥ 1")
    today = args.today or _dt.date.today().isoformat()
    try:
        _dt.date.fromisoformat(today)
    except ValueError:
        raise UsageError(f"错误：--today 的值 {today!r} 不是 YYYY-MM-DD") from None

    # -- what to audit ------------------------------------------------------------
    if args.html_dir:
        pages_by_site = discover_html_dir(args.html_dir, args.site)
        sid = next(iter(pages_by_site))
        mounts = {f"/{sid}/": Path(args.html_dir)}
        domains = {}
        if args.site_config:
            domain = site_config_domain(args.site_config)
            if domain:
                domains[domain] = sid
    else:
        out_root = Path(args.out or "output")
        pages_by_site = discover_output(out_root, args.site)
        mounts = {"/": out_root}
        domains = platform_domains(out_root)
    chosen = select(pages_by_site, args.pages)
    all_pages = [p for s in chosen for p in chosen[s]]

    try:
        axe = load_axe()
    except FileNotFoundError as exc:
        _err(str(exc))
        return 2

    opts = AuditOptions(tags=tags, webdriver_url=args.webdriver_url, workers=workers,
                        screenshots=(args.format == "html"), elder=not args.no_elder)
    axe_file = (axe.full_source.encode("utf-8"), "text/javascript; charset=utf-8")
    server = StaticServer(mounts, domains=domains, virtual={AXE_URL_PATH: axe_file})
    cache = AuditCache(args.cache_dir, enabled=not args.no_cache)
    salt = cache.salt(axe.version, opts.cache_options())

    t0 = time.monotonic()
    results: dict[tuple[str, str], PageResult] = {}
    misses = []
    keys = {}
    for page in all_pages:
        key = cache.key(page, server.fs_path, salt, server.localize) if cache.enabled else None
        keys[(page.site, page.rel)] = key
        hit = cache.get(key, need_screens=opts.screenshots) if key else None
        if hit is not None:
            results[(page.site, page.rel)] = PageResult.from_cache(page, hit)
        else:
            misses.append(page)

    progress = Progress(len(all_pages), enabled=args.progress)
    if results:
        progress.update(len(results), cached=True)

    if misses:
        check_setup(args.webdriver_url)

        def on_result(res: PageResult) -> None:
            progress.update(1)
            key = keys.get((res.page.site, res.page.rel))
            if key and res.error is None:
                cache.put(key, res.to_cache())

        with server:
            try:
                for res in audit_pages(misses, lambda p: server.url(p.url_path), axe, opts, on_result=on_result):
                    results[(res.page.site, res.page.rel)] = res
            finally:
                progress.close()
    else:
        progress.close()
    elapsed = time.monotonic() - t0

    # -- result -------------------------------------------------------------------
    page_results = [results[(p.site, p.rel)] for p in all_pages if (p.site, p.rel) in results]
    findings = sort_findings([f for r in page_results for f in r.findings])
    rules: dict[str, Rule] = dict(elderly.RULES)
    rules["ELD001"] = elderly.eld001_rule()
    rules[AUDIT_ERROR_RULE] = Rule(AUDIT_ERROR_RULE, "页面审计失败", ERROR, ("browser",), "jiyue 浏览器审计",
                                   "page", None, doc="浏览器未能完成某个页面的审计（页面崩溃、超时或脚本错误）。")
    for f in findings:
        if f.rule.startswith("axe:") and f.rule not in rules:
            rules[f.rule] = rule_for(f)
    sites = []
    for sid, pages in pages_by_site.items():
        sel = [r for r in page_results if r.page.site == sid]
        entry = {
            "id": sid, "pages": len(sel), "site_pages": len(pages),
            "cached": sum(1 for r in sel if r.cached),
            "elder_mode_on": sum(1 for r in sel if (r.elder or {}).get("status") == "on"),
        }
        name = site_name(pages)
        if name:
            entry["name"] = name
        sites.append(entry)
    n_audited = sum(1 for r in page_results if not r.cached)
    stats = {"seconds": round(elapsed, 3), "audited": n_audited,
             "cached": len(page_results) - n_audited, "workers": min(workers, max(1, len(misses))) if misses else 0,
             "pages_per_second": round(len(page_results) / elapsed, 3) if elapsed > 0 else None,
             "webdriver": args.webdriver_url or "local"}
    render_options: dict = {"report_path": args.report}
    if args.html_dir:
        render_options["site_roots"] = {sid: args.html_dir for sid in pages_by_site}
    else:
        render_options["output_root"] = str(out_root)
    notes = [f"浏览器审计：axe-core {axe.version}，标签 {','.join(tags)}；审计 {len(page_results)} 个页面"
             f"（其中 {stats['cached']} 个来自缓存），{stats['workers']} 个浏览器，用时 {stats['seconds']:.1f} 秒"]
    if axe.origin != "node_modules":
        notes.append(f"使用了 {axe.origin} 的 axe-core {axe.version}（请在仓库根目录运行 npm ci 安装固定版本）")
    result = AuditResult(today=today, sites=sites, findings=findings, rules=rules,
                         axe={"version": axe.version, "origin": axe.origin}, tags=list(tags),
                         pages=page_results, stats=stats, options=render_options, notes=notes)
    text = render(args.format, result)
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(text, encoding="utf-8")
        if args.format != "text":
            c = sum(1 for f in findings if f.severity == ERROR)
            _err(f"浏览器审计：{len(page_results)} 个页面（缓存 {stats['cached']}），{len(findings)} 个问题"
                 f"（错误 {c}），报告已写入 {args.report}")
    else:
        sys.stdout.write(text)
    return result.exit_code
