"""manifest.json of a snapshot: every file with size and SHA-256, plus when,
why and from what the snapshot was made."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

MANIFEST_NAME = "manifest.json"
WARC_NAME = "snapshot.warc.gz"
# the two files beside the snapshot's content; never listed, ignored by verify
OWN_FILES = frozenset({MANIFEST_NAME, WARC_NAME})
FORMAT = "jiyue-archive-manifest"
VERSION = 1

HTML_EXT = (".html", ".htm", ".shtml")
# pages of dynamic legacy CMSs saved by a crawler keep their script's extension
DYNAMIC_EXT = (".jsp", ".jhtml", ".asp", ".aspx", ".php", ".do", ".action", ".cgi")
_HTML_SNIFF = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)[\s>]",
                         re.I | re.S)


def is_html(path: str, head: bytes | None = None) -> bool:
    """A page: an .html/.htm/.shtml file, or a saved dynamic page (.jsp, .asp,
    .php …) whose first bytes are HTML (``head`` = the file's first KB)."""
    low = path.lower()
    if low.endswith(HTML_EXT):
        return True
    return low.endswith(DYNAMIC_EXT) and head is not None and _HTML_SNIFF.match(head[:1024]) is not None
_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".shtml": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain", ".csv": "text/csv", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".avif": "image/avif", ".ico": "image/vnd.microsoft.icon", ".bmp": "image/bmp",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject", ".pdf": "application/pdf",
    ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ofd": "application/ofd", ".wps": "application/vnd.ms-works", ".zip": "application/zip",
    ".rar": "application/vnd.rar", ".7z": "application/x-7z-compressed",
    ".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg", ".wav": "audio/wav",
    ".vtt": "text/vtt", ".gz": "application/gzip",
}
_TEXT = ("text/", "application/json", "application/xml", "image/svg+xml")


def content_type(path: str, data: bytes | None = None) -> str:
    """Content-Type by extension (deterministic, no system mime.types).
    Text types get ``charset=utf-8`` when the bytes are valid UTF-8."""
    ext = os.path.splitext(path)[1].lower()
    ctype = _TYPES.get(ext, "application/octet-stream")
    if ext in DYNAMIC_EXT and data is not None and is_html(path, data[:1024]):
        ctype = "text/html"
    if ctype.startswith(_TEXT) and "charset" not in ctype and data is not None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return ctype
        ctype += "; charset=utf-8"
    return ctype


def file_url(base_url: str, path: str) -> str:
    """The live URL of a snapshot-relative path: ``<base_url><path>``, base_url
    normally ``https://<domain>/``."""
    return base_url + quote(path, safe="/!$&'()*+,;=:@~-._")


def sha256_file(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


@dataclass
class FileEntry:
    path: str  # snapshot-relative, POSIX
    size: int
    sha256: str
    content_type: str
    url: str  # WARC-Target-URI: the page's original live URL


@dataclass
class Manifest:
    site: str
    domain: str
    date: str  # YYYY-MM-DD
    archived_at: str  # ISO 8601 with offset, Beijing time
    reason: str
    kind: str = "site"  # site (a build of this platform) | import (a legacy folder)
    site_name: str | None = None
    domains: list[str] = field(default_factory=list)  # hosts that meant "this site"
    source: str | None = None  # what was archived (output folder or legacy folder name)
    source_commit: str | None = None
    source_dirty: bool | None = None
    live_url: str | None = None  # the banner's link to the live site
    base_url: str = ""  # WARC-Target-URI of a file = base_url + path; default https://<domain>/
    warc: str = WARC_NAME
    files: list[FileEntry] = field(default_factory=list)
    unresolved_links: list[dict[str, str]] = field(default_factory=list)  # missing at archive time
    excluded: list[str] = field(default_factory=list)  # live paths deliberately left out
    generator: str = "jiyue.archive"
    format: str = FORMAT
    version: int = VERSION
    stats: Any = field(default=None, repr=False, compare=False)  # run statistics, not serialized

    def __post_init__(self) -> None:
        if not self.base_url:
            self.base_url = f"https://{self.domain}/"

    def to_json(self) -> dict[str, Any]:
        stats, self.stats = self.stats, None
        try:
            data = asdict(self)
        finally:
            self.stats = stats
        order = ["format", "version", "site", "site_name", "kind", "domain", "domains", "date",
                 "archived_at", "reason", "source", "source_commit", "source_dirty", "live_url",
                 "base_url", "warc", "generator", "files", "unresolved_links", "excluded"]
        return {k: data[k] for k in order}

    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST_NAME
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        return path

    def by_path(self) -> dict[str, FileEntry]:
        return {f.path: f for f in self.files}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Manifest":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("不是 jiyue 归档清单")
        files = [FileEntry(**f) for f in data.get("files", [])]
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k not in ("files", "stats")}
        return cls(files=files, **known)

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        return cls.from_json(json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")))


def iter_files(root: Path) -> Iterator[str]:
    """Snapshot-relative POSIX paths of every regular file under root, sorted,
    without the snapshot's own manifest.json and WARC."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            if rel in OWN_FILES:
                continue
            out.append(rel)
    return iter(sorted(out))


def build_entries(root: Path, base_url: str) -> list[FileEntry]:
    entries = []
    for rel in iter_files(root):
        p = root / rel
        size, digest = sha256_file(p)
        text_like = content_type(rel).startswith(_TEXT) or rel.lower().endswith(DYNAMIC_EXT)
        head = p.read_bytes() if text_like else None
        entries.append(FileEntry(rel, size, digest, content_type(rel, head), file_url(base_url, rel)))
    return entries
