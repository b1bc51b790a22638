"""No regular expression of the linter or the platform backtracks catastrophically (issue 9 part 3).

Every pattern of ``lint/`` and ``jiyue/`` is collected twice over:

* compiled patterns reachable from module globals (and tuples/lists/dicts of them, and class
  attributes) after importing every module of both packages;
* every literal pattern handed to ``re.compile/search/match/fullmatch/finditer/findall/sub/subn/
  split`` anywhere in the source (found with ``ast``, so patterns built inside functions count too;
  an f-string or concatenation gets a placeholder for its dynamic parts, module string constants
  are filled in).

Each pattern then runs (``finditer`` to the end, and ``fullmatch``) over adversarial 100 KB strings
— long digit runs, digits with separators, ``"1" * 100000 + "x"``, repeated ``<a ``, unclosed
comments and scripts, alternating CJK/ASCII, ``*`` masks, whitespace runs … — in a forked worker,
with a budget of 0.5 s per pattern and string. An offender is named (module global or
file:line) in the assertion message, with the string that trips it and the time it took.

The PII detectors (``lint.pii.scan``) and the expression dictionary (CNT006) are run on the same
strings directly, and every registered page rule is timed on pages made of them.
"""

from __future__ import annotations

import ast
import functools
import importlib
import multiprocessing
import pkgutil
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lint", "jiyue")
SIZE = 100_000
BUDGET = 0.5  # seconds per pattern and 100 KB string
KILL_AFTER = 2.0  # a worker still busy after this long is stopped and the pattern reported
MAX_STOPPED = 2  # a pattern stopped this often is not run on the remaining strings
SEARCHING = {"search", "finditer", "findall", "sub", "subn", "split"}  # try every start position
RE_FUNCS = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2, "sub": 4, "subn": 4,
            "split": 3}  # position of the positional ``flags`` argument


def _fill(unit: str, tail: str = "") -> str:
    return (unit * (SIZE // max(1, len(unit)) + 1))[:SIZE - len(tail)] + tail


ADVERSARIAL: dict[str, str] = {
    "1*100000+x": "1" * SIZE + "x",
    "digits": _fill("1"),
    "digits then X": _fill("1", "X"),
    "digits-space groups": _fill("6222 "),
    "digits-dash groups": _fill("138-"),
    "phone groups": _fill("+86 138-0013-8000 "),
    "id-like runs": _fill("3299001990010112345"),
    "card groups": _fill("6222 0212 3456 7890 "),
    "digits+dots": _fill("1."),
    "date-like": _fill("2026-11-2"),
    "date-like CJK": _fill("2026年11月2"),
    "* masks": _fill("3299**********123X"),
    "stars": _fill("*"),
    "mobile masks": _fill("138****"),
    "repeated <a ": _fill("<a "),
    "repeated <a href=": _fill('<a href="'),
    "unclosed comments": _fill("<!--"),
    "unclosed scripts": _fill("<script "),
    "unclosed styles": _fill("<style>"),
    "unclosed css comments": _fill("/* a "),
    "repeated <": _fill("<"),
    "repeated </": _fill("</"),
    "repeated tag soup": _fill("<p><meta name=x content=1></td>"),
    "repeated quotes": _fill("=\"'"),
    "CJK/ASCII": _fill("中a"),
    "CJK/digit": _fill("号1"),
    "doc numbers": _fill("江政发〔2026〕"),
    "brackets": _fill("〔（[《"),
    "spaces then x": _fill(" ", "x"),
    "= then spaces": "a=" + _fill(" ", "x")[2:],
    ", then spaces": "," + _fill(" ", "x")[1:],
    "= then quote then spaces": 'a="' + _fill(" ", "x")[3:],
    "repeated = ": _fill("= "),
    "newlines then x": _fill("\n", "x"),
    "tabs": _fill("\t"),
    "ideographic spaces": _fill("\u3000", "x"),
    "colons": _fill("：:"),
    "label codes": _fill("标识码："),
    "icp": _fill("苏ICP备 1"),
    "police": _fill("苏公网安备 1"),
    "jiucuo": _fill("jiucuo.html?site_code="),
    "urls": _fill("https://a/"),
    "entities": _fill("&amp;#"),
    "letters": _fill("a"),
    "letters dashes": _fill("a-"),
    "letters dots": _fill("a."),
    "emails": _fill("a@b"),
    "dashes": _fill("-"),
    "backslashes": _fill("\\"),
    "validity": _fill("本文件效力状态"),
    "law phrase": _fill("根据有关法律法规"),
    "form titles": _fill("《申请"),
    "focus css": _fill(":focus:not("),
    "headers": _fill("Title: "),
}


# ---------------------------------------------------------------------------------------------
# collecting the patterns

@dataclass(frozen=True)
class Found:
    name: str  # module.GLOBAL or path:line
    pattern: re.Pattern
    modes: frozenset = frozenset({"search"})  # how the code applies it: search-like, match, fullmatch


def _sources():
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)


def _usages() -> dict[str, set[str]]:
    """Which ``re.Pattern`` methods the code calls on each name (``X.match(``, ``pii.ID_RE.finditer(``)."""
    used: dict[str, set[str]] = {}
    for _rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr in SEARCHING | {"match", "fullmatch"}):
                base = node.func.value
                name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None
                if name and name != "re":
                    used.setdefault(name, set()).add(node.func.attr)
    return used


