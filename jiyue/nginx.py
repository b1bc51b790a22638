"""Render the nginx configuration of every site of the platform (deploy/nginx/).

    python -m jiyue.nginx [--src site_src] [--out output] [--dest deploy/nginx/sites] [--listen "443 ssl"]
"""

from __future__ import annotations

import sys
from pathlib import Path

from jiyue.argparse_zh import ChineseArgumentParser
from jiyue.security import csp
from jiyue.siteconfig import load_platform

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "site.conf.template"


def render_site(site, root: Path, listen: str, iframe_hosts=()) -> str:
    tls = ""
    common = [
        ("Content-Security-Policy", csp(tuple(iframe_hosts))),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if "ssl" in listen:
        tls = (f"    ssl_certificate /etc/ssl/jiyue/{site.domain}.crt;\n"
               f"    ssl_certificate_key /etc/ssl/jiyue/{site.domain}.key;\n")
        common.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    def block(pairs, indent="        "):
        return "".join(f'{indent}add_header {name} "{value}" always;\n' for name, value in pairs)

    files = [(n, v) for n, v in common if n != "Content-Security-Policy"] + [
        ("Content-Security-Policy", "default-src 'none'; sandbox")]
    return TEMPLATE.read_text(encoding="utf-8").format(
        listen=listen, server_name=site.domain, root=str(root.resolve()), tls=tls,
        headers=block(common), file_headers=block(files))


def main(argv: list[str] | None = None) -> int:
    parser = ChineseArgumentParser(prog="python -m jiyue.nginx", description="生成各站点的 nginx 配置")
    parser.add_argument("--src", default="site_src", metavar="DIR", help="站点源目录（默认 site_src）")
    parser.add_argument("--out", default="output", metavar="DIR", help="已发布的输出目录（默认 output）")
    parser.add_argument("--dest", default="deploy/nginx/sites", metavar="DIR",
                        help="配置文件写入的目录（默认 deploy/nginx/sites）")
    parser.add_argument("--listen", default="443 ssl", metavar="LISTEN", help="nginx listen 指令的参数（默认 443 ssl）")
    args = parser.parse_args(argv)
    platform = load_platform(Path(args.src))
    hosts = tuple(platform.config.section("security").get("iframe_hosts", []))
    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    for site in platform.sites.values():
        (dest / f"{site.id}.conf").write_text(render_site(site, Path(args.out) / site.id, args.listen, hosts),
                                              encoding="utf-8")
        print(dest / f"{site.id}.conf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
