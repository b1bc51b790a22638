"""The benchmark runs (it is not a test of speed): generator + runner at a small size.

No timing is asserted; the rows and ratios must be there and every measured build must have
published the whole platform.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_generator_is_deterministic_and_complete(tmp_path):
    from bench.generate import COLUMNS, generate

    a = generate(tmp_path / "a", articles=300, sites=3, seed=7)
    b = generate(tmp_path / "b", articles=300, sites=3, seed=7)
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)
    assert sum(1 for f in files_a if f.endswith(".md")) >= 300
    portal = a / "jiangnan"
    kinds = {c[3] for c in COLUMNS}
    assert kinds <= {line.split('"')[1] for line in (portal / "site.toml").read_text(encoding="utf-8").splitlines()
                     if line.startswith("kind = ")}
    text = "\n".join(p.read_text(encoding="utf-8") for p in a.rglob("*.md"))
    for needle in ("DocNumber:", "Interprets:", "InterpretationForm:", "SupersededBy:", "## 设定依据",
                   "{static}", "{filename}", "Asked:", "AnsweredBy:"):
        assert needle in text, needle
    assert any(p.suffix == ".pdf" for p in (portal / "files").iterdir())


def test_runner_writes_the_table_as_json(tmp_path):
    report = tmp_path / "latest.json"
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--articles", "300", "--sites", "3", "--runs", "1",
                           "--skip", "hugo,lychee,pa11y,audit", "--json", str(report), "--work", str(tmp_path / "w")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    rows = data["medians"]
    for name in ("bare Pelican, cold", "bare Pelican, warm (content cache)", "jiyue build + lint, cold (--full)",
                 "jiyue build + lint, warm (nothing changed)", "jiyue one-article edit → published",
                 "jiyue lint of the whole output", "jiyue internal-link check (lint --select LNK)"):
        assert name in rows, (name, sorted(rows))
        assert rows[name]["wall"] > 0 and rows[name]["n"] == 1
    assert {r["name"] for r in data["ratios"]} >= {"cold build+lint / bare Pelican cold",
                                                  "one-article edit → published / bare Pelican cold",
                                                  "lint of the output / bare Pelican cold"}
    assert data["machine"]["nproc"] and data["machine"]["python"]
    assert "| run |" in data["table"]
    assert data["notes"]["output files"] > 300


def test_pa11y_pages_it_could_not_test_do_not_count_as_throughput():
    from bench.audit_bench import pa11y_summary

    issue = {"code": "color-contrast", "type": "error", "typeCode": 1, "message": "对比度不足",
             "context": "<p>", "selector": "p", "runner": "axe"}
    results = {"u1": [], "u2": [issue], "u3": [{"message": "Timed out after waiting 30000ms"}],
               "u4": [{"message": "Protocol error (Target.closeTarget): No target with given id found"}]}
    row = pa11y_summary(results, 4, 2.0, 2)
    assert row["pages_per_second"] == 2.0 and row["audited_per_second"] == 1.0
    assert row["pages_failed"] == 2 and row["pages_with_issues"] == 1
    assert row["first_error"].startswith("Timed out")


def test_memory_sampler_sums_the_whole_process_tree():
    """The cheap walk of the children lists finds the same processes as a scan of /proc."""
    import time

    from bench.run import _tree_rss, _tree_rss_scan

    code = ("import os, time\n"
            "for i in range(3):\n"
            "    if os.fork() == 0:\n"
            "        data = bytearray(8 << 20)\n"
            "        time.sleep(5); os._exit(0)\n"
            "time.sleep(5)\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        time.sleep(1.0)
        one = _tree_rss(proc.pid)
        assert one == _tree_rss_scan(proc.pid)
        assert one > 3 * (8 << 20)  # the three children's buffers are counted
    finally:
        proc.kill()
        proc.wait()
