#!/usr/bin/env python3
"""Benchmark of the browser audit (not a test).

Pages per second of ``python -m lint.audit`` with 1 and N workers (no cache), with a
warm cache, and axe-only (``--no-elder``, the same work pa11y does), against pa11y-ci
(npm; installed into a temporary prefix, driving Debian's /usr/bin/chromium with
--no-sandbox; its own browser download is skipped) on the same pages, served by the same
127.0.0.1 server. Every run is a fresh process, timed wall-clock, browser start included.

    .venv/bin/python bench/audit_bench.py                       # synthetic corpus
    .venv/bin/python bench/audit_bench.py --out output --pages sample:20
    .venv/bin/python bench/audit_bench.py --html-dir DIR --workers 4 --json bench.json

The synthetic corpus is tests/audit/pages copied ``--copies`` times into column folders.
Note: jiyue's full audit does more per page than pa11y-ci (elderly mode: a click,
measurements, a second color-contrast run, two window resizes); the --no-elder rows are the closer
like-for-like comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lint.audit.pages import discover_html_dir, discover_output  # noqa: E402
from lint.audit.sampling import select  # noqa: E402
from lint.audit.server import StaticServer  # noqa: E402

PA11Y_CI_VERSION = "4.1.1"
CHROMIUM = os.environ.get("JIYUE_CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]


def synthetic_corpus(dst: Path, copies: int) -> Path:
    src = REPO / "tests" / "audit" / "pages"
    for i in range(1, copies + 1):
        shutil.copytree(src, dst / f"c{i}")
    # a home page at the top so --pages home/sample have one
    shutil.copy2(src / "index.html", dst / "index.html")
    for sub in ("css", "js", "img"):
        shutil.copytree(src / sub, dst / sub, dirs_exist_ok=True)
    return dst


def run(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    t = time.monotonic()
    p = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    return time.monotonic() - t, p.returncode, p.stdout + p.stderr


def jiyue(source_args: list[str], pages: str, extra: list[str], report: Path) -> dict:
    cmd = [sys.executable, "-m", "lint.audit", *source_args, "--pages", pages, "--format", "json",
           "--report", str(report), *extra]
    secs, rc, out = run(cmd, env=dict(os.environ, JIYUE_PROGRESS="0"))
    if rc not in (0, 1):
        raise SystemExit(f"audit failed (exit {rc}):\n{out}")
    data = json.loads(report.read_text(encoding="utf-8"))
    n = len(data["pages"])
    return {"pages": n, "seconds": round(secs, 3), "pages_per_second": round(n / secs, 3),
            "audited": data["stats"]["audited"], "cached": data["stats"]["cached"],
            "findings": len(data["findings"]), "axe": data["axe"]["version"]}


def install_pa11y(prefix: Path) -> Path:
    binary = prefix / "node_modules" / ".bin" / "pa11y-ci"
    if binary.exists():
        return binary
    prefix.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1", PUPPETEER_SKIP_CHROMIUM_DOWNLOAD="1")
    p = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix),
                        f"pa11y-ci@{PA11Y_CI_VERSION}"], env=env, capture_output=True, text=True)
    if p.returncode != 0 or not binary.exists():
        raise RuntimeError(f"npm install pa11y-ci failed:\n{p.stdout}\n{p.stderr}")
    return binary


def pa11y(binary: Path, urls: list[str], concurrency: int, workdir: Path) -> dict:
    cfg = {"defaults": {"chromeLaunchConfig": {"executablePath": CHROMIUM, "args": CHROME_ARGS},
                        "runners": ["axe"], "standard": "WCAG2AA", "timeout": 120000,
                        "concurrency": concurrency},
           "urls": urls}
    cfg_file = workdir / f"pa11y-ci-{concurrency}.json"
    cfg_file.write_text(json.dumps(cfg), encoding="utf-8")
    secs, rc, out = run([str(binary), "--config", str(cfg_file), "--json"])
    try:
        data = json.loads(out[out.index("{"):out.rindex("}") + 1])
    except ValueError:
        raise RuntimeError(f"pa11y-ci failed (exit {rc}):\n{out[-3000:]}") from None
    return pa11y_summary(data.get("results", {}), len(urls), secs, rc)


def pa11y_summary(results: dict, n: int, secs: float, rc: int) -> dict:
    """A row from pa11y-ci's ``--json`` results. A page pa11y-ci could not test is listed with an
    "issue" that is only a message (a timeout, or puppeteer's "Protocol error (Target.closeTarget)"
    when pages share a browser): it was not audited, so it does not count towards throughput."""
    failed = {url: issues[0].get("message", "") for url, issues in results.items()
              if issues and any(set(i) <= {"message"} for i in issues)}
    return {"pages": n, "seconds": round(secs, 3), "pages_per_second": round(n / secs, 3),
            "pages_failed": len(failed), "audited_per_second": round((n - len(failed)) / secs, 3),
            "first_error": next(iter(failed.values()), None),
            "pages_with_issues": sum(1 for url, v in results.items() if v and url not in failed), "exit": rc}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--out", help="built output root (all sites)")
    src.add_argument("--html-dir", help="any folder of HTML pages")
    ap.add_argument("--copies", type=int, default=2, help="synthetic corpus: copies of tests/audit/pages (default 2)")
    ap.add_argument("--pages", default="all", help="all | home | sample:N (as the audit)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N for the N-worker rows (default: cores)")
    ap.add_argument("--skip-pa11y", action="store_true")
    ap.add_argument("--pa11y-prefix", default=None, help="reuse a pa11y-ci install (npm prefix)")
    ap.add_argument("--json", default=None, help="write the results here as JSON")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="jiyue-audit-bench-"))
    try:
        if args.out:
            source = ["--out", args.out]
            pages_by_site = select(discover_output(args.out), args.pages)
            mounts = {"/": args.out}
        else:
            root = Path(args.html_dir) if args.html_dir else synthetic_corpus(tmp / "corpus", args.copies)
            source = ["--html-dir", str(root), "--site", "bench"]
            pages_by_site = select(discover_html_dir(root, "bench"), args.pages)
            mounts = {"/bench/": root}
        pages = [p for ps in pages_by_site.values() for p in ps]
        n = args.workers
        print(f"{len(pages)} pages, N = {n} workers, {os.cpu_count()} cores", file=sys.stderr)

        rows: list[tuple[str, dict]] = []
        rep = tmp / "r.json"
        print("jiyue: 1 worker …", file=sys.stderr)
        rows.append(("jiyue audit, 1 worker, no cache",
                     jiyue(source, args.pages, ["--workers", "1", "--no-cache"], rep)))
        print(f"jiyue: {n} workers …", file=sys.stderr)
        cache = tmp / "cache"
        rows.append((f"jiyue audit, {n} workers, cold cache",
                     jiyue(source, args.pages, ["--workers", str(n), "--cache-dir", str(cache)], rep)))
        print("jiyue: warm cache …", file=sys.stderr)
        rows.append(("jiyue audit, warm cache",
                     jiyue(source, args.pages, ["--workers", str(n), "--cache-dir", str(cache)], rep)))
        print("jiyue: --no-elder …", file=sys.stderr)
        rows.append(("jiyue, no elderly mode (--no-elder), 1 worker",
                     jiyue(source, args.pages, ["--workers", "1", "--no-cache", "--no-elder"], rep)))
        rows.append((f"jiyue, no elderly mode (--no-elder), {n} workers",
                     jiyue(source, args.pages, ["--workers", str(n), "--no-cache", "--no-elder"], rep)))

        pa11y_note = None
        if not args.skip_pa11y:
            try:
                print("pa11y-ci: installing (npm) …", file=sys.stderr)
                binary = install_pa11y(Path(args.pa11y_prefix) if args.pa11y_prefix else tmp / "pa11y")
                with StaticServer(mounts) as srv:
                    urls = [srv.url(p.url_path) for p in pages]
                    print("pa11y-ci: concurrency 1 …", file=sys.stderr)
                    rows.append(("pa11y-ci (axe runner), concurrency 1", pa11y(binary, urls, 1, tmp)))
                    print(f"pa11y-ci: concurrency {n} …", file=sys.stderr)
                    rows.append((f"pa11y-ci (axe runner), concurrency {n}", pa11y(binary, urls, n, tmp)))
            except Exception as exc:  # report, do not hide the rest
                pa11y_note = f"pa11y-ci not measured: {exc}".splitlines()[0]
                print(pa11y_note, file=sys.stderr)

        base = next((r for name, r in rows if name.startswith("pa11y-ci") and "concurrency 1" in name), None)
        print()
        print(f"{'run':<48} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'vs pa11y-ci c=1':>16}")
        print("-" * 89)
        for name, r in rows:
            ratio = f"{r['pages_per_second'] / base['pages_per_second']:.2f}×" if base else "-"
            print(f"{name:<48} {r['pages']:>5} {r['seconds']:>8.2f} {r['pages_per_second']:>8.2f} {ratio:>16}")
            if r.get("pages_failed"):
                print(f"    {r['pages_failed']} pages not tested by pa11y-ci ({r['first_error'][:70]}); "
                      f"{r['audited_per_second']:.2f} tested pages/s")
        one = rows[0][1]["pages_per_second"]
        print(f"\nN workers vs 1: {rows[1][1]['pages_per_second'] / one:.2f}×; "
              f"warm cache vs 1 worker: {rows[2][1]['pages_per_second'] / one:.1f}×")
        if pa11y_note:
            print(pa11y_note)
        result = {"pages": len(pages), "workers": n, "cores": os.cpu_count(),
                  "rows": [dict(r, name=name) for name, r in rows], "pa11y_ci_version": PA11Y_CI_VERSION,
                  "note": pa11y_note}
        if args.json:
            Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
            print(f"JSON: {args.json}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
