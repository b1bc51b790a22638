"""The multi-site build: every site of the platform, checked, then published atomically.

1. load every site.toml (all problems at once) and scan every article header
   (the platform index): any problem stops here, before anything is written;
2. build each site with its own Pelican run into a staging folder, sites in
   parallel where cores allow;
3. run the lint gate over the staged output: an error-severity finding stops here;
4. swap each staged site in (jiyue.publish); a failure at any step leaves the
   published ``output/`` byte-for-byte as it was.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jiyue import cachefile, publish
from jiyue.platform_index import build_index, pinned
from jiyue.problems import ConfigError, Problem
from jiyue.siteconfig import Platform, load_platform

ROOT = Path(__file__).resolve().parent.parent
PELICANCONF = ROOT / "pelicanconf.py"
HASH_MEMO = "sha256-by-identity-1"  # the key of the manifest's digest memo (publish.hash_tree)


@dataclass
class BuildResult:
    code: int  # 0 ok, 1 failed (input or gate), 2 usage
    sites: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    findings: list = field(default_factory=list)
    report: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)  # sites built by Pelican this time (incremental builds)
    stats: dict = field(default_factory=dict)  # mode, reason, pages rendered / linked (jiyue.incremental)


def check_date(platform: Platform, today: str | date | None) -> date:
    """The check date (监测时间点): --today, else platform.toml [lint] today, else today."""
    if isinstance(today, date):
        return today
    value = today or platform.config.section("lint").get("today")
    if value:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ConfigError([Problem(str(platform.config.path or "--today"), "检查日期格式不正确",
                                       key="today", value=value, expected="YYYY-MM-DD")]) from None
    return date.today()


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def build_site(job: dict) -> dict:
    """Run Pelican for one site (in a worker process). Returns messages, never raises."""
    sys.path.insert(0, str(ROOT))
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    console.quiet = True  # our own summary replaces Pelican's "Done: Processed …"
    _atomic_cache_saves()

    collector = _Collector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    logging.getLogger("pelican").setLevel(logging.WARNING)
    started = time.perf_counter()
    try:
        settings = read_settings(str(PELICANCONF), override={
            "PATH": job["path"],
            "OUTPUT_PATH": job["output"],
            "SITENAME": job["name"],
            "GOV_SRC": job["src"],
            "GOV_SITE_ID": job["site"],
            "GOV_INDEX_FILE": job["index"],
            "GOV_TODAY": job["today"],
            "GOV_META_DIR": job["meta"],
            "GOV_PUBLISHED_DIR": job["published"],
            # Pelican's content cache (reader level: plugins still run on every build) spares
            # the Markdown parsing of unchanged articles; the incremental plan says which
            # article pages need no rendering at all (plugins/gov_incremental).
            **({"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": bool(job.get("load_cache")),
                "CACHE_PATH": job["cache"], "GZIP_CACHE": False, "CHECK_MODIFIED_METHOD": "sha256"}
               if job.get("cache") else {}),
            "GOV_INCREMENTAL": job.get("incremental") or "",
        })
        pelican = Pelican(settings)
        pelican.run()
        n_articles = _count_content(Path(job["meta"]) / "pages.json")
        from jiyue import incremental

        stats = dict(incremental.STATS)
        listings = dict(incremental.LISTINGS)
    except OSError as exc:
        return {"site": job["site"], "ok": False, "messages": [f"站点 {job['site']} 构建失败：{describe_os_error(exc)}"],
                "seconds": time.perf_counter() - started}
    except Exception as exc:  # a Pelican failure on valid input is our bug: report it plainly
        import traceback
        return {"site": job["site"], "ok": False,
                "messages": [f"站点 {job['site']} 构建失败：{exc.__class__.__name__}: {exc}"],
                "trace": traceback.format_exc(), "seconds": time.perf_counter() - started}
    finally:
        root_logger.removeHandler(collector)
    errors = [r for r in collector.records if r.levelno >= logging.ERROR]
    warnings = [r for r in collector.records if r.levelno == logging.WARNING]
    return {"site": job["site"], "ok": not errors, "pages": n_articles, "stats": stats, "listings": listings,
            "messages": [f"站点 {job['site']}：{r.getMessage()}" for r in errors + warnings],
            "seconds": time.perf_counter() - started}


def build(src: str | Path = "site_src", out: str | Path = "output", *, site: str | None = None,
          lint: bool = True, today: str | date | None = None, jobs: int | None = None,
          lint_options: dict | None = None, log=None, full: bool = False) -> BuildResult:
    """Build (and gate, and publish) the platform. Never raises for user mistakes.

    Incremental by default when a previous build was published (jiyue.incremental): only
    the sites and article pages that depend on what changed are rebuilt and re-linted;
    ``full=True`` (``--full``) forces a clean build of every selected site."""
    log = log or (lambda msg: print(msg, file=sys.stderr))
    src, out = Path(src), Path(out)
    t0 = time.perf_counter()
    try:
        with publish.lock(out), _long_lived_data():
            for note in publish.recover(out):
                log(note)
            return _build_locked(src, out, site, lint, today, jobs, lint_options or {}, log, t0, full)
    except publish.PublishLocked:
        log(f"另一个构建正在发布到 {out}，请稍后再试")
        return BuildResult(2)
    except OSError as exc:
        log(f"构建失败：{describe_os_error(exc)}。已发布的 output/ 保持不变。")
        return BuildResult(1)


@contextmanager
def _long_lived_data():
    """The index, the plan and the caches live for the whole build: they are frozen out of the
    garbage collector (gc.freeze) once loaded, so that its passes over the many objects the
    build creates meanwhile do not visit them again and again. Unfrozen at the end, and cache
    files loaded ahead but not used are let go."""
    try:
        yield
    finally:
        gc.unfreeze()
        cachefile.drop_prefetched()


def _build_locked(src, out, only, lint, today, jobs, lint_options, log, t0, full=False) -> BuildResult:
    from jiyue import incremental

    timings = {}
    try:
        platform = load_platform(src, only=only)
        check = check_date(platform, today)
        index = build_index(platform, check, sites=[only] if only else None,
                            cache=incremental.cache_dir(out) / "index", reuse=not full)
    except ConfigError as exc:
        return _fail(log, exc.problems, "配置错误，未写入任何文件：")
    if index.problems:
        return _fail(log, index.problems, "内容错误，未写入任何文件：")
    timings["index"] = time.perf_counter() - t0
    selected = [only] if only else sorted(platform.sites)
    plan = incremental.plan(platform, index, out, selected, check, full=full,
                            options={"lint": bool(lint), **{k: v for k, v in lint_options.items() if k != "jobs"}})
    timings["plan"] = plan.seconds
    gc.freeze()  # see _long_lived_data
    stats = {"mode": "full" if plan.full else "incremental", "reason": plan.reason,
             "sites_rebuilt": list(plan.build), "dirty": {k: len(v) for k, v in plan.dirty.items()},
             "clean": {k: len(v) for k, v in plan.clean.items()}, "pages_rendered": 0, "pages_linked": 0,
             "pages_lists_rendered": 0, "pages_lists_linked": 0}
    log(plan.summary())
    if not plan.build:
        try:
            incremental.save_state(out, plan.state)
        except OSError:
            pass
        timings["total"] = time.perf_counter() - t0
        log(f"没有变化：已发布的 {out}/ 就是最新版本，用时 {timings['total']:.1f} 秒")
        return BuildResult(0, selected, timings=timings, rebuilt=[], stats=stats)
    built = list(plan.build)
    staging = publish.new_staging(out)
    try:
        index_file = staging / publish.META / "platform-index.json"  # written meanwhile
        jobs_list = [{
            "site": sid, "name": platform.sites[sid].name, "path": str(platform.sites[sid].path.resolve()),
            "src": str(src.resolve()), "output": str((staging / sid).resolve()),
            "meta": str((staging / publish.META / sid).resolve()), "index": str(index_file.resolve()),
            "today": check.isoformat(), "published": str((out / sid).resolve()),
            "cache": str(incremental.pelican_cache(out, sid)), "load_cache": plan.load_cache,
            "incremental": _site_plan(incremental, out, sid, plan),
            "articles": sum(1 for r in index.records if r.site == sid),
        } for sid in built]
        _prime(index_file, index)

        def meanwhile():
            """The parent's share while the sites build (they have the index in memory, see
            _prime): the index file, the unchanged part of the tree joins the staging tree, the
            lint gate loads its rules and caches."""
            index_file.parent.mkdir(parents=True, exist_ok=True)
            index_file.write_text(index.to_json(), encoding="utf-8")
            publish.link_others(staging, out, built)
            if lint:
                from lint.gate import prepare

                prepare(None if plan.full else incremental.cache_dir(out) / "lint", built)

        results = _run_jobs(jobs_list, jobs, meanwhile)
        gc.freeze()  # with the rules and caches the gate loaded meanwhile
        for r in results:
            for key in ("rendered", "linked", "lists_rendered", "lists_linked"):
                stats[f"pages_{key}"] += r.get("stats", {}).get(key, 0)
            if r["ok"]:
                plan.state["sites"][r["site"]]["listings"] = r.get("listings", {})
        timings["pelican"] = time.perf_counter() - t0 - timings["index"] - timings["plan"]
        failed = [r for r in results if not r["ok"]]
        for r in results:
            for m in r["messages"]:
                log(m)
        if failed:
            for r in failed:
                if r.get("trace") and os.environ.get("JIYUE_DEBUG"):
                    log(r["trace"])
            log("构建失败，已发布的 output/ 保持不变。")
            return BuildResult(1, selected, timings=timings, rebuilt=built, stats=stats)
        result = BuildResult(0, selected, timings=timings, rebuilt=built, stats=stats)
        # The rest of the published tree (other sites: already linked meanwhile; archive
        # snapshots) joins the staging tree now, so the gate also checks the snapshots of the
        # rebuilt sites (ARC001).
        publish.assemble(staging, out, built)
        if lint:
            from lint.gate import run_gate

            from lint.api import page_cache

            # page-rule results of unchanged pages are reused (lint.api.PageCache); the gate
            # checks against the index the sites were built from
            with page_cache(incremental.cache_dir(out) / "lint", reuse=not plan.full), \
                    pinned(platform, index, check, [only] if only else None):
                gate = run_gate(platform, staging, built, check, src=src, published=staging, options=lint_options)
            timings["lint"] = time.perf_counter() - t0 - timings["index"] - timings["plan"] - timings["pelican"]
            result.findings, result.report = gate.findings, gate.report
            if gate.failed:
                log(gate.report)
                log("合规检查未通过（存在错误级问题），未发布；已发布的 output/ 保持不变。")
                result.code = 1
                return result
            if gate.report.strip():
                log(gate.report)
        try:
            for sid in built:
                # the digests of unchanged (hard-linked) files are remembered between builds
                memo_file = incremental.cache_dir(out) / "hashes" / f"{sid}.pickle"
                memo = cachefile.read(memo_file, HASH_MEMO)
                memo = memo if isinstance(memo, dict) else {}
                publish.write_json(staging / publish.META / sid / "manifest.json",
                                   {"site": sid, "files": publish.hash_tree(staging / sid, memo=memo)})
                cachefile.write(memo_file, HASH_MEMO, memo)
            # The state names the staging directory, which the swap makes the published one:
            # if the swap never happens, the next build sees a stale state and builds fully.
            try:
                incremental.save_state(out, plan.state, tree=staging)
            except OSError:
                incremental.forget_state(out)
            publish.swap_in(staging, out)
        except OSError as exc:
            incremental.forget_state(out)
            log(f"发布失败：{describe_os_error(exc)}。已发布的 output/ 保持不变。")
            result.code = 1
            return result
        timings["total"] = time.perf_counter() - t0
        pages = sum(r.get("pages", 0) for r in results)
        log(f"已发布 {len(built)} 个站点（{pages} 篇文章）到 {out}/，用时 {timings['total']:.1f} 秒")
        return result
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _site_plan(incremental, out: Path, sid: str, plan) -> str:
    """What the gov_incremental plugin may link instead of rendering (nothing in a full build),
    and the article views its listing keys are made of."""
    path = incremental.cache_dir(out) / "plans" / f"{sid}.json"
    site = plan.state["sites"][sid]
    incremental.write_site_plan(path, (out / sid).resolve(), [] if plan.full else plan.clean.get(sid, []),
                                site["views"], {} if plan.full else site.get("listings", {}))
    return str(path)


def _prime(index_file: Path, index) -> None:
    """Load Pelican and the platform index once here: worker processes forked afterwards
    inherit both instead of importing and parsing them again for every site."""
    sys.path.insert(0, str(ROOT))
    import pelican  # noqa: F401
    import pelican.settings  # noqa: F401
    from jiyue import context

    context.remember_index(index_file, index)


def _run_jobs(jobs_list: list[dict], jobs: int | None, meanwhile=None) -> list[dict]:
    """Build the sites (in worker processes when there are several); ``meanwhile()`` runs in
    this process while they build."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_list)))
    if workers == 1:
        results = [build_site(j) for j in jobs_list]
        if meanwhile is not None:
            meanwhile()
        return results
    # Larger sites first so the pool stays busy.
    jobs_list = sorted(jobs_list, key=lambda j: -(j["articles"] if "articles" in j else _count_md(Path(j["path"]))))
    from jiyue.forking import forked_pool

    # One fresh worker per site (maxtasksperchild=1): a worker's memory is one site's, not the
    # sum of every site it built before (Python keeps what it once allocated).
    with forked_pool(workers, maxtasksperchild=1) as pool:
        pending = pool.map_async(build_site, jobs_list, chunksize=1)
        if meanwhile is not None:
            meanwhile()
        return pending.get()


