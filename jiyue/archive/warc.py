"""The snapshot as a WARC file (ISO 28500:2017, WARC/1.1), written and read
with warcio so that pywb and ReplayWeb.page can replay it.

Layout of ``snapshot.warc.gz`` (one gzip member per record):

1. ``warcinfo`` — software, format, site, date, reason;
2. ``resource`` ``urn:jiyue:manifest:<site>:<date>`` — the manifest.json text;
3. one ``response`` per file (HTTP/1.1 200, Content-Type by extension) under
   ``https://<domain>/<path>`` — the page's real URL, payload = the snapshot file;
4. one ``revisit`` (identical-payload-digest) for each folder URL
   ``https://<domain>/<dir>/`` pointing at its ``index.html`` response, so the
   URLs readers actually type (``https://www.x.gov.cn/``) replay too.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .manifest import FileEntry, Manifest

WARC_VERSION = "1.1"


def _warc_date(iso: str) -> str:
    dt = datetime.fromisoformat(iso).astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _http_date(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(timezone.utc), usegmt=True)


def dir_url(entry: FileEntry) -> str | None:
    """``https://d/x/`` for ``x/index.html`` (``https://d/`` for the home page)."""
    for name in ("index.html", "index.htm"):
        if entry.path == name or entry.path.endswith("/" + name):
            return entry.url[: -len(name)]
    return None


def write_warc(manifest: Manifest, root: Path, dest: Path) -> Path:
    """Write every manifest file of ``root`` into ``dest`` (a .warc.gz)."""
    date = _warc_date(manifest.archived_at)
    http_date = _http_date(manifest.archived_at)
    tmp = dest.with_name(dest.name + ".part")
    with open(tmp, "wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version=WARC_VERSION)
        info = {
            "software": "jiyue.archive (warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": f"{manifest.site} {manifest.date}",
            "description": f"{manifest.site_name or manifest.site} 网站归档快照 {manifest.date}：{manifest.reason}",
            "robots": "ignore",
            "http-header-user-agent": "jiyue.archive",
        }
        rec = writer.create_warcinfo_record(dest.name, info)
        rec.rec_headers.replace_header("WARC-Date", date)
        writer.write_record(rec)

        man_bytes = (root / "manifest.json").read_bytes() if (root / "manifest.json").is_file() else b""
        if man_bytes:
            rec = writer.create_warc_record(
                manifest_uri(manifest), "resource",
                payload=io.BytesIO(man_bytes), length=len(man_bytes),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": date})
            writer.write_record(rec)

        payload_digest: dict[str, str] = {}
        for entry in manifest.files:
            path = root / entry.path
            with open(path, "rb") as f:
                headers = StatusAndHeaders("200 OK", [
                    ("Content-Type", entry.content_type),
                    ("Content-Length", str(entry.size)),
                    ("Date", http_date),
                ], protocol="HTTP/1.1")
                rec = writer.create_warc_record(
                    entry.url, "response", payload=f, length=entry.size, http_headers=headers,
                    warc_headers_dict={"WARC-Date": date})
                writer.write_record(rec)
                payload_digest[entry.path] = rec.rec_headers.get_header("WARC-Payload-Digest")

        for entry in manifest.files:
            url = dir_url(entry)
            if url is None:
                continue
            headers = StatusAndHeaders("200 OK", [
                ("Content-Type", entry.content_type),
                ("Content-Length", str(entry.size)),
                ("Date", http_date),
            ], protocol="HTTP/1.1")
            rec = writer.create_revisit_record(url, payload_digest[entry.path], entry.url, date,
                                               http_headers=headers,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(rec)
    tmp.replace(dest)
    return dest


def iter_records(path: Path) -> Iterator[dict]:
    """Read a WARC back: one dict per record with type, uri, status, content type,
    payload SHA-256 (responses/resources) and refers-to (revisits)."""
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f):
            item = {
                "type": rec.rec_type,
                "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                "date": rec.rec_headers.get_header("WARC-Date"),
                "status": None, "content_type": None, "sha256": None, "size": None,
                "refers_to": rec.rec_headers.get_header("WARC-Refers-To-Target-URI"),
            }
            if rec.http_headers is not None:
                item["status"] = rec.http_headers.get_statuscode()
                item["content_type"] = rec.http_headers.get_header("Content-Type")
            if rec.rec_type in ("response", "resource"):
                h = hashlib.sha256()
                size = 0
                stream = rec.content_stream()
                for chunk in iter(lambda: stream.read(1 << 16), b""):
                    h.update(chunk)
                    size += len(chunk)
                item["sha256"], item["size"] = h.hexdigest(), size
            yield item


def manifest_uri(manifest: Manifest) -> str:
    return f"urn:jiyue:manifest:{manifest.site}:{manifest.date}"


def check_warc(path: Path, manifest: Manifest, manifest_sha256: str | None = None) -> list[str]:
    """Differences between a WARC and its manifest (Simplified Chinese; empty = fine).
    ``manifest_sha256``: SHA-256 of manifest.json on disk, compared with the copy
    the WARC holds."""
    problems: list[str] = []
    by_url = {f.url: f for f in manifest.files}
    seen: set[str] = set()
    try:
        for item in iter_records(path):
            if item["type"] == "resource" and item["uri"] == manifest_uri(manifest):
                if manifest_sha256 and item["sha256"] != manifest_sha256:
                    problems.append("manifest.json 与 WARC 中保存的清单不一致（清单被改动）")
            elif item["type"] == "response":
                entry = by_url.get(item["uri"])
                if entry is None:
                    problems.append(f"WARC 中有清单外的记录 {item['uri']}")
                    continue
                seen.add(entry.url)
                if item["sha256"] != entry.sha256:
                    problems.append(f"WARC 中 {entry.path} 的内容与清单不符")
            elif item["type"] == "revisit":
                if item["refers_to"] not in by_url:
                    problems.append(f"WARC 中 {item['uri']} 指向不存在的记录 {item['refers_to']}")
    except Exception as exc:  # a damaged gzip or WARC header
        problems.append(f"WARC 文件无法读取：{type(exc).__name__}: {exc}")
        return problems
    for url, entry in by_url.items():
        if url not in seen:
            problems.append(f"WARC 中缺少 {entry.path}")
    return problems
