"""``python -m lint``: the compliance linter's command line (CONTRACT §4.2)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from jiyue.problems import ConfigError
from lint import api, registry, suppress
from lint import config as lint_config
from lint.reporters import FORMATS, render


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lint", description="政府网站合规检查（jiyue 集约）")
    p.add_argument("--src", default="site_src", help="站点源目录（默认 site_src）")
    p.add_argument("--out", default="output", help="构建输出目录（默认 output）")
    p.add_argument("--site", default=None, help="只检查一个站点")
    p.add_argument("--today", default=None, help="检查日期（监测时间点）YYYY-MM-DD，默认今天")
    p.add_argument("--warn-days", type=int, default=None, help="提前预警天数（默认 3）")
    p.add_argument("--format", default="text", choices=FORMATS)
    p.add_argument("--report", default=None, help="报告写入文件（默认标准输出）")
    p.add_argument("--select", default="", help="规则号、前缀或标签，逗号分隔")
    p.add_argument("--ignore", default="", help="忽略的规则号、前缀或标签，逗号分隔")
    p.add_argument("--baseline", default=None, help="基线文件：忽略其中已记录的问题")
    p.add_argument("--write-baseline", default=None, help="把当前全部问题写入基线文件")
    p.add_argument("--explain", default=None, metavar="RULE_ID", help="显示规则说明")
    p.add_argument("--list-rules", action="store_true", help="列出全部规则")
    p.add_argument("--html-dir", default=None, help="检查任意 HTML 目录（如其他系统生成的站点）")
    p.add_argument("--site-config", default=None, help="与 --html-dir 配合：该站点的 site.toml")
    p.add_argument("--jobs", type=int, default=None, help="并行进程数（默认 CPU 核数）")
    return p


def _tokens(value: str) -> list[str]:
    return [t.strip() for t in (value or "").split(",") if t.strip()]


def explain(rule_id: str) -> int:
    rules = registry.load_all()
    rule = rules.get(rule_id.upper())
    if rule is None:
        print(f"没有规则 {rule_id}。可用 --list-rules 查看全部规则。", file=sys.stderr)
        return 2
    sev = {"error": "错误 (E)", "warning": "警告 (W)", "info": "提示 (I)"}[rule.severity]
    print(f"{rule.id} {rule.title}\n严重级别：{sev}\n标签：{', '.join(rule.tags)}\n范围：{rule.scope}\n"
          f"依据：{rule.source}\n\n{rule.doc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.explain:
        return explain(args.explain)
    if args.list_rules:
        for r in registry.load_all().values():
            print(f"{r.id}\t{r.severity}\t{r.title}\t{r.source}")
        return 0
    unknown = registry.unknown_tokens(_tokens(args.select) + _tokens(args.ignore))
    if unknown:
        print(f"未知的规则号、前缀或标签：{', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except ConfigError as exc:
        print("配置错误：", file=sys.stderr)
        for p in exc.problems:
            print("  " + p.format(), file=sys.stderr)
        return 2


def _run(args) -> int:
    from jiyue.siteconfig import PlatformConfig, load_platform, load_site

    today = None
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            print(f"--today 格式不正确：{args.today}，应为 YYYY-MM-DD", file=sys.stderr)
            return 2
    if args.html_dir:
        html_dir = Path(args.html_dir)
        if not html_dir.is_dir():
            print(f"--html-dir 目录不存在：{html_dir}", file=sys.stderr)
            return 2
        site = None
        if args.site_config:
            cfg_path = Path(args.site_config)
            site_dir = cfg_path.parent if cfg_path.name == "site.toml" else cfg_path
            if cfg_path.name != "site.toml" and cfg_path.is_file():
                print("--site-config 应指向名为 site.toml 的文件", file=sys.stderr)
                return 2
            site = load_site(site_dir, allow=("COL001",))
        cfg = lint_config.LintConfig()
        src_dir = Path(args.src)
        if (src_dir / "platform.toml").is_file() and args.src != "site_src":
            from jiyue.siteconfig import load_platform_config
            cfg = lint_config.from_platform(load_platform_config(src_dir))
        platform = None
        targets = [api.target_for_html_dir(html_dir, site)]
    else:
        src = Path(args.src)
        platform = load_platform(src, only=args.site, allow=())
        cfg = lint_config.from_platform(platform.config, str(src / "platform.toml"))
        out = Path(args.out)
        sites = [args.site] if args.site else sorted(platform.sites)
        missing = [s for s in sites if not (out / s).is_dir()]
        if missing:
            print(f"输出目录中没有站点：{', '.join(missing)}（请先运行 invoke build）", file=sys.stderr)
            return 2
    if today is None:
        today = date.fromisoformat(cfg.today) if cfg.today else date.today()
    if args.warn_days is not None:
        cfg.warn_days = args.warn_days
    rules = registry.select(_tokens(args.select) or cfg.select, _tokens(args.ignore) or cfg.ignore)
    if not args.html_dir:
        targets = api.targets_for_platform(platform, out, sites, today, src)
    baseline = Path(args.baseline) if args.baseline else None
    if baseline is not None and not baseline.is_file():
        print(f"基线文件不存在：{baseline}", file=sys.stderr)
        return 2
    result = api.lint_targets(targets, today=today, config=cfg, rules=rules, platform=platform,
                              baseline=baseline, jobs=args.jobs)
    if args.write_baseline:
        suppress.write_baseline(result, Path(args.write_baseline))
        print(f"已写入基线：{args.write_baseline}（{len(result.findings)} 条）", file=sys.stderr)
    text = render(args.format, result, report_path=args.report)
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
        print(render("text", result) if args.format != "text" else text, end="", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if result.failed else 0