def _module_names(mod) -> set[str]:
    """Names a module assigns itself (so an imported pattern is credited to the module defining it)."""
    path = getattr(mod, "__file__", None)
    if not path:
        return set(vars(mod))
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}


IMPORT_ERRORS: list[str] = []


def _modules() -> list:
    mods = []
    for pkg_name in PACKAGES:
        pkg = importlib.import_module(pkg_name)
        mods.append(pkg)
        for info in pkgutil.walk_packages(pkg.__path__, pkg_name + ".", onerror=lambda name: None):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue  # runs a command line on import
            try:
                mods.append(importlib.import_module(info.name))
            except Exception as exc:  # noqa: BLE001 - its literal patterns are still tested
                IMPORT_ERRORS.append(f"{info.name}: {exc.__class__.__name__}: {exc}")
    return mods


def _patterns_in(value, depth=0):
    if isinstance(value, re.Pattern):
        yield "", value
    elif depth < 2 and isinstance(value, (tuple, list, set, frozenset)):
        for i, v in enumerate(value):
            for suffix, p in _patterns_in(v, depth + 1):
                yield f"[{i}]{suffix}", p
    elif depth < 2 and isinstance(value, dict):
        for k, v in value.items():
            for suffix, p in _patterns_in(v, depth + 1):
                yield f"[{k!r}]{suffix}", p


def global_patterns() -> list[Found]:
    used = _usages()

    def modes(name: str, suffix: str) -> frozenset:
        methods = used.get(name, set())
        if suffix or not methods or methods & SEARCHING:
            return frozenset({"search"})  # in a container, passed around, or searched: every position
        return frozenset(methods)

    found = []
    for mod in _modules():
        own = _module_names(mod)
        for name, value in sorted(vars(mod).items()):
            if isinstance(value, type) and value.__module__ == mod.__name__:
                for attr, v in sorted(vars(value).items()):
                    for suffix, p in _patterns_in(v):
                        found.append(Found(f"{mod.__name__}.{name}.{attr}{suffix}", p, modes(attr, suffix)))
                continue
            if name not in own:
                continue  # imported from the module that defines it
            for suffix, p in _patterns_in(value):
                found.append(Found(f"{mod.__name__}.{name}{suffix}", p, modes(name, suffix)))
    return found


PLACEHOLDER = "a"


