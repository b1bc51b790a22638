"""Fixtures of the archive tests: a hand-written built site in a tmp folder,
a crawler that follows links the way a browser resolves them, and helpers."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import archive_sitegen  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real-gov-pages"
PAST = "2026-11-20"  # a date before "today" of any test run on this platform


@pytest.fixture
def platform(tmp_path, monkeypatch):
    """tmp/{output,site_src} with the hand-written jiangnan site; cwd = tmp."""
    out = tmp_path / "output"
    src = tmp_path / "site_src"
    archive_sitegen.write_site(out)
    archive_sitegen.write_src(src)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(*argv: str) -> int:
    from jiyue.archive.cli import main

    return main(list(argv))


FAKE = "https://snapshot.invalid/"


def crawl(folder: Path, start: str = "index.html"):
    """Follow every link and asset reference from ``start`` inside ``folder``
    the way a browser resolves URLs (urljoin on a fake origin), independently
    of the archiver's own URL mapping.

    → (reached files, refs leaving the snapshot [(page, tag, url)], broken refs).
    External hosts are not "leaving" when they are not the site's own domain."""
    from selectolax.lexbor import LexborHTMLParser

    from jiyue.archive.rewrite import extract_refs, iter_css_urls

    reached: set[str] = set()
    leaving: list[tuple[str, str, str, bool]] = []
    broken: list[tuple[str, str]] = []
    todo = [start]
    while todo:
        rel = todo.pop()
        if rel in reached:
            continue
        reached.add(rel)
        path = folder / rel
        if rel.endswith((".html", ".htm")):
            tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
            refs = [(r.tag, r.url, r.in_banner) for r in extract_refs(tree, rel)]
        elif rel.endswith(".css"):
            refs = [("css", u, False) for _s, _e, u in iter_css_urls(path.read_text(encoding="utf-8"))]
        else:
            continue
        for tag, url, in_banner in refs:
            url = url.strip()
            if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                continue
            absolute = urljoin(FAKE + rel, url)
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https"):
                continue
            if f"{parts.scheme}://{parts.netloc}/" != FAKE:
                leaving.append((rel, tag, url, in_banner))
                continue
            target = unquote(parts.path[1:])
            if target == "" or target.endswith("/"):
                target += "index.html"
            if (folder / target).is_file():
                todo.append(target)
            else:
                broken.append((rel, url))
    return reached, leaving, broken


def html_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.suffix in (".html", ".htm")}
