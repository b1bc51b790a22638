"""Whole-site archiving: snapshots, manifest.json, WARC, verification, import.

Public API (what the build, tasks.py and the linter call)::

    create_snapshot(site_out, site_id=, domain=, date=None, reason=None, site_name=None,
                    src_dir=None) -> Manifest          # raises ArchiveError
    import_legacy(legacy_dir, site_out, site_id=, date=, live_domain=, reason=None,
                  domains=(), site_name=None) -> Manifest
    verify(out, site=None) -> (list[Finding], snapshots_checked)
    verify_snapshot(site_out, date, site=None) -> list[Finding]
    list_snapshots(site_out) -> list[SnapshotInfo]     # newest first
    update_index_page(site_out, site_name=None) -> Path
    check_archived_page(html_or_tree, date=None, snapshot=True) -> list[str]   # ARC001
    cli.main(argv) -> int                              # invoke archive
"""

from .banner import banner_html, check_archived_page
from .importer import import_legacy
from .index_page import list_snapshots, update_index_page
from .manifest import MANIFEST_NAME, WARC_NAME, Manifest
from .snapshot import ArchiveError, create_snapshot, is_snapshot_path
from .verify import verify, verify_site, verify_snapshot

__all__ = [
    "ArchiveError", "MANIFEST_NAME", "Manifest", "WARC_NAME", "banner_html", "check_archived_page",
    "create_snapshot", "import_legacy", "is_snapshot_path", "list_snapshots", "update_index_page",
    "verify", "verify_site", "verify_snapshot",
]