def _render(node, consts: dict, inner: bool = False) -> str | bytes | None:
    """The text of a pattern expression; dynamic parts of an f-string or a concatenation become a
    placeholder (a whole dynamic expression is not a pattern we can know: None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(v.value)
            elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and isinstance(
                    consts.get(v.value.id), str):
                parts.append(consts[v.value.id])
            else:
                parts.append(PLACEHOLDER)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _render(node.left, consts, True), _render(node.right, consts, True)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        return None
    if isinstance(node, ast.Name) and isinstance(consts.get(node.id), (str, bytes)):
        return consts[node.id]
    return PLACEHOLDER if inner else None


def _flags(node) -> int:
    if node is None:
        return 0
    try:
        return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))  # noqa: S307 - re.X only
    except Exception:  # noqa: BLE001 - a flags variable: test without flags
        return 0


def literal_patterns() -> list[Found]:
    found = []
    for rel, tree in _sources():
        consts = {}
        for stmt in tree.body:  # module-level string constants (LABEL = r"...")
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                value = _render(stmt.value, consts)
                if isinstance(value, str):
                    consts[stmt.targets[0].id] = value
        # NAME = re.compile(...) at module level is a global: collected with the methods the code calls on it
        module_level = {id(stmt.value) for stmt in tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))}
        scopes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for scope in scopes:
            local = dict(consts)  # a pattern built in a variable first (pattern = r"..." + ...)
            for node in ast.walk(scope):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    value = _render(node.value, local)
                    if isinstance(value, (str, bytes)):
                        local[node.targets[0].id] = value
            for node in ast.walk(scope):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                        and node.func.attr in RE_FUNCS and node.args) or id(node) in module_level:
                    continue
                text = _render(node.args[0], local)
                if text is None:
                    continue
                flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
                if flag_node is None and len(node.args) > RE_FUNCS[node.func.attr]:
                    flag_node = node.args[RE_FUNCS[node.func.attr]]
                try:
                    pattern = re.compile(text, _flags(flag_node))
                except re.error:
                    continue  # a placeholder made it invalid: the compiled form is caught as a global
                mode = node.func.attr if node.func.attr in ("match", "fullmatch") else "search"
                found.append(Found(f"{rel}:{node.lineno} re.{node.func.attr}", pattern, frozenset({mode})))
    return found


@functools.cache
def all_patterns() -> list[Found]:
    seen: dict[tuple, Found] = {}
    for f in global_patterns() + literal_patterns():
        key = (f.pattern.pattern, f.pattern.flags)
        if key in seen:  # one pattern, several uses: test the union of the ways it is applied
            seen[key] = Found(seen[key].name, seen[key].pattern, seen[key].modes | f.modes)
        else:
            seen[key] = f
    return list(seen.values())


# ---------------------------------------------------------------------------------------------
# timing in a forked worker (a catastrophic pattern cannot be interrupted in-process)

_JOBS: list = []


def _worker(conn, start: int) -> None:
    for i in range(start, len(_JOBS)):
        t0 = time.perf_counter()
        try:
            _JOBS[i]()
            error = None
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            error = f"{exc.__class__.__name__}: {exc}"[:300]
        conn.send((i, time.perf_counter() - t0, error))
    conn.send(None)
    conn.close()


def run_timed(jobs: list, kill_after: float = KILL_AFTER, groups: list | None = None,
              max_stopped: int = MAX_STOPPED) -> list[tuple[float | None, str | None]]:
    """Run each callable once in a forked child: [(seconds or None if stopped, error)] in order.
    Jobs of a group (one pattern) stopped ``max_stopped`` times are skipped from then on."""
    _JOBS[:] = jobs
    groups = groups or list(range(len(jobs)))
    stopped: dict = {}
    results: list[tuple[float | None, str | None]] = [(None, "not run")] * len(jobs)
    ctx = multiprocessing.get_context("fork")
    start = 0
    while True:
        while start < len(jobs) and stopped.get(groups[start], 0) >= max_stopped:
            results[start] = (0.0, None)  # already reported for this pattern
            start += 1
        if start >= len(jobs):
            break
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(child, start), daemon=True)
        proc.start()
        child.close()
        nxt = len(jobs)
        while True:
            if not parent.poll(kill_after):
                proc.kill()
                proc.join()
                results[start] = (None, f"still running after {kill_after:.0f} s (stopped)")
                stopped[groups[start]] = stopped.get(groups[start], 0) + 1
                nxt = start + 1
                break
            try:
                msg = parent.recv()
            except EOFError:
                proc.join()
                results[start] = (None, f"worker died (exit code {proc.exitcode})")
                nxt = start + 1
                break
            if msg is None:
                proc.join()
                break
            i, seconds, error = msg
            results[i] = (seconds, error)
            start = i + 1
        parent.close()
        start = max(start, nxt)
    _JOBS.clear()
    return results


def _exercise(found: Found, text):
    pattern, modes = found.pattern, found.modes

    def job():
        if "search" in modes:  # search, finditer, findall, sub, split: every start position
            for _ in pattern.finditer(text):
                pass
        if "match" in modes:
            pattern.match(text)
        if "fullmatch" in modes:
            pattern.fullmatch(text)
    return job


# ---------------------------------------------------------------------------------------------
# tests

def test_patterns_are_collected():
    patterns = all_patterns()
    assert not IMPORT_ERRORS, "modules that cannot be imported (their globals are not tested):\n" + "\n".join(
        IMPORT_ERRORS)
    names = " ".join(f.name for f in patterns)
    for expected in ("lint.pii.ID_RE", "lint.pii.MOBILE_RE", "lint.pii.CARD_RE", "lint.rules.gov.JIUCUO_CURRENT_RE",
                     "jiyue.siteconfig.GOV_HOST_RE", "jiyue.metadata.HEADER_LINE_RE"):
        assert expected in names, expected
    assert any(":" in f.name for f in patterns), "literal patterns inside functions are collected too"
    assert len(patterns) > 80, len(patterns)


def _offenders(found: list[Found]) -> list[str]:
    jobs, labels, groups = [], [], []
    for k, f in enumerate(found):
        for label, text in ADVERSARIAL.items():
            subject = text.encode("utf-8")[:SIZE] if isinstance(f.pattern.pattern, bytes) else text
            jobs.append(_exercise(f, subject))
            labels.append((f, label))
            groups.append(k)
    results = run_timed(jobs, groups=groups)
    bad = []
    for (f, label), (seconds, error) in zip(labels, results):
        if seconds is None or seconds > BUDGET:
            took = f"{seconds:.2f} s" if seconds is not None else error
            how = "/".join(sorted(f.modes))
            bad.append(f"{f.name}  /{f.pattern.pattern[:120]}/ ({how})  on {label!r} (100 KB): {took}")
        elif error:
            bad.append(f"{f.name} raised on {label!r}: {error}")
    return bad


@pytest.mark.parametrize("package", PACKAGES)
def test_no_pattern_backtracks_catastrophically(package):
    found = [f for f in all_patterns() if f.name.startswith(package + ".") or f.name.startswith(package + "/")]
    assert found
    bad = _offenders(found)
    assert not bad, (f"{len(bad)} regex runs over the budget of {BUDGET} s per 100 KB (super-linear backtracking):\n"
                     + "\n".join(bad))


def test_pii_scan_is_linear_on_adversarial_text():
    from lint import pii

    jobs = [lambda t=text: pii.scan(t, today=date(2026, 11, 24)) for text in ADVERSARIAL.values()]
    results = run_timed(jobs)
    bad = [f"pii.scan on {label!r}: {seconds if seconds is None else round(seconds, 2)} s {error or ''}"
           for label, (seconds, error) in zip(ADVERSARIAL, results) if seconds is None or seconds > BUDGET or error]
    assert not bad, "\n".join(bad)


def test_expression_dictionary_is_linear_on_adversarial_text():
    """CNT006's dictionary (Aho–Corasick over the shipped expressions.txt) on the same strings."""
    content = pytest.importorskip("lint.rules.content")
    if not all(hasattr(content, n) for n in ("Dictionary", "parse_expressions", "DEFAULT_EXPRESSIONS")):
        pytest.skip("lint.rules.content has no expression dictionary API (CNT006 is covered by the rule test)")
    entries, _removals = content.parse_expressions(Path(content.DEFAULT_EXPRESSIONS).read_text(encoding="utf-8"))
    dictionary = content.Dictionary(entries)
    terms = [e.term for e in entries[:20]]
    texts = dict(ADVERSARIAL)
    texts["dictionary terms"] = _fill("".join(terms))
    texts["dictionary prefixes"] = _fill("".join(t[:-1] for t in terms if len(t) > 1))
    jobs = [lambda t=text: dictionary.find(t) for text in texts.values()]
    results = run_timed(jobs)
    bad = [f"Dictionary.find on {label!r}: {seconds if seconds is None else round(seconds, 2)} s {error or ''}"
           for label, (seconds, error) in zip(texts, results) if seconds is None or seconds > BUDGET or error]
    assert not bad, "\n".join(bad)


