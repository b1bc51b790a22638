"""``invoke archive`` / ``python -m jiyue.archive`` (CONTRACT §4.3).

    python -m jiyue.archive --site ID [--date YYYY-MM-DD] [--reason TEXT] [--out output] [--src site_src]
    python -m jiyue.archive --verify [--site ID] [--date YYYY-MM-DD] [--out output] [--json] [--all]
    python -m jiyue.archive --import DIR --site ID --date YYYY-MM-DD [--reason TEXT] [--domain HOST ...]

Exit status: 0 ok; 1 verification found errors; 2 usage error (unknown site,
bad date, a snapshot of that date exists, ...). Messages are Simplified Chinese.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from jiyue.argparse_zh import ChineseArgumentParser, translate_usage_error
from jiyue.problems import ConfigError

from .snapshot import ArchiveError, create_snapshot, shown

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


class _Parser(ChineseArgumentParser):
    def error(self, message: str) -> None:  # reported like every other archive problem, exit 2
        raise ArchiveError(f"参数错误：{translate_usage_error(message)}（用法见 python -m jiyue.archive --help）")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m jiyue.archive",
                description="整站归档：冻结当前构建的网站为快照（含 manifest.json 与 WARC），"
                            "校验已有快照，或导入旧网站页面。")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--verify", action="store_true", help="按清单校验所有快照（ARC001/ARC002/ARC003）")
    mode.add_argument("--import", dest="import_dir", metavar="DIR", help="导入旧网站（非本平台构建）的 HTML 目录")
    p.add_argument("--site", metavar="ID", help="站点 id（site_src/<ID>/site.toml）")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="归档日期，默认今天（北京时间）；校验时只查这一天的快照")
    p.add_argument("--reason", metavar="TEXT", help="归档原因，显示在每个页面的归档标识中")
    p.add_argument("--out", default="output", help="构建输出目录（默认 output）")
    p.add_argument("--src", default="site_src", help="站点源目录（默认 site_src）")
    p.add_argument("--domain", action="append", default=[], metavar="HOST",
                   help="导入时：旧网站的域名（可多次给出；默认从页面的 SiteDomain 推断）")
    p.add_argument("--json", action="store_true", help="校验时：以 JSON 输出全部问题")
    p.add_argument("--all", action="store_true", help="校验时：逐条列出警告（默认只汇总）")
    return p


def _load_site(src: Path, site_id: str):
    """The site's identity from site_src/<id>/site.toml (jiyue.siteconfig)."""
    from jiyue.siteconfig import SITE_ID_RE, load_site

    if not SITE_ID_RE.match(site_id):
        raise ArchiveError(f"站点 id 格式错误：{site_id!r}，应为小写字母、数字和连字符", "--site")
    site_dir = src / site_id
    if not (site_dir / "site.toml").is_file():
        raise ArchiveError(f"未知站点 {site_id}：{shown(site_dir / 'site.toml')} 不存在", "--site")
    # only the identity matters here: a missing column kind must not block archiving
    return load_site(site_dir, allow=("COL001",))


def _print_findings(findings, out: Path, show_all: bool) -> None:
    shown_warnings = Counter()
    for f in findings:
        where = shown(out / f.site / f.page) if f.site and f.page else (f.site or "")
        if f.severity != "error" and not show_all:
            shown_warnings[(f.site, f.extra.get("snapshot"), f.rule)] += 1
            continue
        print(f"{where}: [{f.rule}] {SEVERITY_ZH.get(f.severity, f.severity)}：{f.message}")
    for (site, snap, rule), n in sorted(shown_warnings.items()):
        print(f"{shown(out / site / 'archive' / snap)}: [{rule}] 警告：{n} 处链接在归档时即已缺失"
              f"（见 manifest.json 的 unresolved_links；--all 逐条列出）")


def _verify(args) -> int:
    from .verify import verify

    out = Path(args.out)
    findings, count = verify(out, args.site, args.date)
    errors = [f for f in findings if f.severity == "error"]
    if args.json:
        print(json.dumps({"version": 1, "snapshots": count,
                          "findings": [f.to_json() for f in findings]}, ensure_ascii=False, indent=1))
        return EXIT_PROBLEMS if errors else EXIT_OK
    if count == 0:
        print(f"{shown(out / args.site) if args.site else shown(out)}: 没有归档快照，无需校验")
        return EXIT_OK
    _print_findings(findings, out, args.all)
    warnings = len(findings) - len(errors)
    if errors:
        print(f"校验失败：{count} 个快照中发现 {len(errors)} 个错误、{warnings} 个警告")
        return EXIT_PROBLEMS
    print(f"校验通过：{count} 个快照与清单一致" + (f"（{warnings} 个警告）" if warnings else ""))
    return EXIT_OK


def _summary(manifest, folder: Path) -> None:
    stats = manifest.stats
    print(f"已归档 {manifest.site} → {shown(folder)}/：{len(manifest.files)} 个文件"
          + (f"，{stats.pages} 个页面" if stats else "")
          + f"；归档时间 {manifest.date}，原因：{manifest.reason}")
    print(f"  清单 {shown(folder / 'manifest.json')}，WARC {shown(folder / manifest.warc)}")
    if stats and stats.reencoded:
        encs = "、".join(sorted(set(stats.reencoded.values())))
        print(f"  {len(stats.reencoded)} 个页面由 {encs} 转存为 UTF-8")
    for warning in (stats.warnings if stats else []):
        print(f"  警告：{warning}")
    if manifest.unresolved_links:
        pages = len({u['page'] for u in manifest.unresolved_links})
        print(f"  警告 [ARC003]：{pages} 个页面中共 {len(manifest.unresolved_links)} 处链接的目标不在快照中，"
              f"保持原样（见 manifest.json 的 unresolved_links）")


def _archive(args) -> int:
    if not args.site:
        raise ArchiveError("请用 --site 指定要归档的站点", "--site")
    site = _load_site(Path(args.src), args.site)
    site_out = Path(args.out) / site.id
    manifest = create_snapshot(site_out, site_id=site.id, domain=site.domain, date=args.date,
                               reason=args.reason, site_name=site.name, src_dir=site.path)
    _summary(manifest, site_out / "archive" / manifest.date)
    return EXIT_OK


def _import(args) -> int:
    from .importer import import_legacy

    if not args.site:
        raise ArchiveError("导入旧网站时必须用 --site 指定归入的平台站点", "--site")
    if not args.date:
        raise ArchiveError("导入旧网站时必须用 --date 指定归档日期", "--date")
    site = _load_site(Path(args.src), args.site)
    site_out = Path(args.out) / site.id
    manifest = import_legacy(Path(args.import_dir), site_out, site_id=site.id, date=args.date,
                             live_domain=site.domain, reason=args.reason, domains=args.domain,
                             site_name=site.name)
    _summary(manifest, site_out / "archive" / manifest.date)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
        if args.verify:
            return _verify(args)
        if args.import_dir:
            return _import(args)
        return _archive(args)
    except ArchiveError as exc:
        print(f"错误：{exc.format()}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"错误：文件操作失败：{exc.strerror or exc}（{exc.filename or ''}）", file=sys.stderr)
        return EXIT_USAGE
