"""A threaded static HTTP server on 127.0.0.1 (ephemeral port) for the audit.

Pages are audited over http://, never file://, so that relative URLs, CSP 'self',
localStorage and iframes behave as on a real site. The output root is mounted at
``/`` so every site is reachable as ``/<site_id>/...``; ``--html-dir DIR`` is mounted
at ``/<site_id>/``. Extra virtual files (the axe-core script) live under
``/__jiyue__/``.

Absolute links to a platform site (``https://<domain>/...``, e.g. the theme assets of a
404 page, which must work at any path) are mapped to ``/<site_id>/...`` in the HTML
served (not in CSS or scripts: their bytes may be pinned by SRI hashes), as the linter
maps every platform domain to ``output/<site_id>/``; without
that the browser would try the real host (the network is closed) and audit an unstyled
page.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

mimetypes.add_type("application/xhtml+xml", ".xhtml")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("image/svg+xml", ".svg")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class StaticServer:
    """``with StaticServer({"/": root}) as srv: srv.url("/jiangnan/index.html")``."""

    def __init__(self, mounts: dict[str, str | Path], virtual: dict[str, tuple[bytes, str]] | None = None,
                 host: str = "127.0.0.1", port: int = 0, domains: dict[str, str] | None = None):
        # longest prefix first; prefixes are "/" or "/x/y/"
        norm = {}
        for prefix, root in mounts.items():
            p = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
            norm[p] = Path(root).resolve()
        self.mounts = dict(sorted(norm.items(), key=lambda kv: -len(kv[0])))
        self.virtual = dict(virtual or {})
        # {domain: "/<site_id>/"}: absolute platform URLs served from here
        self.domains = {d.lower(): "/" + sid.strip("/") + "/" for d, sid in (domains or {}).items() if d}
        alts = "|".join(re.escape(d) for d in sorted(self.domains, key=len, reverse=True))
        self._domain_re = re.compile(r"(?:https?:)?//(" + alts + r")(?::\d+)?/", re.I) if self.domains else None
        self.host = host
        self.port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- mapping ---------------------------------------------------------------
    def localize(self, url: str) -> str:
        """``https://<platform domain>/x`` -> ``/<site_id>/x``; other URLs unchanged."""
        if self._domain_re is None:
            return url
        m = self._domain_re.match(url.strip())
        if not m:
            return url
        return self.domains[m.group(1).lower()] + url.strip()[m.end():]

    def rewrite(self, body: bytes) -> bytes:
        if self._domain_re is None:
            return body
        text = body.decode("utf-8", errors="surrogateescape")
        text = self._domain_re.sub(lambda m: self.domains[m.group(1).lower()], text)
        return text.encode("utf-8", errors="surrogateescape")

    def fs_path(self, url_path: str) -> Path | None:
        """The file a URL path maps to (None when outside every mount)."""
        path = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0])
        path = posixpath.normpath(path)
        if not path.startswith("/"):
            path = "/" + path
        for prefix, root in self.mounts.items():
            bare = prefix.rstrip("/")
            if path == bare or path.startswith(prefix) or prefix == "/":
                rel = path[len(bare):].lstrip("/") if bare else path.lstrip("/")
                target = (root / rel).resolve() if rel else root
                try:
                    target.relative_to(root)
                except ValueError:
                    return None
                if target.is_dir():
                    target = target / "index.html"
                return target
        return None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, url_path: str) -> str:
        return self.base + (url_path if url_path.startswith("/") else "/" + url_path)

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> "StaticServer":
        server = self

        class Handler(SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _send(self, body: bytes, ctype: str, head: bool):
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=600")
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def _serve(self, head: bool):
                raw = self.path.split("?", 1)[0].split("#", 1)[0]
                if raw in server.virtual:
                    body, ctype = server.virtual[raw]
                    return self._send(body, ctype, head)
                target = server.fs_path(raw)
                if target is None or not target.is_file():
                    self.send_error(404, "Not Found")
                    return
                bare_dir = Path(urllib.parse.unquote(raw)).suffix == "" and not raw.endswith("/")
                if bare_dir and target.name == "index.html":
                    # directory without trailing slash: redirect so relative URLs work
                    self.send_response(301)
                    self.send_header("Location", raw + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if ctype.startswith("text/") or ctype in ("application/javascript", "application/xhtml+xml"):
                    ctype += "; charset=utf-8"
                try:
                    body = target.read_bytes()
                except OSError:
                    self.send_error(404, "Not Found")
                    return
                if ctype.startswith(("text/html", "application/xhtml+xml")):
                    # HTML only: stylesheets and scripts may carry SRI hashes of their bytes
                    body = server.rewrite(body)
                self._send(body, ctype, head)

            def do_GET(self):
                self._serve(False)

            def do_HEAD(self):
                self._serve(True)

            def do_POST(self):
                self.send_error(405, "Method Not Allowed")

        self._httpd = _Server((self.host, self.port), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="jiyue-audit-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "StaticServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