# --- every registered page rule on adversarial pages ---------------------------------------------

RULE_BUDGET = 2.0  # seconds per rule on one ~100 KB adversarial page
PAGE_STRINGS = ["1*100000+x", "digits-space groups", "phone groups", "id-like runs", "* masks", "repeated <a ",
                "unclosed comments", "unclosed scripts", "unclosed styles", "unclosed css comments", "CJK/ASCII", "doc numbers",
                "spaces then x", "colons", "label codes", "icp", "police", "jiucuo", "urls", "validity", "law phrase",
                "form titles", "focus css", "emails"]


def adversarial_page(s: str) -> str:
    """A content page of the theme's markup with ``s`` (about 100 KB in all) in the places rules read:
    page tags, title, h1, body text, a table cell, a link, an image alt, inline CSS, the footer."""
    part = s[: SIZE // 8]
    esc = part.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc}</title>
<meta name="SiteName" content="江南市人民政府"><meta name="SiteDomain" content="www.jiangnan.gov.cn">
<meta name="SiteIDCode" content="3299000001"><meta name="ColumnName" content="{esc}">
<meta name="ColumnDescription" content="x"><meta name="ColumnKeywords" content="x"><meta name="ColumnType" content="政策文件">
<meta name="ArticleTitle" content="{esc}"><meta name="PubDate" content="{esc}"><meta name="ContentSource" content="x">
<style>a:focus{{outline:none}} {part.replace("</", "")}</style>
</head><body>
<a class="skip-link" href="#main-content">跳到主要内容</a>
<header><a class="site-name" href="../index.html">江南市人民政府</a>
<button type="button" class="elder-toggle" data-elder-toggle aria-pressed="false">关怀版</button></header>
<main id="main-content"><article><h1>{esc}</h1>
<div class="article-meta"><time datetime="{esc}">{esc}</time></div>
<div class="article-body"><p>{esc}</p><p>{part}</p>
<table><tr><th>事项名称</th><td>{esc}</td></tr><tr><th>办理材料</th><td>{esc}</td></tr></table>
<p><a href="{esc}">{esc}</a> <img src="x.png" alt="{esc}"></p></div></article></main>
<footer class="site-footer"><span data-gov="site_code">网站标识码：{esc}</span> {part}</footer>
</body></html>"""


def test_every_page_rule_is_fast_on_adversarial_pages(tmp_path):
    from jiyue.siteconfig import load_site
    from lint import registry
    from lint.config import LintConfig
    from lint.page import Page
    from lint.runner import Context, Target

    site = load_site(ROOT / "tests" / "lint" / "fixtures" / "jiangnan")
    rules = [r for r in registry.load_all().values() if r.check is not None and r.scope == "page"]
    assert rules
    target = Target(site_id=site.id, site=site, out_dir=tmp_path, manifest={})
    ctx = Context(today=date(2026, 11, 24), config=LintConfig(), target=target,
                  files={site.id: {"zcwj/a.html"}}, roots={site.id: tmp_path})
    (tmp_path / "zcwj").mkdir()
    jobs, labels = [], []
    for label in PAGE_STRINGS:
        html = adversarial_page(ADVERSARIAL[label])
        state: dict = {}

        def parse(html=html, state=state):
            state["page"] = Page(html, "zcwj/a.html", type="content", site=site, column="zcwj")
        jobs.append(parse)
        labels.append(("parse", label))
        for r in rules:
            def check(r=r, state=state, parse=parse):
                if "page" not in state:  # a fresh worker after a stopped one
                    parse()
                for h in r.check(state["page"], ctx) or ():
                    h.line  # noqa: B018 - the hit is complete (its line was located)
            jobs.append(check)
            labels.append((r.id, label))
    results = run_timed(jobs, kill_after=max(KILL_AFTER, 4 * RULE_BUDGET))
    bad = []
    for (rid, label), (seconds, error) in zip(labels, results):
        if seconds is None or seconds > RULE_BUDGET:
            bad.append(f"{rid} on a page of {label!r}: {f'{seconds:.2f} s' if seconds is not None else error}")
        elif error:
            bad.append(f"{rid} raised on a page of {label!r}: {error}")
    assert not bad, f"page rules over {RULE_BUDGET} s (or crashing) on ~100 KB adversarial pages:\n" + "\n".join(bad)
