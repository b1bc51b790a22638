"""``invoke verify``: detect tampering of the published output (网页篡改, 宿迁 第二十四条).

Every build writes ``output/.jiyue/<site>/manifest.json`` (each published file with
its SHA-256) beside — not inside — the site. Verification re-hashes the site and
names every changed, missing or added file. Snapshots under ``archive/<date>/``
have their own manifests (``invoke archive --verify``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jiyue.argparse_zh import ChineseArgumentParser
from jiyue.publish import META, hash_tree


def verify_site(out: Path, site_id: str) -> list[str]:
    manifest_path = out / META / site_id / "manifest.json"
    try:
        expected = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return [f"{site_id}: 缺少或无法读取构建清单 {manifest_path}（请重新构建）"]
    actual = hash_tree(out / site_id)
    problems = []
    for path in sorted(set(expected) | set(actual)):
        if path not in actual:
            problems.append(f"{site_id}/{path}: 文件缺失")
        elif path not in expected:
            problems.append(f"{site_id}/{path}: 多出的文件（不在构建清单中）")
        elif expected[path]["sha256"] != actual[path]["sha256"]:
            problems.append(f"{site_id}/{path}: 内容被修改（SHA-256 不一致）")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = ChineseArgumentParser(prog="invoke verify", description="校验已发布站点是否被篡改")
    parser.add_argument("--out", default="output", metavar="DIR", help="已发布的输出目录（默认 output）")
    parser.add_argument("--site", default=None, metavar="ID", help="只校验这个站点（默认全部站点）")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.site:
        sites = [args.site]
    else:
        sites = sorted(p.name for p in (out / META).iterdir() if p.is_dir()) if (out / META).is_dir() else []
    if not sites:
        print(f"{out} 中没有已发布的站点", file=sys.stderr)
        return 2
    problems = [p for s in sites for p in verify_site(out, s)]
    for p in problems:
        print(p)
    if problems:
        print(f"发现 {len(problems)} 处与构建清单不一致（可能被篡改）。", file=sys.stderr)
        return 1
    print(f"已校验 {len(sites)} 个站点，与构建清单一致。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
