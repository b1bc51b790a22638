"""``python -m lint``: the compliance linter's command line (CONTRACT §4.2).

Exit status: 0 no error-severity finding; 1 at least one; 2 a usage or
configuration error (bad option, unknown rule id/prefix/tag, bad platform.toml,
missing output, unreadable baseline). Usage errors are reported in Chinese.
"""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from jiyue.argparse_zh import INTERRUPTED_EXIT, USAGE_EXIT, ChineseArgumentParser
from jiyue.problems import ConfigError
from lint import api, registry, suppress
from lint import config as lint_config
from lint.reporters import FORMATS, render


def _parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="python -m lint", description="政府网站合规检查（jiyue 集约）",
                              epilog="退出状态：0 没有错误级问题；1 有错误级问题；2 用法或配置错误。")
    p.add_argument("--src", default="site_src", metavar="DIR", help="站点源目录（默认 site_src）")
    p.add_argument("--out", default="output", metavar="DIR", help="构建输出目录（默认 output）")
    p.add_argument("--site", default=None, metavar="ID", help="只检查一个站点")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="检查日期（监测时间点）YYYY-MM-DD，默认今天")
    p.add_argument("--warn-days", type=int, default=None, metavar="N", help="提前预警天数（默认 3）")
    p.add_argument("--format", default="text", choices=FORMATS,
                   help="报告格式：" + "、".join(FORMATS) + "（默认 text）")
    p.add_argument("--report", default=None, metavar="FILE", help="报告写入文件（默认标准输出）")
    p.add_argument("--select", default="", metavar="IDS",
                   help="只运行这些规则：规则号、前缀或标签，逗号分隔（如 GOV2,footer）")
    p.add_argument("--ignore", default="", metavar="IDS", help="不运行这些规则：规则号、前缀或标签，逗号分隔")
    p.add_argument("--baseline", default=None, metavar="FILE",
                   help="基线文件：忽略其中已记录的问题，并报告已不再出现的条目")
    p.add_argument("--write-baseline", default=None, metavar="FILE", help="把当前全部问题写入基线文件")
    p.add_argument("--explain", default=None, metavar="RULE_ID", help="显示规则说明")
    p.add_argument("--list-rules", action="store_true", help="列出全部规则")
    p.add_argument("--html-dir", default=None, metavar="DIR", help="检查任意 HTML 目录（如其他系统生成的站点）")
    p.add_argument("--site-config", default=None, metavar="site.toml", help="与 --html-dir 配合：该站点的 site.toml")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="并行进程数（默认 CPU 核数）")
    return p


def _tokens(value: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,，\s]+", value or "") if t.strip()]


def _usage(message: str) -> int:
    print(f"python -m lint：{message}", file=sys.stderr)
    return USAGE_EXIT


def explain(rule_id: str) -> int:
    rules = registry.load_all()
    rule = rules.get(rule_id.strip().upper())
    if rule is None:
        close = [r for r in sorted(rules) if r.startswith(rule_id.strip().upper()[:3])][:8]
        hint = f"同类规则：{'、'.join(close)}。" if close else ""
        print(f"没有规则 {rule_id}。{hint}可用 --list-rules 查看全部规则。", file=sys.stderr)
        return USAGE_EXIT
    sev = {"error": "错误 (E)", "warning": "警告 (W)", "info": "提示 (I)"}.get(rule.severity, rule.severity)
    scope = {"page": "页面", "site": "站点"}.get(rule.scope, rule.scope)
    status = {"preview": "（预览，默认不运行）", "removed": "（已停用）"}.get(rule.status, "")
    print(f"{rule.id} {rule.title}{status}\n严重级别：{sev}\n标签：{', '.join(rule.tags)}\n范围：{scope}\n"
          f"依据：{rule.source}\n\n{rule.doc}")
    return 0