def _atomic_cache_saves() -> None:
    """Pelican writes its content cache in place: a build killed meanwhile would leave a
    truncated pickle that makes every later run fail. Write a temporary file and rename it."""
    import pickle

    from pelican import cache

    if getattr(cache.FileDataCacher.save_cache, "_jiyue_atomic", False):
        return

    def save_cache(self):
        if not self._cache_data_policy:
            return
        tmp = f"{self._cache_path}.{os.getpid()}.tmp"
        try:
            os.makedirs(self.settings["CACHE_PATH"], exist_ok=True)
            with self._cache_open(tmp, "wb") as fhandle:
                pickle.dump(self._cache, fhandle)
            os.replace(tmp, self._cache_path)
        except (OSError, pickle.PicklingError, TypeError) as err:
            logging.getLogger("pelican.cache").info("Could not save cache %s: %s", self._cache_path, err)
            try:
                os.unlink(tmp)
            except OSError:
                pass

    save_cache._jiyue_atomic = True
    cache.FileDataCacher.save_cache = save_cache
    _no_idle_file_stamps(cache)


def _no_idle_file_stamps(cache) -> None:
    """Pelican hashes a source file (CHECK_MODIFIED_METHOD) also for a cache that holds nothing
    and keeps nothing — its generator-level cache, unused here (CONTENT_CACHING_LAYER
    "reader") —, twice per article and run. Skip the stamp when it cannot matter."""
    stamped = cache.FileStampDataCacher
    get_cached_data, cache_data = stamped.get_cached_data, stamped.cache_data

    def get_if_cached(self, filename, default=None):
        if not self._cache:  # nothing loaded: the answer is the default whatever the stamp
            return default
        return get_cached_data(self, filename, default)

    def cache_if_kept(self, filename, data):
        if self._cache_data_policy:  # else nothing is kept: no stamp needed
            cache_data(self, filename, data)

    stamped.get_cached_data = get_if_cached
    stamped.cache_data = cache_if_kept


