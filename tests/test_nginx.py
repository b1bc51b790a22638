"""The nginx configuration the operator deploys, run for real on 127.0.0.1 with Debian's nginx."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from jiyue.build import build
from jiyue.nginx import render_site
from jiyue.siteconfig import load_platform
from platform_factory import make_platform

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists() and os.environ.get("JIYUE_REQUIRE_BROWSER") != "1",
                                reason="nginx not installed (apt-get install nginx)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    src = make_platform(tmp)
    assert build(src, tmp / "output", lint=False, log=lambda m: None).code == 0
    site = load_platform(src).sites["jiangnan"]
    (tmp / "output/jiangnan/files/sub").mkdir(parents=True, exist_ok=True)
    port = _free_port()
    (tmp / "sites").mkdir()
    (tmp / "sites/jiangnan.conf").write_text(render_site(site, tmp / "output/jiangnan", f"127.0.0.1:{port}"),
                                            encoding="utf-8")
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / d).mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(f"""{user}daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {tmp}/sites/*.conf;
}}
""", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port, site
    proc.terminate()
    proc.wait(timeout=10)


def get(port, path, host):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers={"Host": host})
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res, body


def raw(port, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def test_pages_have_security_headers(server):
    port, site = server
    res, body = get(port, "/", site.domain)
    assert res.status == 200 and "江南市人民政府".encode() in body
    csp = res.getheader("Content-Security-Policy")
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "https://dcs.conac.cn" in csp and "https://zfwzgl.www.gov.cn" in csp
    assert "unsafe-inline" not in csp
    assert res.getheader("X-Content-Type-Options") == "nosniff"
    assert res.getheader("X-Frame-Options") == "SAMEORIGIN"
    assert res.getheader("Referrer-Policy")
    assert res.getheader("Cache-Control") == "no-cache"
    assert res.getheader("Permissions-Policy") and res.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert "nginx/" not in (res.getheader("Server") or "")


def test_theme_assets_are_cached(server):
    port, site = server
    res, _ = get(port, "/theme/css/main.css", site.domain)
    assert res.status == 200
    assert "max-age=604800" in res.getheader("Cache-Control", "")


def test_404_page_and_no_directory_listing(server):
    port, site = server
    res, body = get(port, "/nope.html", site.domain)
    assert res.status == 404 and "江南市人民政府".encode() in body, "the site's own 404 page"
    assert res.getheader("Content-Security-Policy") and res.getheader("X-Content-Type-Options") == "nosniff"
    res, body = get(port, "/files/sub/", site.domain)
    assert res.status in (403, 404) and b"Index of" not in body


def test_hidden_files_and_traversal_refused(server, tmp_path):
    port, site = server
    res, _ = get(port, "/.jiyue.lock", site.domain)
    assert res.status == 404
    for path in (b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/files/..%2f..%2f..%2fetc/passwd",
                 b"/theme/../../../etc/passwd"):
        reply = raw(port, b"GET " + path + b" HTTP/1.1\r\nHost: " + site.domain.encode() + b"\r\nConnection: close\r\n\r\n")
        status = int(reply.split(b" ", 2)[1])
        assert status in (400, 403, 404), (path, reply[:200])
        assert b"root:" not in reply