def list_rules() -> int:
    for r in registry.load_all().values():
        print(f"{r.id}\t{r.severity}\t{r.title}\t{','.join(r.tags)}\t{r.source}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.explain:
        return explain(args.explain)
    if args.list_rules:
        return list_rules()
    if args.warn_days is not None and args.warn_days < 0:
        return _usage(f"--warn-days 应为非负整数，而不是 {args.warn_days}")
    if args.jobs is not None and args.jobs < 1:
        return _usage(f"--jobs 应为正整数，而不是 {args.jobs}")
    if args.html_dir and args.site:
        return _usage("--site 与 --html-dir 不能同时使用（--html-dir 检查的是一个站点）")
    unknown = registry.unknown_tokens(_tokens(args.select) + _tokens(args.ignore))
    if unknown:
        return _usage(f"未知的规则号、前缀或标签：{', '.join(unknown)}（可用 --list-rules 查看）")
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return INTERRUPTED_EXIT
    except ConfigError as exc:
        print("配置错误：", file=sys.stderr)
        for p in exc.problems:
            print("  " + p.format(), file=sys.stderr)
        return USAGE_EXIT
    except suppress.BaselineError as exc:
        return _usage(str(exc))


def _check_config(cfg, file: str) -> str | None:
    """Rule ids in platform.toml that do not exist (a configuration error)."""
    rules = registry.load_all()
    bad = registry.unknown_tokens(list(cfg.select) + list(cfg.ignore))
    if bad:
        return f"{file} 的 [lint] select/ignore 中有未知的规则号、前缀或标签：{', '.join(bad)}"
    unknown = [rid for rid in cfg.severity if rid not in rules and not rid.lower().startswith("axe:")]
    if unknown:
        return f"{file} 的 [lint.severity] 中有不存在的规则号：{', '.join(unknown)}"
    return None


def _run(args) -> int:
    from jiyue.siteconfig import load_platform, load_site

    today = None
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            return _usage(f"--today 格式不正确：{args.today}，应为 YYYY-MM-DD")
    src: Path | None = None
    out: Path | None = None
    site_roots: dict[str, Path] = {}
    cfg_file = str(Path(args.src) / "platform.toml")
    if args.html_dir:
        html_dir = Path(args.html_dir)
        if not html_dir.is_dir():
            return _usage(f"--html-dir 目录不存在：{html_dir}")
        site = None
        if args.site_config:
            cfg_path = Path(args.site_config)
            if not cfg_path.exists():
                return _usage(f"--site-config 文件不存在：{cfg_path}")
            if cfg_path.is_file() and cfg_path.name != "site.toml":
                return _usage("--site-config 应指向名为 site.toml 的文件")
            site_dir = cfg_path.parent if cfg_path.name == "site.toml" else cfg_path
            site = load_site(site_dir, allow=("COL001", "GOV001", "GOV301"))
        cfg = lint_config.LintConfig()
        src_dir = Path(args.src)
        if (src_dir / "platform.toml").is_file() and args.src != "site_src":
            from jiyue.siteconfig import load_platform_config

            cfg = lint_config.from_platform(load_platform_config(src_dir), cfg_file)
        platform = None
        targets = [api.target_for_html_dir(html_dir, site)]
        site_roots = {targets[0].site_id: html_dir}
    else:
        src = Path(args.src)
        if not src.is_dir():
            return _usage(f"站点源目录不存在：{src}（用 --src 指定）")
        platform = load_platform(src, only=args.site, allow=())
        cfg = lint_config.from_platform(platform.config, cfg_file)
        if args.site and args.site not in platform.sites:
            return _usage(f"没有站点 {args.site}；可选：{', '.join(sorted(platform.sites))}")
        out = Path(args.out)
        sites = [args.site] if args.site else sorted(platform.sites)
        missing = [s for s in sites if not (out / s).is_dir()]
        if missing:
            return _usage(f"输出目录 {out} 中没有站点：{', '.join(missing)}（请先运行 invoke build）")
    problem = _check_config(cfg, cfg_file)
    if problem:
        return _usage("配置错误：" + problem)
    if today is None:
        try:
            today = date.fromisoformat(cfg.today) if cfg.today else date.today()
        except ValueError:
            return _usage(f"配置错误：{cfg_file} 的 lint.today 格式不正确：{cfg.today}，应为 YYYY-MM-DD")
    if args.warn_days is not None:
        cfg.warn_days = args.warn_days
    select_tokens = _tokens(args.select) or cfg.select
    ignore_tokens = _tokens(args.ignore) or cfg.ignore
    rules = registry.select(select_tokens, ignore_tokens)
    if not rules:
        return _usage("所选规则为空：--select/--ignore 排除了全部规则")
    index = None
    if not args.html_dir:
        from jiyue import incremental
        from jiyue.platform_index import build_index, pinned

        index = build_index(platform, today, cache=incremental.cache_dir(out) / "index") if src is not None else None
        targets = api.targets_for_platform(platform, out, sites, today, src, index=index)
    baseline = Path(args.baseline) if args.baseline else None
    if baseline is not None:
        suppress.load_baseline(baseline)  # BaselineError → exit 2 before any work
    if args.report:
        report = Path(args.report)
        if report.is_dir():
            return _usage(f"--report 指向的是目录：{report}")
    # the policy rules look at the same scan of the sources, not a second one
    with pinned(platform, index, today) if index is not None else nullcontext():
        result = api.lint_targets(targets, today=today, config=cfg, rules=rules, platform=platform, jobs=args.jobs)
    api.apply_config(result, cfg, ignore_tokens)
    selected_ids = [r.id for r in rules] + [f.rule for f in result.findings if f.rule.startswith("LNT")]
    if args.write_baseline:
        linted = {s.id for s in result.sites}
        chosen = set(selected_ids)
        n = suppress.write_baseline(result, Path(args.write_baseline),
                                    keep=lambda e: e.get("site") not in linted or e.get("rule") not in chosen)
        print(f"已写入基线：{args.write_baseline}（{n} 条）", file=sys.stderr)
        baseline = Path(args.write_baseline)  # what is in the baseline is accepted from now on
    if baseline is not None:
        suppress.apply_baseline(result, baseline, rules=selected_ids)
    options = {"selected": rules, "report_path": args.report, "src_root": str(src) if src is not None else None,
               "output_root": str(out) if out is not None else None, "site_roots": site_roots}
    text = render(args.format, result, **options)
    if args.report:
        report = Path(args.report)
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(text, encoding="utf-8")
        except OSError as exc:
            return _usage(f"无法写入报告 {report}：{exc.strerror}")
        summary = render("text", result, **options) if args.format != "text" else text
        print(summary, end="", file=sys.stderr)
        print(f"报告已写入：{report}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if result.failed else 0