def describe_os_error(exc: OSError) -> str:
    import errno

    reasons = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有写入权限",
               errno.EROFS: "文件系统只读", errno.EFBIG: "文件超过系统允许的大小"}
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return f"{reason}（{exc.filename}）" if exc.filename else reason


def _count_content(manifest: Path) -> int:
    import json

    try:
        pages = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError):
        return 0
    return sum(1 for p in pages.values() if p.get("type") == "content")


def _count_md(path: Path) -> int:
    return sum(1 for _ in path.rglob("*.md"))


def _fail(log, problems: list[Problem], title: str) -> BuildResult:
    log(title)
    for p in problems:
        log("  " + p.format())
    log(f"共 {len(problems)} 个问题。已发布的 output/ 保持不变。")
    return BuildResult(1, problems=problems)


def main(argv: list[str] | None = None) -> int:
    from jiyue.argparse_zh import INTERRUPTED_EXIT, ChineseArgumentParser

    parser = ChineseArgumentParser(prog="python -m jiyue.build", description="构建集约化平台的全部站点")
    parser.add_argument("--src", default="site_src", metavar="DIR", help="站点源目录（默认 site_src）")
    parser.add_argument("--out", default="output", metavar="DIR", help="输出目录（默认 output）")
    parser.add_argument("--site", default=None, metavar="ID", help="只构建这个站点（默认全部站点）")
    parser.add_argument("--today", default=None, help="检查日期（监测时间点）YYYY-MM-DD")
    parser.add_argument("--no-lint", action="store_true", help="跳过合规检查关口")
    parser.add_argument("--jobs", type=int, default=None, help="并行构建的站点数（默认：CPU 核数）")
    parser.add_argument("--full", action="store_true", help="完整构建（不做增量构建）")
    args = parser.parse_args(argv)
    try:
        return build(args.src, args.out, site=args.site, lint=not args.no_lint, today=args.today, jobs=args.jobs,
                     full=args.full).code
    except KeyboardInterrupt:
        print("已中断（发布是原子操作：output/ 不会停在半成品状态）", file=sys.stderr)
        return INTERRUPTED_EXIT


def _exit(code: int) -> None:
    """End the command without the interpreter's teardown: a build leaves a large heap (the
    index, the caches, the lint results) that a final collection and the freeing of every
    object would take a quarter of a second to undo. Everything is written and closed by
    now; the log is flushed here."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit(main())
