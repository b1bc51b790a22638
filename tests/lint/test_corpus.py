"""The linter over real government pages (shared/corpus/real-gov-pages).

``python -m lint --html-dir <corpus> --format json`` (no site.toml, as someone linting a site
built elsewhere would run it) must not crash, must exit 0 or 1 with valid JSON, must finish
in well under 30 s, and must only report registered rule ids.

Its page-tag and footer findings are compared, cell by cell, with the presence matrix of the
corpus's MANIFEST.md, parsed from the file itself (so a corrected MANIFEST is picked up):

=========  ==========================================================================
cell       the linter must report, for that file and that tag / footer identifier
=========  ==========================================================================
``N``      a finding with ``"problem": "missing"``
``E/e``    a finding with ``"problem": "empty"`` (present, empty content; any case)
``y``      a finding with ``"problem": "case"`` (present only in another letter case)
``Y``      none of these three
=========  ==========================================================================

Compared: GOV101 (SiteName, SiteDomain, SiteIDCode), GOV103 (ArticleTitle, PubDate,
ContentSource; content pages only) and the footer columns 网站标识码 (GOV201), ICP (GOV202),
公安备案 (GOV203), 党政机关标识 (GOV204), 找错入口 (GOV205). The MANIFEST's footer
regexes run over everything after ``</head>``; the rules look at the theme footer or, on
pages built elsewhere, the whole body outside comments — the same text on these pages.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lint import registry

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "real-gov-pages"
MANIFEST = CORPUS / "MANIFEST.md"

pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="shared/corpus/real-gov-pages not beside the repository")

# (rule, tag or None for a footer rule) -> MANIFEST column
META_ITEMS = {("GOV101", t): t for t in ("SiteName", "SiteDomain", "SiteIDCode")}
CONTENT_ITEMS = {("GOV103", t): t for t in ("ArticleTitle", "PubDate", "ContentSource")}
FOOTER_ITEMS = {("GOV201", None): "网站标识码", ("GOV202", None): "ICP", ("GOV203", None): "公安备案",
                ("GOV204", None): "党政机关标识", ("GOV205", None): "找错入口"}
EXPECTED_PROBLEM = {"N": "missing", "E": "empty", "e": "empty", "y": "case", "Y": None}
COMPARED_PROBLEMS = {"missing", "empty", "case"}

# Cells where the linter is right to disagree with the MANIFEST, each with the reason the
# MANIFEST itself gives: {(file, rule, tag or None): "reason"}. None today — every compared
# cell agrees. Keep this list minimal; an entry that no longer disagrees fails the test.
EXCEPTIONS: dict[tuple[str, str, str | None], str] = {}


def parse_presence_matrix(text: str) -> dict[str, dict[str, str]]:
    """{file: {column: cell}} from the table under '## Presence matrix'."""
    m = re.search(r"^## Presence matrix.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, "MANIFEST.md has no '## Presence matrix' section"
    rows = [line for line in m.group(1).splitlines() if line.startswith("|")]
    assert len(rows) > 2, "presence matrix table not found"
    header = [c.strip() for c in rows[0].strip().strip("|").split("|")]
    assert header[0] == "file"
    assert re.fullmatch(r"[-:| ]+", rows[1]), "second row is not the table rule"
    matrix = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == len(header), f"row with {len(cells)} cells, header has {len(header)}: {line}"
        matrix[cells[0].strip("`")] = dict(zip(header[1:], cells[1:]))
    return matrix


def inferred_type(name: str, cells: dict[str, str]) -> str:
    """CONTRACT §4.2 page type, from what the MANIFEST says the page carries."""
    if name == "index.html":
        return "home"
    if cells["ArticleTitle"] != "N" or cells["PubDate"] != "N":
        return "content"
    return "column"


@pytest.fixture(scope="module")
def matrix() -> dict[str, dict[str, str]]:
    return parse_presence_matrix(MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def run():
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "lint", "--html-dir", str(CORPUS), "--format", "json"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - start
    return proc, elapsed


@pytest.fixture(scope="module")
def report(run) -> dict:
    proc, _elapsed = run
    assert proc.returncode in (0, 1), f"exit {proc.returncode}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_runs_fast_and_cleanly(run, report):
    proc, elapsed = run
    assert elapsed < 30, f"lint of the corpus took {elapsed:.1f} s"
    html = sorted(p.name for p in CORPUS.glob("*.html"))
    assert [s["pages"] for s in report["sites"]] == [len(html)]
    assert proc.returncode == (1 if any(f["severity"] == "error" for f in report["findings"]) else 0)


def test_findings_use_known_rule_ids_only(report):
    known = set(registry.load_all())
    html = {p.name for p in CORPUS.glob("*.html")}
    by_file: dict[str | None, set[str]] = {}
    for f in report["findings"]:
        by_file.setdefault(f["page"], set()).add(f["rule"])
    assert set(by_file) - {None} <= html, sorted(set(by_file) - {None} - html)
    for page, rules in sorted(by_file.items(), key=lambda kv: kv[0] or ""):
        assert rules <= known, f"{page}: unknown rule ids {sorted(rules - known)}"
    crashed = [f["message"] for f in report["findings"] if f["rule"] == "LNT002"]
    assert not crashed, crashed  # a rule raised on a real page


def test_matrix_covers_the_corpus(matrix):
    assert set(matrix) == {p.name for p in CORPUS.glob("*.html")}
    columns = set(META_ITEMS.values()) | set(CONTENT_ITEMS.values()) | set(FOOTER_ITEMS.values())
    for name, cells in matrix.items():
        assert columns <= set(cells), f"{name}: MANIFEST lacks columns {sorted(columns - set(cells))}"
        for col in columns:
            allowed = "YyEeN" if col in set(META_ITEMS.values()) | set(CONTENT_ITEMS.values()) else "YN"
            assert cells[col] in allowed, f"{name} {col}: unexpected cell {cells[col]!r}"


def _problems(report, page: str, rule: str, tag: str | None) -> set[str]:
    return {f.get("problem") for f in report["findings"]
            if f["page"] == page and f["rule"] == rule and (tag is None or f.get("tag") == tag)} & COMPARED_PROBLEMS


def test_page_tags_and_footer_match_the_manifest(matrix, report):
    disagreements = []
    compared = 0
    for name, cells in sorted(matrix.items()):
        items = dict(META_ITEMS) | dict(FOOTER_ITEMS)
        if inferred_type(name, cells) == "content":
            items |= CONTENT_ITEMS
        for (rule, tag), column in items.items():
            cell = cells[column]
            want = EXPECTED_PROBLEM[cell]
            got = _problems(report, name, rule, tag)
            compared += 1
            ok = got == ({want} if want else set())
            key = (name, rule, tag)
            if key in EXCEPTIONS:
                assert not ok, f"{key} agrees with the MANIFEST now: remove it from EXCEPTIONS"
                continue
            if not ok:
                disagreements.append(f"{name} {rule} {column}: MANIFEST {cell} (want {want or 'no finding'}), "
                                     f"linter {sorted(got) or 'nothing'}")
    assert compared >= 14 * 8, compared
    assert not disagreements, "\n".join(disagreements)


def test_gov103_only_on_content_pages(matrix, report):
    """The linter infers the page type as CONTRACT §4.2 says: no content-tag finding on a page
    without ArticleTitle/PubDate."""
    for name, cells in matrix.items():
        if inferred_type(name, cells) != "content":
            assert not [f for f in report["findings"] if f["page"] == name and f["rule"] == "GOV103"], name
