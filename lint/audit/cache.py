"""Result cache: an unchanged page is not audited again.

Key = sha256 over: the cache schema, a hash of the audit's own code (so a change to
the measurements invalidates old results), the axe-core version, the run options, the
page's site and path, the page's bytes, and the bytes of every local asset it references
(stylesheets and what they @import/url(), scripts, images, frames, media). Stored as
``<cache-dir>/<key[:2]>/<key>.json`` under ``.jiyue-cache/audit/`` by default.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from pathlib import Path
from typing import Callable

from jiyue.publish import write_atomic

from .pages import AuditPage

SCHEMA = "jiyue-audit-cache-1"
DEFAULT_DIR = Path(".jiyue-cache") / "audit"
_CODE_FILES = ("axe.py", "elderly.py", "elderly.js", "runner.py", "cache.py")

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""", re.I)


def code_hash() -> str:
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE_FILES:
        p = here / name
        if p.is_file():
            h.update(name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _local(url: str) -> bool:
    if not url or url.startswith(("#", "data:", "javascript:", "mailto:", "tel:", "about:", "blob:")):
        return False
    parsed = urllib.parse.urlsplit(url)
    return not parsed.scheme and not parsed.netloc


def _join(base_url_path: str, ref: str) -> str:
    ref = ref.strip()
    return urllib.parse.urljoin("http://x" + base_url_path, ref)[len("http://x"):].split("#")[0].split("?")[0]


def page_references(html: bytes, localize: Callable[[str], str] | None = None) -> list[str]:
    """Local URLs (as written, or as ``localize`` maps them) of the assets a page loads."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    refs: list[str] = []

    def add(v: str | None) -> None:
        if v and localize is not None:
            v = localize(v.strip())
        if v and _local(v.strip()):
            refs.append(v.strip())

    for n in tree.css("link[href]"):
        rel = (n.attributes.get("rel") or "").lower()
        if any(r in rel for r in ("stylesheet", "icon", "preload", "modulepreload", "manifest")):
            add(n.attributes.get("href"))
    for sel, attr in (("script[src]", "src"), ("img[src]", "src"), ("iframe[src]", "src"), ("frame[src]", "src"),
                      ("embed[src]", "src"), ("object[data]", "data"), ("video[poster]", "poster"),
                      ("source[src]", "src"), ("video[src]", "src"), ("audio[src]", "src"),
                      ("input[src]", "src"), ("track[src]", "src")):
        for n in tree.css(sel):
            add(n.attributes.get(attr))
    for n in tree.css("img[srcset], source[srcset]"):
        for part in (p.strip() for p in (n.attributes.get("srcset") or "").split(",")):
            add(part.split()[0] if part.split() else None)
    for n in tree.css("style"):
        refs += [u for u in css_references(n.text() or "") if _local(u)]
    for n in tree.css("[style]"):
        refs += [u for u in css_references(n.attributes.get("style") or "") if _local(u)]
    return refs


def css_references(css: str) -> list[str]:
    out = [a or b or c for a, b, c in _CSS_URL.findall(css)]
    out += _CSS_IMPORT.findall(css)
    return [u for u in out if u]


def asset_closure(page: AuditPage, fs_path: Callable[[str], Path | None],
                  localize: Callable[[str], str] | None = None) -> list[tuple[str, Path | None]]:
    """(url path, file) of every local asset the page depends on, CSS followed recursively.
    ``localize`` maps absolute platform URLs to local paths (as the audit server does)."""
    try:
        html = page.path.read_bytes()
    except OSError:
        return []
    seen: dict[str, Path | None] = {}
    todo = [(page.url_path, r) for r in page_references(html, localize)]
    while todo:
        base, ref = todo.pop()
        url = _join(base, ref)
        if url in seen or url == page.url_path:
            continue
        f = fs_path(url)
        seen[url] = f if (f is not None and f.is_file()) else None
        if f is not None and f.is_file() and f.suffix.lower() == ".css" and len(seen) < 2000:
            try:
                css = f.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            todo += [(url, u) for u in css_references(css) if _local(u)]
    return sorted(seen.items())


class AuditCache:
    def __init__(self, root: str | Path | None = None, enabled: bool = True):
        self.root = Path(root) if root else DEFAULT_DIR
        self.enabled = enabled
        self._code = code_hash()

    def salt(self, axe_version: str, options: dict) -> str:
        return json.dumps({"schema": SCHEMA, "code": self._code, "axe": axe_version, "options": options},
                          sort_keys=True, ensure_ascii=False)

    def key(self, page: AuditPage, fs_path: Callable[[str], Path | None], salt: str,
            localize: Callable[[str], str] | None = None) -> str:
        h = hashlib.sha256()
        h.update(salt.encode("utf-8"))
        h.update(b"\0" + json.dumps([page.site, page.rel, page.type, page.column, page.source, page.template],
                                    ensure_ascii=False).encode("utf-8"))
        try:
            h.update(b"\0page\0" + page.path.read_bytes())
        except OSError:
            h.update(b"\0page-missing")
        for url, f in asset_closure(page, fs_path, localize):
            h.update(b"\0asset\0" + url.encode("utf-8") + b"\0")
            if f is None:
                h.update(b"MISSING")
            else:
                try:
                    h.update(hashlib.sha256(f.read_bytes()).digest())
                except OSError:
                    h.update(b"UNREADABLE")
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, need_screens: bool = False) -> dict | None:
        if not self.enabled:
            return None
        f = self._file(key)
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("schema") != SCHEMA:
            return None
        if need_screens and not data.get("screens"):
            return None
        return data

    def put(self, key: str, data: dict) -> None:
        if not self.enabled:
            return
        f = self._file(key)
        data = dict(data, schema=SCHEMA, key=key)
        write_atomic(f, json.dumps(data, ensure_ascii=False).encode("utf-8"), fsync=False)
