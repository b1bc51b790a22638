"""The WARC beside a snapshot, read back with warcio (issue part 3)."""

from __future__ import annotations

import hashlib
import json

from conftest import PAST, run_cli
from warcio.archiveiterator import ArchiveIterator

DOMAIN = "www.jiangnan.gov.cn"


def test_warc_round_trips_against_the_manifest(platform):
    assert run_cli("--site", "jiangnan", "--date", PAST, "--reason", "WARC 测试") == 0
    snap = platform / "output/jiangnan/archive" / PAST
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    by_url = {f["url"]: f for f in manifest["files"]}
    seen: dict[str, int] = {}
    revisits = {}
    types = []
    with open(snap / "snapshot.warc.gz", "rb") as fh:
        assert fh.read(2) == b"\x1f\x8b"  # gzip
        fh.seek(0)
        for rec in ArchiveIterator(fh, check_digests=True):  # raises on a bad block/payload digest
            types.append(rec.rec_type)
            assert rec.rec_headers.protocol == "WARC/1.1"
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            if rec.rec_type == "warcinfo":
                info = rec.content_stream().read().decode("utf-8")
                assert "jiyue.archive" in info and "WARC 测试" in info
            elif rec.rec_type == "resource":
                assert rec.content_stream().read() == (snap / "manifest.json").read_bytes()
            elif rec.rec_type == "response":
                entry = by_url[uri]
                assert uri == f"https://{DOMAIN}/" + entry["url"][len(f"https://{DOMAIN}/"):]
                assert rec.http_headers.protocol == "HTTP/1.1"
                assert rec.http_headers.get_statuscode() == "200"
                assert rec.http_headers.get_header("Content-Type") == entry["content_type"]
                payload = rec.content_stream().read()
                assert hashlib.sha256(payload).hexdigest() == entry["sha256"], uri
                assert len(payload) == entry["size"]
                assert payload == (snap / entry["path"]).read_bytes()
                seen[uri] = seen.get(uri, 0) + 1
            elif rec.rec_type == "revisit":
                revisits[uri] = rec.rec_headers.get_header("WARC-Refers-To-Target-URI")
    assert types[0] == "warcinfo"
    assert seen == {url: 1 for url in by_url}  # every file exactly once
    # pages live under their real URLs; folder URLs replay their index.html
    assert f"https://{DOMAIN}/zwdt/a1.html" in seen
    assert f"https://{DOMAIN}/files/%E9%80%9A%E7%9F%A5.pdf" in seen
    assert revisits[f"https://{DOMAIN}/"] == f"https://{DOMAIN}/index.html"
    assert revisits[f"https://{DOMAIN}/zwdt/"] == f"https://{DOMAIN}/zwdt/index.html"
    assert all(target in by_url for target in revisits.values())


def test_warc_records_use_the_archive_time(platform):
    assert run_cli("--site", "jiangnan", "--date", PAST) == 0
    snap = platform / "output/jiangnan/archive" / PAST
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    from datetime import datetime, timezone

    expected = datetime.fromisoformat(manifest["archived_at"]).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(snap / "snapshot.warc.gz", "rb") as fh:
        dates = {rec.rec_headers.get_header("WARC-Date") for rec in ArchiveIterator(fh)}
    assert dates == {expected}
